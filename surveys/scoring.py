"""Scores of the survey instrument: plain data in, plain data out (no Django)."""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INSTRUMENT_DIR = Path(__file__).parent / "instrument"

SCALE_MIN, SCALE_MAX = 1, 5
ITEMS_PER_SCALE = range(2, 5)
SATISFIED_FROM = 4  # "(zeer) tevreden": answers 4 and 5 on the tevredenheid scale
SATISFACTION_SCALE = "tevredenheid"

# An empty or missing answer means "niet van toepassing".
ENERGY_CHOICES = ("giver", "neutral", "taker")
ENERGY_LABELS = {
    "giver": "Energiegever",
    "neutral": "Neutraal",
    "taker": "Energienemer",
    "": "Niet van toepassing",
}

HIGHER_IS = ("worse", "better")
ITEM_KINDS = ("energy", "likert", "open")


@dataclass(frozen=True)
class ItemSpec:
    code: str
    reverse: bool = False
    scale: str = ""


@dataclass(frozen=True)
class ScaleSummary:
    n: int
    mean: float | None
    sd: float | None
    unfavourable_pct: float | None


@dataclass(frozen=True)
class EnergySummary:
    n: int
    giver_pct: float | None
    neutral_pct: float | None
    taker_pct: float | None


def score_item(value: int, reverse: bool) -> int:
    """The item's score on the 1–5 scale, turned round for reverse-coded items."""
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise ValueError(f"Antwoord {value!r} ligt niet tussen {SCALE_MIN} en {SCALE_MAX}.")
    return SCALE_MIN + SCALE_MAX - value if reverse else value


def respondent_scale_score(
    answers: Mapping[str, int | None], items: Sequence[ItemSpec]
) -> float | None:
    """Mean of the answered items, or None when fewer than half of them are answered."""
    scores = [
        score_item(answers[item.code], item.reverse)
        for item in items
        if answers.get(item.code) is not None
    ]
    if not scores or 2 * len(scores) < len(items):
        return None
    return statistics.fmean(scores)


def scale_scores(
    respondents: Sequence[Mapping[str, int | None]], items: Sequence[ItemSpec]
) -> list[float]:
    """The scale score of every respondent who has one."""
    scores = (respondent_scale_score(answers, items) for answers in respondents)
    return [score for score in scores if score is not None]


def is_unfavourable(score: float, higher_is: str, threshold: float) -> bool:
    if higher_is == "worse":
        return score >= threshold
    if higher_is == "better":
        return score <= threshold
    raise ValueError(f"Onbekende richting {higher_is!r}.")


def summarise_scale(scores: Sequence[float], higher_is: str, threshold: float) -> ScaleSummary:
    """n, mean, sample SD and % of respondents in the unfavourable range."""
    n = len(scores)
    if n == 0:
        return ScaleSummary(n=0, mean=None, sd=None, unfavourable_pct=None)
    unfavourable = sum(is_unfavourable(s, higher_is, threshold) for s in scores)
    return ScaleSummary(
        n=n,
        mean=statistics.fmean(scores),
        sd=statistics.stdev(scores) if n >= 2 else None,
        unfavourable_pct=100 * unfavourable / n,
    )


def energy_distribution(values: Sequence[str | None]) -> EnergySummary:
    """% giver / neutral / taker among those who answered; n.v.t. does not count."""
    answered = [v for v in values if v]
    unknown = set(answered) - set(ENERGY_CHOICES)
    if unknown:
        raise ValueError(f"Onbekend energie-antwoord: {', '.join(sorted(unknown))}.")
    n = len(answered)
    if n == 0:
        return EnergySummary(n=0, giver_pct=None, neutral_pct=None, taker_pct=None)
    counts = Counter(answered)
    return EnergySummary(
        n=n,
        giver_pct=100 * counts["giver"] / n,
        neutral_pct=100 * counts["neutral"] / n,
        taker_pct=100 * counts["taker"] / n,
    )


def satisfied_pct(scores: Sequence[float]) -> float | None:
    """% (zeer) tevreden: share of tevredenheid scale scores of 4 or more."""
    if not scores:
        return None
    return 100 * sum(score >= SATISFIED_FROM for score in scores) / len(scores)


# --- the instrument file ------------------------------------------------------


