"""Charts as inline SVG strings, drawn on the server.

The same markup goes into the page and into the WeasyPrint PDF, so it sticks to what both
render alike: SVG presentation attributes (never a `style` attribute or a <style> element,
which our CSP without unsafe-inline would block), common sans-serif fonts, and text laid
out by an estimated width. Colour is never the only cue, so grey-scale prints stay readable:
series differ in lightness and hatching, and every bar carries its number. Each chart is an
image with a <title> and <desc>; the page shows the same figures in a table as well.
"""

from __future__ import annotations

import hashlib
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from surveys.formatting import dutch_decimal
from surveys.formatting import translate as _

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
CHART_ID = re.compile(r"[A-Za-z][\w-]*")
FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
FONT_SIZE = 12
SMALL_FONT_SIZE = 11
LINE_HEIGHT = 14
# Average glyph width as a share of the font size; generous for DejaVu Sans (the widest
# of the fonts above), so that estimated wrapping never lets a label overflow.
GLYPH_WIDTH = 0.6

INK = "#1a1a1a"
MUTED_INK = "#595959"
GRID = "#d9d9d9"
BAR_OUTLINE = "#404040"
MISSING = "–"  # printed where there is no figure (nobody answered, no benchmark yet)


@dataclass(frozen=True)
class _Fill:
    name: str  # unique within a chart; also the CSS class suffix
    colour: str
    hatch: str | None = None  # colour of diagonal lines drawn over it

    def pattern(self, chart_id: str) -> str:
        if self.hatch is None:
            return ""
        return (
            f'<pattern id="{chart_id}-{self.name}" width="6" height="6" '
            'patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{self.colour}"/>'
            f'<path d="M0,6 L6,0 M-1,1 L1,-1 M5,7 L7,5" stroke="{self.hatch}" stroke-width="1.5"/>'
            "</pattern>"
        )

    def paint(self, chart_id: str) -> str:
        return f"url(#{chart_id}-{self.name})" if self.hatch else self.colour


TAKER_FILL = _Fill("taker", "#b2182b")
GIVER_FILL = _Fill("giver", "#d9f0d3", hatch="#1b7837")
# Light, hatched, dark, white-hatched: apart in grey-scale too. Benchmark / voormeting /
# nameting take the first three.
SERIES_FILLS = (
    _Fill("series-1", "#c6dbef"),
    _Fill("series-2", "#9ecae1", hatch="#08519c"),
    _Fill("series-3", "#08519c"),
    _Fill("series-4", "#ffffff", hatch="#252525"),
)


# --- Energiegevers en energienemers -------------------------------------------------------

ENERGY_WIDTH = 640  # like the other charts: fits an A4 page unscaled
ENERGY_LABEL_RIGHT = 172
ENERGY_VALUE_ROOM = 60  # for "100,0%" beside a full bar
ENERGY_HALF = 150  # width of 100% on either side of the centre line
ENERGY_CENTRE = ENERGY_LABEL_RIGHT + ENERGY_VALUE_ROOM + ENERGY_HALF
ENERGY_TICKS = (25, 50, 75, 100)  # on both sides; tens would crowd the labels
ENERGY_TOP = 34
ENERGY_MIN_ROW_HEIGHT = 30
ENERGY_BAR_HEIGHT = 16


