import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actionplans import brainstorm
from actionplans.models import CODE_ALPHABET, Brainstorm, Idea, Participant, Vote
from surveys.anonymity import MIN_GROUP
from tests.actionplans.factories import BrainstormFactory, top_five


@pytest.fixture
def cycle(school):
    return school.project.current_cycle


@pytest.fixture
def session(cycle):
    top_five(cycle, 2)
    return BrainstormFactory(cycle=cycle, votes_per_device=2)


def join_url(session, name="join_session", **kwargs):
    return reverse(f"actionplans:{name}", kwargs={"code": session.code, **kwargs})


def phone(session, group="onderbouw") -> Client:
    """A teacher's phone: no account, joins with the code and picks a group."""
    client = Client()
    assert client.post(join_url(session), {"group": group}).status_code == 302
    return client


def add_idea(client, session, text, bottleneck=None):
    bottleneck = bottleneck or session.bottlenecks()[0]
    return client.post(join_url(session, "join_idea"), {"bottleneck": bottleneck.pk, "text": text},
                       headers={"HX-Request": "true"})


def test_code_is_six_unambiguous_characters(db):
    code = Brainstorm.new_code()
    assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)


def test_typed_code_is_normalised_and_leads_to_the_session(session):
    response = Client().post(reverse("actionplans:join"), {"code": f" {session.code[:3].lower()} {session.code[3:]}"})
    assert response["Location"] == join_url(session)


def test_project_leader_opens_a_session_and_the_presenter_shows_code_and_qr(as_user, school, cycle, alice):
    top_five(cycle, 1)
    client = as_user(alice)
    response = client.post(reverse("actionplans:brainstorms", kwargs={"school": school.slug}),
                           {"title": "Studiedag maart", "votes_per_device": 3})
    session = Brainstorm.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert session.code in page and "<svg" in page
    assert "Ga naar <strong>127.0.0.1:8000/doe-mee</strong> en typ de code" in page
    assert 'hx-trigger="every 2s"' in page
    assert 'data-fullscreen aria-keyshortcuts="F"' in page and "js/presenter.js" in page


def test_session_cannot_open_without_a_top_five(as_user, school, alice):
    as_user(alice).post(reverse("actionplans:brainstorms", kwargs={"school": school.slug}),
                        {"title": "Te vroeg", "votes_per_device": 3})
    assert not Brainstorm.objects.exists()


def test_teacher_joins_without_account_picks_a_group_and_adds_an_idea(session):
    client = phone(session, "bovenbouw")
    response = add_idea(client, session, "Eén vergadervrije week per maand")
    assert response.status_code == 200 and b"<html" not in response.content
    idea = Idea.objects.get()
    assert (idea.group, idea.text, idea.brainstorm) == ("bovenbouw", "Eén vergadervrije week per maand", session)
    assert "Eén vergadervrije week per maand" in response.content.decode()


def test_joining_always_offers_prefer_not_to_say(session):
    page = Client().get(join_url(session)).content.decode()
    assert "zeg ik liever niet" in page
    add_idea(phone(session, "niet"), session, "Minder mail na zessen")
    assert Participant.objects.get().group == Idea.objects.get().group == "niet"


