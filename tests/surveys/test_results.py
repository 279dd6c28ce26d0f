import statistics

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys import results
from surveys.models import Department, WaveKind
from surveys.results import (
    candidate_bottlenecks,
    latest_wave,
    latest_waves,
    satisfied_pct,
    wave_results,
)
from tests.factories import BoardFactory, SchoolFactory
from tests.surveys.results_data import add_respondents, add_responses, make_wave, row

pytestmark = pytest.mark.django_db

# Six respondents. E01 (energy): taker, taker, giver, neutral, taker, n.v.t.
# Tijdsdruk: TD1 as answered, TD2 reverse-coded (6 - value); a score needs half the items.
SIX = [
    row(E01="taker", TD1=5, TD2=1),     # tijdsdruk 5.0
    row(E01="taker", TD1=4, TD2=2),     # 4.0
    row(E01="giver", TD1=3),            # 3.0: one of two items is half
    row(E01="neutral", TD1=2, TD2=5),   # (2 + 1) / 2 = 1.5
    row(E01="taker"),                   # no tijdsdruk score
    row(TD1=4, TD2=3),                  # (4 + 3) / 2 = 3.5
]


def by_code(rows):
    return {r["code"]: r for r in rows}


def test_results_match_hand_computed_values():
    wave = make_wave()
    add_responses(wave, SIX)

    data = wave_results([wave])

    assert data["n"] == 6
    e01 = by_code(data["energy"])["E01"]
    assert e01 == {"code": "E01", "label": "Werken met nieuwe methoden", "n": 5,
                   "giver_pct": pytest.approx(20), "neutral_pct": pytest.approx(20), "taker_pct": pytest.approx(60)}
    tijdsdruk = by_code(data["scales"])["tijdsdruk"]
    assert tijdsdruk["n"] == 5
    assert tijdsdruk["mean"] == pytest.approx(3.4)
    assert tijdsdruk["sd"] == pytest.approx(statistics.stdev([5, 4, 3, 1.5, 3.5]))
    assert tijdsdruk["sd"] == pytest.approx(1.29422, abs=1e-5)
    assert tijdsdruk["unfavourable_pct"] == pytest.approx(60)  # 5, 4 and 3.5 reach 3.5 (higher is worse)


def test_result_shape_has_exactly_the_contract_keys():
    wave = make_wave()
    add_responses(wave, SIX)
    data = wave_results(wave.cycle.waves.all())
    assert set(data) == {"n", "energy", "scales", "departments"}
    assert set(data["energy"][0]) == {"code", "label", "n", "giver_pct", "neutral_pct", "taker_pct"}
    assert set(data["scales"][0]) == {"code", "label", "n", "mean", "sd", "unfavourable_pct"}
    assert [r["code"] for r in data["energy"]][:6] == ["E01", "E02", "E03", "E04", "E05", "E06"]


def test_theme_answered_by_fewer_than_five_keeps_its_count_but_shows_no_figures():
    wave = make_wave()
    add_responses(wave, SIX)
    tijdsdruk_free = by_code(wave_results([wave])["scales"])["hoeveelheid_werk"]
    assert tijdsdruk_free == {"code": "hoeveelheid_werk", "label": "Hoeveelheid werk", "n": 0,
                              "mean": None, "sd": None, "unfavourable_pct": None}
    add_respondents(wave, 3, E02="giver")
    e02 = by_code(wave_results([wave])["energy"])["E02"]
    assert e02["n"] == 3 and e02["giver_pct"] is None


def test_fewer_than_five_respondents_are_withheld():
    wave = make_wave()
    add_responses(wave, SIX[:4])
    assert wave_results([wave]) == {"n": 4, "withheld": True}


def test_department_of_four_is_absent_and_the_others_are_shown():
    wave = make_wave()
    add_respondents(wave, 6, "onderbouw", E03="taker")
    add_respondents(wave, 7, "bovenbouw", E03="giver")
    add_respondents(wave, 4, "directie", E03="taker")
    add_respondents(wave, 1, "", E03="neutral")

    departments = {d["name"]: d for d in wave_results([wave])["departments"]}

    assert set(departments) == {"onderbouw", "bovenbouw"}  # leaves 5 unaccounted for: safe
    assert departments["onderbouw"]["n"] == 6
    assert by_code(departments["onderbouw"]["energy"])["E03"]["taker_pct"] == pytest.approx(100)
    assert by_code(departments["bovenbouw"]["energy"])["E03"]["giver_pct"] == pytest.approx(100)


def test_department_that_subtraction_would_reveal_hides_another_department_too():
    wave = make_wave()
    add_respondents(wave, 8, "onderbouw", E01="giver")
    add_respondents(wave, 9, "bovenbouw", E01="giver")
    add_respondents(wave, 3, "directie", E01="giver")
    assert [d["name"] for d in wave_results([wave])["departments"]] == ["bovenbouw"]


