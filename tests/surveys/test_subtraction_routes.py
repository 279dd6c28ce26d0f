"""The routes by which one colleague's answers could be read from two figures, each reproduced."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Role
from surveys import answering, results
from surveys.models import Draft, Invitation, Wave
from tests.factories import BoardFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.surveys.results_data import add_respondents, make_wave

pytestmark = pytest.mark.django_db


def by_code(rows):
    return {row["code"]: row for row in rows}


def test_a_theme_answered_by_three_of_a_shown_department_shows_for_no_department():
    wave = make_wave()
    add_respondents(wave, 10, "onderbouw", E01="taker", E02="giver")
    add_respondents(wave, 3, "bovenbouw", E01="giver", E02="giver")
    add_respondents(wave, 7, "bovenbouw", E02="taker")  # E01 not applicable to them
    data = results.wave_results([wave])
    departments = {d["name"]: d for d in data["departments"]}
    assert set(departments) == {"onderbouw", "bovenbouw"}
    assert by_code(data["energy"])["E01"]["n"] == 13
    assert by_code(data["energy"])["E01"]["taker_pct"] is not None
    # School 13 minus onderbouw 10 would be the three bovenbouw answers: neither department shows E01.
    assert by_code(departments["onderbouw"]["energy"])["E01"]["taker_pct"] is None
    assert by_code(departments["bovenbouw"]["energy"])["E01"]["taker_pct"] is None
    # Where every department's cell holds at least 5 and leaves nothing small, it shows.
    assert by_code(departments["onderbouw"]["energy"])["E02"]["giver_pct"] == 100
    assert by_code(departments["bovenbouw"]["energy"])["E02"]["taker_pct"] == 70


@pytest.fixture
def board_with_a_small_school():
    board = BoardFactory()
    big = make_wave(SchoolFactory(board=board, slug="groot"))
    add_respondents(big, 12, E01="taker")
    small = make_wave(SchoolFactory(board=board, slug="klein"))
    add_respondents(small, 2, E01="giver")
    add_respondents(small, 4)  # six respondents, of whom two answered E01
    return board, big, small


def test_a_set_of_schools_with_and_without_a_small_school_differs_by_nothing_that_school_withholds(
        board_with_a_small_school):
    _board, big, small = board_with_a_small_school
    assert by_code(results.wave_results([small])["energy"])["E01"]["giver_pct"] is None  # its own page
    with_small = by_code(results.wave_results([big, small])["energy"])["E01"]
    without = by_code(results.wave_results([big])["energy"])["E01"]
    assert (with_small["n"], with_small["giver_pct"], with_small["taker_pct"]) == (
        without["n"], without["giver_pct"], without["taker_pct"])


def test_the_board_page_shows_the_same_figures_with_and_without_the_small_school(client, board_with_a_small_school):
    board, big, small = board_with_a_small_school
    coach = UserFactory()
    for wave in (big, small):
        MembershipFactory(user=coach, school=wave.school, role=Role.PROCESBEGELEIDER)
    client.force_login(coach)
    url = reverse("surveys:board_results", kwargs={"board_id": board.pk})
    both = client.get(url + "?school=groot&school=klein").context["energy_rows"]
    alone = client.get(url + "?school=groot").context["energy_rows"]
    assert by_code(both)["E01"]["taker_pct"] == by_code(alone)["E01"]["taker_pct"] == 100
    assert by_code(both)["E01"]["n"] == by_code(alone)["E01"]["n"] == 12


def test_an_imported_row_cannot_be_read_from_the_figures_before_and_after(tmp_path):
    wave = make_wave()
    add_respondents(wave, 12, "onderbouw", E01="taker")
    before = results.wave_results([wave])
    path = tmp_path / "een.csv"
    path.write_text("department,E01\nbovenbouw,giver\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_responses", str(path), "--school", wave.school.name, "--wave", "voormeting")
    assert results.wave_results([wave]) == before


# --- the demo, as a project leader tries it --------------------------------------------


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def vlinderboom_figures(client):
    """Everything the project leader can download and read of De Vlinderboom's open voormeting,
    without the participation figures (which are meant to move)."""
    school = "de-vlinderboom"
    page = client.get(reverse("surveys:results", kwargs={"school": school}))
    csv = client.get(reverse("surveys:results_download", kwargs={"school": school, "fmt": "csv"})).content.decode()
    xlsx = client.get(reverse("surveys:results_download", kwargs={"school": school, "fmt": "xlsx"})).content
    sheet = [[cell for cell in row] for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)]
    return page.context["report"].data, csv, sheet, page


def test_one_more_response_to_an_open_wave_changes_nothing_but_participation(client, demo):
    client.login(username="pl.de-vlinderboom", password="werkdruk-demo")
    data, csv, sheet, page = vlinderboom_figures(client)
    assert data == {"n": 14, "open": True}
    assert "zo kan niemand uit tussenstanden afleiden wat één collega antwoordde" in page.content.decode()

    wave = Wave.objects.get(cycle__project__school__slug="de-vlinderboom", kind="voormeting")
    invitation = Invitation.objects.filter(wave=wave, used=False).first()
    Draft.objects.create(invitation=invitation, answers={"E01": "taker", "TD1": "5", "TD2": "5"},
                         department="onderbouw")
    answering.submit(invitation.pk)

    after, csv_after, sheet_after, page_after = vlinderboom_figures(client)
    assert after == {"n": 15, "open": True}
    assert csv_after.replace(";15", ";14").replace(",15", ",14") == csv
    assert [[14 if cell == 15 else cell for cell in row] for row in sheet_after] == sheet
    assert page_after.context.get("energy_rows") is None and page.context.get("energy_rows") is None

    wave.close()
    closed, _csv, _sheet, page_closed = vlinderboom_figures(client)
    assert closed["n"] == 15 and by_code(closed["energy"])["E01"]["n"] >= 5
    assert "<svg" in page_closed.content.decode()