def energy_chart(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str | None = None,
    chart_id: str | None = None,
) -> str:
    """Per theme the share of energienemers left of the centre line, energiegevers right.

    Each row: label, taker_pct, giver_pct, neutral_pct (0–100 or None) and n. Rows are
    drawn with the most draining theme on top, as in the seed's figure.
    """
    title = title or _("Energiegevers en energienemers")
    for row in rows:
        _check_percentages([row.get("taker_pct"), row.get("giver_pct"), row.get("neutral_pct")])
    chart_id = _chart_id(chart_id, "energie", title, rows)
    ordered = sorted(rows, key=lambda row: _descending_with_none_last(row.get("taker_pct")))

    body: list[str] = [*_energy_headings(chart_id)]
    row_markup: list[str] = []
    y = ENERGY_TOP
    for row in ordered:
        markup, height = _energy_row(row, y, chart_id)
        row_markup.append(markup)
        y += height
    body += _energy_grid(ENERGY_TOP - 4, y)
    body += row_markup
    body += _energy_axis(y + 4)
    description = _(
        "Per thema het percentage collega's voor wie het energie kost (links) "
        "en energie geeft (rechts)."
    )
    return _svg(
        chart_id,
        "chart--energy",
        ENERGY_WIDTH,
        y + 24,
        title,
        description,
        defs=[GIVER_FILL.pattern(chart_id)],
        body=body,
    )


def _descending_with_none_last(value: float | None) -> tuple[bool, float]:
    return (value is None, -(value or 0.0))


def _energy_x(pct: float) -> float:
    """Distance from the centre line for a share."""
    return ENERGY_HALF * pct / 100


def _energy_headings(chart_id: str) -> list[str]:
    headings = []
    for heading, fill, centre in (
        (_("Energienemer"), TAKER_FILL, ENERGY_CENTRE - ENERGY_HALF / 2),
        (_("Energiegever"), GIVER_FILL, ENERGY_CENTRE + ENERGY_HALF / 2),
    ):
        left = centre - (18 + _text_width(heading, FONT_SIZE, bold=True)) / 2
        headings.append(_swatch(left, 6, fill, chart_id))
        headings.append(_text(left + 18, 16, heading, bold=True, css_class="chart-heading"))
    return headings


def _energy_row(row: Mapping[str, Any], top: float, chart_id: str) -> tuple[str, float]:
    label = str(row.get("label", ""))
    lines = _wrap(label, ENERGY_LABEL_RIGHT - 8, FONT_SIZE)
    height = max(ENERGY_MIN_ROW_HEIGHT, len(lines) * LINE_HEIGHT + 10)
    middle = top + height / 2
    parts = [f'<g class="chart-row"><title>{escape(_energy_row_summary(row))}</title>']
    parts += _centred_lines(
        ENERGY_LABEL_RIGHT, middle, lines, anchor="end", css_class="chart-label"
    )
    parts += _energy_bar(row.get("taker_pct"), middle, TAKER_FILL, chart_id, towards=-1)
    parts += _energy_bar(row.get("giver_pct"), middle, GIVER_FILL, chart_id, towards=+1)
    if row.get("n") is not None:
        parts.append(
            _text(
                ENERGY_WIDTH - 4,
                middle + _baseline_shift(SMALL_FONT_SIZE),
                f"n = {row['n']}",
                anchor="end",
                size=SMALL_FONT_SIZE,
                fill=MUTED_INK,
                css_class="chart-n",
            )
        )
    parts.append("</g>")
    return "".join(parts), height


def _energy_bar(
    pct: float | None, middle: float, fill: _Fill, chart_id: str, towards: int
) -> list[str]:
    """A bar from the centre line, to the left (towards=-1) or right (+1), with its number."""
    length = _energy_x(pct) if pct is not None else 0.0
    bar_x = ENERGY_CENTRE - length if towards < 0 else ENERGY_CENTRE
    label_x = ENERGY_CENTRE + towards * (length + 4)
    parts = []
    if length > 0:
        parts.append(
            _rect(
                bar_x,
                middle - ENERGY_BAR_HEIGHT / 2,
                length,
                ENERGY_BAR_HEIGHT,
                fill=fill.paint(chart_id),
                css_class=f"chart-bar chart-bar--{fill.name}",
            )
        )
    parts.append(
        _text(
            label_x,
            middle + _baseline_shift(FONT_SIZE),
            _percentage(pct),
            anchor="end" if towards < 0 else "start",
            css_class="chart-value",
        )
    )
    return parts


