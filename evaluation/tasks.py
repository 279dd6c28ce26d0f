"""Step 5's Celery tasks: building a requested PDF report (the work is `reports.run`), and storing
the benchmark pool's percentiles when a voormeting closes (the work is `benchmark.refresh_pool`).

Acknowledged late (and rejected when the worker is lost, see settings), so a worker killed
halfway leaves the message on the queue for the next worker; `run` is idempotent.
A report that cannot be built as asked (ReportError) fails at once; anything else is
retried with backoff.
"""

from celery import shared_task

from projects import queue
from surveys.models import Wave, WaveKind

from . import benchmark, reports


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


@shared_task(bind=True, acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def refresh_benchmark_pool(self) -> int:
    """After a voormeting closes (wiring: `wave_closed`), and nightly (CELERY_BEAT_SCHEDULE) for
    waves that closed by their date. Returns the number of schools in the pool."""
    return benchmark.refresh_pool().schools


def pool_after_close(wave: Wave) -> None:
    """Listed in werkdruk/wegwijzer.py under `wave_closed`: a closed voormeting can change the pool.
    Without a broker the nightly run catches up."""
    if wave.kind == WaveKind.VOORMETING:
        queue.enqueue(refresh_benchmark_pool)
