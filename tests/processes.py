"""Helpers for tests that start processes of their own (web nodes, Celery workers) against the test database."""

import os
import socket

from django.db import connection


def test_database_url() -> str:
    """The test database as a DATABASE_URL for another process: it must see the committed test data."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def free_ports(count: int) -> list[int]:
    """Different free loopback ports; from WERKDRUK_TEST_PORTS ("8180-8199") where a shared machine
    asks for a range. All are held until all are found, so no two are the same."""
    low, _dash, high = os.environ.get("WERKDRUK_TEST_PORTS", "0-0").partition("-")
    candidates = range(int(low), int(high or low) + 1) if int(low) else [0] * count
    probes: list[socket.socket] = []
    try:
        for port in candidates:
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                probe.close()
                continue
            probes.append(probe)
            if len(probes) == count:
                return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()
    raise RuntimeError("geen vrije poorten")
