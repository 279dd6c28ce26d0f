"""The results of one wave or of several waves together, in the shape `export_results` prints.

The counting happens in the database (`tallies`): nothing here loads answers into Python,
and a closed wave's counts are stored once and summed after that. Those sums add up, so the
whole school is the sum of its departments and a board the sum of its schools.

Which cells are shown is decided by `anonymity.wave_shows` (docs/privacy.md), from plain counts:
- an open wave shows no figures at all, only how many answered (``{"n": N, "open": True}``);
- fewer than 5 respondents in all: only the count, as ``{"n": N, "withheld": True}``;
- an energy theme or scale answered by 1–4 people keeps its n but no figures;
- departments, and per cell the departments that show it, so that no subtraction of shown cells
  reveals 1–4 respondents;
- several waves together (a board's schools, "alle scholen samen", a group report): each wave adds
  exactly the cells it shows on its own page, nothing else. So two sets of schools differ by whole
  cells that a school shows itself, never by a group that its page withholds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import anonymity, scoring, tallies
from .formatting import dutch_decimal
from .instruments import InstrumentView, instrument
from .models import Department, ItemKind, Wave
from .tallies import Census, ScaleSums, Tally, census, energy_cell, scale_cell

DEPARTMENTS = list(Department.values)
# An energy theme is proposed as a bottleneck when at least this share of staff finds it draining.
CANDIDATE_TAKER_PCT = 40
MAX_ENERGY_CANDIDATES = 6


@dataclass(frozen=True)
class Results:
    """The export shape in `data`, and what a page needs to explain what it leaves out."""

    data: dict
    waves: list[Wave]
    left_out: list[Wave] = field(default_factory=list)  # closed waves of 1–4 respondents in a multi-wave figure
    still_open: list[Wave] = field(default_factory=list)  # open waves left out of a multi-wave figure
    hidden_departments: bool = False

    @property
    def withheld(self) -> bool:
        """No figures: fewer than 5 respondents, or the wave is still open."""
        return not shows_figures(self.data)

    @property
    def open(self) -> bool:
        return bool(self.data.get("open"))

    @property
    def n(self) -> int:
        return self.data["n"]


def shows_figures(data: dict) -> bool:
    """Whether results in the export shape hold figures, or only a count (open, or under 5)."""
    return not (data.get("withheld") or data.get("open"))


# --- public functions ---------------------------------------------------------------


def wave_results(waves: Iterable[Wave] | QuerySet) -> dict:
    """Aggregates of one or more waves, exactly in the shape `export_results` prints."""
    return results_for(waves).data


def results_for(waves: Iterable[Wave] | QuerySet) -> Results:
    waves = list(waves)
    if len(waves) == 1:
        return count_each(waves).together(waves)
    # Several waves: no tallies per wave are read, only the sums of what each shows.
    counted = census(waves)
    tallies.refresh([wave for wave in waves if wave.is_closed], counted)
    return _together(waves, counted)


@dataclass(frozen=True)
class WaveCounts:
    """Several waves counted in one go, each read on its own (a report over many schools)."""

    census: Census
    departments: dict[int, dict[str, Tally]]  # wave -> department -> tally

    def together(self, waves: list[Wave]) -> Results:
        """What `results_for(waves)` gives, from these counts."""
        return _results(waves, self.census, self.departments)

    def results(self, wave: Wave) -> Results:
        """What `results_for([wave])` gives."""
        return self.together([wave])

    def whole(self, wave: Wave) -> Tally:
        """The cells the wave shows for the whole school."""
        return _shown_parts(wave, self.census.counts[wave.pk], self.departments.get(wave.pk, {}))[0]

    def satisfied_pct(self, wave: Wave) -> float | None:
        """What `satisfied_pct([wave])` gives."""
        return _satisfied_pct(self.whole(wave))


def count_each(waves: list[Wave]) -> WaveCounts:
    counted = census(waves)
    departments: dict[int, dict[str, Tally]] = {wave.pk: {} for wave in waves}
    for (wave_id, department), tally in tallies.tallies(waves, by_wave=True, counted=counted).items():
        departments[wave_id][department] = tally
    return WaveCounts(counted, departments)


def _results(waves: list[Wave], counted: Census, tallies_of: dict[int, dict[str, Tally]]) -> Results:
    if len(waves) == 1:
        return _one_wave(waves[0], counted.counts[waves[0].pk], tallies_of.get(waves[0].pk, {}))
    return _together(waves, counted)


def _together(waves: list[Wave], counted: Census) -> Results:
    """Several waves as one figure: each closed wave of at least 5 adds the cells it shows on its own,
    summed in the database from the decisions stored with its tallies (`tallies.shown_sums`)."""
    counts = counted.counts
    everyone = sum(sum(counts[w.pk].values()) for w in waves)
    still_open = [w for w in waves if not w.is_closed]
    closed = [w for w in waves if w.is_closed]
    left_out = [w for w in closed if not anonymity.may_show_total(sum(counts[w.pk].values()))]
    summed = [w for w in closed if w not in left_out]
    n = sum(sum(counts[w.pk].values()) for w in summed)
    if not anonymity.may_show_total(n):
        if still_open and not closed:
            return Results(data={"n": everyone, "open": True}, waves=waves, still_open=still_open)
        return Results(data={"n": everyone, "withheld": True}, waves=waves, left_out=left_out, still_open=still_open)
    whole, departments = tallies.shown_sums(summed, counted)
    department_n = Counter()
    for wave in summed:
        for department in anonymity.shown_departments(counts[wave.pk]):
            department_n[department] += counts[wave.pk][department]
    view = _instrument_of(closed)
    data = {
        "n": n,
        "energy": energy_rows(view, whole),
        "scales": scale_rows(view, whole),
        "departments": [
            {"name": d, "n": department_n[d], "energy": energy_rows(view, departments.get(d, Tally())),
             "scales": scale_rows(view, departments.get(d, Tally()))}
            for d in DEPARTMENTS if department_n[d]
        ],
    }
    return Results(data=data, waves=waves, left_out=left_out, still_open=still_open)


def _one_wave(wave: Wave, counts: Counter, by_department: dict[str, Tally]) -> Results:
    n = sum(counts.values())
    if not wave.is_closed:
        return Results(data={"n": n, "open": True}, waves=[wave])
    if not anonymity.may_show_total(n):
        return Results(data={"n": n, "withheld": True}, waves=[wave])
    shown = anonymity.wave_shows(cell_counts(wave, counts, by_department))
    view = _instrument_of([wave])
    whole = _sum(by_department.values())
    data = {
        "n": n,
        "energy": energy_rows(view, whole, shown.whole),
        "scales": scale_rows(view, whole, shown.whole),
        "departments": [
            {"name": d, "n": counts[d],
             "energy": energy_rows(view, by_department.get(d, Tally()), shown.department_cells[d]),
             "scales": scale_rows(view, by_department.get(d, Tally()), shown.department_cells[d])}
            for d in DEPARTMENTS if d in shown.departments
        ],
    }
    present = {d for d, k in counts.items() if d and k}
    return Results(data=data, waves=[wave], hidden_departments=bool(present - shown.departments))


def cell_counts(wave: Wave, counts: Counter, by_department: dict[str, Tally]) -> anonymity.CellCounts:
    """A wave's tallies as the plain counts the anonymity rule decides on."""
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    for department, tally in by_department.items():
        for code, answers in tally.energy.items():
            cells[energy_cell(code)][department] = sum(answers.values())
        for code, sums in tally.scales.items():
            cells[scale_cell(code)][department] = sums.n
    return anonymity.CellCounts(respondents=dict(counts), cells=dict(cells), closed=wave.is_closed)


