"""The action plans' part of a school's report: the top five bottlenecks and the werkplan.

Listed in werkdruk/wegwijzer.py (`report_sections`). It lives here because step 5
builds on the action plans, not the other way round: `actionplans` does not import `evaluation`.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actionplans import werkplan
from actionplans.models import Measure
from projects.models import Cycle

from .reports import ReportSection


def report_sections(cycle: Cycle) -> list[ReportSection]:
    """The top five and the werkplan's state, for the school report."""
    sections = []
    top = list(cycle.bottlenecks.top())
    if top:
        sections.append(ReportSection(
            title=_("Top vijf knelpunten"), order=30,
            intro=_("De knelpunten die de werkgroep koos, met de reden."),
            headers=(_("Plaats"), _("Knelpunt"), _("Waarom")),
            rows=[(str(b.rank), b.label, b.reason) for b in top],
        ))
    measures = list(Measure.objects.filter(cycle=cycle).for_werkplan())
    if measures:
        sections.append(ReportSection(
            title=_("Werkplan"), order=31,
            headers=[str(column) for column in werkplan.PLAN_VAN_AANPAK_COLUMNS],
            rows=werkplan.plan_van_aanpak_rows(measures, format_date=date_format),
        ))
    return sections