def _energy_row_summary(row: Mapping[str, Any]) -> str:
    summary = _(
        "%(label)s: energienemer %(taker)s, neutraal %(neutral)s, energiegever %(giver)s"
    ) % {
        "label": row.get("label", ""),
        "taker": _percentage(row.get("taker_pct")),
        "neutral": _percentage(row.get("neutral_pct")),
        "giver": _percentage(row.get("giver_pct")),
    }
    return summary if row.get("n") is None else f"{summary} (n = {row['n']})"


def _energy_grid(top: float, bottom: float) -> list[str]:
    lines = [
        _line(
            ENERGY_CENTRE + side * _energy_x(pct),
            top,
            ENERGY_CENTRE + side * _energy_x(pct),
            bottom,
            stroke=GRID,
            css_class="chart-grid",
        )
        for pct in ENERGY_TICKS
        for side in (-1, 1)
    ]
    lines.append(
        _line(ENERGY_CENTRE, top, ENERGY_CENTRE, bottom, stroke=INK, css_class="chart-axis")
    )
    return lines


def _energy_axis(y: float) -> list[str]:
    ticks = [(ENERGY_CENTRE - _energy_x(pct), pct) for pct in reversed(ENERGY_TICKS)]
    ticks += [(ENERGY_CENTRE + _energy_x(pct), pct) for pct in (0, *ENERGY_TICKS)]
    return [
        _text(
            x,
            y + 10,
            f"{pct}%",
            anchor="middle",
            size=SMALL_FONT_SIZE,
            fill=MUTED_INK,
            css_class="chart-tick",
        )
        for x, pct in ticks
    ]


# --- Grouped bars (benchmark / voormeting / nameting) ------------------------------------

BARS_WIDTH = 640
BARS_PLOT_LEFT = 48
BARS_PLOT_RIGHT = BARS_WIDTH - 12
BARS_PLOT_TOP = 44
BARS_PLOT_BOTTOM = 244
BARS_MAX_BAR_WIDTH = 56


def grouped_bars(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    chart_id: str | None = None,
) -> str:
    """Vertical bars on a 0–100% axis, one group per category, one bar per series.

    A value of None draws no bar and prints "–" (e.g. no benchmark yet).
    """
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(
                f"Series {name!r} has {len(values)} values for {len(categories)} categories"
            )
        _check_percentages(values)
    chart_id = _chart_id(chart_id, "staven", title, categories, series)
    fills = [SERIES_FILLS[i % len(SERIES_FILLS)] for i in range(len(series))]

    body = [*_bars_legend([name for name, _values in series], fills, chart_id), *_bars_grid()]
    group_width = (BARS_PLOT_RIGHT - BARS_PLOT_LEFT) / max(len(categories), 1)
    label_lines = 1
    for index, category in enumerate(categories):
        group_left = BARS_PLOT_LEFT + index * group_width
        values_here = [values[index] for _name, values in series]
        body += _bar_group(group_left, group_width, values_here, fills, chart_id)
        lines = _wrap(category, group_width - 8, FONT_SIZE)
        label_lines = max(label_lines, len(lines))
        body += [
            _text(
                group_left + group_width / 2,
                BARS_PLOT_BOTTOM + 18 + i * LINE_HEIGHT,
                line,
                anchor="middle",
                css_class="chart-label",
            )
            for i, line in enumerate(lines)
        ]
    body.append(
        _line(
            BARS_PLOT_LEFT,
            BARS_PLOT_BOTTOM,
            BARS_PLOT_RIGHT,
            BARS_PLOT_BOTTOM,
            stroke=INK,
            css_class="chart-axis",
        )
    )
    description = _("Staafdiagram in procenten per categorie: %(series)s.") % {
        "series": ", ".join(name for name, _values in series)
    }
    height = BARS_PLOT_BOTTOM + 18 + label_lines * LINE_HEIGHT
    return _svg(
        chart_id,
        "chart--bars",
        BARS_WIDTH,
        height,
        title,
        description,
        defs=[fill.pattern(chart_id) for fill in fills],
        body=body,
    )


