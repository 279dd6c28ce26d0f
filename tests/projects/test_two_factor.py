"""Two-factor log-in (issue 15): required for who sees several schools and for the admin, offered to the rest."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from projects.models import Board, BoardAdministrator
from tests.factories import UserFactory

PASSWORD = "geheim-wachtwoord-123"


@pytest.fixture(autouse=True)
def two_factor(settings):
    settings.WERKDRUK_TWO_FACTOR = True


def log_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def current_code(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_coach_must_set_up_two_factor_and_gets_recovery_codes(client, coach, school):
    log_in(client, "coach")
    response = client.get(school.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_setup"))
    setup = client.get(response["Location"])
    assert "Sleutel:" in setup.text and "<svg" in setup.text
    device = TOTPDevice.objects.get(user=coach, confirmed=False)
    done = client.post(reverse("two_factor_setup"), {"code": current_code(device), "next": school.get_absolute_url()})
    assert done.status_code == 200 and "herstelcodes" in done.text
    assert StaticToken.objects.filter(device__user=coach).count() == 10
    assert client.get(school.get_absolute_url()).status_code == 200


def test_a_wrong_code_sets_up_nothing(client, coach):
    log_in(client, "coach")
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assert response.status_code == 400 and "Deze code klopt niet" in response.text
    assert not TOTPDevice.objects.filter(user=coach, confirmed=True).exists()


def _with_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)


def test_next_log_in_asks_for_the_code(client, coach, school, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # after a wrong code django-otp makes one wait: not what this is about
    device = _with_device(coach)
    log_in(client, "coach")
    response = client.get(school.get_absolute_url())
    assert response["Location"].startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 400 and "Deze code klopt niet" in wrong.text
    assert client.get(school.get_absolute_url()).status_code == 302
    right = client.post(reverse("two_factor_verify"), {"code": current_code(device), "next": school.get_absolute_url()})
    assert right["Location"] == school.get_absolute_url()
    assert client.get(school.get_absolute_url()).status_code == 200


def test_a_recovery_code_works_once(client, coach, school):
    _with_device(coach)
    log_in(client, "coach")
    client.get(reverse("two_factor_setup"))  # nothing: the device is there, so it sends to the code page
    from django_otp.plugins.otp_static.models import StaticDevice

    recovery = StaticDevice.objects.create(user=coach, name="herstelcodes")
    recovery.token_set.create(token="herstel12")
    assert client.post(reverse("two_factor_verify"), {"code": "herstel12"}).status_code == 302
    client.post(reverse("logout"))
    log_in(client, "coach")
    assert client.post(reverse("two_factor_verify"), {"code": "herstel12"}).status_code == 400


def test_teacher_is_offered_two_factor_but_not_made_to(client, bob, school):
    log_in(client, "bob")
    response = client.get(school.get_absolute_url())
    assert response.status_code == 200
    assert reverse("two_factor_setup") in response.text


def test_bestuursbeheerder_and_admin_must_set_it_up(client, db):
    hanna = UserFactory(username="hanna")
    BoardAdministrator.objects.create(user=hanna, board=Board.objects.create(name="Stichting Lente"))
    UserFactory(username="operator", is_staff=True, is_superuser=True)
    for username, page in (("hanna", reverse("projects:my_schools")), ("operator", "/beheer/")):
        client.post(reverse("logout"))
        log_in(client, username)
        assert client.get(page)["Location"].startswith(reverse("two_factor_setup")), username


def test_after_a_wrong_code_even_the_right_one_waits(client, coach):
    device = _with_device(coach)
    log_in(client, "coach")
    client.post(reverse("two_factor_verify"), {"code": "123456"})
    assert client.post(reverse("two_factor_verify"), {"code": current_code(device)}).status_code == 400


def test_the_code_page_does_not_send_elsewhere_than_this_site(client, coach):
    device = _with_device(coach)
    log_in(client, "coach")
    response = client.post(reverse("two_factor_verify"), {"code": current_code(device), "next": "https://evil.test/"})
    assert response["Location"] == "/"
