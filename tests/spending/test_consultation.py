"""The team's consultation: one voice per link or code, nothing shown while open or under five."""

import re

from django.core import mail
from django.urls import reverse

from projects.anonymity import MIN_GROUP
from spending import consultation
from spending.anonymity import outcome
from spending.models import ConsultationVote, PlanState
from spending.plans import state


def open_with_slips(client, plan, count):
    response = client.post(reverse("spending:open_consultation",
                                   kwargs={"school": plan.school.slug, "year": plan.school_year}), {"slips": count})
    return re.findall(r"<strong>([0-9A-Z ]{34})</strong>", response.content.decode())


def vote(client, code, supports="ja", remark=""):
    client.post(reverse("spending:code"), {"code": code})
    return client.post(reverse("spending:vote"), {"supports": supports, "remark": remark})


def label_text(page: str, field_id: str) -> str:
    label = re.search(rf'<label for="{field_id}">(.*?)</label>', page, re.DOTALL).group(1)
    return " ".join(re.sub(r"<[^>]+>", "", label).split())


def test_the_vote_page_says_once_that_a_remark_is_optional(client, as_user, sam, plan):
    codes = open_with_slips(as_user(sam), plan, 2)
    client.logout()
    dutch = client.post(reverse("spending:code"), {"code": codes[0]}, follow=True).text
    assert label_text(dutch, "id_remark") == "Je opmerking (optioneel)"
    client.cookies.clear()
    english = client.post(reverse("spending:code"), {"code": codes[1]}, follow=True,
                          HTTP_ACCEPT_LANGUAGE="en").text
    assert label_text(english, "id_remark") == "Your comment (optional)"


def test_the_school_leader_opens_it_with_personal_links_by_email(as_user, sam, plan,
                                                                 django_capture_on_commit_callbacks):
    address = reverse("spending:open_consultation", kwargs={"school": plan.school.slug, "year": 2026})
    with django_capture_on_commit_callbacks(execute=True):
        as_user(sam).post(address, {"addresses": "an@school.test, bo@school.test"})
    assert state(plan) == PlanState.CONSULTING
    assert sorted(message.to[0] for message in mail.outbox) == ["an@school.test", "bo@school.test"]
    link = re.search(r"http://\S+/b/\S+/", mail.outbox[0].body).group(0)
    response = as_user(sam).get(link.replace("http://127.0.0.1:8000", ""), follow=True)
    assert "Ik steun dit plan niet" in response.content.decode()


def test_a_code_gives_one_voice(client, as_user, sam, plan):
    codes = open_with_slips(as_user(sam), plan, 2)
    assert len(codes) == 2
    client.logout()
    assert "Bedankt voor je stem" in vote(client, codes[0]).content.decode()
    assert "werkt niet meer" in vote(client, codes[0], supports="nee").content.decode()
    assert ConsultationVote.objects.count() == 1


def test_an_open_consultation_shows_only_how_many_answered(client, as_user, sam, plan):
    codes = open_with_slips(as_user(sam), plan, 7)
    client.logout()
    for code in codes[:6]:
        vote(client, code, remark="Goed plan")
    page = as_user(sam).get(reverse("spending:plan", kwargs={"school": plan.school.slug, "year": 2026})).content
    page = page.decode()
    assert "6 collega's hebben gereageerd" in page
    assert "voor," not in page and "Goed plan" not in page


def test_closing_shows_the_counts_of_the_whole_team_from_five_responses(client, as_user, sam, plan):
    codes = open_with_slips(as_user(sam), plan, 6)
    client.logout()
    for number, code in enumerate(codes):
        vote(client, code, supports="nee" if number == 0 else "ja", remark=f"Opmerking {number}")
    consultation.close(plan.latest.consultation)
    page = as_user(sam).get(reverse("spending:plan", kwargs={"school": plan.school.slug, "year": 2026})).content
    assert "5 voor, 1 tegen" in page.decode() and "Opmerking 3" in page.decode()
    assert state(plan) == PlanState.AWAITING_PMR


def test_under_five_responses_nothing_is_shown_after_closing(client, as_user, sam, plan):
    codes = open_with_slips(as_user(sam), plan, 4)
    client.logout()
    for code in codes:
        vote(client, code, remark="Iets")
    consultation.close(plan.latest.consultation)
    page = as_user(sam).get(reverse("spending:plan", kwargs={"school": plan.school.slug, "year": 2026})).content
    assert "voor," not in page.decode() and "Iets" not in page.decode()
    assert "4 collega's reageerden" in page.decode()


def test_remarks_are_shown_only_when_five_wrote_one():
    votes = [(True, "x" if i < MIN_GROUP - 1 else "") for i in range(10)]
    shown = outcome(votes, is_open=False)
    assert (shown.supports, shown.against, shown.remarks) == (10, 0, [])
    votes[MIN_GROUP - 1] = (False, "y")
    assert sorted(outcome(votes, is_open=False).remarks) == ["x"] * (MIN_GROUP - 1) + ["y"]


def test_closing_rewrites_the_votes_in_random_order(client, as_user, sam, plan):
    codes = open_with_slips(as_user(sam), plan, 5)
    client.logout()
    for code in codes:
        vote(client, code)
    before = set(ConsultationVote.objects.values_list("pk", flat=True))
    consultation.close(plan.latest.consultation)
    assert before.isdisjoint(ConsultationVote.objects.values_list("pk", flat=True))
    assert ConsultationVote.objects.count() == 5


def test_a_closed_consultation_takes_no_vote(client, as_user, sam, plan):
    codes = open_with_slips(as_user(sam), plan, 2)
    consultation.close(plan.latest.consultation)
    client.logout()
    assert "werkt niet meer" in vote(client, codes[0]).content.decode()
    assert not ConsultationVote.objects.exists()


def test_an_unknown_code_gets_a_clear_message(client, plan):
    response = client.post(reverse("spending:code"), {"code": "ABCD"})
    assert "Deze code kennen we niet." in response.content.decode()


def test_the_team_is_consulted_on_a_version_only_once(as_user, sam, plan):
    open_with_slips(as_user(sam), plan, 2)
    response = as_user(sam).post(reverse("spending:open_consultation", kwargs={"school": plan.school.slug,
                                                                               "year": 2026}), {"slips": 2},
                                 follow=True)
    assert "Wijzig het plan eerst" in response.content.decode()
    assert plan.versions.count() == 1


def test_a_consultation_link_is_blanked_in_log_lines():
    from werkdruk.redaction import redact_survey_links

    assert redact_survey_links('"GET /b/Abc-123_x/ HTTP/1.1" 302') == '"GET /b/[token]/ HTTP/1.1" 302'
    assert redact_survey_links("Not Found: /v/geheim/") == "Not Found: /v/[token]/"
    assert redact_survey_links("/scholen/web/werkplan/") == "/scholen/web/werkplan/"


def test_a_used_link_answers_with_a_page_not_an_error(client, as_user, sam, plan):
    codes = open_with_slips(as_user(sam), plan, 1)
    client.logout()
    vote(client, codes[0])
    response = client.get(reverse("spending:respond", kwargs={"token": codes[0].replace(" ", "")}))
    assert response.status_code == 200 and "werkt niet meer" in response.content.decode()