def _shown_parts(wave: Wave, counts: Counter, by_department: dict[str, Tally]) -> tuple[Tally, dict[str, Tally]]:
    """Only the cells the wave shows: for the whole school, and per shown department."""
    shown = anonymity.wave_shows(cell_counts(wave, counts, by_department))
    whole = _only(_sum(by_department.values()), shown.whole)
    departments = {d: _only(by_department.get(d, Tally()), shown.department_cells[d]) for d in shown.departments}
    return whole, departments


def _only(tally: Tally, cells: frozenset[str]) -> Tally:
    kept = Tally()
    for code, answers in tally.energy.items():
        if energy_cell(code) in cells:
            kept.energy[code].update(answers)
    for code, sums in tally.scales.items():
        if scale_cell(code) in cells:
            kept.scales[code] += sums
    return kept


def _sum(parts: Iterable[Tally]) -> Tally:
    whole = Tally()
    for tally in parts:
        whole += tally
    return whole


def per_wave_totals(waves: list[Wave], counts: WaveCounts | None = None) -> dict[int, dict]:
    """Each wave's {"n", "energy", "scales"} as its own page shows them, for schools side by side;
    closed waves of at least 5 respondents only, and without departments. `counts` when these waves
    were counted already (`count_each`)."""
    counts = counts or count_each([wave for wave in waves if wave.is_closed])
    shown = [wave for wave in waves if wave.is_closed and anonymity.may_show_total(counts.census.n(wave))]
    if not shown:
        return {}
    view = _instrument_of(shown)
    return {
        wave.pk: {"n": counts.census.n(wave), "energy": energy_rows(view, counts.whole(wave)),
                  "scales": scale_rows(view, counts.whole(wave))}
        for wave in shown
    }


def latest_wave(cycle, kind: str | None = None) -> Wave | None:
    """The cycle's wave of this kind, or without a kind its newest; only a wave that has opened."""
    waves = Wave.objects.filter(cycle=cycle, opens_on__lte=timezone.localdate())
    if kind is not None:
        waves = waves.filter(kind=kind)
    return waves.order_by("kind").first()  # "nameting" sorts before "voormeting", and comes later


