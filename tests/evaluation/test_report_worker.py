"""A real Celery worker process on Redis builds a report, also after a worker dies halfway.

Runs in CI's PostgreSQL + Redis run: the worker is a separate process and must see the
test database, which SQLite's in-memory test database cannot offer. On the embedded
SQLite run there is no broker to talk to, so these tests are skipped there (and only there).
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from evaluation import reports, tasks
from evaluation.models import Report, ReportStatus
from tests.evaluation.evaluation_data import answered_wave
from tests.factories import CycleFactory, SchoolFactory
from tests.processes import test_database_url

ON_SERVICES = (
    bool(os.environ.get("REDIS_URL")) and django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not ON_SERVICES, reason="needs REDIS_URL and PostgreSQL (the CI run on services)"),
    pytest.mark.django_db(transaction=True),
]

PROJECT_DIR = Path(__file__).resolve().parents[2]
_SUCCEEDED = re.compile(r"Task evaluation\.tasks\.build_report\[([0-9a-f-]+)\] succeeded")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def tasks_go_to_the_broker(monkeypatch):
    """The suite runs tasks eagerly; here they must travel through Redis to the worker process."""
    monkeypatch.setitem(tasks.build_report.app.conf, "task_always_eager", False)


@pytest.fixture
def queue():
    return f"werkdruk-test-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def start_worker(queue, media, tmp_path):
    """Start worker processes on a queue of their own, with the test database; stop them afterwards."""
    started: list[subprocess.Popen] = []

    def start(**env) -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(started)}.log", "w")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tests.evaluation.report_worker_app", "worker",
             "--pool=solo", "-c", "1", "-Q", queue, "-n", f"worker-{len(started)}@%h",
             "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel=INFO"],
            cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "DATABASE_URL": test_database_url(), "MEDIA_ROOT": str(media),
                 "WERKDRUK_TESTING": "1", "WERKDRUK_TEST_VISIBILITY_TIMEOUT": "3", **env},
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)


def wait_for(report: Report, statuses: set[str], timeout: float, tmp_path) -> Report:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(0.2)
    logs = "\n".join(path.read_text()[-3000:] for path in sorted(tmp_path.glob("worker-*.log")))
    pytest.fail(f"report stayed {report.status!r}; worker log:\n{logs}")


@pytest.fixture
def report(school, alice):
    cycle = school.project.current_cycle
    answered_wave(cycle, "voormeting", 14, seed=31)
    answered_wave(cycle, "nameting", 12, seed=32, lift=0.5)
    report, _ = reports.request_school_report(cycle, alice)
    return report


def test_a_worker_process_builds_the_report_from_start_to_finish(report, start_worker, queue, tmp_path):
    start_worker()
    tasks.build_report.apply_async(args=[report.pk], queue=queue)

    report = wait_for(report, {ReportStatus.READY, ReportStatus.FAILED}, 120, tmp_path)

    assert report.status == ReportStatus.READY, report.error
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(report.file.read())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "OBS De Linde" in text and "14 collega" in text and "12 aan de nameting" in text


def test_a_worker_killed_during_a_build_still_yields_the_report(report, start_worker, queue, tmp_path):
    doomed = start_worker(WERKDRUK_TEST_SLOW_BUILD="30")
    tasks.build_report.apply_async(args=[report.pk], queue=queue)
    wait_for(report, {ReportStatus.BUILDING}, 120, tmp_path)

    os.killpg(doomed.pid, signal.SIGKILL)  # no warm shutdown: the message is never acknowledged
    doomed.wait(timeout=10)
    report.refresh_from_db()
    assert report.status == ReportStatus.BUILDING

    start_worker()
    report = wait_for(report, {ReportStatus.READY, ReportStatus.FAILED}, 120, tmp_path)

    assert report.status == ReportStatus.READY, report.error
    assert report.attempts == 2
    assert report.file.read().startswith(b"%PDF")


def wait_until_ready(worker_logs: list[Path], timeout: float) -> None:
    """Both workers listen before the first task goes out, so neither gets the whole queue by starting first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(" ready." in path.read_text() for path in worker_logs):
            return
        time.sleep(0.3)
    pytest.fail("workers did not come up:\n" + "\n".join(path.read_text()[-2000:] for path in worker_logs))


def test_two_workers_build_twenty_different_reports_each_exactly_once(school, alice, start_worker, queue, media,
                                                                       tmp_path):
    """`attempts` counts the builds of a report. On a loaded machine a build outlasts the workers'
    3-second visibility timeout, so Redis hands some messages to the other worker as well."""
    cycles = [school.project.current_cycle] + [
        CycleFactory(project__school=SchoolFactory(name=f"School {n}", slug=f"school-{n}")) for n in range(19)]
    for n, cycle in enumerate(cycles):
        answered_wave(cycle, "voormeting", 10, seed=n)
    requested = [reports.request_school_report(cycle, alice)[0] for cycle in cycles]
    start_worker()
    start_worker()
    wait_until_ready(sorted(tmp_path.glob("worker-*.log")), 120)

    sent = {tasks.build_report.apply_async(args=[report.pk], queue=queue).id for report in requested}
    for report in requested:
        wait_for(report, {ReportStatus.READY, ReportStatus.FAILED}, 120, tmp_path)

    built = Report.objects.filter(pk__in=[report.pk for report in requested])
    assert sorted(built.values_list("status", "attempts")) == [(ReportStatus.READY, 1)] * 20
    assert len(list((media / "reports").glob("*.pdf"))) == 20
    succeeded = [_SUCCEEDED.findall(path.read_text()) for path in sorted(tmp_path.glob("worker-*.log"))]
    assert set(sum(succeeded, [])) == sent
    assert all(succeeded), "both workers took a share of the queue"


def test_a_task_handed_to_a_second_worker_during_its_build_is_not_built_again(report, start_worker, queue,
                                                                              tmp_path):
    start_worker(WERKDRUK_TEST_SLOW_BUILD="12")
    task = tasks.build_report.apply_async(args=[report.pk], queue=queue)
    wait_for(report, {ReportStatus.BUILDING}, 120, tmp_path)
    start_worker()  # the message comes back after 3 s unacknowledged, while the first is still building

    second_log = tmp_path / "worker-1.log"
    deadline = time.monotonic() + 120
    while task.id not in _SUCCEEDED.findall(second_log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert task.id in _SUCCEEDED.findall(second_log.read_text()), second_log.read_text()[-3000:]
    report = wait_for(report, {ReportStatus.READY, ReportStatus.FAILED}, 120, tmp_path)

    assert report.status == ReportStatus.READY, report.error
    assert report.attempts == 1
