"""Answering the survey: the parts of the questionnaire, checking posted answers, the draft, submission.

The teacher goes through one part per screen: first an optional question about the
department, then the instrument's sections. Answers are kept in a Draft bound to the
invitation until the teacher submits; submission turns the draft into an anonymous
Response in one transaction that also marks the invitation used.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import measure_questions, sealing
from .anonymity import MIN_GROUP
from .instruments import InstrumentView, instrument
from .models import (
    OPEN_ANSWER_MAX_LENGTH,
    Answer,
    Department,
    Draft,
    EnergyAnswer,
    Invitation,
    ItemKind,
    MeasureEffect,
    OpenAnswer,
    Response,
    Wave,
    WaveKind,
)

SESSION_KEY = "survey_invitation"
FIELD_PREFIX = "q-"
DEPARTMENT_FIELD = "department"
NOT_SAYING = "niet"  # "zeg ik liever niet": stored as no department

ENERGY_OPTIONS: tuple[tuple[str, str], ...] = (
    ("giver", gettext_lazy("Energiegever")),
    ("neutral", gettext_lazy("Neutraal")),
    ("taker", gettext_lazy("Energienemer")),
    ("na", gettext_lazy("Niet van toepassing")),
)
ENERGY_STORED = {"giver": EnergyAnswer.GIVER, "neutral": EnergyAnswer.NEUTRAL, "taker": EnergyAnswer.TAKER, "na": None}
LIKERT_VALUES = ("1", "2", "3", "4", "5")
APART = "na"  # "niet van toepassing" and "weet ik niet": shown apart from the other answers
# The nameting's extra question per measure: "Heeft deze maatregel je werkdruk verminderd?"
# "Weet ik niet" keeps the value "na" it had when it was not stored, so drafts and open pages still post it.
DONT_KNOW = "na"
MEASURE_OPTIONS: tuple[tuple[str, str], ...] = (
    *((str(value), label) for value, label in MeasureEffect.choices if value != MeasureEffect.DONT_KNOW),
    (DONT_KNOW, gettext_lazy("Weet ik niet")),
)
EXTRA_PREFIX = "x-"  # draft keys of a wave's extra questions, apart from the instrument's item codes
DEPARTMENT_OPTIONS: tuple[tuple[str, str], ...] = (
    *Department.choices,
    (NOT_SAYING, gettext_lazy("zeg ik liever niet")),
)


def clean_text(raw: str) -> str:
    """An open answer as kept: no NUL characters (PostgreSQL refuses them), no surrounding space."""
    return raw.replace("\x00", "").strip()


class Refused(Exception):
    """The invitation cannot take answers (any more). `reason` is 'used', 'closed' or 'upcoming'."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class InvalidAnswers(Exception):
    """Posted values that no radio button on the page could have sent; messages are Dutch."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


class NothingAnswered(Exception):
    pass


@dataclass(frozen=True)
class Part:
    """One screen of the questionnaire. Part 1 asks the department; the others are sections."""

    number: int
    title: str
    intro: str
    items: tuple[dict, ...] = ()

    @property
    def asks_department(self) -> bool:
        return self.number == 1

    @property
    def codes(self) -> list[str]:
        return [item["code"] for item in self.items]


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    kind: str
    options: tuple[tuple[str, str], ...]
    value: str = ""

    @property
    def name(self) -> str:
        return FIELD_PREFIX + self.code

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """The answers shown side by side as equals; the one apart (APART) starts a row below them."""
        return tuple(option for option in self.options if option[0] != APART)

    @property
    def max_length(self) -> int:
        return OPEN_ANSWER_MAX_LENGTH

    @property
    def html(self) -> str:
        """The question's fieldset (surveys/_question.html). Rendering 7–12 questions of five radio
        buttons was most of a survey page's time; the instrument never changes, so each question is
        rendered once per process for each answer it can hold and language. Not an open question: its
        answer is a colleague's own words, which no cache should keep."""
        if self.kind == ItemKind.OPEN:
            return _render_question(self)
        return _question_html(self.code, self.text, self.kind, self.options, self.value, translation.get_language())


# Questionnaire.of: (id of the InstrumentView, language) -> (that view, its questionnaire).
_questionnaires: dict[tuple[int, str | None], tuple[InstrumentView, "Questionnaire"]] = {}


@functools.lru_cache(maxsize=8192)
def _question_html(code: str, text: str, kind: str, options: tuple[tuple[str, str], ...], value: str,
                   _language: str | None) -> str:
    return _render_question(Question(code, text, kind, options, value))


