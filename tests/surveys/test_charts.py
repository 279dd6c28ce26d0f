"""Server-drawn SVG charts: valid, accessible, escaped, Dutch numbers, no inline styles."""

import logging
import re
import xml.etree.ElementTree as ET

import pytest

from surveys.charts import difference_chart, energy_chart, grouped_bars, trend_chart

SVG = "{http://www.w3.org/2000/svg}"

SEED_FIGURE = [  # "Energiegevers & energienemers: alle scholen samen"
    {
        "label": "Werken met nieuwe methoden",
        "taker_pct": 35.3,
        "giver_pct": 34.6,
        "neutral_pct": 30.1,
        "n": 26,
    },
    {"label": "Ouders", "taker_pct": 17.9, "giver_pct": 77.6, "neutral_pct": 4.5, "n": 26},
    {
        "label": "Tijdsdruk, piekbelasting",
        "taker_pct": 84.6,
        "giver_pct": 5.1,
        "neutral_pct": 10.3,
        "n": 26,
    },
    {
        "label": "De hoeveelheid administratieve taken",
        "taker_pct": 85.3,
        "giver_pct": 1.3,
        "neutral_pct": 13.4,
        "n": 25,
    },
    {
        "label": "Mijn betrokkenheid bij de leerlingen",
        "taker_pct": 3.8,
        "giver_pct": 85.3,
        "neutral_pct": 10.9,
        "n": 26,
    },
    {
        "label": "Waardering van leerlingen",
        "taker_pct": 15.4,
        "giver_pct": 26.9,
        "neutral_pct": 57.7,
        "n": 24,
    },
]


def satisfaction_bars(**kwargs) -> str:
    return grouped_bars(
        "Tevredenheid met werk — % (zeer) tevreden",
        ["Tevredenheid met werk"],
        [("Benchmark", [None]), ("Voormeting", [58.3]), ("Nameting", [76.9])],
        **kwargs,
    )


def workload_trend() -> str:
    return trend_chart(
        "Ervaren werkdruk",
        [
            ("Voormeting 2023", 3.9),
            ("Nameting 2024", 3.42),
            ("Voormeting 2024", None),
            ("Nameting 2025", 3.1),
        ],
        1,
        5,
    )


ALL_CHARTS = [lambda: energy_chart(SEED_FIGURE), satisfaction_bars, workload_trend]


def texts(svg: str) -> list[str]:
    return [element.text or "" for element in ET.fromstring(svg).iter(f"{SVG}text")]


@pytest.mark.parametrize("draw", ALL_CHARTS)
def test_chart_is_valid_svg_labelled_by_its_title(draw):
    root = ET.fromstring(draw())

    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.find(f"{SVG}desc").get("id") == root.get("aria-describedby")


@pytest.mark.parametrize("draw", ALL_CHARTS)
def test_chart_has_no_inline_styles(draw):
    svg = draw()

    assert not re.search(r"\sstyle\s*=", svg)
    assert "<style" not in svg


@pytest.mark.parametrize("draw", ALL_CHARTS)
def test_chart_ids_are_stable_and_unique_to_the_content(draw):
    assert draw() == draw()


def test_charts_with_different_content_get_different_ids():
    first, second = energy_chart(SEED_FIGURE), energy_chart(SEED_FIGURE[:2])

    assert ET.fromstring(first).find(f"{SVG}title").get("id") != ET.fromstring(second).find(
        f"{SVG}title"
    ).get("id")


def test_given_chart_id_is_used():
    svg = satisfaction_bars(chart_id="tevredenheid")

    assert 'id="tevredenheid-title"' in svg
    assert 'fill="url(#tevredenheid-series-2)"' in svg


def test_energy_chart_prints_percentages_with_a_decimal_comma():
    shown = texts(energy_chart(SEED_FIGURE))

    for value in ("35,3%", "84,6%", "1,3%", "85,3%", "77,6%"):
        assert value in shown
    assert not any(re.search(r"\d\.\d", text) for text in shown)


def test_energy_chart_puts_the_most_draining_theme_on_top():
    root = ET.fromstring(energy_chart(SEED_FIGURE))
    row_titles = [row.find(f"{SVG}title").text for row in root.iter(f"{SVG}g")]

    assert [title.split(":")[0] for title in row_titles] == [
        "De hoeveelheid administratieve taken",
        "Tijdsdruk, piekbelasting",
        "Werken met nieuwe methoden",
        "Ouders",
        "Waardering van leerlingen",
        "Mijn betrokkenheid bij de leerlingen",
    ]


