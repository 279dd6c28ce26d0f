"""The survey's part of a school's data export (projects.privacy): waves and their aggregates, never raw answers."""

from __future__ import annotations

from django.db.models import Count

from projects.models import School

from . import exports
from .models import Wave
from .retention import results_of


def _waves(school: School):
    return (
        Wave.objects.for_school(school).select_related("cycle")
        .annotate(invitation_count=Count("invitations", distinct=True),
                  response_count=Count("responses", distinct=True))
        .order_by("cycle__number", "-kind")
    )


def wave_rows(school: School) -> list[dict]:
    return [
        {
            "cyclus": wave.cycle.number, "meting": wave.get_kind_display(), "open_vanaf": wave.opens_on,
            "sluit_na": wave.closes_on, "gesloten_op": wave.closed_at, "gepubliceerd_op": wave.published_at,
            "uitnodigingen": wave.invitation_count, "ingevulde_vragenlijsten": wave.response_count,
        }
        for wave in _waves(school)
    ]


def result_rows(school: School) -> list[dict]:
    """Per wave the flat table of `exports` (groups of at least 5 only, as on the results page)."""
    return [
        {"cyclus": wave.cycle.number, "meting": wave.get_kind_display(),
         **{column: row.get(column) for column in exports.COLUMNS}}
        for wave in _waves(school)
        for row in exports.flat_rows(results_of(wave))
    ]
