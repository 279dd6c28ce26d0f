"""Waves with responses for the results tests, stored the way the import stores them."""

from datetime import timedelta

from django.utils import timezone

from surveys import instruments
from surveys.importing import ENERGY_VALUES, ResponseRow, save_responses
from surveys.models import Wave
from tests.factories import CycleFactory, SchoolFactory


def make_wave(school=None, kind: str = "voormeting", closed: bool = True, cycle=None) -> Wave:
    if cycle is None:
        school = school or SchoolFactory()
        cycle = school.project.cycles.order_by("-number").first() if hasattr(school, "project") else None
        cycle = cycle or CycleFactory(project__school=school)
    today = timezone.localdate()
    return Wave.objects.create(
        cycle=cycle, kind=kind, instrument=instruments.current_version(),
        opens_on=today - timedelta(days=30), closed_at=timezone.now() if closed else None,
    )


def row(department: str = "", **answers) -> ResponseRow:
    """A response; energy answers by name (E01="taker"), likert answers as numbers, None for n.v.t."""
    stored = {
        code: ENERGY_VALUES[value].value if isinstance(value, str) else value
        for code, value in answers.items()
        if value is not None
    }
    return ResponseRow(department=department, answers=stored)


def add_responses(wave: Wave, rows: list[ResponseRow]) -> None:
    save_responses(wave, rows)


def add_respondents(wave: Wave, n: int, department: str = "", **answers) -> None:
    """n identical responses."""
    add_responses(wave, [row(department, **answers) for _ in range(n)])
