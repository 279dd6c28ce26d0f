from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys import answering
from surveys.models import Answer, Draft, EnergyAnswer, Invitation, Response
from tests.surveys.survey_data import answer_everything, answers_for, invitation, open_wave, part_url, questionnaire


@pytest.fixture
def wave(school):
    return open_wave(school)


@pytest.fixture
def token(wave):
    return invitation(wave, "leerkracht@school.test")[1]


def enter(client, token):
    return client.get(reverse("surveys:enter", kwargs={"token": token}))


def test_link_exchanges_the_token_for_a_session_and_drops_it_from_the_address(client, wave, token):
    response = enter(client, token)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:intro")
    assert token not in response["Location"]
    assert token not in str(dict(client.session))


def test_introduction_explains_anonymity_and_the_time_needed(client, wave, token):
    enter(client, token)
    page = client.get(reverse("surveys:intro")).text
    assert "ongeveer 10 minuten" in page
    assert "zonder je naam en zonder je e-mailadres" in page
    assert "niet het tijdstip" in page
    assert "minstens 5 collega's" in page


def test_a_part_has_fieldsets_legends_labelled_radios_and_progress(client, wave, token):
    enter(client, token)
    page = client.get(part_url(4)).text
    total = questionnaire(wave).total
    assert f"Deel 4 van {total}" in page
    assert f'<progress id="voortgang" class="progress" max="{total}" value="4">' in page
    part = questionnaire(wave).part(4)
    assert page.count("<fieldset") == len(part.items)
    assert page.count("<legend") == len(part.items)
    assert page.count('type="radio"') == 5 * len(part.items)
    assert '<label class="likert__option"><input type="radio" name="q-TD1" value="1"><span>Nooit</span></label>' in page


def test_energy_items_offer_giver_neutral_taker_and_not_applicable(client, wave, token):
    enter(client, token)
    page = client.get(part_url(2)).text
    for label in ["Energiegever", "Neutraal", "Energienemer", "Niet van toepassing"]:
        assert label in page
    assert "Werken met nieuwe methoden" in page


def test_department_question_offers_not_saying(client, wave, token):
    enter(client, token)
    page = client.get(part_url(1)).text
    for label in ["Onderbouw", "Middenbouw", "Bovenbouw", "Ondersteuning", "Directie", "Zeg ik liever niet"]:
        assert label in page


def test_next_saves_the_draft_and_goes_forward_back_saves_and_goes_back(client, wave, token):
    enter(client, token)
    response = client.post(part_url(4), {**answers_for(wave, 4), "action": "next"})
    assert response["Location"] == part_url(5)
    draft = Draft.objects.get()
    assert draft.answers["TD1"] == "4" and draft.section == 5
    response = client.post(part_url(5), {"q-OT1": "2", "action": "back"})
    assert response["Location"] == part_url(4)
    draft.refresh_from_db()
    assert draft.answers["OT1"] == "2" and draft.answers["TD1"] == "4" and draft.section == 4


