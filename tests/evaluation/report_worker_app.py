"""The project's Celery app as the worker tests start it (`celery -A tests.evaluation.report_worker_app worker`).

Two test-only changes, both through the environment of the worker process:
- a short visibility timeout, so the message of a killed worker comes back in seconds
  instead of the production hour (kombu's Redis transport restores unacknowledged
  messages only after it);
- WERKDRUK_TEST_SLOW_BUILD=<seconds> makes each build wait first, so a test can kill
  the worker while the report is "bezig".
"""

import os
import time

from celery.signals import worker_ready

from werkdruk.celery import app

app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "visibility_timeout": int(os.environ.get("WERKDRUK_TEST_VISIBILITY_TIMEOUT", "3600")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

SLOW = float(os.environ.get("WERKDRUK_TEST_SLOW_BUILD", "0"))


@worker_ready.connect
def slow_down_builds(sender, **kwargs):
    """Patched once Django is set up in the worker, before it takes its first task."""
    if not SLOW:
        return
    from evaluation import reports

    build = reports.build_school_report

    def slow_build(cycle):
        time.sleep(SLOW)
        return build(cycle)

    reports.build_school_report = slow_build
