"""The English catalogue: what is left to translate, writing translations in, and checking them.

    make messages                                        # collect every msgid (Dutch) into locale/en
    .venv/bin/python -m tools.catalogue missing > todo.json   # the entries without an English text
    # fill in "msgstr" in todo.json (a list of forms for a plural entry), then:
    .venv/bin/python -m tools.catalogue apply todo.json
    .venv/bin/python -m tools.catalogue check            # what tests/test_catalogues.py asserts

The Dutch texts in the code are the msgids and are never changed here (docs/translation.md).
"""

import json
import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = {
    "en": ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po",
}
HEADER = {
    "Project-Id-Version": "Werkdruk",
    "Language-Team": "Werkdruk (docs/translation.md)",
    "Last-Translator": "Werkdruk",
    "Language": "en",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}
# %(name)s, %s, %d, %.0f and %% in a python-format entry, and {name} (str.format); their set must survive
# translation. A text without the python-format flag is never %-formatted: "95%-interval" there is just text.
PERCENT = re.compile(r"%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[sdfi]|%[-#0 +]*\d*(?:\.\d+)?[sdfi%]")
BRACES = re.compile(r"\{[a-z_]*\}")


def load(language: str = "en") -> polib.POFile:
    # As `make messages` writes it (--no-wrap), so that neither rewraps what the other wrote.
    return polib.pofile(str(CATALOGUES[language]), wrapwidth=100_000)


def placeholders(text: str, percent: bool = True) -> list[str]:
    return sorted((PERCENT.findall(text) if percent else []) + BRACES.findall(text))


def problems(po: polib.POFile) -> list[str]:
    """Why the catalogue is not complete: untranslated, fuzzy or placeholder-changing entries."""
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        label = repr(entry.msgid[:70])
        percent = "python-format" in entry.flags
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {label}")
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(index, "") for index in range(2)]
            if not all(forms):
                found.append(f"untranslated plural: {label}")
                continue
            # The singular form may leave out the number ("one reminder"), never add one.
            if placeholders(forms[1], percent) != placeholders(entry.msgid_plural, percent):
                found.append(f"placeholders changed in plural: {label}")
        elif not entry.msgstr:
            found.append(f"untranslated: {label}")
        elif placeholders(entry.msgstr, percent) != placeholders(entry.msgid, percent):
            found.append(f"placeholders changed: {label}")
    return found


def missing(po: polib.POFile) -> list[dict]:
    """The entries still to translate, in the form `apply` reads back."""
    todo = []
    for entry in po:
        if entry.obsolete:
            continue
        untranslated = (
            not all(entry.msgstr_plural.get(index) for index in range(2)) if entry.msgid_plural else not entry.msgstr
        )
        if untranslated or "fuzzy" in entry.flags:
            item = {"msgid": entry.msgid}
            if entry.msgctxt:
                item["msgctxt"] = entry.msgctxt
            if entry.msgid_plural:
                item["msgid_plural"] = entry.msgid_plural
                item["msgstr"] = ["", ""]
            else:
                item["msgstr"] = ""
            todo.append(item)
    return todo


def apply(po: polib.POFile, translations: list[dict]) -> int:
    """Write the translations into the catalogue; returns how many entries changed."""
    changed = 0
    for item in translations:
        entry = po.find(item["msgid"], msgctxt=item.get("msgctxt"))
        if entry is None or not item.get("msgstr"):
            continue
        if entry.msgid_plural:
            forms = item["msgstr"]
            entry.msgstr_plural = {index: form for index, form in enumerate(forms)}
        else:
            entry.msgstr = item["msgstr"]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        changed += 1
    return changed


def fix_header(po: polib.POFile) -> None:
    po.header = "English texts of Werkdruk. The glossary is docs/translation.md."
    po.metadata.update(HEADER)
    po.metadata.setdefault("PO-Revision-Date", "2026-12-01 23:00+0000")
    po.metadata_is_fuzzy = False


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    po = load()
    if command == "missing":
        print(json.dumps(missing(po), ensure_ascii=False, indent=2))
        return 0
    if command == "apply":
        translations = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        fix_header(po)
        count = apply(po, translations)
        po.save()
        print(f"{count} vertalingen geschreven", file=sys.stderr)
    found = problems(po)
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
