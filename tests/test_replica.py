"""Heavy reads of closed waves on a real streaming standby (projects/replica.py), and on the
primary whenever the standby does not answer or has not caught up.

Runs in CI's PostgreSQL + Redis run, where `.ci/standby` starts the standby on port 5433
(WERKDRUK_TEST_REPLICA_PORT); skipped elsewhere. The data is committed (transactional_db):
a standby only sees what the primary committed.
"""

import copy
import os
import time

import pytest
from django.conf import settings as django_settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext

from projects import replica
from surveys import results
from surveys.models import WaveTally
from tests.factories import SchoolFactory
from tests.surveys.results_data import add_respondents, make_wave

REPLICA_PORT = os.environ.get("WERKDRUK_TEST_REPLICA_PORT", "")
ON_POSTGRES = django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not (REPLICA_PORT and ON_POSTGRES), reason="needs PostgreSQL and the standby of .ci/standby"),
    # The replica alias is a test mirror (`replica_alias`): allowed in these tests, never flushed.
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]

LAG_S = 1.0


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """The replica alias for this module's tests only, registered before their database access is
    set up; as a test mirror of the default it is left out of the flush after each test."""
    settings = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
    settings["OPTIONS"] = {**settings.get("OPTIONS", {}), "connect_timeout": 2}
    settings["TEST"] = {**settings.get("TEST", {}), "MIRROR": DEFAULT_DB_ALIAS}
    connections.settings[replica.REPLICA] = settings
    yield
    connections[replica.REPLICA].close()
    del connections[replica.REPLICA]
    del connections.settings[replica.REPLICA]


def use_replica(port: str):
    """The test database on the standby (or whatever listens on `port`) as the replica."""
    alias = connections[replica.REPLICA]
    alias.close()
    alias.settings_dict["PORT"] = port
    replica.forget_check()
    return alias


@pytest.fixture
def standby(settings):
    settings.DATABASE_REPLICA_MAX_LAG = LAG_S
    yield use_replica(REPLICA_PORT)
    replica.forget_check()


def caught_up(standby) -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with standby.cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("de standby haalde de primaire database niet in")


def a_later_request() -> None:
    """What this process stored is read back from the primary for the allowed lag; then no longer."""
    time.sleep(LAG_S + 0.1)
    replica.forget_check()


def board_waves() -> list:
    waves = [make_wave(SchoolFactory()) for _ in range(3)]
    for number, wave in enumerate(waves):
        add_respondents(wave, 6 + number, "onderbouw", E01="taker", TD1=4, TD2=2)
    return waves


def sums_read(alias: str, waves) -> tuple[dict, int]:
    """The board figure, and how many of its queries summed stored tallies on `alias`."""
    with CaptureQueriesContext(connections[alias]) as queries:
        data = results.wave_results(waves)
    table = WaveTally._meta.db_table
    return data, sum(1 for q in queries.captured_queries if table in q["sql"] and "SUM" in q["sql"].upper())


def test_a_board_figure_of_closed_waves_is_summed_on_the_standby(standby):
    waves = board_waves()
    on_primary = results.wave_results(waves)  # counts and stores the tallies on the primary
    caught_up(standby)
    a_later_request()

    data, sums_on_replica = sums_read(replica.REPLICA, waves)

    assert sums_on_replica == 2  # the whole and the departments
    assert data == on_primary
    assert replica.lag_s() is not None


def test_a_figure_just_stored_is_read_back_from_the_primary(standby):
    waves = board_waves()

    _data, sums_on_replica = sums_read(replica.REPLICA, waves)

    assert sums_on_replica == 0
    assert replica.heavy_reads() == DEFAULT_DB_ALIAS


def test_a_standby_that_stopped_replaying_is_passed_over(standby):
    waves = board_waves()
    results.wave_results(waves)
    caught_up(standby)
    with standby.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        add_respondents(waves[0], 5, "bovenbouw", E01="giver", TD1=1, TD2=5)  # an import into a closed wave
        results.wave_results(waves)  # stored again on the primary; the standby does not see it
        a_later_request()

        data, sums_on_replica = sums_read(replica.REPLICA, waves)
    finally:
        with standby.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")

    assert sums_on_replica == 0
    assert data["n"] == 6 + 7 + 8 + 5
    assert next(row for row in data["energy"] if row["code"] == "E01")["n"] == 26


def test_an_unreachable_replica_leaves_every_read_on_the_primary(settings):
    settings.DATABASE_REPLICA_MAX_LAG = LAG_S
    waves = board_waves()
    expected = results.wave_results(waves)
    use_replica("5439")  # nothing listens there
    a_later_request()

    assert results.wave_results(waves) == expected
    assert replica.heavy_reads() == DEFAULT_DB_ALIAS
