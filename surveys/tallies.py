"""Counting the answers of waves in the database: per department the energy answers and the scale sums.

Two queries count a wave from its raw answers, each grouped so that its size depends on the
instrument and the departments, never on the number of respondents:

- energy answers counted per wave, department, item and value;
- scale scores per respondent (reverse coding and the half-the-items rule in SQL), summed per
  wave, department and scale into n, sum, sum of squares, the number unfavourable and the
  number satisfied, and the lowest and highest score — from which mean and SD follow exactly.

Those sums add up, so a school is the sum of its departments and a board the sum of its schools.

An open wave, or one wave on its own, is counted live. A closed wave changes only when an
import adds responses or retention deletes them, so its counts are stored (`WaveTally`) when
it closes or is first read with others, and summed from then on: the nation's results read
thousands of stored rows instead of millions of answers. Each stored wave keeps the fingerprint
of the responses it was counted from (when it was sealed, and per department how many); an
import into a closed wave that was not yet sealed changes it, and the wave is counted again on
its next read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import Count, Max, Min, Sum

from projects import replica

from . import anonymity, scoring, sealing
from .models import Answer, EnergyAnswer, Item, ItemKind, Response, Scale, TalliedWave, Wave, WaveTally

ENERGY_NAMES = {
    EnergyAnswer.GIVER.value: "giver", EnergyAnswer.NEUTRAL.value: "neutral", EnergyAnswer.TAKER.value: "taker",
}
SCALE_VALUE = 0  # a stored scale row's `value`; energy rows hold the answer (1–3)
COUNT_BATCH = 500  # waves counted in one statement when stored tallies are (re)written

GroupKey = tuple[int | None, str | None]  # (wave id, department); None where not grouped by it


def energy_cell(code: str) -> str:
    """An energy theme's cell, as the anonymity rule names it."""
    return f"energy:{code}"


def scale_cell(code: str) -> str:
    return f"scale:{code}"


def _cell(code: str, value: int) -> str:
    return scale_cell(code) if value == SCALE_VALUE else energy_cell(code)


@dataclass
class ScaleSums:
    """Additive tallies of respondents' scale scores: enough for n, mean, SD, % unfavourable and % satisfied."""

    n: int = 0
    total: float = 0.0
    squares: float = 0.0
    unfavourable: int = 0
    satisfied: int = 0  # scores of scoring.SATISFIED_FROM or more
    low: float | None = None
    high: float | None = None

    def __iadd__(self, other: ScaleSums) -> ScaleSums:
        self.n += other.n
        self.total += other.total
        self.squares += other.squares
        self.unfavourable += other.unfavourable
        self.satisfied += other.satisfied
        self.low = _extreme(min, self.low, other.low)
        self.high = _extreme(max, self.high, other.high)
        return self

    @property
    def mean(self) -> float | None:
        if not self.n:
            return None
        if self.low is not None and self.low == self.high:
            return self.low  # everyone the same score: exactly that, not a sum divided back
        return self.total / self.n

    @property
    def sd(self) -> float | None:
        """Sample SD (ddof=1); exactly 0 when every score is the same, None below two scores."""
        if self.n < 2:
            return None
        if self.low is not None and self.low == self.high:
            return 0.0
        mean = self.total / self.n
        return max(0.0, (self.squares - self.n * mean * mean) / (self.n - 1)) ** 0.5


def _params(values: Sequence) -> str:
    """The parameter marks of an SQL `IN (...)` list of this length."""
    return ", ".join(["%s"] * len(values))


