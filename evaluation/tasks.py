"""The Celery task that builds a requested PDF report. Thin: the work is `reports.run`.

Acknowledged late (and rejected when the worker is lost, see settings), so a worker killed
halfway leaves the message on the queue for the next worker; `run` is idempotent.
A report that cannot be built as asked (ReportError) fails at once; anything else is
retried with backoff.
"""

from celery import shared_task

from . import reports


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    dont_autoretry_for=(reports.ReportError,),
    retry_backoff=True,
    max_retries=3,
)
def build_report(self, report_id: int) -> None:
    reports.run(report_id)
