"""The team page takes a list of colleagues, pasted or as CSV, all or nothing (issue 15)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Membership, Role
from projects.people_list import Person, parse_people
from surveys.models import Invitation, Wave

User = get_user_model()


@pytest.mark.parametrize("text", [
    "Anna Jansen; anna@school.test\nBen Smit; BEN@school.test",
    "Anna Jansen <anna@school.test>\nBen Smit <ben@school.test>",
    "naam,e-mail,afdeling\nAnna Jansen,anna@school.test,onderbouw\nBen Smit,ben@school.test,bovenbouw",
    "\ufeffE-mail;Naam\nanna@school.test;Anna Jansen\nben@school.test;Ben Smit\n",
])
def test_a_list_is_read_as_names_and_addresses(text):
    assert parse_people(text) == [Person("Anna Jansen", "anna@school.test"), Person("Ben Smit", "ben@school.test")]


def test_every_wrong_line_is_named_in_dutch():
    with pytest.raises(ValidationError) as caught:
        parse_people("Anna; anna@school\nBen; ben@school.test\nCees; geen adres")
    message = caught.value.messages[0]
    assert "Er is niemand uitgenodigd" in message and "regel 1" in message and "regel 3" in message
    assert "regel 2" not in message


def test_project_leader_invites_a_pasted_list(client, alice, school, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("projects:invite_list", kwargs={"school": school.slug}), {
            "people": "Anna Jansen; anna@school.test\nBen Smit; ben@school.test\nCees de Wit; cees@school.test",
            "role": Role.MEDEWERKER})
    assert response.status_code == 302
    assert set(Membership.objects.filter(school=school, role=Role.MEDEWERKER).values_list("user__email", flat=True)) \
        == {"anna@school.test", "ben@school.test", "cees@school.test"}
    assert User.objects.get(email="anna@school.test").first_name == "Anna Jansen"
    assert len(mailoutbox) == 3


def test_a_list_with_one_wrong_line_invites_nobody(client, alice, school, mailoutbox):
    client.force_login(alice)
    response = client.post(reverse("projects:invite_list", kwargs={"school": school.slug}), {
        "people": "Anna; anna@school.test\nBen; ben@", "role": Role.MEDEWERKER})
    assert response.status_code == 400 and "regel 2" in response.text
    assert not User.objects.filter(email="anna@school.test").exists() and not mailoutbox


def test_a_csv_file_is_read_too(client, alice, school):
    client.force_login(alice)
    upload = SimpleUploadedFile("team.csv", "naam;e-mail\nAnna;anna@school.test\n".encode("utf-8-sig"))
    response = client.post(reverse("projects:invite_list", kwargs={"school": school.slug}),
                           {"file": upload, "role": Role.MEDEWERKER})
    assert response.status_code == 302
    assert Membership.objects.filter(school=school, user__email="anna@school.test").exists()


def test_a_teacher_may_not_invite_a_list(client, bob, school):
    client.force_login(bob)
    response = client.post(reverse("projects:invite_list", kwargs={"school": school.slug}),
                           {"people": "Anna; anna@school.test", "role": Role.MEDEWERKER})
    assert response.status_code == 403
    assert not User.objects.filter(email="anna@school.test").exists()


def test_the_list_is_the_surveys_invitation_list_without_departments(client, alice, school):
    from surveys.instruments import current_version

    client.force_login(alice)
    client.post(reverse("projects:invite_list", kwargs={"school": school.slug}), {
        "people": "naam;e-mail;afdeling\nAnna;anna@school.test;onderbouw\nBen;ben@school.test;bovenbouw",
        "role": Role.MEDEWERKER})
    wave = Wave.objects.create(cycle=school.project.current_cycle, kind="voormeting", instrument=current_version())
    page = client.get(reverse("surveys:waves", kwargs={"school": school.slug}))
    form = page.context["rows"][0]["invite_form"]
    assert "anna@school.test" in form.initial["addresses"] and "ben@school.test" in form.initial["addresses"]
    assert "onderbouw" not in form.initial["addresses"]
    client.post(reverse("surveys:invite", kwargs={"school": school.slug, "wave": wave.pk}),
                {"addresses": form.initial["addresses"]})
    assert Invitation.objects.filter(wave=wave).count() == 3  # Anna, Ben and alice, the project leader
    assert not any("bouw" in str(value) for row in Invitation.objects.values() for value in row.values())
    again = client.get(reverse("surveys:waves", kwargs={"school": school.slug}))
    assert again.context["rows"][0]["invite_form"].initial["addresses"] == ""  # everyone on the list is invited
