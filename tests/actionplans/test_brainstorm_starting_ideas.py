"""Step 3 starts from what the team wrote: the visible answers to "Wat zou jouw werkdruk het meest verlichten?"
become ideas under a bottleneck of the top five, without a group."""

import pytest
from django.urls import reverse

from actionplans.models import Bottleneck, Brainstorm, Idea
from surveys import sealing
from surveys.importing import ResponseRow, save_responses
from surveys.models import OpenAnswer
from tests.surveys.results_data import make_wave

pytestmark = pytest.mark.django_db

WRITTEN = ["Een vaste invalpool.", "Minder vergaderen.", "Samen nakijken in de les.", "Kortere rapporten.",
           "Een rustige werkplek."]


@pytest.fixture
def session(school):
    cycle = school.project.current_cycle
    for rank, label in enumerate(["Tijdsdruk", "Administratie"], start=1):
        Bottleneck.objects.create(cycle=cycle, source="werkgroep", label=label, rank=rank)
    Bottleneck.objects.create(cycle=cycle, source="werkgroep", label="Niet gekozen")  # no rank: not in the top five
    return Brainstorm.open(cycle, "Studiedag", by=None)


def voormeting(school, texts: list[str], closed: bool = True):
    wave = make_wave(school, closed=closed)
    save_responses(wave, [ResponseRow("onderbouw", {"TD1": 3}, {"OPEN2": text, "OPEN1": "Iets anders."})
                          for text in texts])
    sealing.seal([wave])
    return wave


def url(school, session) -> str:
    return reverse("actionplans:brainstorm_starting_ideas", kwargs={"school": school.slug, "pk": session.pk})


def field(answer: OpenAnswer) -> str:
    return f"antwoord-{answer.pk}"


def test_the_project_leader_takes_visible_answers_into_the_brainstorm_without_a_group(as_user, alice, school,
                                                                                       session):
    voormeting(school, WRITTEN)
    client = as_user(alice)
    page = client.get(url(school, session)).text
    assert all(text in page for text in WRITTEN)
    assert "Iets anders." not in page  # only the second question: what would lighten the workload
    top = Bottleneck.objects.get(label="Tijdsdruk")
    first, second = OpenAnswer.objects.filter(item__code="OPEN2").order_by("text")[:2]
    response = client.post(url(school, session), {field(first): top.pk, field(second): ""})
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.text, idea.bottleneck, idea.group, idea.participant) == (first.text, top, "", None)
    # The same answer again adds nothing twice.
    client.post(url(school, session), {field(first): top.pk})
    assert Idea.objects.count() == 1


def test_a_bottleneck_outside_the_top_five_is_refused_and_nothing_is_added(as_user, alice, school, session):
    voormeting(school, WRITTEN)
    answers = list(OpenAnswer.objects.filter(item__code="OPEN2"))
    top = Bottleneck.objects.get(label="Tijdsdruk")
    outside = Bottleneck.objects.get(label="Niet gekozen")
    response = as_user(alice).post(url(school, session), {field(answers[0]): top.pk, field(answers[1]): outside.pk})
    assert response.status_code == 400
    assert "Kies voor elk antwoord een knelpunt uit de top vijf" in response.text
    assert not Idea.objects.exists()


def test_a_hidden_answer_or_an_answer_of_too_few_writers_cannot_be_taken(as_user, alice, school, session):
    voormeting(school, WRITTEN)
    hidden = OpenAnswer.objects.filter(item__code="OPEN2").first()
    hidden.hidden = True
    hidden.save()
    client = as_user(alice)
    assert hidden.text not in client.get(url(school, session)).text
    top = Bottleneck.objects.get(label="Tijdsdruk")
    response = client.post(url(school, session), {field(hidden): top.pk})
    assert response.status_code == 400
    assert not Idea.objects.exists()


def test_nothing_to_take_while_the_voormeting_is_open_or_fewer_than_five_wrote(as_user, alice, school, session):
    wave = voormeting(school, WRITTEN[:4])
    page = as_user(alice).get(url(school, session)).text
    assert "Er zijn (nog) geen antwoorden om over te nemen" in page
    assert WRITTEN[0] not in page
    wave.delete()
    voormeting(school, WRITTEN, closed=False)
    page = as_user(alice).get(url(school, session)).text
    assert "Er zijn (nog) geen antwoorden om over te nemen" in page and WRITTEN[0] not in page


def test_a_teacher_may_not_take_answers_into_the_brainstorm(as_user, bob, school, session):
    voormeting(school, WRITTEN)
    answer = OpenAnswer.objects.filter(item__code="OPEN2").first()
    top = Bottleneck.objects.get(label="Tijdsdruk")
    assert as_user(bob).get(url(school, session)).status_code == 403
    assert as_user(bob).post(url(school, session), {field(answer): top.pk}).status_code == 403
    assert not Idea.objects.exists()


def test_the_taken_ideas_show_on_the_projector_without_a_group(as_user, alice, school, session):
    voormeting(school, WRITTEN)
    answer = OpenAnswer.objects.filter(item__code="OPEN2").order_by("text").first()
    top = Bottleneck.objects.get(label="Tijdsdruk")
    client = as_user(alice)
    client.post(url(school, session), {field(answer): top.pk})
    page = client.get(reverse("actionplans:brainstorm_presenter", kwargs={"school": school.slug, "pk": session.pk}))
    assert answer.text in page.text
