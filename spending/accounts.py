"""The account at the year's end: per line what was spent and what it did, beside what the nameting said of
its measure (step 5), and the one-page verantwoording the project leader sends to the PMR."""

from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from projects.models import Role
from projects.wiring import wiring

from .models import PlanLine, PlanVersion, SpendingPlan


@dataclass(frozen=True)
class AccountRow:
    line: PlanLine
    measure_result: Any  # what the nameting said of the line's measure (evaluation.measures.MeasureResult)


def rows(plan: SpendingPlan, version: PlanVersion, lines: list[PlanLine]) -> list[AccountRow]:
    results = wiring().measure_results(plan.cycle) if plan.cycle_id else {}
    return [AccountRow(line, results.get(f"M{line.measure_id}") if line.measure_id else None) for line in lines]


def pmr_addresses(plan: SpendingPlan) -> list[str]:
    return sorted(set(
        plan.school.memberships.filter(role=Role.PMR_LID).exclude(user__email="").values_list("user__email", flat=True)
    ))


def send_to_pmr(plan: SpendingPlan, pdf: bytes) -> bool:
    addresses = pmr_addresses(plan)
    if not addresses:
        return False
    context = {"plan": plan, "school": plan.school}
    mail = EmailMessage(
        subject=render_to_string("spending/email/account_subject.txt", context).strip(),
        body=render_to_string("spending/email/account.txt", context),
        to=addresses,
    )
    mail.attach(f"verantwoording-{plan.school.slug}-{plan.year_label}.pdf", pdf, "application/pdf")
    mail.send()
    plan.account_sent_on = timezone.localdate()
    plan.save(update_fields=["account_sent_on"])
    return True
