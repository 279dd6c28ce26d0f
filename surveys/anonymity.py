"""The k=5 rule: nothing is shown for fewer than 5 respondents, and no subtraction reveals them."""

from __future__ import annotations

from collections.abc import Mapping

from projects.anonymity import MIN_GROUP

TOO_FEW = "Minder dan 5 respondenten: niet getoond om de anonimiteit te beschermen."
WOULD_REVEAL = "Niet getoond: anders is een groep van minder dan 5 respondenten terug te rekenen."


def may_show_total(n: int) -> bool:
    return n >= MIN_GROUP


def _is_safe_remainder(remainder: int) -> bool:
    return remainder == 0 or remainder >= MIN_GROUP


def visible_groups(counts: Mapping[str, int], total: int) -> set[str]:
    """The groups of a breakdown that may be shown.

    Every shown group has at least 5 respondents, and what the shown groups leave
    of the total (hidden groups, unanswered) is 0 or at least 5.
    """
    if any(n < 0 for n in counts.values()) or sum(counts.values()) > total:
        raise ValueError("De groepen tellen samen op tot meer dan het totaal.")
    if not may_show_total(total):
        return set()
    shown = {group for group, n in counts.items() if n >= MIN_GROUP}
    # Hiding the smallest shown group adds at least 5 to a remainder of 1–4, so one
    # step always suffices, and it keeps as many respondents visible as possible.
    if not _is_safe_remainder(total - sum(counts[g] for g in shown)) and shown:
        shown.remove(min(shown, key=lambda g: (counts[g], g)))
    return shown


def suppressed_reasons(counts: Mapping[str, int], total: int) -> dict[str, str]:
    """Why each hidden group of a breakdown is hidden, in Dutch."""
    shown = visible_groups(counts, total)
    return {
        group: TOO_FEW if n < MIN_GROUP or not may_show_total(total) else WOULD_REVEAL
        for group, n in counts.items()
        if group not in shown
    }
