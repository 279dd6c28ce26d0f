"""What colleagues say per measure of the werkplan: the nameting's answers to its question.

The nameting asks the question itself (`surveys.measure_questions`); step 5 shows what came back:
per answer its count and a Wilson 95% interval (`proportions`), and its percentage only from
MIN_FOR_PERCENTAGES answers, since "60%" of five colleagues says more than five answers can.
The shares are of those who gave an opinion (ja, een beetje, nee); "weet ik niet" is its own number
beside them, unknown for questions asked before it was stored (`WaveQuestion.records_dont_know`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from surveys import anonymity, sealing
from surveys.models import ExtraAnswer, MeasureEffect, Wave, WaveQuestion

from .proportions import wilson_interval

MIN_FOR_PERCENTAGES = 10

_EFFECT_NAMES = {"yes": MeasureEffect.YES, "a_little": MeasureEffect.A_LITTLE, "no": MeasureEffect.NO}


@dataclass(frozen=True)
class MeasureAnswer:
    """One answer to a measure's question: how many gave it, of `n` with an opinion."""

    key: str  # "yes", "a_little", "no"
    label: str
    count: int
    n: int
    low: float  # Wilson 95% interval of the share, percentages 0–100
    high: float

    @property
    def pct(self) -> float | None:
        """The share itself, only from MIN_FOR_PERCENTAGES answers."""
        return 100 * self.count / self.n if self.n >= MIN_FOR_PERCENTAGES else None


@dataclass(frozen=True)
class MeasureResult:
    code: str
    text: str
    n: int  # answered ja, een beetje or nee
    shown: bool = False  # False where the anonymity rule holds the question back
    answers: tuple[MeasureAnswer, ...] = ()  # empty when not shown or nobody gave an opinion
    dont_know: int | None = None  # None: not shown, or asked before "weet ik niet" was stored
    dont_know_recorded: bool = True

    @property
    def pct(self) -> dict[str, float] | None:
        """{"yes", "a_little", "no": percentage}; None below MIN_FOR_PERCENTAGES answers or when not shown."""
        if not self.answers or self.n < MIN_FOR_PERCENTAGES:
            return None
        return {answer.key: answer.pct for answer in self.answers}


def measure_results(wave: Wave | None) -> list[MeasureResult]:
    """Per measure of the nameting: counts, Wilson intervals and (from 10 answers) percentages."""
    if wave is None or not wave.is_closed:
        return []  # an open wave shows no figures
    sealing.seal([wave])
    total = wave.responses.count()
    counts: dict[int, Counter] = {}
    for question_id, value, n in (
        ExtraAnswer.objects.filter(question__wave=wave).values_list("question_id", "value")
        .annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(question_id, Counter())[value] = n
    return [_result(question, counts.get(question.pk, Counter()), total)
            for question in WaveQuestion.objects.filter(wave=wave)]


def _result(question: WaveQuestion, answered: Counter, total: int) -> MeasureResult:
    n = sum(answered[choice] for choice in _EFFECT_NAMES.values())
    dont_know = answered[MeasureEffect.DONT_KNOW] if question.records_dont_know else None
    # The question's cell is everyone who answered it, "weet ik niet" included.
    cell = n + (dont_know or 0)
    if not (anonymity.may_show_total(total) and anonymity.may_show_total(cell)):
        return MeasureResult(question.code, question.text, n, dont_know_recorded=question.records_dont_know)
    answers = tuple(
        MeasureAnswer(key, str(choice.label), answered[choice], n,
                      *(100 * bound for bound in wilson_interval(answered[choice], n)))
        for key, choice in _EFFECT_NAMES.items()
    ) if n else ()
    return MeasureResult(question.code, question.text, n, True, answers, dont_know, question.records_dont_know)
