"""A slip's code is a link on paper that the person who printed the slips has seen too: the answers a
colleague saved with it are not shown on another device."""

import pytest
from django.test import Client
from django.urls import reverse

from surveys.models import Draft, Invitation
from tests.surveys.survey_data import answers_for, open_wave, part_url

pytestmark = pytest.mark.django_db


def enter_code(client: Client, code: str):
    return client.post(reverse("surveys:code"), {"code": code}, follow=True)


@pytest.fixture
def slip(school):
    wave = open_wave(school)
    code = Invitation.new_code()
    invitation, _code = Invitation.create_for(wave, token=code)
    return wave, invitation, code


def test_a_slip_begun_on_one_phone_shows_nothing_of_its_answers_on_another_device(slip):
    wave, invitation, code = slip
    colleague, printer = Client(), Client()
    enter_code(colleague, code)
    colleague.post(part_url(1), {**answers_for(wave, 1), "action": "next"})
    colleague.post(part_url(2), {**answers_for(wave, 2, energy="giver"), "action": "next"})
    assert "checked" in colleague.get(part_url(2)).content.decode()  # the colleague sees their answers

    page = enter_code(printer, code)

    assert "Met deze code was al begonnen op een ander apparaat" in page.content.decode()
    assert not Draft.objects.filter(invitation=invitation).exists()
    second_part = printer.get(part_url(2)).content.decode()
    assert "checked" not in second_part


def test_the_same_phone_picks_up_where_it_left_off_even_in_a_new_session(slip):
    wave, invitation, code = slip
    phone = Client()
    enter_code(phone, code)
    phone.post(part_url(1), {**answers_for(wave, 1), "action": "next"})
    phone.cookies.pop("sessionid", None)  # the session ran out; the phone is the same

    page = enter_code(phone, code)

    assert "ander apparaat" not in page.content.decode()
    assert Draft.objects.get(invitation=invitation).department == "bovenbouw"


def test_an_email_link_keeps_its_draft_on_any_device(school):
    wave = open_wave(school)
    invitation, token = Invitation.create_for(wave, email="juf@school.nl")
    laptop, phone = Client(), Client()
    laptop.get(reverse("surveys:enter", kwargs={"token": token}))
    laptop.post(part_url(1), {**answers_for(wave, 1), "action": "next"})

    phone.get(reverse("surveys:enter", kwargs={"token": token}))

    assert Draft.objects.get(invitation=invitation).department == "bovenbouw"
