"""Answers gathered on paper or in another tool, imported from CSV: all or nothing.

The CSV has a header row: an optional `department` column, then item codes of the
instrument. Energy cells hold giver, neutral, taker or nothing (not applicable); likert
cells 1 to 5 or nothing; the open questions (OPEN1, OPEN2 from version 2026.2) any text.
Every cell is checked before anything is stored; any error
stores nothing and names its row (as a spreadsheet numbers it: the header is row 1)
and column.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.boards import unique_slug
from projects.models import Board, Cycle, Project, School
from projects.school_lookup import SchoolLookupError, find_school, looks_like_brin

from . import instruments, tallies, waves
from .answering import clean_text
from .instruments import InstrumentView
from .models import (
    OPEN_ANSWER_MAX_LENGTH,
    Answer,
    Department,
    EnergyAnswer,
    ItemKind,
    OpenAnswer,
    Response,
    Wave,
    WaveKind,
)

DEPARTMENT_COLUMN = "department"
UNKNOWN_BOARD = "Onbekend bestuur"
ENERGY_VALUES = {"giver": EnergyAnswer.GIVER, "neutral": EnergyAnswer.NEUTRAL, "taker": EnergyAnswer.TAKER}
MAX_ERRORS = 20


class ResponseImportError(Exception):
    """The file cannot be imported; `errors` are Dutch lines meant for the person importing."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ResponseRow:
    """One respondent's questionnaire as stored values: item code -> value (energy 1–3, likert 1–5),
    and item code -> text for the open questions."""

    department: str
    answers: dict[str, int]
    texts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    wave: Wave
    imported: int
    created: list[str]  # what had to be created, in Dutch: "bestuur X", "school Y", ...


def parse_responses(lines: Iterable[str], view: InstrumentView) -> list[ResponseRow]:
    """The rows of a CSV file as responses, or ResponseImportError listing what is wrong."""
    reader = _rows(csv.reader(lines))
    header = [cell.strip() for cell in next(reader, [])]
    errors = _header_errors(header, view)
    if errors:
        raise ResponseImportError(errors)
    kinds = {item["code"]: item["kind"] for item in view.items}
    rows: list[ResponseRow] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets like to leave at the end
        if len(cells) != len(header):
            errors.append(_("Rij %(row)s heeft %(cells)s cellen, de kopregel %(header)s.")
                          % {"row": number, "cells": len(cells), "header": len(header)})
            continue
        department, answers, texts = "", {}, {}
        for column, cell in zip(header, cells, strict=True):
            cell = cell.strip()
            if column == DEPARTMENT_COLUMN:
                department, error = _department(cell)
            elif cell and kinds[column] == ItemKind.OPEN:
                text = clean_text(cell)
                error = _("langer dan %(n)s tekens") % {"n": OPEN_ANSWER_MAX_LENGTH} \
                    if len(text) > OPEN_ANSWER_MAX_LENGTH else None
                if text and not error:
                    texts[column] = text
                cell = text[:40] + "…" if error else cell
            elif cell:
                value, error = _value(cell, kinds[column])
                answers[column] = value
            else:
                error = None
            if error:
                errors.append(_("Rij %(row)s, kolom %(column)s: '%(cell)s' is %(error)s.")
                              % {"row": number, "column": column, "cell": cell, "error": error})
        if not answers and not texts:
            errors.append(_("Rij %(row)s bevat geen enkel antwoord.") % {"row": number})
        rows.append(ResponseRow(department=department, answers=answers, texts=texts))
        if len(errors) >= MAX_ERRORS:
            break
    if not errors and not rows:
        errors.append(_("Het bestand bevat geen antwoorden, alleen een kopregel."))
    if errors:
        raise ResponseImportError(errors)
    return rows


def _rows(reader) -> Iterator[list[str]]:
    """The reader's rows; a line the csv module cannot read (a cell over its size limit) refuses the file."""
    try:
        yield from reader
    except csv.Error as error:
        raise ResponseImportError([_("Regel %(line)s is geen leesbare CSV (%(error)s).")
                                   % {"line": reader.line_num, "error": error}]) from error


def _header_errors(header: list[str], view: InstrumentView) -> list[str]:
    if not any(header):
        return [_("Het bestand is leeg: de eerste regel moet de kolomnamen bevatten.")]
    known = {item["code"] for item in view.items} | {DEPARTMENT_COLUMN}
    errors = [
        _("Kolom '%(column)s' is geen vraag van vragenlijst %(version)s.") % {"column": column, "version": view.version}
        for column in header if column not in known
    ]
    errors += [
        _("Kolom '%(column)s' staat er meer dan eens in.") % {"column": column}
        for column in sorted(c for c, times in Counter(header).items() if times > 1)
    ]
    return errors


def _department(cell: str) -> tuple[str, str | None]:
    if not cell or cell.lower() in Department.values:
        return cell.lower(), None
    return "", _("geen bekende afdeling (%(choices)s of leeg)") % {"choices": ", ".join(Department.values)}


def _value(cell: str, kind: str) -> tuple[int, str | None]:
    if kind == ItemKind.ENERGY:
        if cell.lower() in ENERGY_VALUES:
            return ENERGY_VALUES[cell.lower()].value, None
        return 0, _("geen geldig antwoord (giver, neutral, taker of leeg)")
    if cell in {"1", "2", "3", "4", "5"}:
        return int(cell), None
    return 0, _("geen geldig antwoord (1 tot en met 5 of leeg)")


