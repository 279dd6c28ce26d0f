"""The anonymity rule's decision stored with each wave's tallies: a figure over many waves is a
filtered sum in the database, and it adds exactly what deciding each wave afresh (in Python,
`anonymity.wave_shows` on its counts) lets it add."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys import results
from surveys.models import WaveTally
from surveys.tallies import Tally
from tests.factories import SchoolFactory
from tests.surveys.results_data import add_responses, make_wave, row

pytestmark = pytest.mark.django_db

DEPARTMENTS = ["", "onderbouw", "middenbouw", "bovenbouw", "directie"]


def random_wave(rng: random.Random):
    """A school of 3–25 respondents spread unevenly over departments, some leaving questions open."""
    wave = make_wave(SchoolFactory())
    rows = []
    for _ in range(rng.randint(3, 25)):
        answers = {}
        if rng.random() < 0.8:
            answers["E01"] = rng.choice(["giver", "neutral", "taker"])
        if rng.random() < 0.6:
            answers["E02"] = rng.choice(["giver", "taker"])
        if rng.random() < 0.7:
            answers |= {"TD1": rng.randint(1, 5), "TD2": rng.randint(1, 5)}
        rows.append(row(rng.choice(DEPARTMENTS), **answers))
    add_responses(wave, rows)
    return wave


def decided_afresh(waves) -> tuple[Tally, dict[str, Tally]]:
    """Each wave's shown cells decided now from its counts, and added up."""
    counts = results.count_each(waves)
    whole, departments = Tally(), {}
    for wave in waves:
        if not results.anonymity.may_show_total(counts.census.n(wave)):
            continue
        shown_whole, shown_departments = results._shown_parts(
            wave, counts.census.counts[wave.pk], counts.departments[wave.pk])
        whole += shown_whole
        for department, tally in shown_departments.items():
            departments.setdefault(department, Tally())
            departments[department] += tally
    return whole, departments


def figures(tally: Tally) -> dict:
    return ({code: dict(counts) for code, counts in tally.energy.items() if sum(counts.values())},
            {code: (s.n, round(s.total, 9), s.unfavourable) for code, s in tally.scales.items() if s.n})


@pytest.mark.parametrize("seed", range(6))
def test_the_stored_decisions_sum_to_what_deciding_each_wave_afresh_gives(seed):
    rng = random.Random(seed)
    waves = [random_wave(rng) for _ in range(6)]

    counted = results.census(waves)
    results.tallies.refresh(waves, counted)
    summed_whole, summed_departments = results.tallies.shown_sums(
        [w for w in waves if results.anonymity.may_show_total(counted.n(w))], counted)
    whole, departments = decided_afresh(waves)

    assert figures(summed_whole) == figures(whole)
    assert {d: figures(t) for d, t in summed_departments.items() if figures(t) != ({}, {})} == {
        d: figures(t) for d, t in departments.items() if figures(t) != ({}, {})}


def test_a_cell_hidden_in_one_school_is_flagged_and_left_out_of_the_whole():
    shown, hidden = make_wave(SchoolFactory()), make_wave(SchoolFactory())
    add_responses(shown, [row("onderbouw", E01="taker", E02="giver") for _ in range(6)])
    # Only 3 of 6 answered E02: the school shows no E02 cell, so the board's E02 leaves it out.
    add_responses(hidden, [row("bovenbouw", E01="giver", E02="giver") for _ in range(3)]
                  + [row("bovenbouw", E01="giver") for _ in range(3)])

    data = results.wave_results([shown, hidden])

    e02 = next(r for r in data["energy"] if r["code"] == "E02")
    assert e02["n"] == 6
    assert not WaveTally.objects.filter(wave=hidden, code="E02", shown_whole=True).exists()
    assert WaveTally.objects.filter(wave=hidden, code="E01", shown_whole=True).exists()


def queries_of_a_second_read(waves) -> int:
    results.wave_results(waves)  # stores every wave's tallies and decisions once
    with CaptureQueriesContext(connection) as read:
        results.wave_results(waves)
    return len(read.captured_queries)


def test_a_figure_over_many_waves_takes_as_few_queries_as_over_two():
    rng = random.Random(3)
    few = queries_of_a_second_read([random_wave(rng) for _ in range(2)])
    many = queries_of_a_second_read([random_wave(rng) for _ in range(9)])

    assert many == few <= 12  # PostgreSQL adds its SET LOCAL work_mem per sum