def _extreme(pick, a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else pick(a, b)


@dataclass
class Tally:
    """What the database counted for one group of respondents (a department, a wave, or everyone)."""

    energy: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # item code -> value -> n
    scales: dict[str, ScaleSums] = field(default_factory=lambda: defaultdict(ScaleSums))

    def __iadd__(self, other: Tally) -> Tally:
        for code, counts in other.energy.items():
            self.energy[code].update(counts)
        for code, sums in other.scales.items():
            self.scales[code] += sums
        return self


@dataclass(frozen=True)
class Census:
    """Respondents per wave and department ("" for those who gave none), and each wave's fingerprint."""

    counts: dict[int, Counter]
    fingerprints: dict[int, str]

    def n(self, wave: Wave) -> int:
        return sum(self.counts[wave.pk].values())


def census(waves: Iterable[Wave]) -> Census:
    """One index-only scan of the responses of these waves; closed waves are sealed first, since
    whatever is counted here may be shown."""
    waves = list(waves)
    sealing.seal(waves)
    ids = [wave.pk for wave in waves]
    counts: dict[int, Counter] = {pk: Counter() for pk in ids}
    rows = (
        Response.objects.filter(wave__in=ids).values_list("wave_id", "department")
        .annotate(n=Count("id")).order_by("wave_id", "department")
    )
    for wave_id, department, n in rows:
        counts[wave_id][department] += n
    sealed = {wave.pk: wave.sealed_at for wave in waves}
    return Census(counts, {pk: _fingerprint(counts[pk], sealed[pk]) for pk in ids})


def _fingerprint(counts: Counter, sealed_at) -> str:
    """What the stored tallies of a wave were counted from. A sealed wave changes only by retention,
    which forgets its tallies; before that, an import adds to the counts."""
    seal = sealed_at.isoformat() if sealed_at else "open"
    return seal + ";" + ";".join(f"{department}:{n}" for department, n in sorted(counts.items()))


def tallies(
    waves: Sequence[Wave], *, by_wave: bool, by_department: bool = True, counted: Census | None = None
) -> dict[GroupKey, Tally]:
    """The tallies of these waves, grouped as asked: closed waves from storage, open waves live."""
    result: dict[GroupKey, Tally] = defaultdict(Tally)
    # One wave is one school: counting its answers costs a few milliseconds, and a school's pages
    # then run the same queries whatever happened to its responses. Stored tallies pay off from
    # several waves on: a board, the benchmark pool, the nation.
    closed = [wave for wave in waves if wave.is_closed] if len(waves) > 1 else []
    stored = {wave.pk for wave in closed}
    live = [wave for wave in waves if wave.pk not in stored]
    if closed:
        counted = counted or census(closed)
        refresh(closed, counted)
        ids = [wave.pk for wave in closed]
        _read_stored(lambda using: _add_stored(result, ids, by_wave, by_department, using=using), ids, counted)
    if live:
        for (wave_id, department), tally in _count_live([wave.pk for wave in live]).items():
            result[(wave_id if by_wave else None, department if by_department else None)] += tally
    return result


def stored_respondents(waves: Sequence[Wave]) -> dict[int, int]:
    """Respondents per closed wave as stored with its tallies; waves never counted are counted now.

    No census of the responses: for the benchmark pool's thousands of schools, stored tallies
    are taken as they are. They are rewritten when a wave closes, when an import adds to it
    (`forget`) and whenever a page reads the wave with others.
    """
    closed = [wave for wave in waves if wave.is_closed]
    ids = [wave.pk for wave in closed]
    stored = dict(TalliedWave.objects.filter(wave__in=ids).values_list("wave_id", "respondents"))
    missing = [wave for wave in closed if wave.pk not in stored]
    if missing:
        refresh(missing)
        stored |= dict(
            TalliedWave.objects.filter(wave__in=[w.pk for w in missing]).values_list("wave_id", "respondents"))
    return stored


def scale_sums_by_wave(wave_ids: list[int]) -> list[tuple[int, str, int, float, int]]:
    """(wave id, scale code, n, sum of scores, satisfied) from the stored tallies, departments summed:
    the benchmark pool's thousands of schools as one small row per wave and scale."""
    with _room_to_sum():
        return list(
            WaveTally.objects.filter(wave__in=wave_ids, value=SCALE_VALUE)
            .values_list("wave_id", "code")
            .annotate(Sum("n"), Sum("total"), Sum("satisfied"))
            .order_by()
        )


@dataclass(frozen=True)
class Distribution:
    """One scale over many waves: the spread of the waves' means (waves scored by at least
    `min_n`), and the scores of all of them together."""

    code: str
    waves: int
    mean: float | None
    p20: float | None
    p50: float | None
    p80: float | None
    n: int
    satisfied: int


def distributions(wave_ids: list[int], min_n: int) -> list[Distribution]:
    """Per scale, from the stored tallies: the percentiles computed in PostgreSQL (linear
    interpolation, as numpy's default), so thousands of schools return as one row per scale."""
    if connection.vendor != "postgresql":
        return _distributions_in_python(wave_ids, min_n)
    table = connection.ops.quote_name(WaveTally._meta.db_table)
    wave_params = _params(wave_ids)
    # Only the waves that show a scale count towards it, in the percentiles and in the sums alike
    # (anonymity.set_shows): two pools then differ by whole cells of at least min_n.
    shown = "FILTER (WHERE n >= %s)"
    sql = f"""
        SELECT code, COUNT(*) {shown}, AVG(mean) {shown},
               percentile_cont(0.2) WITHIN GROUP (ORDER BY mean) {shown},
               percentile_cont(0.5) WITHIN GROUP (ORDER BY mean) {shown},
               percentile_cont(0.8) WITHIN GROUP (ORDER BY mean) {shown},
               SUM(n) {shown}, SUM(satisfied) {shown}
        FROM (
            SELECT wave_id, code, SUM(total) / SUM(n) AS mean, SUM(n) AS n, SUM(satisfied) AS satisfied
            FROM {table} WHERE wave_id IN ({wave_params}) AND value = %s AND n > 0
            GROUP BY wave_id, code
        ) per_wave
        GROUP BY code
    """
    # The pool reads stored tallies as they are (`stored_respondents`): seconds of replica lag are harmless.
    using = replica.heavy_reads()
    try:
        return _percentiles(sql, [min_n] * 7 + [*wave_ids, SCALE_VALUE], using)
    except DatabaseError:
        if using == DEFAULT_DB_ALIAS:
            raise
        replica.forget_check()
        return _percentiles(sql, [min_n] * 7 + [*wave_ids, SCALE_VALUE], DEFAULT_DB_ALIAS)


def _percentiles(sql: str, params: list, using: str) -> list[Distribution]:
    with _room_to_sum(using=using), connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return [
            Distribution(code, waves, mean, p20, p50, p80, int(n or 0), int(satisfied or 0))
            for code, waves, mean, p20, p50, p80, n, satisfied in cursor.fetchall()
        ]


def _distributions_in_python(wave_ids: list[int], min_n: int) -> list[Distribution]:
    import numpy as np

    means: dict[str, list[float]] = defaultdict(list)
    totals: dict[str, ScaleSums] = defaultdict(ScaleSums)
    for _wave, code, n, total, satisfied in scale_sums_by_wave(wave_ids):
        if n >= min_n:
            means[code].append(total / n)
            totals[code] += ScaleSums(n, total, satisfied=satisfied)
    found = []
    for code, sums in totals.items():
        values = means.get(code, [])
        p20, p50, p80 = (float(p) for p in np.percentile(values, [20, 50, 80])) if values else (None, None, None)
        found.append(Distribution(code, len(values), float(np.mean(values)) if values else None, p20, p50, p80,
                                  sums.n, sums.satisfied))
    return found


@contextmanager
def _room_to_sum(work_mem: str = "64MB", using: str = DEFAULT_DB_ALIAS):
    """Summing a million stored rows sorts or hashes them: in memory, not in files (PostgreSQL's
    default work_mem is 4 MB). SET LOCAL: only for this transaction."""
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute(f"SET LOCAL work_mem = '{work_mem}'")
        yield


def refresh(waves: Sequence[Wave], counted: Census | None = None) -> int:
    """Store the tallies of closed waves that have none or whose responses changed; returns how many were counted."""
    counted = counted or census(waves)
    stale = _stale([wave.pk for wave in waves], counted)
    for first in range(0, len(stale), COUNT_BATCH):
        _store(stale[first:first + COUNT_BATCH], counted)
    if len(stale) >= COUNT_BATCH and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # after a bulk count: the planner's picture of the table (migration 0007)
            cursor.execute(f"ANALYZE {connection.ops.quote_name(WaveTally._meta.db_table)}")
    return len(stale)


def forget(wave: Wave) -> None:
    """Delete a wave's stored tallies (retention: nothing finer than its kept aggregate may stay)."""
    WaveTally.objects.filter(wave=wave).delete()
    TalliedWave.objects.filter(wave=wave).delete()


# --- stored tallies ------------------------------------------------------------------------


def _stale(wave_ids: list[int], counted: Census) -> list[int]:
    stored = dict(TalliedWave.objects.filter(wave__in=wave_ids).values_list("wave_id", "fingerprint"))
    return [pk for pk in wave_ids if stored.get(pk) != counted.fingerprints[pk]]


def _store(wave_ids: list[int], counted: Census) -> None:
    with transaction.atomic():
        # One counter per wave at a time: two requests reading a freshly closed wave wait for each other.
        list(Wave.objects.select_for_update().filter(pk__in=wave_ids).order_by("pk").values_list("pk", flat=True))
        wave_ids = _stale(wave_ids, counted)  # another request may have counted them meanwhile
        if not wave_ids:
            return
        WaveTally.objects.filter(wave__in=wave_ids).delete()
        TalliedWave.objects.filter(wave__in=wave_ids).delete()
        q = connection.ops.quote_name
        columns = ", ".join(q(column) for column in (
            "wave_id", "department", "code", "value", "n", "total", "squares", "unfavourable", "satisfied", "low",
            "high", "shown_whole", "shown_department"))
        energy, energy_params = _energy_sql(wave_ids)
        scales, scale_params = _scale_sql(wave_ids)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Counting hundreds of waves at once hashes a million answers: in memory, not on disk.
                cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute(
                f"INSERT INTO {q(WaveTally._meta.db_table)} ({columns}) "
                f"SELECT wave_id, department, code, value, n, 0, 0, 0, 0, NULL, NULL, FALSE, FALSE "
                f"FROM ({energy}) energy",
                energy_params,
            )
            cursor.execute(
                f"INSERT INTO {q(WaveTally._meta.db_table)} ({columns}) "
                f"SELECT wave_id, department, code, {SCALE_VALUE}, n, total, squares, unfavourable, satisfied, "
                f"low, high, FALSE, FALSE FROM ({scales}) scales",
                scale_params,
            )
        _mark_shown(wave_ids, counted)
        TalliedWave.objects.bulk_create(
            TalliedWave(wave_id=pk, fingerprint=counted.fingerprints[pk], respondents=sum(counted.counts[pk].values()))
            for pk in wave_ids
        )
    replica.wrote_stored_figures()


def shown_sums(waves: Sequence[Wave], counted: Census) -> tuple[Tally, dict[str, Tally]]:
    """The cells these closed waves show, summed: for the whole, and per department.

    Each stored row carries the anonymity rule's decision for its wave (`_mark_shown`), so this is
    two filtered sums in the database, however many waves: the nation's figure without deciding
    7,000 schools' cells again in Python. The waves' tallies must be stored (`refresh`).
    """
    ids = [wave.pk for wave in waves]

    def read(using: str) -> tuple[Tally, dict[str, Tally]]:
        whole: dict[GroupKey, Tally] = defaultdict(Tally)
        departments: dict[GroupKey, Tally] = defaultdict(Tally)
        _add_stored(whole, ids, by_wave=False, by_department=False, using=using, shown_whole=True)
        _add_stored(departments, ids, by_wave=False, by_department=True, using=using, shown_department=True)
        return whole[(None, None)], {department: tally for (_wave, department), tally in departments.items()}

    return _read_stored(read, ids, counted)


def _read_stored(read, wave_ids: list[int], counted: Census):
    """`read(using)` on the replica when it holds exactly the stored tallies the primary holds for these
    waves (their fingerprints, written in the same transaction as the rows), else on the primary."""
    using = replica.heavy_reads()
    if using != DEFAULT_DB_ALIAS:
        try:
            there = dict(TalliedWave.objects.using(using).filter(wave__in=wave_ids)
                         .values_list("wave_id", "fingerprint"))
            if all(there.get(pk) == counted.fingerprints[pk] for pk in wave_ids):
                return read(using)
        except DatabaseError:
            replica.forget_check()
    return read(DEFAULT_DB_ALIAS)


def _mark_shown(wave_ids: list[int], counted: Census) -> None:
    """Keep on each stored row what `anonymity.wave_shows` lets its wave show, decided from its counts."""
    cells: dict[int, dict[str, Counter]] = {pk: defaultdict(Counter) for pk in wave_ids}
    rows = WaveTally.objects.filter(wave__in=wave_ids).values_list("wave_id", "department", "code", "value", "n")
    for wave_id, department, code, value, n in rows.iterator(chunk_size=10_000):
        cells[wave_id][_cell(code, value)][department] += n
    whole: list[tuple[int, str]] = []
    by_department: list[tuple[int, str, str]] = []
    for pk in wave_ids:
        shown = anonymity.wave_shows(anonymity.CellCounts(
            respondents=dict(counted.counts[pk]), cells={cell: dict(n) for cell, n in cells[pk].items()}))
        whole += [(pk, cell) for cell in shown.whole]
        by_department += [(pk, department, cell) for department, shown_cells in shown.department_cells.items()
                          for cell in shown_cells]
    _set_flag("shown_whole", [(pk, "", cell) for pk, cell in whole], match_department=False)
    _set_flag("shown_department", by_department, match_department=True)


def _set_flag(flag: str, rows: list[tuple[int, str, str]], match_department: bool) -> None:
    """Set `flag` on the stored rows of these (wave, department, cell)s: every value of an energy theme."""
    if not rows:
        return
    q = connection.ops.quote_name
    table = q(WaveTally._meta.db_table)
    department = f" AND t.{q('department')} = s.department" if match_department else ""
    params = ([pk for pk, _d, _c in rows], [d for _pk, d, _c in rows], [c.split(":", 1)[1] for _pk, _d, c in rows],
              [c.startswith("scale:") for _pk, _d, c in rows])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} t SET {q(flag)} = TRUE "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::boolean[]) "
                "AS s(wave_id, department, code, scale) "
                f"WHERE t.{q('wave_id')} = s.wave_id AND t.{q('code')} = s.code "
                f"AND (t.{q('value')} = {SCALE_VALUE}) = s.scale{department}",
                params,
            )
        else:
            where = f"{q('wave_id')} = %s AND {q('code')} = %s AND ({q('value')} = {SCALE_VALUE}) = %s"
            if match_department:
                where += f" AND {q('department')} = %s"
            cursor.executemany(
                f"UPDATE {table} SET {q(flag)} = TRUE WHERE {where}",
                [(pk, c.split(":", 1)[1], c.startswith("scale:"), *((d,) if match_department else ()))
                 for pk, d, c in rows],
            )


