"""Which tests of a comparison are judged together: the primary outcomes, and the rest.

A school is compared on some 28 scales and 14 energy themes. Correcting for all of them at once
would hide the few outcomes the approach is about; not correcting would let chance find "changes".
So the primary outcomes (ervaren werkdruk, uitputting, tevredenheid met werk: the seed's uitkomsten,
codes from surveys/instrument/v1.json) form one family, every other scale and the energy themes'
Fisher tests the exploratory family, and Benjamini–Hochberg corrects within each family.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from surveys.formatting import translate

Family = Literal["primary", "exploratory"]

PRIMARY: Family = "primary"
EXPLORATORY: Family = "exploratory"
# In the order the reports show them.
PRIMARY_OUTCOMES: tuple[str, ...] = ("ervaren_werkdruk", "tevredenheid", "uitputting")

_ = translate


def family_of_scale(code: str) -> Family:
    return PRIMARY if code in PRIMARY_OUTCOMES else EXPLORATORY


def label(family: Family) -> str:
    return {PRIMARY: _("Belangrijkste uitkomsten"), EXPLORATORY: _("Overige schalen en energiethema's")}[family]


def explanation(family: Family) -> str:
    """One sentence a team reads above the family's rows."""
    return {
        PRIMARY: _(
            "Ervaren werkdruk, uitputting en tevredenheid met werk zijn vooraf gekozen als de uitkomsten "
            "waar het om gaat; alleen voor deze drie samen is gecorrigeerd voor toeval."
        ),
        EXPLORATORY: _(
            "De overige schalen en de energiethema's zijn samen getoetst en samen gecorrigeerd voor toeval, "
            "omdat bij zoveel vergelijkingen een paar verschillen ook zonder echte verandering opvallen."
        ),
    }[family]


def benjamini_hochberg(pvalues: Sequence[float | None]) -> list[float | None]:
    """BH q-values in the input order; None (nothing tested) passes through, uncounted."""
    tested = sorted(
        ((p, index) for index, p in enumerate(pvalues) if p is not None),
        key=lambda pair: pair[0],
    )
    if any(not 0 <= p <= 1 for p, _index in tested):
        raise ValueError("p-values must lie between 0 and 1")
    qvalues: list[float | None] = [None] * len(pvalues)
    smallest_q_above = 1.0  # walking down from the largest p keeps q monotone
    for rank in range(len(tested), 0, -1):
        p, index = tested[rank - 1]
        smallest_q_above = min(smallest_q_above, p * len(tested) / rank)
        qvalues[index] = smallest_q_above
    return qvalues


def within_families(pvalues: Sequence[float | None], families: Sequence[Family]) -> list[float | None]:
    """Benjamini–Hochberg q-values, each family corrected on its own."""
    qvalues: list[float | None] = [None] * len(pvalues)
    for family in (PRIMARY, EXPLORATORY):
        members = [index for index, member in enumerate(families) if member == family]
        for index, q in zip(members, benjamini_hochberg([pvalues[i] for i in members]), strict=True):
            qvalues[index] = q
    return qvalues


def tests_per_family(pvalues: Sequence[float | None], families: Sequence[Family]) -> dict[Family, int]:
    """m of each family: its tests that were actually run."""
    return {
        family: sum(1 for p, member in zip(pvalues, families, strict=True) if member == family and p is not None)
        for family in (PRIMARY, EXPLORATORY)
    }
