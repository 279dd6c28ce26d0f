"""The nameting's extra question per measure: "Heeft deze maatregel je werkdruk verminderd?"

Asked in the survey and answered with the same anonymous response, so it belongs to the
survey itself. The measures come from `actionplans`, through the wiring
(werkdruk/wegwijzer.py: `measure_questions`): nothing here imports it. What step 5 shows of
the answers is in `evaluation.measures`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy

from projects.wiring import wiring

from .models import ExtraAnswer, MeasureEffect, Response, Wave, WaveKind, WaveQuestion

MEASURE_QUESTION = gettext_lazy("Heeft deze maatregel je werkdruk verminderd?")

def ask_measure_questions(wave: Wave) -> None:
    """For a nameting: ask what the wiring's measure questions give for its cycle (one per measure of
    the werkplan). Call when the wave is created."""
    if wave.kind == WaveKind.NAMETING:
        set_wave_questions(wave, list(wiring().measure_questions(wave.cycle)))


@transaction.atomic
def set_wave_questions(wave: Wave, questions: Iterable[dict[str, str]]) -> None:
    """The extra questions of a wave, as {"code", "text"} dicts (from actionplans' measure_questions).

    Idempotent: calling again updates the texts and adds new codes. A question that already
    has answers is kept even when it is no longer asked, so its results stay readable.
    """
    questions = list(questions)
    codes = [question["code"] for question in questions]
    if len(set(codes)) != len(codes):
        raise ValueError("Question codes must be unique within a wave.")
    for order, question in enumerate(questions):
        WaveQuestion.objects.update_or_create(
            wave=wave, code=question["code"], defaults={"text": question["text"][:300], "order": order}
        )
    WaveQuestion.objects.filter(wave=wave).exclude(code__in=codes).filter(answers__isnull=True).delete()


def wave_extra_questions(wave: Wave) -> list[dict[str, str]]:
    """What the answering flow asks besides the instrument: {"code", "text"} per measure.

    The question itself is MEASURE_QUESTION; the answers are MeasureEffect values, "weet ik niet"
    (MeasureEffect.DONT_KNOW) among them.
    """
    return [{"code": code, "text": text} for code, text in wave.extra_questions.values_list("code", "text")]


def save_extra_answers(response: Response, answers: dict[str, int | str | None]) -> None:
    """Store a response's answers to the wave's extra questions; call inside the submit transaction."""
    if not answers:
        return  # a voormeting has none: no query
    questions = {question.code: question for question in WaveQuestion.objects.filter(wave=response.wave_id)}
    rows = []
    for code, value in answers.items():
        if value in (None, ""):
            continue
        if code not in questions or int(value) not in MeasureEffect.values:
            raise ValueError(f"Unknown extra question or answer: {code}={value!r}")
        rows.append(ExtraAnswer(response=response, question=questions[code], value=int(value)))
    ExtraAnswer.objects.bulk_create(rows)
