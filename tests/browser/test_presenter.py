"""The brainstorm on a projector: no app chrome, the short join address with the QR code, and full
screen on one key."""

import time

from actionplans.models import Brainstorm
from tests.actionplans.factories import top_five
from tests.browser.test_axe import logged_in


def test_presenter_screen_goes_full_screen_on_one_key(transactional_db, live_server, browser, school, alice,
                                                       screenshot):
    top_five(school.project.current_cycle, 2)
    session = Brainstorm.open(school.project.current_cycle, "Studiedag maart", alice)
    context = logged_in(browser, live_server, alice, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{live_server.url}/scholen/de-linde/brainstorm/{session.pk}/")
    assert not page.locator(".site-header").is_visible() and not page.locator(".site-footer").is_visible()
    assert "/doe-mee" in page.locator(".presenter__address").inner_text()
    assert page.locator(".presenter__qr svg").is_visible()
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)") >= 40
    page.keyboard.press("f")
    wait_until_full_screen(page, True)
    screenshot(page, "brainstorm-presenter-fullscreen")
    page.keyboard.press("f")
    wait_until_full_screen(page, False)
    context.close()


def wait_until_full_screen(page, wanted: bool, timeout_s: float = 10) -> None:
    """Polls from the test: the page's CSP forbids the eval that `wait_for_function` polls with."""
    deadline = time.monotonic() + timeout_s
    while (page.evaluate("() => document.fullscreenElement !== null")) != wanted:
        assert time.monotonic() < deadline, f"full screen never became {wanted}"
        time.sleep(0.05)
