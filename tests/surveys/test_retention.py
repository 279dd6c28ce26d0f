"""Retention: raw answers go a set time after the cycle closed; aggregates that meet the anonymity rule stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys import retention
from surveys.models import Answer, Draft, Invitation, Response, WaveAggregate
from surveys.results import wave_results
from surveys.tasks import delete_expired_answers
from tests.surveys.results_data import add_respondents, make_wave

TODAY = timezone.localdate()


@pytest.fixture
def closed_cycle(school):
    cycle = school.project.current_cycle
    cycle.closed_on = TODAY - timedelta(days=365)
    cycle.save()
    return cycle


@pytest.fixture
def wave(closed_cycle):
    wave = make_wave(cycle=closed_cycle, closed=False)
    add_respondents(wave, 6, "bovenbouw", E01="taker", TD1=5, TD2=1)
    add_respondents(wave, 5, "onderbouw", E01="giver", TD1=2, TD2=4)
    add_respondents(wave, 2, "directie", E01="neutral", TD1=3, TD2=3)  # too few: never shown
    invitation, _token = Invitation.create_for(wave, "bob@school.test")
    Draft.objects.create(invitation=invitation, answers={"E01": 1})
    return wave


def test_raw_answers_go_and_the_aggregate_stays(wave):
    cleared = retention.delete_expired(TODAY)

    assert cleared == 1
    assert not Response.objects.filter(wave=wave).exists()
    assert not Answer.objects.filter(response__wave=wave).exists()
    assert not Invitation.objects.filter(wave=wave).exists() and not Draft.objects.exists()
    kept = WaveAggregate.objects.get(wave=wave).data
    assert kept["n"] == 13
    energy = next(row for row in kept["energy"] if row["code"] == "E01")
    assert energy["taker_pct"] == pytest.approx(100 * 6 / 13)


def test_the_aggregate_is_the_results_of_the_closed_wave_with_the_anonymity_rule(wave):
    wave.close()
    expected = wave_results([wave])
    retention.delete_expired(TODAY)
    kept = retention.kept_results(wave)
    assert kept == expected
    # 6 + 5 + 2: showing the bovenbouw and onderbouw would reveal the directie's 2 by subtraction.
    assert [department["name"] for department in kept["departments"]] == ["bovenbouw"]


def test_small_groups_keep_only_their_count(closed_cycle):
    small = make_wave(cycle=closed_cycle)
    add_respondents(small, 4, "", E01="taker")
    retention.delete_expired(TODAY)
    assert retention.kept_results(small) == {"n": 4, "withheld": True}


def test_nothing_goes_before_the_retention_period_ends(wave, closed_cycle):
    closed_cycle.closed_on = TODAY - timedelta(days=364)
    closed_cycle.save()
    assert retention.delete_expired(TODAY) == 0
    assert Response.objects.filter(wave=wave).count() == 13
    assert not WaveAggregate.objects.exists()


def test_an_open_cycle_keeps_its_answers(school):
    wave = make_wave(cycle=school.project.current_cycle)
    add_respondents(wave, 5, "", E01="taker")
    assert retention.delete_expired(TODAY + timedelta(days=3650)) == 0
    assert Response.objects.filter(wave=wave).count() == 5


def test_the_period_is_a_setting(wave, closed_cycle, settings):
    settings.SURVEY_RETENTION_DAYS = 400
    assert retention.delete_expired(TODAY) == 0
    settings.SURVEY_RETENTION_DAYS = 30
    assert retention.delete_expired(TODAY) == 1


def test_a_second_run_changes_nothing_and_keeps_the_first_aggregate(wave):
    retention.delete_expired(TODAY)
    first = WaveAggregate.objects.get(wave=wave)
    assert retention.delete_expired(TODAY + timedelta(days=1)) == 0
    assert WaveAggregate.objects.get(wave=wave).data == first.data


def test_results_of_reads_the_aggregate_once_the_answers_are_gone(wave):
    wave.close()
    before = retention.results_of(wave)
    retention.delete_expired(TODAY)
    assert retention.results_of(wave) == before


def test_the_task_runs_the_retention(wave):
    assert delete_expired_answers.delay().get() == 1
    assert not Response.objects.filter(wave=wave).exists()


def test_the_beat_schedule_runs_it_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["survey-retention"]
    assert entry["task"] == delete_expired_answers.name
    # A worker imports every app's tasks.py (Celery's autodiscovery); no CELERY_IMPORTS lists other modules.
    assert delete_expired_answers.__module__ == "surveys.tasks"
    assert not hasattr(settings, "CELERY_IMPORTS")


def test_results_page_still_shows_the_kept_aggregate_after_the_raw_answers_are_gone(client, alice, school, wave):
    from django.urls import reverse

    wave.close()
    retention.delete_raw_answers(wave)
    assert not Response.objects.filter(wave=wave).exists()
    client.force_login(alice)
    page = client.get(reverse("surveys:results", kwargs={"school": school.slug}))
    assert page.status_code == 200
    assert "Werken met nieuwe methoden" in page.text
    assert "13" in page.text
