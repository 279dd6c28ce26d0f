"""A respondent answers in English: chosen by the browser, the invitation's English link or the header's
button, and kept on every page, message and error until the thank-you page."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from surveys import invitations
from surveys.models import Response
from tests.surveys.survey_data import answers_for, invitation, link_path, open_wave, part_url, questionnaire

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


@pytest.fixture
def wave(school):
    return open_wave(school, closes_on=timezone.localdate() + timezone.timedelta(days=7))


@pytest.fixture
def token(wave):
    return invitation(wave, "teacher@school.test")[1]


def enter(client, token, query="", **headers):
    return client.get(reverse("surveys:enter", kwargs={"token": token}) + query, follow=True, **headers)


def test_an_english_browser_gets_the_survey_in_english(client, wave, token):
    page = enter(client, token, **ENGLISH)
    assert '<html lang="en">' in page.text
    assert "Your answers are anonymous" in page.text
    assert "Je antwoorden zijn anoniem" not in page.text


def test_a_browser_without_a_preference_gets_dutch(client, wave, token):
    page = enter(client, token)
    assert '<html lang="nl">' in page.text
    assert "Je antwoorden zijn anoniem" in page.text


def test_the_questions_answers_and_errors_follow_the_language(client, wave, token):
    enter(client, token, **ENGLISH)
    part = client.get(part_url(2), **ENGLISH).text
    assert "What gives or costs you energy?" in part
    assert "Working with new teaching methods" in part  # E01 from surveys/instrument/v1.en.json
    assert "Energy giver" in part and "Not applicable" in part
    assert "Energiegever" not in part
    likert = client.get(part_url(4), **ENGLISH).text
    assert "I have to rush to get everything ready in time for my lessons." in likert
    assert "Sometimes" in likert and "Soms" not in likert
    refused = client.post(part_url(4), {"q-TD1": "9", "action": "next"}, **ENGLISH)
    assert refused.status_code == 400
    assert "you can only choose from: Never, Rarely, Sometimes, Often, Always" in refused.text


def test_the_english_link_of_the_invitation_keeps_english_without_a_browser_preference(client, wave, token):
    page = enter(client, token, "?lang=en")
    assert "Your answers are anonymous" in page.text
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Part 1 of" in client.get(part_url(1)).text
    for number in range(1, questionnaire(wave).total + 1):
        client.post(part_url(number), {**answers_for(wave, number), "action": "next"})
    review = client.get(reverse("surveys:review")).text
    assert "Check and send" in review
    thanks = client.post(reverse("surveys:review"), follow=True).text
    assert "Your answers have been sent." in thanks
    assert Response.objects.count() == 1


def test_an_unknown_language_in_the_link_changes_nothing(client, wave, token):
    page = enter(client, token, "?lang=xx")
    assert "Je antwoorden zijn anoniem" in page.text
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_the_slip_code_page_opens_in_english_with_lang_en_and_the_header_button_turns_it_back(client):
    code_page = reverse("surveys:code")
    response = client.get(code_page + "?lang=en")
    assert response.status_code == 302 and response["Location"] == code_page  # the address keeps no ?lang
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(code_page).text
    assert '<html lang="en">' in page and "Code on your slip" in page and "To the survey" in page
    dutch = client.post(reverse("set_language"), {"language": "nl", "next": code_page}, follow=True).text
    assert "Code van je briefje" in dutch


def test_the_slip_code_page_ignores_an_unknown_language(client):
    page = client.get(reverse("surveys:code") + "?lang=xx")
    assert page.status_code == 200 and "Code van je briefje" in page.text
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_the_header_button_switches_the_language_and_keeps_the_answers(client, wave, token):
    enter(client, token)
    client.post(part_url(4), {**answers_for(wave, 4, likert="2"), "action": "next"})
    switched = client.post(reverse("set_language"), {"language": "en", "next": part_url(4)}, follow=True)
    assert "Part 4 of" in switched.text
    first = questionnaire(wave).part(4).codes[0]
    assert f'name="q-{first}" value="2" checked><span>Rarely</span>' in switched.text


def test_the_invitation_mail_is_dutch_with_a_link_that_opens_the_survey_in_english(
        wave, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(wave, ["new@school.test"])
    body = mailoutbox[-1].body
    assert "Beste collega," in body
    assert "Prefer English? This link opens the survey in English:" in body
    assert f"{link_path(mailoutbox[-1])}?lang=en" in body


def test_the_mail_is_dutch_whoever_sends_it(client, wave, alice, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "en"})
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("surveys:invite", kwargs={"school": wave.school.slug, "wave": wave.pk}),
                           {"addresses": "other@school.test"}, follow=True)
    assert "1 invitation sent." in page.text  # the project leader reads English
    assert "Beste collega," in mailoutbox[-1].body