def save_responses(wave: Wave, rows: list[ResponseRow], submitted_on=None) -> int:
    """Store responses and their answers in bulk; the caller holds the transaction."""
    view = instruments.instrument(wave.instrument_id)
    submitted_on = submitted_on or timezone.localdate()
    responses = Response.objects.bulk_create(
        Response(wave=wave, department=row.department, submitted_on=submitted_on) for row in rows
    )
    Answer.objects.bulk_create(
        (
            Answer(response=response, item_id=view.item_ids[code], value=value)
            for response, row in zip(responses, rows, strict=True)
            for code, value in row.answers.items()
        ),
        batch_size=2000,
    )
    OpenAnswer.objects.bulk_create(
        (
            OpenAnswer(response=response, item_id=view.item_ids[code], text=text)
            for response, row in zip(responses, rows, strict=True)
            for code, text in row.texts.items()
        ),
        batch_size=2000,
    )
    tallies.forget(wave)  # a closed wave's stored counts no longer hold: counted again on its next read
    return len(responses)


@transaction.atomic
def import_responses(
    lines: TextIO | Iterable[str], school_name: str, kind: str, board_name: str | None = None,
    cycle_number: int | None = None, close: bool = False,
) -> ImportResult:
    """Import a CSV into the school's wave, creating what is missing; nothing is stored on any error.

    A wave whose figures may have been shown (sealed) takes no more responses: the figures before
    and after would reveal the imported rows. With `close`, the wave is closed in the same step.
    """
    if kind not in WaveKind.values:
        raise ResponseImportError([_("Kies voormeting of nameting.")])
    _check_names(school_name, board_name)
    created: list[str] = []
    school = _school(school_name, board_name, created)
    project = Project.objects.get_or_create(school=school)[0]
    if cycle_number is None:
        cycle = project.current_cycle or Cycle.objects.create(project=project, number=1)
    else:
        cycle, new = Cycle.objects.get_or_create(project=project, number=cycle_number)
        if new:
            created.append(_("cyclus %(number)s") % {"number": cycle_number})
    wave = Wave.objects.filter(cycle=cycle, kind=kind).first()
    if wave is None:
        voormeting = cycle.waves.filter(kind=WaveKind.VOORMETING).first()
        version = voormeting.instrument if voormeting else instruments.current_version()
        wave = Wave.objects.create(cycle=cycle, kind=kind, instrument=version)
        created.append(str(WaveKind(kind).label))
    _check_accepts_import(wave, close)
    rows = parse_responses(lines, instruments.instrument(wave.instrument_id))
    imported = save_responses(wave, rows)
    if close:
        waves.close_wave(wave)
    return ImportResult(wave=wave, imported=imported, created=created)


def _check_accepts_import(wave: Wave, close: bool) -> None:
    if wave.is_frozen:
        raise ResponseImportError([_(
            "De cijfers van deze %(kind)s zijn al getoond, dus er kan niets meer bij: uit de cijfers "
            "van voor en na de import zou iedereen kunnen afleiden wat de nieuwe rijen antwoordden. "
            "Antwoorden op papier importeer je voordat de meting sluit, of in één stap met --close."
        ) % {"kind": wave.get_kind_display()}])
    if close and wave.is_closed:
        raise ResponseImportError([_(
            "De %(kind)s is al gesloten; --close kan alleen bij een meting die nog open is."
        ) % {"kind": wave.get_kind_display()}])


def _check_names(school_name: str, board_name: str | None) -> None:
    """Names as the database can hold them: refused here, not half-way through by the database."""
    limit = School._meta.get_field("name").max_length
    errors = []
    if not school_name.strip():
        errors.append(_("Geef de naam van de school."))
    if len(school_name) > limit:
        errors.append(_("De naam van de school is langer dan %(limit)s tekens.") % {"limit": limit})
    board_limit = Board._meta.get_field("name").max_length
    if board_name and len(board_name) > board_limit:
        errors.append(_("De naam van het bestuur is langer dan %(limit)s tekens.") % {"limit": board_limit})
    if errors:
        raise ResponseImportError(errors)


def _school(name: str, board_name: str | None, created: list[str]) -> School:
    """The school by BRIN or name (at the board, if named); a new one only for a name known nowhere, or
    for a board that exists already: a mistyped board should not quietly start a second school."""
    try:
        school = find_school(name, board_name)
        elsewhere = find_school(name) if school is None and board_name else None
    except SchoolLookupError as error:
        raise ResponseImportError([str(error)]) from error
    if school is not None:
        return school
    if elsewhere is not None and not Board.objects.filter(name=board_name).exists():
        raise ResponseImportError([_("School '%(school)s' hoort bij bestuur '%(board)s', niet bij '%(other)s'.")
                                   % {"school": name, "board": elsewhere.board.name, "other": board_name}])
    if looks_like_brin(name):
        raise ResponseImportError([_("Er is geen school met BRIN-nummer %(brin)s.") % {"brin": name}])
    board, new = Board.objects.get_or_create(name=board_name or UNKNOWN_BOARD)
    if new:
        created.append(_("bestuur %(name)s") % {"name": board.name})
    created.append(_("school %(name)s") % {"name": name})
    return School.objects.create(board=board, name=name, slug=unique_slug(name))