def _bar_group(
    left: float, width: float, values: Sequence[float | None], fills: Sequence[_Fill], chart_id: str
) -> list[str]:
    bar_width = min(width * 0.85 / len(values), BARS_MAX_BAR_WIDTH)
    first_x = left + (width - bar_width * len(values)) / 2
    roomy = bar_width >= 34
    # Narrow bars print "58,3" at a smaller size: the axis already says it is a percentage.
    value_size, show_value = (SMALL_FONT_SIZE, _percentage) if roomy else (9, _bare_percentage)
    parts = []
    for i, (value, fill) in enumerate(zip(values, fills, strict=True)):
        x = first_x + i * bar_width
        top = _bars_y(value or 0.0)
        if value is not None and value > 0:
            parts.append(
                _rect(
                    x + 1,
                    top,
                    bar_width - 2,
                    BARS_PLOT_BOTTOM - top,
                    fill=fill.paint(chart_id),
                    css_class=f"chart-bar chart-bar--{fill.name}",
                )
            )
        parts.append(
            _text(
                x + bar_width / 2,
                top - 4,
                show_value(value),
                anchor="middle",
                size=value_size,
                css_class="chart-value",
            )
        )
    return parts


def _bars_y(pct: float) -> float:
    return BARS_PLOT_BOTTOM - (BARS_PLOT_BOTTOM - BARS_PLOT_TOP) * pct / 100


def _bars_grid() -> list[str]:
    parts = []
    for pct in (0, 20, 40, 60, 80, 100):
        y = _bars_y(pct)
        parts.append(
            _line(BARS_PLOT_LEFT, y, BARS_PLOT_RIGHT, y, stroke=GRID, css_class="chart-grid")
        )
        parts.append(
            _text(
                BARS_PLOT_LEFT - 6,
                y + _baseline_shift(SMALL_FONT_SIZE),
                f"{pct}%",
                anchor="end",
                size=SMALL_FONT_SIZE,
                fill=MUTED_INK,
                css_class="chart-tick",
            )
        )
    return parts


def _bars_legend(names: Sequence[str], fills: Sequence[_Fill], chart_id: str) -> list[str]:
    parts = []
    x = float(BARS_PLOT_LEFT)
    for name, fill in zip(names, fills, strict=True):
        parts.append(_swatch(x, 8, fill, chart_id))
        parts.append(_text(x + 18, 18, name, css_class="chart-legend"))
        x += 18 + _text_width(name, FONT_SIZE) + 20
    return parts


# --- Trend of a scale over the waves -----------------------------------------------------

TREND_WIDTH = 560
TREND_PLOT_LEFT = 44
TREND_PLOT_RIGHT = TREND_WIDTH - 16
TREND_PLOT_TOP = 24
TREND_PLOT_BOTTOM = 204


