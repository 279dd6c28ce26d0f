"""The heat map of scales × departments, from results already under the anonymity rule."""

from surveys.heat_map import AGAINST_SUBTRACTION, FEWER_THAN_MIN, band, heat_map

SCALES = [
    {"code": "tijdsdruk", "label": "Tijdsdruk", "group": "werkinhoud", "higher_is": "worse"},
    {"code": "autonomie", "label": "Autonomie", "group": "regel", "higher_is": "better"},
]
GROUPS = [{"code": "werkinhoud", "label": "Taakeisen: werkinhoud"}, {"code": "regel", "label": "Regelmogelijkheden"}]


def scale_row(code: str, n: int, mean: float | None) -> dict:
    return {"code": code, "label": code.capitalize(), "n": n, "mean": mean, "sd": None, "unfavourable_pct": None}


DATA = {
    "n": 20,
    "scales": [scale_row("tijdsdruk", 20, 4.0), scale_row("autonomie", 20, 3.6)],
    "departments": [
        {"name": "onderbouw", "n": 9, "scales": [scale_row("tijdsdruk", 9, 4.4), scale_row("autonomie", 3, None)]},
        {"name": "bovenbouw", "n": 11, "scales": [scale_row("tijdsdruk", 11, 3.7), scale_row("autonomie", 8, None)]},
    ],
}


def test_every_scale_has_a_cell_for_the_school_and_each_shown_department():
    result = heat_map(DATA, SCALES, GROUPS)

    assert result.columns == [("", 20), ("onderbouw", 9), ("bovenbouw", 11)]
    assert [label for label, _rows in result.groups] == ["Taakeisen: werkinhoud", "Regelmogelijkheden"]
    tijdsdruk = result.groups[0][1][0]
    assert [cell.mean for cell in tijdsdruk.cells] == [4.0, 4.4, 3.7]


def test_a_withheld_cell_stays_empty_and_says_why():
    autonomie = heat_map(DATA, SCALES, GROUPS).groups[1][1][0]

    assert autonomie.cells[0].mean == 3.6
    assert (autonomie.cells[1].mean, autonomie.cells[1].withheld) == (None, FEWER_THAN_MIN)
    assert (autonomie.cells[2].mean, autonomie.cells[2].withheld) == (None, AGAINST_SUBTRACTION)
    assert autonomie.cells[1].band is None


def test_colour_follows_meaning_high_tijdsdruk_is_as_bad_as_low_autonomy():
    assert band(4.4, "worse") == band(1.6, "better") == 1
    assert band(1.6, "worse") == band(4.4, "better") == 5
    assert band(3.0, "better") == 3


def test_without_shown_departments_there_is_no_heat_map():
    assert heat_map({**DATA, "departments": []}, SCALES, GROUPS) is None
