"""HTML to PDF with WeasyPrint, which may read our own static files and nothing else.

A PDF is built from text that users typed. WeasyPrint would fetch whatever a stylesheet or an
image names: another site (the server's network), file:///etc/passwd (the server's disk). The
fetcher here serves the files under our static URL and refuses every other URL.
"""

import mimetypes
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


def html_to_pdf(html: str) -> bytes:
    """The PDF of a page whose stylesheets and images are ours: `{% static %}` or a path relative to static/."""
    return HTML(string=html, base_url=static_base_url(), url_fetcher=StaticOnlyFetcher()).write_pdf()


def static_base_url() -> str:
    """Where the site serves its static files, as `{% static %}` writes them: SITE_URL + STATIC_URL."""
    return urljoin(settings.SITE_URL + "/", settings.STATIC_URL)


class StaticOnlyFetcher(URLFetcher):
    """Serves our static files and refuses every other URL: no network, no other files."""

    def fetch(self, url, headers=None):
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
