"""Heavy reads of closed data on a read replica (`DATABASE_REPLICA_URL`), everything else on the primary.

Which reads may go to the replica is decided where they are made, by `heavy_reads()`: the sums
over stored tallies of closed waves (board and national figures, the benchmark pool, the figures
a report reads). The router sends every other query to the primary: the survey, every write, and
whatever a request or task reads back after writing it.

The replica is used only while it answers and is less than `DATABASE_REPLICA_MAX_LAG` seconds
behind (checked at most every few seconds per process), and not for a while after this process
wrote what such a read would read (`wrote_stored_figures`): those reads go to the primary.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
# How long a checked lag is believed, so a page does not ask the replica for every sum.
CHECK_EVERY_S = 5.0

log = logging.getLogger(__name__)
_checked = {"at": -1e9, "usable": False}
_wrote_at = -1e9


class PrimaryRouter:
    """Every query the code does not send to the replica itself goes to the primary; no migrations there."""

    def db_for_read(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def configured() -> bool:
    return REPLICA in connections.settings


def max_lag_s() -> float:
    return float(getattr(settings, "DATABASE_REPLICA_MAX_LAG", 30))


def own_writes_s() -> float:
    """How long what this process stored is read back from the primary (by default: the allowed lag)."""
    return float(getattr(settings, "DATABASE_REPLICA_OWN_WRITES_S", max_lag_s()))


def wrote_stored_figures() -> None:
    """This process just stored what heavy reads read (tallies of a wave): read them back from the primary."""
    global _wrote_at
    _wrote_at = time.monotonic()


def heavy_reads() -> str:
    """The database alias for a heavy read of closed data: the replica when it may be used, else the primary."""
    if not configured():
        return DEFAULT_DB_ALIAS
    now = time.monotonic()
    if now - _wrote_at < own_writes_s():
        return DEFAULT_DB_ALIAS
    if now - _checked["at"] >= CHECK_EVERY_S:
        _checked.update(at=now, usable=_caught_up())
    return REPLICA if _checked["usable"] else DEFAULT_DB_ALIAS


def forget_check() -> None:
    """Check the replica again on the next heavy read (tests, and after a failed read)."""
    _checked["at"] = -1e9


def lag_s() -> float | None:
    """How far the replica's replay is behind, in seconds (0 when it has replayed all it received);
    None when it does not answer or is not a standby."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
                "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
            )
            in_recovery, lag = cursor.fetchone()
    except DatabaseError as error:
        log.warning("leesreplica niet bereikbaar, de primaire database leest: %s", type(error).__name__)
        connections[REPLICA].close()
        return None
    return float(lag or 0) if in_recovery else None


def _caught_up() -> bool:
    lag = lag_s()
    return lag is not None and lag <= max_lag_s()
