"""Gunicorn settings for the production web process (see Dockerfile, docker-compose.yml).

Every number can be overridden from the environment without a rebuild.
"""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger

from werkdruk.redaction import RedactSurveyLinks, redact_survey_links

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")

# The usual 2 × cores + 1 processes, each with a few threads: pages wait on the
# database, not the CPU. WEB_CONCURRENCY is the name platforms commonly set.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"

# PDF reports and exports run in Celery, so no request should need long.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Load Django (and SciPy) once in the master; workers fork from it, which
# saves memory and start-up time. Django opens no database connection at import.
preload_app = True

# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# Nothing administers gunicorn through its control socket; a container has no use for it.
control_socket_disable = True

# Container logs go to stdout/stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

# Survey links carry a personal token: it must never reach a log line, or the log could tie an
# anonymous answer to a person. So: the path without its query string (%(U)s, not %(r)s), no
# referrer, no user agent, and the logger below blanks the survey link's token and token-like
# path segments as well.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)s'

# A path segment of 20+ URL-safe characters is taken for a token or a signed value (ids are
# shorter; the odd long slug gets blanked too, which costs nothing).
_TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-.:=~%]{20,}(?=/|$)")


def redact_path(path: str | None) -> str:
    if not path:
        return "-"
    path = path.split("?", 1)[0]
    if path.startswith("/static/"):  # hashed file names of collectstatic, nothing secret
        return path
    # /v/<token>/ whatever its length: a mistyped or cut-off token is still most of one.
    return _TOKEN_SEGMENT.sub("[token]", redact_survey_links(path))


class RedactingLogger(Logger):
    """Gunicorn's logger, with paths, query strings and referrers scrubbed of tokens."""

    def setup(self, cfg):
        super().setup(cfg)
        # Every other line too: gunicorn writes the request line into some messages itself
        # ("Invalid request from ip=…: Invalid HTTP request line: 'GET /v/…'"), and tracebacks.
        for log in (self.error_log, self.access_log):
            # A reload runs setup again.
            if not any(isinstance(existing, RedactSurveyLinks) for existing in log.filters):
                log.addFilter(RedactSurveyLinks())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(environ.get("PATH_INFO"))
        atoms["r"] = "%s %s %s" % (
            environ.get("REQUEST_METHOD"),
            redact_path(environ.get("RAW_URI")),
            environ.get("SERVER_PROTOCOL"),
        )
        atoms["q"] = "-"
        atoms["f"] = "-"
        # Header and environ atoms ({referer}i, {query_string}e, ...) could carry the token too.
        for key in [k for k in atoms if k.startswith("{")]:
            atoms[key] = "-"
        return atoms

    def _scrub(self, args):
        return tuple(redact_path(a) if isinstance(a, str) and a.startswith("/") else a for a in args)

    # Gunicorn logs "Error handling request <uri>" when a worker fails mid-request.
    def error(self, msg, *args, **kwargs):
        super().error(msg, *self._scrub(args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(msg, *self._scrub(args), **kwargs)


logger_class = RedactingLogger
