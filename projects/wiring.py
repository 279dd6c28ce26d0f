"""What the pages that show every app at once need from the apps, as plain data.

`projects` is the base the other apps build on and imports none of them. The pages it holds
that show them all (the project page with its six steps, a school's tabs, the coach overview,
starting the next cycle, the inspectorate checklist, a school's data export, the report) read
what the apps contribute from one module, named by the setting WERKDRUK_WIRING:
`werkdruk/wegwijzer.py`. That module imports the apps and fills in a `Wiring`, top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.module_loading import import_string

from .access import Action

if TYPE_CHECKING:
    from django.db.models import Expression

    from .models import Cycle, School


@dataclass(frozen=True)
class Section:
    """A tab of a school's pages."""

    key: str
    label: str
    url_name: str
    action: Action = Action.VIEW
    purpose: str = ""  # what the tab is for, told where a school has no project yet


@dataclass(frozen=True)
class OverviewColumn:
    """A column of the coach overview: its header and the template that shows a row's cell."""

    key: str
    label: str
    template: str


@dataclass(frozen=True)
class InspectionCheck:
    """One point of the labour inspectorate's checklist and the function that tells whether it holds."""

    key: str
    label: str
    holds: Callable[[Cycle], tuple[bool, str]]


@dataclass(frozen=True)
class Wiring:
    # Per step, the functions that tell its status from the content (see projects.steps).
    steps: Mapping[int, tuple[Callable, ...]]
    # The facts those functions read: annotations on Cycle, by their literal name.
    facts: Mapping[str, Callable[[], Expression]]
    prefetch: tuple[str, ...]
    target_dates: Callable[[Cycle], dict[int, Any]]
    sections: tuple[Section, ...]
    overview_columns: tuple[OverviewColumn, ...]
    overview_values: tuple[Callable, ...]  # all cycles at once -> {cycle id: Columns}
    overview_links: tuple[str, ...]  # templates of the links under the overview (each gets `boards`)
    carry_over: tuple[Any, ...]  # projects.cycles.CarryOver
    inspection_checks: tuple[InspectionCheck, ...]
    school_data: Mapping[str, Callable[[School], list[dict]]]
    report_sections: tuple[Callable[[Cycle], Iterable[Any]], ...] = ()
    measure_questions: Callable[[Cycle], Iterable[dict[str, str]]] = field(default=lambda cycle: ())
    # Called with a wave once its closing commits (surveys.waves.close_wave), after it was counted.
    wave_closed: tuple[Callable[[Any], None], ...] = ()


def facts(*groups: Mapping[str, Callable]) -> dict[str, Callable]:
    """The facts of several apps together; two apps may not use one name."""
    merged: dict[str, Callable] = {}
    for group in groups:
        clash = merged.keys() & group.keys()
        if clash:
            raise ValueError(f"Twee apps gebruiken dezelfde feitnaam: {', '.join(sorted(clash))}")
        merged.update(group)
    return merged


def wiring() -> Wiring:
    return import_string(settings.WERKDRUK_WIRING)
