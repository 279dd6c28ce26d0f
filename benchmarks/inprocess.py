"""Measurements inside this process, with Django pointed at the bench database.

Aggregation times call the domain functions the pages call; query counts and the dashboard
time go through Django's test client, so middleware, access checks and templates count too.
A function another app has not (yet) provided makes its figure "niet beschikbaar", with
the reason, instead of stopping the run.
"""

from __future__ import annotations

import importlib
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .figures import INFORMATIVE, Figure, Target, median
from .national import NationalData
from .stack import say


class Unavailable(Exception):
    """What a benchmark needs is not there; the message says what."""


def provided(module: str, name: str) -> Callable:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as error:
        raise Unavailable(f"{module}.{name} ontbreekt ({type(error).__name__})") from error


def repeat_ms(call: Callable[[int], object], runs: int, budget_s: float) -> tuple[float, int]:
    """Median milliseconds of `call(i)` over up to `runs` runs, fewer when the time budget is spent.

    One warm-up run first (imports, caches, the database's buffers), so the median is what a
    page costs in a running system.
    """
    call(0)
    times: list[float] = []
    deadline = time.perf_counter() + budget_s
    for i in range(runs):
        started = time.perf_counter()
        call(i + 1)
        times.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline:
            break
    return median(times), len(times)


def measure(name: str, unit: str, target: Target, produce: Callable[[], tuple[float, str]]) -> Figure:
    try:
        value, note = produce()
    except Unavailable as missing:
        return Figure.unavailable(name, unit, target, str(missing))
    return Figure.measured(name, value, unit, target, note)


# --- aggregation ----------------------------------------------------------------------------------


@dataclass
class Aggregation:
    data: NationalData
    runs: int
    budget_s: float

    def waves(self, kind: str = "voormeting"):
        from surveys.models import Wave

        ids = [self.data.wave_ids(i)[0 if kind == "voormeting" else 1] for i in range(self.data.schools_loaded)]
        return Wave.objects.filter(pk__in=ids).select_related("cycle__project__school").order_by("pk")

    def store_tallies(self) -> tuple[float, str]:
        """What closing the loaded waves costs: each counted once into its stored tallies."""
        refresh = provided("surveys.tallies", "refresh")
        waves = [*self.waves("voormeting"), *self.waves("nameting")]
        started = time.perf_counter()
        counted = refresh(waves)
        seconds = time.perf_counter() - started
        return seconds, f"{counted:,} metingen geteld, {1000 * seconds / max(counted, 1):.1f} ms per meting"

    def store_pool(self) -> tuple[float, str]:
        """What a closing voormeting starts (and the nightly run repeats): the benchmark pool's
        percentiles computed and stored, so that pages and reports read one row."""
        refresh_pool = provided("evaluation.benchmark", "refresh_pool")
        started = time.perf_counter()
        pool = refresh_pool()
        return time.perf_counter() - started, f"{pool.schools:,} scholen in de pool"

    def school_results(self) -> tuple[float, str]:
        wave_results = provided("surveys.results", "wave_results")
        waves = list(self.waves()[:20])
        ms, n = repeat_ms(lambda i: wave_results([waves[i % len(waves)]]), self.runs, self.budget_s)
        return ms, f"wave_results van één school, mediaan van {n}"

    def comparison(self) -> tuple[float, str]:
        compare_cycle = provided("evaluation.compare_cycles", "compare_cycle")
        cycles = [wave.cycle for wave in self.waves()[:20]]
        ms, n = repeat_ms(lambda i: compare_cycle(cycles[i % len(cycles)]), self.runs, self.budget_s)
        return ms, f"compare_cycles.compare_cycle (voormeting tegen nameting), mediaan van {n}"

    def board_results(self) -> tuple[float, str]:
        wave_results = provided("surveys.results", "wave_results")
        per_wave_totals = provided("surveys.results", "per_wave_totals")
        board = self.data.board_id(0)
        waves = [w for w in self.waves() if w.cycle.project.school.board_id == board]

        def board_page(_i: int) -> None:
            wave_results(waves)
            per_wave_totals(waves)

        ms, n = repeat_ms(board_page, self.runs, self.budget_s)
        return ms, (f"{len(waves)} scholen: wave_results + per_wave_totals (wat de bestuurspagina rekent), "
                    f"mediaan van {n}")

    def national(self, timeout_s: int) -> tuple[float, str]:
        from django.db import OperationalError, connection

        wave_results = provided("surveys.results", "wave_results")
        waves = list(self.waves())
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = '{timeout_s}s'")
        try:
            started = time.perf_counter()
            data = wave_results(waves)
            first = (time.perf_counter() - started) * 1000
            runs = [first]
            # Repeat only while that stays cheap: at national scale one run can take a minute.
            while len(runs) < 3 and sum(runs) < self.budget_s * 1000:
                started = time.perf_counter()
                wave_results(waves)
                runs.append((time.perf_counter() - started) * 1000)
        except OperationalError:
            connection.close()
            return timeout_s * 1000.0, f"afgebroken na {timeout_s} s (statement_timeout)"
        finally:
            if connection.connection is not None:
                with connection.cursor() as cursor:
                    cursor.execute("SET statement_timeout = 0")
        return median(runs) / 1000, (f"{data.get('n', 0):,} respondenten in {len(waves)} metingen, "
                                     f"mediaan van {len(runs)}")


    def national_on_replica(self, timeout_s: int, port: int) -> tuple[float, str]:
        """The national figure with a streaming standby of this PostgreSQL as the read replica
        (`.ci/standby start`), once it has replayed the loaded data."""
        import copy

        from django.db import DEFAULT_DB_ALIAS, connections
        from django.test.utils import CaptureQueriesContext, override_settings

        from projects import replica

        settings = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
        settings.update(PORT=str(port), OPTIONS={**settings.get("OPTIONS", {}), "connect_timeout": 3})
        settings["OPTIONS"].pop("pool", None)
        connections.settings[replica.REPLICA] = settings
        replica.forget_check()
        try:
            behind = _replay_behind(connections[replica.REPLICA], connections[DEFAULT_DB_ALIAS], timeout_s)
            if behind is None:
                raise Unavailable(f"geen standby op 127.0.0.1:{port} (.ci/standby start)")
            if behind:
                raise Unavailable(f"de standby liep na {timeout_s} s nog {behind:,} bytes achter")
            # What this process stored has reached the standby (checked above): no reading back.
            with override_settings(DATABASE_REPLICA_OWN_WRITES_S=0), \
                    CaptureQueriesContext(connections[replica.REPLICA]) as on_replica:
                seconds, note = self.national(timeout_s)
            sums = sum(1 for q in on_replica.captured_queries if "SUM" in q["sql"].upper())
            if not sums:
                raise Unavailable("de sommen liepen toch op de primaire database")
            return seconds, f"{note}; {sums} sommen op de standby"
        finally:
            connections[replica.REPLICA].close()
            del connections[replica.REPLICA]
            del connections.settings[replica.REPLICA]
            replica.forget_check()


