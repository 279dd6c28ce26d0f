"""The production-like stack a benchmark runs against, on this machine and on loopback only.

PostgreSQL and Redis are checked and, where not running, started the way `.ci/run` starts
them (and stopped again afterwards). The benchmark gets its own database, `werkdruk_bench`,
created and migrated at the start and dropped at the end. Gunicorn runs with the project's
own `gunicorn.conf.py` on a free loopback port, next to one Celery worker.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_HOST = "127.0.0.1"
DB_NAME = os.environ.get("BENCH_DB", "werkdruk_bench")
DATABASE_URL = f"postgres://postgres@{PG_HOST}:5432/{DB_NAME}"
# A Redis database of its own, so the benchmark never flushes or fills the others' keys.
REDIS_URL = "redis://127.0.0.1:6379/14"
# A streaming standby of the same PostgreSQL (`.ci/standby start`), for the figures read from a replica.
REPLICA_PORT = int(os.environ.get("BENCH_REPLICA_PORT", "5433"))
WORK_DIR = Path(os.environ.get("BENCH_WORK_DIR", "/tmp/werkdruk-bench"))


_STARTED = time.monotonic()


def say(line: str) -> None:
    print(f"[bench +{time.monotonic() - _STARTED:.0f}s] {line}", flush=True)


def run(args: list[str], env: dict | None = None, check: bool = True,
        quiet: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, check=check, cwd=ROOT, text=True, capture_output=quiet)


# --- PostgreSQL and Redis ---------------------------------------------------------------


def postgres_ready() -> bool:
    return run(["pg_isready", "-q", "-h", PG_HOST], check=False).returncode == 0


def redis_ready() -> bool:
    result = run(["redis-cli", "-h", "127.0.0.1", "ping"], check=False)
    return result.stdout.strip() == "PONG"


def _wait(ready, what: str, seconds: int = 30) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} antwoordt niet na {seconds} s")
        time.sleep(0.5)


@contextmanager
def services():
    """PostgreSQL and Redis up for the duration; whichever this started is stopped again."""
    started_postgres = started_redis = False
    cluster = ""
    if not postgres_ready():
        cluster = sorted(os.listdir("/etc/postgresql"))[-1]
        say(f"PostgreSQL {cluster} starten")
        run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "start"])
        started_postgres = True
    if not redis_ready():
        say("Redis starten")
        Path("/var/lib/redis").mkdir(parents=True, exist_ok=True)
        Path("/var/log/redis").mkdir(parents=True, exist_ok=True)
        run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
             "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/bench.log"])
        started_redis = True
    try:
        _wait(postgres_ready, "PostgreSQL")
        _wait(redis_ready, "Redis")
        yield
    finally:
        if started_redis:
            run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], check=False)
        if started_postgres:
            run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "stop"], check=False)


def psql(sql: str, database: str = "postgres") -> str:
    result = run(["psql", "-h", PG_HOST, "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-tAc", sql])
    return result.stdout.strip()


@contextmanager
def bench_database(env: dict):
    """A fresh, migrated `werkdruk_bench`, dropped afterwards (BENCH_KEEP_DB=1 keeps it to look into).

    Migrating from nothing takes half a minute, so the migrated, empty database is kept as a
    template named after the migrations it ran (`werkdruk_bench_tpl_<hash>`); a run with the
    same migrations copies it in a second. BENCH_FRESH=1 migrates from nothing regardless.
    """
    template = f"{DB_NAME}_tpl_{migrations_hash()}"
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    have_template = template in psql("SELECT datname FROM pg_database").split()
    if have_template and os.environ.get("BENCH_FRESH") != "1":
        say(f"database {DB_NAME} uit de gemigreerde sjabloondatabase")
        psql(f"CREATE DATABASE {DB_NAME} TEMPLATE {template}")
    else:
        psql(f"CREATE DATABASE {DB_NAME}")
        say(f"database {DB_NAME} migreren")
        run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env=env)
        for old in psql(f"SELECT datname FROM pg_database WHERE datname LIKE '{DB_NAME}_tpl_%'").split():
            psql(f"DROP DATABASE IF EXISTS {old} WITH (FORCE)")
        psql(f"CREATE DATABASE {template} TEMPLATE {DB_NAME}")
    try:
        yield
    finally:
        if os.environ.get("BENCH_KEEP_DB") != "1":
            psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def migrations_hash() -> str:
    """Of every migration file and the Django version: what decides the migrated schema."""
    import django

    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- the application's environment --------------------------------------------------------


def app_environment(port: int) -> dict:
    """Production settings (DEBUG off) against the bench database, reachable over plain HTTP on loopback."""
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "WERKDRUK_TESTING")}
    env.update({
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        # testserver: the in-process measurements use Django's test client.
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        # No TLS proxy in front on loopback; everything else stays as in production.
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "MEDIA_ROOT": str(WORK_DIR / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOGLEVEL": "warning",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def free_port() -> int:
    """A free loopback port; from BENCH_PORTS (e.g. "8180-8199") when a shared machine asks for a range."""
    low, _dash, high = os.environ.get("BENCH_PORTS", "0-0").partition("-")
    for port in range(int(low), int(high or low) + 1):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return probe.getsockname()[1]
    raise RuntimeError(f"geen vrije poort in BENCH_PORTS={os.environ['BENCH_PORTS']}")


def collect_static(env: dict) -> None:
    """The hashed, compressed static files production serves; kept between runs
    (collectstatic skips what is unchanged)."""
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env)


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self, grace: float = 20) -> None:
        if self.popen.poll() is not None:
            return
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(timeout=5)

    def tail(self, lines: int = 20) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


def start(name: str, args: list[str], env: dict) -> Process:
    log = WORK_DIR / f"{name}.log"
    handle = log.open("w")
    popen = subprocess.Popen(args, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    handle.close()
    return Process(name, popen, log)


def wait_for_http(url: str, process: Process, seconds: int = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} stopte meteen:\n{process.tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{process.name} antwoordt niet op {url}:\n{process.tail()}")


@dataclass
class Stack:
    """What a benchmark needs to know about the running stack."""

    port: int
    env: dict
    processes: list[Process] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def web_workers(self) -> int:
        return int(self.env.get("WEB_CONCURRENCY") or os.cpu_count() * 2 + 1)


@contextmanager
def web_node(env: dict, port: int, name: str):
    """One more gunicorn (the same gunicorn.conf.py) on another port: a second web machine."""
    node_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "SITE_URL": f"http://127.0.0.1:{port}"}
    gunicorn = start(name, [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "werkdruk.wsgi"], node_env)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/healthz/", gunicorn)
        say(f"tweede webnode {name} op http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        gunicorn.stop()


@contextmanager
def web_stack(env: dict, port: int):
    """Gunicorn (gunicorn.conf.py) and a Celery worker, stopped again on the way out."""
    stack = Stack(port=port, env=env)
    with ExitStack() as cleanup:
        gunicorn = start("gunicorn", [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "werkdruk.wsgi"], env)
        cleanup.callback(gunicorn.stop)
        worker = start("celery", [PYTHON, "-m", "celery", "-A", "werkdruk", "worker", "--concurrency", "1",
                                  "--loglevel", "WARNING", "--without-gossip", "--without-mingle"], env)
        cleanup.callback(worker.stop)
        stack.processes += [gunicorn, worker]
        wait_for_http(stack.base_url + "/healthz/", gunicorn)
        say(f"gunicorn op {stack.base_url} ({stack.web_workers} processen), Celery-worker draait")
        yield stack


def prepare_work_dir() -> None:
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK_DIR / "media", ignore_errors=True)
