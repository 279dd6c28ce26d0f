import hashlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys import invitations
from surveys.models import Draft, Invitation, Response
from surveys.tasks import send_scheduled_reminders, send_survey_invitation
from tests.surveys.survey_data import answer_everything, link_path, open_wave, part_url


@pytest.fixture
def wave(school):
    return open_wave(school)


def url(name, school, wave, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"school": school.slug, "wave": wave.pk, **kwargs})


def invite(client, school, wave, addresses, callbacks):
    with callbacks(execute=True):
        return client.post(url("invite", school, wave), {"addresses": addresses})


def test_invitation_life_cycle(client, alice, school, wave, mailoutbox, django_capture_on_commit_callbacks, caplog):
    client.force_login(alice)
    response = invite(client, school, wave, "an@school.test\nBen@School.test; cor@school.test",
                      django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert sorted(mail.to[0] for mail in mailoutbox) == ["an@school.test", "ben@school.test", "cor@school.test"]
    assert all("ongeveer 10 minuten" in mail.body for mail in mailoutbox)
    links = {mail.to[0]: link_path(mail) for mail in mailoutbox}

    teacher = Client()
    token = links["an@school.test"].split("/")[2]
    answer_everything(teacher, wave, token)
    assert Response.objects.count() == 1
    assert Invitation.objects.get(email="an@school.test").used

    page = client.get(reverse("surveys:waves", kwargs={"school": school.slug})).text
    assert "1 van 3 uitgenodigden heeft geantwoord (33%)" in page

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("remind", school, wave))
    assert sorted(mail.to[0] for mail in mailoutbox) == ["ben@school.test", "cor@school.test"]
    reminder = next(mail for mail in mailoutbox if mail.to == ["ben@school.test"])
    assert "deze link vervangt de vorige" in reminder.body
    assert link_path(reminder) != links["ben@school.test"]
    assert "Deze link werkt niet" in Client().get(links["ben@school.test"]).text
    assert Client().get(link_path(reminder))["Location"] == reverse("surveys:intro")
    assert all(link.split("/")[2] not in caplog.text for link in links.values())


def test_tokens_are_stored_only_as_hashes(client, alice, school, wave, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(alice)
    invite(client, school, wave, "an@school.test", django_capture_on_commit_callbacks)
    token = link_path(mailoutbox[0]).split("/")[2]
    assert len(token) >= 32  # 192 bits in URL-safe base64
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_invitation")
        stored = repr(cursor.fetchall())
    assert token not in stored


def test_invalid_addresses_are_named_and_nothing_is_created(client, alice, school, wave, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    client.force_login(alice)
    response = invite(client, school, wave, "an@school.test, geen-adres, ben@@school",
                      django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Deze adressen kloppen niet: geen-adres, ben@@school." in response.text
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_addresses_already_invited_are_skipped_with_a_message(client, alice, school, wave, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    client.force_login(alice)
    invite(client, school, wave, "an@school.test", django_capture_on_commit_callbacks)
    response = invite(client, school, wave, "AN@school.test\nben@school.test\nben@school.test",
                      django_capture_on_commit_callbacks)
    assert Invitation.objects.count() == 2
    assert len(mailoutbox) == 2
    shown = client.get(response["Location"]).text
    assert "Al eerder uitgenodigd, dus overgeslagen: an@school.test." in shown


def test_a_reminder_keeps_the_half_filled_draft(client, alice, school, wave, mailoutbox,
                                                django_capture_on_commit_callbacks):
    client.force_login(alice)
    invite(client, school, wave, "an@school.test", django_capture_on_commit_callbacks)
    teacher = Client()
    teacher.get(link_path(mailoutbox[0]))
    teacher.post(part_url(4), {"q-TD1": "2", "action": "next"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("remind", school, wave))
    phone = Client()
    phone.get(link_path(mailoutbox[-1]))
    assert phone.get(reverse("surveys:intro"))["Location"] == part_url(5) + "?verder=1"
    assert Draft.objects.get().answers == {"TD1": "2"}


def test_reminders_skip_slips_and_answered_invitations(wave, django_capture_on_commit_callbacks, mailoutbox):
    answered, _token = Invitation.create_for(wave, "klaar@school.test")
    answered.used = True
    answered.save()
    Invitation.create_for(wave, token=Invitation.new_code())
    Invitation.create_for(wave, "nog@school.test")
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations.remind(wave) == 1
    assert [mail.to for mail in mailoutbox] == [["nog@school.test"]]


def test_scheduled_reminder_goes_out_on_its_day_only(school, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    due = open_wave(school, remind_on=today)
    Invitation.create_for(due, "nog@school.test")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_scheduled_reminders.delay().get() == 1
    due.remind_on = today + timedelta(days=1)
    due.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_scheduled_reminders.delay().get() == 0
    assert len(mailoutbox) == 1


def test_mail_task_sends_nothing_for_a_replaced_token(wave, mailoutbox):
    invitation, old_token = Invitation.create_for(wave, "an@school.test")
    invitation.remind()
    send_survey_invitation.delay(invitation.pk, old_token)
    assert mailoutbox == []


def test_slips_have_codes_and_inline_qr_codes_that_work(client, alice, school, wave):
    client.force_login(alice)
    response = client.post(url("slips", school, wave), {"count": "3"})
    assert response.status_code == 200
    page = response.text
    assert page.count('<svg width="') == 3
    slips = page.split('<ul class="slips">')[1]
    assert "<img" not in slips and 'src="http' not in slips  # the QR codes are inline SVG, nothing is fetched
    codes = re.findall(r'<p class="slip__code">([0-9A-Z ]+)</p>', page)
    assert len(codes) == 3 and all(len(code.replace(" ", "")) == 28 for code in codes)
    assert Invitation.objects.filter(email="").count() == 3

    teacher = Client()
    typed = codes[0].lower().replace(" ", "-")
    assert teacher.post(reverse("surveys:code"), {"code": typed})["Location"] == reverse("surveys:intro")
    assert teacher.get(reverse("surveys:intro")).status_code == 200


def test_unknown_code_gets_a_dutch_error(client, db):
    response = client.post(reverse("surveys:code"), {"code": "ABCD EFGH"})
    assert response.status_code == 200
    assert "Deze code kennen we niet" in response.text


def test_typed_codes_forgive_case_dashes_and_look_alike_letters():
    assert invitations.normalise_code(" abcd-efgh ijkO ") == "ABCDEFGH1JK0"
    assert invitations.normalise_code("???") == ""


def test_closed_wave_takes_no_new_invitations(client, alice, school, wave, django_capture_on_commit_callbacks):
    wave.close()
    client.force_login(alice)
    invite(client, school, wave, "an@school.test", django_capture_on_commit_callbacks)
    assert not Invitation.objects.exists()


def test_working_group_member_may_not_invite(client, wim, school, wave):
    client.force_login(wim)
    assert client.post(url("invite", school, wave), {"addresses": "an@school.test"}).status_code == 403
    page = client.get(reverse("surveys:waves", kwargs={"school": school.slug})).text
    assert "Verstuur uitnodigingen" not in page
