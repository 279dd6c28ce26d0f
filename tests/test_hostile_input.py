"""Hostile input never breaks a page and never leaves half a change behind (issue 9, bad input).

Hypothesis throws random and hostile values at the places where outside input is stored:
the CSV import, the survey posts, the werkplan's measure forms and the brainstorm on the
phone. Values are random text and known trouble: script tags, NUL and right-to-left
characters, 10,000 characters, numbers that are not numbers, fields left out or sent twice,
unknown fields, and more than 1,000 fields (Django's DATA_UPLOAD_MAX_NUMBER_FIELDS).

The test client re-raises any exception a view lets through, so "never a server error" is
simply that the request returns. Objects are made once per test; each example runs inside a
savepoint that is rolled back, so examples stay independent and fast.
"""

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from actionplans.brainstorm import SESSION_KEY as BRAINSTORM_SESSION_KEY
from actionplans.models import (
    IDEA_MAX_LENGTH,
    Brainstorm,
    Group,
    Idea,
    Measure,
    MeasureActivity,
    MeasureStatus,
    Participant,
    Phase,
    Vote,
)
from projects.models import AuditEntry, Board, Cycle, Membership, Project, School
from surveys.answering import DEPARTMENT_OPTIONS, ENERGY_OPTIONS, LIKERT_VALUES, clean_text
from surveys.answering import SESSION_KEY as SURVEY_SESSION_KEY
from surveys.models import OPEN_ANSWER_MAX_LENGTH, Answer, Department, Draft, Invitation, OpenAnswer, Response, Wave
from tests.actionplans.factories import BottleneckFactory, BrainstormFactory, MeasureFactory, top_five
from tests.surveys.survey_data import invitation, open_wave, questionnaire

HOSTILE = hypothesis_settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- hostile values ------------------------------------------------------------------------------

TROUBLE = [
    "<script>alert(1)</script>",
    '"><script>alert(2)</script>',
    "<img src=x onerror=alert(3)>",
    "</textarea><svg onload=alert(4)>",
    "\x00", "a\x00b", "\x00" * 20,
    "\u202e", "\u202egnp.exe\u202c", "\ufeff", "\u200b\u200d", "\u2028\u2029",
    "x" * 10_000, "é" * 10_000, "<script>" * 1_250,
    "' OR '1'='1", "1; DROP TABLE surveys_response; --", "%00", "%s%s%n",
    '=HYPERLINK("http://evil.test")', "+1", "-1", "@SUM(A1)",
    "{{ request }}", "{% csrf_token %}", "../../../etc/passwd", "C:\\Windows\\win.ini",
    "\r\n\r\n", "\t", " ", "", "😀" * 50, "ｓｃｒｉｐｔ",
    "NaN", "Infinity", "1e309", "0x10", "٣", "²", "-0", "3.0", " 3 ", "9" * 5_000, "99999999999999999999",
    "true", "null", "[]", "{}", "2026-02-30", "99999-01-01", "0000-00-00",
]
# Lone surrogates cannot travel in UTF-8 (a browser sends U+FFFD instead): everything else may.
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])
random_text = st.text(ANY_CHARACTER, max_size=40)
hostile_text = st.one_of(
    st.sampled_from(TROUBLE),
    random_text,
    st.tuples(st.sampled_from(TROUBLE), random_text).map("".join),
)
FLOOD_SIZES = st.integers(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1, settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 300)


