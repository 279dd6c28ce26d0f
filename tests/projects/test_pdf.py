import logging

import pytest
from django.conf import settings

from projects.pdf import StaticOnlyFetcher, html_to_pdf, static_base_url


def test_pdf_fetcher_serves_static_files_only():
    fetcher = StaticOnlyFetcher()
    css = fetcher.fetch(settings.SITE_URL + "/static/css/actionplans.css")
    assert b".werkplan-print" in css.read()
    for url_ in ("http://example.com/x.css", "http://example.com/static/css/actionplans.css", "file:///etc/passwd",
                 (settings.BASE_DIR / "static" / "css" / "actionplans.css").as_uri(), "data:text/css,body{}",
                 settings.SITE_URL + "/static/../../etc/passwd", settings.SITE_URL + "/static/%2e%2e/manage.py",
                 settings.SITE_URL + "/static/css/", settings.SITE_URL + "/manage.py"):
        with pytest.raises(ValueError):
            fetcher.fetch(url_)


def test_pdf_fetcher_serves_the_collected_copy_that_static_names_in_production(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "actionplans.0123abcd.css").write_text(".hashed {}")
    assert StaticOnlyFetcher().fetch(static_base_url() + "css/actionplans.0123abcd.css").read() == b".hashed {}"


def test_a_page_becomes_a_pdf_with_paths_relative_to_static_or_written_by_the_static_tag(caplog):
    page = ('<html><head><link rel="stylesheet" href="css/report.css">'
            '<link rel="stylesheet" href="/static/css/actionplans.css"></head><body>Werkplan</body></html>')
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        assert html_to_pdf(page).startswith(b"%PDF-")
    assert caplog.records == []  # WeasyPrint says so when it cannot load a stylesheet


def test_a_refused_stylesheet_leaves_the_pdf_without_it(caplog):
    page = '<html><head><link rel="stylesheet" href="file:///etc/passwd"></head><body>Werkplan</body></html>'
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        assert html_to_pdf(page).startswith(b"%PDF-")
    assert "file:///etc/passwd" in caplog.text
