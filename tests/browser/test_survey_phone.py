"""A teacher answers the whole survey on a phone: one part by keyboard alone, the rest by tapping."""

import pytest
from django.utils import timezone

from surveys.models import Draft, Invitation, Response
from tests.surveys.survey_data import open_wave, questionnaire


@pytest.fixture
def invited(transactional_db, school):
    wave = open_wave(school, closes_on=timezone.localdate() + timezone.timedelta(days=14))
    _invitation, token = Invitation.create_for(wave, "leerkracht@school.test")
    return wave, token


def tab_to(page, selector: str, limit: int = 30) -> None:
    """Press Tab until the element matching the selector has the focus."""
    for _ in range(limit):
        if page.evaluate("(sel) => document.activeElement && document.activeElement.matches(sel)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_teacher_answers_the_whole_survey_on_a_phone(live_server, phone_page, screenshot, axe_violations, invited):
    wave, token = invited
    page = phone_page
    total = questionnaire(wave).total

    page.goto(f"{live_server.url}/v/{token}/")
    assert page.url == f"{live_server.url}/vragenlijst/invullen/"  # the token left the address bar
    assert page.get_by_role("heading", name="Je antwoorden zijn anoniem").is_visible()
    screenshot(page, "survey-phone-intro")
    page.get_by_role("link", name="Begin met de vragenlijst").click()

    # Part 1: the optional department.
    assert page.get_by_role("progressbar", name=f"Deel 1 van {total}").is_visible()
    page.get_by_label("Bovenbouw").check()
    page.get_by_role("button", name="Volgende").click()

    # Part 2 by keyboard alone: Tab into each radio group, arrows to choose, Tab on, Enter to go.
    assert page.get_by_role("progressbar", name=f"Deel 2 van {total}").is_visible()
    energy_items = questionnaire(wave).part(2).codes
    for number, code in enumerate(energy_items):
        tab_to(page, f'input[name="q-{code}"]')
        page.keyboard.press("Space")  # checks the first option: energiegever
        if number % 2:
            page.keyboard.press("ArrowRight")  # and on to neutraal
    page.get_by_text("Opgeslagen").wait_for()  # htmx saved the changes as they were made
    # Every save done before the page moves on: the test server shares one SQLite connection between
    # its threads, which two requests at once would use together.
    page.wait_for_load_state("networkidle")
    tab_to(page, 'button[value="next"]')
    page.keyboard.press("Enter")
    page.get_by_role("progressbar", name=f"Deel 3 van {total}").wait_for()
    saved = Draft.objects.get().answers
    assert [saved[code] for code in energy_items] == [
        "giver" if n % 2 == 0 else "neutral" for n in range(len(energy_items))]

    # The other parts by tapping an option in every question.
    for number in range(3, total + 1):
        assert page.get_by_role("progressbar", name=f"Deel {number} van {total}").is_visible()
        questions = page.locator("fieldset")
        for index in range(questions.count()):
            questions.nth(index).locator("label").nth(2).tap()
        if number == 4:
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert axe_violations(page) == []
            screenshot(page, "survey-phone-likert")
        page.get_by_role("button", name="Volgende").or_(
            page.get_by_role("button", name="Naar controleren en versturen")).click()

    page.get_by_role("heading", name="Controleren en versturen").wait_for()
    screenshot(page, "survey-phone-review")
    page.get_by_role("button", name="Verstuur mijn antwoorden").click()
    page.get_by_role("heading", name="Dank je wel!").wait_for()

    response = Response.objects.get()
    assert response.department == "bovenbouw"
    view = questionnaire(wave).view
    assert response.answers.count() == len(view.item_ids) - len(view.open_codes)  # the open questions: a text
    assert Invitation.objects.get().used


def test_a_part_fits_a_320_pixel_screen(live_server, browser, invited):
    wave, token = invited
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/v/{token}/")
        page.goto(f"{live_server.url}/vragenlijst/invullen/deel/4/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        box = page.locator("label.likert__option").first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    finally:
        context.close()
