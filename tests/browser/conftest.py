"""Browser tests: Playwright's sync API driving Debian's Chromium (/usr/bin/chromium).

Tests here take pytest-django's ``live_server`` and one of the page fixtures::

    def test_teacher_answers_survey_on_phone(live_server, phone_page, screenshot):
        phone_page.goto(live_server.url + "/...")
        screenshot(phone_page, "survey-phone")

Every test in this folder is marked ``browser`` (``pytest -m "not browser"`` skips them).
A page fails its test on an uncaught JavaScript error or a Content-Security-Policy
violation, unless the test is marked ``allow_js_errors``.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio loop running in this thread, and Django then refuses
# ORM calls made here (SynchronousOnlyOperation) although nothing runs concurrently: the tests
# arrange data with the ORM between browser steps. Must be set before any test runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, Playwright, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("WERKDRUK_CHROMIUM", "/usr/bin/chromium")
# As root in a container without a GPU; the network flags stop Chromium from calling home,
# which this machine's closed network answers with a storm of refused connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / "test-output" / "screenshots"
AXE_JS = ROOT / "static" / "vendor" / "axe.min.js"
HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "allow_js_errors: the page may log JavaScript errors or CSP violations"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, not only this folder's.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} not found: browser tests need Debian's Chromium "
            "(apt-get install chromium), or WERKDRUK_CHROMIUM pointing at one.",
            pytrace=False,
        )
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _open_page(browser: Browser, request: pytest.FixtureRequest, **context_options) -> Iterator[Page]:
    context_options.setdefault("locale", "nl-NL")
    context = browser.new_context(timezone_id="Europe/Amsterdam", **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)

    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))

    def on_console(message) -> None:
        # Chromium reports CSP blocks as console errors; 404s of pages a test visits on
        # purpose are console errors too, so only CSP reports count.
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP violation: {message.text}")

    page.on("console", on_console)
    yield page
    context.close()

    report = getattr(request.node, "rep_call", None)
    test_passed = report is not None and report.passed
    if problems and test_passed and not request.node.get_closest_marker("allow_js_errors"):
        pytest.fail("The page logged:\n" + "\n".join(problems), pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keeps the call phase's outcome on the item, so page teardown adds its failure only to
    # tests that passed otherwise.
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A desktop page: a fresh context (no cookies), 1280 × 900."""
    yield from _open_page(browser, request, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A phone-sized page with touch, as a teacher answering the survey on a phone."""
    yield from _open_page(
        browser,
        request,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


@pytest.fixture
def english_phone_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """The phone of a teacher whose browser asks for English (Accept-Language: en-GB)."""
    yield from _open_page(
        browser,
        request,
        locale="en-GB",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


def screenshot(page: Page, name: str) -> Path:
    """Saves a full-page PNG to test-output/screenshots/<name>.png (kept as a CI artefact)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(name="screenshot")
def screenshot_fixture():
    """The ``screenshot(page, name)`` helper, for tests that would rather not import a conftest."""
    return screenshot


def axe_violations(page: Page, tags: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Runs axe-core (vendored) on the current page and returns its violations.

    Evaluated through the DevTools protocol, so the page's CSP does not block it, and the
    page's own CSP is left intact for the test.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")),
            }));
        }""",
        list(tags),
    )


@pytest.fixture(name="axe_violations")
def axe_violations_fixture():
    """The ``axe_violations(page)`` helper as a fixture."""
    return axe_violations
