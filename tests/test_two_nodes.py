"""Two web nodes, one database: what one gunicorn saved, the other shows, and what two ask at once is done once.

Two gunicorn processes (gunicorn.conf.py) on different ports against the test database, as two
web machines behind a load balancer without sticky sessions. Runs in CI's PostgreSQL + Redis run:
the nodes are separate processes and must see the committed test data (transactional_db), which
SQLite's in-memory test database cannot offer.
"""

import html
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from actionplans.models import Idea
from benchmarks.loadgen import form_fields
from evaluation.models import Report, ReportStatus
from surveys.models import Draft, Invitation
from tests.actionplans.factories import BrainstormFactory, top_five
from tests.evaluation.evaluation_data import answered_wave
from tests.factories import UserFactory
from tests.processes import free_ports, test_database_url
from tests.surveys.survey_data import open_wave

ON_SERVICES = (
    bool(os.environ.get("REDIS_URL")) and django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
)

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not ON_SERVICES, reason="needs REDIS_URL and PostgreSQL (the CI run on services)"),
    pytest.mark.django_db(transaction=True),
]

PROJECT_DIR = Path(__file__).resolve().parents[1]
PART = "/vragenlijst/invullen/deel/2/"
_CHECKED = re.compile(r'<input\b[^>]*\bchecked\b[^>]*>')


def start_node(tmp_path, name: str, port: int) -> tuple[subprocess.Popen, str]:
    """A node builds reports itself (tasks run eagerly under WERKDRUK_TESTING), into a media folder both share."""
    log = open(tmp_path / f"{name}.log", "w")
    node = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "werkdruk.wsgi"],
        cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "DATABASE_URL": test_database_url(), "WERKDRUK_TESTING": "1",
             "SECRET_KEY": "two-nodes-share-one-secret-key-as-machines-behind-a-balancer-do",
             "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2",
             "GUNICORN_LOGLEVEL": "warning", "MEDIA_ROOT": str(tmp_path / "media")},
    )
    return node, f"http://127.0.0.1:{port}"


def wait_until_up(node: subprocess.Popen, url: str, tmp_path, name: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if node.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url + "/healthz/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{name} kwam niet op:\n{(tmp_path / f'{name}.log').read_text()[-3000:]}")


@pytest.fixture(scope="module")
def two_nodes(django_db_setup, tmp_path_factory):
    """Started once for the module: the nodes hold no state of their own, only connections."""
    tmp_path = tmp_path_factory.mktemp("nodes")
    ports = free_ports(2)
    started = {name: start_node(tmp_path, name, port) for name, port in zip(("node-a", "node-b"), ports, strict=True)}
    try:
        for name, (node, url) in started.items():
            wait_until_up(node, url, tmp_path, name)
        yield [url for _node, url in started.values()]
    finally:
        for node, _url in started.values():
            if node.poll() is None:
                os.killpg(node.pid, signal.SIGTERM)
                try:
                    node.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(node.pid, signal.SIGKILL)


def checked(page: str) -> dict[str, str]:
    """The radio buttons a page shows as chosen: name -> value."""
    chosen = {}
    for tag in _CHECKED.findall(page):
        attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        chosen[html.unescape(attributes.get("name", ""))] = html.unescape(attributes.get("value", ""))
    return chosen


