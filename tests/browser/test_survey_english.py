"""An English-speaking teacher answers the whole survey on a phone and reads no Dutch on any page; a
teacher who switches language halfway keeps every answer."""

import re

import pytest
from django.utils import timezone

from projects.models import Role
from surveys.models import Answer, EnergyAnswer, Invitation, Response
from tests.factories import CycleFactory, MembershipFactory, SchoolFactory, UserFactory
from tests.surveys.survey_data import open_wave, questionnaire

# Common Dutch words of the survey's pages and messages. None of them is an English word; names on the page
# (the school's, below) are chosen without them, and the other language's button carries lang="nl".
DUTCH_WORDS = frozenset({
    "de", "het", "een", "niet", "je", "jij", "jouw", "jullie", "wij", "van", "voor", "naar", "met", "bij",
    "zijn", "ook", "maar", "wat", "hoe", "geen", "alleen", "minstens", "deel", "volgende", "vorige", "verstuur",
    "verder", "terug", "opgeslagen", "vragenlijst", "antwoorden", "bedankt", "dank", "welkom", "collega",
    "collega's", "energiegever", "energienemer", "neutraal", "nooit", "soms", "vaak", "altijd", "zelden",
    "oneens", "eens", "afdeling", "onderbouw", "middenbouw", "bovenbouw", "ondersteuning", "directie", "liever",
    "zeg", "ik", "mijn", "kan", "moet", "heb", "hebt", "invullen", "controleren", "versturen", "wijzig",
    "toepassing", "werkdruk", "werk", "mee", "om", "dat", "er", "als", "nog", "tot", "uit", "aan",
})
# A test server's first request imports the whole project: on a busy machine that takes longer than a page.
FIRST_LOAD = 60_000
# The page's text as a reader meets it, attributes a screen reader reads included; parts in another
# language marked as such (the language button) left out.
PAGE_TEXT = """() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('script, style, [lang]:not([lang|="en"])').forEach(node => node.remove());
    const attributes = [...body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap(
        node => ['aria-label', 'title', 'placeholder', 'alt'].map(name => node.getAttribute(name) || ''));
    return [document.title, body.textContent, ...attributes].join(' ');
}"""


def dutch_on(page) -> list[str]:
    words = re.findall(r"[A-Za-zÀ-ÿ']+", page.evaluate(PAGE_TEXT))
    # "Werkdruk" with a capital is the product's name.
    return sorted({word for word in words if word.lower() in DUTCH_WORDS and word != "Werkdruk"})


def closed_questions(wave) -> int:
    """What the tests answer: every question but the optional open ones, which they leave empty."""
    view = questionnaire(wave).view
    return len(view.item_ids.keys() - view.open_codes)


@pytest.fixture
def invited(transactional_db, school):
    school.name = "Oak Tree Primary"  # a school's name may hold Dutch words; this one holds none
    school.save(update_fields=["name"])
    wave = open_wave(school, closes_on=timezone.localdate() + timezone.timedelta(days=14))
    _invitation, token = Invitation.create_for(wave, "teacher@school.test")
    return wave, token


def test_an_english_teacher_answers_the_whole_survey_on_a_phone_and_reads_no_dutch(
        live_server, english_phone_page, screenshot, invited):
    wave, token = invited
    page = english_phone_page
    total = questionnaire(wave).total

    page.goto(f"{live_server.url}/v/{token}/", timeout=FIRST_LOAD)
    assert page.get_by_role("heading", name="Your answers are anonymous").is_visible()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert dutch_on(page) == []
    screenshot(page, "survey-english-intro")

    # Sending before answering anything: the message is English too.
    page.goto(f"{live_server.url}/vragenlijst/invullen/controleren/")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("You have not answered any question yet.").wait_for()
    assert dutch_on(page) == []

    page.goto(f"{live_server.url}/vragenlijst/invullen/")
    page.get_by_role("link", name="Start the survey").click()
    page.get_by_label("Upper years").check()
    page.get_by_text("Saved").wait_for()  # the htmx status line is English as well
    page.wait_for_load_state("networkidle")
    assert dutch_on(page) == []
    page.get_by_role("button", name="Next").click()

    for number in range(2, total + 1):
        page.get_by_role("progressbar", name=f"Part {number} of {total}").wait_for()
        questions = page.locator("fieldset")
        for index in range(questions.count()):
            questions.nth(index).locator("label").nth(1).tap()
        page.wait_for_load_state("networkidle")
        assert dutch_on(page) == [], f"part {number}"
        if number in (2, 4):
            screenshot(page, f"survey-english-part-{number}")
        page.get_by_role("button", name="Next").or_(page.get_by_role("button", name="To checking and sending")).click()

    page.get_by_role("heading", name="Check and send").wait_for()
    assert dutch_on(page) == []
    screenshot(page, "survey-english-review")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you!").wait_for()
    assert dutch_on(page) == []
    screenshot(page, "survey-english-thanks")

    response = Response.objects.get()
    assert response.department == "bovenbouw"
    assert response.answers.count() == closed_questions(wave)


