"""SVG labels drawn a text at a time land where WeasyPrint's own letter-by-letter drawing puts them."""

import re
import subprocess

import pytest
import weasyprint.svg as weasyprint_svg

from projects import pdf_svg_text
from projects.pdf import html_to_pdf

CHART = """<!doctype html><html><body>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"
     font-family="DejaVu Sans, sans-serif" font-size="12">
  <text x="10" y="20">Tijdsdruk, piekbelasting</text>
  <text x="200" y="50" text-anchor="middle" font-weight="bold">Energiegever</text>
  <text x="390" y="80" text-anchor="end">90,3%</text>
  <text x="390" y="110" text-anchor="end" font-size="11" fill="#595959">n = 31</text>
  <text x="10" y="140">Werkdruk <tspan font-weight="bold">bespreekbaar</tspan></text>
  <text x="10 20 30" y="170">abc</text>
</svg></body></html>"""


def words_with_boxes(pdf: bytes, tmp_path, name: str) -> list[tuple[str, float, float]]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [(word, float(x), float(y)) for x, y, word in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', html)]


@pytest.fixture
def upstream_drawing(monkeypatch):
    for tag in ("text", "tspan"):
        monkeypatch.setitem(weasyprint_svg.TAGS, tag, pdf_svg_text.upstream_text)
    monkeypatch.setattr(weasyprint_svg, "text", pdf_svg_text.upstream_text)


def test_installed_for_the_pinned_release():
    assert pdf_svg_text.installed(), "another WeasyPrint release: compare its SVG text drawing again, then adjust"


def test_texts_land_where_letter_by_letter_drawing_puts_them(tmp_path, request):
    ours = words_with_boxes(html_to_pdf(CHART), tmp_path, "ours")
    request.getfixturevalue("upstream_drawing")
    theirs = words_with_boxes(html_to_pdf(CHART), tmp_path, "theirs")

    assert [word for word, _x, _y in ours] == [word for word, _x, _y in theirs]
    assert "Energiegever" in [word for word, _x, _y in ours]
    # Within a point: a whole run is kerned, letters one by one are not, so a text's width differs a little.
    for (word, x, y), (_same, their_x, their_y) in zip(ours, theirs, strict=True):
        assert abs(x - their_x) < 1 and abs(y - their_y) < 1, (word, x - their_x, y - their_y)
