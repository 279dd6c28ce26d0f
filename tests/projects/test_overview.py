from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import digest
from projects.models import OverseerSettings, Role, StepTarget
from tests.factories import CycleFactory, MembershipFactory, SchoolFactory, UserFactory


def overview(client):
    return client.get(reverse("projects:overview"))


def test_coach_sees_each_school_they_support_and_nothing_else(client, coach, school, other_school):
    client.force_login(coach)
    page = overview(client)
    assert page.status_code == 200
    assert school.name in page.text
    assert other_school.name not in page.text


def test_teacher_has_no_overview(client, bob):
    client.force_login(bob)
    assert overview(client).status_code == 404


def test_step_past_its_target_date_is_an_alert(client, coach, school):
    StepTarget.objects.create(
        cycle=school.project.current_cycle, step=1, target_date=timezone.localdate() - timedelta(days=3))
    client.force_login(coach)
    page = client.get(reverse("projects:overview"), {"alleen": "signalen"})
    assert "Stap 1 is over de streefdatum" in page.text


def test_filtering_with_htmx_returns_only_the_table(client, coach, school):
    client.force_login(coach)
    response = client.get(reverse("projects:overview"), {"sorteer": "stap"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert school.name in response.text


@pytest.fixture
def coach_with_many_schools(db):
    def make(count: int):
        coach = UserFactory(username=f"coach{count}")
        for _ in range(count):
            school = SchoolFactory()
            CycleFactory(project__school=school)
            MembershipFactory(user=coach, school=school, role=Role.PROCESBEGELEIDER)
            MembershipFactory(school=school, role=Role.PROJECTLEIDER)
        return coach
    return make


def test_overview_queries_do_not_grow_with_the_number_of_schools(client, coach_with_many_schools,
                                                                 django_assert_max_num_queries):
    few = coach_with_many_schools(3)
    many = coach_with_many_schools(60)
    client.force_login(few)
    # 16: the workload funds' column adds one (and its prefetches once schools have plans).
    with django_assert_max_num_queries(16) as few_queries:
        assert overview(client).status_code == 200
    client.force_login(many)
    with django_assert_max_num_queries(16) as many_queries:
        page = overview(client)
    assert page.text.count("<tr") == 61
    assert len(many_queries.captured_queries) == len(few_queries.captured_queries)


def test_digest_goes_only_to_overseers_with_alerts_who_did_not_switch_it_off(coach, school, mailoutbox):
    StepTarget.objects.create(
        cycle=school.project.current_cycle, step=1, target_date=timezone.localdate() - timedelta(days=3))
    assert digest.send_digest(coach)
    assert "Stap 1 is over de streefdatum" in mailoutbox[0].body
    assert coach in digest.recipients()
    OverseerSettings.objects.create(user=coach, weekly_digest=False)
    assert coach not in digest.recipients()


def test_coach_switches_the_digest_off(client, coach, school):
    client.force_login(coach)
    client.post(reverse("projects:digest_preference"), {})
    assert OverseerSettings.objects.get(user=coach).weekly_digest is False
