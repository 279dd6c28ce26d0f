"""Step 5 from the database: the comparison, across cycles, the trend, the measures, hard figures, the page."""

import html
import re
from collections import Counter

import pytest
from django.urls import reverse
from scipy import stats

from evaluation import compare_cycles, hard_figures, measures
from evaluation.difference_chart import difference_chart
from evaluation.models import HardFigures
from evaluation.trend import school_trend
from surveys import instruments, measure_questions, scoring
from surveys.models import Response
from tests.evaluation.evaluation_data import answered_wave, fill_wave
from tests.factories import CycleFactory
from tests.surveys.results_data import add_respondents, make_wave

pytestmark = pytest.mark.django_db

TAKER = 3


def independent_scale_scores(answers: list[dict[str, int]], scale: str) -> list[float]:
    """Scale scores computed in Python from the generated answers, not by the SQL of results.py."""
    specs = scoring.items_by_scale(instruments.instrument(instruments.current_version().pk).definition)[scale]
    return scoring.scale_scores(answers, specs)


def takers_and_others(answers: list[dict[str, int]], code: str) -> list[int]:
    counts = Counter(row[code] for row in answers if code in row)
    return [counts[TAKER], sum(counts.values()) - counts[TAKER]]


@pytest.fixture
def cycle(school):
    return school.project.current_cycle


@pytest.fixture
def compared(cycle):
    before = answered_wave(cycle, "voormeting", 24, seed=11)
    after = answered_wave(cycle, "nameting", 21, seed=12, lift=0.5, taker_share=0.3)
    return before, after


def test_every_scale_p_value_equals_scipy_welch_to_four_decimals(compared, cycle):
    before, after = compared
    result = compare_cycles.compare_cycle(cycle)

    assert len(result.comparison.scales) == 28
    for row in result.comparison.scales:
        expected = stats.ttest_ind(
            independent_scale_scores(after.answers, row.code),
            independent_scale_scores(before.answers, row.code),
            equal_var=False,
        )
        assert row.p == pytest.approx(expected.pvalue, abs=5e-5), row.code
        assert (row.ci_low, row.ci_high) == pytest.approx(tuple(expected.confidence_interval(0.95)), abs=5e-5)


def test_every_energy_theme_p_value_equals_scipy_fisher_to_four_decimals(compared, cycle):
    before, after = compared
    result = compare_cycles.compare_cycle(cycle)

    assert len(result.comparison.energy) == 14
    for row in result.comparison.energy:
        table = [takers_and_others(before.answers, row.code), takers_and_others(after.answers, row.code)]
        assert row.p == pytest.approx(stats.fisher_exact(table).pvalue, abs=5e-5), row.code
        assert row.baseline.n == sum(table[0])


def test_labels_and_direction_come_from_the_instrument(compared, cycle):
    result = compare_cycles.compare_cycle(cycle)
    rows = {row.code: row for row in result.comparison.scales}
    themes = {row.code: row for row in result.comparison.energy}

    assert rows["ervaren_werkdruk"].label == "Ervaren werkdruk"
    assert rows["ervaren_werkdruk"].higher_is == "worse"
    assert rows["tevredenheid"].higher_is == "better"
    assert themes["E03"].label == "Tijdsdruk, piekbelasting"
    assert [group["label"] for group in result.scale_groups()][:2] == [
        "Taakeisen: werkinhoud", "Taakeisen: werkcontext"]


def test_a_wave_under_five_respondents_withholds_the_comparison_but_gives_the_counts(cycle):
    answered_wave(cycle, "voormeting", 12, seed=1)
    answered_wave(cycle, "nameting", 4, seed=2)

    result = compare_cycles.compare_cycle(cycle)

    assert result.withheld
    assert result.to_dict() == {"withheld": True, "baseline": {"n": 12}, "followup": {"n": 4}}


def test_a_theme_nobody_answered_is_shown_as_untested(cycle):
    answered_wave(cycle, "voormeting", 10, seed=1, skip=("E07",))
    answered_wave(cycle, "nameting", 10, seed=2, skip=("E07",))

    theme = next(row for row in compare_cycles.compare_cycle(cycle).comparison.energy if row.code == "E07")

    assert (theme.baseline.n, theme.followup.n, theme.p, theme.q) == (0, 0, None, None)
    assert theme.reading.startswith("geen aantoonbaar verschil — te weinig antwoorden")


