"""Handing work to Celery without letting an unreachable broker hang or break a request.

Publishing is bounded by the settings: CELERY_BROKER_CONNECTION_TIMEOUT, the transport's socket
timeouts and CELERY_TASK_PUBLISH_RETRY_POLICY give up after about two seconds when Redis is away
or does not answer (tests/test_faults.py measures it). What then happens depends on the work:

- `available()` comes first where a failed send would leave something half done: an account or
  survey invitation whose e-mail never goes, or reminders whose new links replace the old ones
  but never arrive. Nothing is changed, and the person reads UNREACHABLE and tries again later.
- `enqueue_on_commit(..., on_failure=...)` records the failure where the page shows it: a report
  becomes "mislukt" with its reason, and can be requested again.
"""

import logging
from collections.abc import Callable

from celery import Task, current_app
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

UNREACHABLE = _(
    "De wachtrij voor e-mails en rapporten is nu niet bereikbaar, dus er is niets verstuurd en niets "
    "veranderd. Probeer het over een paar minuten opnieuw."
)
REPORT_UNREACHABLE = _(
    "Het rapport kon niet in de wachtrij: de wachtrij is niet bereikbaar. Vraag het over een paar "
    "minuten opnieuw aan."
)


def available() -> bool:
    """Whether the broker answers now (always, when tasks run in the web process)."""
    app = current_app
    if app.conf.task_always_eager:
        return True
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=app.conf.broker_connection_timeout)
    except (OperationalError, OSError) as error:
        logger.warning("De Celery-broker is niet bereikbaar: %s", error)
        return False
    return True


def enqueue(task: Task, *args) -> bool:
    """Publish the task; False, with a warning in the log, when the broker cannot be reached in time."""
    try:
        task.delay(*args)
    except OperationalError as error:
        logger.warning("Taak %s niet in de wachtrij gezet: %s", task.name, error)
        return False
    return True


def enqueue_on_commit(task: Task, *args, on_failure: Callable[[], None] | None = None, robust: bool = False) -> None:
    """Publish once the transaction commits, so the worker finds the rows; `on_failure` if it cannot."""

    def send() -> None:
        if not enqueue(task, *args) and on_failure is not None:
            on_failure()

    transaction.on_commit(send, robust=robust)
