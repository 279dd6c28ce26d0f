"""Faults of the real services (issue 9): Redis away, PostgreSQL connections dropped, a submission raced.

These run in CI's PostgreSQL + Redis run and are skipped on the embedded SQLite run, where
there is no broker, no Redis cache and no server-side database connection to lose.
Nothing here stops a shared server: "Redis down" points the broker and the cache of this
process at a closed (or silent) port on 127.0.0.1, and "PostgreSQL restarted" ends the test
database's connections with pg_terminate_backend, which is what a restart does to them.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from evaluation.models import Report, ReportStatus
from projects import queue, throttling
from projects.models import Membership
from projects.tasks import send_invitation
from surveys import answering
from surveys.models import Answer, Draft, Invitation, Response
from tests.evaluation.test_report_worker import test_database_url
from tests.surveys.survey_data import answer_everything, invitation, open_wave, questionnaire
from werkdruk.celery import app as celery_app

ON_SERVICES = (
    bool(os.environ.get("REDIS_URL")) and django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not ON_SERVICES, reason="needs REDIS_URL and PostgreSQL: faults of the real services "
                                               "(CI's PostgreSQL + Redis run); SQLite has no connection to lose"),
    pytest.mark.django_db(transaction=True),
]

PROJECT_DIR = Path(__file__).resolve().parents[1]
BOUND = 5.0  # seconds a page may take while Redis is away


# --- Redis away -----------------------------------------------------------------------------


def closed_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers: Redis hung, or a network that drops packets."""
    with closing(socket.socket()) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield listener.getsockname()[1]


def _drop_broker_connections() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_at(settings, monkeypatch):
    """`with redis_at(port):` points Celery's broker and Django's cache at that port; back afterwards."""
    # The throttles leave a failed cache alone for a while; the next test must find it trusted again.
    monkeypatch.setattr(throttling, "_cache_down_until", 0.0)

    @contextmanager
    def point(port: int):
        url = f"redis://127.0.0.1:{port}/0"
        saved_cache, saved_conf = settings.CACHES, {"broker_url": celery_app.conf.broker_url,
                                                    "task_always_eager": celery_app.conf.task_always_eager}
        celery_app.conf.update(broker_url=url, task_always_eager=False)
        _drop_broker_connections()
        settings.CACHES = {"default": {**saved_cache["default"], "LOCATION": url}}
        try:
            yield url
        finally:
            celery_app.conf.update(saved_conf)
            _drop_broker_connections()
            settings.CACHES = saved_cache
            throttling._cache_down_until = 0.0  # as when CACHE_RETRY_AFTER has passed

    return point


@contextmanager
def within(seconds: float):
    started = time.monotonic()
    yield
    took = time.monotonic() - started
    assert took < seconds, f"took {took:.1f} s"


def test_with_redis_down_a_teacher_still_answers_and_submits(school, redis_at):
    wave = open_wave(school)
    _invitation, token = invitation(wave)
    with redis_at(closed_port()), within(BOUND):
        answer_everything(Client(), wave, token)
    assert Response.objects.count() == 1
    assert Answer.objects.count() > 0


def test_with_redis_down_inviting_a_colleague_says_so_changes_nothing_and_works_later(client, alice, school, redis_at):
    client.force_login(alice)
    url = reverse("projects:team", kwargs={"school": school.slug})
    post = {"email": "nieuw@school.test", "role": "medewerker", "name": "Nina"}
    with redis_at(closed_port()), within(BOUND):
        response = client.post(url, post)
    assert response.status_code == 503
    assert "wachtrij voor e-mails en rapporten is nu niet bereikbaar" in response.text
    assert not get_user_model().objects.filter(email="nieuw@school.test").exists()

    response = client.post(url, post)  # Redis is back: the same form now goes through

    assert response.status_code == 302
    assert Membership.objects.filter(user__email="nieuw@school.test", school=school).count() == 1


def test_with_redis_down_survey_invitations_and_reminders_change_nothing(client, alice, school, redis_at):
    client.force_login(alice)
    wave = open_wave(school)
    waiting, _token = invitation(wave, "wacht@school.test")
    kwargs = {"school": school.slug, "wave": wave.pk}
    with redis_at(closed_port()):
        with within(BOUND):
            invited = client.post(reverse("surveys:invite", kwargs=kwargs), {"addresses": "an@school.test"})
        with within(BOUND):
            reminded = client.post(reverse("surveys:remind", kwargs=kwargs), follow=True)
    assert invited.status_code == 503
    assert "niet bereikbaar" in invited.text
    assert not Invitation.objects.filter(email="an@school.test").exists()
    assert "niet bereikbaar" in reminded.text
    unchanged = Invitation.objects.get(pk=waiting.pk)
    assert (unchanged.token_hash, unchanged.reminded_on) == (waiting.token_hash, None)  # the old link still works

    assert client.post(reverse("surveys:invite", kwargs=kwargs), {"addresses": "an@school.test"}).status_code == 302
    assert Invitation.objects.filter(email="an@school.test").exists()


