"""The werkplan as a whole: counts for overviews, and the rows of an RI&E plan van aanpak."""

from collections import Counter
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import Measure, MeasureStatus

PLAN_VAN_AANPAK_COLUMNS = (_("Risico/knelpunt"), _("Maatregel"), _("Verantwoordelijke"), _("Klaar op"), _("Status"))


def summary(measures: list[Measure], today: date) -> dict[str, int]:
    """Measures per status, and how many are overdue or have had no update for four weeks.

    The measures come from Measure.objects.for_werkplan() (stale needs `last_update_on`).
    """
    counts = Counter(measure.status for measure in measures)
    return {
        "total": len(measures),
        **{status.value: counts.get(status.value, 0) for status in MeasureStatus},
        "overdue": sum(measure.is_overdue(today) for measure in measures),
        "stale": sum(measure.is_stale(today) for measure in measures),
    }


def owner_name(measure: Measure) -> str:
    if measure.owner is None:
        return ""
    return measure.owner.get_full_name() or measure.owner.username


def plan_van_aanpak_rows(measures: list[Measure]) -> list[list[str]]:
    """One row per measure in the columns of an RI&E plan van aanpak."""
    return [
        [
            measure.bottleneck.label,
            measure.title,
            owner_name(measure),
            date_format(measure.ends_on) if measure.ends_on else "",
            str(measure.get_status_display()),
        ]
        for measure in measures
    ]