def trend_chart(
    title: str,
    points: Sequence[tuple[str, float | None]],
    y_min: float,
    y_max: float,
    *,
    decimals: int = 2,
    chart_id: str | None = None,
) -> str:
    """A line through the wave means; a missing wave (None) breaks the line and shows "–"."""
    if y_max <= y_min:
        raise ValueError("y_max must be above y_min")
    chart_id = _chart_id(chart_id, "trend", title, points, y_min, y_max)
    step = (TREND_PLOT_RIGHT - TREND_PLOT_LEFT) / max(len(points), 1)

    def x_of(index: int) -> float:
        return TREND_PLOT_LEFT + step * (index + 0.5)

    def y_of(value: float) -> float:
        share = (min(max(value, y_min), y_max) - y_min) / (y_max - y_min)
        return TREND_PLOT_BOTTOM - share * (TREND_PLOT_BOTTOM - TREND_PLOT_TOP)

    body = _trend_grid(y_min, y_max, y_of)
    for run in _unbroken_runs(points):
        if len(run) > 1:
            coordinates = " ".join(f"{_number(x_of(i))},{_number(y_of(v))}" for i, v in run)
            body.append(
                f'<polyline class="chart-line" points="{coordinates}" fill="none" '
                f'stroke="{INK}" stroke-width="2"/>'
            )
    label_lines = 1
    for index, (label, value) in enumerate(points):
        x = x_of(index)
        if value is None:
            body.append(
                _text(
                    x,
                    TREND_PLOT_BOTTOM - 6,
                    MISSING,
                    anchor="middle",
                    fill=MUTED_INK,
                    css_class="chart-value",
                )
            )
        else:
            y = y_of(value)
            body.append(
                f'<circle class="chart-point" cx="{_number(x)}" cy="{_number(y)}" r="4" '
                f'fill="#ffffff" stroke="{INK}" stroke-width="2"/>'
            )
            body.append(
                _text(
                    x,
                    y - 9,
                    dutch_decimal(value, decimals),
                    anchor="middle",
                    css_class="chart-value",
                )
            )
        lines = _wrap(label, step - 8, FONT_SIZE)
        label_lines = max(label_lines, len(lines))
        body += [
            _text(
                x,
                TREND_PLOT_BOTTOM + 18 + i * LINE_HEIGHT,
                line,
                anchor="middle",
                css_class="chart-label",
            )
            for i, line in enumerate(lines)
        ]
    description = _("Lijndiagram van de gemiddelde score per meting.")
    height = TREND_PLOT_BOTTOM + 18 + label_lines * LINE_HEIGHT
    return _svg(
        chart_id, "chart--trend", TREND_WIDTH, height, title, description, defs=[], body=body
    )


def _unbroken_runs(points: Sequence[tuple[str, float | None]]) -> list[list[tuple[int, float]]]:
    runs: list[list[tuple[int, float]]] = [[]]
    for index, (_label, value) in enumerate(points):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((index, value))
    return [run for run in runs if run]


def _trend_grid(y_min: float, y_max: float, y_of: Callable[[float], float]) -> list[str]:
    ticks = _nice_ticks(y_min, y_max)
    decimals = _decimals_of(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    parts = []
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            _line(TREND_PLOT_LEFT, y, TREND_PLOT_RIGHT, y, stroke=GRID, css_class="chart-grid")
        )
        parts.append(
            _text(
                TREND_PLOT_LEFT - 6,
                y + _baseline_shift(SMALL_FONT_SIZE),
                dutch_decimal(tick, decimals),
                anchor="end",
                size=SMALL_FONT_SIZE,
                fill=MUTED_INK,
                css_class="chart-tick",
            )
        )
    parts.append(
        _line(
            TREND_PLOT_LEFT,
            TREND_PLOT_BOTTOM,
            TREND_PLOT_RIGHT,
            TREND_PLOT_BOTTOM,
            stroke=INK,
            css_class="chart-axis",
        )
    )
    return parts