def test_no_figures_at_all_while_the_wave_is_open():
    wave = make_wave(closed=False)
    add_respondents(wave, 6, "onderbouw", E01="giver")
    add_respondents(wave, 6, "bovenbouw", E01="taker")
    report = results.results_for([wave])
    assert report.data == {"n": 12, "open": True}
    assert report.open and report.withheld


def test_board_aggregate_leaves_out_small_schools_and_counts_a_department_only_where_its_school_shows_it():
    board = BoardFactory()
    big = make_wave(SchoolFactory(board=board))
    add_respondents(big, 6, "onderbouw", E01="taker")
    add_respondents(big, 5, "bovenbouw", E01="giver")
    other = make_wave(SchoolFactory(board=board))
    add_respondents(other, 3, "onderbouw", E01="giver")  # hidden at this school: 3
    add_respondents(other, 5, "bovenbouw", E01="giver")
    add_respondents(other, 2, "", E01="giver")  # so bovenbouw is shown at this school
    small = make_wave(SchoolFactory(board=board))
    add_respondents(small, 4, "onderbouw", E01="taker")  # this school is withheld

    report = results.results_for([big, other, small])

    assert report.n == 21
    assert report.left_out == [small]
    assert by_code(report.data["energy"])["E01"]["taker_pct"] == pytest.approx(100 * 6 / 21)
    # onderbouw would be 9, but minus the first school's 6 it would reveal the other school's 3:
    # the other school's onderbouw is hidden at that school, so it does not count here either.
    departments = {d["name"]: d for d in report.data["departments"]}
    assert departments["onderbouw"]["n"] == 6
    assert by_code(departments["onderbouw"]["energy"])["E01"]["n"] == 6
    assert departments["bovenbouw"]["n"] == 10


def test_board_aggregate_below_five_in_total_is_withheld():
    first, second = make_wave(), make_wave()
    add_respondents(first, 3, E01="taker")
    add_respondents(second, 2, E01="taker")
    assert wave_results([first, second]) == {"n": 5, "withheld": True}


def test_latest_waves_takes_each_schools_latest_cycle_with_that_wave():
    board = BoardFactory()
    school = SchoolFactory(board=board)
    first = make_wave(school)
    from tests.factories import CycleFactory

    second_cycle = CycleFactory(project=school.project, number=2)
    second = make_wave(cycle=second_cycle)
    assert latest_waves(board.schools.all(), WaveKind.VOORMETING) == [second]
    assert latest_waves(board.schools.all(), WaveKind.VOORMETING, cycle_number=1) == [first]
    assert latest_waves(board.schools.all(), WaveKind.NAMETING) == []


def test_latest_wave_prefers_the_nameting_of_the_cycle():
    voormeting = make_wave()
    assert latest_wave(voormeting.cycle) == voormeting
    nameting = make_wave(cycle=voormeting.cycle, kind=WaveKind.NAMETING)
    assert latest_wave(voormeting.cycle) == nameting
    assert latest_wave(voormeting.cycle, WaveKind.VOORMETING) == voormeting


def test_satisfied_pct_counts_tevredenheid_scores_of_four_or_more():
    wave = make_wave()
    add_respondents(wave, 3, TV1=5, TV2=4)  # 4.5
    add_respondents(wave, 1, TV1=4, TV2=3)  # 3.5
    add_respondents(wave, 1, TV1=4, TV2=4)  # 4.0
    assert satisfied_pct([wave]) == pytest.approx(80)
    assert satisfied_pct([make_wave()]) is None


def test_candidate_bottlenecks_name_draining_themes_and_unfavourable_scales():
    wave = make_wave()
    add_respondents(wave, 4, E04="taker", E05="giver", TD1=5, TD2=1, SC1=5, SC2=1)
    add_respondents(wave, 2, E04="giver", E05="giver", TD1=4, TD2=2, SC1=4, SC2=2)

    candidates = candidate_bottlenecks(wave)

    assert {(c["source"], c["code"]) for c in candidates} == {("energy", "E04"), ("scale", "tijdsdruk")}
    energy = next(c for c in candidates if c["source"] == "energy")
    assert energy["label"] == "De hoeveelheid administratieve taken"
    assert energy["figure"] == "67% energienemer, 33% energiegever (n = 6)"


def test_candidate_bottlenecks_are_empty_when_results_are_withheld():
    wave = make_wave()
    add_respondents(wave, 4, E04="taker")
    assert candidate_bottlenecks(wave) == []


departments = st.sampled_from([*Department.values, ""])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(departments, st.integers(min_value=0, max_value=12), min_size=1))
def test_no_shown_department_and_no_remainder_lies_between_one_and_four(db, counts):
    wave = make_wave()
    for department, n in counts.items():
        add_respondents(wave, n, department, E01="giver")
    data = wave_results([wave])
    if data.get("withheld"):
        assert data["n"] < 5
        return
    shown = [d["n"] for d in data["departments"]]
    assert all(n >= 5 for n in shown)
    assert data["n"] - sum(shown) == 0 or data["n"] - sum(shown) >= 5
