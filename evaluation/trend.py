"""The trend over every closed wave of a school: each scale's mean, and the share satisfied."""

from __future__ import annotations

from dataclasses import dataclass

from projects.models import School
from surveys import charts, results, retention
from surveys.instruments import instrument
from surveys.models import Wave

from .compare_cycles import wave_label

# Scales drawn as a trend line: the outcomes and the seed's step-5 soft factors.
TREND_GROUPS = ("uitkomsten", "samen_aan_de_slag")


@dataclass(frozen=True)
class Trend:
    labels: list[str]
    rows: list[dict]  # per scale: code, label, group, means (None where withheld)
    satisfied: list[float | None]
    charts: list[str]

    @property
    def has_points(self) -> bool:
        return len(self.labels) >= 2


def school_trend(school: School) -> Trend:
    """Every closed wave of the school, in order, with each scale's mean; withheld waves show "–"."""
    waves = [
        wave for wave in Wave.objects.for_school(school).select_related("cycle").order_by("cycle__number", "-kind")
        if wave.is_closed
    ]
    if not waves:
        return Trend([], [], [], [])
    view = instrument(max(wave.instrument_id for wave in waves))
    groups = {group["code"]: group["label"] for group in view.groups}
    per_wave = [retention.results_of(wave) for wave in waves]
    means = [
        {} if not results.shows_figures(data) else {row["code"]: row["mean"] for row in data["scales"]}
        for data in per_wave
    ]
    rows = [
        {
            "code": scale["code"],
            "label": scale["label"],
            "group": groups.get(scale["group"], ""),
            "group_code": scale["group"],
            "means": [wave_means.get(scale["code"]) for wave_means in means],
        }
        for scale in view.scales
    ]
    labels = [wave_label(wave) for wave in waves]
    trend_charts = [
        charts.trend_chart(row["label"], list(zip(labels, row["means"], strict=True)), 1, 5,
                           chart_id=f"trend-{row['code']}")
        for row in rows
        if row["group_code"] in TREND_GROUPS
    ] if len(waves) >= 2 else []
    satisfied = [results.satisfied_pct([wave]) for wave in waves]
    return Trend(labels, rows, satisfied, trend_charts)
