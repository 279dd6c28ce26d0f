"""A survey token reaches no log line, whatever is sent to its link (issue 12).

Every record of the root logger and of the loggers that write a path is captured at DEBUG, and
what any handler could write of it is searched for the token: the formatted line with its
traceback, the raw message and arguments, and the request attached to the record.
"""

import importlib.util
import logging
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse
from gunicorn.config import Config

from surveys.answering import SESSION_KEY
from surveys.models import Invitation
from tests.surveys.survey_data import invitation, open_wave

LOGGERS_THAT_WRITE_A_PATH = ["django", "django.request", "django.security.csrf", "django.server",
                             "gunicorn.error", "gunicorn.access"]


class Recorder(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))

    def emit(self, record):
        self.records.append(record)

    def written(self, record) -> str:
        request = getattr(record, "request", None)
        full_path = request.get_full_path() if hasattr(request, "get_full_path") else ""
        return " ".join([self.format(record), str(record.msg), repr(record.args), repr(request),
                         str(getattr(request, "path", "")), full_path])

    @property
    def text(self) -> str:
        return "\n".join(self.written(record) for record in self.records)


@pytest.fixture
def logs():
    """Every record at DEBUG, seen where it is made: before any other handler could touch it."""
    recorder = Recorder()
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in LOGGERS_THAT_WRITE_A_PATH]
    levels = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(recorder)
        logger.setLevel(logging.DEBUG)
    yield recorder
    for logger, level in levels:
        logger.removeHandler(recorder)
        logger.setLevel(level)


@pytest.fixture
def wave(school):
    return open_wave(school)


@pytest.fixture
def token(wave):
    return invitation(wave, "leerkracht@school.test")[1]


def link(token: str) -> str:
    return reverse("surveys:enter", kwargs={"token": token})


@pytest.mark.parametrize("method", ["head", "options", "post", "put", "patch", "delete", "trace"])
def test_no_method_sent_to_the_link_puts_the_token_in_a_log_line(wave, token, logs, method):
    client = Client(enforce_csrf_checks=True)  # and no CSRF cookie or token: as from a script or a scanner
    response = getattr(client, method)(link(token))
    assert response.status_code < 400  # Django logs every 4xx and 5xx with its path
    assert token not in logs.text


@pytest.mark.parametrize("known", [True, False], ids=["valid token", "unknown token"])
def test_following_a_valid_or_an_unknown_link_puts_the_token_in_no_log_line(wave, token, logs, known):
    sent = token if known else Invitation.new_token()
    response = Client().get(link(sent))
    assert response.status_code == (302 if known else 200)
    assert sent not in logs.text


def test_head_lets_the_teacher_in_as_get_does(client, wave, token):
    response = client.head(link(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:intro")
    assert SESSION_KEY in client.session


def test_a_post_to_the_link_changes_nothing_and_asks_to_open_the_link(wave, token):
    client = Client(enforce_csrf_checks=True)
    response = client.post(link(token), {"anything": "x"})
    assert response.status_code == 200
    assert "Open je persoonlijke link" in response.text
    assert SESSION_KEY not in client.session
    assert not Invitation.objects.get().used


def test_options_names_the_methods_the_link_answers(client, db):
    response = client.options(link(Invitation.new_token()))
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_a_logged_path_under_the_link_has_its_token_blanked(wave, token, logs):
    response = Client().get(link(token) + "meer/")
    assert response.status_code == 404  # not the answering view: Django logs it, and the filter blanks it
    assert any("Not Found: /v/[token]/meer/" in logs.written(record) for record in logs.records)
    assert token not in logs.text


def test_a_csrf_refusal_on_the_link_is_logged_without_the_token(token, logs):
    request = RequestFactory().post(link(token))

    def view_that_is_not_exempt(request):
        return HttpResponse()

    refused = CsrfViewMiddleware(lambda request: HttpResponse()).process_view(request, view_that_is_not_exempt, (), {})
    assert refused.status_code == 403
    assert any(record.name == "django.security.csrf" for record in logs.records)
    assert token not in logs.text


@pytest.mark.parametrize("status", [200, 302, 404, 500])
def test_the_dev_servers_request_line_is_logged_without_the_token(token, logs, status):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)  # runserver's own logging, without a socket
    handler.request, handler.client_address = None, ("127.0.0.1", 50000)
    handler.requestline = f"HEAD {link(token)}?bron=mail HTTP/1.1"
    handler.log_request(status, 0)
    assert any(record.name == "django.server" for record in logs.records)
    assert token not in logs.text


# --- gunicorn (gunicorn.conf.py) ------------------------------------------------------------


def load_gunicorn_conf():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", Path(settings.BASE_DIR) / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf


@pytest.fixture
def gunicorn_logger():
    """Makes gunicorn's logger as gunicorn.conf.py sets it up. Made within the test, so that it writes
    to the stdout and stderr that capsys reads then; its handlers are gone again afterwards."""
    made = []

    def make():
        conf = load_gunicorn_conf()
        cfg = Config()
        for name in ("accesslog", "errorlog", "access_log_format"):
            cfg.set(name, getattr(conf, name))
        cfg.set("loglevel", "debug")
        made.append(conf.logger_class(cfg))
        return made[-1]

    yield make
    for log in made:
        for logger in (log.error_log, log.access_log):
            for handler in [h for h in logger.handlers if getattr(h, "_gunicorn", False)]:
                logger.removeHandler(handler)


def test_gunicorns_access_log_blanks_the_token_of_any_request_to_the_link(token, logs, gunicorn_logger, capsys):
    gunicorn_log = gunicorn_logger()
    for method in ("GET", "HEAD", "OPTIONS", "POST"):
        environ = {
            "REQUEST_METHOD": method, "RAW_URI": f"{link(token)}?t={token}", "PATH_INFO": link(token),
            "QUERY_STRING": f"t={token}", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1",
            "HTTP_REFERER": f"https://werkdruk.test{link(token)}",
        }
        response = SimpleNamespace(status="200 OK", headers=[("Content-Length", "0")], sent=0)
        request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
        gunicorn_log.access(response, request, environ, timedelta(milliseconds=12))
    written = capsys.readouterr()
    assert written.out.count('"HEAD /v/[token]/" 200') == 1
    assert token not in written.out + written.err
    assert token not in logs.text


def test_gunicorns_error_log_blanks_the_token_in_messages_and_arguments(token, logs, gunicorn_logger, capsys):
    gunicorn_log = gunicorn_logger()
    gunicorn_log.warning(f"Invalid request from ip=10.0.0.1: Invalid HTTP request line: 'GET {link(token)} HTTP/1.1 x'")
    try:
        raise RuntimeError(f"worker failed on {link(token)}")
    except RuntimeError:
        gunicorn_log.exception("Error handling request %s %s", "GET", link(token))
    gunicorn_log.debug("Closing connection. %s", OSError(f"reset while sending {link(token)}"))
    written = capsys.readouterr()
    assert "Error handling request GET /v/[token]/" in written.err
    assert token not in written.out + written.err
    assert token not in logs.text


def test_gunicorns_path_scrubbing_blanks_a_survey_token_of_any_length():
    redact_path = load_gunicorn_conf().redact_path
    assert redact_path("/v/abc12/") == "/v/[token]/"  # cut off while copying: still most of a token
    assert redact_path(f"/v/{Invitation.new_token()}/?bron=mail") == "/v/[token]/"
    assert redact_path("/scholen/de-regenboog/team/") == "/scholen/de-regenboog/team/"
