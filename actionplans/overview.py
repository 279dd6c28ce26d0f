"""What other apps' overviews show of the action plans: the coach's dashboard and the data export.

werkdruk/wegwijzer.py names each function where it is used; the dashboard provider answers for many cycles at
once in a fixed number of queries.
"""

from collections import defaultdict
from datetime import date

from django.utils.translation import ngettext

from projects.dashboard import Alert, Columns

from . import werkplan
from .models import Bottleneck, Measure


def dashboard_columns(cycles: list, today: date) -> dict[int, Columns]:
    """Per cycle its top five labels and werkplan summary, with alerts for late and quiet measures."""
    ids = [cycle.pk for cycle in cycles]
    top: dict[int, list[str]] = defaultdict(list)
    for cycle_id, label in Bottleneck.objects.filter(cycle__in=ids).top().values_list("cycle_id", "label"):
        top[cycle_id].append(label)
    measures: dict[int, list[Measure]] = defaultdict(list)
    for measure in Measure.objects.filter(cycle__in=ids).for_werkplan().prefetch_related(None).select_related(None):
        measures[measure.cycle_id].append(measure)
    columns = {}
    for cycle_id in ids:
        summary = werkplan.summary(measures[cycle_id], today)
        alerts = []
        if summary["overdue"]:
            alerts.append(Alert("overdue", ngettext(
                "%(n)s maatregel over de einddatum", "%(n)s maatregelen over de einddatum", summary["overdue"],
            ) % {"n": summary["overdue"]}))
        if summary["stale"]:
            alerts.append(Alert("stale", ngettext(
                "%(n)s maatregel vier weken zonder update", "%(n)s maatregelen vier weken zonder update",
                summary["stale"],
            ) % {"n": summary["stale"]}))
        columns[cycle_id] = Columns(values={"top_five": top[cycle_id], "werkplan": summary}, alerts=alerts)
    return columns


def export_rows(school) -> list[dict]:
    """Every measure of every cycle of the school, for the school's data export (projects.privacy)."""
    measures = Measure.objects.filter(cycle__project__school=school).select_related("cycle", "bottleneck", "owner")
    return [
        {
            "cyclus": measure.cycle.number,
            "knelpunt": measure.bottleneck.label,
            "plaats_in_top_vijf": measure.bottleneck.rank,
            "maatregel": measure.title,
            "beschrijving": measure.description,
            "beoogd_resultaat": measure.expected_result,
            "eigenaar": werkplan.owner_name(measure),
            "start": measure.starts_on,
            "klaar_op": measure.ends_on,
            "evaluatie_op": measure.evaluate_on,
            "status": measure.status,
        }
        for measure in measures.order_by("cycle__number", "pk")
    ]
