"""The bestedingsplan: drafted from the werkplan, totals against the amount, versions, and the PMR's consent."""

from decimal import Decimal

import pytest
from django.urls import reverse

from spending import plans
from spending.models import Decision, PlanLine, PlanState, PlanVersion, PmrDecision


def url(plan, name="spending:plan", **kwargs):
    return reverse(name, kwargs={"school": plan.school.slug, "year": plan.school_year, **kwargs})


def test_a_plan_is_drafted_with_a_line_per_measure_of_the_werkplan(plan, werkplan):
    lines = list(plan.latest.lines.all())
    assert [(line.title, line.measure, line.bottleneck.label) for line in lines] == [
        ("Eén registratiesysteem", werkplan[0], "Administratie"),
        ("Vergaderingen van een uur", werkplan[1], "Vergaderen"),
    ]
    assert plans.state(plan) == PlanState.CONCEPT


def test_the_project_leader_drafts_a_plan_for_a_school_year(as_user, alice, school, werkplan):
    response = as_user(alice).post(reverse("spending:plans", kwargs={"school": school.slug}), {"school_year": 2027})
    plan = school.spending_plans.get()
    assert response.status_code == 302 and plan.school_year == 2027 and plan.latest.lines.count() == 2


def test_a_second_plan_for_the_same_school_year_is_refused(as_user, alice, plan):
    response = as_user(alice).post(reverse("spending:plans", kwargs={"school": plan.school.slug}),
                                   {"school_year": 2026})
    assert "Voor dit schooljaar is er al een bestedingsplan." in response.content.decode()
    assert plan.school.spending_plans.count() == 1


def test_totals_count_the_lines_and_only_the_workload_funds_against_the_amount(plan):
    version = plan.latest
    version.amount = Decimal("10000")
    version.save()
    first, second = version.lines.all()
    first.cost, first.fte = Decimal("6000"), Decimal("0.2")
    first.save()
    second.cost, second.funding, second.funding_name = Decimal("3000"), "anders", "Subsidie gemeente"
    second.save()
    totals = plans.totals(version)
    assert (totals.planned, totals.workload_funds, totals.fte) == (Decimal("9000"), Decimal("6000"), Decimal("0.2"))
    assert totals.difference == Decimal("4000") and not totals.is_over
    assert totals.warning == "Er is nog € 4.000,00 van het beschikbare bedrag niet verdeeld."


def test_a_plan_over_the_amount_warns_clearly(plan):
    version = plan.latest
    version.pupils, version.per_pupil = 20, Decimal("100")
    version.save()
    PlanLine.objects.create(version=version, title="Onderwijsassistent", cost=Decimal("2500"))
    totals = plans.totals(version)
    assert totals.budget == Decimal("2000") and totals.is_over
    assert totals.warning == "Het plan gaat € 500,00 over het beschikbare bedrag heen."


def test_a_plan_that_adds_up_or_has_no_amount_gives_no_warning(plan):
    assert plans.totals(plan.latest).warning == ""
    PlanLine.objects.create(version=plan.latest, title="Scholing", cost=Decimal("500"))
    version = plan.latest
    version.amount = Decimal("500")
    version.save()
    assert plans.totals(version).warning == ""


def test_the_page_shows_the_over_budget_warning(as_user, bob, plan):
    version = plan.latest
    version.amount = Decimal("100")
    version.save()
    PlanLine.objects.create(version=version, title="Onderwijsassistent", cost=Decimal("250"))
    page = as_user(bob).get(url(plan)).content.decode()
    assert "Het plan gaat € 150,00 over het beschikbare bedrag heen." in page


def consent(version, decision=Decision.CONSENT, text=""):
    return PmrDecision.objects.create(version=version, decision=decision, text=text)


def test_only_a_consented_version_is_vastgesteld(plan):
    consent(plan.latest, Decision.REFUSED, "Te weinig voor de onderbouw")
    assert plans.state(plan) == PlanState.CONCEPT
    plans.editable_version(plan)
    consent(plan.latest, Decision.CONDITIONS, "Evalueren in januari")
    assert plans.state(plan) == PlanState.ADOPTED


def test_a_change_after_consent_makes_a_new_version_that_waits_for_the_pmr(as_user, sam, plan):
    consented = plan.latest
    consent(consented)
    response = as_user(sam).post(url(plan, "spending:add_line"), {
        "title": "Vakleerkracht gym", "cost": "12000", "category": "vakleerkracht", "funding": "werkdrukmiddelen"})
    assert response.status_code == 302
    assert plans.state(plan) == PlanState.AWAITING_PMR
    assert plan.versions.count() == 2 and plan.consented == consented
    assert consented.lines.count() == 2 and plan.latest.lines.count() == 3  # the consented version is kept


