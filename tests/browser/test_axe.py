"""Accessibility (issue 9): axe-core finds nothing serious or critical on the pages people work in,
and the survey needs no sideways scrolling on a 320-pixel phone or at 200 % zoom.

The pages are filled by `load_demo` (the five pilot schools with results, werkplannen and
brainstorms), plus a live brainstorm and an open survey made here. People are logged in by
handing the browser a session cookie, so no page is visited only to log in.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from actionplans.models import Brainstorm
from projects.models import School
from surveys.models import Invitation
from tests.surveys.survey_data import open_wave, questionnaire

SCHOOL = "obs-de-regenboog"
SERIOUS = {"serious", "critical"}


@pytest.fixture
def demo(transactional_db, school):
    """The demo organisation, a brainstorm that is still open, and a survey link for the school `de-linde`."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    from django.contrib.auth import get_user_model

    users = {user.username: user for user in get_user_model().objects.filter(username__in=["projectleider", "coach"])}
    regenboog = School.objects.get(slug=SCHOOL)
    session = Brainstorm.open(regenboog.project.current_cycle, "Studiedag", users["projectleider"])
    wave = open_wave(school, closes_on=timezone.localdate() + timezone.timedelta(days=14))
    _invitation, token = Invitation.create_for(wave, "leerkracht@school.test")
    return {"users": users, "brainstorm": session, "wave": wave, "token": token}


def logged_in(browser, live_server, user, **options):
    """A browser context carrying the user's session (made through Django's test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", **options)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    return context


class Audit:
    """Runs axe on each page visited and keeps its serious and critical findings, per address."""

    def __init__(self, axe_violations):
        self.axe_violations = axe_violations
        self.found: dict[str, list[str]] = {}

    def visit(self, page, url: str, heading: str = "") -> None:
        response = page.goto(url)
        assert response.status == 200, f"{url}: {response.status}"
        assert heading in page.locator("h1").first.inner_text(), f"{url} is not the page meant"
        self.check(page)

    def check(self, page) -> None:
        page.wait_for_load_state("networkidle")
        problems = [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['nodes'][:3])}"
                    for v in self.axe_violations(page) if v["impact"] in SERIOUS]
        if problems:
            self.found[page.url] = problems

    def assert_clean(self) -> None:
        assert not self.found, "axe found serious or critical problems:\n" + "\n".join(
            f"{url}\n  " + "\n  ".join(problems) for url, problems in self.found.items())


@pytest.fixture
def audit(axe_violations):
    return Audit(axe_violations)


def test_school_pages_have_no_serious_accessibility_problems(live_server, browser, demo, audit):
    desktop = {"viewport": {"width": 1280, "height": 900}}
    leader = logged_in(browser, live_server, demo["users"]["projectleider"], **desktop)
    page, school = leader.new_page(), f"{live_server.url}/scholen/{SCHOOL}"
    pages = {"/": "OBS De Regenboog", "/start/": "", "/resultaten/": "Resultaten van de voormeting",
             "/werkplan/": "Werkplan", f"/brainstorm/{demo['brainstorm'].pk}/": "Studiedag"}
    for path, heading in pages.items():
        audit.visit(page, school + path, heading)
    assert page.goto(school + "/werkplan/") and page.locator(".card").count() >= 3  # the demo's measures
    coach = logged_in(browser, live_server, demo["users"]["coach"], **desktop)
    audit.visit(coach.new_page(), f"{live_server.url}/overzicht/", "Overzicht van je scholen")
    # The evaluation with a comparison: summary, difference chart, folded tables.
    audit.visit(coach.new_page(), f"{live_server.url}/scholen/de-wilgenhof/evaluatie/?cyclus=1",
                "Evaluatie: wat is er veranderd?")
    leader.close(), coach.close()
    audit.assert_clean()


def test_brainstorm_on_the_phone_has_no_serious_accessibility_problems(live_server, browser, demo, audit):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  locale="nl-NL")
    phone = context.new_page()
    audit.visit(phone, f"{live_server.url}/doe-mee/")
    audit.visit(phone, f"{live_server.url}/doe-mee/{demo['brainstorm'].code}/")  # which group are you in?
    phone.get_by_label("Onderbouw").check()
    phone.get_by_role("button", name="Verder").click()
    phone.get_by_label("Jouw idee").wait_for()
    audit.check(phone)  # the idea form
    context.close()
    audit.assert_clean()


def test_survey_has_no_serious_accessibility_problems(live_server, browser, demo, audit):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page, base = context.new_page(), live_server.url
    page.goto(f"{base}/v/{demo['token']}/")  # exchanged for a session, then on to the introduction
    audit.check(page)
    for number in (1, 2, 4):  # the department, the energy questions, the likert questions
        audit.visit(page, f"{base}/vragenlijst/invullen/deel/{number}/")
    audit.visit(page, f"{base}/vragenlijst/invullen/controleren/")
    context.close()
    audit.assert_clean()


# The page itself, or a box inside it (a table's wrapper), that scrolls sideways.
SIDEWAYS_SCROLLERS = """() => [
    ...(document.documentElement.scrollWidth > window.innerWidth ? ["the page"] : []),
    ...[...document.querySelectorAll("body *")]
        .filter(e => ["auto", "scroll"].includes(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth)
        .map(e => e.tagName.toLowerCase() + "." + e.className),
]"""
SURVEY_SCREENS = ["/vragenlijst/invullen/", "/vragenlijst/invullen/deel/1/", "/vragenlijst/invullen/deel/2/",
                  "/vragenlijst/invullen/deel/4/", "/vragenlijst/invullen/controleren/"]


@pytest.mark.parametrize("screen", [
    pytest.param({"viewport": {"width": 320, "height": 640}}, id="320-pixels-wide"),
    # 200 % zoom of a 1280-pixel window: 640 CSS pixels wide, each drawn with four device pixels.
    pytest.param({"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2}, id="200-percent-zoom"),
])
def test_the_survey_needs_no_sideways_scrolling(live_server, browser, demo, screen):
    context = browser.new_context(locale="nl-NL", **screen)
    page, base = context.new_page(), live_server.url
    page.goto(f"{base}/v/{demo['token']}/")
    total = questionnaire(demo["wave"]).total
    too_wide = {}
    for path in [*SURVEY_SCREENS, f"/vragenlijst/invullen/deel/{total}/"]:
        page.goto(base + path)
        scrolling = page.evaluate(SIDEWAYS_SCROLLERS)
        if scrolling:
            too_wide[path] = scrolling
    context.close()
    assert not too_wide, f"scrolls sideways at {screen['viewport']['width']} pixels: {too_wide}"
