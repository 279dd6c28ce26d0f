"""No page that the demo roles reach scrolls sideways or cuts off a table, on a phone (390 px) or on
a laptop (1366 px) (issue 15). The pages are those the crawl of tests/crawl.py finds from each
role's home; a page reached by several roles is visited once, as the first role that reaches it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from spending import school_years
from spending.models import ConsultationInvitation, SpendingPlan
from surveys.models import hash_token
from tests.browser.test_axe import logged_in
from tests.crawl import DEMO_ROLES, crawl_role

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}

# Sideways scrolling of the page, and tables wider than their box: on a laptop never; on a phone
# only inside a box that scrolls and shows it (the shadows of .table-wrap).
LAYOUT_PROBLEMS = """(laptop) => {
    const problems = [];
    const page = document.documentElement;
    if (page.scrollWidth > window.innerWidth) {
        problems.push(`the page scrolls sideways: ${page.scrollWidth} px in ${window.innerWidth} px`);
    }
    for (const table of document.querySelectorAll("table")) {
        if (!table.getClientRects().length) continue;
        const box = table.parentElement;
        if (table.offsetWidth <= box.clientWidth + 1) continue;
        const style = getComputedStyle(box);
        const scrolls = ["auto", "scroll"].includes(style.overflowX);
        const shows = style.backgroundImage !== "none";
        const name = table.caption ? table.caption.textContent.trim() : table.className;
        if (laptop || !scrolls || !shows) {
            problems.push(`table "${name}" is ${table.offsetWidth} px in a box of ${box.clientWidth} px`);
        }
    }
    return problems;
}"""


@pytest.fixture
def demo_pages(transactional_db):
    """Per demo role, the pages that role is the first to reach."""
    call_command("load_demo", verbosity=0)
    seen: set[str] = set()
    pages: dict[str, list[str]] = {}
    for role in DEMO_ROLES:
        urls = [page.url for page in crawl_role(role)]
        pages[role] = [url for url in urls if url not in seen]
        seen.update(urls)
    return pages


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_no_page_scrolls_sideways_or_cuts_off_a_table(browser, live_server, demo_pages, size, screenshot):
    options = PHONE if size == "phone" else LAPTOP
    problems = []
    for role, urls in demo_pages.items():
        context = logged_in(browser, live_server, get_user_model().objects.get(username=role), **options)
        page = context.new_page()
        page.set_default_navigation_timeout(20_000)
        for url in urls:
            page.goto(live_server.url + url, wait_until="load")
            problems += [f"{size} {role} {url}: {problem}"
                         for problem in page.evaluate(LAYOUT_PROBLEMS, size == "laptop")]
            if url.rstrip("/").endswith(("obs-de-regenboog", "overzicht", "werkplan", "resultaten")):
                screenshot(page, f"layout-{size}-{role}-{url.strip('/').replace('/', '-')}")
        context.close()
    assert sum(len(urls) for urls in demo_pages.values()) > 30
    assert not problems, "\n".join(problems)


def test_the_layout_check_finds_a_cut_off_table_and_a_page_that_scrolls_sideways(page):
    page.set_content('<div style="width:300px"><table><caption>breed</caption><tr><td style="min-width:600px">x'
                     '</td></tr></table></div><div style="width:2000px">y</div>')
    problems = page.evaluate(LAYOUT_PROBLEMS, False)
    assert any("scrolls sideways" in problem for problem in problems)
    assert any('table "breed" is' in problem and 'in a box of 300 px' in problem for problem in problems)


def test_a_wide_table_may_scroll_on_a_phone_only_in_a_box_that_shows_it(page):
    page.set_content('<div style="width:300px;overflow-x:auto;background-image:linear-gradient(red,red)">'
                     '<table><tr><td style="min-width:600px">x</td></tr></table></div>')
    assert page.evaluate(LAYOUT_PROBLEMS, False) == []
    assert len(page.evaluate(LAYOUT_PROBLEMS, True)) == 1


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_the_spending_vote_page_fits_without_scrolling_sideways(browser, live_server, transactional_db, size,
                                                                 screenshot):
    # Not reached by the crawl: a teacher comes here with a link, without an account.
    call_command("load_demo", verbosity=0)
    held = SpendingPlan.objects.get(school__slug="obs-de-regenboog",
                                    school_year=school_years.of(timezone.localdate())).latest.consultation
    ConsultationInvitation.objects.create(consultation=held, token_hash=hash_token("layout-test-link"))
    context = browser.new_context(locale="nl-NL", **(PHONE if size == "phone" else LAPTOP))
    page = context.new_page()
    page.goto(live_server.url + "/b/layout-test-link/", wait_until="load")
    assert page.get_by_role("button", name="Stem versturen").is_visible()
    screenshot(page, f"layout-{size}-spending-vote")
    problems = page.evaluate(LAYOUT_PROBLEMS, size == "laptop")
    context.close()
    assert problems == []
