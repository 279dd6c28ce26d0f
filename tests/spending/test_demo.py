"""The demo's workload funds (README): where each school stands, and a rerun that changes nothing."""

import json
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from projects.models import Membership, Role
from spending import school_years
from spending.models import ConsultationInvitation, PlanState, SpendingPlan
from spending.plans import state


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_shows_each_stage_of_the_workload_funds(db):
    first = load()
    year = school_years.of(timezone.localdate())
    plans = {(plan.school.slug, plan.school_year): plan for plan in SpendingPlan.objects.select_related("school")}
    assert state(plans[("de-wilgenhof", year - 1)]) == PlanState.ACCOUNTED
    assert plans[("de-wilgenhof", year - 1)].cycle.number == 1
    assert state(plans[("obs-de-regenboog", year)]) == PlanState.CONSULTING
    assert state(plans[("cbs-het-kompas", year)]) == PlanState.AWAITING_PMR
    assert set(Membership.objects.filter(user__username="pmrlid", role=Role.PMR_LID)
               .values_list("school__slug", flat=True)) == {"obs-de-regenboog", "de-wilgenhof"}
    link = next(line for line in first.splitlines() if "teamraadpleging over het bestedingsplan" in line)

    invitations = ConsultationInvitation.objects.count()
    again = load()
    assert link in again.splitlines() and ConsultationInvitation.objects.count() == invitations
    assert SpendingPlan.objects.count() == 3

    out = StringIO()
    call_command("export_spending", "--board", "Stichting Samen Leren", "--school-year", str(year - 1), stdout=out)
    rows = {row["school"]: row for row in json.loads(out.getvalue())}
    assert len(rows) == 5
    assert rows["Basisschool De Wilgenhof"]["pmr_decision"] == "instemming"
    assert rows["Basisschool De Wilgenhof"]["team_support"] == {"for": 13, "against": 2}
