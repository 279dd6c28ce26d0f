"""SVG text in a PDF shaped a text at a time instead of a letter at a time.

WeasyPrint lays out and draws an SVG `<text>` one code point after the other, because SVG lets
each glyph have its own x, y, dx, dy or rotate. Our charts never do that, and their labels were
a fifth of a school report's build time: a Pango layout per letter. For a text without
per-glyph positions this draws the whole text as one run, the workaround the maintainers
describe in Kozea/WeasyPrint#2249 (it also keeps ligatures and combining accents together).
Every other text goes to WeasyPrint's own function.

`install()` replaces it only in the WeasyPrint release this was written against; another
release keeps its own (correct, slower) drawing until someone has compared the two again
(tests/test_pdf_svg_text.py).
"""

from __future__ import annotations

import importlib
from math import inf

import weasyprint
import weasyprint.svg as weasyprint_svg
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.draw.text import draw_emojis, draw_first_line
from weasyprint.matrix import Matrix
from weasyprint.svg.bounding_box import extend_bounding_box
from weasyprint.svg.utils import normalize, size
from weasyprint.text.line_break import split_first_line

# The package's name `text` is the function, so the module is imported by its full name.
weasyprint_svg_text = importlib.import_module("weasyprint.svg.text")
upstream_text = weasyprint_svg_text.text

WRITTEN_FOR = "70."
# Attributes that place glyphs one by one or shift the baseline: WeasyPrint's own drawing handles them.
PER_GLYPH = ("dx", "dy", "rotate", "letter-spacing", "textLength", "lengthAdjust", "direction",
             "display-anchor", "dominant-baseline", "alignment-baseline")
FONT_WEIGHTS = {"normal": 400, "bold": 700}


def install() -> bool:
    """Draw simple SVG texts as one run; True when installed (only in the release it was written for)."""
    if not weasyprint.__version__.startswith(WRITTEN_FOR):
        return False
    for tag in ("text", "tspan"):
        weasyprint_svg.TAGS[tag] = text
    # The drawing loop recognises text nodes by comparing with the module's `text`.
    weasyprint_svg.text = text
    return True


def installed() -> bool:
    return weasyprint_svg.TAGS.get("text") is text


def text(svg, node, font_size) -> None:
    if not _one_run(node):
        upstream_text(svg, node, font_size)
        return
    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    x = _coordinate(node, "x", font_size, svg.inner_width)
    y = _coordinate(node, "y", font_size, svg.inner_height)
    if x:  # as WeasyPrint does: a new x ends a shift that an earlier dx started
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position, y_position = x + svg.cursor_d_position[0], y + svg.cursor_d_position[1]
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box,
        ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height)))

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    text_box = weasyprint_svg_text.TextBox(layout, style)
    text_box.baseline = baseline
    emojis = draw_first_line(svg.stream, text_box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _one_run(node) -> bool:
    if not node.text or any(name in node.attrib for name in PER_GLYPH):
        return False
    return all(len(normalize(node.attrib[name]).strip().split(" ")) == 1 for name in ("x", "y")
               if name in node.attrib)


def _coordinate(node, name: str, font_size: float, reference: float) -> float | None:
    if name not in node.attrib:
        return None
    return size(normalize(node.attrib[name]).strip(), font_size, reference)


def _style(svg, node, font_size: float) -> dict:
    """The font of the text, read from its attributes as WeasyPrint's own SVG text does."""
    style = weasyprint_svg_text.Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    try:
        style["font_weight"] = int(FONT_WEIGHTS.get(weight, weight))
    except ValueError:
        style["font_weight"] = 400
    style["font_size"] = font_size
    return style
