"""The summary that opens the evaluation page and the PDF: its sentences, from plain comparison rows."""

from dataclasses import replace

import pytest

from evaluation.comparison import (
    Comparison,
    EnergySummary,
    GroupSummary,
    compare_energy_summaries,
    compare_scale_summaries,
    judge_together,
)
from evaluation.summary import WaveResponse, caveat, detectable, reading, summarise, verdict


def scale(code: str, before: float, after: float, higher_is: str = "better", n: int = 30, sd: float = 0.5):
    return compare_scale_summaries(GroupSummary(n, before, sd), GroupSummary(n, after, sd), higher_is,
                                   code=code, label=code.capitalize())


def theme(code: str, takers_before: int, takers_after: int, n: int = 30):
    return compare_energy_summaries(EnergySummary(n, takers_before), EnergySummary(n, takers_after),
                                    code=code, label=code.capitalize())


VOOR = WaveResponse("voormeting", 32, invited=37)
NA = WaveResponse("nameting", 30, invited=37)


def test_improvements_are_named_largest_first_with_where_they_came_from():
    comparison = judge_together(
        [scale("steun", 3.0, 3.5), scale("werkdruk", 3.9, 3.0, higher_is="worse"), scale("variatie", 3.5, 3.52)], [])

    points = summarise(comparison, VOOR, NA).points

    assert points[0] == ("Aantoonbaar verbeterd zijn 2 onderdelen: Werkdruk (van 3,9 naar 3,0) en "
                         "Steun (van 3,0 naar 3,5).")
    assert points[1] == "Niets is aantoonbaar verslechterd."
    assert points[2].startswith("Bij 1 ander onderdeel is geen verschil aan te tonen.")


def test_a_rise_of_a_scale_where_higher_is_worse_is_named_as_worse():
    comparison = judge_together([scale("werkdruk", 3.0, 3.8, higher_is="worse")], [theme("ouders", 3, 20)])

    points = summarise(comparison, VOOR, NA).points

    assert points == ["Aantoonbaar verslechterd zijn 2 onderdelen: Werkdruk (van 3,0 naar 3,8) en "
                      "Ouders (energienemers van 10% naar 67%)."]


def test_beyond_four_changes_the_rest_are_counted():
    rows = [scale(f"schaal{i}", 2.0, 3.0 + i / 10) for i in range(6)]

    points = summarise(judge_together(rows, []), VOOR, NA).points

    assert points[0].startswith("Aantoonbaar verbeterd zijn 6 onderdelen: Schaal5 (van 2,0 naar 3,5), ")
    assert points[0].endswith(" en nog 2 andere.")


def test_nothing_detectable_says_so_and_that_it_is_not_the_same_as_nothing_changed():
    comparison = judge_together([scale("steun", 3.0, 3.1), scale("variatie", 3.5, 3.45)], [theme("ouders", 5, 6)])

    points = summarise(comparison, VOOR, NA).points

    assert points == [
        "Niets is aantoonbaar verslechterd.",
        "Bij geen van de 3 onderdelen is een verschil aan te tonen. Dat wil niet zeggen dat daar niets "
        "veranderde: met de aantallen van één school valt alleen een flink verschil op.",
    ]


def test_response_of_both_waves_with_their_share_of_the_invited():
    summary = summarise(judge_together([scale("steun", 3.0, 3.1)], []), VOOR, WaveResponse("nameting", 12))

    assert summary.response == ("Meegedaan: 32 collega's aan de voormeting (86% van de uitgenodigden) "
                                "en 12 aan de nameting.")


def test_the_caveat_says_what_a_before_after_comparison_cannot_show():
    text = caveat()

    assert "niet waardóór" in text
    assert "geen vergelijkingsgroep" in text
    assert "vanzelf" in text  # regression to the mean
    assert "team veranderd" in text and "niet precies dezelfde collega's" in text


def test_primary_outcomes_come_first():
    rows = [scale("ervaren_werkdruk", 3.9, 3.0, higher_is="worse"), scale("uitputting", 2.5, 2.5, higher_is="worse"),
            scale("variatie", 3.5, 3.5)]

    points = summarise(judge_together(rows, []), VOOR, NA).points

    assert points[0] == ("De hoofduitkomsten: ervaren_werkdruk aantoonbaar verbeterd; uitputting geen aantoonbaar "
                         "verschil.")


def test_a_theme_whose_mix_shifted_is_mentioned_though_its_taker_share_did_not_change():
    judged = judge_together([], [theme("vergaderen", 9, 9)])
    moved = Comparison(energy=[replace(judged.energy[0], shifted=True)])

    points = summarise(moved, VOOR, NA).points

    assert points[-1] == ("Bij Vergaderen veranderde wel de verhouding tussen energiegevers, neutraal en "
                          "energienemers.")


@pytest.mark.parametrize(("before", "after", "higher_is", "words"), [
    (3.0, 3.6, "better", "aantoonbaar verbeterd"),
    (3.0, 3.6, "worse", "aantoonbaar verslechterd"),
    (3.0, 3.05, "worse", "geen aantoonbaar verschil"),
])
def test_the_verdict_says_aantoonbaar_never_duidelijk(before, after, higher_is, words):
    row = judge_together([scale("schaal", before, after, higher_is=higher_is)], []).scales[0]

    assert verdict(row) == words
    assert reading(row) == words
    assert "duidelijk" not in reading(row)


def test_beside_no_detectable_difference_the_table_names_what_would_have_shown():
    row = judge_together([scale("schaal", 3.0, 3.05)], []).scales[0]
    changed = judge_together([scale("schaal", 3.0, 3.6)], []).scales[0]

    assert detectable(row) == f"8 op 10 kans bij {row.formatted_mdd()}"
    assert detectable(changed) == ""


def test_everyone_giving_the_same_answer_keeps_its_own_reading():
    row = judge_together([scale("schaal", 3.0, 3.0, sd=0.0)], []).scales[0]

    assert reading(row) == row.reading
    assert detectable(row) == ""
