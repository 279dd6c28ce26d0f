"""The answers to the open questions: when they may be read, by whom, and hiding one.

Free text can give its writer away (a story only one colleague can tell, a name, a turn of
phrase), so the rules are stricter than for figures (docs/privacy.md, "Open vragen"): the
texts of a question are read only once the wave is closed and sealed, only when at least
MIN_GROUP colleagues wrote one, in random order and without department. They never go into
the benchmark, a board's figures or an export; only how many wrote one is counted there.
An answer the project leader hid is gone for everyone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from projects import audit
from projects.models import AuditAction, School

from . import sealing
from .anonymity import MIN_GROUP
from .instruments import instrument
from .models import OpenAnswer, Wave


@dataclass(frozen=True)
class OpenQuestion:
    """One open question of a wave as readers see it: the texts only when they may be read."""

    code: str
    text: str
    written: int
    answers: tuple[OpenAnswer, ...]  # visible ones, shuffled; empty when withheld
    withheld: str = ""  # "open" (wave not closed) or "few" (fewer than MIN_GROUP wrote one)


def written_counts(wave: Wave) -> list[dict]:
    """[{"code", "written"}] per open question of the wave's instrument: how many wrote one, never the texts."""
    view = instrument(wave.instrument_id)
    counts = dict(
        OpenAnswer.objects.filter(response__wave=wave).values_list("item__code").annotate(n=Count("pk"))
    )
    return [{"code": item["code"], "written": counts.get(item["code"], 0)}
            for item in view.items if item["code"] in view.open_codes]


def open_questions(wave: Wave) -> list[OpenQuestion]:
    """The wave's open questions with the texts that may be read (none while the wave is open)."""
    view = instrument(wave.instrument_id)
    if not view.open_codes:
        return []
    texts = {item["code"]: item["text"] for item in view.items}
    counts = written_counts(wave)
    if not wave.is_closed:
        return [OpenQuestion(row["code"], texts[row["code"]], row["written"], (), withheld="open") for row in counts]
    sealing.seal([wave])  # the texts, like the figures, come only from a sealed wave
    shuffle = random.SystemRandom().shuffle
    result = []
    for row in counts:
        if row["written"] < MIN_GROUP:
            result.append(OpenQuestion(row["code"], texts[row["code"]], row["written"], (), withheld="few"))
            continue
        answers = list(
            OpenAnswer.objects.visible().filter(response__wave=wave, item__code=row["code"]).only("pk", "text")
        )
        shuffle(answers)
        result.append(OpenQuestion(row["code"], texts[row["code"]], row["written"], tuple(answers)))
    return result


def visible_answers(wave: Wave, code: str) -> list[OpenAnswer]:
    """The texts of one open question that may be read, shuffled; empty when withheld."""
    question = next((q for q in open_questions(wave) if q.code == code), None)
    return list(question.answers) if question else []


def hide(user, school: School, answer: OpenAnswer) -> None:
    """Hide an answer that names or identifies someone: for everyone, for good. The log says that an
    answer was hidden and where, never its text."""
    if answer.hidden:
        return
    answer.hidden = True
    answer.save(update_fields=["hidden"])
    wave = answer.response.wave
    audit.record(user, school, AuditAction.OPEN_ANSWER_HIDDEN,
                 _("Een antwoord op open vraag %(code)s van de %(kind)s van %(cycle)s verborgen.") % {
                     "code": answer.item.code, "kind": wave.get_kind_display(), "cycle": wave.cycle})
