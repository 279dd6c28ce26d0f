"""The board's account of the workload funds: per school and school year the amount, the spending per
category, the team's consultation and the PMR's consent. One row shape for the page, the files, the PDF and
`export_spending` (README contract)."""

import io
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.spreadsheets import dutch_csv, neutralise

from . import consultation, plans, school_years
from .models import Category, SpendingPlan


def school_row(school, plan: SpendingPlan | None) -> dict:
    """The contract of `export_spending` per school; None where the school has no plan or no figure."""
    row = {"school": school.name, "brin": school.brin or "", "amount": None, "planned": None, "spent": None,
           "by_category": {}, "team_consulted_on": None, "team_support": None, "pmr_decision": None,
           "pmr_decided_on": None, "state": None, "category_lines": []}
    if plan is None:
        return row
    version = plan.consented or plan.latest
    lines = list(version.lines.all())
    totals = plans.totals(version, lines)
    by_category: dict[str, Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.cost:
            by_category[line.category] += line.cost
    row.update(amount=totals.budget, planned=totals.planned, spent=totals.spent if plan.account_finished_on else None,
               by_category=dict(by_category), state=plans.state(plan).value,
               category_lines=[(label, by_category[key]) for key, label in Category.choices if key in by_category])
    held = getattr(version, "consultation", None)
    if held is not None:
        row["team_consulted_on"] = held.closed_on
        outcome = consultation.outcome(held)
        if outcome.shown:
            row["team_support"] = {"for": outcome.supports, "against": outcome.against}
    decision = getattr(version, "decision", None)
    if decision is not None:
        row["pmr_decision"] = decision.decision
        row["pmr_decided_on"] = decision.decided_on
    return row


def rows(schools, school_year: int) -> list[dict]:
    plans_by_school = {plan.school_id: plan for plan in SpendingPlan.objects.filter(
        school__in=schools, school_year=school_year)}
    return [school_row(school, plans_by_school.get(school.pk)) for school in sorted(schools, key=lambda s: s.name)]


def as_json(rows: list[dict]) -> list[dict]:
    """Numbers as numbers, dates as ISO text; no state (the contract names none)."""
    def number(value):
        return None if value is None else float(value)

    return [{
        "school": row["school"], "brin": row["brin"], "amount": number(row["amount"]),
        "planned": number(row["planned"]), "spent": number(row["spent"]),
        "by_category": {key: float(value) for key, value in row["by_category"].items()},
        "team_consulted_on": row["team_consulted_on"].isoformat() if row["team_consulted_on"] else None,
        "team_support": row["team_support"], "pmr_decision": row["pmr_decision"],
        "pmr_decided_on": row["pmr_decided_on"].isoformat() if row["pmr_decided_on"] else None,
    } for row in rows]


CSV_COLUMNS = ["school", "brin", "amount", "planned", "spent", *[f"category_{c}" for c in Category.values],
               "team_consulted_on", "team_for", "team_against", "pmr_decision", "pmr_decided_on"]


def flat(row: dict) -> list:
    support = row["team_support"] or {}
    return [row["school"], row["brin"], row["amount"], row["planned"], row["spent"],
            *[row["by_category"].get(category) for category in Category.values],
            row["team_consulted_on"], support.get("for"), support.get("against"), row["pmr_decision"],
            row["pmr_decided_on"]]


def people_columns() -> list[str]:
    return [_("schooljaar"), _("school"), _("BRIN"), _("beschikbaar bedrag"), _("gepland"), _("besteed"),
            *[str(label) for label in Category.labels], _("team geraadpleegd op"), _("voor"), _("tegen"),
            _("besluit PMR"), _("datum besluit PMR")]


def people_rows(years: dict[int, list[dict]]) -> list[list]:
    return [[school_years.label(year), *flat(row)] for year, year_rows in years.items() for row in year_rows]


def to_csv(years: dict[int, list[dict]]) -> bytes:
    return dutch_csv(people_columns(), people_rows(years)).encode("utf-8")


def to_xlsx(years: dict[int, list[dict]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Werkdrukmiddelen")[:31]
    sheet.append(people_columns())
    for row in people_rows(years):
        sheet.append([neutralise(cell) if isinstance(cell, str) else cell for cell in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def paste_text(board, years: dict[int, list[dict]]) -> str:
    """A short Dutch paragraph for the bestuursverslag."""
    parts = []
    for year, year_rows in years.items():
        consented = [row for row in year_rows if row["pmr_decision"] in ("instemming", "voorwaarden")]
        consulted = [row for row in year_rows if row["team_consulted_on"]]
        missing = [row["school"] for row in year_rows if row not in consented]
        text = ngettext(
            "In schooljaar %(year)s had %(consented)s van de %(total)s scholen van %(board)s een bestedingsplan voor "
            "de werkdrukmiddelen met instemming van de personeelsgeleding van de MR.",
            "In schooljaar %(year)s hadden %(consented)s van de %(total)s scholen van %(board)s een bestedingsplan "
            "voor de werkdrukmiddelen met instemming van de personeelsgeleding van de MR.",
            len(consented),
        ) % {"year": school_years.label(year), "consented": len(consented), "total": len(year_rows),
             "board": board.name}
        text += " " + ngettext(
            "Op %(consulted)s school is het team vooraf anoniem over het plan geraadpleegd.",
            "Op %(consulted)s scholen is het team vooraf anoniem over het plan geraadpleegd.",
            len(consulted),
        ) % {"consulted": len(consulted)}
        if missing:
            text += " " + _("Zonder vastgesteld plan: %(schools)s.") % {"schools": ", ".join(missing)}
        parts.append(text)
    return "\n\n".join(parts)