def _add_stored(result: dict[GroupKey, Tally], wave_ids: list[int], by_wave: bool, by_department: bool,
                using: str = DEFAULT_DB_ALIAS, **only: bool) -> None:
    group = [name for name, wanted in (("wave_id", by_wave), ("department", by_department)) if wanted]
    rows = (
        WaveTally.objects.using(using).filter(wave__in=wave_ids, **only).values(*group, "code", "value")
        .annotate(
            n_=Sum("n"), total_=Sum("total"), squares_=Sum("squares"), unfavourable_=Sum("unfavourable"),
            satisfied_=Sum("satisfied"), low_=Min("low"), high_=Max("high"),
        )
        .order_by()
    )
    with _room_to_sum(using=using):
        rows = list(rows)
    for row in rows:
        tally = result[(row.get("wave_id"), row.get("department"))]
        if row["value"] == SCALE_VALUE:
            tally.scales[row["code"]] += ScaleSums(
                row["n_"], row["total_"], row["squares_"], row["unfavourable_"], row["satisfied_"],
                row["low_"], row["high_"],
            )
        else:
            tally.energy[row["code"]][ENERGY_NAMES[row["value"]]] += row["n_"]


# --- counting raw answers -------------------------------------------------------------------


def _count_live(wave_ids: list[int]) -> dict[tuple[int, str], Tally]:
    counted: dict[tuple[int, str], Tally] = defaultdict(Tally)
    energy, energy_params = _energy_sql(wave_ids)
    scales, scale_params = _scale_sql(wave_ids)
    with connection.cursor() as cursor:
        cursor.execute(energy, energy_params)
        for wave_id, department, code, value, n in cursor.fetchall():
            counted[(wave_id, department)].energy[code][ENERGY_NAMES[value]] += n
        cursor.execute(scales, scale_params)
        for wave_id, department, code, n, total, squares, unfavourable, satisfied, low, high in cursor.fetchall():
            counted[(wave_id, department)].scales[code] += ScaleSums(
                n, float(total), float(squares), int(unfavourable), int(satisfied), float(low), float(high)
            )
    return counted


