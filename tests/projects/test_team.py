import pytest
from django.urls import reverse

from projects.models import Membership, Role
from tests.factories import MembershipFactory, UserFactory


def team_url(school):
    return reverse("projects:team", kwargs={"school": school.slug})


def test_team_page_lists_members_and_roles(client, alice, bob, school):
    client.force_login(bob)
    response = client.get(team_url(school))
    assert "Alice" in response.text and "projectleider" in response.text
    assert "Uitnodigen" not in response.text  # a teacher is not offered the invite form


@pytest.mark.parametrize("role", [Role.MEDEWERKER, Role.MR_LID, Role.WERKGROEPLID, Role.SCHOOLLEIDER,
                                  Role.OPDRACHTGEVER, Role.BESTUURDER])
def test_a_colleague_who_does_not_manage_the_team_sees_names_and_roles_but_no_email_address(
        client, alice, school, role):
    viewer = UserFactory(username="viewer", first_name="Vera")
    MembershipFactory(user=viewer, school=school, role=role)
    invited = UserFactory(username="nog.niet.actief@school.test", email="nog.niet.actief@school.test", first_name="")
    MembershipFactory(user=invited, school=school, role=Role.WERKGROEPLID)
    client.force_login(viewer)
    page = client.get(team_url(school)).text
    assert "Alice" in page and "projectleider" in page
    assert "(geen naam)" in page  # the invited colleague without a name, not their address
    assert "alice@school.test" not in page and "nog.niet.actief" not in page
    assert "E-mailadres" not in page


@pytest.mark.parametrize("manager", ["alice", "coach"])
def test_those_who_manage_the_team_see_the_email_addresses(client, request, alice, coach, bob, school, manager):
    client.force_login(request.getfixturevalue(manager))
    page = client.get(team_url(school)).text
    assert "E-mailadres" in page
    assert "bob@school.test" in page and "alice@school.test" in page


def test_teacher_cannot_invite(client, bob, school):
    client.force_login(bob)
    response = client.post(team_url(school), {"email": "x@school.test", "role": Role.PROJECTLEIDER})
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="x@school.test").exists()


def test_coach_changes_a_role(client, coach, bob, school):
    client.force_login(coach)
    membership = Membership.objects.get(user=bob, school=school)
    url = reverse("projects:change_role", kwargs={"school": school.slug, "membership_id": membership.pk})
    client.post(url, {"role": Role.WERKGROEPLID})
    assert Membership.objects.get(user=bob, school=school).role == Role.WERKGROEPLID


def test_the_last_project_leader_cannot_be_removed(client, alice, coach, school):
    client.force_login(coach)
    membership = Membership.objects.get(user=alice, school=school)
    url = reverse("projects:remove_member", kwargs={"school": school.slug, "membership_id": membership.pk})
    response = client.post(url, follow=True)
    assert "minstens één projectleider" in response.text
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_membership_of_another_school_cannot_be_touched(client, alice, school, charlie, other_school):
    client.force_login(alice)
    foreign = Membership.objects.get(user=charlie, school=other_school)
    url = reverse("projects:remove_member", kwargs={"school": school.slug, "membership_id": foreign.pk})
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()
