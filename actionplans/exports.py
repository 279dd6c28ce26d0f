"""The werkplan as a file: CSV and XLSX in the shape of an RI&E plan van aanpak (the PDF is projects.pdf's)."""

import io

from projects.spreadsheets import dutch_csv, neutralise

from .werkplan import PLAN_VAN_AANPAK_COLUMNS


def _safe_rows(rows: list[list[str]]) -> list[list[str]]:
    return [[str(column) for column in PLAN_VAN_AANPAK_COLUMNS]] + [[neutralise(cell) for cell in row] for row in rows]


def to_csv(rows: list[list[str]]) -> bytes:
    return dutch_csv(PLAN_VAN_AANPAK_COLUMNS, rows).encode("utf-8")


def to_xlsx(rows: list[list[str]], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in _safe_rows(rows):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    # Every cell is text: openpyxl would otherwise store "=..." as a formula.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"
    for column, width in zip("ABCDE", (40, 50, 25, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