def test_identical_answers_in_both_waves_read_as_no_difference(cycle):
    for kind in ("voormeting", "nameting"):
        add_respondents(make_wave(kind=kind, cycle=cycle), 6, TD1=3, TD2=3)

    row = next(row for row in compare_cycles.compare_cycle(cycle).comparison.scales if row.code == "tijdsdruk")

    assert (row.diff, row.p, row.significant) == (0.0, 1.0, False)
    assert row.reading == "geen verschil — iedereen gaf in beide metingen hetzelfde antwoord"


def test_an_open_nameting_is_not_compared_yet(cycle):
    answered_wave(cycle, "voormeting", 10, seed=1)
    answered_wave(cycle, "nameting", 10, seed=2, closed=False)

    assert compare_cycles.compare_cycle(cycle) is None
    assert "De nameting loopt nog" in compare_cycles.waiting_for(cycle)


def test_the_next_cycles_voormeting_is_compared_with_the_previous_nameting(compared, cycle):
    second = CycleFactory(project=cycle.project, number=2)
    answered_wave(second, "voormeting", 15, seed=13)

    result = compare_cycles.compare_with_previous_cycle(second)

    assert result.baseline == compared[1]
    assert (result.baseline_label, result.followup_label) == ("Nameting cyclus 1", "Voormeting cyclus 2")
    assert compare_cycles.compare_with_previous_cycle(cycle) is None


def test_trend_shows_every_closed_wave_in_order_and_dashes_for_a_small_wave(compared, cycle, school):
    second = CycleFactory(project=cycle.project, number=2)
    add_respondents(make_wave(kind="voormeting", cycle=second), 3, TD1=2)

    trend = school_trend(school)

    assert trend.labels == ["Voormeting cyclus 1", "Nameting cyclus 1", "Voormeting cyclus 2"]
    workload = next(row for row in trend.rows if row["code"] == "ervaren_werkdruk")
    assert workload["means"][2] is None and workload["means"][0] is not None
    assert len(trend.charts) == 6  # the outcomes and the step-5 soft factors
    assert trend.satisfied[2] is None


def test_satisfaction_chart_has_benchmark_voormeting_and_nameting(compared, cycle):
    before, after = compared
    chart = compare_cycles.satisfaction_chart(None, before, after)

    assert [row["name"] for row in chart["rows"]] == ["Benchmark", "Voormeting", "Nameting"]
    expected = scoring.satisfied_pct(independent_scale_scores(after.answers, "tevredenheid"))
    assert chart["rows"][2]["pct"] == pytest.approx(expected)
    assert chart["rows"][0]["pct"] is None
    assert "Tevredenheid met werk — % (zeer) tevreden" in chart["svg"]


# --- Closing the loop ------------------------------------------------------------------------


def test_measure_results_give_counts_from_five_and_percentages_only_from_ten_answers(cycle):
    wave = make_wave(kind="nameting", cycle=cycle)
    measure_questions.set_wave_questions(
        wave, [{"code": "M1", "text": "Takenmarkt"}, {"code": "M2", "text": "Nakijken"},
               {"code": "M3", "text": "Rooster"}])
    for value in [1, 1, 1, 2, 3, 3, 4, 1, 1, 2, 1]:
        response = Response.objects.create(wave=wave)
        measure_questions.save_extra_answers(
            response, {"M1": value, "M2": 1 if value == 3 else None, "M3": value if value in (1, 4) else None})

    takenmarkt, nakijken, rooster = measures.measure_results(wave)

    assert (takenmarkt.n, takenmarkt.dont_know) == (10, 1)
    assert takenmarkt.pct == pytest.approx({"yes": 60, "a_little": 20, "no": 20})
    assert nakijken.n == 2 and not nakijken.shown and nakijken.dont_know is None
    # Seven who answered, one of them "weet ik niet": counts and intervals, no percentages.
    assert (rooster.n, rooster.dont_know, rooster.shown, rooster.pct) == (6, 1, True, None)
    assert [(answer.key, answer.count, answer.pct) for answer in rooster.answers] == [
        ("yes", 6, None), ("a_little", 0, None), ("no", 0, None)]


