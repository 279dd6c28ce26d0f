"""Sessions end after two hours without use and twelve hours after they began, whoever holds them."""

import time

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from werkdruk.middleware import LAST_SEEN, STARTED


def now_minute() -> int:
    return int(time.time() // 60)


def set_times(client, started_ago: int, seen_ago: int) -> None:
    """Pretend the session began `started_ago` and was last used `seen_ago` minutes ago."""
    session = client.session
    session[STARTED] = now_minute() - started_ago
    session[LAST_SEEN] = now_minute() - seen_ago
    session.save()


@pytest.fixture
def logged_in(client, alice, school):
    client.force_login(alice)
    client.get(reverse("projects:privacy"))  # the first request stamps the session
    return client


def project_url(school) -> str:
    return reverse("projects:project", kwargs={"school": school.slug})


def test_the_default_idle_time_is_two_hours_and_the_absolute_limit_twelve():
    assert settings.SESSION_IDLE_TIMEOUT == 2 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_first_request_stamps_start_and_last_use(logged_in):
    assert logged_in.session[STARTED] == logged_in.session[LAST_SEEN]
    assert abs(logged_in.session[LAST_SEEN] - now_minute()) <= 1


def test_two_idle_hours_end_the_session(logged_in, school):
    set_times(logged_in, started_ago=150, seen_ago=120)
    response = logged_in.get(project_url(school))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in logged_in.session


def test_a_session_used_within_two_hours_goes_on(logged_in, school):
    set_times(logged_in, started_ago=150, seen_ago=119)
    assert logged_in.get(project_url(school)).status_code == 200
    assert abs(logged_in.session[LAST_SEEN] - now_minute()) <= 1


def test_twelve_hours_end_even_a_busy_session(logged_in, school):
    set_times(logged_in, started_ago=12 * 60, seen_ago=1)
    response = logged_in.get(project_url(school))
    assert response.status_code == 302
    assert "_auth_user_id" not in logged_in.session


@override_settings(SESSION_IDLE_TIMEOUT=10 * 60)
def test_the_idle_time_is_a_setting(logged_in, school):
    set_times(logged_in, started_ago=30, seen_ago=10)
    assert logged_in.get(project_url(school)).status_code == 302


def test_an_anonymous_survey_session_ends_after_idle_time_too(client, db):
    session = client.session
    session["survey_invitation"] = 42  # what an answering teacher's session holds
    session.save()
    client.get(reverse("projects:privacy"))
    set_times(client, started_ago=200, seen_ago=121)
    client.get(reverse("projects:privacy"))
    assert "survey_invitation" not in client.session


def test_requests_within_the_same_minute_do_not_write_the_session(logged_in):
    session = logged_in.session
    session[LAST_SEEN] = session[STARTED] = now_minute()
    session.save()
    response = logged_in.get(reverse("projects:privacy"))
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # not saved, so no new cookie


def test_a_new_minute_writes_the_session_once(logged_in):
    set_times(logged_in, started_ago=5, seen_ago=2)
    response = logged_in.get(reverse("projects:privacy"))
    assert settings.SESSION_COOKIE_NAME in response.cookies


def test_a_visitor_without_a_session_gets_none(client, db):
    response = client.get(reverse("projects:privacy"))
    assert settings.SESSION_COOKIE_NAME not in response.cookies
