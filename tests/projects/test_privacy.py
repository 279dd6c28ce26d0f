"""A school's data: the privacy page, the export (never raw answers) and deletion with everything under it."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from evaluation.models import Report
from projects import anonymity as projects_anonymity
from projects.models import AuditAction, AuditEntry, Cycle, Role, School, Signal
from surveys.anonymity import MIN_GROUP
from surveys.models import Invitation, Response, Wave
from tests.factories import MembershipFactory, UserFactory
from tests.spreadsheets import read_dutch_csv
from tests.surveys.results_data import add_respondents, make_wave


def data_url(name, school):
    return reverse(f"projects:{name}", kwargs={"school": school.slug})


@pytest.fixture
def school_with_data(school, alice, bob, coach, other_school):
    cycle = school.project.current_cycle
    Signal.objects.create(cycle=cycle, kind="verzuim", description="=HYPERLINK(\"http://kwaad.test\")")
    wave = make_wave(cycle=cycle)
    add_respondents(wave, 6, "", E01="taker", TD1=4)
    add_respondents(wave, 3, "onderbouw", E01="giver", TD1=2)  # a group too small to show
    Invitation.create_for(wave, "bob@school.test")
    MembershipFactory(user=coach, school=other_school, role=Role.PROCESBEGELEIDER)
    other_wave = make_wave(other_school)
    add_respondents(other_wave, 5, "", E01="neutral")
    return school


def unzip(response) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    return {name: archive.read(name).decode() for name in archive.namelist()}


# --- the privacy page ----------------------------------------------------------------------


def test_privacy_page_is_public_and_explains_the_rules(client, db):
    response = client.get(reverse("projects:privacy"))
    assert response.status_code == 200
    text = response.text
    for words in ("Arbowet", "regel van 5", "restregel", "365 dagen", "Autoriteit Persoonsgegevens"):
        assert words in text


def test_the_privacy_page_states_the_threshold_the_results_enforce(client, db):
    text = client.get(reverse("projects:privacy")).text
    assert f"De regel van {MIN_GROUP}" in text
    assert f"Een uitkomst laten we alleen zien als minstens {MIN_GROUP} mensen hebben geantwoord." in text
    assert f"Hebben minder dan {MIN_GROUP} mensen een vraag beantwoord" in text
    assert f"alleen als wat overblijft 0 is of minstens {MIN_GROUP}." in text
    assert f"de uitkomsten per groep die aan de regel van {MIN_GROUP} voldoen" in text


def test_the_enforced_threshold_is_the_one_constant_of_projects():
    assert MIN_GROUP is projects_anonymity.MIN_GROUP


def test_every_page_links_to_the_privacy_page(client, alice, school):
    client.force_login(alice)
    assert reverse("projects:privacy") in client.get(data_url("project", school)).text


# --- the export ----------------------------------------------------------------------------


def test_export_holds_the_schools_people_and_project(client, alice, school_with_data):
    client.force_login(alice)
    response = client.get(data_url("export_school_data", school_with_data))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="werkdruk-de-linde-gegevens-')
    files = unzip(response)
    assert json.loads(files["school.json"])[0]["naam"] == "OBS De Linde"
    people = {row["gebruikersnaam"]: row for row in json.loads(files["rollen.json"])}
    assert people["bob"]["e-mailadres"] == "bob@school.test" and people["bob"]["rol"] == "medewerker"
    assert "CBS Elders" not in "".join(files.values())


def test_export_neutralises_spreadsheet_formulas(client, alice, school_with_data):
    client.force_login(alice)
    signals = read_dutch_csv(unzip(client.get(data_url("export_school_data", school_with_data)))["signalen.csv"])
    assert signals[0]["omschrijving"].startswith("'=HYPERLINK")


def test_export_holds_survey_aggregates_and_no_raw_answers(client, alice, school_with_data):
    client.force_login(alice)
    files = unzip(client.get(data_url("export_school_data", school_with_data)))
    waves = json.loads(files["vragenlijst_metingen.json"])
    assert len(waves) == 1 and waves[0]["ingevulde_vragenlijsten"] == 9
    rows = json.loads(files["vragenlijst_uitkomsten.json"])
    everyone = next(row for row in rows if row["kind"] == "respondents" and row["department"] == "")
    assert everyone["n"] == 9
    assert all(row["department"] == "" for row in rows)  # 3 in the onderbouw leaves 6 + 3: the rule hides them
    energy = next(row for row in rows if row["code"] == "E01")
    assert energy["taker_pct"] == pytest.approx(100 * 6 / 9)
    # Figures per group only: no row per respondent, no row per 5-point question.
    assert {row["kind"] for row in rows} == {"respondents", "energy", "scale"}
    assert "TD1" not in {row["code"] for row in rows}
    everything = "".join(files.values())
    assert "submitted_on" not in everything and "token" not in everything
    assert "bob@school.test" not in files["vragenlijst_metingen.json"]  # who was invited: not exported


def test_the_export_and_its_page_state_the_threshold_the_results_enforce(client, alice, school_with_data):
    client.force_login(alice)
    page = client.get(data_url("school_data", school_with_data)).text
    assert f"alleen uitkomsten van groepen van minstens {MIN_GROUP} mensen in het bestand" in page
    readme = unzip(client.get(data_url("export_school_data", school_with_data)))["LEESMIJ.txt"]
    assert f"alleen de uitkomsten per groep van minstens {MIN_GROUP} mensen in" in readme


def test_export_is_logged(client, alice, school_with_data):
    client.force_login(alice)
    client.get(data_url("export_school_data", school_with_data))
    assert AuditEntry.objects.get(school=school_with_data).action == AuditAction.EXPORTED


@pytest.mark.parametrize("name", ["school_data", "export_school_data"])
def test_teacher_and_working_group_get_403(client, bob, wim, coach, school, name):
    for person in (bob, wim, coach):
        client.force_login(person)
        assert client.get(data_url(name, school)).status_code == 403


@pytest.mark.parametrize("name", ["school_data", "export_school_data"])
def test_outsider_gets_404(client, charlie, school, name):
    client.force_login(charlie)
    assert client.get(data_url(name, school)).status_code == 404


# --- deletion ------------------------------------------------------------------------------


def test_deletion_needs_the_schools_name(client, alice, school_with_data):
    client.force_login(alice)
    response = client.post(data_url("delete_school", school_with_data), {"name": "De Linde"})
    assert response.status_code == 200
    assert "Dat is niet de naam van de school. Er is niets verwijderd." in response.text
    assert School.objects.filter(pk=school_with_data.pk).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.DELETED).exists()


def test_deletion_removes_the_school_and_everything_under_it(client, alice, bob, coach, school_with_data, other_school,
                                                             settings, tmp_path, django_capture_on_commit_callbacks):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    report = Report.objects.create(school=school_with_data, cycle=school_with_data.project.current_cycle)
    report.file.save("rapport.pdf", ContentFile(b"%PDF-1.7"))
    stored = tmp_path / report.file.name
    assert stored.exists()
    client.force_login(alice)
    with_name = "  obs de linde "  # case and spaces do not matter

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(data_url("delete_school", school_with_data), {"name": with_name})

    assert response.status_code == 302
    assert not School.objects.filter(pk=school_with_data.pk).exists()
    assert not Cycle.objects.filter(project__school_id=school_with_data.pk).exists()
    assert not Signal.objects.exists()
    assert Wave.objects.count() == 1 and Response.objects.count() == 5  # the other school's
    assert not Invitation.objects.exists()
    assert not stored.exists()
    User = get_user_model()
    assert not User.objects.filter(username__in=["alice", "bob"]).exists()  # a role at this school only
    assert User.objects.filter(username="coach").exists()  # still coaching another school
    entry = AuditEntry.objects.get(action=AuditAction.DELETED)
    assert entry.school is None and "OBS De Linde" in entry.what and "Alice" in entry.user_name


def test_platform_admin_deletes_a_school_without_a_role_there(client, school):
    admin = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(data_url("school_data", school)).status_code == 200
    client.post(data_url("delete_school", school), {"name": "OBS De Linde"})
    assert not School.objects.filter(pk=school.pk).exists()
    assert get_user_model().objects.filter(pk=admin.pk).exists()


def test_teacher_cannot_delete(client, bob, school):
    client.force_login(bob)
    assert client.post(data_url("delete_school", school), {"name": "OBS De Linde"}).status_code == 403
    assert School.objects.filter(pk=school.pk).exists()


def test_outsider_cannot_delete(client, charlie, school):
    client.force_login(charlie)
    assert client.post(data_url("delete_school", school), {"name": "OBS De Linde"}).status_code == 404
    assert School.objects.filter(pk=school.pk).exists()


def _deleted_with(model) -> set:
    """Every model whose rows go when a row of `model` is deleted (ON DELETE CASCADE, followed through)."""
    from django.db.models import CASCADE

    seen, todo = {model}, [model]
    while todo:
        for relation in todo.pop()._meta.related_objects:
            if relation.on_delete is CASCADE and relation.related_model not in seen:
                seen.add(relation.related_model)
                todo.append(relation.related_model)
    return seen


def test_nothing_under_a_school_protects_itself_against_the_schools_deletion():
    from django.db.models import PROTECT

    under_school = _deleted_with(School)
    blocking = sorted(
        f"{model._meta.label}.{field.name}"
        for model in under_school
        for field in model._meta.concrete_fields
        if field.is_relation and field.remote_field.on_delete is PROTECT and field.related_model in under_school
    )
    assert not blocking, f"these foreign keys stop a school's deletion: {blocking}"