def _answers_of_responses(items: str = "") -> str:
    """`r` the responses and `a` their answers (those matching `items`, a condition on
    `item_id` starting with AND), for a WHERE on r's wave.

    PostgreSQL is made to fetch each response's answers through the (response, item) index:
    left to itself it reads every answer of the nation to join a few hundred waves' worth
    (a fence, OFFSET 0, keeps the lateral subquery from being flattened into a hash join).
    """
    q = connection.ops.quote_name
    answer, response = q(Answer._meta.db_table), q(Response._meta.db_table)
    if connection.vendor == "postgresql":
        return (f"{response} r CROSS JOIN LATERAL (SELECT {q('item_id')}, {q('value')}, {q('response_id')} "
                f"FROM {answer} WHERE {q('response_id')} = r.{q('id')}{items} OFFSET 0) a")
    return f"{answer} a JOIN {response} r ON r.{q('id')} = a.{q('response_id')}{items}"


def _energy_sql(wave_ids: list[int]) -> tuple[str, list]:
    """Per wave, department, energy item and value: how many gave that answer."""
    q = connection.ops.quote_name
    item = Item._meta.db_table
    wave_params = _params(wave_ids)
    sql = f"""
        SELECT r.{q('wave_id')} AS wave_id, r.{q('department')} AS department, i.{q('code')} AS code,
               a.{q('value')} AS value, COUNT(*) AS n
        FROM {_answers_of_responses(f" AND {q('item_id')} IN (SELECT {q('id')} FROM {q(item)} WHERE {q('kind')} = %s)")}
        JOIN {q(item)} i ON i.{q('id')} = a.{q('item_id')}
        WHERE r.{q('wave_id')} IN ({wave_params})
        GROUP BY r.{q('wave_id')}, r.{q('department')}, i.{q('code')}, a.{q('value')}
    """
    return sql, [ItemKind.ENERGY.value, *wave_ids]


