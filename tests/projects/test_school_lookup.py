"""`--school NAAM|BRIN [--board NAAM]` of every command (projects/school_lookup.py)."""

import pytest
from django.core.management import CommandError, call_command

from projects.school_lookup import SchoolLookupError, find_school, school_or_error
from surveys.models import Response
from tests.factories import BoardFactory, CycleFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_regenbogen():
    north = SchoolFactory(board=BoardFactory(name="Stichting Noord"), name="OBS De Regenboog", brin="12AB00")
    south = SchoolFactory(board=BoardFactory(name="Stichting Zuid"), name="OBS De Regenboog", brin="34CD00")
    return north, south


def test_a_brin_finds_its_school_written_any_way(two_regenbogen):
    north, south = two_regenbogen
    assert find_school("12ab 00") == north
    assert find_school("34CD00") == south


def test_a_name_at_two_boards_needs_the_board(two_regenbogen):
    north, south = two_regenbogen
    with pytest.raises(SchoolLookupError, match="Stichting Noord.*Stichting Zuid.*--board"):
        find_school("OBS De Regenboog")
    assert find_school("OBS De Regenboog", "Stichting Zuid") == south


def test_an_unknown_school_is_named_in_the_error(two_regenbogen):
    with pytest.raises(SchoolLookupError, match="School 'OBS De Regenboog' bij bestuur 'Stichting Oost' bestaat niet"):
        school_or_error("OBS De Regenboog", "Stichting Oost")


def test_compare_waves_asks_for_the_board_and_does_nothing(two_regenbogen):
    for school in two_regenbogen:
        CycleFactory(project__school=school)
    with pytest.raises(CommandError, match="Geef ook --board"):
        call_command("compare_waves", "--school", "OBS De Regenboog", "--format", "json")


def test_import_into_a_name_at_two_boards_imports_nothing(tmp_path, two_regenbogen):
    path = tmp_path / "antwoorden.csv"
    path.write_text("E01,TD1\ntaker,4\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Geef ook --board"):
        call_command("import_responses", str(path), "--school", "OBS De Regenboog", "--wave", "voormeting")
    assert not Response.objects.exists()
    call_command("import_responses", str(path), "--school", "34CD00", "--wave", "voormeting")
    assert Response.objects.filter(wave__cycle__project__school=two_regenbogen[1]).count() == 1