def _replay_behind(standby, primary, timeout_s: int) -> int | None:
    """Bytes of WAL the standby has not replayed once `timeout_s` passed (0: caught up); None: no standby."""
    from django.db import DatabaseError

    with primary.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout_s
    try:
        while True:
            with standby.cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery(), pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn())",
                               [target])
                in_recovery, behind = cursor.fetchone()
            if not in_recovery:
                return None
            if behind <= 0 or time.monotonic() > deadline:
                return max(0, int(behind))
            time.sleep(0.5)
    except DatabaseError:
        return None


# --- pages ----------------------------------------------------------------------------------------


@dataclass
class Pages:
    """The main pages through the test client: their query count and the dashboard's time."""

    def client_for(self, user):
        from django.test import Client

        client = Client()
        if user is not None:
            client.force_login(user)
            self.pass_second_step(client, user)
        return client

    def pass_second_step(self, client, user) -> None:
        """A coach or board member has two-factor log-in: their session holds a verified authenticator,
        as after entering a code, so the middleware lets the page through (and counts what it costs)."""
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from projects import two_factor

        if not two_factor.required_for(user):
            return
        device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    def queries(self, client, path: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get(path)  # warm: template loading, the instrument cache, the session
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise Unavailable(f"{path} gaf HTTP {response.status_code}")
        report_repeated(path, [query["sql"] for query in captured.captured_queries])
        return len(captured)

    def url(self, name: str, **kwargs) -> str:
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch as error:
            raise Unavailable(f"URL {name} bestaat niet") from error

    def render_ms(self, client, path: str, runs: int) -> tuple[float, str]:
        def get(_i: int) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise Unavailable(f"{path} gaf HTTP {response.status_code}")

        ms, n = repeat_ms(get, runs, budget_s=30)
        return ms, f"GET {path} met de testclient, mediaan van {n}"


def report_repeated(path: str, statements: list[str], top: int = 4) -> None:
    """Print the statements a page runs again and again (ids blanked): where an N+1 hides."""
    shapes = Counter(_NUMBERS.sub("N", sql)[:160] for sql in statements)
    repeated = [(n, shape) for shape, n in shapes.most_common(top) if n > 2]
    for n, shape in repeated:
        say(f"{path}: {n}× {shape}")


_NUMBERS = re.compile(r"\b\d+\b")


def query_figure(name: str, budget: int, small: int | str, large: int | str) -> Figure:
    """The count at large data, with the count at small data in the note; a str is why it could not be counted."""
    target = Target(at_most=budget, text=f"≤ {budget}, gelijk bij klein en groot")
    for measured in (small, large):
        if isinstance(measured, str):
            return Figure.unavailable(name, "queries", target, measured)
    return Figure(name, float(large), "queries", target.text, large <= budget and small == large,
                  f"klein: {small}, groot: {large}")


def count_or_reason(count: Callable[[], int]) -> int | str:
    try:
        return count()
    except Unavailable as missing:
        return str(missing)


def informative(name: str, value: float, unit: str, note: str = "") -> Figure:
    return Figure.measured(name, value, unit, INFORMATIVE, note)
