"""The results of one wave or of several waves together, aggregated in the database.

Nothing here loads answers into Python. Three queries do the work, each grouped so that
its size depends on the instrument and the departments, never on the number of
respondents:

- respondents per wave and department;
- energy answers counted per department, item and value;
- scale scores per respondent (reverse coding and the half-the-items rule in SQL),
  summed per department and scale into n, sum, sum of squares and the number in the
  unfavourable range, from which mean and SD follow exactly.

Those sums add up, so the whole school is the sum of its departments.

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

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import anonymity, scoring
from .comparison import dutch_decimal
from .instruments import InstrumentView, instrument
from .models import Answer, Department, EnergyAnswer, Item, ItemKind, Response, Scale, Wave

ENERGY_NAMES = {EnergyAnswer.GIVER.value: "giver", EnergyAnswer.NEUTRAL.value: "neutral", EnergyAnswer.TAKER.value: "taker"}
DEPARTMENTS = list(Department.values)
# An energy theme is proposed as a bottleneck when at least this share of staff finds it draining.
CANDIDATE_TAKER_PCT = 40
MAX_ENERGY_CANDIDATES = 6

_WaveKey = int | None  # a wave's pk when grouping by wave, None when all waves are summed


@dataclass
class ScaleSums:
    """Additive tallies of respondents' scale scores: enough for n, mean, SD and % unfavourable."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0
    unfavourable: int = 0

    def __iadd__(self, other: ScaleSums) -> ScaleSums:
        self.n += other.n
        self.total += other.total
        self.squares += other.squares
        self.unfavourable += other.unfavourable
        return self

    def summary(self) -> dict:
        if not anonymity.may_show_total(self.n):
            return {"mean": None, "sd": None, "unfavourable_pct": None}
        mean = self.total / self.n
        variance = max(0.0, (self.squares - self.n * mean * mean) / (self.n - 1))
        return {"mean": mean, "sd": variance**0.5, "unfavourable_pct": 100 * self.unfavourable / self.n}


