"""The school year runs from 1 August to 31 July; a plan and the board's account are per school year."""

from datetime import date


def start(year: int) -> date:
    return date(year, 8, 1)


def end(year: int) -> date:
    return date(year + 1, 7, 31)


def of(day: date) -> int:
    """The school year (by the year it starts in) that holds this day."""
    return day.year if day.month >= 8 else day.year - 1


def label(year: int) -> str:
    return f"{year}-{year + 1}"


def of_calendar_year(year: int) -> tuple[int, int]:
    """A calendar year (the bestuursverslag's) spans the end of one school year and the start of the next."""
    return (year - 1, year)
