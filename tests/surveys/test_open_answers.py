"""The open questions of 2026.2: written with the response, read only after closing, from 5 writers, shuffled,
without department; an answer the project leader hid appears nowhere."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from projects.models import AuditAction, AuditEntry
from surveys import open_answers, sealing, waves
from surveys.importing import ResponseRow, save_responses
from surveys.models import Draft, Invitation, OpenAnswer, Response
from tests.surveys.results_data import add_respondents, make_wave
from tests.surveys.survey_data import answers_for, open_wave, part_url, questionnaire

pytestmark = pytest.mark.django_db

SECRET = "Alleen ik geef op dinsdag gym aan groep 8."


def results_url(school, **query) -> str:
    url = reverse("surveys:results", kwargs={"school": school.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def written(wave, texts: list[str], code: str = "OPEN2", department: str = "") -> None:
    """One response per text, each with some closed answers too."""
    save_responses(wave, [ResponseRow(department, {"TD1": 3}, {code: text}) for text in texts])


def texts(n: int) -> list[str]:
    return [f"Idee nummer {number}: minder vergaderen." for number in range(1, n + 1)]


def test_a_teacher_writes_an_open_answer_and_it_is_stored_with_the_response_only(client, school):
    wave = open_wave(school)
    _invitation, token = Invitation.create_for(wave, "an@school.test")
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    survey = questionnaire(wave)
    last = survey.part(survey.total)
    assert last.codes == ["OPEN1", "OPEN2"]
    page = client.get(part_url(survey.total)).text
    assert "Wat kost jou de meeste energie in je werk?" in page and "<textarea" in page
    client.post(part_url(survey.total), {**answers_for(wave, survey.total, text="  Minder mail.  "), "action": "next"})
    client.post(reverse("surveys:review"))
    response = Response.objects.get()
    assert list(response.open_answers.values_list("item__code", "text", "hidden")) == [
        ("OPEN1", "Minder mail.", False), ("OPEN2", "Minder mail.", False)]
    assert not response.answers.filter(item__kind="open").exists()  # no figure for a text


def test_a_too_long_open_answer_gets_a_dutch_error_and_saves_nothing(client, school):
    wave = open_wave(school)
    _invitation, token = Invitation.create_for(wave)
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    total = questionnaire(wave).total
    response = client.post(part_url(total), {"q-OPEN1": "x" * 2001, "action": "next"})
    assert response.status_code == 400
    assert "is te lang: hoogstens 2000 tekens" in response.text
    assert not Draft.objects.exists()


def test_no_answer_is_visible_while_the_wave_is_open(as_user, alice, school):
    wave = make_wave(school, closed=False)
    written(wave, texts(8))
    page = as_user(alice).get(results_url(school)).text
    assert "Idee nummer" not in page
    assert [q.withheld for q in open_answers.open_questions(wave)] == ["open", "open"]


def test_no_answer_is_visible_when_fewer_than_five_wrote_one(as_user, alice, school):
    wave = make_wave(school)
    add_respondents(wave, 10, TD1=3)
    written(wave, texts(4))
    page = as_user(alice).get(results_url(school)).text
    assert "Idee nummer" not in page
    assert "Minder dan 5 collega's schreven iets" in page
    assert open_answers.visible_answers(wave, "OPEN2") == []


def test_from_five_writers_the_answers_show_after_closing_without_department(as_user, alice, school):
    wave = make_wave(school)
    written(wave, texts(3), department="onderbouw")
    written(wave, texts(5)[3:], department="bovenbouw")
    page = as_user(alice).get(results_url(school)).text
    for text in texts(5):
        assert text in page
    section = page[page.index('id="open-vragen"'):]
    assert "onderbouw" not in section and "bovenbouw" not in section
    assert "5 collega's schreven iets" in section


def test_the_answers_come_in_random_order(school):
    wave = make_wave(school)
    written(wave, texts(12))
    orders = {tuple(answer.text for answer in open_answers.visible_answers(wave, "OPEN2")) for _ in range(6)}
    assert len(orders) > 1


def test_sealing_rewrites_open_answers_with_their_response_and_keeps_them_hidden(school):
    wave = make_wave(school)
    written(wave, texts(6))
    hidden = OpenAnswer.objects.first()
    hidden.hidden = True
    hidden.save()
    before = set(OpenAnswer.objects.values_list("pk", flat=True))
    sealing.seal([wave])
    after = OpenAnswer.objects.filter(response__wave=wave)
    assert sorted(after.values_list("text", flat=True)) == sorted(texts(6))
    assert set(after.values_list("pk", flat=True)).isdisjoint(before)
    assert list(after.filter(hidden=True).values_list("text", flat=True)) == [hidden.text]


@pytest.fixture
def with_secret(school):
    wave = make_wave(school)
    written(wave, [*texts(6), SECRET])
    return wave


def hide(client, school, answer):
    return client.post(reverse("surveys:hide_open_answer", kwargs={"school": school.slug, "answer": answer.pk}))


def test_a_hidden_answer_appears_nowhere(as_user, alice, school, with_secret):
    from evaluation.reports import render_school_report

    client = as_user(alice)
    assert SECRET in client.get(results_url(school)).text
    sealing.seal([with_secret])  # the page sealed it already; the answer's id is the sealed one
    secret = OpenAnswer.objects.get(text=SECRET)
    response = hide(client, school, secret)
    assert response.status_code == 302
    assert SECRET not in client.get(results_url(school)).text
    assert SECRET not in render_school_report(with_secret.cycle)
    assert all(SECRET not in answer.text for answer in open_answers.visible_answers(with_secret, "OPEN2"))
    for fmt in ("csv", "xlsx"):
        download = client.get(reverse("surveys:results_download", kwargs={"school": school.slug, "fmt": fmt}))
        assert SECRET.encode() not in download.content
    out = StringIO()
    call_command("export_results", "--school", school.name, "--wave", "voormeting", stdout=out)
    assert SECRET not in out.getvalue()
    # The log says an answer was hidden, never which words.
    entry = AuditEntry.objects.get(action=AuditAction.OPEN_ANSWER_HIDDEN)
    assert entry.school == school and "OPEN2" in entry.what and SECRET not in entry.what and "gym" not in entry.what
    # Still counted as written: hiding changes what is read, not how many wrote.
    assert {"code": "OPEN2", "written": 7} in open_answers.written_counts(with_secret)


def test_the_report_shows_the_visible_answers(with_secret):
    from evaluation.reports import render_school_report

    html = render_school_report(with_secret.cycle)
    assert "In hun eigen woorden" in html and texts(6)[0] in html


def test_only_the_project_leader_may_hide_an_answer(as_user, bob, sam, wim, school, with_secret):
    sealing.seal([with_secret])
    secret = OpenAnswer.objects.get(text=SECRET)
    for person in (bob, sam, wim):
        assert hide(as_user(person), school, secret).status_code == 403
    secret.refresh_from_db()
    assert not secret.hidden
    assert not AuditEntry.objects.filter(action=AuditAction.OPEN_ANSWER_HIDDEN).exists()


def test_an_answer_of_another_school_cannot_be_hidden_from_here(as_user, alice, charlie, school, other_school,
                                                                 with_secret):
    sealing.seal([with_secret])
    secret = OpenAnswer.objects.get(text=SECRET)
    assert hide(as_user(charlie), school, secret).status_code == 404  # no role at the school
    assert hide(as_user(charlie), other_school, secret).status_code == 404  # not an answer of their school
    secret.refresh_from_db()
    assert not secret.hidden


def test_export_results_counts_the_writers_and_never_shows_a_text(school, with_secret):
    out = StringIO()
    call_command("export_results", "--school", school.name, "--wave", "voormeting", stdout=out)
    data = json.loads(out.getvalue())
    assert data["open"] == [{"code": "OPEN1", "written": 0}, {"code": "OPEN2", "written": 7}]
    assert "Idee nummer" not in out.getvalue()


def test_a_board_export_has_no_open_answers(school, with_secret):
    out = StringIO()
    call_command("export_results", "--board", school.board.name, "--wave", "voormeting", stdout=out)
    assert "open" not in json.loads(out.getvalue())
    assert "Idee nummer" not in out.getvalue()


def test_import_responses_reads_the_open_columns(tmp_path, school):
    path = tmp_path / "papier.csv"
    path.write_text("department,TD1,OPEN1,OPEN2\nonderbouw,3,Te veel mail,Een vaste invalpool\n"
                    "bovenbouw,4,,\n,,,Alleen een tekst\n", encoding="utf-8")
    call_command("import_responses", str(path), "--school", school.name, "--wave", "voormeting", stdout=StringIO())
    assert Response.objects.count() == 3
    assert sorted(OpenAnswer.objects.values_list("item__code", "text")) == [
        ("OPEN1", "Te veel mail"), ("OPEN2", "Alleen een tekst"), ("OPEN2", "Een vaste invalpool")]


def test_import_refuses_a_text_longer_than_the_survey_allows_and_stores_nothing(tmp_path, school):
    from django.core.management import CommandError

    path = tmp_path / "papier.csv"
    path.write_text("TD1,OPEN1\n3," + "x" * 2001 + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="langer dan 2000 tekens"):
        call_command("import_responses", str(path), "--school", school.name, "--wave", "voormeting",
                     stdout=StringIO())
    assert not Response.objects.exists()


def test_a_running_wave_keeps_its_version_and_a_new_wave_gets_the_open_questions(school):
    from surveys import instruments

    old = instruments.load_version(instruments.INSTRUMENT_DIR / "v1.json")
    running = open_wave(school)
    running.instrument = old
    running.save()
    assert "OPEN1" not in questionnaire(running).view.open_codes
    waves.close_wave(running)
    nameting = waves.start_wave(school.project.current_cycle, "nameting", opens_on=running.opens_on)
    assert nameting.instrument == old  # the nameting measures with the voormeting's version
    assert instruments.current_version().version == "2026.2"
    assert open_answers.open_questions(running) == []
