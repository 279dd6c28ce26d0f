"""The load generator: virtual teachers over HTTP/1.1, in a process of its own.

    python -m benchmarks.loadgen SPEC.json RESULT.json

SPEC holds the base URL (loopback only), the scenario, the number of concurrent virtual
users, a time limit and a request limit, and the survey tokens to use. Every virtual
teacher keeps its own cookies, reads the CSRF token from the form it posts, and stops by
itself: no loop runs past its time or request budget.

Scenarios:
- ``baseline``: GET one path (the bare view) over and over.
- ``section``: each teacher opens a link once, then fetches a survey section page over and over.
- ``submit``: each teacher's draft is complete; open the link and the review page first
  (not counted), then all post their submission as fast as the server takes them.
- ``walk``: the whole survey: open the link, the intro, every section fetched and posted,
  the review page, submit; then the next link, until the time is up.
- ``open``: an open loop. Requests start at a fixed rate (Poisson arrivals, ``rate`` per second),
  whatever the server's speed: each arrival is the next step of a teacher who has finished
  thinking (``think_s``, uniform from half to one and a half times it), or a new teacher opening a
  link when nobody is ready. A slow server therefore builds a queue instead of slowing the
  arrivals down, as real teachers do. ``base_urls`` spreads the requests over several nodes
  (each request to the next node: a draft saved through one node resumes through another), and
  the summary reports per node too.
"""

from __future__ import annotations

import asyncio
import html
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from .figures import percentile

ENTER = "/v/{token}/"
INTRO = "/vragenlijst/invullen/"
PART = "/vragenlijst/invullen/deel/{number}/"
REVIEW = "/vragenlijst/invullen/controleren/"
THANKS = "/vragenlijst/bedankt/"

_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
_PART_NUMBER = re.compile(r"/deel/(\d+)/$")


class Failed(Exception):
    """A response the virtual teacher did not expect; the walk stops there."""


def form_fields(page: str) -> tuple[str, dict[str, list[str]]]:
    """The CSRF token and, per radio group, the values one could choose."""
    csrf = ""
    radios: dict[str, list[str]] = defaultdict(list)
    for tag in _INPUT.findall(page):
        attributes = dict(_ATTRIBUTE.findall(tag))
        name = html.unescape(attributes.get("name", ""))
        value = html.unescape(attributes.get("value", ""))
        if name == "csrfmiddlewaretoken":
            csrf = value
        elif attributes.get("type") == "radio" and name:
            radios[name].append(value)
    return csrf, dict(radios)


def require_loopback(base_url: str) -> None:
    host = urlsplit(base_url).hostname or ""
    if host != "localhost" and not ip_address(host).is_loopback:
        raise SystemExit(f"de belastingtest stuurt alleen verkeer naar loopback, niet naar {host}")


@dataclass
class Recorder:
    deadline: float
    max_requests: int
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    requests: int = 0
    acknowledged: int = 0
    walks: int = 0
    nodes: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    node_errors: Counter = field(default_factory=Counter)
    skipped: int = 0  # open loop: arrivals without a link left to open

    @property
    def exhausted(self) -> bool:
        return self.requests >= self.max_requests or time.monotonic() >= self.deadline