def test_with_redis_down_a_report_request_fails_visibly_and_can_be_asked_again(client, alice, school, redis_at,
                                                                               monkeypatch):
    # The suite runs tasks eagerly; here the report must be queued on the real Redis once it is back.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    client.force_login(alice)
    url = reverse("evaluation:request_report", kwargs={"school": school.slug})
    with redis_at(closed_port()), within(BOUND):
        response = client.post(url, {"cyclus": "1"}, follow=True)
    report = Report.objects.get(school=school)
    assert report.status == ReportStatus.FAILED
    assert "de wachtrij is niet bereikbaar" in report.error
    assert "de wachtrij is niet bereikbaar" in response.text
    status_page = client.get(reverse("evaluation:report_status", kwargs={"school": school.slug, "report": report.pk}))
    assert "mislukt" in status_page.text and "Vraag het rapport opnieuw aan" in status_page.text

    client.post(url, {"cyclus": "1"})  # Redis is back

    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED and report.error == ""


def test_publishing_to_a_redis_that_does_not_answer_gives_up_in_bounded_time(client, alice, school, redis_at,
                                                                               silent_port):
    client.force_login(alice)
    with redis_at(silent_port):
        with within(BOUND):
            assert queue.enqueue(send_invitation, 1) is False
        with within(BOUND):
            response = client.post(reverse("projects:team", kwargs={"school": school.slug}),
                                   {"email": "nieuw@school.test", "role": "medewerker"})
    assert response.status_code == 503


@pytest.mark.parametrize("port", ["closed", "silent"])
def test_with_the_cache_down_log_in_and_survey_codes_still_work(port, alice, school, redis_at, silent_port):
    alice.set_password("goed-wachtwoord-42")
    alice.save()
    wave = open_wave(school)
    _slip, code = invitation(wave)  # a code from a paper slip
    with redis_at(closed_port() if port == "closed" else silent_port):
        with within(BOUND):
            wrong = Client().post(reverse("login"), {"username": "alice", "password": "fout"})
        with within(BOUND):
            right = Client().post(reverse("login"), {"username": "alice", "password": "goed-wachtwoord-42"})
        with within(BOUND):
            unknown = Client().post(reverse("surveys:code"), {"code": "ABCDEFGHJKMNPQRSTVWXYZ012345"})
        with within(BOUND):
            known = Client().post(reverse("surveys:code"), {"code": code})
    assert wrong.status_code == 200 and "wachtwoord" in wrong.text.lower()
    assert right.status_code == 302 and right["Location"] == reverse(django_settings.LOGIN_REDIRECT_URL)
    assert unknown.status_code == 200 and "Deze code kennen we niet" in unknown.text
    assert known.status_code == 302 and known["Location"] == reverse("surveys:intro")


def test_the_throttle_counts_again_once_the_cache_is_back(redis_at):
    guard = throttling.Throttle("fault-test", limit=2, window=60)
    with redis_at(closed_port()):
        assert guard.hit("sleutel") is False  # not counted, and not blocked: failing open
    guard.hit("sleutel")
    assert guard.hit("sleutel") is True


# --- PostgreSQL connections dropped during submissions --------------------------------------


