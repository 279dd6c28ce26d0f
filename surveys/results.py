"""The results of one wave or of several waves together, in the shape `export_results` prints.

The counting happens in the database (`tallies`): nothing here loads answers into Python,
and a closed wave's counts are stored once and summed after that. Those sums add up, so the
whole school is the sum of its departments and a board the sum of its schools.

Anonymity (DESIGN.md), as applied here:
- fewer than 5 respondents in all: only the count, as ``{"n": N, "withheld": True}``;
- an energy theme or scale answered by 1–4 people keeps its n but no figures;
- departments follow `anonymity.visible_groups`, and only once every wave is closed
  (while a wave is open, each new response would show in its department);
- several waves together (a board's schools, "alle scholen samen"): a wave with fewer than
  5 respondents is left out altogether, and a department is shown only where it is shown
  (or empty) in every wave that counts, and then passes the rule again over the
  combined counts. So the aggregate never reveals, by subtraction from a single school's
  page, a group that page withholds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import anonymity, scoring, tallies
from .comparison import dutch_decimal
from .instruments import InstrumentView, instrument
from .models import Department, ItemKind, Wave
from .tallies import Census, ScaleSums, Tally, census

DEPARTMENTS = list(Department.values)
# An energy theme is proposed as a bottleneck when at least this share of staff finds it draining.
CANDIDATE_TAKER_PCT = 40
MAX_ENERGY_CANDIDATES = 6


@dataclass(frozen=True)
class Results:
    """The export shape in `data`, and what a page needs to explain what it leaves out."""

    data: dict
    waves: list[Wave]
    left_out: list[Wave] = field(default_factory=list)  # waves of 1–4 respondents in a multi-wave aggregate
    hidden_departments: bool = False
    departments_pending: bool = False  # no department figures yet: a wave is still open

    @property
    def withheld(self) -> bool:
        return bool(self.data.get("withheld"))

    @property
    def n(self) -> int:
        return self.data["n"]


# --- public functions ---------------------------------------------------------------


def wave_results(waves: Iterable[Wave] | QuerySet) -> dict:
    """Aggregates of one or more waves, exactly in the shape `export_results` prints."""
    return results_for(waves).data


def results_for(waves: Iterable[Wave] | QuerySet) -> Results:
    waves = list(waves)
    counted_waves = census(waves)

    def by_department(counted: list[Wave]) -> dict[str, Tally]:
        grouped = tallies.tallies(counted, by_wave=False, counted=counted_waves)
        return {department: tally for (_wave, department), tally in grouped.items()}

    return _results(waves, counted_waves.counts, by_department)


@dataclass(frozen=True)
class WaveCounts:
    """Several waves counted in one go, each read on its own (a report over many schools)."""

    census: Census
    departments: dict[int, dict[str, Tally]]  # wave -> department -> tally

    def results(self, wave: Wave) -> Results:
        """What `results_for([wave])` gives."""
        return _results([wave], self.census.counts, lambda _counted: self.departments.get(wave.pk, {}))

    def whole(self, wave: Wave) -> Tally:
        whole = Tally()
        for tally in self.departments.get(wave.pk, {}).values():
            whole += tally
        return whole

    def satisfied_pct(self, wave: Wave) -> float | None:
        """What `satisfied_pct([wave])` gives."""
        sums = self.whole(wave).scales.get(scoring.SATISFACTION_SCALE, ScaleSums())
        return 100 * sums.satisfied / sums.n if anonymity.may_show_total(sums.n) else None


def count_each(waves: list[Wave]) -> WaveCounts:
    counted = census(waves)
    departments: dict[int, dict[str, Tally]] = {wave.pk: {} for wave in waves}
    for (wave_id, department), tally in tallies.tallies(waves, by_wave=True, counted=counted).items():
        departments[wave_id][department] = tally
    return WaveCounts(counted, departments)


def _results(waves: list[Wave], counts: dict[int, Counter], by_department_of) -> Results:
    counted = _counted(waves, counts)
    counted_ids = {w.pk for w in counted}
    left_out = [w for w in waves if w.pk not in counted_ids]
    n = sum(sum(counts[w.pk].values()) for w in counted)
    if not anonymity.may_show_total(n):
        everyone = sum(sum(counts[w.pk].values()) for w in waves)
        return Results(data={"n": everyone, "withheld": True}, waves=waves, left_out=left_out)

    pending = not all(w.is_closed for w in counted)
    shown = set() if pending else _shown_departments([counts[w.pk] for w in counted])
    present = {d for w in counted for d, k in counts[w.pk].items() if d and k}
    by_department = by_department_of(counted)
    view = _instrument_of(counted)
    whole = Tally()
    for tally in by_department.values():
        whole += tally
    department_counts = Counter()
    for w in counted:
        department_counts.update(counts[w.pk])
    data = {
        "n": n,
        "energy": energy_rows(view, whole),
        "scales": scale_rows(view, whole),
        "departments": [
            {
                "name": department,
                "n": department_counts[department],
                "energy": energy_rows(view, by_department.get(department, Tally())),
                "scales": scale_rows(view, by_department.get(department, Tally())),
            }
            for department in DEPARTMENTS
            if department in shown
        ],
    }
    return Results(
        data=data, waves=waves, left_out=left_out,
        hidden_departments=not pending and bool(present - shown), departments_pending=pending and bool(present),
    )


def per_wave_totals(waves: list[Wave]) -> dict[int, dict]:
    """Each wave's {"n", "energy", "scales"}, for waves of at least 5 respondents.

    For schools side by side; without departments, which only `results_for` may show.
    """
    counted_waves = census(waves)
    shown = [wave for wave in waves if anonymity.may_show_total(counted_waves.n(wave))]
    if not shown:
        return {}
    wholes = tallies_by_wave(shown, counted_waves)
    view = _instrument_of(shown)
    return {
        wave.pk: {
            "n": counted_waves.n(wave),
            "energy": energy_rows(view, wholes.get(wave.pk, Tally())),
            "scales": scale_rows(view, wholes.get(wave.pk, Tally())),
        }
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
    """% (zeer) tevreden: respondents whose tevredenheid score is 4 or more; None when withheld."""
    waves = list(waves)
    counted = _counted(waves, respondent_counts(waves))
    if not counted:
        return None
    whole = tallies.tallies(counted, by_wave=False, by_department=False).get((None, None), Tally())
    sums = whole.scales.get(scoring.SATISFACTION_SCALE, ScaleSums())
    return 100 * sums.satisfied / sums.n if anonymity.may_show_total(sums.n) else None


def respondent_scores(wave: Wave) -> dict[str, list[float]]:
    """Every respondent's score per scale; scales scored by 1–4 people are left out."""
    if not anonymity.may_show_total(wave.responses.count()):
        return {}
    return {code: scores for code, scores in tallies.scores_of(wave).items() if anonymity.may_show_total(len(scores))}