def test_energy_chart_draws_takers_left_and_givers_right_of_the_centre():
    root = ET.fromstring(energy_chart(SEED_FIGURE[:1]))
    centre = float(root.find(f"{SVG}line[@class='chart-axis']").get("x1"))
    taker = root.find(f".//{SVG}rect[@class='chart-bar chart-bar--taker']")
    giver = root.find(f".//{SVG}rect[@class='chart-bar chart-bar--giver']")

    assert float(taker.get("x")) + float(taker.get("width")) == pytest.approx(centre)
    assert float(giver.get("x")) == pytest.approx(centre)
    assert float(taker.get("width")) > float(giver.get("width"))  # 35,3 against 34,6


def test_energy_chart_heads_both_sides_and_marks_the_axis_both_ways():
    shown = texts(energy_chart(SEED_FIGURE))

    assert "Energienemer" in shown and "Energiegever" in shown
    assert shown.count("100%") == 2 and shown.count("0%") == 1


def test_energy_chart_wraps_a_long_label_over_two_lines():
    shown = texts(energy_chart(SEED_FIGURE))

    assert "De hoeveelheid" in shown
    assert "administratieve taken" in shown


def test_energy_chart_escapes_labels():
    row = {
        "label": 'Ouders & <script>"x"',
        "taker_pct": 10.0,
        "giver_pct": 50.0,
        "neutral_pct": 40.0,
        "n": 9,
    }
    svg = energy_chart([row])

    assert "<script>" not in svg
    assert "&amp;" in svg and "&lt;script&gt;" in svg
    assert 'Ouders & <script>"x"' in " ".join(texts(svg))


def test_energy_chart_shows_a_dash_for_a_theme_nobody_answered():
    empty = {
        "label": "Vergaderen",
        "taker_pct": None,
        "giver_pct": None,
        "neutral_pct": None,
        "n": 0,
    }
    root = ET.fromstring(energy_chart([empty, *SEED_FIGURE]))
    last_row = list(root.iter(f"{SVG}g"))[-1]

    assert last_row.find(f"{SVG}title").text.startswith("Vergaderen")
    assert [t.text for t in last_row.iter(f"{SVG}text") if t.get("class") == "chart-value"] == [
        "–",
        "–",
    ]
    assert last_row.find(f"{SVG}rect") is None


def test_grouped_bars_print_values_and_a_dash_without_a_bar_for_none():
    root = ET.fromstring(satisfaction_bars())
    values = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"]
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class", "").startswith("chart-bar ")]

    assert values == ["–", "58,3%", "76,9%"]
    assert len(bars) == 2


def test_grouped_bars_tell_series_apart_by_legend_and_fill():
    svg = satisfaction_bars()
    root = ET.fromstring(svg)
    fills = {
        r.get("class"): r.get("fill")
        for r in root.iter(f"{SVG}rect")
        if r.get("class", "").startswith("chart-bar ")
    }

    assert {"Benchmark", "Voormeting", "Nameting"} <= set(texts(svg))
    assert len(set(fills.values())) == 2
    assert root.find(f".//{SVG}pattern") is not None  # the hatched series survives grey-scale


def test_grouped_bars_escape_title_and_categories():
    svg = grouped_bars("Werkdruk <&> tevredenheid", ["Onder- & middenbouw"], [("Nameting", [50.0])])

    assert "Werkdruk &lt;&amp;&gt; tevredenheid" in svg
    assert "Onder- &amp; middenbouw" in svg


@pytest.mark.parametrize("values", [[50.0, 60.0], [101.0]])
def test_grouped_bars_refuse_values_that_do_not_fit(values):
    with pytest.raises(ValueError):
        grouped_bars("Tevredenheid", ["Tevredenheid met werk"], [("Nameting", values)])


def test_trend_chart_breaks_the_line_at_a_missing_wave():
    root = ET.fromstring(workload_trend())
    lines = list(root.iter(f"{SVG}polyline"))
    points = list(root.iter(f"{SVG}circle"))

    assert len(lines) == 1  # 3,90 → 3,42; the lone 3,10 after the gap has no line
    assert len(lines[0].get("points").split()) == 2
    assert len(points) == 3
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"] == [
        "3,90",
        "3,42",
        "–",
        "3,10",
    ]