def _nice_ticks(low: float, high: float, about: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 × 10ᵏ) covering low…high."""
    rough_step = (high - low) / about
    magnitude = 10 ** math.floor(math.log10(rough_step))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= rough_step)
    first = math.ceil(low / step - 1e-9)
    last = math.floor(high / step + 1e-9)
    return [round(k * step, 10) for k in range(first, last + 1)]


def _decimals_of(step: float) -> int:
    return next(d for d in range(6) if round(step, d) == round(step, 10))


# --- Differences with their 95% interval (dot and whisker) ---------------------------------

DIFF_WIDTH = 480  # narrow, so that its text stays readable on a phone
DIFF_LABEL_RIGHT = 186
DIFF_PLOT_LEFT = DIFF_LABEL_RIGHT + 12
DIFF_PLOT_RIGHT = DIFF_WIDTH - 52  # room for the difference printed beside each row
DIFF_TOP = 40
DIFF_ROW_HEIGHT = 22
DIFF_GROUP_HEIGHT = 22
# By meaning, not by sign: for ervaren werkdruk a drop is an improvement. Shape tells them apart
# in grey-scale too: a filled circle, a filled square, an open circle.
DIFF_MEANINGS = {
    "better": ("#1b7837", "circle"),
    "worse": ("#b2182b", "square"),
    "none": ("#737373", "open"),
}


def difference_chart(
    groups: Sequence[tuple[str, Sequence[Mapping[str, Any]]]],
    *,
    title: str,
    description: str,
    legend: Mapping[str, str],
    axis_label: str = "",
    chart_id: str | None = None,
) -> str:
    """Per row a dot at the difference and a whisker over its 95% interval, rows in titled groups.

    Each row: label, diff, ci_low, ci_high (None: nothing to draw, "–"), meaning ("better",
    "worse" or "none") and an optional note for the row's tooltip ("lager is beter"). `legend` names
    each meaning. The axis is symmetric around 0, so left and right of the line weigh alike.
    """
    rows = [row for _label, group in groups for row in group]
    unknown = {row.get("meaning") for row in rows} - DIFF_MEANINGS.keys()
    if unknown:
        raise ValueError(f"Unknown meanings: {sorted(map(str, unknown))}")
    chart_id = _chart_id(chart_id, "verschillen", title, groups)
    reach = _diff_reach(rows)

    def x_of(value: float) -> float:
        middle = (DIFF_PLOT_LEFT + DIFF_PLOT_RIGHT) / 2
        return middle + (DIFF_PLOT_RIGHT - DIFF_PLOT_LEFT) / 2 * max(-reach, min(reach, value)) / reach

    body, legend_height = _diff_legend(legend)
    top = legend_height + DIFF_TOP - 22
    markup: list[str] = []
    y = top
    for label, group in groups:
        if label:
            markup.append(_text(4, y + DIFF_GROUP_HEIGHT - 8, label, bold=True, css_class="chart-group"))
            y += DIFF_GROUP_HEIGHT
        for row in group:
            row_markup, height = _diff_row(row, y, x_of)
            markup.append(row_markup)
            y += height
    body += _diff_grid(reach, x_of, top, y)
    body += markup
    if axis_label:
        body.append(_text((DIFF_PLOT_LEFT + DIFF_PLOT_RIGHT) / 2, y + 32, axis_label, anchor="middle",
                          size=SMALL_FONT_SIZE, fill=MUTED_INK, css_class="chart-axis-label"))
    return _svg(chart_id, "chart--differences", DIFF_WIDTH, y + (40 if axis_label else 22), title, description,
                defs=[], body=body)


def _diff_reach(rows: Sequence[Mapping[str, Any]]) -> float:
    """Half the axis: the widest interval end, rounded up to a quarter point, at least half a point."""
    ends = [abs(row[key]) for row in rows for key in ("ci_low", "ci_high", "diff") if row.get(key) is not None]
    widest = max(ends, default=0.0)
    return max(0.5, math.ceil(widest * 4 - 1e-9) / 4)


def _diff_legend(legend: Mapping[str, str]) -> tuple[list[str], float]:
    """The legend's marks and names, on as many lines as the width needs; returns them and their height."""
    parts, x, y = [], 4.0, 14.0
    for meaning, name in legend.items():
        width = 16 + _text_width(name, SMALL_FONT_SIZE) + 18
        if x > 4 and x + width > DIFF_WIDTH:
            x, y = 4.0, y + 18
        parts.append(_diff_mark(meaning, x + 6, y))
        parts.append(_text(x + 16, y + 4, name, size=SMALL_FONT_SIZE, css_class="chart-legend"))
        x += width
    return parts, y + 8


def _diff_grid(reach: float, x_of: Callable[[float], float], top: float, bottom: float) -> list[str]:
    ticks = _nice_ticks(-reach, reach, about=6)
    decimals = _decimals_of(ticks[1] - ticks[0]) if len(ticks) > 1 else 0
    parts = []
    for tick in ticks:
        x = x_of(tick)
        parts.append(_line(x, top, x, bottom, stroke=INK if tick == 0 else GRID,
                           css_class="chart-axis" if tick == 0 else "chart-grid"))
        parts.append(_text(x, bottom + 14, _signed(tick, decimals), anchor="middle",
                           size=SMALL_FONT_SIZE, fill=MUTED_INK, css_class="chart-tick"))
    return parts