def browser_session():
    """One browser: its cookies (the session, the CSRF cookie) go to whichever node answers."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def post(browser, url: str, fields: dict, *, form_on: str = "") -> tuple[int, str, str]:
    """Post the form of `form_on` (by default the page at `url` itself) to `url`."""
    csrf, _radios = form_fields(browser.open(form_on or url, timeout=30).read().decode())
    return send(browser, url, {**fields, "csrfmiddlewaretoken": csrf})


def send(browser, url: str, fields: dict) -> tuple[int, str, str]:
    body = urllib.parse.urlencode(fields).encode()
    response = browser.open(urllib.request.Request(url, data=body, headers={"Referer": url}), timeout=60)
    return response.status, response.url, response.read().decode()


def log_in(browser, node: str, username: str) -> None:
    _status, url, _page = post(browser, node + reverse("login"), {"username": username,
                                                                   "password": "geheim-wachtwoord-123"})
    assert not url.endswith(reverse("login")), f"{username} kwam niet binnen via {node}"


def test_failed_log_ins_through_both_nodes_count_towards_one_lock(two_nodes):
    node_a, node_b = two_nodes
    cache.clear()
    UserFactory(username="anna")  # password geheim-wachtwoord-123
    browser = browser_session()
    login = reverse("login")
    for attempt in range(99):  # the limit is 100 failures an hour (projects/throttling.py, LOGIN)
        node = (node_a, node_b)[attempt % 2]
        _status, _url, page = post(browser, node + login, {"username": "anna", "password": "fout"})
        assert "Te veel mislukte pogingen" not in page

    _status, _url, page = post(browser, node_b + login, {"username": "anna", "password": "fout"})
    assert "Te veel mislukte pogingen voor dit account" in page
    _status, url, page = post(browser, node_a + login, {"username": "anna", "password": "geheim-wachtwoord-123"})
    assert url.endswith(login) and "Te veel mislukte pogingen voor dit account" in page
    cache.clear()


def test_a_draft_saved_through_one_node_resumes_through_the_other(two_nodes, school):
    node_a, node_b = two_nodes
    wave = open_wave(school)
    invitation, token = Invitation.create_for(wave, "")
    browser = browser_session()

    browser.open(f"{node_a}/v/{token}/", timeout=30).read()
    csrf, radios = form_fields(browser.open(node_a + PART, timeout=30).read().decode())
    answers = {name: values[-1] for name, values in radios.items()}
    body = urllib.parse.urlencode({**answers, "csrfmiddlewaretoken": csrf, "action": "next"}).encode()
    saved = browser.open(urllib.request.Request(node_a + PART, data=body, headers={"Referer": node_a + PART}),
                         timeout=30)
    assert saved.status == 200 and saved.url.endswith("/deel/3/")

    resumed = browser.open(node_b + PART, timeout=30).read().decode()

    assert answers and checked(resumed) == answers
    assert set(Draft.objects.get(invitation=invitation).answers) == {name.removeprefix("q-") for name in answers}


def test_a_vote_through_one_node_shows_on_the_presenter_screen_of_the_other(two_nodes, school, alice):
    node_a, node_b = two_nodes
    cycle = school.project.current_cycle
    bottleneck = top_five(cycle, 1)[0]
    session = BrainstormFactory(cycle=cycle, votes_per_device=2)
    idea = Idea.objects.create(brainstorm=session, bottleneck=bottleneck, group="onderbouw", text="Takenmarkt")
    session.start_voting()
    presenter = browser_session()
    log_in(presenter, node_b, "alice")
    live = node_b + reverse("actionplans:brainstorm_presenter", kwargs={"school": school.slug, "pk": session.pk})

    def poll() -> str:  # what the presenter's screen fetches every two seconds
        return presenter.open(urllib.request.Request(live, headers={"HX-Request": "true"}), timeout=30).read().decode()

    assert 'data-testid="votes">0<' in poll()

    phone = browser_session()
    join = node_a + reverse("actionplans:join_session", kwargs={"code": session.code})
    _status, url, ballot = post(phone, join, {"group": "onderbouw"})
    assert url == join and "Takenmarkt" in ballot
    vote = node_a + reverse("actionplans:join_vote", kwargs={"code": session.code, "idea": idea.pk})
    status, _url, _page = post(phone, vote, {}, form_on=join)
    assert status == 200

    screen = poll()
    assert 'data-testid="votes">1<' in screen and "<html" not in screen
    assert re.search(r'<span class="ranking__count">1</span> Takenmarkt', screen)


@pytest.mark.parametrize("built_before", [False, True], ids=["first-request", "asked-again"])
def test_one_report_requested_through_both_nodes_at_once_is_built_once(two_nodes, school, alice, sam, built_before):
    node_a, node_b = two_nodes
    cycle = school.project.current_cycle
    answered_wave(cycle, "voormeting", 14, seed=31)
    answered_wave(cycle, "nameting", 12, seed=32, lift=0.5)
    if built_before:
        Report.objects.create(kind="school", school=school, cycle=cycle, status=ReportStatus.READY, attempts=1,
                              requested_at=timezone.now() - timedelta(hours=1), finished_at=timezone.now())
    page = reverse("evaluation:evaluation", kwargs={"school": school.slug}) + f"?cyclus={cycle.number}"
    ask = reverse("evaluation:request_report", kwargs={"school": school.slug})
    people = []
    for username, node in (("alice", node_a), ("sam", node_b)):
        browser = browser_session()
        log_in(browser, node, username)
        csrf, _radios = form_fields(browser.open(node + page, timeout=30).read().decode())
        people.append((browser, node, csrf))
    together = threading.Barrier(len(people))

    def click(browser, node: str, csrf: str) -> int:
        together.wait(timeout=30)
        status, _url, _page = send(browser, node + ask, {"cyclus": cycle.number, "csrfmiddlewaretoken": csrf})
        return status

    with ThreadPoolExecutor(len(people)) as pool:
        statuses = list(pool.map(lambda person: click(*person), people))

    assert statuses == [200, 200]
    report = Report.objects.get(school=school, cycle=cycle)
    assert report.status == ReportStatus.READY, report.error
    assert report.attempts == (2 if built_before else 1)
