import copy
import statistics

import pytest

from surveys.scoring import (
    INSTRUMENT_DIR,
    ItemSpec,
    energy_distribution,
    items_by_scale,
    iter_items,
    load_instrument_file,
    respondent_scale_score,
    satisfied_pct,
    scale_scores,
    score_item,
    summarise_scale,
    validate_instrument,
)

SEED_ENERGY_THEMES = [
    "Werken met nieuwe methoden",
    "Ouders",
    "Tijdsdruk, piekbelasting",
    "De hoeveelheid administratieve taken",
    "Mijn betrokkenheid bij de leerlingen",
    "Waardering van leerlingen",
]


@pytest.fixture(scope="module")
def instrument():
    return load_instrument_file(INSTRUMENT_DIR / "v1.json")


TWO = [ItemSpec("A1"), ItemSpec("A2", reverse=True)]
THREE = [ItemSpec("B1"), ItemSpec("B2"), ItemSpec("B3", reverse=True)]
FOUR = [ItemSpec("C1"), ItemSpec("C2"), ItemSpec("C3"), ItemSpec("C4", reverse=True)]


def test_reverse_coding_turns_the_scale_round():
    assert [score_item(v, reverse=True) for v in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    assert [score_item(v, reverse=False) for v in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]


def test_answers_outside_one_to_five_are_refused():
    with pytest.raises(ValueError):
        score_item(6, reverse=False)
    with pytest.raises(ValueError):
        score_item(0, reverse=True)


def test_scale_score_is_the_mean_after_reverse_coding():
    assert respondent_scale_score({"A1": 4, "A2": 1}, TWO) == 4.5
    assert respondent_scale_score({"C1": 2, "C2": 3, "C3": 4, "C4": 5}, FOUR) == 2.5


def test_one_of_two_items_is_enough():
    assert respondent_scale_score({"A1": None, "A2": 2}, TWO) == 4
    assert respondent_scale_score({"A1": 3}, TWO) == 3


def test_one_of_three_items_is_not_enough_but_two_are():
    assert respondent_scale_score({"B1": 5}, THREE) is None
    assert respondent_scale_score({"B1": 5, "B2": None, "B3": None}, THREE) is None
    assert respondent_scale_score({"B1": 5, "B3": 2}, THREE) == 4.5


def test_two_of_four_items_are_enough_but_one_is_not():
    assert respondent_scale_score({"C1": 5}, FOUR) is None
    assert respondent_scale_score({"C1": 5, "C4": 5}, FOUR) == 3


def test_no_answers_give_no_score():
    assert respondent_scale_score({}, TWO) is None


def test_scale_scores_skip_respondents_without_a_score():
    respondents = [{"B1": 5}, {"B1": 4, "B2": 2}, {"B1": 1, "B2": 1, "B3": 1}]
    assert scale_scores(respondents, THREE) == [3, pytest.approx(7 / 3)]


def test_summary_of_a_demand_scale_matches_hand_computation():
    summary = summarise_scale([2.0, 3.5, 4.0, 4.5, 1.0], higher_is="worse", threshold=3.5)
    assert summary.n == 5
    assert summary.mean == pytest.approx(3.0)
    # Sample SD: squared deviations 1 + 0.25 + 1 + 2.25 + 4 = 8.5, over n - 1 = 4.
    assert summary.sd == pytest.approx((8.5 / 4) ** 0.5)
    assert summary.unfavourable_pct == pytest.approx(60.0)  # 3.5, 4.0 and 4.5


def test_summary_of_a_resource_scale_counts_low_scores_as_unfavourable():
    summary = summarise_scale([2.5, 3.0, 1.5, 5.0], higher_is="better", threshold=2.5)
    assert summary.mean == pytest.approx(3.0)
    assert summary.sd == pytest.approx(statistics.stdev([2.5, 3.0, 1.5, 5.0]))
    assert summary.unfavourable_pct == pytest.approx(50.0)


def test_summary_of_one_respondent_has_no_sd_and_of_none_has_no_mean():
    one = summarise_scale([4.0], higher_is="worse", threshold=3.5)
    assert (one.n, one.mean, one.sd, one.unfavourable_pct) == (1, 4.0, None, 100.0)
    none = summarise_scale([], higher_is="worse", threshold=3.5)
    assert (none.n, none.mean, none.sd, none.unfavourable_pct) == (0, None, None, None)


def test_energy_percentages_leave_out_niet_van_toepassing():
    summary = energy_distribution(["giver", "taker", None, "taker", "", "neutral", None])
    assert summary.n == 4
    assert summary.giver_pct == 25.0
    assert summary.neutral_pct == 25.0
    assert summary.taker_pct == 50.0


def test_energy_percentages_are_not_rounded():
    summary = energy_distribution(["giver", "taker", "taker"])
    assert summary.giver_pct == pytest.approx(100 / 3)
    assert summary.taker_pct == pytest.approx(200 / 3)


def test_energy_without_answers_has_no_percentages():
    summary = energy_distribution([None, ""])
    assert summary.n == 0
    assert summary.giver_pct is summary.neutral_pct is summary.taker_pct is None


def test_unknown_energy_answer_is_refused():
    with pytest.raises(ValueError):
        energy_distribution(["giver", "sometimes"])


def test_satisfied_counts_scores_of_four_and_more():
    assert satisfied_pct([4.0, 5.0, 3.5, 2.0]) == 50.0
    assert satisfied_pct([]) is None


def test_instrument_file_is_valid(instrument):
    assert validate_instrument(instrument) == []


def test_instrument_starts_with_the_seeds_six_energy_themes(instrument):
    energy = [item for item in iter_items(instrument) if item["kind"] == "energy"]
    assert [item["text"] for item in energy[:6]] == SEED_ENERGY_THEMES
    assert [item["code"] for item in energy] == [f"E{i:02d}" for i in range(1, len(energy) + 1)]
    assert 12 <= len(energy) <= 14
    first_section = instrument["sections"][0]["items"]
    assert all(item["kind"] == "energy" for item in first_section)


def test_instrument_takes_about_ten_minutes(instrument):
    assert 55 <= len(list(iter_items(instrument))) <= 70
    assert 6 <= len(instrument["sections"]) <= 8
    assert all(6 <= len(section["items"]) <= 12 for section in instrument["sections"])


def test_every_scale_has_two_to_four_items_and_some_are_reverse_coded(instrument):
    per_scale = items_by_scale(instrument)
    assert all(2 <= len(items) <= 4 for items in per_scale.values())
    assert any(item.reverse for items in per_scale.values() for item in items)


def test_codes_are_unique(instrument):
    item_codes = [item["code"] for item in iter_items(instrument)]
    scale_codes = [scale["code"] for scale in instrument["scales"]]
    assert len(set(item_codes)) == len(item_codes)
    assert len(set(scale_codes)) == len(scale_codes)
    assert not set(item_codes) & set(scale_codes)


def test_instrument_has_the_groups_and_key_scales_of_the_design(instrument):
    groups = {group["code"] for group in instrument["groups"]}
    assert groups == {
        "taakeisen_werkinhoud", "taakeisen_werkcontext", "regelmogelijkheden",
        "buffers", "uitkomsten", "samen_aan_de_slag",
    }
    scales = {scale["code"]: scale for scale in instrument["scales"]}
    assert {"tijdsdruk", "ervaren_werkdruk", "tevredenheid", "uitputting"} <= scales.keys()
    assert "sociale_steun_leiding" in scales  # the one significant change in the seed
    assert scales["tevredenheid"]["higher_is"] == "better"
    assert scales["tevredenheid"]["anchors"][3:] == ["Tevreden", "Zeer tevreden"]
    assert scales["uitputting"]["higher_is"] == "worse"


def test_validation_reports_duplicate_codes_and_unknown_scales(instrument):
    broken = copy.deepcopy(instrument)
    items = broken["sections"][2]["items"]
    items[1]["code"] = items[0]["code"]
    items[2]["scale"] = "bestaat_niet"
    errors = validate_instrument(broken)
    assert f"De code '{items[0]['code']}' komt meer dan eens voor bij vraag." in errors
    assert any("onbekende schaal 'bestaat_niet'" in error for error in errors)
    assert any("dat moeten er 2 tot 4 zijn" in error for error in errors)


def test_validation_reports_a_missing_field():
    assert validate_instrument({"version": "x"}) != []
    assert validate_instrument([]) == ["Het instrument is geen JSON-object."]
