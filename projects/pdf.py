"""HTML to PDF with WeasyPrint, which may read our own static files and nothing else.

A PDF is built from text that users typed. WeasyPrint would fetch whatever a stylesheet or an
image names: another site (the server's network), file:///etc/passwd (the server's disk). The
fetcher here serves the files under our static URL and refuses every other URL.
"""

import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import pdf_svg_text

# Our charts' labels drawn a text at a time, not a letter at a time (see the module).
pdf_svg_text.install()


# Where a chart taken out of the page is fetched from: the build's own memory, never a network or a disk.
CHART_URL = "werkdruk-chart:"
INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
SVG_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.DOTALL)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a page whose stylesheets and images are ours: `{% static %}` or a path relative to static/."""
    html, charts = charts_as_images(html)
    return HTML(string=html, base_url=static_base_url(), url_fetcher=StaticOnlyFetcher(charts)).write_pdf()


def charts_as_images(html: str) -> tuple[str, dict[str, bytes]]:
    """Each inline `<svg>` (our charts) as an `<img>` of the same SVG.

    WeasyPrint parses an inline SVG with its HTML parser and gives each of its hundreds of
    elements CSS styles it never uses; as an image the SVG goes through an XML parser only,
    which made a school's report a tenth faster. Users' text is escaped, so every `<svg` is ours.
    """
    charts: dict[str, bytes] = {}

    def as_image(match: re.Match) -> str:
        url = f"{CHART_URL}{len(charts)}.svg"
        charts[url] = match.group(0).encode()
        title = SVG_TITLE.search(match.group(0))
        return f'<img class="chart-image" src="{url}" alt="{title.group(1) if title else ""}">'

    return INLINE_SVG.sub(as_image, html), charts


def static_base_url() -> str:
    """Where the site serves its static files, as `{% static %}` writes them: SITE_URL + STATIC_URL."""
    return urljoin(settings.SITE_URL + "/", settings.STATIC_URL)


class StaticOnlyFetcher(URLFetcher):
    """Serves our static files, and the charts of this build, and refuses every other URL: no network,
    no other files."""

    def __init__(self, charts: dict[str, bytes] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.charts = charts or {}

    def fetch(self, url, headers=None):
        if url in self.charts:
            return URLFetcherResponse(url, self.charts[url], {"Content-Type": "image/svg+xml"})
        path = static_file(url)
        if path is None:
            raise ValueError(f"Refused to fetch {url!r}: only our static files are allowed")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_file(url: str) -> Path | None:
    """The static file a URL under static_base_url() names, or None for any other URL.

    collectstatic's copy in STATIC_ROOT first: in production `{% static %}` names the hashed copy,
    which only STATIC_ROOT holds; then the static folders themselves (development and tests).
    """
    base = static_base_url()
    if not url.startswith(base):
        return None
    name = unquote(urlsplit(url[len(base):]).path)
    try:
        collected = Path(safe_join(settings.STATIC_ROOT, name))
        found = collected if collected.is_file() else finders.find(name)
    except SuspiciousFileOperation:  # ../ out of the static folders
        return None
    if not found or not Path(found).is_file():
        return None
    return Path(found)
