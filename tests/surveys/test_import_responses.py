from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from projects.models import Board, School
from surveys.models import Answer, Response, Wave
from surveys.results import wave_results
from tests.factories import CycleFactory, SchoolFactory

pytestmark = pytest.mark.django_db

GOOD = """department,E01,E03,TD1,TD2
onderbouw,taker,giver,4,2
bovenbouw,neutral,,5,
,giver,taker,,1
"""


def run_import(tmp_path, text: str, *args) -> str:
    path = tmp_path / "antwoorden.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_responses", str(path), *args, stdout=out)
    return out.getvalue()


def test_import_creates_board_school_project_cycle_and_wave(tmp_path):
    out = run_import(tmp_path, GOOD, "--school", "OBS Papier", "--wave", "voormeting", "--board", "Stichting Papier")
    school = School.objects.get(name="OBS Papier")
    assert school.board.name == "Stichting Papier" and school.slug == "obs-papier"
    wave = Wave.objects.get(cycle__project__school=school, cycle__number=1, kind="voormeting")
    assert wave.responses.count() == 3
    assert "3 antwoorden geïmporteerd" in out and "school OBS Papier" in out


def test_imported_values_are_stored_as_answers(tmp_path):
    run_import(tmp_path, GOOD, "--school", "OBS Papier", "--wave", "voormeting")
    first = Response.objects.get(department="onderbouw")
    stored = dict(first.answers.values_list("item__code", "value"))
    assert stored == {"E01": 3, "E03": 1, "TD1": 4, "TD2": 2}
    assert Response.objects.get(department="bovenbouw").answers.count() == 2  # empty cells: not applicable
    assert School.objects.get(name="OBS Papier").board.name == "Onbekend bestuur"


def test_import_into_an_existing_school_and_cycle_adds_to_its_wave(tmp_path, school):
    CycleFactory(project=school.project, number=2)
    run_import(tmp_path, GOOD, "--school", school.name, "--wave", "nameting", "--cycle", "2")
    run_import(tmp_path, GOOD, "--school", school.name, "--wave", "nameting", "--cycle", "2")
    wave = Wave.objects.get(cycle__project__school=school, kind="nameting")
    assert wave.cycle.number == 2 and wave.responses.count() == 6
    assert Board.objects.count() == 1


def test_one_bad_cell_imports_nothing_and_names_row_and_column(tmp_path):
    text = GOOD + "onderbouw,giver,giver,3,9\n"
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, text, "--school", "OBS Papier", "--wave", "voormeting")
    assert "Rij 5, kolom TD2: '9' is geen geldig antwoord (1 tot en met 5 of leeg)." in str(error.value)
    assert not School.objects.filter(name="OBS Papier").exists()
    assert Response.objects.count() == Answer.objects.count() == 0


def test_bad_energy_answer_and_department_are_named(tmp_path, school):
    text = "department,E01\nkleuters,taker\nbovenbouw,misschien\n"
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, text, "--school", school.name, "--wave", "voormeting")
    message = str(error.value)
    assert "Rij 2, kolom department: 'kleuters' is geen bekende afdeling" in message
    assert "Rij 3, kolom E01: 'misschien' is geen geldig antwoord (giver, neutral, taker of leeg)." in message
    assert not Wave.objects.exists()


def test_unknown_column_is_an_error(tmp_path, school):
    with pytest.raises(CommandError, match="Kolom 'XX9' is geen vraag"):
        run_import(tmp_path, "E01,XX9\ntaker,1\n", "--school", school.name, "--wave", "voormeting")
    assert not Response.objects.exists()


def test_row_of_the_wrong_length_is_an_error(tmp_path, school):
    with pytest.raises(CommandError, match="Rij 3 heeft 1 cellen, de kopregel 2"):
        run_import(tmp_path, "E01,TD1\ntaker,1\ngiver\n", "--school", school.name, "--wave", "voormeting")


def test_school_of_another_board_is_refused(tmp_path, school):
    with pytest.raises(CommandError, match="hoort bij bestuur"):
        run_import(tmp_path, GOOD, "--school", school.name, "--wave", "voormeting", "--board", "Ander bestuur")
    assert not Board.objects.filter(name="Ander bestuur").exists()


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        call_command("import_responses", str(tmp_path / "weg.csv"), "--school", "X", "--wave", "voormeting")


def test_imported_responses_count_in_the_results(tmp_path):
    rows = "".join(f"onderbouw,taker,giver,{1 + i % 5},\n" for i in range(6))
    run_import(tmp_path, "department,E01,E03,TD1,TD2\n" + rows, "--school", "OBS Papier", "--wave", "voormeting",
               "--close")
    data = wave_results(Wave.objects.all())
    assert data["n"] == 6
    assert data["energy"][0]["taker_pct"] == 100


def test_a_header_without_rows_is_an_error(tmp_path):
    SchoolFactory(name="OBS Leeg")
    with pytest.raises(CommandError, match="geen antwoorden"):
        run_import(tmp_path, "E01,TD1\n", "--school", "OBS Leeg", "--wave", "voormeting")
