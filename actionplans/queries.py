"""What other apps may ask of the action plans (the coach dashboard, reports, the nameting).

They call these functions and never read this app's tables themselves.
"""

from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from projects.models import Cycle

from . import werkplan
from .models import Bottleneck, Measure, ProgressUpdate, Success


def top_five(cycle: Cycle) -> list[Bottleneck]:
    return list(cycle.bottlenecks.top())


def measures(cycle: Cycle) -> list[Measure]:
    return list(Measure.objects.filter(cycle=cycle).for_werkplan())


def werkplan_summary(cycle: Cycle) -> dict[str, int]:
    """{"total", "gepland", "bezig", "afgerond", "gestopt", "overdue", "stale"}."""
    return werkplan.summary(measures(cycle), timezone.localdate())


def last_activity(cycle: Cycle) -> datetime | None:
    """When anyone last worked on the cycle's bottlenecks, werkplan or success wall."""
    moments = [
        cycle.bottlenecks.aggregate(at=Max("created_at"))["at"],
        cycle.brainstorms.aggregate(at=Max("opened_at"))["at"],
        Measure.objects.filter(cycle=cycle).aggregate(at=Max("updated_at"))["at"],
        ProgressUpdate.objects.filter(measure__cycle=cycle).aggregate(at=Max("created_at"))["at"],
        Success.objects.filter(cycle=cycle).aggregate(at=Max("created_at"))["at"],
    ]
    return max((moment for moment in moments if moment is not None), default=None)


def measure_questions(cycle: Cycle) -> list[dict[str, str]]:
    """For the nameting's 'Heeft deze maatregel je werkdruk verminderd?', one question per measure."""
    return [{"code": f"M{measure.pk}", "text": measure.title} for measure in Measure.objects.filter(cycle=cycle).order_by("pk")]
