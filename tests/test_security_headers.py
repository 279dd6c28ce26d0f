"""Production settings: the response headers and `check --deploy`, in a process without DEBUG or pytest."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOST = "werkdruk.example.nl"

# Run in a fresh interpreter: settings.py reads the environment once, and under pytest it
# would think it is testing. No DEBUG, a real secret, a host name. Only the static files'
# storage is swapped for the plain one, so no `collectstatic` (a minute) is needed first.
FETCH_LOGIN_PAGE = """
import json, django
import werkdruk.settings as production
production.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
django.setup()
from django.test import Client
response = Client().get("/inloggen/", secure=True, headers={"host": "%s"})
print(json.dumps({"status": response.status_code, "headers": dict(response.headers),
                  "cookies": [morsel.OutputString() for morsel in response.cookies.values()]}))
""" % HOST


@pytest.fixture(scope="module")
def production_env(tmp_path_factory) -> dict[str, str]:
    # Not the test run's environment: the browser tests allow async-unsafe calls in this process.
    left_out = {"DEBUG", "WERKDRUK_TESTING", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env.update({
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "DJANGO_SETTINGS_MODULE": "werkdruk.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('db') / 'db.sqlite3'}",
    })
    return env


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def login_response(production_env) -> dict:
    result = run([sys.executable, "-c", FETCH_LOGIN_PAGE], production_env)
    assert result.returncode == 0, result.stderr
    response = json.loads(result.stdout.strip().splitlines()[-1])
    assert response["status"] == 200, response
    return {**response["headers"], "Set-Cookie": response["cookies"]}


def csp_directives(headers: dict) -> dict[str, list[str]]:
    policy = headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


def test_csp_allows_no_inline_script_or_style(login_response):
    directives = csp_directives(login_response)
    assert "'unsafe-inline'" not in login_response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in login_response["Content-Security-Policy"]
    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'" and directives["script-src"][1].startswith("'nonce-")
    assert directives["object-src"] == ["'none'"]


def test_csp_forbids_framing(login_response):
    assert csp_directives(login_response)["frame-ancestors"] == ["'none'"]
    assert login_response["X-Frame-Options"] == "DENY"


def test_hsts_for_a_year_with_subdomains(login_response):
    hsts = login_response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts


def test_nosniff_and_referrer_policy(login_response):
    assert login_response["X-Content-Type-Options"] == "nosniff"
    assert login_response["Referrer-Policy"] == "same-origin"


def test_cookies_are_secure(login_response):
    cookies = login_response["Set-Cookie"]
    assert cookies  # the CSRF cookie of the log-in form
    assert all("Secure" in cookie for cookie in cookies)


def test_no_third_party_sources_in_the_policy(login_response):
    sources = [value for values in csp_directives(login_response).values() for value in values]
    assert all(value.startswith("'") or value == "data:" for value in sources), sources


def test_check_deploy_is_clean_under_production_settings(production_env):
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