def test_idea_text_loses_nul_characters_and_is_escaped_and_capped(session):
    client = phone(session)
    add_idea(client, session, "<script>alert(1)</script>\x00 idee")
    idea = Idea.objects.get()
    assert "\x00" not in idea.text
    page = client.get(join_url(session)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert add_idea(client, session, "x" * 501).status_code == 200
    assert Idea.objects.count() == 1


def test_idea_for_a_bottleneck_outside_the_session_is_refused(session, other_school):
    from tests.actionplans.factories import BottleneckFactory

    foreign = BottleneckFactory(cycle=other_school.project.current_cycle, rank=1)
    add_idea(phone(session), session, "Sluipweg", bottleneck=foreign)
    assert not Idea.objects.exists()


def test_votes_are_limited_per_device(session):
    client = phone(session)
    for n in range(3):
        add_idea(client, session, f"Idee {n}")
    session.start_voting()
    ideas = list(Idea.objects.all())
    for idea in ideas:
        client.post(join_url(session, "join_vote", idea=idea.pk), headers={"HX-Request": "true"})
    assert Vote.objects.count() == 2
    last = client.post(join_url(session, "join_vote", idea=ideas[2].pk), headers={"HX-Request": "true"})
    assert "al je stemmen gebruikt" in last.content.decode()
    # taking one back frees it for another idea
    client.post(join_url(session, "join_vote", idea=ideas[0].pk), headers={"HX-Request": "true"})
    client.post(join_url(session, "join_vote", idea=ideas[2].pk), headers={"HX-Request": "true"})
    assert set(Vote.objects.values_list("idea_id", flat=True)) == {ideas[1].pk, ideas[2].pk}


def test_each_device_has_its_own_votes(session):
    first, second = phone(session), phone(session, "middenbouw")
    add_idea(first, session, "Takenmarkt")
    session.start_voting()
    idea = Idea.objects.get()
    for client in (first, second):
        client.post(join_url(session, "join_vote", idea=idea.pk))
    assert Vote.objects.filter(idea=idea).count() == 2
    assert Participant.objects.count() == 2


def test_voting_is_refused_while_collecting_ideas_and_ideas_while_voting(session):
    client = phone(session)
    add_idea(client, session, "Eerste")
    client.post(join_url(session, "join_vote", idea=Idea.objects.get().pk))
    assert not Vote.objects.exists()
    session.start_voting()
    add_idea(client, session, "Te laat")
    assert Idea.objects.count() == 1


def test_closed_code_is_refused_with_a_friendly_page(session):
    client = phone(session)
    session.close()
    response = client.get(join_url(session))
    assert response.status_code == 410
    assert "Deze brainstorm is gesloten" in response.content.decode()
    assert add_idea(client, session, "Nog eentje").status_code == 410
    assert not Idea.objects.exists()


def test_unknown_code_gets_a_friendly_page(db):
    response = Client().get(reverse("actionplans:join_session", kwargs={"code": "ZZZZZZ"}))
    assert response.status_code == 404 and "Deze code kennen we niet" in response.content.decode()


def test_a_closed_sessions_code_may_come_round_again(session, cycle):
    session.close()
    again = Brainstorm.objects.create(cycle=cycle, title="Nieuw", code=session.code)
    assert Brainstorm.objects.live().get(code=session.code) == again


def test_phone_is_told_to_refresh_when_the_phase_changes(session):
    client = phone(session)
    polled = join_url(session, "join_phase") + "?fase=ideeen"
    assert client.get(polled, headers={"HX-Request": "true"}).status_code == 204
    session.start_voting()
    response = client.get(polled, headers={"HX-Request": "true"})
    assert response.headers.get("HX-Refresh") == "true"


def test_guessing_codes_through_the_phase_poll_gets_throttled(session):
    guesser = Client()
    for attempt in range(20):
        unknown = "".join(CODE_ALPHABET[(attempt + n) % len(CODE_ALPHABET)] for n in range(6))
        assert unknown != session.code
        guesser.get(reverse("actionplans:join_phase", kwargs={"code": unknown}) + "?fase=ideeen")
    assert guesser.get(join_url(session, "join_phase") + "?fase=ideeen").status_code == 429
    assert guesser.get(join_url(session)).status_code == 429
    # A colleague's phone in the same session keeps following along.
    assert phone(session).get(join_url(session, "join_phase") + "?fase=ideeen").status_code == 204


def test_presenter_live_fragment_ranks_ideas_by_votes(as_user, school, session, alice):
    first, second = phone(session), phone(session)
    add_idea(first, session, "Minder vergaderen")
    add_idea(first, session, "Takenmarkt", bottleneck=session.bottlenecks()[1])
    session.start_voting()
    popular = Idea.objects.get(text="Takenmarkt")
    for client in (first, second):
        client.post(join_url(session, "join_vote", idea=popular.pk))
    response = as_user(alice).get(
        reverse("actionplans:brainstorm_presenter", kwargs={"school": school.slug, "pk": session.pk}),
        headers={"HX-Request": "true"})
    html = response.content.decode()
    assert b"<html" not in response.content
    assert html.index("Takenmarkt") < html.index("Minder vergaderen")


def test_priority_orders_bottlenecks_by_their_ideas_votes(cycle):
    first, second = top_five(cycle, 2)
    ideas = [Idea(pk=1, bottleneck=first, text="a"), Idea(pk=2, bottleneck=second, text="b"),
             Idea(pk=3, bottleneck=second, text="c")]
    for idea, votes in zip(ideas, (3, 2, 2), strict=True):
        idea.vote_count = votes
    rows = brainstorm.priority([first, second], sorted(ideas, key=lambda i: -i.vote_count))
    assert [(row.bottleneck, row.votes) for row in rows] == [(second, 4), (first, 3)]


def presenter_page(client, school, session) -> str:
    return client.get(reverse("actionplans:brainstorm_presenter", kwargs={"school": school.slug, "pk": session.pk}),
                      headers={"HX-Request": "true"}).content.decode()


def test_idea_hides_group_chosen_by_fewer_than_five(as_user, school, session, alice):
    phones = [phone(session, "middenbouw") for _ in range(MIN_GROUP - 1)]
    add_idea(phones[0], session, "Vaste nakijkmiddag")
    client = as_user(alice)
    for phase in (session.start_voting, session.close):
        page = presenter_page(client, school, session)
        assert "Vaste nakijkmiddag" in page and "middenbouw" not in page
        phase()


def test_idea_shows_group_chosen_by_five(as_user, school, session, alice):
    phones = [phone(session, "bovenbouw") for _ in range(MIN_GROUP)]
    add_idea(phones[0], session, "Vaste nakijkmiddag")
    client = as_user(alice)
    page = presenter_page(client, school, session)
    assert "Vaste nakijkmiddag <span class=\"muted small\">(bovenbouw)</span>" in page
    session.close()
    assert "(bovenbouw)" in presenter_page(client, school, session)


def test_prefer_not_to_say_is_never_shown_as_a_group(as_user, school, session, alice):
    phones = [phone(session, "niet") for _ in range(MIN_GROUP)]
    add_idea(phones[0], session, "Vaste nakijkmiddag")
    assert "liever niet" not in presenter_page(as_user(alice), school, session)


def test_only_groups_that_five_participants_chose_may_be_shown():
    counts = {"onderbouw": 5, "middenbouw": 4, "bovenbouw": 12, "ondersteuning": 1, "niet": 7}
    assert brainstorm.shown_groups(counts) == {"onderbouw", "bovenbouw"}
    assert brainstorm.shown_groups({}) == set()


def test_an_unnamed_idea_is_not_given_away_by_the_groups_named_around_it(as_user, school, session, alice):
    # Five in the onderbouw, six in the bovenbouw, one support teacher: naming both groups would leave every
    # unnamed idea to her, so the smaller named group goes unnamed too.
    phones = {group: [phone(session, group) for _ in range(n)]
              for group, n in (("onderbouw", 5), ("bovenbouw", 6), ("ondersteuning", 1))}
    for group, text in (("onderbouw", "Kleutermiddag"), ("bovenbouw", "Vaste toetsweek"), ("ondersteuning", "IB-uur")):
        add_idea(phones[group][0], session, text)
    page = presenter_page(as_user(alice), school, session)
    assert "Vaste toetsweek <span class=\"muted small\">(bovenbouw)</span>" in page
    assert "(onderbouw)" not in page and "(ondersteuning)" not in page
    assert brainstorm.shown_groups({"onderbouw": 5, "bovenbouw": 6, "niet": 5}) == {"onderbouw", "bovenbouw"}


def test_ideas_votes_and_participants_keep_the_day_but_no_time(session):
    client = phone(session)
    add_idea(client, session, "Takenmarkt")
    session.start_voting()
    client.post(join_url(session, "join_vote", idea=Idea.objects.get().pk))
    assert Participant.objects.get().joined_on == Idea.objects.get().created_on == timezone.localdate()
    for model in (Participant, Idea, Vote):
        assert not any(isinstance(f, models.DateTimeField) for f in model._meta.concrete_fields), model


def test_ideas_are_listed_alphabetically_not_in_the_order_they_were_written(as_user, school, session, alice):
    client = phone(session)
    for text in ("Zelf roosteren", "Appgroep stil na zessen", "Minder mail"):
        add_idea(client, session, text)
    page = presenter_page(as_user(alice), school, session)
    assert page.index("Appgroep") < page.index("Minder mail") < page.index("Zelf roosteren")
    session.start_voting()
    ballot = client.get(join_url(session)).content.decode()
    assert ballot.index("Appgroep") < ballot.index("Minder mail") < ballot.index("Zelf roosteren")


def test_closing_needs_the_project_leader_or_working_group(as_user, school, session, bob, wim):
    phase_url = reverse("actionplans:brainstorm_phase", kwargs={"school": school.slug, "pk": session.pk})
    assert as_user(bob).post(phase_url, {"phase": "gesloten"}).status_code == 403
    as_user(wim).post(phase_url, {"phase": "gesloten"})
    session.refresh_from_db()
    assert session.is_closed and session.closed_at is not None
