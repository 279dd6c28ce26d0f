"""No string is left behind: every msgid has an English text, none is fuzzy, and a fresh makemessages
finds nothing the English catalogue lacks. The instrument's English texts cover every text of every version."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from surveys import instrument_texts, instruments
from surveys.scoring import load_instrument_file
from tools import catalogue

ROOT = Path(settings.BASE_DIR)
# What `make messages` leaves out, and what a copy of the project needs no copy of.
NOT_COPIED = shutil.ignore_patterns(
    ".*", "__pycache__", "*.mo", "media", "staticfiles", "static", "test-output", "tests", "benchmarks",
    "*.egg-info", "*.sqlite3",
)


def test_every_msgid_has_an_english_text_and_none_is_fuzzy():
    assert catalogue.problems(catalogue.load("en")) == []


def test_the_check_finds_an_untranslated_a_fuzzy_and_a_changed_placeholder_entry():
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Welkom terug", msgstr=""))
    po.append(polib.POEntry(msgid="Dag %(name)s", msgstr="Hello %(naam)s", flags=["python-format"]))
    po.append(polib.POEntry(msgid="Opgeslagen", msgstr="Saved", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="%(n)s stem", msgid_plural="%(n)s stemmen", msgstr_plural={0: "one vote", 1: ""}))
    assert catalogue.problems(po) == [
        "untranslated: 'Welkom terug'",
        "placeholders changed: 'Dag %(name)s'",
        "fuzzy: 'Opgeslagen'",
        "untranslated plural: '%(n)s stem'",
    ]


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="gettext is not installed")
def test_a_fresh_makemessages_finds_no_msgid_missing_from_the_english_catalogue(tmp_path):
    copy = tmp_path / "werkdruk"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    env = {**os.environ, "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--add-location", "file"],
        cwd=copy, env=env, check=True, capture_output=True,
    )
    fresh = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    committed = catalogue.load("en")
    known = {(entry.msgctxt, entry.msgid) for entry in committed if not entry.obsolete}
    new = sorted(entry.msgid[:70] for entry in fresh if (entry.msgctxt, entry.msgid) not in known)
    assert new == [], "run `make messages` and translate these (docs/translation.md)"
    assert catalogue.problems(fresh) == []


def test_the_compiled_english_catalogue_is_in_use():
    with translation.override("en"):
        assert translation.gettext("Verstuur mijn antwoorden") == "Send my answers"
        assert translation.ngettext("%(n)s stem", "%(n)s stemmen", 2) % {"n": 2} == "2 votes"


@pytest.mark.parametrize("path", instruments.instrument_files(), ids=lambda path: path.name)
def test_every_text_of_every_instrument_version_has_an_english_text(path):
    definition = load_instrument_file(path)
    english = instrument_texts.translation_file(path, "en")
    assert english.exists(), f"{english.name} is missing"
    texts = json.loads(english.read_text(encoding="utf-8"))
    assert texts["version"] == definition["version"]
    assert instrument_texts.missing_keys(definition, texts) == set()
    assert all(len(spec["anchors"]) == 5 for spec in texts["scales"].values())


def test_a_missing_english_text_falls_back_to_dutch_and_nothing_else_changes():
    definition = load_instrument_file(instruments.instrument_files()[0])
    texts = json.loads(instrument_texts.translation_file(instruments.instrument_files()[0], "en").read_text())
    del texts["items"]["E02"]
    english = instrument_texts.apply_texts(definition, texts)
    items = {item["code"]: item for section in english["sections"] for item in section["items"]}
    assert items["E01"]["text"] == "Working with new teaching methods"
    assert items["E02"]["text"] == "Ouders"
    assert instrument_texts.missing_keys(definition, texts) == {("items", "E02", "text")}

    def measurement(d):
        return [(i["code"], i["kind"], i.get("scale"), i.get("reverse")) for s in d["sections"] for i in s["items"]]

    assert measurement(english) == measurement(definition)
    assert [(s["code"], s["higher_is"], s["unfavourable_threshold"]) for s in english["scales"]] == [
        (s["code"], s["higher_is"], s["unfavourable_threshold"]) for s in definition["scales"]]


def test_the_version_in_use_reads_english_without_a_change_to_what_was_loaded(db):
    version = instruments.current_version()
    stored = json.dumps(version.definition, sort_keys=True)
    view = instruments.instrument(version.pk)
    with translation.override("en"):
        assert view.scales[0]["label"] == "Time pressure"
        assert view.items[0]["text"] == "Working with new teaching methods"
    assert view.scales[0]["label"] == "Tijdsdruk"
    version.refresh_from_db()
    assert json.dumps(version.definition, sort_keys=True) == stored
    assert version.items.get(code="E01").text == "Werken met nieuwe methoden"

