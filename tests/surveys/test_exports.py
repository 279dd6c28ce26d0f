import csv
import io

import pytest
from openpyxl import load_workbook

from projects.spreadsheets import neutralise
from surveys.exports import COLUMNS, flat_rows, to_csv, to_dutch_csv, to_xlsx
from surveys.results import wave_results
from tests.spreadsheets import read_dutch_csv
from tests.surveys.results_data import add_respondents, make_wave

RESULTS = {
    "n": 12,
    "energy": [{"code": "E01", "label": "=HYPERLINK(\"http://x\")", "n": 12,
                "giver_pct": 25.0, "neutral_pct": 25.0, "taker_pct": 50.0}],
    "scales": [{"code": "tijdsdruk", "label": "Tijdsdruk", "n": 12, "mean": 3.456, "sd": 0.5,
                "unfavourable_pct": 40.0}],
    "departments": [{"name": "+bovenbouw", "n": 6,
                     "energy": [{"code": "E01", "label": "@x", "n": 6,
                                 "giver_pct": None, "neutral_pct": None, "taker_pct": None}],
                     "scales": []}],
}


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


def test_ordinary_text_and_numbers_are_left_alone():
    assert neutralise("Tijdsdruk") == "Tijdsdruk"
    assert neutralise(-1.5) == -1.5


def test_flat_rows_hold_one_row_per_figure():
    rows = flat_rows(RESULTS)
    assert [(r["department"], r["kind"], r.get("code")) for r in rows] == [
        ("", "respondents", None), ("", "energy", "E01"), ("", "scale", "tijdsdruk"),
        ("+bovenbouw", "respondents", None), ("+bovenbouw", "energy", "E01"),
    ]


def test_withheld_results_export_only_the_count():
    assert flat_rows({"n": 3, "withheld": True}) == [{"department": "", "kind": "withheld", "n": 3}]
    assert to_csv({"n": 3, "withheld": True}).splitlines() == [",".join(COLUMNS), ",withheld,,,3,,,,,,"]


def test_csv_neutralises_formulas_and_keeps_numbers_unrounded():
    rows = list(csv.DictReader(io.StringIO(to_csv(RESULTS))))
    assert rows[1]["label"] == "'=HYPERLINK(\"http://x\")"
    assert rows[2]["mean"] == "3.456"
    assert rows[3]["department"] == "'+bovenbouw"
    assert rows[4]["label"] == "'@x" and rows[4]["giver_pct"] == ""


def test_dutch_csv_has_dutch_headers_and_rounds():
    rows = read_dutch_csv(to_dutch_csv(RESULTS, decimals=1))
    assert list(rows[0])[:6] == ["Afdeling", "Soort", "Code", "Onderwerp", "n", "% energiegever"]
    assert rows[2]["Gemiddelde"] == "3,5" and rows[2]["% ongunstig"] == "40,0"
    assert rows[1]["Onderwerp"] == "'=HYPERLINK(\"http://x\")"


def test_xlsx_holds_text_not_formulas():
    sheet = load_workbook(io.BytesIO(to_xlsx(RESULTS, "=school"))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert sheet["A1"].value == "'=school"
    assert sheet.cell(row=4, column=4).value == "'=HYPERLINK(\"http://x\")"


@pytest.mark.django_db
def test_export_of_a_real_wave_contains_aggregates_and_no_answers():
    wave = make_wave()
    add_respondents(wave, 5, "onderbouw", E01="taker", TD1=4, TD2=2)
    add_respondents(wave, 5, "bovenbouw", E01="giver", TD1=2, TD2=4)
    data = wave_results([wave])
    rows = list(csv.DictReader(io.StringIO(to_csv(data))))
    groups = 1 + len(data["departments"])
    # One row per figure per group: the number of rows does not depend on the respondents.
    assert len(rows) == groups * (1 + len(data["energy"]) + len(data["scales"]))
    assert {row["kind"] for row in rows} == {"respondents", "energy", "scale"}
    sheet = load_workbook(io.BytesIO(to_xlsx(data, "De Linde"))).active
    assert sheet.max_row == 2 + len(rows)
