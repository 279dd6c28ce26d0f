"""Synthetic national data, loaded with PostgreSQL COPY straight into the real tables.

7,000 schools over 230 boards, 250,000 respondents per wave, every item of the current
instrument answered, two waves per school (voormeting and nameting). `NationalData.grow_to`
adds schools until a fraction of that size is reached, so the 10%, 50% and 100% stages are
one load in three steps, and board 1 (the first ~30 schools) exists at every stage.

The numbers are plausible, not real: per school a climate, per teacher a mood, per item a
level, rounded onto the 1–5 scale; energy themes as giver/neutral/taker with some n.v.t.
(no row), a few likert items left open. Generation is vectorised with numpy and the answers
go over the wire in COPY's binary format, so the database, not Python, sets the pace.
"""

from __future__ import annotations

import io
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import numpy as np
import psycopg

from .stack import DATABASE_URL, say

DEPARTMENTS = np.array(["onderbouw", "middenbouw", "bovenbouw", "ondersteuning", "directie", ""], dtype=object)
DEPARTMENT_WEIGHTS = np.array([0.27, 0.22, 0.27, 0.12, 0.04, 0.08])
ENERGY_KIND = "energy"
ENERGY_NOT_APPLICABLE = 0.06
LIKERT_LEFT_OPEN = 0.02
SCHOOLS_PER_CHUNK = 250

# One binary COPY tuple of surveys_answer (id, value, item_id, response_id): field count, then per field
# its length and value.
ANSWER_TUPLE = np.dtype([
    ("fields", ">i2"),
    ("id_len", ">i4"), ("id", ">i8"),
    ("value_len", ">i4"), ("value", ">i2"),
    ("item_len", ">i4"), ("item", ">i8"),
    ("response_len", ">i4"), ("response", ">i8"),
])
COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
COPY_TRAILER = (-1).to_bytes(2, "big", signed=True)


@dataclass(frozen=True)
class Size:
    schools: int
    boards: int
    respondents_per_wave: int

    def scaled(self, fraction: float) -> Size:
        return Size(max(1, round(self.schools * fraction)), max(1, round(self.boards * fraction)),
                    round(self.respondents_per_wave * fraction))


NATIONAL = Size(schools=7_000, boards=230, respondents_per_wave=250_000)


@dataclass(frozen=True)
class Item:
    id: int
    kind: str


