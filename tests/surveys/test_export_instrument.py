import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from surveys import instruments

pytestmark = pytest.mark.django_db


def export(*args) -> dict:
    out = StringIO()
    call_command("export_instrument", *args, stdout=out)
    return json.loads(out.getvalue())


def test_export_instrument_prints_the_documented_json():
    data = export()
    assert set(data) == {"version", "scales", "items"}
    assert data["version"] == "2026.2"
    assert all(set(scale) == {"code", "label", "higher_is"} for scale in data["scales"])
    assert all(set(item) == {"code", "text", "kind", "scale", "reverse"} for item in data["items"])
    assert {scale["higher_is"] for scale in data["scales"]} == {"better", "worse"}


def test_energy_items_carry_their_theme_label_and_no_scale():
    items = {item["code"]: item for item in export()["items"]}
    assert items["E03"] == {"code": "E03", "text": "Tijdsdruk, piekbelasting", "kind": "energy",
                            "scale": None, "reverse": False}
    assert items["TD2"]["kind"] == "likert" and items["TD2"]["scale"] == "tijdsdruk" and items["TD2"]["reverse"] is True


def test_open_questions_are_listed_with_kind_open_and_no_scale():
    items = {item["code"]: item for item in export()["items"]}
    assert items["OPEN1"] == {"code": "OPEN1", "text": "Wat kost jou de meeste energie in je werk?", "kind": "open",
                              "scale": None, "reverse": False}
    assert items["OPEN2"]["kind"] == "open"
    instruments.load_version(instruments.INSTRUMENT_DIR / "v1.json")
    assert "OPEN1" not in {item["code"] for item in export("--instrument-version", "2026.1")["items"]}


def test_unknown_version_is_an_error():
    with pytest.raises(CommandError, match="bestaat niet"):
        export("--instrument-version", "1999.9")
