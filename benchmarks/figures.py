"""The figures a benchmark run produces, the maths behind them, the table and results.json.

Pure code: no Django, no services. A figure that could not be measured keeps its place in
the table with the reason, so a missing piece never hides behind a crash.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

NOT_AVAILABLE = "niet beschikbaar"


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The pct-th percentile by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile {pct} outside 0–100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


@dataclass(frozen=True)
class Target:
    """What a figure must stay at or under (`at_most`) or at or over (`at_least`)."""

    at_most: float | None = None
    at_least: float | None = None
    text: str = ""

    def met_by(self, value: float) -> bool:
        if self.at_most is not None and value > self.at_most:
            return False
        return self.at_least is None or value >= self.at_least

    def describe(self, unit: str) -> str:
        if self.text:
            return self.text
        if self.at_most is not None:
            return f"≤ {format_number(self.at_most)} {unit}".strip()
        if self.at_least is not None:
            return f"≥ {format_number(self.at_least)} {unit}".strip()
        return ""


INFORMATIVE = Target(text="informatief")


@dataclass(frozen=True)
class Figure:
    name: str
    value: float | None
    unit: str
    target: str
    met: bool | None
    note: str = ""

    @classmethod
    def measured(cls, name: str, value: float, unit: str, target: Target = INFORMATIVE, note: str = "") -> Figure:
        met = None if target is INFORMATIVE else target.met_by(value)
        return cls(name, value, unit, target.describe(unit), met, note)

    @classmethod
    def unavailable(cls, name: str, unit: str, target: Target, reason: str) -> Figure:
        return cls(name, None, unit, target.describe(unit), None, f"{NOT_AVAILABLE}: {reason}")

    def as_json(self) -> dict:
        data = {"name": self.name, "value": self.value, "unit": self.unit, "target": self.target, "met": self.met}
        if self.note:
            data["note"] = self.note
        return data


def format_number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def verdict(figure: Figure) -> str:
    if figure.met is None:
        return "—"
    return "gehaald" if figure.met else "niet gehaald"


def table(figures: Sequence[Figure]) -> str:
    """A plain-text table: figure, value, target, met or not, and a note where there is one."""
    header = ("figuur", "waarde", "doel", "gehaald")
    rows = [
        (
            figure.name,
            f"{format_number(figure.value)} {figure.unit}".strip() if figure.value is not None else NOT_AVAILABLE,
            figure.target,
            verdict(figure),
        )
        for figure in figures
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(header), line(tuple("-" * width for width in widths))]
    for figure, row in zip(figures, rows, strict=True):
        out.append(line(row))
        if figure.note:
            out.append(" " * 4 + figure.note)
    return "\n".join(out)


def write_results(figures: Sequence[Figure], path: Path) -> None:
    path.write_text(json.dumps([figure.as_json() for figure in figures], indent=2, ensure_ascii=False) + "\n")
