"""The study-day brainstorm as it happens: two phones join with the code, add ideas and vote,
and the presenter's screen on the projector follows along without being reloaded."""

import re

import pytest
from playwright.sync_api import expect

from actionplans.models import Brainstorm, Idea, Vote
from tests.actionplans.factories import top_five

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@pytest.fixture
def leader(transactional_db, school, alice):
    first, second = top_five(school.project.current_cycle, 2)
    first.label, second.label = "Administratie", "Vergaderen"
    first.save(), second.save()
    return alice


def log_in(page, base: str, user) -> None:
    page.goto(f"{base}/inloggen/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(user.username)
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()


def join(phone, base: str, code: str, group: str, idea: str, bottleneck: str) -> None:
    phone.goto(f"{base}/doe-mee/")
    phone.get_by_label("Code").fill(code.lower())
    phone.get_by_role("button", name="Doe mee").click()
    phone.get_by_label(group).check()
    phone.get_by_role("button", name="Verder").click()
    phone.get_by_label("Voor welk knelpunt?").select_option(label=bottleneck)
    phone.get_by_label("Jouw idee").fill(idea)
    phone.get_by_role("button", name="Idee toevoegen").click()
    expect(phone.get_by_test_id("my-ideas")).to_contain_text(idea)


def test_two_phones_brainstorm_and_the_presenter_shows_the_ranking_live(
        live_server, page, browser, screenshot, leader):
    base = live_server.url
    log_in(page, base, leader)
    page.goto(f"{base}/scholen/de-linde/brainstorm/")
    page.get_by_label("Titel").fill("Studiedag maart")
    page.get_by_role("button", name="Open de brainstorm").click()
    code = page.get_by_test_id("join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)
    assert page.locator(".presenter__qr svg").is_visible()
    screenshot(page, "brainstorm-presenter-join")

    contexts = [browser.new_context(**PHONE) for _ in range(2)]
    first, second = (context.new_page() for context in contexts)
    try:
        join(first, base, code, "Onderbouw", "Takenmarkt voor alle niet-lesgebonden taken", "Administratie")
        join(second, base, code, "Bovenbouw", "Mededelingen in een nieuwsbrief", "Vergaderen")
        screenshot(second, "brainstorm-phone-ideas")

        # The projector picks up the ideas by polling, without a reload.
        live = page.locator("#live")
        expect(live).to_contain_text("Takenmarkt voor alle niet-lesgebonden taken")
        expect(live).to_contain_text("Mededelingen in een nieuwsbrief")
        expect(page.get_by_test_id("people")).to_have_text("2")

        page.get_by_role("button", name="Start het stemmen").click()
        page.evaluate("window.notReloaded = true")

        # The phones follow the presenter to the voting phase by themselves.
        for phone in (first, second):
            expect(phone.get_by_role("heading", name="Stemmen")).to_be_visible(timeout=10_000)
        favourite = "Takenmarkt voor alle niet-lesgebonden taken"
        for phone in (first, second):
            phone.get_by_role("button", name=favourite).click()
            expect(phone.get_by_role("button", name=favourite)).to_have_attribute("aria-pressed", "true")
        second.get_by_role("button", name="Mededelingen in een nieuwsbrief").click()
        expect(second.get_by_test_id("votes-left")).to_contain_text("Nog 1 stem over")
        screenshot(second, "brainstorm-phone-voting")

        # The ranking on the projector updates live: Administratie first with its 2 votes.
        ranking = page.get_by_test_id("ranking")
        expect(page.get_by_test_id("votes")).to_have_text("3")
        expect(ranking.locator(".ranking__bottleneck").first).to_contain_text("Administratie")
        expect(ranking.locator(".ranking__bottleneck").first).to_contain_text("2 stemmen")
        assert page.evaluate("window.notReloaded") is True
        screenshot(page, "brainstorm-presenter-ranking")
    finally:
        for context in contexts:
            context.close()

    session = Brainstorm.objects.get()
    assert Idea.objects.filter(brainstorm=session).count() == 2
    assert Vote.objects.filter(idea__text=favourite).count() == 2

    # Closing kills the code: a phone that comes back gets the friendly page.
    page.get_by_role("button", name="Sluit de brainstorm").click()
    expect(page.get_by_role("heading", name="Prioriteitenlijst")).to_be_visible()
    late = browser.new_context(**PHONE)
    try:
        latecomer = late.new_page()
        latecomer.goto(f"{base}/doe-mee/{code}/")
        expect(latecomer.get_by_role("heading", name="Deze brainstorm is gesloten")).to_be_visible()
    finally:
        late.close()