def test_measure_intervals_are_wilson_intervals_as_statsmodels_computes_them(cycle):
    from statsmodels.stats.proportion import proportion_confint

    wave = make_wave(kind="nameting", cycle=cycle)
    measure_questions.set_wave_questions(wave, [{"code": "M1", "text": "Takenmarkt"}])
    for value in [1] * 7 + [2] * 4 + [3] * 2:
        measure_questions.save_extra_answers(Response.objects.create(wave=wave), {"M1": value})

    (takenmarkt,) = measures.measure_results(wave)

    for answer, count in zip(takenmarkt.answers, (7, 4, 2), strict=True):
        low, high = proportion_confint(count, 13, alpha=0.05, method="wilson")
        assert (answer.count, answer.low, answer.high) == (count, pytest.approx(100 * low), pytest.approx(100 * high))


def test_questions_asked_before_weet_ik_niet_was_stored_show_it_as_unknown(cycle):
    wave = make_wave(kind="nameting", cycle=cycle)
    measure_questions.set_wave_questions(wave, [{"code": "M1", "text": "Takenmarkt"}])
    wave.extra_questions.update(records_dont_know=False)
    for value in [1, 1, 2, 3, 3, 1]:
        measure_questions.save_extra_answers(Response.objects.create(wave=wave), {"M1": value})

    (takenmarkt,) = measures.measure_results(wave)

    assert takenmarkt.shown and takenmarkt.dont_know is None and not takenmarkt.dont_know_recorded


# --- Hard figures and the page --------------------------------------------------------------


def test_hard_figures_are_shown_before_and_after(cycle):
    HardFigures.objects.create(cycle=cycle, moment="voor", absence_pct="6.40", absence_frequency="1.30")
    HardFigures.objects.create(cycle=cycle, moment="na", absence_pct="5.10")

    percentage, frequency = hard_figures.hard_figure_rows(cycle)

    assert (str(percentage.before), str(percentage.after), str(percentage.change)) == ("6.40", "5.10", "-1.30")
    assert frequency.after is None and frequency.change is None


