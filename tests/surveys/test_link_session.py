"""Opening a survey link starts the teacher's session: a new key where the device had one, and one write."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.surveys.survey_data import invitation, open_wave

pytestmark = pytest.mark.django_db


def open_link(client, token):
    return client.get(reverse("surveys:enter", kwargs={"token": token}))


def test_a_device_that_had_a_session_gets_a_new_key(client, school):
    wave = open_wave(school)
    _first, first = invitation(wave)
    _second, second = invitation(wave)
    open_link(client, first)
    before = client.cookies[settings.SESSION_COOKIE_NAME].value

    open_link(client, second)

    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_a_new_device_s_session_is_written_once(client, school):
    _invited, token = invitation(open_wave(school))

    with CaptureQueriesContext(connection) as queries:
        response = open_link(client, token)

    assert response.status_code == 302 and response.url == reverse("surveys:intro")
    writes = [query["sql"] for query in queries.captured_queries
              if "django_session" in query["sql"] and query["sql"].lstrip().startswith(("INSERT", "UPDATE"))]
    assert len(writes) == 1, writes
