from datetime import date
from decimal import Decimal

from projects.spreadsheets import dutch_csv
from tests.spreadsheets import read_dutch_csv


def test_dutch_csv_is_what_a_dutch_spreadsheet_opens_as_a_table():
    text = dutch_csv(["Onderwerp", "Gemiddelde", "n", "Datum", "Opmerking"], [
        ["Tijdsdruk; planning", 3.5, 12, date(2026, 9, 15), None],
        ["Regelruimte", Decimal("-0.25"), -1, "", "tekst met \"aanhalingstekens\"\nen een regel"],
    ])
    assert text.startswith("\ufeffOnderwerp;Gemiddelde;n;Datum;Opmerking\r\n")
    assert read_dutch_csv(text) == [
        {"Onderwerp": "Tijdsdruk; planning", "Gemiddelde": "3,5", "n": "12", "Datum": "2026-09-15", "Opmerking": ""},
        {"Onderwerp": "Regelruimte", "Gemiddelde": "-0,25", "n": "-1", "Datum": "",
         "Opmerking": "tekst met \"aanhalingstekens\"\nen een regel"},
    ]


def test_dutch_csv_neutralises_text_that_would_run_as_a_formula_but_not_negative_numbers():
    rows = read_dutch_csv(dutch_csv(["=kop", "getal"], [["=HYPERLINK(\"http://x\")", -1.5], ["-1", -2]]))
    assert rows == [{"'=kop": "'=HYPERLINK(\"http://x\")", "getal": "-1,5"}, {"'=kop": "'-1", "getal": "-2"}]
