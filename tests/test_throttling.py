"""Log-in throttling per account, never per address: a school shares one IP."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.urls import reverse

from projects import throttling
from projects.throttling import LOGIN, Throttle
from tests.factories import UserFactory

SCHOOL_ADDRESS = "145.1.2.3"  # the whole school reaches us from here
PASSWORD = "geheim-wachtwoord-123"
LOCKED = "Te veel mislukte pogingen voor dit account"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=SCHOOL_ADDRESS)


def fail(client, username, times):
    for _ in range(times):
        log_in(client, username, "fout")


@pytest.mark.django_db
def test_hundred_failures_lock_that_account_even_for_the_right_password(client):
    UserFactory(username="anna")
    fail(client, "anna", 98)
    assert LOCKED not in log_in(client, "anna", "fout").content.decode()  # the 99th failure
    assert LOCKED in log_in(client, "anna", "fout").content.decode()  # the 100th: now locked
    response = log_in(client, "anna", PASSWORD)
    assert response.status_code == 200  # the form again, not a redirect into the app
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert f"{LOCKED}. Probeer het over een uur opnieuw of kies ‘Wachtwoord vergeten’." in page


@pytest.mark.django_db
def test_ninety_nine_failures_still_let_the_right_password_in(client):
    UserFactory(username="anna")
    fail(client, "anna", 99)
    assert log_in(client, "anna", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_locked_account_leaves_colleagues_behind_the_same_address_alone(client):
    UserFactory(username="anna")
    UserFactory(username="bart")
    fail(client, "anna", 100)
    client.logout()
    assert log_in(client, "bart", "fout").status_code == 200
    assert LOCKED not in log_in(client, "bart", "fout").content.decode()
    assert log_in(client, "bart", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(UserFactory(username="bart").pk)


@pytest.mark.django_db
def test_three_hundred_teachers_behind_one_address_each_mistype_and_get_in(client):
    password = make_password(PASSWORD)
    get_user_model().objects.bulk_create(
        get_user_model()(username=f"leerkracht{number}", password=password) for number in range(300))
    for number in range(300):
        log_in(client, f"leerkracht{number}", "tikfout")
        assert log_in(client, f"leerkracht{number}", PASSWORD).status_code == 302
        client.logout()


@pytest.mark.django_db
def test_username_and_email_address_count_for_the_same_account(client):
    UserFactory(username="anna", email="anna@school.test")
    fail(client, "anna", 50)
    fail(client, "Anna@School.test", 50)
    assert LOCKED in log_in(client, "anna", PASSWORD).content.decode()


@pytest.mark.django_db
def test_a_new_password_lifts_the_lock(client):
    anna = UserFactory(username="anna")
    fail(client, "anna", 100)
    anna.set_password("een-heel-nieuw-wachtwoord")
    anna.save()
    assert log_in(client, "anna", "een-heel-nieuw-wachtwoord").status_code == 302


@pytest.mark.django_db
def test_the_admin_log_in_is_throttled_too(client):
    UserFactory(username="beheer", is_staff=True, is_superuser=True)
    fail(client, "beheer", 100)
    response = client.post(reverse("admin:login"), {"username": "beheer", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_window():
    throttle = Throttle("test-venster", limit=3, window=3600)
    start = 1_000_000 * 3600.0  # the start of a bucket
    for _ in range(3):
        throttle.hit("anna", now=start)
    assert throttle.blocked("anna", now=start + 60)
    assert throttle.blocked("anna", now=start + 3600 + 60)  # the previous hour still weighs in
    assert not throttle.blocked("anna", now=start + 2 * 3600)


def test_a_burst_across_the_hour_boundary_cannot_double_the_limit():
    throttle = Throttle("test-grens", limit=100, window=3600)
    start = 1_000_000 * 3600.0
    for _ in range(99):
        throttle.hit("anna", now=start + 3599)
    assert throttle.hit("anna", now=start + 3601)  # 99 from a second ago still count


def test_hit_tells_when_the_key_becomes_blocked_and_other_keys_stay_free():
    throttle = Throttle("test-sleutels", limit=2, window=60)
    assert not throttle.hit("code-a", now=0)
    assert throttle.hit("code-a", now=1)
    assert not throttle.blocked("code-b", now=1)
    throttle.clear("code-a", now=1)
    assert not throttle.blocked("code-a", now=1)


def test_the_cache_holds_no_user_name():
    LOGIN.hit("name:anna.de.vries@school.test", now=0)
    key = LOGIN._bucket_key("name:anna.de.vries@school.test", 0)
    assert "anna" not in key
    assert cache.get(key) == 1  # the count lives under the hashed key, in locmem and in Redis alike


@pytest.mark.django_db
def test_an_unknown_user_name_is_counted_by_its_normalised_spelling():
    assert throttling.account_key(" Niemand ") == throttling.account_key("niemand")


def test_guessing_survey_codes_is_limited_per_device_not_per_school_address(client, db):
    from django.test import Client

    url = reverse("surveys:code")
    for _attempt in range(20):
        client.post(url, {"code": "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567"})
    blocked = client.post(url, {"code": "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567"})
    assert blocked.status_code == 429
    assert "Te veel onbekende codes" in blocked.text
    # A colleague on another phone behind the same school address still gets in line.
    colleague = Client()
    assert colleague.post(url, {"code": "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567"}).status_code == 200


def test_guessing_brainstorm_codes_is_limited_per_device(client, db):
    for _attempt in range(20):
        client.get(reverse("actionplans:join_session", kwargs={"code": "ZZZZZZ"}))
    assert client.get(reverse("actionplans:join_session", kwargs={"code": "ZZZZZZ"})).status_code == 429
