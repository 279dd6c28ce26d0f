"""The pages the demo roles reach: from each role's home, the links of its pages, a few clicks deep.

Used by the tests that check every page a person can reach (forms for screen readers, no English,
and in tests/browser no sideways scrolling). Only GET requests follow links, so the crawl changes
nothing; downloads, the admin and logging out are left out.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.contrib.auth import get_user_model
from django.test import Client

DEMO_SCHOOL = "obs-de-regenboog"
# Who the README lists for the demo school, and the two who oversee every pilot school.
DEMO_ROLES = ("projectleider", "werkgroeplid", "medewerker", "schoolleider", "opdrachtgever", "mrlid",
              "bestuurder", "coach")
# Files, not pages; and pages whose links lead to every other school (the crawl stays at one school).
SKIP = re.compile(r"/download|\.(pdf|csv|xlsx|json|zip|png|svg)$|/beheer/|/logout/|/afdrukken/$|plan-van-aanpak")
OTHER_SCHOOL = re.compile(r"^/scholen/(?P<slug>[^/]+)/")


@dataclass(frozen=True)
class Page:
    role: str
    url: str
    html: str


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        href = urldefrag(href).url
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(parts.path):
            continue
        school = OTHER_SCHOOL.match(parts.path)
        if school and school["slug"] != DEMO_SCHOOL:
            continue
        found.append(href)
    return found


def crawl_role(username: str, depth: int = 2, limit: int = 60) -> list[Page]:
    """The HTML pages the user reaches from their home within `depth` clicks (at most `limit`)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    home = client.get("/", follow=True)
    start = home.redirect_chain[-1][0] if home.redirect_chain else "/"
    pages, seen, frontier = [], {start, "/"}, [start]
    for _level in range(depth + 1):
        following = []
        for url in frontier:
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            pages.append(Page(username, url, html))
            if len(pages) >= limit:
                return pages
            for href in links(html):
                if href not in seen:
                    seen.add(href)
                    following.append(href)
        frontier = following
    return pages


def crawl_demo(roles=DEMO_ROLES, **options) -> list[Page]:
    return [page for role in roles for page in crawl_role(role, **options)]
