from django.core.management import call_command
from django.urls import reverse

from projects.steps import STEPS


def test_project_page_shows_the_six_steps(client, alice, school):
    client.force_login(alice)
    response = client.get(reverse("projects:project", kwargs={"school": school.slug}))
    assert response.status_code == 200
    for step in STEPS:
        assert str(step.title) in response.text
    assert "coming soon" not in response.text.lower()


def test_a_coach_lands_on_the_overview_of_every_school(client, db):
    call_command("load_demo", verbosity=0)
    client.login(username="coach", password="werkdruk-demo")
    response = client.get(reverse("projects:my_schools"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("projects:overview")
    for name in ["OBS De Regenboog", "CBS Het Kompas", "Kindcentrum De Vlinderboom", "Sint-Jozefschool",
                 "Basisschool De Wilgenhof"]:
        assert name in response.text


def test_load_demo_is_idempotent_and_gives_the_named_accounts(db):
    from django.contrib.auth import get_user_model

    from projects.models import Membership, School

    call_command("load_demo", verbosity=0)
    counts = (School.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    call_command("load_demo", verbosity=0)
    assert (School.objects.count(), Membership.objects.count(), get_user_model().objects.count()) == counts
    assert counts[0] == 6  # the five pilot schools and the small school of its own board
    assert School.objects.filter(board__name="Stichting Samen Leren").count() == 5
    for username in ["coach", "projectleider", "schoolleider", "medewerker", "bestuurder"]:
        assert get_user_model().objects.get(username=username).check_password("werkdruk-demo")