def _diff_row(row: Mapping[str, Any], top: float, x_of: Callable[[float], float]) -> tuple[str, float]:
    # Whole words only: "ontplooiingsmogelijkheden" fits the label room, cut in two it reads as nonsense.
    lines = textwrap.wrap(str(row.get("label", "")), int((DIFF_LABEL_RIGHT - 6) / (FONT_SIZE * GLYPH_WIDTH)),
                          break_long_words=False) or [""]
    height = max(DIFF_ROW_HEIGHT, len(lines) * 13 + 6)
    middle = top + height / 2
    meaning = row.get("meaning", "none")
    colour, _shape = DIFF_MEANINGS[meaning]
    parts = [f'<g class="chart-row chart-row--{meaning}"><title>{escape(_diff_summary(row))}</title>']
    first_baseline = middle - (len(lines) - 1) * 13 / 2 + _baseline_shift(FONT_SIZE)
    parts += [_text(DIFF_LABEL_RIGHT, first_baseline + index * 13, line, anchor="end", css_class="chart-label")
              for index, line in enumerate(lines)]
    if row.get("ci_low") is not None and row.get("ci_high") is not None:
        low, high = x_of(row["ci_low"]), x_of(row["ci_high"])
        parts.append(
            f'<path class="chart-whisker" d="M{_number(low)},{_number(middle)} H{_number(high)} '
            f'M{_number(low)},{_number(middle - 4)} V{_number(middle + 4)} '
            f'M{_number(high)},{_number(middle - 4)} V{_number(middle + 4)}" '
            f'stroke="{colour}" stroke-width="1.5" fill="none"/>'
        )
    if row.get("diff") is not None:
        parts.append(_diff_mark(meaning, x_of(row["diff"]), middle))
    parts.append(_text(DIFF_WIDTH - 4, middle + _baseline_shift(FONT_SIZE), _signed(row.get("diff")), anchor="end",
                       fill=colour if meaning != "none" else MUTED_INK, css_class="chart-value"))
    parts.append("</g>")
    return "".join(parts), height


def _diff_mark(meaning: str, x: float, y: float) -> str:
    colour, shape = DIFF_MEANINGS[meaning]
    if shape == "square":
        return (f'<rect class="chart-dot chart-dot--{meaning}" x="{_number(x - 4.5)}" y="{_number(y - 4.5)}" '
                f'width="9" height="9" fill="{colour}"/>')
    fill = "#ffffff" if shape == "open" else colour
    return (f'<circle class="chart-dot chart-dot--{meaning}" cx="{_number(x)}" cy="{_number(y)}" r="5" '
            f'fill="{fill}" stroke="{colour}" stroke-width="1.5"/>')


def _diff_summary(row: Mapping[str, Any]) -> str:
    label = f"{row.get('label', '')} ({row['note']})" if row.get("note") else str(row.get("label", ""))
    if row.get("ci_low") is None or row.get("ci_high") is None:
        return _("%(label)s: verschil %(diff)s") % {"label": label, "diff": _signed(row.get("diff"))}
    return _("%(label)s: verschil %(diff)s, 95%%-interval %(low)s tot %(high)s") % {
        "label": label, "diff": _signed(row.get("diff")),
        "low": _signed(row["ci_low"]), "high": _signed(row["ci_high"]),
    }


def _signed(value: float | None, decimals: int = 2) -> str:
    if value is None:
        return MISSING
    text = dutch_decimal(value, decimals)
    if text.startswith("-"):
        return "−" + text[1:]
    return text if text.strip("0,") == "" else "+" + text


# --- SVG building blocks -----------------------------------------------------------------