class Teacher:
    """A browser of one teacher talking HTTP to the server: cookies kept, redirects not followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        with closing(http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)) as conn:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            text = response.read().decode()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return response.status, text

    def until_ok(self, path: str, expected: int, attempts: int = 50) -> None:
        """GET until the page comes (a dropped connection may refuse the first tries)."""
        for _attempt in range(attempts):
            status, text = self.request("GET", path)
            if status == expected:
                return
            assert status == 503 and "probeer het opnieuw" in text.lower(), (status, text[:300])
            time.sleep(0.05)
        pytest.fail(f"{path} never answered {expected}")

    def start(self, token: str) -> None:
        self.until_ok(reverse("surveys:enter", kwargs={"token": token}), 302)
        self.until_ok(reverse("surveys:review"), 200)

    def submit(self) -> str:
        """'thanks', 'try again' (the friendly 503), 'already' (stored by an earlier or parallel press), or
        'gone' (a parallel press had already finished and ended the survey session)."""
        status, text = self.request("POST", reverse("surveys:review"), {})
        if status == 302:
            return "thanks"
        if status == 503 and "probeer het opnieuw" in text.lower() and "Verstuur mijn antwoorden" in text:
            return "try again"
        # A link already used answers with the thank-you page: the answers were sent, whichever press sent them.
        if status == 410 and "Je antwoorden zijn verstuurd" in text:
            return "already"
        if status == 200 and "Open je persoonlijke link" in text:
            return "gone"
        raise AssertionError(f"unexpected answer {status}: {text[:500]}")


@pytest.fixture(scope="module")
def web_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """gunicorn as in production (gthread, persistent connections with health checks) on the test database."""
    with django_db_blocker.unblock():
        database_url = test_database_url()
    port = closed_port()
    log = tmp_path_factory.mktemp("gunicorn") / "gunicorn.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "werkdruk.wsgi:application"],
        cwd=PROJECT_DIR, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "DATABASE_URL": database_url, "WERKDRUK_TESTING": "1", "DATABASE_POOL": "0",
             "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4",
             "GUNICORN_LOGLEVEL": "warning", "GUNICORN_MAX_REQUESTS": "0"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Teacher(port).request("GET", "/healthz/")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.2)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


class ConnectionKiller(threading.Thread):
    """Ends every connection to the test database but the test's own, at once and then ten times a
    second, like restarts.

    Often enough that a good share of the submissions is caught halfway (one takes a few
    milliseconds), rare enough that others get through.
    """

    def __init__(self, database_url: str, spare_pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.database_url, self.spare_pid, self.every = database_url, spare_pid, every
        self.stopping = threading.Event()
        self.killed = 0

    def run(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as killer:
            while True:
                self.killed += killer.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
                    [self.spare_pid],
                ).fetchone()[0]
                if self.stopping.wait(self.every):
                    break

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)


def _waiting_teachers(school, count: int) -> tuple[list[str], int]:
    """Invitations whose drafts hold every answer, ready to submit; returns their tokens and the rows each gives."""
    wave = open_wave(school)
    q = questionnaire(wave)
    answers = {item["code"]: ("taker" if item["kind"] == "energy" else "4")
               for part in q.parts[1:] for item in part.items}
    tokens = []
    for _n in range(count):
        invited, token = invitation(wave)
        Draft.objects.create(invitation=invited, answers=answers, department="bovenbouw", section=q.total + 1)
        tokens.append(token)
    return tokens, len(q.answer_rows(answers))


def _assert_whole_responses(rows_each: int) -> None:
    per_response = Counter(Answer.objects.values_list("response_id", flat=True))
    assert all(per_response[pk] == rows_each for pk in Response.objects.values_list("pk", flat=True))
    assert Invitation.objects.filter(used=True).count() == Response.objects.count()
    assert not Draft.objects.filter(invitation__used=True).exists()


def test_connections_dropped_during_submissions_lose_no_acknowledged_answer_and_store_no_half(school, web_server):
    tokens, rows_each = _waiting_teachers(school, 40)
    teachers = [Teacher(web_server) for _token in tokens]
    with ThreadPoolExecutor(10) as pool:
        list(pool.map(Teacher.start, teachers, tokens))

    connection.ensure_connection()
    killer = ConnectionKiller(test_database_url(), spare_pid=connection.connection.info.backend_pid)
    killer.start()
    try:
        with ThreadPoolExecutor(10) as pool:
            first = list(pool.map(Teacher.submit, teachers))
    finally:
        killer.stop()

    connection.close()
    outcome = Counter(first)
    assert killer.killed > 0
    assert outcome["try again"] > 0, f"no submission was hit; make the killer faster ({outcome})"
    stored = Response.objects.count()
    # Acknowledged means stored. A try-again may have been stored too, when only the answer to the
    # COMMIT was lost: pressing the button again then says it was received, as below.
    assert outcome["thanks"] <= stored <= outcome["thanks"] + outcome["try again"]
    _assert_whole_responses(rows_each)

    again = Counter(teacher.submit() for teacher, result in zip(teachers, first, strict=True) if result == "try again")

    assert again["try again"] == 0  # the server connected again by itself
    assert again["thanks"] + again["already"] == outcome["try again"]
    assert Response.objects.count() == len(tokens)
    _assert_whole_responses(rows_each)


# --- The same submission twice at once --------------------------------------------------------


def test_the_same_submission_posted_twice_at_once_stores_one_response(school, web_server):
    tokens, rows_each = _waiting_teachers(school, 8)
    results = []
    for token in tokens:
        teacher = Teacher(web_server)
        teacher.start(token)
        barrier = threading.Barrier(2)

        def press(teacher=teacher, barrier=barrier):
            barrier.wait(timeout=10)
            return teacher.submit()

        with ThreadPoolExecutor(2) as pool:
            results.append(sorted(pool.map(lambda _n: press(), range(2))))

    assert all(pair[1] == "thanks" and pair[0] in {"already", "gone"} for pair in results), results
    assert Response.objects.count() == len(tokens)
    _assert_whole_responses(rows_each)


def test_the_domain_submits_one_invitation_once_however_many_race(school):
    tokens, rows_each = _waiting_teachers(school, 1)
    invited = Invitation.objects.get()
    racers = 8
    barrier = threading.Barrier(racers)

    def race(_n):
        try:
            barrier.wait(timeout=10)
            answering.submit(invited.pk)
            return "stored"
        except answering.Refused as refused:
            return refused.reason
        finally:
            connection.close()

    with ThreadPoolExecutor(racers) as pool:
        outcome = Counter(pool.map(race, range(racers)))

    assert outcome == {"stored": 1, "used": racers - 1}
    assert Response.objects.count() == 1
    _assert_whole_responses(rows_each)
