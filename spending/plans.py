"""The bestedingsplan as a workflow: drafting it from the werkplan, changing it (a new version once the team or
the PMR has seen it), its state, and its totals against the amount."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from actionplans.models import Measure
from projects.models import School

from .models import PlanLine, PlanState, PlanVersion, SpendingPlan


@transaction.atomic
def draft(school: School, school_year: int, cycle) -> SpendingPlan:
    """A new plan with one line per measure of the cycle's werkplan, each tied to its bottleneck."""
    plan = SpendingPlan.objects.create(school=school, school_year=school_year, cycle=cycle)
    version = PlanVersion.objects.create(plan=plan, number=1)
    if cycle is not None:
        for measure in Measure.objects.filter(cycle=cycle).select_related("bottleneck").order_by("pk"):
            PlanLine.objects.create(version=version, measure=measure, title=measure.title,
                                    bottleneck=measure.bottleneck)
    return plan


@transaction.atomic
def editable_version(plan: SpendingPlan) -> PlanVersion:
    """The version to change: the latest, or, once the team or the PMR has seen it, a copy as the next one."""
    latest = plan.latest
    if not latest.is_locked:
        return latest
    version = PlanVersion.objects.create(
        plan=plan, number=latest.number + 1, amount=latest.amount, pupils=latest.pupils,
        per_pupil=latest.per_pupil, pupils_counted_on=latest.pupils_counted_on,
    )
    for line in latest.lines.all():
        line.copy_to(version)
    return version


def line_to_change(plan: SpendingPlan, line: PlanLine) -> PlanLine:
    """The line of the latest version to change: itself, or, once that version is locked, its copy in the next."""
    version = editable_version(plan)
    if version.pk == line.version_id:
        return line
    position = list(line.version.lines.values_list("pk", flat=True)).index(line.pk)
    return list(version.lines.all())[position]


def state(plan: SpendingPlan) -> PlanState:
    latest = plan.latest
    decision = getattr(latest, "decision", None)
    consultation = getattr(latest, "consultation", None)
    if decision is not None and decision.consents:
        return PlanState.ACCOUNTED if plan.account_finished_on else PlanState.ADOPTED
    if consultation is not None and consultation.is_open:
        return PlanState.CONSULTING
    if decision is None and (consultation is not None or plan.consented is not None):
        # Consulted and not decided yet, or changed after the PMR consented: every change needs a new consent.
        return PlanState.AWAITING_PMR
    return PlanState.CONCEPT


@dataclass(frozen=True)
class Totals:
    budget: Decimal | None
    planned: Decimal
    fte: Decimal
    workload_funds: Decimal  # what the lines funded by the workload funds cost
    spent: Decimal

    @property
    def difference(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.workload_funds

    @property
    def warning(self) -> str:
        """Over or under the amount, in words; empty when it adds up or there is no amount yet."""
        difference = self.difference
        if difference is None or difference == 0:
            return ""
        if difference < 0:
            return _("Het plan gaat € %(amount)s over het beschikbare bedrag heen.") % {"amount": _euros(-difference)}
        return _("Er is nog € %(amount)s van het beschikbare bedrag niet verdeeld.") % {"amount": _euros(difference)}

    @property
    def is_over(self) -> bool:
        return self.difference is not None and self.difference < 0


def totals(version: PlanVersion, lines=None) -> Totals:
    lines = list(version.lines.all()) if lines is None else lines
    return Totals(
        budget=version.budget,
        planned=sum((line.cost or 0 for line in lines), Decimal(0)),
        fte=sum((line.fte or 0 for line in lines), Decimal(0)),
        workload_funds=sum((line.cost or 0 for line in lines if line.funding == "werkdrukmiddelen"), Decimal(0)),
        spent=sum((line.spent or 0 for line in lines), Decimal(0)),
    )


def _euros(amount: Decimal) -> str:
    return number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
