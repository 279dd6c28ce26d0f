"""AVG: all of a school's data to take out, and the school deleted with everything under it.

The export is a ZIP with, per kind of data, a JSON file and the same rows as CSV: projects'
own kinds (PROJECT_DATA below) and those of the other apps, listed in the wiring
(werkdruk/wegwijzer.py), so projects imports none of them. Survey data leaves only as
aggregates that meet the anonymity rule; no raw answer is ever exported.

Deletion relies on the foreign keys: everything of a school hangs from it with ON DELETE
CASCADE. Accounts that had a role at this school only go with it, and so do the files of
deleted rows (uploaded documents, PDF reports), once the deletion is committed.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.files.storage import Storage
from django.db import router, transaction
from django.db.models import FileField
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import audit
from .anonymity import MIN_GROUP
from .models import (
    Activity,
    Agreement,
    AuditAction,
    AuditEntry,
    Considerations,
    Cycle,
    Evaluation,
    ImprovementPoint,
    Membership,
    School,
    Signal,
    StaffDiscussion,
    StepTarget,
    TeamMember,
)
from .spreadsheets import dutch_csv
from .wiring import wiring

Rows = list[dict]
Exporter = Callable[[School], Rows]

def export_rows(school: School) -> dict[str, Rows]:
    """Per file of the export (`<name>.json` / `<name>.csv`) its rows; the apps' files come from the wiring."""
    kinds = {**PROJECT_DATA, **wiring().school_data}
    return {name: rows_of_school(school) for name, rows_of_school in kinds.items()}


def export_zip(school: School) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LEESMIJ.txt", _readme(school))
        for name, rows in export_rows(school).items():
            archive.writestr(f"{name}.json", json.dumps(rows, ensure_ascii=False, indent=2, default=_json_value))
            archive.writestr(f"{name}.csv", _csv(rows))
    return out.getvalue()


def export_filename(school: School) -> str:
    return f"werkdruk-{school.slug}-gegevens-{timezone.localdate():%Y-%m-%d}.zip"


def confirms_deletion(school: School, typed: str) -> bool:
    """The person typed the school's name (case and surrounding spaces do not matter)."""
    return " ".join(typed.split()).casefold() == " ".join(school.name.split()).casefold()


def delete_school(school: School, user) -> None:
    """Delete the school and everything under it; accounts left without any role go too."""
    with transaction.atomic():
        member_ids = list(school.memberships.values_list("user_id", flat=True))
        files = _stored_files(school)
        audit.record(user, None, AuditAction.DELETED, _("School %(name)s met al haar gegevens verwijderd.") % {
            "name": school.name})
        school.delete()
        get_user_model().objects.filter(
            pk__in=member_ids, memberships__isnull=True, is_staff=False, is_superuser=False,
        ).delete()
        transaction.on_commit(lambda: _delete_files(files))


# --- deletion helpers --------------------------------------------------------------------


def _stored_files(school: School) -> list[tuple[Storage, str]]:
    """The stored files of every row the deletion of this school takes with it."""
    collector = Collector(using=router.db_for_write(School))
    collector.collect([school])
    instances_by_model = {model: list(instances) for model, instances in collector.data.items()}
    for queryset in collector.fast_deletes:
        instances_by_model.setdefault(queryset.model, []).extend(queryset)
    files = []
    for model, instances in instances_by_model.items():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, FileField)]
        for instance in instances:
            for field in file_fields:
                stored = getattr(instance, field.attname)
                if stored:
                    files.append((field.storage, str(stored)))
    return files


