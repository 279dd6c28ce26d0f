"""The overview of many schools for process coaches and board members.

The apps' columns are listed in the wiring (werkdruk/wegwijzer.py): for each a header and the
template of its cell, and per app one function that gets all cycles at once and answers, in one
or two queries, with the values and alerts of every row. So the page costs the same number of
queries for five schools as for sixty.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Activity, Cycle, Role, School
from .steps import StepState, cycle_steps, with_facts
from .wiring import wiring

OVERSEER_ROLES = (Role.PROCESBEGELEIDER, Role.BESTUURDER)


@dataclass(frozen=True)
class Alert:
    kind: str  # a stable key used for filtering: "wave", "overdue", "stale", "target"
    text: str


@dataclass
class Columns:
    """What one app contributes to a school's row."""

    values: dict = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)


@dataclass
class SchoolRow:
    school: School
    cycle: Cycle
    steps: list[StepState]
    values: dict = field(default_factory=dict)
    alerts: list[Alert] = field(default_factory=list)

    @property
    def current(self) -> StepState | None:
        return next((state for state in self.steps if state.is_current), None)

    @property
    def step_number(self) -> int:
        return self.current.step.number if self.current else 7


def overseen_schools(user) -> Iterable[School]:
    """The schools of a coach or board member, and every school of the boards a bestuursbeheerder runs."""
    return School.objects.filter(
        Q(memberships__user=user, memberships__role__in=OVERSEER_ROLES) | Q(board__administrators__user=user)
    ).distinct()


def rows_for(schools: Iterable[School], today: date | None = None) -> list[SchoolRow]:
    today = today or timezone.localdate()
    latest = {}
    cycles = with_facts(Cycle.objects.filter(project__school__in=schools).select_related("project__school__board"))
    for cycle in cycles.order_by("project_id", "number"):
        latest[cycle.project_id] = cycle
    current = list(latest.values())
    rows = {
        cycle.pk: SchoolRow(school=cycle.project.school, cycle=cycle, steps=cycle_steps(cycle)) for cycle in current
    }
    for row in rows.values():
        row.alerts.extend(
            Alert("target", _("Stap %(number)s is over de streefdatum (%(date)s)") % {
                "number": state.step.number, "date": state.target_date.strftime("%d-%m-%Y")})
            for state in row.steps if state.overdue
        )
    for provider in [_projects_columns, *wiring().overview_values]:
        for cycle_id, columns in provider(current, today).items():
            rows[cycle_id].values.update(columns.values)
            rows[cycle_id].alerts.extend(columns.alerts)
    return sorted(rows.values(), key=lambda row: row.school.name)


def _projects_columns(cycles: list[Cycle], today: date) -> dict[int, Columns]:
    last = dict(
        Activity.objects.filter(project__cycles__in=cycles).values("project").annotate(last=Max("created_at"))
        .values_list("project", "last")
    )
    return {cycle.pk: Columns(values={"last_activity": last.get(cycle.project_id)}) for cycle in cycles}


SORTS: dict[str, Callable[[SchoolRow], object]] = {
    "naam": lambda row: row.school.name,
    "stap": lambda row: (row.step_number, row.school.name),
    "signalen": lambda row: (-len(row.alerts), row.school.name),
    "activiteit": lambda row: (row.values.get("last_activity") is not None, row.values.get("last_activity") or 0),
}


def sort_and_filter(rows: list[SchoolRow], sort: str, only_alerts: bool, board_id: int | None) -> list[SchoolRow]:
    if only_alerts:
        rows = [row for row in rows if row.alerts]
    if board_id:
        rows = [row for row in rows if row.school.board_id == board_id]
    return sorted(rows, key=SORTS.get(sort, SORTS["naam"]))
