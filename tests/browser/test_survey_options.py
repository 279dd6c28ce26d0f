"""Equal answer options on every screen, and the survey's way back after sending.

The boxes of a question's answers are measured in Chromium at 320, 390 and 1366 px: the same
width and height, in one row or one per line (never two beside one), "niet van toepassing" below
the others and visibly apart, and no label broken inside a word.
"""

import pytest
from django.utils import timezone

from surveys.measure_questions import set_wave_questions
from tests.surveys.survey_data import open_wave, questionnaire

WIDTHS = (320, 390, 1366)

MEASURE = """(fieldset) => {
    const boxes = [...fieldset.querySelectorAll("label.likert__option")].map((label) => {
        const box = label.getBoundingClientRect();
        const span = label.querySelector("span");
        return {
            x: box.x, y: box.y, width: box.width, height: box.height, bottom: box.bottom,
            apart: label.classList.contains("likert__option--na"),
            // A label that does not fit its box, or a word split over two lines, shows as overflow here:
            // overflow-wrap is normal, so a long word sticks out rather than breaks.
            overflows: span.scrollWidth > span.clientWidth + 1,
            text: span.textContent,
        };
    });
    return {question: fieldset.querySelector("legend").textContent.trim(), boxes};
}"""


@pytest.fixture
def waves(transactional_db, school):
    """A voormeting and, at another school, a nameting with a question per measure: every kind of question."""
    from tests.factories import CycleFactory, SchoolFactory

    closes = timezone.localdate() + timezone.timedelta(days=14)
    voormeting = open_wave(school, closes_on=closes)
    other = SchoolFactory(name="OBS De Es", slug="de-es")
    CycleFactory(project__school=other)
    nameting = open_wave(other, kind="nameting", closes_on=closes)
    set_wave_questions(nameting, [{"code": "M1", "text": "Een vaste middag zonder vergaderingen"}])
    return voormeting, nameting


def boxes_of_every_question(page) -> list[dict]:
    return [fieldset.evaluate(MEASURE) for fieldset in page.locator("fieldset.likert").all()]


def assert_equal_options(measured: dict, width: int) -> None:
    boxes, where = measured["boxes"], f"{measured['question']} at {width}px"
    assert len(boxes) >= 3, where
    first = boxes[0]
    for box in boxes:
        assert abs(box["width"] - first["width"]) <= 1, (where, box["text"], box["width"], first["width"])
        assert abs(box["height"] - first["height"]) <= 1, (where, box["text"], box["height"], first["height"])
        assert not box["overflows"], (where, box["text"])
    scale = [box for box in boxes if not box["apart"]]
    one_row = all(abs(box["y"] - scale[0]["y"]) <= 1 for box in scale)
    one_column = all(abs(box["x"] - scale[0]["x"]) <= 1 for box in scale)
    assert one_row or one_column, (where, [(b["text"], b["x"], b["y"]) for b in scale])  # never two beside one
    assert [box["x"] for box in scale] == sorted(box["x"] for box in scale), where  # in order, left to right
    for apart in (box for box in boxes if box["apart"]):
        gap = apart["y"] - max(box["bottom"] for box in scale)
        assert gap >= 12, (where, "niet van toepassing must sit apart, below the others", gap)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_option_of_a_question_has_the_same_size_at_every_width(live_server, browser, waves, width):
    voormeting, nameting = waves
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    try:
        seen_kinds = set()
        for wave in (voormeting, nameting):
            from surveys.models import Invitation

            _invitation, token = Invitation.create_for(wave)
            page.goto(f"{live_server.url}/v/{token}/")
            survey = questionnaire(wave)
            parts = [1, 2, 4] if wave == voormeting else [survey.total]  # department, energy, likert; measures
            for number in parts:
                page.goto(f"{live_server.url}/vragenlijst/invullen/deel/{number}/")
                assert page.evaluate("document.documentElement.scrollWidth") <= width
                measured = boxes_of_every_question(page)
                assert measured, number
                for question in measured:
                    assert_equal_options(question, width)
                seen_kinds.update(page.eval_on_selector_all(
                    "fieldset.likert", "(sets) => sets.map((s) => s.className)"))
            page.context.clear_cookies()
        assert {"likert likert--energy", "likert likert--likert", "likert likert--measure", "likert"} <= seen_kinds
        if width == 1366:
            page.goto(f"{live_server.url}/v/{Invitation.create_for(voormeting)[1]}/")
            page.goto(f"{live_server.url}/vragenlijst/invullen/deel/2/")
            energy = boxes_of_every_question(page)[0]["boxes"]
            assert len({round(box["y"]) for box in energy if not box["apart"]}) == 1  # wide: one row
    finally:
        context.close()


def test_energy_options_are_one_per_line_on_a_phone(live_server, phone_page, screenshot, waves):
    from surveys.models import Invitation

    voormeting, _nameting = waves
    _invitation, token = Invitation.create_for(voormeting)
    phone_page.goto(f"{live_server.url}/v/{token}/")
    assert phone_page.get_by_text("Vragenlijst van OBS De Linde").is_visible()  # the school on every page
    phone_page.goto(f"{live_server.url}/vragenlijst/invullen/deel/2/")
    assert phone_page.get_by_text("Vragenlijst van OBS De Linde").is_visible()
    energy = boxes_of_every_question(phone_page)[0]["boxes"]
    assert [box["text"] for box in energy] == ["Energiegever", "Neutraal", "Energienemer", "Niet van toepassing"]
    assert len({round(box["x"]) for box in energy}) == 1  # one per line, all as wide
    screenshot(phone_page, "survey-phone-energy")


def test_after_sending_the_back_button_and_the_link_lead_to_the_thank_you_page(live_server, phone_page, screenshot,
                                                                            waves):
    from surveys.models import Invitation, Response

    voormeting, _nameting = waves
    _invitation, token = Invitation.create_for(voormeting)
    page = phone_page
    page.goto(f"{live_server.url}/v/{token}/")
    page.goto(f"{live_server.url}/vragenlijst/invullen/deel/2/")
    page.get_by_label("Energiegever").first.check()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Volgende").click()
    page.goto(f"{live_server.url}/vragenlijst/invullen/controleren/")
    page.get_by_role("button", name="Verstuur mijn antwoorden").click()
    page.get_by_role("heading", name="Dank je wel!").wait_for()
    assert Response.objects.count() == 1
    screenshot(page, "survey-phone-thanks")

    page.go_back()  # to the review page, which the browser asks for again
    page.get_by_role("heading", name="Dank je wel!").wait_for()
    assert page.get_by_text("Je antwoorden zijn verstuurd").is_visible()
    assert page.get_by_text("OBS De Linde").first.is_visible()
    page.go_back()
    page.get_by_role("heading", name="Dank je wel!").wait_for()
    page.goto(f"{live_server.url}/vragenlijst/invullen/deel/3/")  # a part's address
    assert page.get_by_role("heading", name="Dank je wel!").is_visible()
    assert not page.get_by_text("Open je persoonlijke link").is_visible()  # not "what you filled in is saved"
    page.goto(f"{live_server.url}/v/{token}/")  # the link again
    assert page.get_by_role("heading", name="Dank je wel!").is_visible()
    assert page.get_by_text("Je antwoorden zijn verstuurd").is_visible()
    assert Response.objects.count() == 1
