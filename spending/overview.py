"""What other pages show of the workload funds: the coach and board overview (a column and its alerts) and
the rows the RI&E plan van aanpak takes from the consented plans. werkdruk/wegwijzer.py names both."""

from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from projects.dashboard import Alert, Columns
from projects.models import Cycle

from . import plans, school_years
from .models import PlanLine, PlanState, SpendingPlan

ACCOUNT_GRACE = timedelta(days=92)  # three months after 31 July


def dashboard_columns(cycles: list, today: date) -> dict[int, Columns]:
    """Per cycle, its school's plan of this school year (or the latest) with alerts for a missing consent or
    account."""
    school_of = {cycle.pk: cycle.project.school_id for cycle in cycles}  # the overview selects the project
    this_year = school_years.of(today)
    by_school: dict[int, dict[int, SpendingPlan]] = {}
    for plan in SpendingPlan.objects.filter(school__in=set(school_of.values()),
                                            school_year__in=(this_year - 1, this_year)).prefetch_related(
            "versions__decision", "versions__consultation"):
        by_school.setdefault(plan.school_id, {})[plan.school_year] = plan
    columns = {}
    for cycle in cycles:
        school_plans = by_school.get(school_of.get(cycle.pk), {})
        columns[cycle.pk] = _columns(school_plans.get(this_year), school_plans.get(this_year - 1), this_year, today)
    return columns


def _columns(current: SpendingPlan | None, previous: SpendingPlan | None, this_year: int, today: date) -> Columns:
    shown = current or previous
    values = {"spending": {"state": plans.state(shown), "year": shown.year_label} if shown else None}
    alerts = []
    if current is None or current.consented is None:
        alerts.append(Alert("spending_consent", _("Geen vastgesteld bestedingsplan voor %(year)s") % {
            "year": school_years.label(this_year)}))
    if previous is not None and previous.consented is not None and previous.account_finished_on is None \
            and today > school_years.end(this_year - 1) + ACCOUNT_GRACE:
        alerts.append(Alert("spending_account", _("Nog geen verantwoording van de werkdrukmiddelen %(year)s") % {
            "year": previous.year_label}))
    return Columns(values=values, alerts=alerts)


def plan_van_aanpak_rows(cycle: Cycle) -> list[list[str]]:
    """The lines of the cycle's consented plans as measures of the RI&E plan van aanpak, with their result."""
    rows = []
    for plan in SpendingPlan.objects.filter(cycle=cycle).order_by("school_year"):
        version = plan.consented
        if version is None:
            continue
        for line in version.lines.select_related("bottleneck"):
            result = line.effect or (_("vastgesteld, nog niet verantwoord") if plans.state(plan) != PlanState.ACCOUNTED
                                     else "")
            rows.append([
                line.bottleneck.label if line.bottleneck else "",
                _("%(title)s (bestedingsplan werkdrukmiddelen %(year)s, ingestemd door de PMR op %(date)s)") % {
                    "title": line.title, "year": plan.year_label, "date": date_format(version.decision.decided_on)},
                _("schoolleider"),
                school_years.end(plan.school_year).isoformat(),
                _("Resultaat: %(result)s") % {"result": result},
            ])
    return rows


def export_rows(school) -> list[dict]:
    """Every line of every version of the school's plans, for the school's data export (projects.privacy).
    The consultation's votes stay out: only what spending.anonymity shows of them is the school's to see."""
    lines = PlanLine.objects.filter(version__plan__school=school).select_related("version__plan", "bottleneck")
    return [
        {
            "schooljaar": line.version.plan.year_label,
            "versie": line.version.number,
            "regel": line.title,
            "knelpunt": line.bottleneck.label if line.bottleneck else "",
            "categorie": line.category,
            "financiering": line.funding_label,
            "kosten": line.cost,
            "fte": line.fte,
            "besteed": line.spent,
            "ingezet_fte": line.spent_fte,
            "wat_het_opleverde": line.effect,
        }
        for line in lines.order_by("version__plan__school_year", "version__number", "pk")
    ]
