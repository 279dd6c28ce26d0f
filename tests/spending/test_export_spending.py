"""`export_spending` (README contract) and the board's jaarverslag paragraph."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Role
from spending import consultation
from spending.models import Consultation, ConsultationVote, Decision, PlanLine, PmrDecision
from tests.conftest import _person


@pytest.fixture
def adopted(plan):
    version = plan.latest
    version.amount = Decimal("20000")
    version.save()
    first, second = version.lines.all()
    first.cost, first.category = Decimal("12000"), "onderwijsassistent"
    first.save()
    second.cost, second.category = Decimal("3000"), "scholing_tijd"
    second.save()
    held = Consultation.objects.create(version=version, opened_on=date(2026, 6, 1))
    ConsultationVote.objects.bulk_create(ConsultationVote(consultation=held, supports=i < 5) for i in range(6))
    consultation.close(held)
    held.closed_on = date(2026, 6, 10)
    held.save()
    PmrDecision.objects.create(version=version, decision=Decision.CONDITIONS, text="Evalueren", decided_on=date(
        2026, 6, 20))
    return plan


def export(*args):
    out = io.StringIO()
    call_command("export_spending", *args, stdout=out)
    return out.getvalue()


def test_export_spending_prints_the_contract_per_school(adopted, other_school):
    rows = json.loads(export("--board", adopted.school.board.name, "--school-year", "2026", "--format", "json"))
    row = next(row for row in rows if row["school"] == adopted.school.name)
    assert row == {
        "school": adopted.school.name, "brin": adopted.school.brin or "", "amount": 20000.0, "planned": 15000.0,
        "spent": None, "by_category": {"onderwijsassistent": 12000.0, "scholing_tijd": 3000.0},
        "team_consulted_on": "2026-06-10", "team_support": {"for": 5, "against": 1},
        "pmr_decision": "voorwaarden", "pmr_decided_on": "2026-06-20",
    }


def test_export_spending_withholds_the_team_under_five_and_while_open(plan):
    held = Consultation.objects.create(version=plan.latest)
    ConsultationVote.objects.bulk_create(ConsultationVote(consultation=held, supports=True) for _ in range(6))
    open_row = json.loads(export("--board", plan.school.board.name, "--school-year", "2026"))[0]
    assert open_row["team_support"] is None
    ConsultationVote.objects.filter(pk=ConsultationVote.objects.first().pk).delete()
    ConsultationVote.objects.filter(pk=ConsultationVote.objects.first().pk).delete()
    consultation.close(held)
    assert json.loads(export("--board", plan.school.board.name, "--school-year", "2026"))[0]["team_support"] is None


def test_export_spending_as_csv(adopted):
    rows = list(csv.DictReader(io.StringIO(export("--board", adopted.school.board.name, "--school-year", "2026",
                                                  "--format", "csv"))))
    assert rows[0]["amount"] == "20000.00" and rows[0]["team_for"] == "5" and rows[0]["pmr_decision"] == "voorwaarden"


def test_export_spending_refuses_an_unknown_board(db):
    with pytest.raises(CommandError, match="bestaat niet"):
        export("--board", "Niemand", "--school-year", "2026")


@pytest.fixture
def bert(school):
    return _person("bert", school, Role.BESTUURDER)


def test_the_board_page_lists_a_school_without_a_plan_as_such(as_user, bert, school):
    page = as_user(bert).get(reverse("spending:jaarverslag", kwargs={"board_id": school.board.pk})
                             + "?schooljaar=2026").content.decode()
    assert "geen bestedingsplan" in page and school.name in page


def test_a_calendar_year_shows_both_school_years(as_user, bert, adopted):
    page = as_user(bert).get(reverse("spending:jaarverslag", kwargs={"board_id": adopted.school.board.pk})
                             + "?kalenderjaar=2026").content.decode()
    assert "Schooljaar 2025-2026" in page and "Schooljaar 2026-2027" in page
    assert "5 voor, 1 tegen" in page


def test_the_downloads_are_of_the_year_on_the_page(as_user, bert, adopted):
    page = as_user(bert).get(reverse("spending:jaarverslag", kwargs={"board_id": adopted.school.board.pk})
                             + "?kalenderjaar=2027").content.decode()
    assert f'/besturen/{adopted.school.board.pk}/werkdrukmiddelen/pdf/?kalenderjaar=2027"' in page


def test_the_board_file_keeps_text_from_running_as_a_formula(as_user, bert, adopted):
    PlanLine.objects.all().delete()
    school = adopted.school
    school.name = "=HYPERLINK(\"x\")"
    school.save()
    response = as_user(bert).get(reverse("spending:jaarverslag_download", kwargs={
        "board_id": school.board.pk, "fmt": "xlsx"}) + "?schooljaar=2026")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == "'=HYPERLINK(\"x\")" and sheet["B2"].data_type == "s"
    csv_text = as_user(bert).get(reverse("spending:jaarverslag_download", kwargs={
        "board_id": school.board.pk, "fmt": "csv"}) + "?schooljaar=2026").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text


def test_the_board_pdf_is_a_pdf(as_user, bert, adopted):
    response = as_user(bert).get(reverse("spending:jaarverslag_download", kwargs={
        "board_id": adopted.school.board.pk, "fmt": "pdf"}) + "?schooljaar=2026")
    assert response.content.startswith(b"%PDF")


def test_a_teacher_gets_no_board_page(as_user, bob, school):
    assert as_user(bob).get(reverse("spending:jaarverslag", kwargs={"board_id": school.board.pk})).status_code == 404