def _render_question(question: "Question") -> str:
    """Without the template's indentation between tags: a part sends seven to twelve of these to a phone."""
    html = strip_spaces_between_tags(get_template("surveys/_question.html").render({"question": question}))
    return mark_safe(html)  # noqa: S308 (a template's output)


@dataclass(frozen=True)
class PartProgress:
    part: Part
    answered: int
    total: int


@dataclass
class Questionnaire:
    """An instrument version as the teacher walks through it."""

    view: InstrumentView
    extra_questions: tuple[dict, ...] = ()
    parts: list[Part] = field(init=False)

    def __post_init__(self) -> None:
        about_you = Part(
            1, _("Over jou"),
            ngettext("Deze vraag is niet verplicht. Met je antwoord kunnen we uitkomsten per bouw laten zien, "
                     "maar alleen voor groepen waarin minstens %(n)s collega heeft geantwoord.",
                     "Deze vraag is niet verplicht. Met je antwoord kunnen we uitkomsten per bouw laten zien, "
                     "maar alleen voor groepen waarin minstens %(n)s collega's hebben geantwoord.",
                     MIN_GROUP) % {"n": MIN_GROUP},
        )
        self.parts = [about_you] + [
            Part(number, section["title"], section.get("intro", ""), tuple(section["items"]))
            for number, section in enumerate(self.view.sections, start=2)
        ]
        if self.extra_questions:
            self.parts.append(Part(
                len(self.parts) + 1, _("Onze maatregelen"),
                str(measure_questions.MEASURE_QUESTION),
                tuple(
                    {"code": EXTRA_PREFIX + q["code"], "text": q["text"], "kind": "measure"}
                    for q in self.extra_questions
                ),
            ))
        self._part_of = {code: part for part in self.parts for code in part.codes}
        self._kind_of = {item["code"]: item["kind"] for part in self.parts for item in part.items}
        # Labels as plain text once, not a lazy translation resolved for every radio button.
        self._energy_options = tuple((value, str(label)) for value, label in ENERGY_OPTIONS)
        self._measure_options = tuple((value, str(label)) for value, label in MEASURE_OPTIONS)
        self._likert_options = {
            scale["code"]: tuple(zip(LIKERT_VALUES, scale["anchors"], strict=True)) for scale in self.view.scales
        }

    @classmethod
    def of(cls, instrument_pk: int) -> "Questionnaire":
        """The instrument's questionnaire, built once per process and language: it never changes."""
        view = instrument(instrument_pk)
        key = (id(view), translation.get_language())
        cached = _questionnaires.get(key)
        if cached is None or cached[0] is not view:  # the entry holds its view, so an id is never reused under it
            cached = _questionnaires[key] = (view, cls(view))
        return cached[1]

    @classmethod
    def for_wave(cls, wave: Wave) -> "Questionnaire":
        """The instrument, and for a nameting the questions about the school's measures."""
        extra = measure_questions.wave_extra_questions(wave) if wave.kind == WaveKind.NAMETING else []
        return cls(instrument(wave.instrument_id), tuple(extra)) if extra else cls.of(wave.instrument_id)

    @property
    def total(self) -> int:
        return len(self.parts)

    def part(self, number: int) -> Part | None:
        return self.parts[number - 1] if 1 <= number <= self.total else None

    def questions(self, part: Part, answers: Mapping[str, str]) -> list[Question]:
        return [
            Question(item["code"], item["text"], item["kind"], self._options(item), answers.get(item["code"], ""))
            for item in part.items
        ]

    def _options(self, item: dict) -> tuple[tuple[str, str], ...]:
        if item["kind"] == ItemKind.OPEN:
            return ()
        if item["kind"] == "energy":
            return self._energy_options
        if item["kind"] == "measure":
            return self._measure_options
        return self._likert_options[item["scale"]]

    def clean(self, part: Part, data: Mapping[str, list[str]]) -> tuple[dict[str, str], str | None]:
        """The answers and department posted for one part, checked against what its radios can send.

        `data` maps field names to lists of values (QueryDict.lists()). Raises InvalidAnswers.
        """
        answers: dict[str, str] = {}
        department: str | None = None
        errors: list[str] = []
        for name, values in data.items():
            if name == DEPARTMENT_FIELD and part.asks_department:
                department = values[-1]
                if len(values) != 1 or department not in dict(DEPARTMENT_OPTIONS):
                    errors.append(_("Kies een van de afdelingen of ‘zeg ik liever niet’."))
                continue
            if not name.startswith(FIELD_PREFIX):
                continue
            code = name.removeprefix(FIELD_PREFIX)
            item = next((item for item in part.items if item["code"] == code), None)
            if item is None:
                errors.append(
                    _("De vraag %(code)s hoort niet bij dit deel van de vragenlijst.") % {"code": code}
                    if code in self._part_of else _("Onbekende vraag: %(code)s.") % {"code": code}
                )
            elif item["kind"] == ItemKind.OPEN:
                text = clean_text(values[-1])
                if len(values) != 1:
                    errors.append(_("Bij ‘%(text)s’ kan maar één antwoord staan.") % {"text": item["text"]})
                elif len(text) > OPEN_ANSWER_MAX_LENGTH:
                    errors.append(_("Je antwoord op ‘%(text)s’ is te lang: hoogstens %(n)s tekens.") % {
                        "text": item["text"], "n": OPEN_ANSWER_MAX_LENGTH})
                elif text:  # an emptied box leaves no answer
                    answers[code] = text
            elif len(values) != 1 or values[0] not in dict(self._options(item)):
                choices = ", ".join(str(label) for _value, label in self._options(item))
                errors.append(_("Bij ‘%(text)s’ kun je alleen kiezen uit: %(choices)s.") % {
                    "text": item["text"], "choices": choices})
            else:
                answers[code] = values[0]
        if errors:
            raise InvalidAnswers(errors)
        return answers, department

    def progress(self, answers: Mapping[str, str]) -> list[PartProgress]:
        return [
            PartProgress(part, sum(1 for code in part.codes if code in answers), len(part.codes))
            for part in self.parts[1:]
        ]

    def answer_rows(self, answers: Mapping[str, str]) -> list[tuple[int, int]]:
        """(item id, stored value) for every answer; 'niet van toepassing' stores no row."""
        rows = []
        for code, value in answers.items():
            if code.startswith(EXTRA_PREFIX):
                continue
            kind = self._kind_of.get(code)
            if kind is None:
                raise InvalidAnswers([_("Onbekende vraag: %(code)s.") % {"code": code}])
            if kind == ItemKind.OPEN:
                continue
            stored = ENERGY_STORED[value] if kind == "energy" else int(value)
            if stored is not None:
                rows.append((self.view.item_ids[code], int(stored)))
        return rows

    def open_answers(self, answers: Mapping[str, str]) -> dict[int, str]:
        """{item id: text} of the open questions answered."""
        return {
            self.view.item_ids[code]: value for code, value in answers.items()
            if code in self.view.open_codes and value.strip()
        }

    def extra_answers(self, answers: Mapping[str, str]) -> dict[str, int]:
        """{question code: stored value} of the wave's extra questions; 'weet ik niet' is an answer too."""
        return {
            code.removeprefix(EXTRA_PREFIX): MeasureEffect.DONT_KNOW if value == DONT_KNOW else int(value)
            for code, value in answers.items()
            if code.startswith(EXTRA_PREFIX) and code in self._part_of
        }