def test_changing_the_amount_after_consent_also_waits_for_the_pmr(as_user, alice, plan):
    consent(plan.latest)
    as_user(alice).post(url(plan, "spending:amount"), {"amount": "50000"})
    assert plans.state(plan) == PlanState.AWAITING_PMR
    assert plan.consented.amount is None and plan.latest.amount == Decimal("50000")


def test_deleting_a_line_of_a_consented_version_removes_its_copy(as_user, alice, plan):
    consented = plan.latest
    consent(consented)
    first = consented.lines.first()
    as_user(alice).post(url(plan, "spending:delete_line", line=first.pk))
    assert consented.lines.count() == 2
    assert [line.title for line in plan.latest.lines.all()] == ["Vergaderingen van een uur"]
    assert plans.state(plan) == PlanState.AWAITING_PMR


def test_editing_a_line_of_a_consented_version_changes_its_copy(as_user, sam, plan):
    consented = plan.latest
    consent(consented)
    first = consented.lines.first()
    response = as_user(sam).post(url(plan, "spending:edit_line", line=first.pk), {
        "title": first.title, "cost": "4000", "category": "ict_materiaal", "funding": "werkdrukmiddelen"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.cost is None and plan.latest.lines.first().cost == Decimal("4000")
    assert plans.state(plan) == PlanState.AWAITING_PMR


def test_a_line_of_another_plan_is_not_found(as_user, alice, plan):
    other = plans.draft(plan.school, 2025, None)
    line = PlanLine.objects.create(version=other.latest, title="Elders", cost=Decimal("1"))
    assert as_user(alice).get(url(plan, "spending:edit_line", line=line.pk)).status_code == 404


def test_a_line_without_cost_or_fte_is_refused_and_nothing_changes(as_user, alice, plan):
    response = as_user(alice).post(url(plan, "spending:add_line"), {
        "title": "Iets", "category": "anders", "funding": "werkdrukmiddelen"}, follow=True)
    assert "Noem de kosten in euro&#x27;s, in fte of allebei." in response.content.decode()
    assert plan.latest.lines.count() == 2 and plan.versions.count() == 1


def test_a_negative_amount_is_refused(as_user, alice, plan):
    response = as_user(alice).post(url(plan, "spending:amount"), {"amount": "-5"}, follow=True)
    assert "Een bedrag kan niet negatief zijn." in response.content.decode()
    assert PlanVersion.objects.get().amount is None


def test_the_pmr_member_consents_with_a_condition(as_user, pim, plan):
    response = as_user(pim).post(url(plan, "spending:decision"), {
        "decision": "voorwaarden", "text": "Evalueren in januari", "decided_on": "2026-10-01"})
    assert response.status_code == 302
    decision = plan.latest.decision
    assert (decision.decision, decision.text, str(decision.decided_on), decision.recorded_by) == (
        "voorwaarden", "Evalueren in januari", "2026-10-01", pim)
    assert plans.state(plan) == PlanState.ADOPTED


def test_conditions_without_text_are_refused(as_user, pim, plan):
    response = as_user(pim).post(url(plan, "spending:decision"), {
        "decision": "voorwaarden", "decided_on": "2026-10-01"}, follow=True)
    assert "Noem de voorwaarden of de redenen." in response.content.decode()
    assert not PmrDecision.objects.exists()


def test_the_pmr_does_not_decide_twice_on_one_version(as_user, pim, plan):
    consent(plan.latest)
    as_user(pim).post(url(plan, "spending:decision"), {"decision": "geen_instemming", "text": "Nee",
                                                        "decided_on": "2026-10-01"})
    assert PmrDecision.objects.get().decision == "instemming"


@pytest.mark.parametrize("who", ["bob", "alice", "sam"])
def test_only_a_pmr_member_records_the_decision(request, as_user, plan, who):
    response = as_user(request.getfixturevalue(who)).post(url(plan, "spending:decision"), {
        "decision": "instemming", "decided_on": "2026-10-01"})
    assert response.status_code == 403 and not PmrDecision.objects.exists()


def test_a_teacher_reads_the_plan_without_edit_forms(as_user, bob, plan):
    page = as_user(bob).get(url(plan)).content.decode()
    assert "Eén registratiesysteem" in page
    assert "Regel toevoegen" not in page and "Teamraadpleging openen" not in page


def test_the_team_meeting_is_recorded_on_the_plan(as_user, sam, plan):
    as_user(sam).post(url(plan, "spending:team_meeting"),
                      {"team_meeting_on": "2026-09-15", "team_meeting_outcome": "Het team steunt het plan"})
    plan.refresh_from_db()
    assert str(plan.team_meeting_on) == "2026-09-15" and plan.team_meeting_outcome == "Het team steunt het plan"
