"""The werkplan as a file: CSV and XLSX in the shape of an RI&E plan van aanpak, and a PDF."""

import csv
import io
import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

from projects.spreadsheets import neutralise

from .werkplan import PLAN_VAN_AANPAK_COLUMNS

def _safe_rows(rows: list[list[str]]) -> list[list[str]]:
    return [[str(column) for column in PLAN_VAN_AANPAK_COLUMNS]] + [[neutralise(cell) for cell in row] for row in rows]


def to_csv(rows: list[list[str]]) -> bytes:
    """Semicolons and a byte-order mark: what Excel in Dutch opens without an import dialogue."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(_safe_rows(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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
    for column, width in zip("ABCDE", (40, 50, 25, 12, 12)):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def static_only_fetcher():
    """A WeasyPrint URL fetcher that serves our own static files and nothing else: no network, no other files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    static_prefix = urlsplit(settings.SITE_URL).path.rstrip("/") + settings.STATIC_URL

    class StaticOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if not parts.path.startswith(static_prefix):
                raise ValueError(f"Not a static file: {url}")
            try:
                found = finders.find(parts.path.removeprefix(static_prefix))
            except SuspiciousFileOperation as error:  # ../ out of the static folders
                raise ValueError(f"Not a static file: {url}") from error
            if not found:
                raise ValueError(f"Static file not found: {url}")
            path = Path(found)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return StaticOnly()


def to_pdf(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=static_only_fetcher()).write_pdf()