def test_project_leader_sees_the_comparison_with_its_readings(as_user, alice, compared, school):
    response = as_user(alice).get(reverse("evaluation:evaluation", kwargs={"school": school.slug}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Voormeting cyclus 1: 24 respondenten, Nameting cyclus 1: 21." in page
    assert "geen aantoonbaar verschil" in page and "8 op 10 kans bij" in page
    assert "zou met deze aantallen in ongeveer 8 van de 10 gevallen opvallen" in page
    assert "Tevredenheid met werk — % (zeer) tevreden" in page
    assert 'action="/scholen/de-linde/rapport/"' in page


def test_the_page_opens_with_the_summary_then_the_chart_then_the_folded_tables(as_user, alice, compared, school):
    page = as_user(alice).get(reverse("evaluation:evaluation", kwargs={"school": school.slug})).content.decode()

    summary, chart, tables = (page.index(marker) for marker in (
        'id="samenvatting"', 'class="chart chart--differences"', 'class="table comparison-table"'))
    assert summary < chart < tables
    assert "<details" in page[chart:tables] and "</details>" not in page[chart:tables]
    assert "Meegedaan: 24 collega's aan de voormeting" in html.unescape(page[summary:chart])
    assert "geen vergelijkingsgroep" in page[summary:chart]
    assert "Hielpen de maatregelen?" not in page and "Wat collega's zeggen over de maatregelen" in html.unescape(page)


def test_no_words_on_the_page_claim_more_than_aantoonbaar(as_user, alice, compared, school, cycle):
    page = as_user(alice).get(reverse("evaluation:evaluation", kwargs={"school": school.slug})).content.decode()
    changed = [row for row in compare_cycles.compare_cycle(cycle).improved]

    assert changed, "the data must hold a detectable change, or the words are not tried"
    assert "aantoonbaar verbeterd" in page
    assert "duidelijk verbeterd" not in page and "duidelijk verslechterd" not in page


def test_the_difference_chart_has_a_whisker_per_scale_coloured_by_meaning(compared, cycle):
    comparison = compare_cycles.compare_cycle(cycle)
    svg = difference_chart(comparison)
    rows = re.findall(r'<g class="chart-row chart-row--(\w+)"><title>([^<]*)</title>.*?</g>', svg)

    assert len(rows) == len(comparison.comparison.scales) == svg.count('class="chart-whisker"')
    meaning = {html.unescape(title).split(" (")[0]: kind for kind, title in rows}
    for row in comparison.comparison.scales:
        expected = "none" if not row.significant else "better" if row.improved else "worse"
        assert meaning[row.label] == expected, row.label
    assert "better" in meaning.values()


def test_teacher_sees_the_evaluation_only_once_both_waves_are_published(as_user, bob, compared, school):
    url = reverse("evaluation:evaluation", kwargs={"school": school.slug})
    assert as_user(bob).get(url).status_code == 403

    for wave in compared:
        wave.publish()
    response = as_user(bob).get(url)

    assert response.status_code == 200
    assert "Rapport maken" not in response.content.decode()


def test_outsider_gets_404(as_user, charlie, school):
    assert as_user(charlie).get(reverse("evaluation:evaluation", kwargs={"school": school.slug})).status_code == 404


def test_an_unknown_cycle_is_404(as_user, alice, school):
    url = reverse("evaluation:evaluation", kwargs={"school": school.slug})
    assert as_user(alice).get(url + "?cyclus=7").status_code == 404
    assert as_user(alice).get(url + "?cyclus=x").status_code == 404


def test_project_leader_enters_hard_figures(as_user, alice, school, cycle):
    url = reverse("evaluation:hard_figures", kwargs={"school": school.slug})
    response = as_user(alice).post(url, {"cyclus": 1, "moment": "voor", "voor-absence_pct": "6,4",
                                         "voor-absence_frequency": "1,3", "voor-period": "2025-2026"})

    assert response.status_code == 302
    figures = HardFigures.objects.get(cycle=cycle, moment="voor")
    assert (str(figures.absence_pct), figures.period) == ("6.40", "2025-2026")


def test_hard_figures_out_of_range_get_a_dutch_error_and_change_nothing(as_user, alice, school):
    url = reverse("evaluation:hard_figures", kwargs={"school": school.slug})
    response = as_user(alice).post(url, {"cyclus": 1, "moment": "na", "na-absence_pct": "140"})

    assert response.status_code == 200
    assert "Zorg ervoor dat deze waarde hoogstens 100 is." in response.content.decode()
    assert not HardFigures.objects.exists()


def test_school_leader_may_not_enter_hard_figures(as_user, sam, school):
    url = reverse("evaluation:hard_figures", kwargs={"school": school.slug})
    response = as_user(sam).post(url, {"cyclus": 1, "moment": "na", "na-absence_pct": "5"})

    assert response.status_code == 403
    assert not HardFigures.objects.exists()


def test_the_page_runs_as_many_queries_for_many_respondents_as_for_few(as_user, alice, compared, school):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(alice)
    url = reverse("evaluation:evaluation", kwargs={"school": school.slug})

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    queries()  # the first request also fills per-process caches (the instrument)
    few = queries()
    for wave in compared:
        fill_wave(wave, 30, seed=wave.pk)
    queries()  # the closed waves' stored tallies are counted again once, now that their answers changed
    assert queries() == few


def test_the_comparison_survives_the_deletion_of_raw_answers(compared, cycle):
    from surveys import retention

    before = compare_cycles.compare_cycle(cycle).to_dict()
    for wave in compared:
        retention.delete_raw_answers(wave)
    after = compare_cycles.compare_cycle(cycle).to_dict()

    assert not Response.objects.filter(wave__cycle=cycle).exists()
    for row_before, row_after in zip(before["scales"], after["scales"], strict=True):
        assert row_after["baseline"] == pytest.approx(row_before["baseline"], rel=1e-9)
        assert (row_after["p"], row_after["q"]) == pytest.approx((row_before["p"], row_before["q"]), rel=1e-9)
    assert [row["p"] for row in after["energy"]] == pytest.approx([row["p"] for row in before["energy"]], rel=1e-9)
