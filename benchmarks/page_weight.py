"""What the survey weighs over the wire: Chromium (Playwright) against the benchmark's gunicorn.

    python -m benchmarks.page_weight BASE_URL TOKEN      # prints one line of JSON

A fresh browser profile (empty cache) opens the survey link as a teacher's phone does: the
first visit is the redirect and the intro with its CSS and JavaScript (collectstatic's hashed
files, compressed by WhiteNoise); then the first part (counted for the note). A next part is
counted from the click on "Volgende" until
the part after it has loaded: the post, its redirect and the new page; the static files come
from the cache. The bytes are Chromium's own count of what crossed the network (headers and
compressed bodies, Network.loadingFinished and the redirects' responses), so a file served
from the cache counts nothing.

A process of its own: Playwright's sync API runs an event loop that Django's ORM in the
benchmark process would refuse to share a thread with.
"""

from __future__ import annotations

import json
import os
import sys
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class WireCount:
    """Bytes received since the last `take()`, as Chromium's network layer counted them."""

    def __init__(self, cdp):
        self.bytes = 0
        self.requests = 0
        self.urls: dict[str, str] = {}
        self.seen: list[tuple[str, int]] = []  # (path, bytes) since the last take(), for PAGE_WEIGHT_DEBUG
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestWillBeSent", self._redirected)

    def _finished(self, event: dict) -> None:
        self._add(self.urls.get(event["requestId"], "?"), int(event.get("encodedDataLength", 0)))

    def _redirected(self, event: dict) -> None:
        if event.get("redirectResponse"):
            self._add(event["redirectResponse"]["url"], int(event["redirectResponse"].get("encodedDataLength", 0)))
        self.urls[event["requestId"]] = event["request"]["url"]

    def _add(self, url: str, size: int) -> None:
        self.bytes += size
        self.requests += 1
        self.seen.append((urlsplit(url).path, size))

    def take(self) -> tuple[int, int]:
        counted = (self.bytes, self.requests)
        if os.environ.get("PAGE_WEIGHT_DEBUG"):  # a file to list each request's path and bytes in
            with open(os.environ["PAGE_WEIGHT_DEBUG"], "a") as debug:
                print(self.seen, file=debug)
        self.bytes = self.requests = 0
        self.seen = []
        return counted


def answer_every_question(page) -> None:
    questions = page.locator("fieldset")
    for index in range(questions.count()):
        questions.nth(index).locator("input[type=radio]").first.check()
    page.wait_for_load_state("networkidle")  # the part's own saves (htmx) are not the next part's weight


def measure(base_url: str, token: str) -> dict:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                          locale="nl-NL")  # a Dutch teacher's phone: the pages follow its language
            page = context.new_page()
            page.set_default_timeout(90_000)  # a busy machine; the bytes, not the time, are measured
            wire = WireCount(context.new_cdp_session(page))
            page.goto(f"{base_url}/v/{token}/", wait_until="networkidle")
            first, first_requests = wire.take()
            page.get_by_role("link", name="Begin met de vragenlijst").click()
            page.wait_for_url("**/deel/1/", wait_until="networkidle")
            part_one, _requests = wire.take()
            answer_every_question(page)
            wire.take()
            page.get_by_role("button", name="Volgende").click()
            page.wait_for_url("**/deel/2/", wait_until="networkidle")
            answer_every_question(page)
            wire.take()
            page.get_by_role("button", name="Volgende").click()
            page.wait_for_url("**/deel/3/", wait_until="networkidle")
            following, following_requests = wire.take()
        finally:
            browser.close()
    return {"first_bytes": first, "first_requests": first_requests, "part_one_bytes": part_one,
            "next_bytes": following, "next_requests": following_requests}


if __name__ == "__main__":
    print(json.dumps(measure(*sys.argv[1:3])))
