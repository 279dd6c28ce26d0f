"""A list of colleagues, pasted or as a CSV file: names and e-mail addresses, read all or nothing.

Accepted: one person a line as "Naam; e-mailadres", "Naam <e-mailadres>", "e-mailadres" or a CSV with
a header row (columns naam and e-mail, in any order, separated by semicolons, commas or tabs). A
column such as afdeling (department) is read past and dropped here: it is never stored with an
account or an invitation, nor used to pre-fill the survey, where a department must be the
respondent's own anonymous choice.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_PEOPLE = 500
NAME_HEADERS = {"naam", "name", "volledige naam", "voornaam"}
EMAIL_HEADERS = {"e-mail", "email", "e-mailadres", "emailadres", "mail", "e-mail adres"}
_ANGLED = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]+)>$")


@dataclass(frozen=True)
class Person:
    name: str
    email: str


def _dialect(text: str) -> str:
    first = text.splitlines()[0] if text.strip() else ""
    return max(";,\t", key=first.count) if any(sep in first for sep in ";,\t") else ";"


def _columns(header: list[str]) -> tuple[int | None, int] | None:
    """Where the name and e-mail columns are, if the first row is a header."""
    cells = [cell.strip().lower() for cell in header]
    email = next((i for i, cell in enumerate(cells) if cell in EMAIL_HEADERS), None)
    if email is None:
        return None
    return next((i for i, cell in enumerate(cells) if cell in NAME_HEADERS), None), email


def _person_from_cells(cells: list[str]) -> tuple[str, str]:
    cells = [cell.strip() for cell in cells if cell.strip()]
    if len(cells) == 1:
        match = _ANGLED.match(cells[0])
        return (match["name"].strip().strip('"'), match["email"]) if match else ("", cells[0])
    email = next((cell for cell in cells if "@" in cell), "")
    name = next((cell for cell in cells if "@" not in cell), "")
    return name, email


def parse_people(text: str) -> list[Person]:
    """Every person in the list, each address once; ValidationError naming every wrong line, so that
    nothing is done with a list that has a typo in it."""
    text = text.strip().lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=_dialect(text)))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    columns = _columns(rows[0]) if rows else None
    start = 1 if columns else 0
    people: dict[str, Person] = {}
    errors: list[str] = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if columns:
            name_at, email_at = columns
            email = row[email_at].strip() if email_at < len(row) else ""
            name = row[name_at].strip() if name_at is not None and name_at < len(row) else ""
        else:
            name, email = _person_from_cells(row)
        email = email.strip().strip("<>").lower()
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("regel %(line)s: ‘%(text)s’ heeft geen geldig e-mailadres") % {
                "line": number, "text": ";".join(row)[:80]})
            continue
        people.setdefault(email, Person(name=name[:150], email=email))
    if errors:
        raise ValidationError(
            _("Er is niemand uitgenodigd. Verbeter eerst: %(errors)s.") % {"errors": "; ".join(errors)})
    if not people:
        raise ValidationError(_("De lijst is leeg: zet op elke regel een naam en een e-mailadres."))
    if len(people) > MAX_PEOPLE:
        raise ValidationError(_("Er staan meer dan %(max)s mensen in de lijst; nodig ze in delen uit.") % {
            "max": MAX_PEOPLE})
    return list(people.values())