class NationalData:
    """The national data set of `full` size, grown stage by stage into the bench database."""

    def __init__(self, full: Size, instrument_id: int, seed: int = 8):
        self.full = full
        self.instrument_id = instrument_id
        self.rng = np.random.default_rng(seed)
        # Staff per school, fixed up front so every stage is a prefix of the full data set.
        staff = self.rng.gamma(shape=9.0, scale=1.0, size=full.schools)
        self.staff = np.maximum(5, np.round(staff * full.respondents_per_wave / staff.sum())).astype(int)
        self.schools_loaded = 0
        self.respondents_loaded = 0
        self.answers_loaded = 0
        self.first_ids: dict[str, int] = {}
        self.loaded_seconds = 0.0

    # --- what the benchmarks look up ---------------------------------------------------------

    def board_of(self, school_index: int) -> int:
        """Schools are spread over the boards in runs of ~30, in order."""
        return school_index * self.full.boards // self.full.schools

    def respondents_per_wave(self) -> int:
        return self.respondents_loaded // 2

    # --- loading ------------------------------------------------------------------------------

    def grow_to(self, fraction: float) -> None:
        target = max(1, round(self.full.schools * fraction))
        if target <= self.schools_loaded:
            return
        started = time.perf_counter()
        with psycopg.connect(_conninfo(), autocommit=False) as conn:
            items = self._items(conn)
            if not self.first_ids:
                self.first_ids = self._next_ids(conn)
            # Bulk load: the generated rows are consistent, so the per-row foreign-key triggers are skipped.
            conn.execute("SET session_replication_role = replica")
            conn.execute("SET synchronous_commit = off")
            conn.execute("SET maintenance_work_mem = '512MB'")
            self._load_organisation(conn, self.schools_loaded, target)
            conn.commit()
            # Filling an indexed table row by row is ten times slower than building its indexes afterwards.
            with answer_indexes_dropped(conn):
                for first in range(self.schools_loaded, target, SCHOOLS_PER_CHUNK):
                    self._load_answers(conn, items, first, min(target, first + SCHOOLS_PER_CHUNK))
                    conn.commit()
            self._advance_sequences(conn)
            conn.commit()
        with psycopg.connect(_conninfo(), autocommit=True) as conn:
            for table in ("projects_school", "surveys_wave", "surveys_answer"):
                conn.execute(f"ANALYZE {table}")
            # The visibility map too, so counting respondents is the index-only scan it is in a running system.
            conn.execute("VACUUM ANALYZE surveys_response")
        self.schools_loaded = target
        self.loaded_seconds += time.perf_counter() - started
        say(f"landelijke data: {target} scholen, {self.respondents_per_wave():,} respondenten per meting "
            f"({time.perf_counter() - started:.0f} s)")

    def school_id(self, index: int) -> int:
        return self.first_ids["school"] + index

    def wave_ids(self, index: int) -> tuple[int, int]:
        first = self.first_ids["wave"] + 2 * index
        return first, first + 1

    def board_id(self, board_index: int) -> int:
        return self.first_ids["board"] + board_index

    def _items(self, conn) -> list[Item]:
        rows = conn.execute(
            'SELECT id, kind FROM surveys_item WHERE instrument_id = %s ORDER BY "order"', [self.instrument_id]
        ).fetchall()
        return [Item(*row) for row in rows]

    def _next_ids(self, conn) -> dict[str, int]:
        tables = {"board": "projects_board", "school": "projects_school", "project": "projects_project",
                  "cycle": "projects_cycle", "wave": "surveys_wave", "response": "surveys_response",
                  "answer": "surveys_answer"}
        # Room for the rows the benchmark itself adds by the ORM later (a few, never thousands).
        return {key: conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0] + 1000
                for key, table in tables.items()}

    def _load_organisation(self, conn, first: int, last: int) -> None:
        ids = self.first_ids
        boards_before = self.board_of(first - 1) + 1 if first else 0
        boards_after = self.board_of(last - 1) + 1
        today = date.today()
        opened, closed = today - timedelta(days=400), today - timedelta(days=380)
        closed_at = datetime.combine(closed, datetime.min.time(), tzinfo=timezone.utc)
        with conn.cursor().copy("COPY projects_board (id, name) FROM STDIN") as copy:
            for board in range(boards_before, boards_after):
                copy.write_row((ids["board"] + board, f"Stichting Benchmark {board + 1:03d}"))
        with conn.cursor().copy(
            "COPY projects_school (id, name, slug, city, description, board_id) FROM STDIN"
        ) as copy:
            for school in range(first, last):
                copy.write_row((ids["school"] + school, f"Benchmarkschool {school + 1:04d}", f"bench-{school + 1:04d}",
                                "Utrecht", "", ids["board"] + self.board_of(school)))
        with conn.cursor().copy("COPY projects_project (id, started_on, school_id) FROM STDIN") as copy:
            for school in range(first, last):
                copy.write_row((ids["project"] + school, opened, ids["school"] + school))
        with conn.cursor().copy(
            "COPY projects_cycle (id, number, started_on, closed_on, project_id) FROM STDIN"
        ) as copy:
            for school in range(first, last):
                copy.write_row((ids["cycle"] + school, 1, opened, None, ids["project"] + school))
        with conn.cursor().copy(
            # Sealed as they are loaded: the synthetic rows follow no invitation, so there is nothing to shuffle.
            "COPY surveys_wave (id, kind, opens_on, closes_on, closed_at, published_at, sealed_at, cycle_id,"
            " instrument_id, remind_on) FROM STDIN"
        ) as copy:
            for school in range(first, last):
                for offset, kind in enumerate(("voormeting", "nameting")):
                    copy.write_row((ids["wave"] + 2 * school + offset, kind, opened + timedelta(days=offset * 300),
                                    closed + timedelta(days=offset * 300), closed_at, closed_at, closed_at,
                                    ids["cycle"] + school, self.instrument_id, None))

    def _load_answers(self, conn, items: list[Item], first: int, last: int) -> None:
        """Both waves of schools [first, last): responses, then their answers in one binary COPY."""
        ids = self.first_ids
        schools = np.arange(first, last)
        climate = self.rng.normal(0, 0.35, size=len(schools))
        per_wave = np.repeat(self.staff[first:last], 2)  # the same staff answer both waves
        wave_of = np.repeat(ids["wave"] + 2 * np.repeat(schools, 2) + np.tile([0, 1], len(schools)), per_wave)
        lift = np.repeat(np.tile([0.0, 0.15], len(schools)), per_wave)  # the nameting is a little better
        mood = np.repeat(np.repeat(climate, 2), per_wave) + lift + self.rng.normal(0, 0.45, size=len(wave_of))
        n = len(wave_of)
        response_ids = ids["response"] + self.respondents_loaded + np.arange(n)
        departments = self.rng.choice(DEPARTMENTS, size=n, p=DEPARTMENT_WEIGHTS)
        submitted = date.today() - timedelta(days=390)
        with conn.cursor().copy("COPY surveys_response (id, department, submitted_on, wave_id) FROM STDIN") as copy:
            for row in zip(response_ids.tolist(), departments.tolist(), [submitted] * n, wave_of.tolist(), strict=True):
                copy.write_row(row)

        energy = np.array([item.kind == ENERGY_KIND for item in items])
        level = self.rng.uniform(2.6, 3.8, size=len(items))
        raw = level[None, :] + mood[:, None] + self.rng.normal(0, 0.8, size=(n, len(items)))
        values = np.clip(np.rint(raw), 1, 5).astype(np.int16)
        # Energy: 1 giver, 2 neutral, 3 taker — a better mood gives more energy.
        energy_values = np.clip(np.rint(2.0 - (raw - 3.2) * 0.9), 1, 3).astype(np.int16)
        values = np.where(energy[None, :], energy_values, values)
        left_open = self.rng.random(size=(n, len(items))) < np.where(energy, ENERGY_NOT_APPLICABLE, LIKERT_LEFT_OPEN)
        answered = ~left_open
        count = int(answered.sum())
        rows = np.empty(count, dtype=ANSWER_TUPLE)
        rows["fields"] = 4
        rows["id_len"], rows["value_len"], rows["item_len"], rows["response_len"] = 8, 2, 8, 8
        rows["id"] = ids["answer"] + self.answers_loaded + np.arange(count)
        rows["value"] = values[answered]
        rows["item"] = np.broadcast_to(np.array([item.id for item in items]), values.shape)[answered]
        rows["response"] = np.broadcast_to(response_ids[:, None], values.shape)[answered]
        self.answers_loaded += count
        buffer = io.BytesIO()
        buffer.write(COPY_HEADER)
        buffer.write(rows.tobytes())
        buffer.write(COPY_TRAILER)
        with conn.cursor().copy(
            "COPY surveys_answer (id, value, item_id, response_id) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.write(buffer.getbuffer())
        self.respondents_loaded += n

    def _advance_sequences(self, conn) -> None:
        for table in ("projects_board", "projects_school", "projects_project", "projects_cycle",
                      "surveys_wave", "surveys_response", "surveys_answer"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


@contextmanager
def answer_indexes_dropped(conn):
    """surveys_answer without its constraints' and plain indexes for the duration; all rebuilt, as they were, after."""
    constraints = conn.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = 'surveys_answer'::regclass AND contype IN ('p', 'u') ORDER BY contype"
    ).fetchall()
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'surveys_answer'"
        " AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'surveys_answer'::regclass)"
    ).fetchall()
    for name, _definition in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for name, _definition in constraints:
        conn.execute(f'ALTER TABLE surveys_answer DROP CONSTRAINT "{name}"')
    conn.commit()
    try:
        yield
    finally:
        conn.rollback()
        for name, definition in constraints:
            conn.execute(f'ALTER TABLE surveys_answer ADD CONSTRAINT "{name}" {definition}')
        for _name, definition in indexes:
            conn.execute(definition)
        conn.commit()


def _conninfo() -> str:
    return DATABASE_URL.replace("postgres://", "postgresql://", 1)
