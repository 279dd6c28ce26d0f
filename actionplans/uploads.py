"""Checks on an uploaded source document: size, extension and what its first bytes say it is."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

ZIP = b"PK\x03\x04"
# The office formats are zip files; one member proves which kind.
ZIP_MEMBER = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".odt": "content.xml"}
MAGIC = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".docx": ZIP,
    ".xlsx": ZIP,
    ".odt": ZIP,
}
ALLOWED = "PDF, DOCX, XLSX, ODT, PNG, JPG"


def check_document(upload: UploadedFile) -> None:
    """Raise a ValidationError with a Dutch message unless this is an allowed document of at most 10 MB."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("Het bestand is groter dan 10 MB. Kies een kleiner bestand."))
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in MAGIC:
        raise ValidationError(_("Dit soort bestand kan niet. Toegestaan zijn: %(types)s.") % {"types": ALLOWED})
    upload.seek(0)
    head = upload.read(len(MAGIC[extension]))
    upload.seek(0)
    if head != MAGIC[extension] or (extension in ZIP_MEMBER and not _zip_has(upload, ZIP_MEMBER[extension])):
        raise ValidationError(_("De inhoud van het bestand past niet bij %(extension)s. "
                                "Sla het opnieuw op en probeer het nog eens.")
                              % {"extension": extension.lstrip(".").upper()})


def _zip_has(upload: UploadedFile, member: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
