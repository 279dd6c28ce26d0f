"""Closing the loop: the nameting asks, per measure of the werkplan, whether it reduced workload."""

from django.urls import reverse
from django.utils import timezone

from surveys.evaluation import measure_results
from surveys.models import ExtraAnswer, WaveKind
from surveys.waves import start_wave
from tests.actionplans.factories import MeasureFactory
from tests.surveys.survey_data import answer_everything, invitation, part_url, questionnaire


def nameting_with_measures(school):
    cycle = school.project.current_cycle
    MeasureFactory(cycle=cycle, title="Takenmarkt")
    MeasureFactory(cycle=cycle, title="Vergaderrooster")
    today = timezone.localdate()
    voormeting = start_wave(cycle, WaveKind.VOORMETING, today)
    voormeting.close()
    return start_wave(cycle, WaveKind.NAMETING, today)


def test_a_new_nameting_asks_about_each_measure_of_the_werkplan(client, school):
    wave = nameting_with_measures(school)
    _invitation, token = invitation(wave)
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    last = questionnaire(wave).total
    page = client.get(part_url(last))
    assert "Heeft deze maatregel je werkdruk verminderd?" in page.text
    assert "Takenmarkt" in page.text and "Vergaderrooster" in page.text
    assert "Weet ik niet" in page.text


def test_measure_answers_are_stored_with_the_anonymous_response(client, school):
    wave = nameting_with_measures(school)
    for _number in range(5):
        _invitation, token = invitation(wave)
        answer_everything(client.__class__(), wave, token)
    assert ExtraAnswer.objects.filter(response__wave=wave).count() == 10
    assert measure_results(wave) == []  # an open wave shows no figures
    wave.close()
    results = {row.text: row for row in measure_results(wave)}
    assert results["Takenmarkt"].n == 5 and results["Takenmarkt"].pct["yes"] == 100


def test_weet_ik_niet_stores_no_measure_answer(client, school):
    wave = nameting_with_measures(school)
    _invitation, token = invitation(wave)
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    last = questionnaire(wave).total
    codes = [item["code"] for item in questionnaire(wave).part(last).items]
    client.post(part_url(last), {f"q-{code}": "na" for code in codes} | {"action": "next"})
    client.post(reverse("surveys:review"))
    assert wave.responses.count() == 1
    assert not ExtraAnswer.objects.exists()


def test_a_voormeting_asks_nothing_about_measures(school):
    cycle = school.project.current_cycle
    MeasureFactory(cycle=cycle, title="Takenmarkt")
    wave = start_wave(cycle, WaveKind.VOORMETING, timezone.localdate())
    assert all(item["kind"] != "measure" for part in questionnaire(wave).parts for item in part.items)
