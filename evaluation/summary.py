"""The summary that opens the evaluation page and the PDF: what changed, in plain Dutch (B1).

Plain data in (a `Comparison` and the response of both waves), sentences out, so every sentence
is tested without the database. The words say only what a before/after comparison can show:
"aantoonbaar verbeterd" means the change is too large to be chance at these numbers, not that
the measures caused it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from surveys.formatting import dutch_decimal

from .comparison import Comparison, EnergyComparison, ScaleComparison

NAMED = 4  # changes named per direction; the rest are counted


@dataclass(frozen=True)
class WaveResponse:
    label: str  # "voormeting", as it reads in a sentence
    n: int
    invited: int | None = None

    @property
    def pct(self) -> float | None:
        return 100 * self.n / self.invited if self.invited else None


@dataclass(frozen=True)
class Summary:
    points: list[str]  # what changed and what did not, the most important first
    response: str
    caveat: str


def verdict(row: ScaleComparison | EnergyComparison) -> str:
    """The words for one row: only q < 0.05 (within its family) counts as a change."""
    if not row.significant:
        return _("geen aantoonbaar verschil")
    return _("aantoonbaar verbeterd") if row.improved else _("aantoonbaar verslechterd")


def reading(row: ScaleComparison | EnergyComparison) -> str:
    """What the detail tables say of a row, short: the verdict, or the comparison's own reading where
    a wave gave nobody's answer room to differ (mdd 0: there was nothing to detect)."""
    if not row.significant and row.mdd == 0:
        return row.reading
    return verdict(row)


def detectable(row: ScaleComparison | EnergyComparison) -> str:
    """Beside "geen aantoonbaar verschil": the difference these numbers would have caught 8 times in 10."""
    if row.significant or not row.mdd:
        return ""
    return _("8 op 10 kans bij %(mdd)s") % {"mdd": row.formatted_mdd()}


def summarise(comparison: Comparison, before: WaveResponse, after: WaveResponse) -> Summary:
    rows = [*comparison.scales, *comparison.energy]
    tested = [row for row in rows if row.p is not None]
    improved = _largest_first([row for row in tested if row.significant and row.improved])
    worsened = _largest_first([row for row in tested if row.significant and not row.improved])
    points = [point for point in (_primary(tested), _improved(improved), _worsened(worsened),
                                  _unchanged(len(tested) - len(improved) - len(worsened), len(tested)),
                                  _shifted(comparison.energy)) if point]
    return Summary(points=points, response=_response(before, after), caveat=caveat())


def caveat() -> str:
    return _(
        "Let op: een voormeting en een nameting laten zien wát er veranderde, niet waardóór. Er is geen "
        "vergelijkingsgroep van scholen zonder aanpak. Scholen beginnen vaak als de signalen slecht zijn, en "
        "dan wordt het ook vanzelf vaak wat beter. Ook kan het team veranderd zijn, en hebben niet precies "
        "dezelfde collega's beide keren meegedaan."
    )


def _primary(rows: Sequence[ScaleComparison | EnergyComparison]) -> str:
    """The primary outcomes first, when the comparison marks its families."""
    primary = [row for row in rows if getattr(row, "family", None) == "primary"]
    if not primary:
        return ""
    return _("De hoofduitkomsten: %(outcomes)s.") % {
        "outcomes": "; ".join(f"{row.label.lower()} {verdict(row)}" for row in primary)
    }


def _improved(rows: list) -> str:
    if not rows:
        return ""
    return ngettext(
        "Aantoonbaar verbeterd is %(count)s onderdeel: %(names)s.",
        "Aantoonbaar verbeterd zijn %(count)s onderdelen: %(names)s.",
        len(rows),
    ) % {"count": len(rows), "names": _named(rows)}


def _worsened(rows: list) -> str:
    if not rows:
        return _("Niets is aantoonbaar verslechterd.")
    return ngettext(
        "Aantoonbaar verslechterd is %(count)s onderdeel: %(names)s.",
        "Aantoonbaar verslechterd zijn %(count)s onderdelen: %(names)s.",
        len(rows),
    ) % {"count": len(rows), "names": _named(rows)}


def _unchanged(count: int, tested: int) -> str:
    if count == 0:
        return ""
    if count == tested:
        return ngettext(
            "Bij het enige onderdeel is geen verschil aan te tonen.",
            "Bij geen van de %(count)s onderdelen is een verschil aan te tonen.",
            count,
        ) % {"count": count} + " " + _no_difference_is_not_nothing()
    return ngettext(
        "Bij %(count)s ander onderdeel is geen verschil aan te tonen.",
        "Bij de %(count)s andere onderdelen is geen verschil aan te tonen.",
        count,
    ) % {"count": count} + " " + _no_difference_is_not_nothing()


def _no_difference_is_not_nothing() -> str:
    return _("Dat wil niet zeggen dat daar niets veranderde: met de aantallen van één school valt alleen een "
             "flink verschil op.")


def _shifted(themes: Sequence[EnergyComparison]) -> str:
    """Themes whose mix of givers, neutral and takers moved while the taker share did not (the ordinal test)."""
    moved = [row for row in themes if getattr(row, "shifted", False) and not row.significant]
    if not moved:
        return ""
    return ngettext(
        "Bij %(themes)s veranderde wel de verhouding tussen energiegevers, neutraal en energienemers.",
        "Bij %(themes)s veranderde wel de verhouding tussen energiegevers, neutraal en energienemers.",
        len(moved),
    ) % {"themes": get_text_list([row.label for row in moved], _("en"))}


def _named(rows: list) -> str:
    names = [_change(row) for row in rows[:NAMED]]
    rest = len(rows) - NAMED
    if rest > 0:
        names.append(ngettext("nog %(count)s ander", "nog %(count)s andere", rest) % {"count": rest})
    return get_text_list(names, _("en"))


def _change(row: ScaleComparison | EnergyComparison) -> str:
    """"Ervaren werkdruk (van 3,4 naar 2,9)": from and to say the direction without knowing the scale."""
    if isinstance(row, EnergyComparison):
        return _("%(label)s (energienemers van %(before)s%% naar %(after)s%%)") % {
            "label": row.label, "before": dutch_decimal(row.baseline.taker_pct, 0),
            "after": dutch_decimal(row.followup.taker_pct, 0),
        }
    return _("%(label)s (van %(before)s naar %(after)s)") % {
        "label": row.label, "before": dutch_decimal(row.baseline.mean, 1), "after": dutch_decimal(row.followup.mean, 1),
    }


def _largest_first(rows: list) -> list:
    """Scales by effect size, then energy themes by the change of their taker share."""
    return sorted(rows, key=_size)


def _size(row: Any) -> tuple[int, float]:
    if isinstance(row, EnergyComparison):
        return (1, -abs(row.followup.taker_pct - row.baseline.taker_pct))
    return (0, -abs(row.hedges_g if row.hedges_g is not None else row.diff or 0))


def _response(before: WaveResponse, after: WaveResponse) -> str:
    first = ngettext("%(n)s collega aan de %(wave)s", "%(n)s collega's aan de %(wave)s", before.n) % {
        "n": before.n, "wave": before.label}
    if before.pct is not None:
        first += " " + _("(%(pct)s%% van de uitgenodigden)") % {"pct": dutch_decimal(before.pct, 0)}
    second = _("%(n)s aan de %(wave)s") % {"n": after.n, "wave": after.label}
    if after.pct is not None:
        second += " " + _("(%(pct)s%%)") % {"pct": dutch_decimal(after.pct, 0)}
    return _("Meegedaan: %(first)s en %(second)s.") % {"first": first, "second": second}
