"""The demo's evaluation page as a board member and a project leader read it: on a laptop and on a phone."""

from io import StringIO

import pytest
from django.core.management import call_command

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Every table inside the opened details: how far its content reaches beyond its wrapper.
CUT_OFF = """() => [...document.querySelectorAll('details[open] .table-wrap')]
    .map(wrap => wrap.scrollWidth - wrap.clientWidth)"""


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", stdout=StringIO())


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/inloggen/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill("werkdruk-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_board_member_reads_summary_and_chart_without_sideways_scrolling(live_server, page, demo, screenshot):
    log_in(page, live_server, "bestuurder")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/scholen/de-wilgenhof/evaluatie/?cyclus=1")

        assert page.get_by_role("heading", name="Samenvatting").is_visible()
        assert "aantoonbaar verbeterd" in page.locator(".summary-card").inner_text().lower()
        chart = page.locator("svg.chart--differences")
        assert chart.is_visible() and chart.bounding_box()["width"] <= width
        assert page.evaluate(SIDEWAYS) == 0, f"sideways scroll at {width} px"
        screenshot(page, f"evaluatie-bestuurder-{width}")

    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("summary", has_text="Alle cijfers").click()
    assert page.evaluate(CUT_OFF) == [0, 0], "a detail table is cut off at 1366 px"


def test_project_leader_reads_the_page_on_a_phone(live_server, phone_page, demo, screenshot):
    log_in(phone_page, live_server, "projectleider")
    phone_page.goto(live_server.url + "/scholen/obs-de-regenboog/evaluatie/")

    assert phone_page.get_by_role("heading", name="Evaluatie: wat is er veranderd?").is_visible()
    assert phone_page.evaluate(SIDEWAYS) == 0
    screenshot(phone_page, "evaluatie-projectleider-390")