def _scores_sql(wave_ids: list[int]) -> tuple[str, list]:
    """One row per respondent and scale that has a score: the mean of the answered items after
    reverse coding, only when at least half of the scale's items are answered."""
    q = connection.ops.quote_name
    item = Item._meta.db_table
    wave_params = _params(wave_ids)
    sql = f"""
        SELECT r.{q('wave_id')} AS wave_id, r.{q('department')} AS department, i.{q('scale_id')} AS scale_id,
               CAST(SUM(CASE WHEN i.{q('reverse')} THEN %s - a.{q('value')} ELSE a.{q('value')} END)
                    AS DOUBLE PRECISION) / COUNT(*) AS score
        FROM {_answers_of_responses()}
        JOIN {q(item)} i ON i.{q('id')} = a.{q('item_id')}
        JOIN (
            SELECT {q('scale_id')} AS scale_id, COUNT(*) AS items
            FROM {q(item)} WHERE {q('scale_id')} IS NOT NULL GROUP BY {q('scale_id')}
        ) z ON z.scale_id = i.{q('scale_id')}
        WHERE r.{q('wave_id')} IN ({wave_params})
        GROUP BY a.{q('response_id')}, r.{q('wave_id')}, r.{q('department')}, i.{q('scale_id')}, z.items
        HAVING 2 * COUNT(*) >= z.items
    """
    return sql, [scoring.SCALE_MIN + scoring.SCALE_MAX, *wave_ids]