def _delete_files(files: list[tuple[Storage, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


# --- export helpers ----------------------------------------------------------------------


def _json_value(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _csv(rows: Rows) -> str:
    columns = list(dict.fromkeys(column for row in rows for column in row))
    return dutch_csv(columns, ([_csv_cell(row.get(column)) for column in columns] for row in rows))


def _csv_cell(value):
    """A nested value as the JSON it is in the .json file; dutch_csv writes the rest."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=_json_value)
    return value


def _readme(school: School) -> str:
    about = _(
        "Alle gegevens van %(school)s in Werkdruk, gedownload op %(day)s.\n\n"
        "Elk bestand staat er twee keer in: als JSON (voor computers) en als CSV (voor een spreadsheet).\n"
    ) % {"school": school.name, "day": date_format(timezone.localdate())}
    survey = ngettext(
        "Van de vragenlijst staan hier alleen de uitkomsten per groep van minstens %(n)s persoon in,\n"
        "nooit de antwoorden van één persoon: die zijn niet aan een persoon gekoppeld en worden niet gedownload.\n",
        "Van de vragenlijst staan hier alleen de uitkomsten per groep van minstens %(n)s mensen in,\n"
        "nooit de antwoorden van één persoon: die zijn niet aan een persoon gekoppeld en worden niet gedownload.\n",
        MIN_GROUP,
    ) % {"n": MIN_GROUP}
    return about + survey


def _person(user) -> str:
    return audit.actor_name(user) if user is not None else ""


# --- what projects itself holds ---------------------------------------------------------


def _school(school: School) -> Rows:
    return [{"bestuur": school.board.name, "naam": school.name, "korte_naam": school.slug,
             "plaats": school.city, "kenmerken": school.description}]


def _memberships(school: School) -> Rows:
    return [
        {"naam": m.user.get_full_name(), "gebruikersnaam": m.user.get_username(), "e-mailadres": m.user.email,
         "rol": m.get_role_display(), "sinds": m.created_at}
        for m in Membership.objects.filter(school=school).select_related("user").order_by("user__username", "role")
    ]


def _cycles_of(school: School):
    return Cycle.objects.filter(project__school=school)


def _cycles(school: School) -> Rows:
    return [{"cyclus": c.number, "gestart_op": c.started_on, "afgesloten_op": c.closed_on} for c in _cycles_of(school)]


def _signals(school: School) -> Rows:
    return [
        {"cyclus": s.cycle.number, "soort": s.get_kind_display(), "omschrijving": s.description, "bron": s.source,
         "datum": s.observed_on, "cijfer": s.figure}
        for s in Signal.objects.filter(cycle__project__school=school).select_related("cycle")
    ]


def _considerations(school: School) -> Rows:
    return [
        {"cyclus": c.cycle.number, **{str(Considerations._meta.get_field(name).verbose_name): getattr(c, name)
                                      for name in Considerations.QUESTIONS}}
        for c in Considerations.objects.filter(cycle__project__school=school).select_related("cycle")
    ]


def _agreements(school: School) -> Rows:
    return [
        {"cyclus": a.cycle.number, "wie": a.get_party_display(), "naam": a.name, "datum": a.agreed_on,
         "toelichting": a.note}
        for a in Agreement.objects.filter(cycle__project__school=school).select_related("cycle")
    ]


def _team(school: School) -> Rows:
    return [
        {"cyclus": t.cycle.number, "rol_in_projectteam": t.get_team_role_display(), "naam": _person(t.user)}
        for t in TeamMember.objects.filter(cycle__project__school=school).select_related("cycle", "user")
    ]


def _year_plan(school: School) -> Rows:
    return [
        {"cyclus": t.cycle.number, "stap": t.step, "streefdatum": t.target_date}
        for t in StepTarget.objects.filter(cycle__project__school=school).select_related("cycle")
    ]


def _staff_discussions(school: School) -> Rows:
    return [
        {"cyclus": d.cycle.number, "datum": d.discussed_on, "hoe": d.how}
        for d in StaffDiscussion.objects.filter(cycle__project__school=school).select_related("cycle")
    ]


def _evaluations(school: School) -> Rows:
    rows = [
        {"cyclus": e.cycle.number, "wat_werkte": e.what_worked, "wat_werkte_niet": e.what_did_not,
         "wat_nemen_we_mee": e.conclusions}
        for e in Evaluation.objects.filter(cycle__project__school=school).select_related("cycle")
    ]
    rows += [
        {"cyclus": p.cycle.number, "verbeterpunt": p.text}
        for p in ImprovementPoint.objects.filter(cycle__project__school=school).select_related("cycle")
    ]
    return rows


def _activities(school: School) -> Rows:
    return [
        {"wanneer": a.created_at, "wie": _person(a.user), "wat": a.description}
        for a in Activity.objects.filter(project__school=school).select_related("user")
    ]


def _audit_log(school: School) -> Rows:
    return [
        {"wanneer": e.created_at, "wie": e.user_name, "handeling": e.get_action_display(), "wat": e.what}
        for e in AuditEntry.objects.filter(school=school)
    ]


PROJECT_DATA: dict[str, Exporter] = {
    "school": _school, "rollen": _memberships, "cycli": _cycles, "signalen": _signals,
    "afwegingen": _considerations, "instemming": _agreements, "projectteam": _team,
    "jaarplanning": _year_plan, "teambesprekingen": _staff_discussions, "evaluatie": _evaluations,
    "activiteiten": _activities, "logboek": _audit_log,
}
