"""The heat map of the results page: every scale against the whole school and each shown department.

Plain data in (a wave's results in the export shape, already under the anonymity rule of
`results`), plain rows out. A cell the rule withholds stays empty and says why: fewer than 5
answered it in that department, or it is held back so that no subtraction of shown figures
reveals a small group. Colour follows what a score means, not its height: for tijdsdruk a low
score is the good one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import anonymity

# Upper bounds of the favourable score (1 worst … 5 best) for bands 1 to 4; above the last is band 5.
BANDS = (2.5, 3.0, 3.5, 4.0)
FEWER_THAN_MIN = "fewer"
AGAINST_SUBTRACTION = "subtraction"


@dataclass(frozen=True)
class Cell:
    mean: float | None
    band: int | None  # 1 (unfavourable) … 5 (favourable); None when withheld
    withheld: str = ""  # FEWER_THAN_MIN or AGAINST_SUBTRACTION when mean is None


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    higher_is: str
    cells: list[Cell]


@dataclass(frozen=True)
class HeatMap:
    columns: list[tuple[str, int]]  # (name, n): "" for the whole school, then the departments
    groups: list[tuple[str, list[Row]]]

    @property
    def withheld_reasons(self) -> set[str]:
        return {cell.withheld for _label, rows in self.groups for row in rows for cell in row.cells if cell.withheld}


def heat_map(data: Mapping, scales: Sequence[Mapping], groups: Sequence[Mapping]) -> HeatMap | None:
    """From results with figures (`results.shows_figures`), the instrument's scales and their groups.

    None when no department is shown: then there is nothing to set side by side.
    """
    departments = data.get("departments") or []
    if not departments:
        return None
    specs = {scale["code"]: scale for scale in scales}
    parts = [data["scales"], *(department["scales"] for department in departments)]
    by_code = [{row["code"]: row for row in part} for part in parts]
    rows_by_group: dict[str, list[Row]] = {}
    for row in data["scales"]:
        spec = specs[row["code"]]
        cells = [_cell(part.get(row["code"]), spec["higher_is"]) for part in by_code]
        rows_by_group.setdefault(spec["group"], []).append(Row(row["code"], row["label"], spec["higher_is"], cells))
    labels = {group["code"]: group["label"] for group in groups}
    return HeatMap(
        columns=[("", data["n"]), *((department["name"], department["n"]) for department in departments)],
        groups=[(labels.get(code, ""), rows) for code, rows in rows_by_group.items()],
    )


def favourable_score(mean: float, higher_is: str) -> float:
    """The score turned so that 5 is always the favourable end."""
    return mean if higher_is == "better" else 6 - mean


def band(mean: float, higher_is: str) -> int:
    score = favourable_score(mean, higher_is)
    return 1 + sum(score >= bound for bound in BANDS)


def _cell(row: Mapping | None, higher_is: str) -> Cell:
    if row is None or row["mean"] is None:
        n = row["n"] if row else 0
        return Cell(None, None, AGAINST_SUBTRACTION if anonymity.may_show_total(n) else FEWER_THAN_MIN)
    return Cell(row["mean"], band(row["mean"], higher_is))
