"""The audit log: role changes (and, through audit.record, werkplan, publication, exports, deletions)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from projects import audit
from projects.models import AuditAction, AuditEntry, Membership, Role


def log_url(school):
    return reverse("projects:audit_log", kwargs={"school": school.slug})


def membership_url(name, school, membership):
    return reverse(f"projects:{name}", kwargs={"school": school.slug, "membership_id": membership.pk})


def test_changing_a_role_is_logged_with_who_and_what(client, alice, bob, school):
    client.force_login(alice)
    membership = Membership.objects.get(user=bob, school=school)
    client.post(membership_url("change_role", school, membership), {"role": Role.WERKGROEPLID})
    entry = AuditEntry.objects.get(school=school)
    assert entry.action == AuditAction.ROLE_CHANGED
    assert entry.user == alice and "Alice" in entry.user_name
    assert "Bob" in entry.what and "medewerker" in entry.what and "werkgroeplid" in entry.what


def test_a_refused_role_change_is_not_logged(client, alice, school):
    client.force_login(alice)
    membership = Membership.objects.get(user=alice, school=school)  # the last project leader
    client.post(membership_url("change_role", school, membership), {"role": Role.MEDEWERKER})
    assert not AuditEntry.objects.exists()


def test_removing_and_inviting_are_logged(client, alice, bob, school, django_capture_on_commit_callbacks):
    client.force_login(alice)
    client.post(membership_url("remove_member", school, Membership.objects.get(user=bob, school=school)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("projects:team", kwargs={"school": school.slug}),
                    {"email": "nieuw@school.test", "role": Role.WERKGROEPLID})
    actions = list(AuditEntry.objects.filter(school=school).values_list("action", flat=True))
    assert actions == [AuditAction.ROLE_GIVEN, AuditAction.ROLE_REMOVED]  # newest first
    assert "nieuw@school.test" in AuditEntry.objects.get(action=AuditAction.ROLE_GIVEN).what


def test_project_leader_and_coach_read_the_log(client, alice, coach, school):
    audit.record(alice, school, AuditAction.WERKPLAN_CHANGED, "Maatregel ‘Takenmarkt’ toegevoegd")
    for reader in (alice, coach):
        client.force_login(reader)
        response = client.get(log_url(school))
        assert response.status_code == 200
        assert "Maatregel ‘Takenmarkt’ toegevoegd" in response.text
        assert "werkplan gewijzigd" in response.text


def test_working_group_teacher_and_school_leader_may_not_read_the_log(client, wim, bob, sam, school):
    for reader in (wim, bob, sam):
        client.force_login(reader)
        assert client.get(log_url(school)).status_code == 403


def test_outsider_gets_404(client, charlie, school):
    client.force_login(charlie)
    assert client.get(log_url(school)).status_code == 404


def test_the_log_shows_only_this_schools_entries(client, alice, charlie, school, other_school):
    audit.record(charlie, other_school, AuditAction.EXPORTED, "Gegevens van Elders gedownload")
    client.force_login(alice)
    assert "Elders" not in client.get(log_url(school)).text


def test_text_in_the_log_is_escaped(client, alice, school):
    audit.record(alice, school, AuditAction.WERKPLAN_CHANGED, "<script>alert(1)</script>")
    client.force_login(alice)
    text = client.get(log_url(school)).text
    assert "<script>alert(1)" not in text and "&lt;script&gt;" in text


def test_an_entry_keeps_the_name_when_the_account_is_deleted(alice, school):
    entry = audit.record(alice, school, AuditAction.RESULTS_PUBLISHED, "Voormeting gepubliceerd")
    alice.delete()
    entry.refresh_from_db()
    assert entry.user is None and "Alice" in entry.user_name


def test_the_log_tab_shows_for_those_who_may_read_it(client, alice, bob, school):
    client.force_login(alice)
    project_page = reverse("projects:project", kwargs={"school": school.slug})
    assert log_url(school) in client.get(project_page).text
    client.force_login(bob)
    assert log_url(school) not in client.get(project_page).text


def test_long_pages_are_paged(client, alice, school):
    for number in range(60):
        audit.record(alice, school, AuditAction.WERKPLAN_CHANGED, f"Wijziging {number:02d}")
    client.force_login(alice)
    first = client.get(log_url(school)).text
    assert "Wijziging 59" in first and "Wijziging 00" not in first
    assert "Wijziging 00" in client.get(log_url(school) + "?pagina=2").text


def test_publishing_and_downloading_results_are_in_the_audit_log(client, alice, school):
    from projects.models import AuditEntry
    from surveys.instruments import current_version
    from surveys.models import Wave

    wave = Wave.objects.create(cycle=school.project.current_cycle, kind="voormeting", instrument=current_version(),
                               closes_on=timezone.localdate() - timedelta(days=1))
    client.force_login(alice)
    client.post(reverse("surveys:publish_results", kwargs={"school": school.slug}), {"wave": wave.pk})
    client.get(reverse("surveys:results_download", kwargs={"school": school.slug, "fmt": "csv"}))
    actions = list(AuditEntry.objects.filter(school=school).values_list("action", flat=True))
    assert "publicatie" in actions and "export" in actions
