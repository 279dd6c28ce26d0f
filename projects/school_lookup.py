"""`--school NAAM|BRIN [--board NAAM]` of the management commands: which school is meant.

A school's name is unique only within its board ("OBS De Regenboog" exists many times in the
country), so a name found at two boards is not guessed at: the command asks for `--board`.
"""

from django.db.models import Q

from .models import School


class SchoolLookupError(Exception):
    """A message for the command line: no such school, or not one."""


def looks_like_brin(value: str) -> bool:
    brin = "".join(value.split()).upper()
    return len(brin) == 6 and brin[:2].isdigit() and brin[2:4].isalpha() and brin[4:].isdigit()


def find_school(value: str, board_name: str | None = None) -> School | None:
    """The school with this BRIN, name or address name (slug), at the board if one is named; None if
    there is none. SchoolLookupError when the name is at several boards and no board is named."""
    schools = School.objects.select_related("board", "project")
    if board_name:
        schools = schools.filter(board__name=board_name)
    if looks_like_brin(value):
        found = schools.filter(brin="".join(value.split()).upper()).first()
        if found is not None:
            return found
    matches = list(schools.filter(Q(name=value) | Q(slug=value)).order_by("board__name")[:10])
    if len({school.pk for school in matches}) > 1:
        boards = ", ".join(f"'{school.board.name}'" for school in matches)
        raise SchoolLookupError(
            f"Er zijn meer scholen met de naam '{value}' (bij {boards}). Geef ook --board, of het BRIN-nummer.")
    return matches[0] if matches else None


def school_or_error(value: str, board_name: str | None = None) -> School:
    school = find_school(value, board_name)
    if school is None:
        where = f" bij bestuur '{board_name}'" if board_name else ""
        raise SchoolLookupError(f"School '{value}'{where} bestaat niet.")
    return school
