from django.urls import reverse

from projects.models import Membership, Role


def team_url(school):
    return reverse("projects:team", kwargs={"school": school.slug})


def test_team_page_lists_members_and_roles(client, alice, bob, school):
    client.force_login(bob)
    response = client.get(team_url(school))
    assert "Alice" in response.text and "projectleider" in response.text
    assert "Uitnodigen" not in response.text  # a teacher is not offered the invite form


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
