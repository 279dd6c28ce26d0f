"""Every view, export, report and command takes its cells from `anonymity.wave_shows`, the
function the attacker test (test_attacker.py) proves safe: where it hides a cell, they all do."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from evaluation import reports
from projects import privacy
from projects.models import Role
from surveys import anonymity, results
from surveys.models import WaveKind
from tests.factories import BoardFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.spreadsheets import read_dutch_csv
from tests.surveys.results_data import add_respondents, make_wave

pytestmark = pytest.mark.django_db

HIDDEN = "energy:E01"


@pytest.fixture
def hides_e01(monkeypatch):
    """The rule, made to hide theme E01 everywhere; records each wave it decided for."""
    real = anonymity.wave_shows
    decided = []

    def wave_shows(counts):
        decided.append(counts)
        shown = real(counts)
        return anonymity.Shown(
            shown.whole - {HIDDEN}, shown.departments,
            {d: cells - {HIDDEN} for d, cells in shown.department_cells.items()},
        )

    monkeypatch.setattr(anonymity, "wave_shows", wave_shows)
    return decided


@pytest.fixture
def school_wave():
    wave = make_wave(SchoolFactory(name="OBS Proef", board=BoardFactory(name="Stichting Proef")))
    add_respondents(wave, 8, "onderbouw", E01="taker", E02="giver", TD1=4, TD2=4)
    add_respondents(wave, 7, "bovenbouw", E01="taker", E02="taker", TD1=2, TD2=2)
    return wave


def leader(wave):
    user = UserFactory()
    MembershipFactory(user=user, school=wave.school, role=Role.PROJECTLEIDER)
    return user


def e01_rows(data):
    groups = [data, *data.get("departments", [])]
    return [row for group in groups for row in group["energy"] if row["code"] == "E01"]


def test_the_results_page(client, school_wave, hides_e01):
    client.force_login(leader(school_wave))
    page = client.get(reverse("surveys:results", kwargs={"school": school_wave.school.slug}))
    assert hides_e01
    assert all(row["taker_pct"] is None for row in e01_rows(page.context["report"].data))


def test_the_csv_and_xlsx_downloads(client, school_wave, hides_e01):
    client.force_login(leader(school_wave))
    url = reverse("surveys:results_download", kwargs={"school": school_wave.school.slug, "fmt": "csv"})
    table = read_dutch_csv(client.get(url).content)
    e01 = [row for row in table if row["Code"] == "E01"]
    assert e01 and all(row["% energienemer"] == "" for row in e01)
    xlsx = client.get(url.replace("csv", "xlsx")).content
    rows = [row for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) if "E01" in row]
    assert rows and all(row[5] is None and row[7] is None for row in rows)  # giver and taker share


def test_the_export_results_command(school_wave, hides_e01):
    out = io.StringIO()
    call_command("export_results", "--school", "OBS Proef", "--wave", "voormeting", "--format", "json", stdout=out)
    assert all(row["taker_pct"] is None for row in e01_rows(json.loads(out.getvalue())))
    out = io.StringIO()
    call_command("export_results", "--board", "Stichting Proef", "--wave", "voormeting", "--format", "json", stdout=out)
    assert all(row["taker_pct"] is None for row in e01_rows(json.loads(out.getvalue())))


def test_the_board_page(client, school_wave, hides_e01):
    coach = UserFactory()
    MembershipFactory(user=coach, school=school_wave.school, role=Role.PROCESBEGELEIDER)
    other = make_wave(SchoolFactory(board=school_wave.school.board))
    add_respondents(other, 6, E01="giver")
    MembershipFactory(user=coach, school=other.school, role=Role.PROCESBEGELEIDER)
    client.force_login(coach)
    page = client.get(reverse("surveys:board_results", kwargs={"board_id": school_wave.school.board_id}))
    e01 = next(row for row in page.context["energy_rows"] if row["code"] == "E01")
    assert e01["taker_pct"] is None and e01["n"] == 0
    assert len(hides_e01) >= 2


def test_the_school_data_export(school_wave, hides_e01):
    rows = privacy.export_rows(school_wave.school)["vragenlijst_uitkomsten"]
    e01 = [row for row in rows if row.get("code") == "E01"]
    assert e01 and all(row["taker_pct"] is None for row in e01)


def test_the_school_report_and_the_group_report(school_wave, hides_e01):
    figures = reports.school_report_context(school_wave.cycle)["waves"][0]
    assert all(row["taker_pct"] is None for row in e01_rows(figures.results))
    group = reports.group_report_context([school_wave.school])
    assert all(row["taker_pct"] is None for row in group["together"].data["energy"] if row["code"] == "E01")


def test_the_candidate_bottlenecks(school_wave, hides_e01):
    assert "E01" not in {candidate["code"] for candidate in results.candidate_bottlenecks(school_wave)}


def test_the_comparison_of_two_waves(school_wave, hides_e01):
    nameting = make_wave(cycle=school_wave.cycle, kind=WaveKind.NAMETING)
    add_respondents(nameting, 9, E01="giver", E02="giver", TD1=3, TD2=3)
    out = io.StringIO()
    call_command("compare_waves", "--school", "OBS Proef", "--format", "json", stdout=out)
    energy = {row["code"]: row for row in json.loads(out.getvalue())["energy"]}
    assert energy["E01"]["p"] is None and energy["E02"]["p"] is not None