def energy_values(wave: Wave) -> dict[str, list[str | None]]:
    """Per energy theme one value per respondent ("giver", "neutral", "taker" or None for n.v.t.).

    Rebuilt from the counts: the order carries no meaning, and no respondent's answers are linked.
    Themes answered by 1–4 people are left out.
    """
    total = sum(respondent_counts([wave])[wave.pk].values())
    if not anonymity.may_show_total(total):
        return {}
    whole = wave_tally(wave)
    values = {}
    for item in _instrument_of([wave]).items:
        answered = whole.energy.get(item["code"], Counter())
        if item["kind"] != ItemKind.ENERGY or not anonymity.may_show_total(sum(answered.values())):
            continue
        values[item["code"]] = [
            *(choice for choice in scoring.ENERGY_CHOICES for _ in range(answered[choice])),
            *([None] * (total - sum(answered.values()))),
        ]
    return values


def candidate_bottlenecks(wave: Wave) -> list[dict]:
    """What the voormeting proposes as bottlenecks: the most draining energy themes and unfavourable scales."""
    results = wave_results([wave])
    if results.get("withheld"):
        return []
    draining = sorted(
        (row for row in results["energy"] if row["taker_pct"] is not None and row["taker_pct"] >= CANDIDATE_TAKER_PCT),
        key=lambda row: -row["taker_pct"],
    )[:MAX_ENERGY_CANDIDATES]
    specs = {scale["code"]: scale for scale in _instrument_of([wave]).scales}
    unfavourable = sorted(
        (
            row for row in results["scales"]
            if row["mean"] is not None
            and scoring.is_unfavourable(row["mean"], specs[row["code"]]["higher_is"], specs[row["code"]]["unfavourable_threshold"])
        ),
        key=lambda row: -row["unfavourable_pct"],
    )
    return [
        *(
            {"source": "energy", "code": row["code"], "label": row["label"], "figure": _(
                "%(taker)s%% energienemer, %(giver)s%% energiegever (n = %(n)s)"
            ) % {"taker": dutch_decimal(row["taker_pct"], 0), "giver": dutch_decimal(row["giver_pct"], 0), "n": row["n"]}}
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


def energy_rows(view: InstrumentView, tally: Tally) -> list[dict]:
    rows = []
    for item in view.items:
        if item["kind"] != ItemKind.ENERGY:
            continue
        counts = tally.energy.get(item["code"], Counter())
        n = sum(counts.values())
        shown = anonymity.may_show_total(n)
        rows.append({
            "code": item["code"],
            "label": item["text"],
            "n": n,
            **{f"{choice}_pct": 100 * counts[choice] / n if shown else None for choice in scoring.ENERGY_CHOICES},
        })
    return rows


def scale_rows(view: InstrumentView, tally: Tally) -> list[dict]:
    rows = []
    for scale in view.scales:
        sums = tally.scales.get(scale["code"], ScaleSums())
        rows.append({"code": scale["code"], "label": scale["label"], "n": sums.n, **_summary(sums)})
    return rows


def _summary(sums: ScaleSums) -> dict:
    if not anonymity.may_show_total(sums.n):
        return {"mean": None, "sd": None, "unfavourable_pct": None}
    return {"mean": sums.mean, "sd": sums.sd, "unfavourable_pct": 100 * sums.unfavourable / sums.n}


def _counted(waves: list[Wave], counts: dict[int, Counter]) -> list[Wave]:
    """The waves whose respondents count: one wave always; of several, those with at least 5."""
    if len(waves) == 1:
        return waves
    return [wave for wave in waves if anonymity.may_show_total(sum(counts[wave.pk].values()))]


def _shown_departments(counts_per_wave: list[Counter]) -> set[str]:
    candidates = set(DEPARTMENTS)
    for counts in counts_per_wave:
        groups = {d: counts[d] for d in DEPARTMENTS if counts[d]}
        candidates -= set(groups) - anonymity.visible_groups(groups, sum(counts.values()))
    combined = {d: sum(counts[d] for counts in counts_per_wave) for d in candidates}
    combined = {d: k for d, k in combined.items() if k}
    return anonymity.visible_groups(combined, sum(sum(c.values()) for c in counts_per_wave))


def _instrument_of(waves: list[Wave]) -> InstrumentView:
    """Labels and order come from the newest instrument among the waves; answers are matched by code."""
    return instrument(max(wave.instrument_id for wave in waves))


# --- the counts ---------------------------------------------------------------------


def respondent_counts(waves: list[Wave]) -> dict[int, Counter]:
    """Respondents per wave and department ("" for those who gave none)."""
    return census(waves).counts


def wave_tally(wave: Wave) -> Tally:
    """Everyone of one wave together."""
    return tallies.tallies([wave], by_wave=False, by_department=False).get((None, None), Tally())


def tallies_by_department(waves: list[Wave]) -> dict[str, Tally]:
    return {department: tally for (_wave, department), tally in tallies.tallies(waves, by_wave=False).items()}


def tallies_by_wave(waves: list[Wave], counted: Census | None = None) -> dict[int, Tally]:
    """Each wave's respondents together, departments summed."""
    grouped = tallies.tallies(waves, by_wave=True, by_department=False, counted=counted)
    return {wave_id: tally for (wave_id, _department), tally in grouped.items()}


def tallies_by_wave_and_department(waves: list[Wave]) -> dict[tuple[int, str], Tally]:
    return dict(tallies.tallies(waves, by_wave=True))
