"""Closing the loop: per measure of the werkplan, did it help? What the nameting's answers show.

The nameting asks the question itself (`surveys.measure_questions`); step 5 shows the shares.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from surveys import anonymity, sealing
from surveys.models import ExtraAnswer, MeasureEffect, Wave, WaveKind, WaveQuestion


@dataclass(frozen=True)
class MeasureResult:
    code: str
    text: str
    n: int
    pct: dict[str, float] | None  # "yes", "a_little", "no"; None below 5 answers

    @property
    def shown(self) -> bool:
        return self.pct is not None


def measure_results(wave: Wave | None) -> list[MeasureResult]:
    """Per measure of the nameting, the share of ja / een beetje / nee among those who answered."""
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
    rows = []
    for question in WaveQuestion.objects.filter(wave=wave):
        answered = counts.get(question.pk, Counter())
        n = sum(answered.values())
        shown = anonymity.may_show_total(total) and anonymity.may_show_total(n)
        pct = {name: 100 * answered[choice] / n for name, choice in _EFFECT_NAMES.items()} if shown else None
        rows.append(MeasureResult(question.code, question.text, n, pct))
    return rows


def results_by_code(cycle) -> dict[str, MeasureResult]:
    """The cycle's nameting per measure question, by its code; nothing while the nameting is open."""
    return {result.code: result for result in measure_results(cycle.waves.filter(kind=WaveKind.NAMETING).first())}


_EFFECT_NAMES = {"yes": MeasureEffect.YES, "a_little": MeasureEffect.A_LITTLE, "no": MeasureEffect.NO}
