"""The anonymity rule (docs/privacy.md): nothing is shown for fewer than MIN_GROUP respondents, and no
subtraction of two shown figures reveals fewer than MIN_GROUP."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from projects.anonymity import MIN_GROUP


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


# --- per cell: what a wave shows, and what it adds to a set of waves --------------------------
#
# A *cell* is one figure's group of answers: an energy theme, a scale, a measure question.
# The rule (docs/privacy.md): between any two views anyone can see, every cell differs by 0 or at
# least MIN_GROUP respondents. `wave_shows` decides, from plain counts, which cells of one wave
# are shown for the whole school and which for each department; a set of waves (a board, a
# coach's schools, a group report, the benchmark pool) adds up exactly those shown cells and
# nothing else, so any two sets differ by whole cells that their own schools show.


@dataclass(frozen=True)
class CellCounts:
    """One wave as plain counts: respondents per department ("" for none given) and, per cell,
    how many of each department answered it."""

    respondents: Mapping[str, int]
    cells: Mapping[str, Mapping[str, int]]
    closed: bool = True

    @property
    def total(self) -> int:
        return sum(self.respondents.values())

    def cell_total(self, cell: str) -> int:
        return sum(self.cells.get(cell, {}).values())


@dataclass(frozen=True)
class Shown:
    """What one wave shows: the cells of the whole school, the departments and each one's cells."""

    whole: frozenset[str] = frozenset()
    departments: frozenset[str] = frozenset()
    department_cells: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def anything(self) -> bool:
        return bool(self.whole)

    def shows(self, cell: str, department: str | None = None) -> bool:
        if department is None:
            return cell in self.whole
        return cell in self.department_cells.get(department, frozenset())


NOTHING = Shown()


def wave_shows(wave: CellCounts) -> Shown:
    """The cells one wave may show. An open wave shows nothing: each new response would show as a
    difference. Departments pass `visible_groups` on their respondents; then, per cell, the shown
    departments pass it again on that cell's counts, so what a cell's shown departments leave of the
    school's cell is 0 or at least MIN_GROUP (complementary suppression)."""
    if not wave.closed or not may_show_total(wave.total):
        return NOTHING
    departments = shown_departments(wave.respondents)
    whole = frozenset(cell for cell in wave.cells if may_show_total(wave.cell_total(cell)))
    per_department: dict[str, set[str]] = {department: set() for department in departments}
    for cell in whole:
        counts = wave.cells[cell]
        for department in visible_groups({d: counts.get(d, 0) for d in departments}, wave.cell_total(cell)):
            per_department[department].add(cell)
    return Shown(whole, departments, {d: frozenset(cells) for d, cells in per_department.items()})


def shown_departments(respondents: Mapping[str, int]) -> frozenset[str]:
    """The departments a closed wave of at least MIN_GROUP shows, from its respondents per department."""
    total = sum(respondents.values())
    if not may_show_total(total):
        return frozenset()
    return frozenset(visible_groups({d: n for d, n in respondents.items() if d and n}, total))


def set_shows(waves: Mapping[object, CellCounts]) -> dict[object, Shown]:
    """What each wave adds to a figure over several waves: exactly the cells it shows on its own.

    Sums of shown cells obey the rule by themselves: each shown cell holds 0 or at least MIN_GROUP,
    and what a wave's shown departments leave of its cell is 0 or at least MIN_GROUP, so the
    same holds for the sums."""
    return {key: wave_shows(counts) for key, counts in waves.items()}
