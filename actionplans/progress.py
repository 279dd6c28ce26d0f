"""Step 4: which measures need attention, and the walk through the werkplan in a meeting."""

from dataclasses import dataclass
from datetime import date

from .models import Measure


@dataclass(frozen=True)
class Attention:
    overdue: list[Measure]
    stale: list[Measure]

    def __bool__(self) -> bool:
        return bool(self.overdue or self.stale)


def mark(measures: list[Measure], today: date) -> list[Measure]:
    """Give each measure `overdue` and `stale` flags for the templates; returns the same list."""
    for measure in measures:
        measure.overdue = measure.is_overdue(today)
        measure.stale = measure.is_stale(today)
    return measures


def attention(measures: list[Measure], today: date) -> Attention:
    """Overdue measures (end date passed, not finished) and those without an update for four weeks."""
    return Attention(
        overdue=[measure for measure in measures if measure.is_overdue(today)],
        stale=[measure for measure in measures if measure.is_stale(today)],
    )


@dataclass(frozen=True)
class MeetingStop:
    """Where the meeting view stands: the measure on screen and its neighbours."""

    measure: Measure
    index: int  # 1-based, as the meeting counts
    total: int
    previous: int | None
    next: int | None


def meeting_stop(measures: list[Measure], requested: int) -> MeetingStop | None:
    if not measures:
        return None
    index = min(max(requested, 1), len(measures))
    return MeetingStop(
        measure=measures[index - 1],
        index=index,
        total=len(measures),
        previous=index - 1 if index > 1 else None,
        next=index + 1 if index < len(measures) else None,
    )
