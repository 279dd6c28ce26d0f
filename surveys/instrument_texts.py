"""The instrument's texts in other languages: data beside each version file, keyed by code.

`v1.en.json` holds the English texts of `v1.json` (the same "version"): titles and intros per section
code, label, description and anchors per scale code, label per group code, text per item code. A
translation is not part of the measurement: items, codes, scales and scoring stay exactly as loaded,
only what a respondent or a report reads follows the active language, and every text a translation
lacks stays Dutch.
"""

import copy
import json
from functools import cache
from pathlib import Path

from .scoring import INSTRUMENT_DIR

SOURCE_LANGUAGE = "nl"

# The texts of each part of a definition: {part: fields}. Everything else (codes, kinds, reverse
# coding, thresholds) is the measurement and never comes from a translation.
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "groups": ("label",),
    "scales": ("label", "description", "anchors"),
    "sections": ("title", "intro"),
    "items": ("text",),
}


def translation_file(version_file: Path, language: str) -> Path:
    """`v1.json` → `v1.en.json`."""
    return version_file.with_name(f"{version_file.stem}.{language}.json")


@cache
def _translations(language: str) -> dict[str, dict]:
    """{version: texts} of every translation file of one language."""
    found = {}
    for path in sorted(INSTRUMENT_DIR.glob(f"v*.{language}.json")):
        texts = json.loads(path.read_text(encoding="utf-8"))
        found[texts["version"]] = texts
    return found


def texts_for(version: str, language: str) -> dict:
    """The translated texts of an instrument version, {} for Dutch or where there is no file."""
    if not language or language.split("-")[0] == SOURCE_LANGUAGE:
        return {}
    return _translations(language.split("-")[0]).get(version, {})


def text_keys(definition: dict) -> set[tuple[str, str, str]]:
    """(part, code, field) of every text in a definition: what a complete translation covers."""
    keys = {("title", "", "title")} if definition.get("title") else set()
    for part, code, spec in _specs(definition):
        keys |= {(part, code, name) for name in TEXT_FIELDS[part] if spec.get(name)}
    return keys


def missing_keys(definition: dict, texts: dict) -> set[tuple[str, str, str]]:
    """The text keys of the definition that a translation leaves Dutch."""
    return {key for key in text_keys(definition) if _translated(texts, *key) is None}


def localized(definition: dict, language: str | None) -> dict:
    """The definition with its texts in `language` where its translation has them, Dutch elsewhere."""
    texts = texts_for(definition["version"], language or SOURCE_LANGUAGE)
    return apply_texts(definition, texts) if texts else definition


def apply_texts(definition: dict, texts: dict) -> dict:
    """A copy of the definition with the translated texts put in; the measurement stays as it was."""
    localized = copy.deepcopy(definition)
    if texts.get("title"):
        localized["title"] = texts["title"]
    for part, code, spec in _specs(localized):
        for name in TEXT_FIELDS[part]:
            text = _translated(texts, part, code, name)
            if text is not None and spec.get(name):
                spec[name] = text
    return localized


def _specs(definition: dict):
    """(part, code, spec) for every group, scale, section and item of a definition."""
    for part in ("groups", "scales", "sections"):
        for spec in definition.get(part, []):
            yield part, spec["code"], spec
    for section in definition.get("sections", []):
        for item in section.get("items", []):
            yield "items", item["code"], item


def _translated(texts: dict, part: str, code: str, name: str):
    if part == "title":
        return texts.get("title") or None
    value = texts.get(part, {}).get(code, {}).get(name)
    return value or None