def refusal(invitation: Invitation) -> str | None:
    """Why this invitation cannot take answers now, or None when it can."""
    if invitation.used:
        return "used"
    if invitation.wave.is_closed:
        return "closed"
    if invitation.wave.is_upcoming:
        return "upcoming"
    return None


def save_part(invitation: Invitation, draft: Draft | None, part: Part, answers: dict[str, str],
              department: str | None, resume_at: int, writer: str = "") -> Draft:
    """Keep what was posted for this part in the draft, where the teacher goes next, and which device
    wrote it."""
    draft = draft or Draft(invitation=invitation)
    draft.writer = writer
    kept = {code: value for code, value in draft.answers.items() if code not in part.codes}
    draft.answers = kept | answers
    if part.asks_department:
        draft.department = department or ""
    draft.section = resume_at
    draft.save()
    return draft


def start_afresh_on_another_device(invitation: Invitation, writer: str) -> bool:
    """A slip's code typed in on a device other than the one that began with it: the half-filled
    answers go, so that whoever holds the code (the one who printed the slips) cannot read them.
    An e-mail link reaches only its owner and keeps its draft on any device. True if a draft went."""
    if invitation.email:
        return False
    deleted, _per_model = Draft.objects.filter(invitation=invitation).exclude(writer=writer).exclude(writer="").delete()
    return bool(deleted)


def delete_drafts_of_closed_waves(today: date) -> int:
    """Drafts of waves past their closing date can never be submitted: they go (run daily)."""
    deleted, _per_model = Draft.objects.filter(invitation__wave__closes_on__lt=today).delete()
    return deleted


