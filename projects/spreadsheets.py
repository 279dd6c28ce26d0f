"""Files meant for a spreadsheet: cells shown as text and never run as a formula (CSV/formula
injection), and the one CSV that a Dutch spreadsheet opens as a table."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value itself, or text starting with a formula character behind a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def dutch_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """A CSV for people: what Excel or LibreOffice set to Dutch opens as a table, without an import dialogue.

    Semicolons between cells (the comma is the decimal sign in Dutch), a byte-order mark so the
    spreadsheet reads UTF-8, numbers with a decimal comma, dates as 2026-09-15, nothing for None,
    and text that would run as a formula behind an apostrophe. Output for programs (the
    `export_results` command) keeps commas and decimal points: that is a contract of its own.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(str(column)) for column in header])
    writer.writerows([_dutch_cell(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()


def _dutch_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # before the numbers: True is an int too
        return str(value)
    if isinstance(value, (int, float, Decimal)):  # a number, also below zero, is no formula
        return str(value).replace(".", ",")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return neutralise(str(value))