def form_fields(known: dict[str, st.SearchStrategy[str]]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """What a form might receive: each of its fields left out, sent once or sent twice, with a good or a
    hostile value; some fields it does not know; and now and then more fields than Django accepts."""

    def field(name: str, good: st.SearchStrategy[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
        value = st.one_of(good, good, hostile_text)
        return st.one_of(
            st.lists(value, min_size=1, max_size=1),
            st.just([]),
            st.lists(value, min_size=2, max_size=3),
        ).map(lambda values: [(name, v) for v in values])

    own = st.tuples(*(field(name, good) for name, good in known.items())).map(lambda groups: sum(groups, []))
    strangers = st.lists(st.tuples(hostile_text, hostile_text), max_size=3)
    flood = st.one_of(st.just([]), st.just([]), st.just([]),
                      FLOOD_SIZES.map(lambda n: [(f"extra{i}", "x") for i in range(n)]))
    return st.tuples(own, strangers, flood).map(lambda parts: parts[0] + parts[1] + parts[2])


def too_many(pairs: list[tuple[str, str]]) -> bool:
    return len(pairs) > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


def post(client: Client, url: str, pairs: list[tuple[str, str]], htmx: bool = False):
    """POST the fields exactly as given: order, repeats and all."""
    return client.post(url, urlencode(pairs), content_type="application/x-www-form-urlencoded",
                       headers={"HX-Request": "true"} if htmx else {})


@contextmanager
def rolled_back() -> Iterator[None]:
    """One example's writes, undone afterwards (the test's own transaction stays open)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


def assert_escaped(response) -> None:
    """Hostile markup comes out as text: the only script tags are the page's own, loaded from /static/."""
    html = response.content.decode()
    for tag in SCRIPT_TAG.findall(html):
        assert 'src="/static/' in tag, f"unexpected {tag} in {response.request['PATH_INFO']}"
    assert "<img src=x" not in html and "<svg onload" not in html


def assert_clean_bad_request(response) -> None:
    assert response.status_code == 400
    assert "Traceback" not in response.content.decode()


def counts(*models) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


# --- the CSV import ------------------------------------------------------------------------------

IMPORT_TABLES = (Board, School, Project, Cycle, Wave, Response, Answer, OpenAnswer)


@pytest.fixture
def instrument(db):
    from surveys.instruments import current_version, instrument

    return instrument(current_version().pk)


def import_cells(kind: str, clean: bool) -> st.SearchStrategy[str]:
    good = {"energy": st.sampled_from(["giver", "neutral", "taker", "GIVER", " taker ", ""]),
            "likert": st.sampled_from(["1", "2", "3", "4", "5", " 3 ", ""]),
            "open": st.sampled_from(["Minder vergaderen.", " Een vaste invalpool ", ""]),
            "department": st.sampled_from([*Department.values, "", "Bovenbouw"])}[kind]
    return good if clean else st.one_of(good, good, hostile_text)


@st.composite
def csv_files(draw, codes: dict[str, str]) -> bytes:
    """A CSV as a school might send it, or mangle it: good and bad columns, rows and cells, or raw bytes."""
    names = sorted(codes)
    flavour = draw(st.sampled_from(["clean", "clean", "hostile cells", "hostile columns", "wide", "raw", "encoding"]))
    header = draw(st.lists(st.sampled_from([*names, "department"]), min_size=1, max_size=8, unique=True))
    if flavour == "hostile columns":
        header = draw(st.lists(st.one_of(st.sampled_from(names), st.just("department"), hostile_text), max_size=8))
    kinds = [codes.get(name, "department" if name == "department" else "likert") for name in header]
    clean = flavour == "clean"
    row = st.tuples(*(import_cells(kind, clean) for kind in kinds)).map(list)
    if not clean:
        row = st.one_of(row, st.lists(hostile_text, max_size=len(header) + 2))
    rows = draw(st.lists(row, min_size=int(clean), max_size=5))
    if flavour == "wide":  # over a thousand columns: known ones repeated, or unknown ones
        width, known = draw(st.integers(1_001, 1_100)), draw(st.booleans())
        header = [names[i % len(names)] if known else f"X{i}" for i in range(width)]
        rows = [[draw(st.sampled_from(["3", "taker", "", "<script>alert(5)</script>"]))] * width]
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    body = draw(st.one_of(random_text, st.sampled_from(TROUBLE))) if flavour == "raw" else text.getvalue()
    encoding = draw(st.sampled_from(["utf-16", "latin-1", "cp1252"])) if flavour == "encoding" else "utf-8"
    return body.encode(encoding, errors="replace")


@HOSTILE
@given(data=st.data())
def test_csv_import_stores_all_rows_or_nothing_whatever_the_file_holds(instrument, school, tmp_path, data):
    codes = {item["code"]: item["kind"] for item in instrument.items}
    path = tmp_path / "antwoorden.csv"
    with rolled_back():
        path.write_bytes(data.draw(csv_files(codes), label="file"))
        # An argument on the command line cannot hold NUL.
        school_name = data.draw(st.one_of(st.just(school.name), st.just(school.name),
                                          hostile_text.map(lambda name: name.replace("\x00", ""))), label="school")
        before = counts(*IMPORT_TABLES)
        try:
            call_command("import_responses", str(path), "--school", school_name, "--wave", "voormeting",
                         stdout=io.StringIO())
        except CommandError as refused:
            assert str(refused).strip()
            assert counts(*IMPORT_TABLES) == before, "a refused import changed the database"
            return
        event("imported")
        wave = Wave.objects.get(cycle__project__school__name=school_name, kind="voormeting")
        assert wave.responses.count() == counts(Response)[0] - before[5] > 0
        for code, value in Answer.objects.filter(response__wave=wave).values_list("item__code", "value"):
            assert codes[code] != "open" and value in ((1, 2, 3) if codes[code] == "energy" else (1, 2, 3, 4, 5))
        for code, text in OpenAnswer.objects.filter(response__wave=wave).values_list("item__code", "text"):
            assert codes[code] == "open" and text == text.strip() and 0 < len(text) <= OPEN_ANSWER_MAX_LENGTH
        assert set(wave.responses.values_list("department", flat=True)) <= {"", *Department.values}


def test_a_cell_too_big_for_the_csv_reader_is_refused_with_a_dutch_message(school, tmp_path):
    path = tmp_path / "antwoorden.csv"
    path.write_text("E01,TD1\n" + "x" * 200_000 + ",3\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Er is niets geïmporteerd"):
        call_command("import_responses", str(path), "--school", school.name, "--wave", "voormeting")
    assert not Response.objects.exists() and not Wave.objects.exists()


def test_a_school_name_too_long_for_the_database_is_refused(db, tmp_path):
    path = tmp_path / "antwoorden.csv"
    path.write_text("E01\ntaker\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Er is niets geïmporteerd"):
        call_command("import_responses", str(path), "--school", "x" * 10_000, "--wave", "voormeting")
    assert counts(*IMPORT_TABLES) == (0,) * len(IMPORT_TABLES)


# --- the survey posts ----------------------------------------------------------------------------

@pytest.fixture
def answering(client, school):
    """A teacher who followed the link: the client's session holds the invitation."""
    wave = open_wave(school)
    invited, token = invitation(wave)
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    return client, wave, invited


def survey_fields(codes: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    answer = st.sampled_from([value for value, _label in ENERGY_OPTIONS] + list(LIKERT_VALUES))
    known = {f"q-{code}": answer for code in codes}
    known["department"] = st.sampled_from([value for value, _label in DEPARTMENT_OPTIONS])
    known["action"] = st.sampled_from(["next", "back", ""])
    return form_fields(known)


def posted_is_valid(pairs: list[tuple[str, str]], part) -> bool:
    """What the survey must accept: answers of this part's questions only, each once, from its radios."""
    allowed = {item["code"]: ({v for v, _l in ENERGY_OPTIONS} if item["kind"] == "energy" else set(LIKERT_VALUES))
               for item in part.items}
    open_codes = {item["code"] for item in part.items if item["kind"] == "open"}
    sent: dict[str, list[str]] = {}
    for name, value in pairs:
        sent.setdefault(name, []).append(value)
    for name, values in sent.items():
        if name == "department" and part.asks_department:
            if len(values) != 1 or values[0] not in {v for v, _l in DEPARTMENT_OPTIONS}:
                return False
        elif name.startswith("q-"):
            code = name.removeprefix("q-")
            if code in open_codes:  # any text, once, up to the maximum
                if len(values) != 1 or len(clean_text(values[0])) > OPEN_ANSWER_MAX_LENGTH:
                    return False
            elif code not in allowed or len(values) != 1 or values[0] not in allowed[code]:
                return False
    return True


def draft_state(invited: Invitation) -> tuple | None:
    draft = Draft.objects.filter(invitation=invited).first()
    return (draft.answers, draft.department, draft.section) if draft else None


def assert_valid_draft(invited: Invitation, view) -> None:
    draft = Draft.objects.filter(invitation=invited).first()
    if draft is None:
        return
    kinds = {item["code"]: item["kind"] for item in view.items}
    for code, value in draft.answers.items():
        assert code in kinds
        if kinds[code] == "open":
            assert value == value.strip() and 0 < len(value) <= OPEN_ANSWER_MAX_LENGTH
            continue
        assert value in ({v for v, _l in ENERGY_OPTIONS} if kinds[code] == "energy" else set(LIKERT_VALUES))
    assert draft.department in {"", *(value for value, _label in DEPARTMENT_OPTIONS)}  # "niet" is remembered


@HOSTILE
@given(data=st.data(), htmx=st.booleans())
def test_a_survey_part_takes_only_what_its_radios_can_send(answering, data, htmx):
    client, wave, invited = answering
    survey = questionnaire(wave)
    number = data.draw(st.integers(0, survey.total + 1), label="part")
    part = survey.part(number)
    own = data.draw(st.lists(st.sampled_from(part.codes), max_size=6), label="codes") if part and part.codes else []
    foreign = data.draw(st.lists(st.sampled_from(sorted(survey.view.item_ids)), max_size=2), label="other codes")
    pairs = data.draw(survey_fields(sorted({*own, *foreign})), label="fields")
    with rolled_back():
        before, responses = draft_state(invited), counts(Response, Answer)
        response = post(client, reverse("surveys:part", kwargs={"number": number}), pairs, htmx)
        event(f"answered {response.status_code}")
        assert counts(Response, Answer) == responses, "a part posted a response"
        if part is None:
            assert response.status_code == 302 and draft_state(invited) == before
        elif too_many(pairs):
            assert_clean_bad_request(response)
            assert draft_state(invited) == before
        elif posted_is_valid(pairs, part):
            assert response.status_code in (200, 302)
            assert_valid_draft(invited, survey.view)
            kept = Draft.objects.get(invitation=invited)
            for name, value in pairs:
                code = name.removeprefix("q-")
                if name.startswith("q-") and code in survey.view.open_codes:
                    assert kept.answers.get(code) == (clean_text(value) or None)
                elif name.startswith("q-"):
                    assert kept.answers[code] == value
                elif name == "department" and part.asks_department:
                    assert kept.department == value
        else:
            assert response.status_code == (200 if htmx else 400)
            assert draft_state(invited) == before, "a refused part changed the draft"
            assert_escaped(response)


@st.composite
def part_posts(draw, survey) -> tuple[int, list[tuple[str, str]]]:
    """A post of one part: mostly answers a teacher could give, now and then anything at all."""
    number = draw(st.integers(1, survey.total))
    part = survey.part(number)
    if draw(st.integers(0, 3)) == 0:
        codes = draw(st.lists(st.sampled_from(part.codes or sorted(survey.view.item_ids)), max_size=4, unique=True))
        return number, draw(survey_fields(codes))
    if part.asks_department:
        return number, [("department", draw(st.sampled_from([v for v, _l in DEPARTMENT_OPTIONS]))), ("action", "next")]
    answers = {item["code"]: [v for v, _l in ENERGY_OPTIONS] if item["kind"] == "energy" else list(LIKERT_VALUES)
               for item in part.items}
    chosen = draw(st.lists(st.sampled_from(sorted(answers)), min_size=1, unique=True))
    return number, [(f"q-{code}", draw(st.sampled_from(answers[code]))) for code in chosen] + [("action", "next")]


@HOSTILE
@given(data=st.data())
def test_a_submission_after_any_posts_stores_one_valid_response_or_nothing(answering, data):
    client, wave, invited = answering
    survey = questionnaire(wave)
    with rolled_back():
        for number, pairs in data.draw(st.lists(part_posts(survey), max_size=3), label="posts"):
            response = post(client, reverse("surveys:part", kwargs={"number": number}), pairs)
            assert response.status_code in (200, 302, 400)
        before, draft = counts(Response, Answer), draft_state(invited)
        response = client.post(reverse("surveys:review"))
        stored = Response.objects.filter(wave=wave)
        event(f"submitted: {response.status_code == 302}")
        if response.status_code == 302:
            assert counts(Response)[0] == before[0] + 1
            kinds = {item["code"]: item["kind"] for item in survey.view.items}
            for code, value in Answer.objects.filter(response__in=stored).values_list("item__code", "value"):
                assert value in ((1, 2, 3) if kinds[code] == "energy" else (1, 2, 3, 4, 5))
            assert stored.get().department in {"", *Department.values}
            assert Invitation.objects.get(pk=invited.pk).used and draft_state(invited) is None
        else:
            assert response.status_code == 400 and not (draft and draft[0])
            assert counts(Response, Answer) == before and not Invitation.objects.get(pk=invited.pk).used


@HOSTILE
@given(code=hostile_text, extra=form_fields({"code": hostile_text}))
def test_the_code_form_refuses_any_code_without_an_error(client, db, code, extra):
    cache.clear()  # each example starts unthrottled, so the form itself is reached
    pairs = [("code", code), *extra]
    with rolled_back():
        response = post(client, reverse("surveys:code"), pairs)
        if too_many(pairs):
            assert_clean_bad_request(response)
        else:
            assert response.status_code == 200
            assert_escaped(response)
        assert SURVEY_SESSION_KEY not in client.session


def test_more_than_a_thousand_fields_give_a_clean_400_where_csrf_is_checked(school):
    """In production the CSRF check reads the form first: the refusal comes from there, before any view."""
    wave = open_wave(school)
    _invited, token = invitation(wave)
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("surveys:enter", kwargs={"token": token}))
    client.get(reverse("surveys:part", kwargs={"number": 4}))
    csrf = client.cookies[settings.CSRF_COOKIE_NAME].value
    flood = [("csrfmiddlewaretoken", csrf)] + [(f"q-TD{i}", "3") for i in range(1_200)]
    for url in (reverse("surveys:part", kwargs={"number": 4}), reverse("surveys:review"), reverse("surveys:code")):
        assert_clean_bad_request(post(client, url, flood))
    assert not Draft.objects.exists() and not Response.objects.exists()


def test_bytes_that_are_not_utf8_are_refused_like_any_other_wrong_answer(answering):
    """Django decodes a form with replacement characters: the survey sees a value no radio sends."""
    client, wave, invited = answering
    for number, body in ((4, b"q-TD1=%FF%FE&action=next"), (4, b"q-%C3%28=3"), (1, b"department=%ED%A0%80")):
        response = client.post(reverse("surveys:part", kwargs={"number": number}), body,
                               content_type="application/x-www-form-urlencoded")
        assert response.status_code == 400
    assert not Draft.objects.exists()


# --- the werkplan --------------------------------------------------------------------------------

WERKPLAN_TABLES = (Measure, MeasureActivity, AuditEntry)


@pytest.fixture
def werkplan(client, school, alice, charlie, other_school):
    cycle = school.project.current_cycle
    bottlenecks = top_five(cycle, 3)
    measure = MeasureFactory(cycle=cycle, bottleneck=bottlenecks[0], title="Takenmarkt", owner=alice)
    measure.set_activities(["Takenlijst maken"])
    elsewhere = BottleneckFactory(cycle=other_school.project.current_cycle, label="Elders")
    client.force_login(alice)
    return {"client": client, "school": school, "cycle": cycle, "measure": measure,
            "bottlenecks": [b.pk for b in bottlenecks] + [elsewhere.pk], "owners": [alice.pk, charlie.pk]}


def storable(limit: int) -> st.SearchStrategy[str]:
    """Hostile text a form may keep: script tags, right-to-left marks and all, without NUL and within the limit."""
    return hostile_text.map(lambda text: (text.replace("\x00", "").strip() or "leeg")[:limit])


@st.composite
def measure_fields(draw, werkplan: dict) -> list[tuple[str, str]]:
    """A measure form as the project leader might fill it in with hostile text, or anything at all."""
    a_date = st.dates(date(2020, 1, 1), date(2030, 12, 31))
    if draw(st.booleans()):
        starts, ends, evaluate = sorted(draw(st.lists(a_date, min_size=3, max_size=3)))
        return [
            ("bottleneck", str(draw(st.sampled_from(werkplan["bottlenecks"][:-1])))),
            ("title", draw(storable(200))), ("description", draw(storable(4000))),
            ("expected_result", draw(storable(2000))), ("owner", str(werkplan["owners"][0])),
            ("starts_on", starts.isoformat()), ("ends_on", ends.isoformat()), ("evaluate_on", evaluate.isoformat()),
            ("status", draw(st.sampled_from(MeasureStatus.values))),
            ("activities", "\n".join(draw(st.lists(storable(300), max_size=4)))),
        ]
    any_date = st.one_of(st.just(""), a_date.map(date.isoformat))
    return draw(form_fields({
        "bottleneck": st.sampled_from(werkplan["bottlenecks"]).map(str),
        "title": st.text(ANY_CHARACTER, min_size=1, max_size=60),
        "description": random_text,
        "expected_result": random_text,
        "owner": st.sampled_from(["", *map(str, werkplan["owners"])]),
        "starts_on": any_date, "ends_on": any_date, "evaluate_on": any_date,
        "status": st.sampled_from(MeasureStatus.values),
        "activities": st.lists(random_text, max_size=4).map("\n".join),
    }))


def measure_snapshot(pk: int) -> tuple:
    measure = Measure.objects.filter(pk=pk).values().first()
    return measure, list(MeasureActivity.objects.filter(measure_id=pk).values_list("text", "done", "order"))


def assert_valid_measure(measure: Measure, werkplan: dict) -> None:
    activities = list(measure.activities.values_list("text", flat=True))
    assert measure.title.strip() and len(measure.title) <= 200
    assert not any(
        "\x00" in text for text in [measure.title, measure.description, measure.expected_result, *activities])
    assert all(len(text) <= 300 and text.strip() for text in activities)
    assert measure.bottleneck.cycle_id == werkplan["cycle"].pk
    assert measure.owner is None or Membership.objects.filter(user=measure.owner, school=werkplan["school"]).exists()
    assert measure.status in MeasureStatus.values
    if measure.starts_on and measure.ends_on:
        assert measure.ends_on >= measure.starts_on
    if measure.starts_on and measure.evaluate_on:
        assert measure.evaluate_on >= measure.starts_on


@HOSTILE
@given(data=st.data(), edit=st.booleans(), htmx=st.booleans())
def test_measure_forms_store_a_valid_measure_or_change_nothing(werkplan, data, edit, htmx):
    client, school, measure = werkplan["client"], werkplan["school"], werkplan["measure"]
    pairs = data.draw(measure_fields(werkplan), label="fields")
    url = (reverse("actionplans:measure_edit", kwargs={"school": school.slug, "pk": measure.pk}) if edit
           else reverse("actionplans:measure_new", kwargs={"school": school.slug}))
    with rolled_back():
        before, existing = counts(*WERKPLAN_TABLES), measure_snapshot(measure.pk)
        response = post(client, url, pairs, htmx=htmx and edit)
        if too_many(pairs):
            assert_clean_bad_request(response)
        event(f"stored: {counts(AuditEntry) != before[2:]}")
        if counts(*WERKPLAN_TABLES) == before and measure_snapshot(measure.pk) == existing:
            assert response.status_code in (200, 400)
            assert_escaped(response)
            return
        # Stored: the whole change, its log line, and the way back to the werkplan (or the card, for htmx).
        assert response.status_code == (200 if htmx and edit else 302)
        assert counts(AuditEntry)[0] == before[2] + 1
        stored = Measure.objects.get(pk=measure.pk) if edit else Measure.objects.latest("pk")
        assert edit or counts(Measure)[0] == before[0] + 1
        assert_valid_measure(stored, werkplan)
        # The card shows every field: htmx got it back already; the werkplan holds it, and the measure's page
        # its title as well.
        if htmx and edit:
            assert_escaped(response)
        else:
            page = (reverse("actionplans:measure", kwargs={"school": school.slug, "pk": stored.pk}) if edit
                    else reverse("actionplans:werkplan", kwargs={"school": school.slug}))
            assert_escaped(client.get(page))


QUERY_PARAMETERS = [
    ("actionplans:werkplan", "cyclus"), ("actionplans:bottlenecks", "cyclus"), ("actionplans:implementation", "cyclus"),
    ("actionplans:successes", "cyclus"), ("actionplans:werkplan_print", "cyclus"), ("actionplans:measure_new", "idee"),
    ("actionplans:measure_new", "knelpunt"), ("actionplans:measure_new", "voorbeeld"),
    ("actionplans:meeting", "maatregel"),
    ("surveys:results", "cyclus"), ("surveys:results", "meting"), ("projects:audit_log", "pagina"),
    ("projects:overview", "bestuur"), ("projects:overview", "sorteer"),
]


@hypothesis_settings(HOSTILE, max_examples=250)  # one GET parameter each: quicker to cover than a form
@given(page=st.sampled_from(QUERY_PARAMETERS), value=hostile_text)
def test_pages_take_any_query_parameter(werkplan, coach, page, value):
    name, parameter = page
    client = werkplan["client"]
    if name == "projects:overview":
        client = Client()
        client.force_login(coach)
        url = reverse(name)
    else:
        url = reverse(name, kwargs={"school": werkplan["school"].slug})
    response = client.get(url, {parameter: value})
    assert response.status_code in (200, 404)
    assert_escaped(response)


@hypothesis_settings(HOSTILE, max_examples=100)
@given(wave=hostile_text)
def test_publishing_takes_any_wave_id(werkplan, wave):
    response = werkplan["client"].post(reverse("surveys:publish_results", kwargs={"school": werkplan["school"].slug}),
                                       {"wave": wave})
    assert response.status_code == 404


@hypothesis_settings(HOSTILE, max_examples=100)
@given(keys=st.lists(st.one_of(hostile_text, hostile_text.map("maatregel:".__add__)), max_size=3))
def test_the_next_cycle_takes_any_measure_to_carry_over(werkplan, keys):
    from projects.models import ImprovementPoint

    school, cycle = werkplan["school"], werkplan["cycle"]
    ImprovementPoint.objects.get_or_create(cycle=cycle, text="Takenmarkt opnieuw")
    with rolled_back():
        response = post(werkplan["client"], reverse("projects:next_cycle", kwargs={"school": school.slug}),
                        [("carry_over", key) for key in keys])
        assert response.status_code == 302 and school.project.cycles.count() == 2


# --- the brainstorm ------------------------------------------------------------------------------

BRAINSTORM_TABLES = (Participant, Idea, Vote)


@pytest.fixture
def brainstorm(client, school, alice):
    cycle = school.project.current_cycle
    bottlenecks = top_five(cycle, 2)
    session = BrainstormFactory(cycle=cycle, votes_per_device=2)
    phone = Client()
    phone.post(reverse("actionplans:join_session", kwargs={"code": session.code}), {"group": "onderbouw"})
    participant = Participant.objects.get()
    idea = Idea.objects.create(brainstorm=session, participant=participant, group="onderbouw",
                               bottleneck=bottlenecks[0], text="Vergadervrije week")
    client.force_login(alice)
    return {"session": session, "phone": phone, "participant": participant, "idea": idea,
            "bottlenecks": [b.pk for b in bottlenecks], "presenter": client, "school": school}


def code_in_path(brainstorm: dict) -> st.SearchStrategy[str]:
    return st.one_of(st.just(brainstorm["session"].code), st.just(brainstorm["session"].code.lower()), hostile_text)


def assert_valid_ideas(session: Brainstorm) -> None:
    for idea in Idea.objects.filter(brainstorm=session):
        assert idea.text.strip() and "\x00" not in idea.text and len(idea.text) <= IDEA_MAX_LENGTH
        assert idea.bottleneck.rank and idea.bottleneck.cycle_id == session.cycle_id
        assert idea.group in Group.values


def path_for(name: str, code: str, **kwargs) -> str:
    # Any text may be typed after /doe-mee/; only a slash would make it another address.
    return reverse(name, kwargs={"code": "CODE", **kwargs}).replace("CODE", quote(code or "-", safe=""), 1)


@HOSTILE
@given(data=st.data(), action=st.sampled_from(["join", "group", "idea", "vote", "phase"]),
       phase=st.sampled_from(Phase.values), htmx=st.booleans())
def test_brainstorm_forms_on_the_phone_store_valid_rows_or_nothing(brainstorm, data, action, phase, htmx):
    cache.clear()  # the code-guessing limit would otherwise stop the examples before the forms
    session = brainstorm["session"]
    code = data.draw(code_in_path(brainstorm), label="code")
    with rolled_back():
        Brainstorm.objects.filter(pk=session.pk).update(phase=phase)
        before = counts(*BRAINSTORM_TABLES)
        if action == "join":
            pairs = data.draw(form_fields({"code": code_in_path(brainstorm)}), label="fields")
            response = post(Client(), reverse("actionplans:join"), pairs)
            assert response.status_code in (200, 302) or (too_many(pairs) and response.status_code == 400)
        elif action == "group":
            pairs = data.draw(form_fields({"group": st.sampled_from(Group.values)}), label="fields")
            newcomer = Client()
            response = post(newcomer, path_for("actionplans:join_session", code), pairs, htmx)
            assert response.status_code in (200, 302, 400, 404, 410)
            joined = counts(Participant)[0] - before[0]
            assert joined in (0, 1) and (joined == 0 or response.status_code == 302)
            if joined:
                assert Participant.objects.latest("pk").group in Group.values
                assert BRAINSTORM_SESSION_KEY in newcomer.session
        elif action == "idea":
            pairs = data.draw(form_fields({"bottleneck": st.sampled_from(brainstorm["bottlenecks"]).map(str),
                                           "text": st.one_of(random_text, hostile_text)}), label="fields")
            response = post(brainstorm["phone"], path_for("actionplans:join_idea", code), pairs, htmx)
            assert response.status_code in (200, 302, 400, 404, 410)
            assert counts(Idea)[0] - before[1] in (0, 1)
        elif action == "vote":
            idea = data.draw(st.one_of(st.just(brainstorm["idea"].pk), st.integers(0, 10**12)), label="idea")
            response = post(brainstorm["phone"], path_for("actionplans:join_vote", code, idea=idea), [], htmx)
            assert response.status_code in (200, 302, 404, 410)
            votes = Vote.objects.filter(participant=brainstorm["participant"]).count()
            assert votes <= session.votes_per_device and (votes == 0 or phase == Phase.VOTING)
        else:
            response = brainstorm["phone"].get(path_for("actionplans:join_phase", code),
                                               {"fase": data.draw(hostile_text)}, headers={"HX-Request": "true"})
            assert response.status_code in (200, 204, 404)  # 404: a slash in the code makes it another address
        assert_escaped(response)
        if response.status_code in (400, 404, 410):
            assert counts(*BRAINSTORM_TABLES) == before, "a refused request changed the brainstorm"
        if action in ("join", "phase") or phase == Phase.CLOSED:
            assert counts(Participant, Idea) == before[:2]
        assert_valid_ideas(session)
        if counts(Idea) != before[1:2]:
            assert_escaped(brainstorm["phone"].get(path_for("actionplans:join_session", session.code)))
            presenter = reverse("actionplans:brainstorm_presenter",
                                kwargs={"school": brainstorm["school"].slug, "pk": session.pk})
            assert_escaped(brainstorm["presenter"].get(presenter))