@transaction.atomic
def submit(invitation_id: int) -> Response:
    """Turn the invitation's draft into an anonymous response; one invitation gives at most one.

    The response gets the wave, the department and the day, nothing else: no token, no
    invitation, no time of day. Raises Refused or NothingAnswered, and then stores nothing.
    """
    # The invitation locked, its wave and draft read along (only the invitation's row is locked).
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("wave__cycle__project__school", "draft")
        .get(pk=invitation_id)
    )
    reason = refusal(invitation)
    if reason:
        raise Refused(reason)
    if not sealing.still_unsealed(invitation.wave_id):  # sealed between the read above and now
        raise Refused("closed")
    draft = getattr(invitation, "draft", None)
    answers = draft.answers if draft else {}
    questionnaire = Questionnaire.for_wave(invitation.wave)
    rows = questionnaire.answer_rows(answers)
    if not rows and not answers:
        raise NothingAnswered()
    department = draft.department if draft and draft.department in Department.values else ""
    texts = {item_id: text[:OPEN_ANSWER_MAX_LENGTH] for item_id, text in questionnaire.open_answers(answers).items()}
    response = store_for_this_database()(invitation, draft, department, rows, texts)
    measure_questions.save_extra_answers(response, questionnaire.extra_answers(answers))
    return response


def store_for_this_database():
    """How a submission is stored: one statement on PostgreSQL, the ORM's steps elsewhere (SQLite)."""
    return _store_in_one_statement if connection.vendor == "postgresql" else _store_step_by_step


def _store_step_by_step(invitation: Invitation, draft: Draft | None, department: str, rows: list[tuple[int, int]],
                        texts: dict[int, str]) -> Response:
    # The conditional update is the guard on databases where select_for_update locks nothing (SQLite).
    if not Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True):
        raise Refused("used")
    response = Response.objects.create(wave=invitation.wave, department=department)
    Answer.objects.bulk_create(Answer(response=response, item_id=item_id, value=value) for item_id, value in rows)
    OpenAnswer.objects.bulk_create(
        OpenAnswer(response=response, item_id=item_id, text=text) for item_id, text in texts.items())
    if draft:
        draft.delete()
    return response


def _store_in_one_statement(invitation: Invitation, draft: Draft | None, department: str,
                            rows: list[tuple[int, int]], texts: dict[int, str]) -> Response:
    """What `_store_step_by_step` does, as one statement: mark the invitation used, add the response,
    its answers and open answers, delete the draft.

    Five round trips and ~70 model instances were a third of a submission's cost (issue 18). The
    same columns are written as by the ORM, nothing more. Every part hangs on the invitation's
    update, so a used invitation stores nothing; the caller holds its row locked anyway.
    """
    q = connection.ops.quote_name
    day = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(f"""
            WITH used AS (
                UPDATE {q(Invitation._meta.db_table)} SET used = true WHERE id = %(invitation)s AND NOT used
                RETURNING id
            ), response AS (
                INSERT INTO {q(Response._meta.db_table)} (wave_id, department, submitted_on)
                SELECT %(wave)s, %(department)s, %(day)s FROM used RETURNING id
            ), answers AS (
                INSERT INTO {q(Answer._meta.db_table)} (response_id, item_id, value)
                SELECT response.id, a.item, a.value
                FROM response, UNNEST(%(items)s::bigint[], %(values)s::smallint[]) AS a(item, value)
            ), open_answers AS (
                INSERT INTO {q(OpenAnswer._meta.db_table)} (response_id, item_id, text, hidden)
                SELECT response.id, o.item, o.text, false
                FROM response, UNNEST(%(open_items)s::bigint[], %(texts)s::text[]) AS o(item, text)
            ), draft AS (
                DELETE FROM {q(Draft._meta.db_table)} WHERE invitation_id IN (SELECT id FROM used)
            )
            SELECT id FROM response
        """, {
            "invitation": invitation.pk, "wave": invitation.wave_id, "department": department, "day": day,
            "items": [item_id for item_id, _value in rows], "values": [value for _item_id, value in rows],
            "open_items": list(texts), "texts": list(texts.values()),
        })
        stored = cursor.fetchone()
    if stored is None:
        raise Refused("used")
    response = Response(pk=stored[0], wave=invitation.wave, department=department, submitted_on=day)
    response._state.adding, response._state.db = False, connection.alias  # as if loaded: it is stored
    return response