class Teacher:
    """One browser: its own cookie jar, following the survey as a person would."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str, recorder: Recorder, rng: random.Random):
        self.session = session
        self.base_url = base_url
        self.recorder = recorder
        self.rng = rng
        self.cookies: dict[str, str] = {}

    async def request(self, step: str, method: str, path: str, expect: int, data: dict | None = None,
                      referer: str = "") -> tuple[str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        if referer:
            headers["Referer"] = self.base_url + referer
        self.recorder.requests += 1
        started = time.perf_counter()
        try:
            async with self.session.request(method, self.base_url + path, data=data, headers=headers,
                                            allow_redirects=False) as response:
                body = await response.text()
                status, location = response.status, response.headers.get("Location", "")
                for name, morsel in response.cookies.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        except (aiohttp.ClientError, TimeoutError) as error:
            self.recorder.errors[f"{step}: {type(error).__name__}"] += 1
            self.recorder.node_errors[self.base_url] += 1
            raise Failed(step) from error
        elapsed_ms = (time.perf_counter() - started) * 1000
        self.recorder.latencies[step].append(elapsed_ms)
        self.recorder.nodes[self.base_url].append(elapsed_ms)
        if status != expect:
            self.recorder.errors[f"{step}: HTTP {status}"] += 1
            self.recorder.node_errors[self.base_url] += 1
            raise Failed(step)
        return body, location

    async def open_link(self, token: str) -> None:
        _body, location = await self.request("link openen", "GET", ENTER.format(token=token), 302)
        if not location.endswith(INTRO):
            self.recorder.errors["link openen: verkeerde doorverwijzing"] += 1
            raise Failed("link openen")

    async def fill_in(self) -> None:
        """Intro, then every part: fetch, choose an answer per question, post and follow on."""
        await self.request("intro", "GET", INTRO, 200)
        path = PART.format(number=1)
        while _PART_NUMBER.search(path):
            page, _location = await self.request("deel tonen", "GET", path, 200)
            csrf, radios = form_fields(page)
            data = {name: self.rng.choice(values) for name, values in radios.items()}
            data |= {"csrfmiddlewaretoken": csrf, "action": "next"}
            _body, path = await self.request("deel opslaan", "POST", path, 302, data=data, referer=path)
            path = urlsplit(path).path

    async def review(self) -> str:
        page, _location = await self.request("controleren", "GET", REVIEW, 200)
        csrf, _radios = form_fields(page)
        return csrf

    async def submit(self, csrf: str) -> None:
        _body, location = await self.request("insturen", "POST", REVIEW, 302,
                                             data={"csrfmiddlewaretoken": csrf}, referer=REVIEW)
        if not location.endswith(THANKS):
            self.recorder.errors["insturen: verkeerde doorverwijzing"] += 1
            raise Failed("insturen")
        self.recorder.acknowledged += 1


# --- scenarios ---------------------------------------------------------------------------------


async def baseline(spec: dict, session, recorder: Recorder, rng: random.Random) -> float:
    async def user() -> None:
        teacher = Teacher(session, spec["base_url"], recorder, rng)
        while not recorder.exhausted:
            try:
                await teacher.request("kale view", "GET", spec.get("path", "/healthz/"), 200)
            except Failed:
                pass

    return await _timed(user() for _ in range(spec["concurrency"]))


async def section(spec: dict, session, recorder: Recorder, rng: random.Random) -> float:
    teachers = [Teacher(session, spec["base_url"], recorder, rng) for _ in range(spec["concurrency"])]
    await asyncio.gather(*(t.open_link(token) for t, token in zip(teachers, spec["tokens"], strict=False)))
    path = PART.format(number=spec.get("part", 2))
    recorder.deadline = time.monotonic() + spec["duration"]

    async def user(teacher: Teacher) -> None:
        while not recorder.exhausted:
            try:
                await teacher.request("deel tonen", "GET", path, 200)
            except Failed:
                pass

    return await _timed(user(teacher) for teacher in teachers)


async def submit(spec: dict, session, recorder: Recorder, rng: random.Random) -> float:
    queue = list(spec["tokens"])
    ready: list[tuple[Teacher, str]] = []

    async def prepare() -> None:
        while queue:
            teacher = Teacher(session, spec["base_url"], recorder, rng)
            try:
                await teacher.open_link(queue.pop())
                ready.append((teacher, await teacher.review()))
            except Failed:
                pass

    await asyncio.gather(*(prepare() for _ in range(spec["concurrency"])))
    recorder.deadline = time.monotonic() + spec["duration"]

    async def user() -> None:
        while ready and not recorder.exhausted:
            teacher, csrf = ready.pop()
            try:
                await teacher.submit(csrf)
            except Failed:
                pass

    return await _timed(user() for _ in range(spec["concurrency"]))


async def walk(spec: dict, session, recorder: Recorder, rng: random.Random) -> float:
    queue = list(spec["tokens"])

    async def user() -> None:
        while queue and not recorder.exhausted:
            teacher = Teacher(session, spec["base_url"], recorder, rng)
            try:
                await teacher.open_link(queue.pop())
                await teacher.fill_in()
                await teacher.submit(await teacher.review())
                recorder.walks += 1
            except Failed:
                pass

    return await _timed(user() for _ in range(spec["concurrency"]))


class TimeUp(Exception):
    """The run's arrivals are over: a teacher waiting for its next turn stops there."""


class Arrivals:
    """Hands out the moments at which requests start: Poisson arrivals at `rate` per second."""

    def __init__(self, rate: float, duration: float, rng: random.Random):
        self.rate, self.duration, self.rng = rate, duration, rng
        self.ready: deque[asyncio.Future] = deque()
        self.over = False

    async def turn(self) -> None:
        """Wait for the next arrival; a teacher calls this when it has finished thinking."""
        if self.over:
            raise TimeUp
        future = asyncio.get_running_loop().create_future()
        self.ready.append(future)
        await future

    async def run(self, start_new) -> None:
        """Until the time is up: each arrival goes to a waiting teacher, or starts a new one."""
        started = time.monotonic()
        due = started
        while True:
            due += self.rng.expovariate(self.rate)
            if due - started >= self.duration:
                break
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            while self.ready and self.ready[0].done():
                self.ready.popleft()
            if self.ready:
                self.ready.popleft().set_result(None)
            else:
                start_new()
        self.over = True
        for future in self.ready:
            if not future.done():
                future.set_exception(TimeUp())


