"""Work that only one process at a time may do, held for as long as that process lives.

A PostgreSQL session advisory lock belongs to a database connection: it is let go when the work
ends, and also when the process holding it dies and its connection closes. A status column
cannot tell a dead worker from a slow one; this lock can.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# One number per kind of work, so the keys of different kinds never meet.
REPORT_BUILD = 1


@contextmanager
def held_while_alive(kind: int, key: int) -> Iterator[bool]:
    """Yields True when this process now holds the lock, False when another process holds it.

    The embedded setup (SQLite) runs its tasks in the one web process: there is nobody to lock out.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [kind, key])
        mine = cursor.fetchone()[0]
    try:
        yield mine
    finally:
        if mine:  # a pooled connection outlives the task: it must not carry the lock along
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [kind, key])
