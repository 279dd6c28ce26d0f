"""Stored tallies of closed waves: the same figures as counting the answers, and never stale."""

import pytest

from surveys import retention, tallies
from surveys.models import Response, TalliedWave, WaveTally
from surveys.results import results_for, wave_results
from tests.factories import SchoolFactory
from tests.surveys.results_data import add_respondents, add_responses, make_wave, row

pytestmark = pytest.mark.django_db


def two_closed_waves():
    first, second = make_wave(SchoolFactory()), make_wave(SchoolFactory())
    add_respondents(first, 6, "onderbouw", E01="taker", TD1=4, TD2=2)
    add_responses(second, [row("bovenbouw", E01="giver", TD1=value, TD2=3) for value in (1, 2, 3, 4, 5, 5)])
    return first, second


def test_several_closed_waves_read_stored_tallies_with_the_figures_of_live_counting():
    first, second = two_closed_waves()
    live = [wave_results([first]), wave_results([second])]  # one wave: counted live

    together = wave_results([first, second])

    assert TalliedWave.objects.filter(wave__in=[first, second]).count() == 2
    assert WaveTally.objects.filter(wave=first).exists()
    assert together["n"] == live[0]["n"] + live[1]["n"]
    stored = tallies.tallies([first, second], by_wave=True, by_department=False)
    assert stored[(first.pk, None)].scales["tijdsdruk"].n == 6
    assert stored[(second.pk, None)].scales["tijdsdruk"].mean == pytest.approx(
        next(r["mean"] for r in live[1]["scales"] if r["code"] == "tijdsdruk"))


def test_identical_scores_give_an_sd_of_exactly_zero_from_the_sums():
    first, second = two_closed_waves()

    stored = tallies.tallies([first, second], by_wave=True, by_department=False)

    assert stored[(first.pk, None)].scales["tijdsdruk"].sd == 0.0
    assert stored[(first.pk, None)].scales["tijdsdruk"].mean == 4.0  # TD1 4 and TD2 reverse-coded 6 - 2


def test_responses_added_after_counting_are_counted_on_the_next_read():
    first, second = two_closed_waves()
    wave_results([first, second])

    add_respondents(first, 4, "onderbouw", E01="giver", TD1=1, TD2=5)  # as an import adds them
    Response.objects.create(wave=second, department="bovenbouw")  # and as anything else would

    assert wave_results([first, second])["n"] == 6 + 4 + 6 + 1
    energy = results_for([first, second]).data["energy"]
    assert next(r for r in energy if r["code"] == "E01")["n"] == 16


def test_an_open_wave_is_always_counted_live():
    first, _second = two_closed_waves()
    open_wave = make_wave(SchoolFactory(), closed=False)
    add_respondents(open_wave, 5, E01="neutral")

    wave_results([first, open_wave])

    assert not TalliedWave.objects.filter(wave=open_wave).exists()


def test_retention_deletes_the_stored_tallies_with_the_raw_answers():
    first, second = two_closed_waves()
    wave_results([first, second])

    retention.delete_raw_answers(first)

    assert not WaveTally.objects.filter(wave=first).exists()
    assert not TalliedWave.objects.filter(wave=first).exists()
    assert retention.results_of(first)["n"] == 6


def test_stored_respondents_count_waves_never_tallied():
    first, second = two_closed_waves()

    assert tallies.stored_respondents([first, second]) == {first.pk: 6, second.pk: 6}
