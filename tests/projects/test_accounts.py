import re

from django.contrib.auth import get_user_model
from django.urls import reverse

from projects.models import Membership, Role


def link_in(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


def test_login_page_is_dutch(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Inloggen" in response.text
    assert '<html lang="nl">' in response.text


def test_user_logs_in_with_username_and_lands_on_their_school(client, alice, school):
    response = client.post(reverse("login"), {"username": "alice", "password": "geheim-wachtwoord-123"}, follow=True)
    assert response.redirect_chain[-1][0] == school.get_absolute_url()


def test_user_logs_in_with_email_address(client, alice):
    response = client.post(reverse("login"), {"username": "ALICE@school.test", "password": "geheim-wachtwoord-123"})
    assert response.status_code == 302


def test_wrong_password_gets_a_dutch_message(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": "fout"})
    assert response.status_code == 200
    assert "kennen we niet" in response.text


def test_log_out_ends_the_session(client, alice):
    client.force_login(alice)
    client.post(reverse("logout"))
    assert client.get(reverse("projects:my_schools")).status_code == 302


def test_project_leader_invites_a_new_colleague_who_sets_a_password(
    client, alice, school, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:team", kwargs={"school": school.slug}),
            {"name": "Nora", "email": "Nora@School.test", "role": Role.WERKGROEPLID},
        )
    assert response.status_code == 302
    nora = get_user_model().objects.get(email="nora@school.test")
    assert not nora.has_usable_password()
    assert Membership.objects.filter(user=nora, school=school, role=Role.WERKGROEPLID).exists()

    (mail,) = mailoutbox
    assert mail.to == ["nora@school.test"]
    assert school.name in mail.subject
    link = link_in(mail)

    client.logout()
    form = client.get(link, follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0] if form.redirect_chain else link,
                           {"new_password1": "Zomer-in-de-klas-2026", "new_password2": "Zomer-in-de-klas-2026"})
    assert response.status_code == 302
    nora.refresh_from_db()
    assert nora.check_password("Zomer-in-de-klas-2026")

    # The link works once: afterwards it says so in Dutch.
    client.logout()
    again = client.get(link, follow=True)
    assert "werkt niet meer" in again.text


def test_inviting_an_existing_user_adds_the_role_without_new_account(
    client, alice, school, charlie, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("projects:team", kwargs={"school": school.slug}),
                    {"email": charlie.email, "role": Role.MEDEWERKER})
    assert get_user_model().objects.filter(email=charlie.email).count() == 1
    assert Membership.objects.filter(user=charlie, school=school, role=Role.MEDEWERKER).exists()
    assert "bestaande account" in mailoutbox[0].body


def test_invite_with_a_bad_address_changes_nothing(client, alice, school, mailoutbox):
    client.force_login(alice)
    response = client.post(reverse("projects:team", kwargs={"school": school.slug}),
                           {"email": "geen-adres", "role": Role.MEDEWERKER})
    assert response.status_code == 200
    assert "geldig e-mailadres" in response.text
    assert not mailoutbox
    assert Membership.objects.filter(school=school).count() == 1


def test_password_reset_by_email(client, alice, mailoutbox):
    client.post(reverse("password_reset"), {"email": alice.email})
    (mail,) = mailoutbox
    link = link_in(mail)
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "Herfst-op-school-2026", "new_password2": "Herfst-op-school-2026"})
    alice.refresh_from_db()
    assert alice.check_password("Herfst-op-school-2026")


def test_there_is_no_self_registration(client, db):
    assert client.get("/registreren/").status_code == 404
    assert client.get("/accounts/signup/").status_code == 404
