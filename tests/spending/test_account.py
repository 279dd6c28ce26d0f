"""The account at the year's end, the verantwoording to the PMR, and what the overview and the RI&E take."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from evaluation.measures import MeasureAnswer, MeasureResult, results_by_code
from projects.models import Role
from spending import accounts, overview, plans
from spending.models import Decision, PlanState, PmrDecision, SpendingPlan
from tests.conftest import _person
from werkdruk.wegwijzer import WIRING


@pytest.fixture
def adopted(plan):
    PmrDecision.objects.create(version=plan.latest, decision=Decision.CONSENT, decided_on=date(2026, 6, 20))
    return plan


def account_url(plan, name="spending:account"):
    return reverse(name, kwargs={"school": plan.school.slug, "year": plan.school_year})


def test_the_account_records_per_line_what_was_spent_and_what_it_did(as_user, alice, adopted):
    first, second = adopted.latest.lines.all()
    response = as_user(alice).post(account_url(adopted), {
        f"r{first.pk}-spent": "4800", f"r{first.pk}-effect": "Niemand registreert dubbel",
        f"r{second.pk}-spent": "0", "finished": "1"})
    assert response.status_code == 302
    first.refresh_from_db()
    adopted.refresh_from_db()
    assert (first.spent, first.effect) == (Decimal("4800"), "Niemand registreert dubbel")
    assert plans.state(adopted) == PlanState.ACCOUNTED
    assert adopted.versions.count() == 1  # the account is no change of the plan: no new consent needed


def test_a_negative_spending_is_refused(as_user, alice, adopted):
    first = adopted.latest.lines.first()
    response = as_user(alice).post(account_url(adopted), {f"r{first.pk}-spent": "-1", "finished": "1"})
    assert "Dit kan niet negatief zijn." in response.content.decode()
    adopted.refresh_from_db()
    assert adopted.account_finished_on is None


def test_a_plan_without_consent_has_no_account(as_user, alice, plan):
    assert as_user(alice).get(account_url(plan)).status_code == 404


def test_the_account_shows_what_the_nameting_said_of_the_measure(as_user, alice, adopted, monkeypatch):
    measure = adopted.latest.lines.first().measure
    answers = tuple(MeasureAnswer(key, label, count, 20, 0.0, 100.0)
                    for key, label, count in (("yes", "ja", 12), ("a_little", "een beetje", 6), ("no", "nee", 2)))
    said = MeasureResult(f"M{measure.pk}", measure.title, 20, True, answers)
    wired = dataclasses.replace(accounts.wiring(), measure_results=lambda cycle: {said.code: said})
    monkeypatch.setattr(accounts, "wiring", lambda: wired)
    page = as_user(alice).get(account_url(adopted)).content.decode()
    assert "ja 60%, een beetje 30%, nee 10% (n = 20)" in page


def test_the_account_takes_the_nameting_from_step_5():
    assert WIRING.measure_results is results_by_code


def test_the_project_leader_sends_the_verantwoording_to_the_pmr_with_the_pdf(as_user, alice, adopted, school):
    pim = _person("pim", school, Role.PMR_LID)
    response = as_user(alice).post(account_url(adopted, "spending:send_account"))
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [pim.email]
    assert message.attachments[0][2] == "application/pdf" and message.attachments[0][1].startswith(b"%PDF")
    adopted.refresh_from_db()
    assert adopted.account_sent_on is not None


def test_without_a_pmr_member_nothing_is_sent(as_user, alice, adopted):
    response = as_user(alice).post(account_url(adopted, "spending:send_account"), follow=True)
    assert "nog geen PMR-lid met een e-mailadres" in response.content.decode() and not mail.outbox


def test_the_overview_alerts_when_there_is_no_consented_plan_for_this_school_year(plan):
    cycle = plan.school.project.current_cycle
    columns = overview.dashboard_columns([cycle], date(2026, 8, 1))[cycle.pk]
    assert columns.values["spending"]["state"] == PlanState.CONCEPT
    assert [alert.kind for alert in columns.alerts] == ["spending_consent"]
    PmrDecision.objects.create(version=plan.latest, decision=Decision.CONSENT)
    assert overview.dashboard_columns([cycle], date(2026, 8, 1))[cycle.pk].alerts == []


def test_the_overview_alerts_when_last_years_account_is_three_months_late(adopted):
    cycle = adopted.school.project.current_cycle
    nxt = plans.draft(adopted.school, 2027, cycle)
    PmrDecision.objects.create(version=nxt.latest, decision=Decision.CONSENT)
    assert overview.dashboard_columns([cycle], date(2027, 10, 31))[cycle.pk].alerts == []
    late = overview.dashboard_columns([cycle], date(2027, 11, 2))[cycle.pk].alerts
    assert [alert.kind for alert in late] == ["spending_account"]
    SpendingPlan.objects.filter(pk=adopted.pk).update(account_finished_on=date(2027, 9, 1))
    assert overview.dashboard_columns([cycle], date(2027, 11, 2))[cycle.pk].alerts == []


def test_the_rie_plan_van_aanpak_lists_the_consented_lines_with_their_result(as_user, bob, adopted):
    line = adopted.latest.lines.first()
    line.effect = "Geen dubbele registratie meer"
    line.save()
    response = as_user(bob).get(reverse("actionplans:werkplan_export", kwargs={"school": adopted.school.slug,
                                                                               "fmt": "csv"}))
    text = response.content.decode("utf-8-sig")
    assert "bestedingsplan werkdrukmiddelen 2026-2027, ingestemd door de PMR op 20 juni 2026" in text
    assert "Resultaat: Geen dubbele registratie meer" in text


def test_the_rie_plan_van_aanpak_leaves_out_a_plan_without_consent(as_user, bob, plan):
    response = as_user(bob).get(reverse("actionplans:werkplan_export", kwargs={"school": plan.school.slug,
                                                                               "fmt": "csv"}))
    assert "bestedingsplan werkdrukmiddelen" not in response.content.decode("utf-8-sig")


def test_the_schools_data_export_holds_the_plans_lines(as_user, alice, adopted):
    import json
    import zipfile
    from io import BytesIO

    response = as_user(alice).get(reverse("projects:export_school_data", kwargs={"school": adopted.school.slug}))
    files = zipfile.ZipFile(BytesIO(response.content))
    rows = json.loads(files.read("bestedingsplannen.json"))
    assert [(row["schooljaar"], row["versie"], row["regel"]) for row in rows] == [
        ("2026-2027", 1, "Eén registratiesysteem"), ("2026-2027", 1, "Vergaderingen van een uur")]


def test_the_overview_column_costs_the_same_queries_for_many_plans(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from projects.models import Cycle
    from tests.factories import CycleFactory

    def queries_for(count: int) -> int:
        for _ in range(count):
            cycle = CycleFactory()
            plan = plans.draft(cycle.project.school, 2026, cycle)
            PmrDecision.objects.create(version=plans.editable_version(plan), decision=Decision.CONSENT)
        cycles = list(Cycle.objects.select_related("project__school"))
        with CaptureQueriesContext(connection) as captured:
            overview.dashboard_columns(cycles, date(2026, 9, 1))
        return len(captured.captured_queries)

    assert queries_for(2) == queries_for(12)
