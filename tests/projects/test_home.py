"""Every role lands where its work is (issue 15): teachers on what they can join or read, the
project team on the six steps, those who agree on what waits for them, coaches and board members
on the overview of their schools."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import Brainstorm
from projects.models import Agreement, School

HOME = reverse("projects:my_schools")


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    return School.objects.get(slug="obs-de-regenboog")


def land(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client.get(HOME, follow=True)


def test_teacher_lands_on_the_teacher_home_which_links_to_the_running_brainstorm(client, demo):
    session = Brainstorm.open(demo.project.current_cycle, "Studiedag maart",
                              get_user_model().objects.get(username="projectleider"))
    page = land(client, "medewerker")
    assert page.redirect_chain[-1][0] == demo.get_absolute_url()
    join = reverse("actionplans:join_session", kwargs={"code": session.code})
    assert f'href="{join}"' in page.text
    assert "Studiedag maart" in page.text and "Doe mee" in page.text
    assert f'href="{reverse("actionplans:werkplan", kwargs={"school": demo.slug})}"' in page.text
    assert f'href="{reverse("actionplans:successes", kwargs={"school": demo.slug})}"' in page.text
    # No step management for a teacher.
    assert "Nu te doen" not in page.text and "De zes stappen" not in page.text


def test_teacher_home_offers_no_brainstorm_once_it_is_closed(client, demo):
    session = Brainstorm.open(demo.project.current_cycle, "Studiedag maart",
                              get_user_model().objects.get(username="projectleider"))
    session.close()
    page = land(client, "medewerker")
    assert reverse("actionplans:join_session", kwargs={"code": session.code}) not in page.text


def test_project_leader_sees_the_steps_with_what_to_do_as_links(client, demo):
    page = land(client, "projectleider")
    assert "De zes stappen" in page.text
    assert '<ul class="step__next"><li><a href="/' in page.text


def test_step_under_way_is_not_announced_as_next(client, demo):
    page = land(client, "projectleider")
    assert "Nu bezig: stap 4" in page.text
    assert "Volgende: stap 4" not in page.text


def test_school_leader_sees_the_agreement_that_waits_for_them(client, demo):
    cycle = demo.project.current_cycle
    Agreement.objects.filter(cycle=cycle, party="schoolleider").delete()
    page = land(client, "schoolleider")
    assert "Je instemming wordt gevraagd" in page.text
    assert reverse("projects:start", kwargs={"school": demo.slug}) + "#instemming" in page.text


def test_school_leader_who_agreed_is_told_nothing_waits(client, demo):
    assert Agreement.objects.filter(cycle=demo.project.current_cycle, party="schoolleider").exists()
    page = land(client, "schoolleider")
    assert "Er wacht nu niets op je instemming of check-in." in page.text
    assert "De zes stappen" in page.text


@pytest.mark.parametrize("username", ["coach", "bestuurder"])
def test_coach_and_board_member_land_on_the_overview_of_their_schools(client, demo, username):
    page = land(client, username)
    assert page.redirect_chain[-1][0] == reverse("projects:overview")
    assert "OBS De Regenboog" in page.text and "CBS Het Kompas" in page.text


def test_my_schools_still_lists_the_schools_when_asked(client, demo):
    client.force_login(get_user_model().objects.get(username="bestuurder"))
    page = client.get(HOME + "?alle=1")
    assert page.status_code == 200 and "CBS Het Kompas" in page.text