def test_the_word_check_finds_dutch(live_server, english_phone_page):
    english_phone_page.set_content('<p>Your answers</p><p>Ga naar de volgende vraag</p><p lang="nl">Nederlands</p>')
    assert dutch_on(english_phone_page) == ["de", "naar", "volgende"]


def test_switching_to_english_halfway_keeps_every_answer(live_server, phone_page, invited):
    wave, token = invited
    page = phone_page
    total = questionnaire(wave).total

    page.goto(f"{live_server.url}/v/{token}/", timeout=FIRST_LOAD)
    page.get_by_role("link", name="Begin met de vragenlijst").click()
    page.get_by_role("button", name="Volgende").click()
    first = questionnaire(wave).part(2).codes
    for index in range(len(first)):
        page.locator("fieldset").nth(index).locator("label").nth(2).tap()  # taker
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Volgende").click()

    page.get_by_role("progressbar", name=f"Deel 3 van {total}").wait_for()
    page.get_by_role("button", name="English").click()
    page.get_by_role("progressbar", name=f"Part 3 of {total}").wait_for()  # the same part, now in English
    page.get_by_role("button", name="Previous").click()
    page.get_by_role("progressbar", name=f"Part 2 of {total}").wait_for()
    for code in first:
        assert page.locator(f'input[name="q-{code}"][value="taker"]').is_checked()
    assert page.get_by_text("Energy taker").first.is_visible()

    page.goto(f"{live_server.url}/vragenlijst/invullen/deel/3/")
    for number in range(3, total + 1):
        page.get_by_role("progressbar", name=f"Part {number} of {total}").wait_for()
        questions = page.locator("fieldset")
        for index in range(questions.count()):
            questions.nth(index).locator("label").nth(1).tap()
        page.wait_for_load_state("networkidle")
        page.get_by_role("button", name="Next").or_(page.get_by_role("button", name="To checking and sending")).click()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you!").wait_for()

    response = Response.objects.get()
    assert response.answers.count() == closed_questions(wave)
    assert Answer.objects.filter(item__code__in=first, value=EnergyAnswer.TAKER).count() == len(first)


def test_a_project_leader_chooses_english_in_the_header_and_keeps_it_on_every_page(live_server, phone_page, screenshot):
    school = SchoolFactory(name="Oak Tree Primary", slug="oak-tree")
    CycleFactory(project__school=school)
    leader = UserFactory(username="petra", first_name="Petra")
    MembershipFactory(user=leader, school=school, role=Role.PROJECTLEIDER)
    page = phone_page  # a Dutch browser

    page.goto(live_server.url + "/inloggen/", timeout=FIRST_LOAD)
    page.get_by_role("button", name="English").click()
    page.get_by_label("Username or e-mail address").fill("petra")
    page.get_by_label("Password").fill("geheim-wachtwoord-123")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/scholen/oak-tree/")
    assert page.get_by_role("heading", name="The six steps").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "project-leader-english-phone")
    page.goto(f"{live_server.url}/scholen/oak-tree/vragenlijst/")
    assert page.get_by_role("heading", name="Start a survey round").is_visible()

    page.get_by_role("button", name="Nederlands").click()
    page.get_by_role("heading", name="Een meting starten").wait_for()
    page.goto(f"{live_server.url}/scholen/oak-tree/")
    assert page.get_by_role("heading", name="De zes stappen").is_visible()
