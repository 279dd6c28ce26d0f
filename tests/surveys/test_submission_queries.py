"""What one submission costs the database, and that the cheaper path keeps its guarantees.

Before issue 18 a submission read its invitation twice: once for the page, once locked to submit
(13 queries in a test, its savepoints included). The view now leaves the read to the locked one, and
on PostgreSQL the invitation marked used, the response, its answers and open answers and the deleted
draft are one statement (`answering._store_in_one_statement`).
"""

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from surveys import answering
from surveys.models import Answer, Draft, Invitation, OpenAnswer, Response
from tests.surveys.survey_data import answers_for, invitation, open_wave, part_url, questionnaire

pytestmark = pytest.mark.django_db

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
# Session; lock the invitation with its wave, school and draft; the wave not sealed; then on PostgreSQL
# one statement that stores it all, elsewhere: mark used, the response, its answers, its open answers,
# the draft deleted; the session saved; and the savepoints of the two transactions.
SUBMISSION_QUERIES = 9 if ON_POSTGRES else 13


@pytest.fixture
def ready_to_submit(client, school):
    wave = open_wave(school)
    _invitation, token = invitation(wave)
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    for number in range(1, questionnaire(wave).total + 1):
        client.post(part_url(number), {**answers_for(wave, number, text="Minder vergaderen"), "action": "next"})
    client.get(reverse("surveys:review"))
    return wave


def test_a_submission_stays_within_its_query_budget(client, ready_to_submit, django_assert_max_num_queries):
    with django_assert_max_num_queries(SUBMISSION_QUERIES):
        response = client.post(reverse("surveys:review"))

    assert response.status_code == 302 and response.url == reverse("surveys:thanks")
    stored = Response.objects.get(wave=ready_to_submit)
    posted = sum(1 for number in range(1, questionnaire(ready_to_submit).total + 1)
                 for field in answers_for(ready_to_submit, number, text="x") if field.startswith("q-"))
    stored_answers = Answer.objects.filter(response=stored).count() + OpenAnswer.objects.filter(response=stored).count()
    assert stored_answers == posted  # all answers, in one go
    assert not Draft.objects.exists()
    assert Invitation.objects.get().used


def test_a_second_submission_of_the_same_link_stores_nothing(client, ready_to_submit):
    client.post(reverse("surveys:review"))

    again = client.post(reverse("surveys:review"))

    # Whichever way one comes back, the page says the answers were sent; they are stored once.
    assert again.status_code == 302 and again.url == reverse("surveys:thanks")
    assert Response.objects.filter(wave=ready_to_submit).count() == 1


def test_the_store_stores_nothing_for_a_used_invitation(client, ready_to_submit):
    """On PostgreSQL the one statement (CI's second run), on SQLite the ORM's steps: the same guarantee."""
    used = Invitation.objects.select_related("wave", "draft").get()
    Invitation.objects.filter(pk=used.pk).update(used=True)  # as if used between the locked read and the store

    with pytest.raises(answering.Refused), transaction.atomic():
        rows = answering.Questionnaire.for_wave(used.wave).answer_rows(used.draft.answers)
        answering.store_for_this_database()(used, used.draft, "bovenbouw", rows, {})

    assert not Response.objects.exists()
    assert Draft.objects.filter(invitation=used).exists()  # the half-filled survey is kept
