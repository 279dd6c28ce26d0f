"""Loading the versioned instrument files into the database, and reading them back cheaply.

An instrument version never changes once loaded: a change to the questionnaire is a new
file with a new version. So a loaded version is cached in memory for good.
"""

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from django.db import transaction
from django.utils import translation

from . import instrument_texts
from .models import InstrumentVersion, Item, Scale
from .scoring import INSTRUMENT_DIR, iter_items, load_instrument_file, validate_instrument


class InstrumentError(Exception):
    pass


def instrument_files() -> list[Path]:
    """The version files, oldest first; `v1.en.json` beside `v1.json` is a translation, not a version."""
    versions = [path for path in INSTRUMENT_DIR.glob("v*.json") if path.stem[1:].isdigit()]
    return sorted(versions, key=lambda path: int(path.stem[1:]))


@transaction.atomic
def load_version(path: Path) -> InstrumentVersion:
    """Load one instrument file; a version already loaded is left exactly as it is."""
    data = load_instrument_file(path)
    errors = validate_instrument(data)
    if errors:
        raise InstrumentError("; ".join(errors))
    existing = InstrumentVersion.objects.filter(version=data["version"]).first()
    if existing is not None:
        return existing
    version = InstrumentVersion.objects.create(version=data["version"], title=data["title"], definition=data)
    scales = {
        spec["code"]: Scale.objects.create(
            instrument=version, code=spec["code"], label=spec["label"], group=spec["group"],
            higher_is=spec["higher_is"], unfavourable_threshold=spec["unfavourable_threshold"], order=order,
        )
        for order, spec in enumerate(data["scales"])
    }
    section_of = {item["code"]: section["code"] for section in data["sections"] for item in section["items"]}
    Item.objects.bulk_create(
        Item(
            instrument=version, code=spec["code"], text=spec["text"], kind=spec["kind"],
            scale=scales.get(spec.get("scale")), reverse=spec.get("reverse", False),
            section=section_of[spec["code"]], order=order,
        )
        for order, spec in enumerate(iter_items(data))
    )
    return version


def current_version() -> InstrumentVersion:
    """The newest instrument version in the repository, loaded if it is not yet."""
    return load_version(instrument_files()[-1])


@dataclass(frozen=True)
class InstrumentView:
    """An instrument version as the survey and the analysis read it: plain data, no queries."""

    pk: int
    version: str
    definition: dict  # as loaded: Dutch
    item_ids: dict[str, int]  # item code -> database id
    # The definition with its texts in each language asked for (surveys/instrument_texts.py), built once.
    _in_language: dict[str, dict] = field(default_factory=dict, compare=False, repr=False)

    @property
    def texts(self) -> dict:
        """The definition in the active language: its texts translated where the translation has them."""
        language = translation.get_language() or instrument_texts.SOURCE_LANGUAGE
        found = self._in_language.get(language)
        if found is None:
            found = self._in_language[language] = instrument_texts.localized(self.definition, language)
        return found

    @property
    def sections(self) -> list[dict]:
        return self.texts["sections"]

    @property
    def scales(self) -> list[dict]:
        return self.texts["scales"]

    @property
    def items(self) -> list[dict]:
        return list(iter_items(self.texts))

    @cached_property
    def open_codes(self) -> frozenset[str]:
        """The codes of the open questions (none before version 2026.2). Codes and kinds are the same in
        every language, so this is worked out once, from the definition as loaded: every submission asks."""
        return frozenset(item["code"] for item in iter_items(self.definition) if item["kind"] == "open")

    @property
    def groups(self) -> list[dict]:
        return self.texts.get("groups", [])


@cache
def instrument(pk: int) -> InstrumentView:
    """Cached for the life of the process: a loaded version is immutable."""
    version = InstrumentVersion.objects.get(pk=pk)
    return InstrumentView(
        pk=version.pk,
        version=version.version,
        definition=version.definition,
        item_ids=dict(version.items.values_list("code", "id")),
    )