def load_instrument_file(path: str | Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def iter_items(instrument: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for section in instrument["sections"]:
        yield from section["items"]


def items_by_scale(instrument: Mapping[str, Any]) -> dict[str, list[ItemSpec]]:
    """Every scale code with its likert items, in the order of the instrument."""
    result: dict[str, list[ItemSpec]] = {scale["code"]: [] for scale in instrument["scales"]}
    for item in iter_items(instrument):
        if item["kind"] == "likert":
            result[item["scale"]].append(
                ItemSpec(code=item["code"], reverse=item.get("reverse", False), scale=item["scale"])
            )
    return result


def _duplicates(codes: Sequence[str]) -> list[str]:
    return sorted(code for code, count in Counter(codes).items() if count > 1)


def _is_score(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and SCALE_MIN <= value <= SCALE_MAX
    )


def _scale_errors(scale: Mapping[str, Any], group_codes: list[str]) -> list[str]:
    code, errors = scale.get("code"), []
    if not scale.get("label"):
        errors.append(f"Schaal '{code}' heeft geen naam.")
    if scale.get("group") not in group_codes:
        errors.append(f"Schaal '{code}' hoort bij een onbekende groep '{scale.get('group')}'.")
    if scale.get("higher_is") not in HIGHER_IS:
        errors.append(f"Schaal '{code}': 'higher_is' moet 'worse' of 'better' zijn.")
    if not _is_score(scale.get("unfavourable_threshold")):
        errors.append(f"Schaal '{code}': de grens voor ongunstig moet tussen 1 en 5 liggen.")
    anchors = scale.get("anchors")
    if not (
        isinstance(anchors, list)
        and len(anchors) == SCALE_MAX
        and all(isinstance(a, str) and a for a in anchors)
    ):
        errors.append(f"Schaal '{code}' heeft geen vijf antwoordlabels.")
    return errors


def _item_errors(item: Mapping[str, Any], scale_codes: list[str]) -> list[str]:
    code, kind, errors = item.get("code"), item.get("kind"), []
    if not item.get("text"):
        errors.append(f"Vraag '{code}' heeft geen tekst.")
    if kind not in ITEM_KINDS:
        errors.append(f"Vraag '{code}' heeft een onbekend soort '{kind}'.")
    elif kind == "likert":
        if item.get("scale") not in scale_codes:
            errors.append(f"Vraag '{code}' hoort bij een onbekende schaal '{item.get('scale')}'.")
        if not isinstance(item.get("reverse"), bool):
            errors.append(f"Vraag '{code}': 'reverse' moet true of false zijn.")
    elif "scale" in item:
        what = "Energievraag" if kind == "energy" else "Open vraag"
        errors.append(f"{what} '{code}' hoort niet bij een schaal.")
    return errors


def validate_instrument(data: Any) -> list[str]:
    """Everything wrong with an instrument, as Dutch messages; empty when it is usable."""
    if not isinstance(data, Mapping):
        return ["Het instrument is geen JSON-object."]
    fields = {"version": str, "title": str, "scales": list, "groups": list, "sections": list}
    errors = [
        f"Het veld '{key}' ontbreekt of heeft een verkeerd type."
        for key, kind in fields.items()
        if not isinstance(data.get(key), kind)
    ]
    if errors:
        return errors
    groups, scales, sections = data["groups"], data["scales"], data["sections"]
    items = [
        item
        for section in sections
        if isinstance(section, Mapping) and isinstance(section.get("items"), list)
        for item in section["items"]
    ]
    if not all(isinstance(entry, Mapping) for entry in [*groups, *scales, *sections, *items]):
        return ["Elke groep, schaal, onderdeel en vraag moet een JSON-object zijn."]

    codes = {
        "groep": [g.get("code") for g in groups],
        "schaal": [s.get("code") for s in scales],
        "onderdeel": [s.get("code") for s in sections],
        "vraag": [i.get("code") for i in items],
    }
    for what, some_codes in codes.items():
        if not all(isinstance(code, str) and code for code in some_codes):
            errors.append(f"Elke {what} heeft een code nodig.")
        for code in _duplicates([c for c in some_codes if isinstance(c, str)]):
            errors.append(f"De code '{code}' komt meer dan eens voor bij {what}.")
    # Item and scale codes become columns of one export, so they may not clash.
    for code in sorted(set(codes["vraag"]) & set(codes["schaal"]) - {None}):
        errors.append(f"De code '{code}' is zowel een vraag als een schaal.")

    for group in groups:
        if not group.get("label"):
            errors.append(f"Groep '{group.get('code')}' heeft geen naam.")
    for scale in scales:
        errors += _scale_errors(scale, codes["groep"])
    for section in sections:
        if not section.get("title"):
            errors.append(f"Onderdeel '{section.get('code')}' heeft geen titel.")
        if not section.get("items"):
            errors.append(f"Onderdeel '{section.get('code')}' heeft geen vragen.")
    for item in items:
        errors += _item_errors(item, codes["schaal"])

    per_scale = Counter(item.get("scale") for item in items if item.get("kind") == "likert")
    for code in codes["schaal"]:
        if code is not None and per_scale[code] not in ITEMS_PER_SCALE:
            n = per_scale[code]
            errors.append(f"Schaal '{code}' heeft {n} vragen; dat moeten er 2 tot 4 zijn.")
    if SATISFACTION_SCALE not in codes["schaal"]:
        errors.append(
            f"De schaal '{SATISFACTION_SCALE}' ontbreekt; die is nodig voor '% (zeer) tevreden'."
        )
    return errors