class PacedTeacher(Teacher):
    """A teacher in the open loop: thinks after every response, then waits for an arrival."""

    def __init__(self, session, base_urls: list[str], recorder: Recorder, rng: random.Random,
                 arrivals: Arrivals, think_s: float, first_node: int):
        super().__init__(session, base_urls[first_node % len(base_urls)], recorder, rng)
        self.base_urls, self.arrivals, self.think_s = base_urls, arrivals, think_s
        self.node = first_node
        self.started = False

    async def request(self, step, method, path, expect, data=None, referer=""):
        if self.started:
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.think_s)
            await self.arrivals.turn()
        self.started = True
        self.base_url = self.base_urls[self.node % len(self.base_urls)]
        self.node += 1
        return await super().request(step, method, path, expect, data=data, referer=referer)


async def open_loop(spec: dict, session, recorder: Recorder, rng: random.Random) -> float:
    arrivals = Arrivals(spec["rate"], spec["duration"], rng)
    tokens = list(spec["tokens"])
    base_urls = spec.get("base_urls") or [spec["base_url"]]
    walking: set[asyncio.Task] = set()

    async def teacher_walks(teacher: PacedTeacher, token: str) -> None:
        try:
            await teacher.open_link(token)
            await teacher.fill_in()
            await teacher.submit(await teacher.review())
            recorder.walks += 1
        except (Failed, TimeUp):
            pass

    def start_new() -> None:
        if not tokens:
            recorder.skipped += 1  # the benchmark's links ran out, not the server
            return
        teacher = PacedTeacher(session, base_urls, recorder, rng, arrivals, spec.get("think_s", 1.0),
                               first_node=len(walking))
        task = asyncio.create_task(teacher_walks(teacher, tokens.pop()))
        walking.add(task)

    started = time.perf_counter()
    await arrivals.run(start_new)
    elapsed = time.perf_counter() - started
    # Requests still on their way get the grace time to finish; teachers waiting for a turn stop.
    _done, pending = await asyncio.wait(walking, timeout=spec.get("drain", 30)) if walking else (set(), set())
    for task in pending:
        task.cancel()
    if pending:
        recorder.errors["geen antwoord binnen de wachttijd"] += len(pending)
    return elapsed


async def _timed(users) -> float:
    started = time.perf_counter()
    await asyncio.gather(*users)
    return time.perf_counter() - started


SCENARIOS = {"baseline": baseline, "section": section, "submit": submit, "walk": walk, "open": open_loop}


async def run(spec: dict) -> dict:
    for base_url in spec.get("base_urls") or [spec["base_url"]]:
        require_loopback(base_url)
    recorder = Recorder(deadline=time.monotonic() + spec["duration"], max_requests=spec.get("max_requests", 1_000_000))
    timeout = aiohttp.ClientTimeout(total=spec.get("timeout", 30))
    # The open loop has no fixed number of users: as many connections as requests in flight.
    connector = aiohttp.TCPConnector(limit=spec.get("concurrency", 0), force_close=False)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar()) as session:
        scenario = SCENARIOS[spec["scenario"]](spec, session, recorder, random.Random(spec.get("seed", 8)))
        # A hard stop well past the budget: a hung server never keeps the benchmark waiting.
        elapsed = await asyncio.wait_for(scenario, timeout=spec["duration"] + spec.get("grace", 120))
    return summarise(recorder, elapsed)


def summarise(recorder: Recorder, elapsed: float) -> dict:
    measured = sum(len(values) for values in recorder.latencies.values())
    return {
        "elapsed": elapsed,
        "requests": recorder.requests,
        "rps": measured / elapsed if elapsed else 0.0,
        "errors": sum(recorder.errors.values()),
        "error_kinds": dict(recorder.errors),
        "acknowledged": recorder.acknowledged,
        "walks": recorder.walks,
        "skipped": recorder.skipped,
        "nodes": {
            node: {"count": len(values), "errors": recorder.node_errors[node], "p50": percentile(values, 50),
                   "p95": percentile(values, 95), "p99": percentile(values, 99)}
            for node, values in recorder.nodes.items()
        },
        "steps": {
            step: {
                "count": len(values),
                "rps": len(values) / elapsed if elapsed else 0.0,
                "p50": percentile(values, 50),
                "p95": percentile(values, 95),
                "p99": percentile(values, 99),
            }
            for step, values in recorder.latencies.items()
        },
    }


def main(argv: list[str]) -> None:
    spec_path, result_path = argv
    spec = json.loads(Path(spec_path).read_text())
    Path(result_path).write_text(json.dumps(asyncio.run(run(spec))))


if __name__ == "__main__":
    main(sys.argv[1:])