@dataclass
class Tally:
    """What the database counted for one group of respondents (a department, or everyone)."""

    energy: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # item code -> value -> n
    scales: dict[str, ScaleSums] = field(default_factory=lambda: defaultdict(ScaleSums))

    def __iadd__(self, other: Tally) -> Tally:
        for code, counts in other.energy.items():
            self.energy[code].update(counts)
        for code, sums in other.scales.items():
            self.scales[code] += sums
        return self


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
    counts = respondent_counts(waves)
    counted = _counted(waves, counts)
    left_out = [w for w in waves if w not in counted]
    n = sum(sum(counts[w.pk].values()) for w in counted)
    if not anonymity.may_show_total(n):
        everyone = sum(sum(c.values()) for c in counts.values())
        return Results(data={"n": everyone, "withheld": True}, waves=waves, left_out=left_out)

    pending = not all(w.is_closed for w in counted)
    shown = set() if pending else _shown_departments([counts[w.pk] for w in counted])
    present = {d for w in counted for d, k in counts[w.pk].items() if d and k}
    tallies = tallies_by_department(counted)
    view = _instrument_of(counted)
    whole = Tally()
    for tally in tallies.values():
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
                "energy": energy_rows(view, tallies.get(department, Tally())),
                "scales": scale_rows(view, tallies.get(department, Tally())),
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
    """Each wave's {"n", "energy", "scales"}, for waves of at least 5 respondents, in three queries.

    For schools side by side; without departments, which only `results_for` may show.
    """
    counts = respondent_counts(waves)
    shown = [wave for wave in waves if anonymity.may_show_total(sum(counts[wave.pk].values()))]
    if not shown:
        return {}
    wholes: dict[int, Tally] = defaultdict(Tally)
    for (wave_id, _department), tally in tallies_by_wave_and_department(shown).items():
        wholes[wave_id] += tally
    view = _instrument_of(shown)
    return {
        wave.pk: {
            "n": sum(counts[wave.pk].values()),
            "energy": energy_rows(view, wholes[wave.pk]),
            "scales": scale_rows(view, wholes[wave.pk]),
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
    n, satisfied = _satisfied_counts([wave.pk for wave in counted])
    return 100 * satisfied / n if anonymity.may_show_total(n) else None


def respondent_scores(wave: Wave) -> dict[str, list[float]]:
    """Every respondent's score per scale, for the comparison's tests; scales scored by 1–4 people are left out."""
    if not anonymity.may_show_total(wave.responses.count()):
        return {}
    return {code: scores for code, scores in _scores_of(wave).items() if anonymity.may_show_total(len(scores))}


def energy_values(wave: Wave) -> dict[str, list[str | None]]:
    """Per energy theme one value per respondent ("giver", "neutral", "taker" or None for n.v.t.).

    Rebuilt from the counts: the order carries no meaning, and no respondent's answers are linked.
    Themes answered by 1–4 people are left out.
    """
    counts = respondent_counts([wave])[wave.pk]
    total = sum(counts.values())
    if not anonymity.may_show_total(total):
        return {}
    whole = Tally()
    for tally in tallies_by_department([wave]).values():
        whole += tally
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
        rows.append({"code": scale["code"], "label": scale["label"], "n": sums.n, **sums.summary()})
    return rows


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


# --- the queries -------------------------------------------------------------------


def respondent_counts(waves: list[Wave]) -> dict[int, Counter]:
    """Respondents per wave and department ("" for those who gave none)."""
    counts: dict[int, Counter] = {wave.pk: Counter() for wave in waves}
    rows = (
        Response.objects.filter(wave__in=[w.pk for w in waves])
        .values_list("wave_id", "department").annotate(n=Count("id")).order_by()
    )
    for wave_id, department, n in rows:
        counts[wave_id][department] += n
    return counts


def tallies_by_department(waves: list[Wave]) -> dict[str, Tally]:
    return {department: tally for (_wave, department), tally in _tallies(waves, by_wave=False).items()}


def tallies_by_wave_and_department(waves: list[Wave]) -> dict[tuple[int, str], Tally]:
    return _tallies(waves, by_wave=True)


def _tallies(waves: list[Wave], by_wave: bool) -> dict[tuple[_WaveKey, str], Tally]:
    tallies: dict[tuple[_WaveKey, str], Tally] = defaultdict(Tally)
    if not waves:
        return tallies
    wave_ids = [w.pk for w in waves]
    wave_field = ["response__wave_id"] if by_wave else []
    energy = (
        Answer.objects.filter(response__wave__in=wave_ids, item__kind=ItemKind.ENERGY)
        .values_list(*wave_field, "response__department", "item__code", "value")
        .annotate(n=Count("id")).order_by()
    )
    for *key, code, value, n in energy:
        tallies[_key(key, by_wave)].energy[code][ENERGY_NAMES[value]] += n
    for *key, code, n, total, squares, unfavourable in _scale_sums(wave_ids, by_wave):
        tallies[_key(key, by_wave)].scales[code] = ScaleSums(n, float(total), float(squares), int(unfavourable))
    return tallies


def _key(key: list, by_wave: bool) -> tuple[_WaveKey, str]:
    return (key[0], key[1]) if by_wave else (None, key[0])


def _scores_sql(wave_ids: list[int]) -> tuple[str, list]:
    """One row per respondent and scale that has a score: the mean of the answered items after
    reverse coding, only when at least half of the scale's items are answered."""
    q = connection.ops.quote_name
    answer, response, item = Answer._meta.db_table, Response._meta.db_table, Item._meta.db_table
    placeholders = ", ".join(["%s"] * len(wave_ids))
    sql = f"""
        WITH sizes AS (
            SELECT {q('scale_id')} AS scale_id, COUNT(*) AS items
            FROM {q(item)} WHERE {q('scale_id')} IS NOT NULL GROUP BY {q('scale_id')}
        )
        SELECT r.{q('wave_id')} AS wave_id, r.{q('department')} AS department, i.{q('scale_id')} AS scale_id,
               CAST(SUM(CASE WHEN i.{q('reverse')} THEN %s - a.{q('value')} ELSE a.{q('value')} END)
                    AS DOUBLE PRECISION) / COUNT(*) AS score
        FROM {q(answer)} a
        JOIN {q(response)} r ON r.{q('id')} = a.{q('response_id')}
        JOIN {q(item)} i ON i.{q('id')} = a.{q('item_id')}
        JOIN sizes z ON z.scale_id = i.{q('scale_id')}
        WHERE r.{q('wave_id')} IN ({placeholders})
        GROUP BY a.{q('response_id')}, r.{q('wave_id')}, r.{q('department')}, i.{q('scale_id')}, z.items
        HAVING 2 * COUNT(*) >= z.items
    """
    return sql, [scoring.SCALE_MIN + scoring.SCALE_MAX, *wave_ids]


def _scale_sums(wave_ids: list[int], by_wave: bool) -> list[tuple]:
    q = connection.ops.quote_name
    scores, params = _scores_sql(wave_ids)
    group = "scores.wave_id, scores.department" if by_wave else "scores.department"
    sql = f"""
        WITH scores AS ({scores})
        SELECT {group}, s.{q('code')}, COUNT(*), SUM(score), SUM(score * score),
               SUM(CASE WHEN (s.{q('higher_is')} = 'worse' AND score >= s.{q('unfavourable_threshold')})
                          OR (s.{q('higher_is')} = 'better' AND score <= s.{q('unfavourable_threshold')})
                        THEN 1 ELSE 0 END)
        FROM scores JOIN {q(Scale._meta.db_table)} s ON s.{q('id')} = scores.scale_id
        GROUP BY {group}, s.{q('code')}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _satisfied_counts(wave_ids: list[int]) -> tuple[int, int]:
    q = connection.ops.quote_name
    scores, params = _scores_sql(wave_ids)
    sql = f"""
        WITH scores AS ({scores})
        SELECT COUNT(*), SUM(CASE WHEN score >= %s THEN 1 ELSE 0 END)
        FROM scores JOIN {q(Scale._meta.db_table)} s ON s.{q('id')} = scores.scale_id
        WHERE s.{q('code')} = %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, scoring.SATISFIED_FROM, scoring.SATISFACTION_SCALE])
        n, satisfied = cursor.fetchone()
    return n, int(satisfied or 0)


def _scores_of(wave: Wave) -> dict[str, list[float]]:
    q = connection.ops.quote_name
    scores, params = _scores_sql([wave.pk])
    sql = f"""
        WITH scores AS ({scores})
        SELECT s.{q('code')}, score
        FROM scores JOIN {q(Scale._meta.db_table)} s ON s.{q('id')} = scores.scale_id
    """
    by_scale: dict[str, list[float]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for code, score in cursor.fetchall():
            by_scale[code].append(float(score))
    return dict(by_scale)
