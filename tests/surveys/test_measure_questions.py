"""Closing the loop: the nameting asks, per measure of the werkplan, whether it reduced workload."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.measures import measure_results
from surveys import measure_questions
from surveys.models import ExtraAnswer, MeasureEffect, Response, WaveKind, WaveQuestion
from surveys.waves import start_wave
from tests.actionplans.factories import MeasureFactory
from tests.surveys.results_data import make_wave
from tests.surveys.survey_data import answer_everything, invitation, part_url, questionnaire


@pytest.fixture
def cycle(school):
    return school.project.current_cycle


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
    assert results["Takenmarkt"].n == 5 and results["Takenmarkt"].answers[0].count == 5
    assert results["Takenmarkt"].pct is None  # percentages from 10 answers


def test_weet_ik_niet_is_stored_as_its_own_answer(client, school):
    wave = nameting_with_measures(school)
    _invitation, token = invitation(wave)
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    last = questionnaire(wave).total
    codes = [item["code"] for item in questionnaire(wave).part(last).items]
    client.post(part_url(last), {f"q-{code}": "na" for code in codes} | {"action": "next"})
    client.post(reverse("surveys:review"))
    assert wave.responses.count() == 1
    assert set(ExtraAnswer.objects.values_list("value", flat=True)) == {MeasureEffect.DONT_KNOW}
    assert ExtraAnswer.objects.count() == len(codes)


def test_a_voormeting_asks_nothing_about_measures(school):
    cycle = school.project.current_cycle
    MeasureFactory(cycle=cycle, title="Takenmarkt")
    wave = start_wave(cycle, WaveKind.VOORMETING, timezone.localdate())
    assert all(item["kind"] != "measure" for part in questionnaire(wave).parts for item in part.items)


def test_wave_questions_are_set_idempotently_and_keep_answered_questions(cycle):
    wave = make_wave(kind="nameting", closed=False, cycle=cycle)
    questions = [{"code": "M1", "text": "Takenmarkt"}, {"code": "M2", "text": "Nakijkbeleid"}]
    measure_questions.set_wave_questions(wave, questions)
    measure_questions.set_wave_questions(wave, questions)
    assert measure_questions.wave_extra_questions(wave) == [
        {"code": "M1", "text": "Takenmarkt"}, {"code": "M2", "text": "Nakijkbeleid"}]

    response = Response.objects.create(wave=wave)
    measure_questions.save_extra_answers(response, {"M1": MeasureEffect.YES, "M2": None})
    measure_questions.set_wave_questions(wave, [{"code": "M3", "text": "Vergaderrooster"}])

    assert set(WaveQuestion.objects.filter(wave=wave).values_list("code", flat=True)) == {"M1", "M3"}
    assert ExtraAnswer.objects.get().value == MeasureEffect.YES


def test_an_unknown_extra_answer_is_refused(cycle):
    wave = make_wave(kind="nameting", cycle=cycle)
    measure_questions.set_wave_questions(wave, [{"code": "M1", "text": "Takenmarkt"}])
    response = Response.objects.create(wave=wave)

    with pytest.raises(ValueError):
        measure_questions.save_extra_answers(response, {"M1": 7})
    with pytest.raises(ValueError):
        measure_questions.save_extra_answers(response, {"M9": 1})


def test_a_nameting_asks_what_the_registered_providers_give(cycle, rewire):
    rewire(measure_questions=lambda c: [{"code": f"M{c.number}", "text": "Takenmarkt"}])
    nameting = make_wave(kind="nameting", closed=False, cycle=cycle)
    voormeting = make_wave(kind="voormeting", closed=False, cycle=cycle)

    measure_questions.ask_measure_questions(nameting)
    measure_questions.ask_measure_questions(voormeting)

    assert measure_questions.wave_extra_questions(nameting) == [{"code": "M1", "text": "Takenmarkt"}]
    assert measure_questions.wave_extra_questions(voormeting) == []
