"""A response row holds nothing that links it to a token, a person or a time of day
(docs/privacy.md, "What is stored")."""

import datetime

from django.db import connection
from django.test import Client

from surveys.models import Answer, Invitation, Response
from tests.surveys.survey_data import answer_everything, open_wave


def concrete_fields(model) -> dict[str, str]:
    return {field.name: field.get_internal_type() for field in model._meta.concrete_fields}


def test_response_model_holds_only_wave_department_and_day():
    assert concrete_fields(Response) == {
        "id": "BigAutoField", "wave": "ForeignKey", "department": "CharField", "submitted_on": "DateField",
    }


def test_answer_model_holds_only_response_item_and_value():
    assert concrete_fields(Answer) == {
        "id": "BigAutoField", "response": "ForeignKey", "item": "ForeignKey", "value": "PositiveSmallIntegerField",
    }


def test_invitation_knows_whether_it_was_used_but_not_which_response_or_when():
    fields = concrete_fields(Invitation)
    assert "used" in fields
    assert not any(kind == "DateTimeField" for kind in fields.values())
    assert not any(field.related_model is Response for field in Invitation._meta.get_fields())


def test_a_stored_response_row_holds_no_token_person_or_time_of_day(alice, school):
    wave = open_wave(school)
    invitation, token = Invitation.create_for(wave, "an.de.vries@school.test")
    answer_everything(Client(), wave, token)

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_response")
        columns = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    assert sorted(columns) == ["department", "id", "submitted_on", "wave_id"]
    [row] = rows
    stored = dict(zip(columns, row, strict=True))
    assert stored["wave_id"] == wave.pk and stored["department"] == "bovenbouw"
    # SQLite hands back the text it stored: a bare date, no hours or minutes.
    assert str(stored["submitted_on"]) == datetime.date.today().isoformat()
    for secret in [token, invitation.token_hash, "an.de.vries", alice.username, alice.email]:
        assert secret not in repr(row)

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_answer")
        answer_columns = [column[0] for column in cursor.description]
    assert sorted(answer_columns) == ["id", "item_id", "response_id", "value"]