def _svg(
    chart_id: str,
    css_class: str,
    width: float,
    height: float,
    title: str,
    description: str,
    *,
    defs: Iterable[str],
    body: Iterable[str],
) -> str:
    definitions = "".join(defs)
    return "".join(
        [
            f'<svg xmlns="{SVG_NAMESPACE}" class="chart {css_class}" role="img" '
            f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
            f'width="{_number(width)}" height="{_number(height)}" '
            f'viewBox="0 0 {_number(width)} {_number(height)}" '
            f'font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}" fill="{INK}">',
            f'<title id="{chart_id}-title">{escape(title)}</title>',
            f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
            f"<defs>{definitions}</defs>" if definitions else "",
            *body,
            "</svg>",
        ]
    )


def _chart_id(given: str | None, kind: str, *content: object) -> str:
    """The caller's id, or one derived from the content: stable for the same chart
    (cacheable, testable) and distinct between the charts of one page."""
    if given is None:
        return f"{kind}-{hashlib.sha1(repr(content).encode()).hexdigest()[:10]}"
    if not CHART_ID.fullmatch(given):
        raise ValueError(f"Not usable as an SVG id: {given!r}")
    return given


def _check_percentages(values: Iterable[float | None]) -> None:
    if any(value is not None and not 0 <= value <= 100 for value in values):
        raise ValueError("Percentages must lie between 0 and 100")


def _text(
    x: float,
    y: float,
    content: str,
    *,
    anchor: str = "start",
    size: int = FONT_SIZE,
    bold: bool = False,
    fill: str | None = None,
    css_class: str,
) -> str:
    attributes = [f'class="{css_class}"', f'x="{_number(x)}"', f'y="{_number(y)}"']
    if anchor != "start":
        attributes.append(f'text-anchor="{anchor}"')
    if size != FONT_SIZE:
        attributes.append(f'font-size="{size}"')
    if bold:
        attributes.append('font-weight="bold"')
    if fill:
        attributes.append(f'fill="{fill}"')
    return f"<text {' '.join(attributes)}>{escape(content)}</text>"


def _centred_lines(
    x: float, middle: float, lines: Sequence[str], *, anchor: str, css_class: str
) -> list[str]:
    first_baseline = middle - (len(lines) - 1) * LINE_HEIGHT / 2 + _baseline_shift(FONT_SIZE)
    return [
        _text(x, first_baseline + i * LINE_HEIGHT, line, anchor=anchor, css_class=css_class)
        for i, line in enumerate(lines)
    ]


def _rect(x: float, y: float, width: float, height: float, *, fill: str, css_class: str) -> str:
    return (
        f'<rect class="{css_class}" x="{_number(x)}" y="{_number(y)}" width="{_number(width)}" '
        f'height="{_number(height)}" fill="{fill}" stroke="{BAR_OUTLINE}" stroke-width="0.5"/>'
    )


def _swatch(x: float, y: float, fill: _Fill, chart_id: str) -> str:
    return _rect(
        x, y, 12, 12, fill=fill.paint(chart_id), css_class=f"chart-swatch chart-swatch--{fill.name}"
    )


def _line(x1: float, y1: float, x2: float, y2: float, *, stroke: str, css_class: str) -> str:
    return (
        f'<line class="{css_class}" x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" '
        f'y2="{_number(y2)}" stroke="{stroke}" stroke-width="1"/>'
    )


def _wrap(text: str, width: float, font_size: int) -> list[str]:
    return textwrap.wrap(text, max(1, int(width / (font_size * GLYPH_WIDTH)))) or [""]


def _text_width(text: str, font_size: int, *, bold: bool = False) -> float:
    return len(text) * font_size * (GLYPH_WIDTH + (0.08 if bold else 0))


def _baseline_shift(font_size: int) -> float:
    """From a line's vertical middle to its baseline (dominant-baseline is not portable)."""
    return font_size * 0.35


def _percentage(value: float | None) -> str:
    return MISSING if value is None else f"{dutch_decimal(value, 1)}%"


def _bare_percentage(value: float | None) -> str:
    return MISSING if value is None else dutch_decimal(value, 1)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