def test_trend_chart_marks_the_scale_with_round_ticks():
    ticks = [
        t.text
        for t in ET.fromstring(workload_trend()).iter(f"{SVG}text")
        if t.get("class") == "chart-tick"
    ]

    assert ticks == ["1", "2", "3", "4", "5"]


def test_trend_chart_needs_a_range():
    with pytest.raises(ValueError):
        trend_chart("Ervaren werkdruk", [("Voormeting", 3.0)], 5, 1)


def test_weasyprint_renders_every_chart_without_complaint(caplog):
    weasyprint = pytest.importorskip("weasyprint")
    page = "<html><body>" + "".join(draw() for draw in ALL_CHARTS) + "</body></html>"

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = weasyprint.HTML(string=page).write_pdf()

    assert pdf.startswith(b"%PDF")
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_narrow_bars_print_bare_numbers_under_the_percentage_axis():
    root = ET.fromstring(
        grouped_bars(
            "Zachte factoren",
            ["Steun", "Invloed", "Bespreekbaar", "Samen", "Tevredenheid"],
            [(name, [50.0] * 5) for name in ("Benchmark", "Voormeting", "Nameting", "Extra")],
        )
    )
    values = {t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-value"}

    assert values == {"50,0"}


def test_energy_chart_refuses_shares_outside_0_to_100():
    row = {"label": "Ouders", "taker_pct": 120.0, "giver_pct": 0.0, "neutral_pct": 0.0, "n": 5}

    with pytest.raises(ValueError):
        energy_chart([row])


def test_chart_id_must_be_usable_as_an_svg_id():
    with pytest.raises(ValueError):
        satisfaction_bars(chart_id='x" onload="alert(1)')


# --- Differences with their 95% interval ---------------------------------------------------

DIFFERENCES = [
    ("Uitkomsten", [
        {"label": "Ervaren werkdruk", "diff": -0.49, "ci_low": -0.8, "ci_high": -0.17, "meaning": "better"},
        {"label": "Uitputting", "diff": 0.6, "ci_low": 0.2, "ci_high": 1.0, "meaning": "worse"},
    ]),
    ("Buffers", [
        {"label": "Waardering", "diff": -0.12, "ci_low": -0.5, "ci_high": 0.25, "meaning": "none"},
        {"label": "Herstel", "diff": None, "ci_low": None, "ci_high": None, "meaning": "none"},
    ]),
]


def difference_svg(**kwargs) -> str:
    return difference_chart(DIFFERENCES, title="Verschil per schaal", description="Per schaal het verschil.",
                            legend={"better": "verbeterd", "worse": "verslechterd", "none": "geen verschil"}, **kwargs)


def test_difference_chart_draws_one_whisker_per_row_with_an_interval():
    root = ET.fromstring(difference_svg())
    rows = root.findall(f".//{SVG}g")

    assert len(rows) == 4
    assert [len(row.findall(f"{SVG}path")) for row in rows] == [1, 1, 1, 0]
    assert root.find(f"{SVG}title").text == "Verschil per schaal"
    assert root.get("role") == "img" and root.get("aria-describedby")


def test_difference_chart_colours_by_meaning_not_by_sign():
    rows = ET.fromstring(difference_svg()).findall(f".//{SVG}g")
    colour = {row.find(f"{SVG}title").text.split(":")[0]: row.find(f"{SVG}path").get("stroke")
              for row in rows if row.find(f"{SVG}path") is not None}

    assert colour["Ervaren werkdruk"] == "#1b7837"  # a drop, and an improvement
    assert colour["Uitputting"] == "#b2182b"  # a rise, and a deterioration
    assert colour["Waardering"] == "#737373"  # a drop, but no detectable change


def test_difference_chart_axis_is_symmetric_and_in_dutch():
    svg = difference_svg()
    ticks = [text for text in re.findall(r'class="chart-tick"[^>]*>([^<]+)<', svg)]

    assert ticks[0] == "−" + ticks[-1].lstrip("+")
    assert "0,0" in ticks
    assert "−0,49" in svg and "+0,60" in svg
    assert "style=" not in svg


def test_difference_chart_refuses_an_unknown_meaning():
    with pytest.raises(ValueError):
        difference_chart([("", [{"label": "x", "diff": 1, "meaning": "positief"}])], title="t", description="d",
                         legend={})
