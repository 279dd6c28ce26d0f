"""What the werkplan takes into the next cycle (step 6), and the inspectorate's 'causes' check.

werkdruk/wegwijzer.py hands CARRY_OVER to `projects`, which calls it when a cycle is closed and
the next one starts.
"""

from django.utils.translation import gettext as _

from projects.cycles import CarryOver, CarryOverOption
from projects.models import Cycle
from projects.parsing import positive_int

from .models import Bottleneck, BottleneckSource, Measure, MeasureActivity

PREFIX = "maatregel:"


def options(cycle: Cycle) -> list[CarryOverOption]:
    return [
        CarryOverOption(f"{PREFIX}{measure.pk}", _("Maatregel ‘%(title)s’ (%(status)s)") % {
            "title": measure.title, "status": measure.get_status_display()})
        for measure in Measure.objects.filter(cycle=cycle).unfinished().order_by("pk")
    ]


def apply(old: Cycle, new: Cycle, keys: list[str]) -> None:
    """Improvement points become candidate bottlenecks; the chosen unfinished measures move along."""
    note = _("Verbeterpunt uit cyclus %(number)s") % {"number": old.number}
    for point in old.improvement_points.all():
        Bottleneck.objects.get_or_create(
            cycle=new, source=BottleneckSource.WORKING_GROUP, label=point.text[:200], defaults={"description": note},
        )
    chosen = {pk for key in keys if (pk := _measure_id(key)) is not None}
    for measure in Measure.objects.filter(cycle=old, pk__in=chosen).unfinished().select_related("bottleneck"):
        _move_measure(measure, new)


def _measure_id(key: str) -> int | None:
    """The measure a posted key names."""
    return positive_int(key.removeprefix(PREFIX)) if key.startswith(PREFIX) else None


def _move_measure(measure: Measure, new: Cycle) -> Measure:
    bottleneck, _created = Bottleneck.objects.get_or_create(
        cycle=new, source=BottleneckSource.WORKING_GROUP, label=measure.bottleneck.label,
        defaults={"description": _("Meegenomen uit cyclus %(number)s") % {"number": measure.cycle.number}},
    )
    copy = Measure.objects.create(
        cycle=new, bottleneck=bottleneck, title=measure.title, description=measure.description,
        expected_result=measure.expected_result, owner=measure.owner, starts_on=measure.starts_on,
        ends_on=None, evaluate_on=None, status=measure.status,
    )
    MeasureActivity.objects.bulk_create(
        MeasureActivity(measure=copy, text=item.text, done=item.done, order=item.order)
        for item in measure.activities.all()
    )
    return copy


CARRY_OVER = CarryOver(options=options, apply=apply)


def causes_check(cycle: Cycle) -> tuple[bool, str]:
    top = list(cycle.bottlenecks.top().values_list("label", flat=True))
    if not top:
        return False, _("Kies de top vijf knelpunten uit de enquête en andere bronnen.")
    return True, _("Top vijf: %(labels)s") % {"labels": ", ".join(top)}