def latest_waves(schools: Iterable, kind: str, cycle_number: int | None = None) -> list[Wave]:
    """Per school its wave of this kind in the given cycle, or else in its latest cycle that has one."""
    waves = Wave.objects.filter(cycle__project__school__in=list(schools), kind=kind).select_related(
        "cycle__project__school"
    )
    if cycle_number is not None:
        waves = waves.filter(cycle__number=cycle_number)
    latest: dict[int, Wave] = {}
    for wave in waves.order_by("cycle__number"):
        latest[wave.cycle.project.school_id] = wave
    return sorted(latest.values(), key=lambda wave: wave.cycle.project.school.name)


def satisfied_pct(waves: Iterable[Wave] | QuerySet) -> float | None:
    """% (zeer) tevreden: respondents whose tevredenheid score is 4 or more; None when withheld.
    Over several waves, of the waves that show their own tevredenheid."""
    waves = list(waves)
    counts = count_each(waves)
    return _satisfied_pct(_sum(counts.whole(wave) for wave in waves))


def _satisfied_pct(whole: Tally) -> float | None:
    sums = whole.scales.get(scoring.SATISFACTION_SCALE, ScaleSums())
    return 100 * sums.satisfied / sums.n if anonymity.may_show_total(sums.n) else None


def candidate_bottlenecks(wave: Wave) -> list[dict]:
    """What the voormeting proposes as bottlenecks: the most draining energy themes and unfavourable scales."""
    return candidates_from(wave_results([wave]), _instrument_of([wave]))


def candidates_from(results: dict, view: InstrumentView) -> list[dict]:
    """`candidate_bottlenecks` from results already counted (the results page has them at hand)."""
    if not shows_figures(results):
        return []
    draining = sorted(
        (row for row in results["energy"] if row["taker_pct"] is not None and row["taker_pct"] >= CANDIDATE_TAKER_PCT),
        key=lambda row: -row["taker_pct"],
    )[:MAX_ENERGY_CANDIDATES]
    specs = {scale["code"]: scale for scale in view.scales}
    unfavourable = sorted(
        (
            row for row in results["scales"]
            if row["mean"] is not None
            and scoring.is_unfavourable(
                row["mean"], specs[row["code"]]["higher_is"], specs[row["code"]]["unfavourable_threshold"])
        ),
        key=lambda row: -row["unfavourable_pct"],
    )
    return [
        *(
            {"source": "energy", "code": row["code"], "label": row["label"], "figure": _(
                "%(taker)s%% energienemer, %(giver)s%% energiegever (n = %(n)s)"
            ) % {
                "taker": dutch_decimal(row["taker_pct"], 0), "giver": dutch_decimal(row["giver_pct"], 0), "n": row["n"],
            }}
            for row in draining
        ),
        *(
            {"source": "scale", "code": row["code"], "label": row["label"], "figure": _(
                "gemiddeld %(mean)s, %(pct)s%% in het ongunstige gebied (n = %(n)s)"
            ) % {"mean": dutch_decimal(row["mean"]), "pct": dutch_decimal(row["unfavourable_pct"], 0), "n": row["n"]}}
            for row in unfavourable
        ),
    ]


# --- the shape ---------------------------------------------------------------------


def energy_rows(view: InstrumentView, tally: Tally, shown: frozenset[str] | None = None) -> list[dict]:
    """One row per energy theme; figures where the cell is `shown` (without `shown`: where at least
    5 answered, for sums of cells that were each shown)."""
    rows = []
    for item in view.items:
        if item["kind"] != ItemKind.ENERGY:
            continue
        counts = tally.energy.get(item["code"], Counter())
        n = sum(counts.values())
        visible = energy_cell(item["code"]) in shown if shown is not None else anonymity.may_show_total(n)
        rows.append({
            "code": item["code"],
            "label": item["text"],
            "n": n,
            **{f"{choice}_pct": 100 * counts[choice] / n if visible else None for choice in scoring.ENERGY_CHOICES},
        })
    return rows


def scale_rows(view: InstrumentView, tally: Tally, shown: frozenset[str] | None = None) -> list[dict]:
    rows = []
    for scale in view.scales:
        sums = tally.scales.get(scale["code"], ScaleSums())
        visible = scale_cell(scale["code"]) in shown if shown is not None else anonymity.may_show_total(sums.n)
        rows.append({"code": scale["code"], "label": scale["label"], "n": sums.n, **_summary(sums, visible)})
    return rows


def _summary(sums: ScaleSums, visible: bool) -> dict:
    if not visible:
        return {"mean": None, "sd": None, "unfavourable_pct": None}
    return {"mean": sums.mean, "sd": sums.sd, "unfavourable_pct": 100 * sums.unfavourable / sums.n}


def _instrument_of(waves: list[Wave]) -> InstrumentView:
    """Labels and order come from the newest instrument among the waves; answers are matched by code."""
    return instrument(max(wave.instrument_id for wave in waves))
