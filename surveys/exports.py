"""The aggregates of `results.wave_results` as a flat table, in CSV and XLSX. Never raw answers.

One row per figure: the respondents of the whole group and of each shown department,
then its energy themes and scales. Text that a spreadsheet would read as a formula
(starting with = + - @, or a tab or carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from projects.spreadsheets import dutch_csv, neutralise

COLUMNS = [
    "department", "kind", "code", "label", "n", "giver_pct", "neutral_pct", "taker_pct", "mean", "sd",
    "unfavourable_pct",
]
NUMBER_COLUMNS = {"giver_pct", "neutral_pct", "taker_pct", "mean", "sd", "unfavourable_pct"}


def dutch_headers() -> dict[str, str]:
    return {
        "department": _("Afdeling"), "kind": _("Soort"), "code": _("Code"), "label": _("Onderwerp"), "n": "n",
        "giver_pct": _("% energiegever"), "neutral_pct": _("% neutraal"), "taker_pct": _("% energienemer"),
        "mean": _("Gemiddelde"), "sd": _("Standaarddeviatie"), "unfavourable_pct": _("% ongunstig"),
    }


def flat_rows(results: dict) -> list[dict]:
    """The results as rows keyed by COLUMNS; kind is respondents, energy, scale, or open or withheld
    (only the count: the wave is still open, or fewer than 5 answered)."""
    for kind in ("open", "withheld"):
        if results.get(kind):
            return [{"department": "", "kind": kind, "n": results["n"]}]
    groups = [{"name": "", **results}, *results["departments"]]
    rows = []
    for group in groups:
        rows.append({"department": group["name"], "kind": "respondents", "n": group["n"]})
        rows += [{"department": group["name"], "kind": "energy", **row} for row in group["energy"]]
        rows += [{"department": group["name"], "kind": "scale", **row} for row in group["scales"]]
    return rows


def _cells(row: dict, decimals: int | None) -> list:
    cells = []
    for column in COLUMNS:
        value = row.get(column)
        if decimals is not None and column in NUMBER_COLUMNS and value is not None:
            value = round(value, decimals)
        cells.append(neutralise(value))
    return cells


def to_csv(results: dict) -> str:
    """The flat table for programs (the `export_results` command): column names of COLUMNS, commas,
    decimal points and the figures unrounded, as the README promises."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in flat_rows(results):
        writer.writerow(["" if cell is None else cell for cell in _cells(row, None)])
    return out.getvalue()


def to_dutch_csv(results: dict, *, decimals: int | None = None) -> str:
    """The flat table for people (the download): Dutch column names, in the CSV a Dutch spreadsheet opens."""
    headers = dutch_headers()
    return dutch_csv([headers[column] for column in COLUMNS], (_cells(row, decimals) for row in flat_rows(results)))


def to_xlsx(results: dict, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Resultaten")
    sheet.append([neutralise(title)])
    headers = dutch_headers()
    sheet.append([headers[column] for column in COLUMNS])
    for row in flat_rows(results):
        sheet.append(_cells(row, None))
    for index, column in enumerate(COLUMNS, start=1):
        if column in NUMBER_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index, max_col=index):
                cell.number_format = "0.0"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