def test_htmx_change_saves_and_answers_with_a_small_fragment(client, wave, token):
    enter(client, token)
    response = client.post(part_url(4), {"q-TD1": "5"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Opgeslagen" in response.text
    assert Draft.objects.get().answers == {"TD1": "5"}


def test_draft_resumes_where_the_teacher_left_after_closing_the_phone(client, wave, token):
    enter(client, token)
    client.post(part_url(4), {**answers_for(wave, 4, likert="2"), "action": "next"})

    phone = Client()  # the browser was closed: a new session, the same link
    response = enter(phone, token)
    response = phone.get(response["Location"])
    assert response["Location"] == part_url(5) + "?verder=1"
    total = questionnaire(wave).total
    assert f"Welkom terug — je gaat verder bij deel 5 van {total}" in phone.get(response["Location"]).text
    assert "Welkom terug" not in phone.get(part_url(5)).text  # only on arrival
    page = phone.get(part_url(4)).text
    assert '<input type="radio" name="q-TD1" value="2" checked>' in page


@pytest.mark.parametrize("posted, message", [
    ({"q-XX9": "3"}, "Onbekende vraag: XX9."),
    ({"q-TD1": "9"}, "Bij ‘Ik moet me haasten om alles op tijd klaar te hebben voor de les.’ kun je alleen kiezen uit"),
    ({"q-TD1": "veel"}, "kun je alleen kiezen uit: Nooit, Zelden, Soms, Vaak, Altijd."),
    ({"q-TD1": ["3", "4"]}, "kun je alleen kiezen uit"),
    ({"q-E01": "taker"}, "De vraag E01 hoort niet bij dit deel van de vragenlijst."),
])
def test_bad_posted_values_give_a_dutch_error_and_store_nothing(client, wave, token, posted, message):
    enter(client, token)
    client.post(part_url(4), {"q-TD2": "1", "action": "next"})
    response = client.post(part_url(4), {"q-HW1": "3", **posted, "action": "next"})
    assert response.status_code == 400
    assert message in response.text
    assert "er is niets opgeslagen" in response.text
    assert Draft.objects.get().answers == {"TD2": "1"}


def test_bad_department_gives_a_dutch_error(client, wave, token):
    enter(client, token)
    response = client.post(part_url(1), {"department": "kantine", "action": "next"})
    assert response.status_code == 400
    assert "Kies een van de afdelingen" in response.text
    assert not Draft.objects.exists()


def test_submission_stores_an_anonymous_response_and_deletes_the_draft(client, wave, token):
    answer_everything(client, wave, token, energy="giver", likert="3")
    response = Response.objects.get()
    assert response.department == "bovenbouw"
    assert response.submitted_on == timezone.localdate()
    assert set(response.answers.filter(item__kind="energy").values_list("value", flat=True)) == {EnergyAnswer.GIVER}
    view = questionnaire(wave).view
    assert response.answers.count() == len(view.item_ids) - len(view.open_codes)  # open ones left empty
    assert not response.open_answers.exists()
    assert Invitation.objects.get().used
    assert not Draft.objects.exists()
    assert answering.SESSION_KEY not in client.session


def test_not_applicable_stores_no_answer_and_not_saying_stores_no_department(client, wave, token):
    enter(client, token)
    client.post(part_url(1), {"department": "niet", "action": "next"})
    client.post(part_url(2), {"q-E01": "na", "q-E02": "taker", "action": "next"})
    assert client.post(reverse("surveys:review"))["Location"] == reverse("surveys:thanks")
    response = Response.objects.get()
    assert response.department == ""
    assert list(response.answers.values_list("item__code", "value")) == [("E02", EnergyAnswer.TAKER)]


def test_the_same_token_submitted_twice_stores_one_response(client, wave, token):
    enter(client, token)
    client.post(part_url(4), {**answers_for(wave, 4), "action": "next"})
    second_tab = Client()
    enter(second_tab, token)
    assert client.post(reverse("surveys:review")).status_code == 302
    response = second_tab.post(reverse("surveys:review"))
    assert response.status_code == 410
    assert "Je antwoorden zijn verstuurd" in response.text
    assert Response.objects.count() == 1


def test_submit_refuses_a_used_invitation_in_the_domain_too(wave, token):
    invited = Invitation.objects.get()
    Draft.objects.create(invitation=invited, answers={"TD1": "3"})
    answering.submit(invited.pk)
    with pytest.raises(answering.Refused):
        answering.submit(invited.pk)
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 1


def test_submitting_without_any_answer_is_refused_kindly(client, wave, token):
    enter(client, token)
    response = client.post(reverse("surveys:review"))
    assert response.status_code == 400
    assert "nog geen enkele vraag beantwoord" in response.text
    assert not Response.objects.exists()
    assert not Invitation.objects.get().used


def test_used_link_gets_a_friendly_page_that_django_does_not_log(client, wave, token, caplog):
    answer_everything(client, wave, token)
    response = enter(Client(), token)
    assert response.status_code == 200  # a 4xx would be logged with the path, and the path holds the token
    assert "Je antwoorden zijn verstuurd" in response.text
    assert token not in caplog.text


def test_closed_wave_turns_respondent_away(client, wave, token):
    enter(client, token)
    client.post(part_url(4), {**answers_for(wave, 4), "action": "next"})
    wave.close()

    assert client.get(part_url(4)).status_code == 410
    response = client.post(reverse("surveys:review"))
    assert response.status_code == 410
    assert "De vragenlijst is gesloten" in response.text
    response = enter(Client(), token)
    assert "De vragenlijst is gesloten" in response.text
    assert not Response.objects.exists()


def test_wave_past_its_closing_date_turns_respondent_away(client, school):
    wave = open_wave(school, opens_on=timezone.localdate() - timedelta(days=10),
                     closes_on=timezone.localdate() - timedelta(days=1))
    _invited, token = invitation(wave)
    response = enter(client, token)
    assert "De vragenlijst is gesloten" in response.text


def test_wave_not_yet_open_says_when_it_opens(client, school):
    wave = open_wave(school, opens_on=timezone.localdate() + timedelta(days=3))
    _invited, token = invitation(wave)
    response = enter(client, token)
    assert response.status_code == 200
    assert "nog niet open" in response.text


def test_unknown_link_gets_a_friendly_page(client, db):
    response = enter(client, "niet-bestaand")
    assert "Deze link werkt niet" in response.text


def test_answering_pages_without_a_link_ask_for_the_link(client, db):
    response = client.get(part_url(1))
    assert response.status_code == 200
    assert "Open je persoonlijke link" in response.text


def test_section_pages_run_a_few_queries_however_many_items(client, wave, token, django_assert_max_num_queries):
    enter(client, token)
    client.get(part_url(2))  # loads the instrument into the process cache
    sizes = {number: len(questionnaire(wave).part(number).items) for number in (2, 4)}
    assert sizes[4] > sizes[2]
    for number in (2, 4):
        with django_assert_max_num_queries(5):
            assert client.get(part_url(number)).status_code == 200
        with django_assert_max_num_queries(5):
            assert client.post(part_url(number), {**answers_for(wave, number), "action": "next"}).status_code == 302
        with django_assert_max_num_queries(5):
            client.post(part_url(number), answers_for(wave, number), headers={"HX-Request": "true"})


def test_drafts_of_a_wave_past_its_closing_date_are_deleted_daily(school):
    from surveys.tasks import delete_stale_drafts

    today = timezone.localdate()
    closing = open_wave(school, opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=1))
    running = open_wave(school, kind="nameting")
    Draft.objects.create(invitation=invitation(closing)[0], answers={"TD1": "3"})
    Draft.objects.create(invitation=invitation(running)[0], answers={"TD1": "3"})
    assert delete_stale_drafts.delay().get() == 1
    assert list(Draft.objects.values_list("invitation__wave", flat=True)) == [running.pk]