def _scale_sql(wave_ids: list[int]) -> tuple[str, list]:
    """Per wave, department and scale: n, sum, sum of squares, unfavourable, satisfied, lowest, highest."""
    q = connection.ops.quote_name
    scores, params = _scores_sql(wave_ids)
    sql = f"""
        SELECT scores.wave_id AS wave_id, scores.department AS department, s.{q('code')} AS code,
               COUNT(*) AS n, SUM(score) AS total, SUM(score * score) AS squares,
               SUM(CASE WHEN (s.{q('higher_is')} = 'worse' AND score >= s.{q('unfavourable_threshold')})
                          OR (s.{q('higher_is')} = 'better' AND score <= s.{q('unfavourable_threshold')})
                        THEN 1 ELSE 0 END) AS unfavourable,
               SUM(CASE WHEN score >= %s THEN 1 ELSE 0 END) AS satisfied,
               MIN(score) AS low, MAX(score) AS high
        FROM ({scores}) scores JOIN {q(Scale._meta.db_table)} s ON s.{q('id')} = scores.scale_id
        GROUP BY scores.wave_id, scores.department, s.{q('code')}
    """
    return sql, [scoring.SATISFIED_FROM, *params]  # the satisfied bound comes first in the text


def scores_of(wave: Wave) -> dict[str, list[float]]:
    """Every respondent's score per scale of one wave (for the per-respondent export of the comparison)."""
    q = connection.ops.quote_name
    scores, params = _scores_sql([wave.pk])
    sql = f"""
        SELECT s.{q('code')}, score
        FROM ({scores}) scores JOIN {q(Scale._meta.db_table)} s ON s.{q('id')} = scores.scale_id
    """
    by_scale: dict[str, list[float]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for code, score in cursor.fetchall():
            by_scale[code].append(float(score))
    return dict(by_scale)
