import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import BoardFactory, CycleFactory, SchoolFactory
from tests.surveys.results_data import add_respondents, make_wave

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = StringIO()
    call_command("export_results", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def board():
    board = BoardFactory(name="Stichting Samen")
    first = make_wave(SchoolFactory(board=board, name="OBS Een"))
    add_respondents(first, 6, "onderbouw", E01="taker", TD1=4, TD2=2)
    add_respondents(first, 5, "bovenbouw", E01="giver", TD1=2, TD2=4)
    second = make_wave(SchoolFactory(board=board, name="OBS Twee"))
    add_respondents(second, 3, "onderbouw", E01="taker")
    return board


def test_school_results_as_json_have_exactly_the_contract_keys(board):
    data = json.loads(export("--school", "OBS Een", "--wave", "voormeting"))
    assert set(data) == {"n", "energy", "scales", "departments", "open"}
    assert data["n"] == 11
    assert data["open"] == [{"code": "OPEN1", "written": 0}, {"code": "OPEN2", "written": 0}]
    assert set(data["energy"][0]) == {"code", "label", "n", "giver_pct", "neutral_pct", "taker_pct"}
    assert set(data["scales"][0]) == {"code", "label", "n", "mean", "sd", "unfavourable_pct"}
    assert [set(d) for d in data["departments"]] == [{"name", "n", "energy", "scales"}] * 2
    e01 = data["energy"][0]
    assert e01["code"] == "E01" and e01["taker_pct"] == pytest.approx(100 * 6 / 11)  # unrounded


def test_fewer_than_five_respondents_print_only_the_count(board):
    assert json.loads(export("--school", "OBS Twee", "--wave", "voormeting")) == {"n": 3, "withheld": True}


def test_board_results_combine_the_schools_that_may_be_shown(board):
    data = json.loads(export("--board", "Stichting Samen", "--wave", "voormeting"))
    assert data["n"] == 11  # OBS Twee, with 3, is left out
    assert {d["name"] for d in data["departments"]} == {"onderbouw", "bovenbouw"}


def test_board_takes_each_schools_latest_cycle_unless_a_cycle_is_given(board):
    school = board.schools.get(name="OBS Een")
    later = make_wave(cycle=CycleFactory(project=school.project, number=2))
    add_respondents(later, 5, E01="giver")
    assert json.loads(export("--board", "Stichting Samen", "--wave", "voormeting"))["n"] == 5
    assert json.loads(export("--board", "Stichting Samen", "--wave", "voormeting", "--cycle", "1"))["n"] == 11


def test_csv_is_a_flat_table_of_the_same_aggregates(board):
    rows = list(csv.DictReader(io.StringIO(export("--school", "OBS Een", "--wave", "voormeting", "--format", "csv"))))
    assert list(rows[0]) == ["department", "kind", "code", "label", "n", "giver_pct", "neutral_pct", "taker_pct",
                             "mean", "sd", "unfavourable_pct"]
    assert rows[0]["kind"] == "respondents" and rows[0]["n"] == "11"
    e01 = next(r for r in rows if r["department"] == "" and r["code"] == "E01")
    assert float(e01["taker_pct"]) == pytest.approx(100 * 6 / 11)
    assert {r["department"] for r in rows} == {"", "onderbouw", "bovenbouw"}


def test_withheld_csv_has_only_the_count(board):
    rows = list(csv.DictReader(io.StringIO(export("--school", "OBS Twee", "--wave", "voormeting", "--format", "csv"))))
    assert [(r["kind"], r["n"]) for r in rows] == [("withheld", "3")]


def test_school_or_board_is_required(board):
    with pytest.raises(CommandError, match="Geef --school of --board"):
        export("--wave", "voormeting")


def test_with_school_the_board_names_which_school(board):
    elsewhere = make_wave(SchoolFactory(board=BoardFactory(name="Stichting Anders"), name="OBS Een"))
    add_respondents(elsewhere, 7, "onderbouw", E01="giver")
    assert json.loads(export("--school", "OBS Een", "--board", "Stichting Samen", "--wave", "voormeting"))["n"] == 11
    assert json.loads(export("--school", "OBS Een", "--board", "Stichting Anders", "--wave", "voormeting"))["n"] == 7
    with pytest.raises(CommandError, match="bij bestuur 'Stichting Elders' bestaat niet"):
        export("--school", "OBS Een", "--board", "Stichting Elders", "--wave", "voormeting")


def test_unknown_school_or_missing_wave_is_an_error(board):
    with pytest.raises(CommandError, match="bestaat niet"):
        export("--school", "Nergens", "--wave", "voormeting")
    with pytest.raises(CommandError, match="geen nameting"):
        export("--school", "OBS Een", "--wave", "nameting")


def test_a_name_at_two_boards_asks_for_the_board_and_a_brin_finds_the_school(board):
    SchoolFactory(board=BoardFactory(name="Stichting Anders"), name="OBS Een", brin="12AB00")
    with pytest.raises(CommandError, match="meer scholen met de naam 'OBS Een'.*--board"):
        export("--school", "OBS Een", "--wave", "voormeting")
    board.schools.filter(name="OBS Een").update(brin="34CD01")
    assert json.loads(export("--school", "34cd01", "--wave", "voormeting"))["n"] == 11
