"""Step 5 from the database: did the approach work?

- a cycle's voormeting against its nameting;
- across cycles: a cycle's voormeting against the previous cycle's nameting;
- the trend of every wave of a school;
- the nameting's question per measure ("Heeft deze maatregel je werkdruk verminderd?");
- the hard figures (absence) before and after.

The statistics are in `comparison` (plain data); this module only fetches the anonymous
aggregates from `results`, which already applies the k = 5 rule. Only closed waves are
compared: while a wave is open, each new response would show in the difference.
The nameting's questions per measure are asked by the survey itself (`surveys.measure_questions`);
what they answered is summed up here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from projects.models import Cycle, School

from . import anonymity, charts, results, retention
from .benchmark import Benchmark
from .comparison import Comparison, EnergySummary, GroupSummary, compare_wave_summaries
from .instruments import InstrumentView, instrument
from evaluation.models import HardFigures, HardFiguresMoment

from .models import ExtraAnswer, ItemKind, MeasureEffect, Wave, WaveKind, WaveQuestion

# Scales drawn as a trend line: the outcomes and the seed's step-5 soft factors.
TREND_GROUPS = ("uitkomsten", "samen_aan_de_slag")


# --- One wave against another --------------------------------------------------------


@dataclass(frozen=True)
class WaveComparison:
    baseline: Wave
    followup: Wave
    baseline_n: int
    followup_n: int
    comparison: Comparison | None  # None while a wave has fewer than 5 respondents
    groups: dict[str, str] = field(default_factory=dict)  # scale code -> group label

    @property
    def withheld(self) -> bool:
        return self.comparison is None

    @property
    def baseline_label(self) -> str:
        return wave_label(self.baseline)

    @property
    def followup_label(self) -> str:
        return wave_label(self.followup)

    def to_dict(self) -> dict[str, Any]:
        if self.comparison is None:
            return {"withheld": True, "baseline": {"n": self.baseline_n}, "followup": {"n": self.followup_n}}
        return self.comparison.to_dict()

    def scale_groups(self) -> list[dict]:
        """The scale rows by the instrument's groups, in order: [{"label", "rows"}]."""
        grouped: dict[str, list] = {}
        for row in self.comparison.scales if self.comparison else []:
            grouped.setdefault(self.groups.get(row.code, ""), []).append(row)
        return [{"label": label, "rows": rows} for label, rows in grouped.items()]

    @property
    def improved(self) -> list:
        return [row for row in self._rows() if row.significant and row.improved]

    @property
    def worsened(self) -> list:
        return [row for row in self._rows() if row.significant and not row.improved]

    def _rows(self) -> list:
        return [*self.comparison.scales, *self.comparison.energy] if self.comparison else []


def wave_label(wave: Wave) -> str:
    return _("%(kind)s cyclus %(number)s") % {"kind": wave.get_kind_display().capitalize(), "number": wave.cycle.number}


def compare(baseline: Wave, followup: Wave, summaries: dict[int, WaveSummary] | None = None) -> WaveComparison:
    """Every scale and energy theme of two closed waves, with one Benjamini–Hochberg correction.

    `summaries` (from `wave_summaries`) when many waves were counted together beforehand.
    """
    summaries = summaries or {}
    before = summaries.get(baseline.pk) or wave_summary(baseline)
    after = summaries.get(followup.pk) or wave_summary(followup)
    view = instrument(max(baseline.instrument_id, followup.instrument_id))
    groups = {group["code"]: group["label"] for group in view.definition.get("groups", [])}
    scale_groups = {scale["code"]: groups.get(scale["group"], "") for scale in view.scales}
    if not (anonymity.may_show_total(before.n) and anonymity.may_show_total(after.n)):
        return WaveComparison(baseline, followup, before.n, after.n, None, scale_groups)
    labels = {scale["code"]: scale["label"] for scale in view.scales}
    labels |= {item["code"]: item["text"] for item in _energy_items(view)}
    comparison = compare_wave_summaries(
        scales={
            scale["code"]: (before.scale(scale["code"]), after.scale(scale["code"]), scale["higher_is"])
            for scale in view.scales
        },
        energy={item["code"]: (before.theme(item["code"]), after.theme(item["code"])) for item in _energy_items(view)},
        labels=labels,
    )
    return WaveComparison(baseline, followup, before.n, after.n, comparison, scale_groups)


@dataclass(frozen=True)
class WaveSummary:
    """What the comparison needs of one wave; scales and themes answered by 1–4 people are absent."""

    n: int
    scales: dict[str, GroupSummary]
    energy: dict[str, EnergySummary]

    def scale(self, code: str) -> GroupSummary:
        return self.scales.get(code, GroupSummary(0, None, None))

    def theme(self, code: str) -> EnergySummary:
        return self.energy.get(code, EnergySummary(0, 0))


def wave_summary(wave: Wave) -> WaveSummary:
    """From the wave's tallies, or from the aggregate kept once its raw answers were deleted
    (retention): n, mean and SD are all Welch's test needs, and the counts all Fisher's test needs."""
    kept = retention.kept_results(wave)
    if kept is not None:
        return _summary_from_results(kept)
    counts = results.count_each([wave])
    return _summary_from_tally(counts.census.n(wave), counts.whole(wave))


def wave_summaries(waves: list[Wave], counts: results.WaveCounts) -> dict[int, WaveSummary]:
    """`wave_summary` of each wave, from waves counted together."""
    kept = retention.kept_results_of(waves)
    return {
        wave.pk: _summary_from_results(kept[wave.pk]) if wave.pk in kept
        else _summary_from_tally(counts.census.n(wave), counts.whole(wave))
        for wave in waves
    }


def _summary_from_tally(n: int, whole: results.Tally | None) -> WaveSummary:
    if whole is None or not anonymity.may_show_total(n):
        return WaveSummary(n, {}, {})
    return WaveSummary(
        n,
        {
            code: GroupSummary(sums.n, sums.mean, sums.sd)
            for code, sums in whole.scales.items() if anonymity.may_show_total(sums.n)
        },
        {
            code: EnergySummary(sum(counts.values()), counts["taker"])
            for code, counts in whole.energy.items() if anonymity.may_show_total(sum(counts.values()))
        },
    )


def _summary_from_results(data: dict) -> WaveSummary:
    if not results.shows_figures(data):
        return WaveSummary(data["n"], {}, {})
    return WaveSummary(
        data["n"],
        {row["code"]: GroupSummary(row["n"], row["mean"], row["sd"]) for row in data["scales"] if row["mean"] is not None},
        {
            row["code"]: EnergySummary(row["n"], round(row["n"] * row["taker_pct"] / 100))
            for row in data["energy"] if row["taker_pct"] is not None
        },
    )


def _energy_items(view: InstrumentView) -> list[dict]:
    return [item for item in view.items if item["kind"] == ItemKind.ENERGY]


def cycle_waves(cycle: Cycle) -> tuple[Wave | None, Wave | None]:
    waves = {wave.kind: wave for wave in Wave.objects.filter(cycle=cycle).select_related("cycle")}
    return waves.get(WaveKind.VOORMETING), waves.get(WaveKind.NAMETING)


def default_cycle(school: School) -> Cycle | None:
    """The cycle step 5 is about: the newest with a closed nameting, else the newest with a wave, else the newest."""
    cycles = list(Cycle.objects.filter(project__school=school).order_by("-number"))
    waves = list(Wave.objects.filter(cycle__in=cycles))
    with_nameting = {w.cycle_id for w in waves if w.kind == WaveKind.NAMETING and w.is_closed}
    with_wave = {w.cycle_id for w in waves}
    for chosen in (with_nameting, with_wave):
        found = next((cycle for cycle in cycles if cycle.pk in chosen), None)
        if found is not None:
            return found
    return cycles[0] if cycles else None


def compare_cycle(cycle: Cycle, summaries: dict[int, WaveSummary] | None = None,
                  waves: tuple[Wave | None, Wave | None] | None = None) -> WaveComparison | None:
    """The cycle's voormeting against its nameting, once both are closed."""
    baseline, followup = waves or cycle_waves(cycle)
    if baseline is None or followup is None or not (baseline.is_closed and followup.is_closed):
        return None
    return compare(baseline, followup, summaries)


def compare_with_previous_cycle(cycle: Cycle) -> WaveComparison | None:
    """Step 6 to step 1: this cycle's voormeting against the previous cycle's nameting."""
    previous = cycle.previous
    if previous is None:
        return None
    _before, followup_before = cycle_waves(previous)
    baseline_now, _after = cycle_waves(cycle)
    if followup_before is None or baseline_now is None:
        return None
    if not (followup_before.is_closed and baseline_now.is_closed):
        return None
    return compare(followup_before, baseline_now)


def waiting_for(cycle: Cycle) -> str:
    """Why a cycle has no comparison yet, in Dutch; empty when it has one."""
    baseline, followup = cycle_waves(cycle)
    if baseline is None:
        return _("Deze cyclus heeft nog geen voormeting.")
    if followup is None:
        return _("Deze cyclus heeft nog geen nameting. Zet die klaar op de pagina Vragenlijst.")
    if not baseline.is_closed:
        return _("De voormeting loopt nog. De vergelijking volgt als beide metingen gesloten zijn.")
    if not followup.is_closed:
        return _("De nameting loopt nog. De vergelijking volgt als beide metingen gesloten zijn.")
    return ""


# --- Tevredenheid met werk: benchmark, voormeting, nameting --------------------------------


def satisfaction_chart(benchmark: Benchmark | None, baseline: Wave | None, followup: Wave | None) -> dict:
    """The seed's step-5 figure, with its figures for the table beside it."""
    values = [
        (_("Benchmark"), benchmark.satisfied_pct if benchmark else None),
        (_("Voormeting"), results.satisfied_pct([baseline]) if baseline and baseline.is_closed else None),
        (_("Nameting"), results.satisfied_pct([followup]) if followup and followup.is_closed else None),
    ]
    title = _("Tevredenheid met werk — % (zeer) tevreden")
    svg = charts.grouped_bars(
        title, [_("Tevredenheid met werk")], [(name, [value]) for name, value in values], chart_id="tevredenheid"
    )
    return {"title": title, "svg": svg, "rows": [{"name": name, "pct": value} for name, value in values]}


# --- Closing the loop: per measure, did it help? --------------------------------------------


@dataclass(frozen=True)
class MeasureResult:
    code: str
    text: str
    n: int
    pct: dict[str, float] | None  # "yes", "a_little", "no"; None below 5 answers

    @property
    def shown(self) -> bool:
        return self.pct is not None


def measure_results(wave: Wave | None) -> list[MeasureResult]:
    """Per measure of the nameting, the share of ja / een beetje / nee among those who answered."""
    if wave is None:
        return []
    total = wave.responses.count()
    counts: dict[int, Counter] = {}
    for question_id, value, n in (
        ExtraAnswer.objects.filter(question__wave=wave).values_list("question_id", "value")
        .annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(question_id, Counter())[value] = n
    rows = []
    for question in WaveQuestion.objects.filter(wave=wave):
        answered = counts.get(question.pk, Counter())
        n = sum(answered.values())
        shown = anonymity.may_show_total(total) and anonymity.may_show_total(n)
        pct = {name: 100 * answered[choice] / n for name, choice in _EFFECT_NAMES.items()} if shown else None
        rows.append(MeasureResult(question.code, question.text, n, pct))
    return rows


_EFFECT_NAMES = {"yes": MeasureEffect.YES, "a_little": MeasureEffect.A_LITTLE, "no": MeasureEffect.NO}


# --- Hard figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HardFiguresRow:
    label: str
    before: Decimal | None
    after: Decimal | None
    unit: str

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def hard_figures(cycle: Cycle) -> dict[str, HardFigures | None]:
    found = {figures.moment: figures for figures in HardFigures.objects.filter(cycle=cycle)}
    return {moment: found.get(moment) for moment in HardFiguresMoment.values}


def hard_figure_rows(cycle: Cycle) -> list[HardFiguresRow]:
    figures = hard_figures(cycle)
    before, after = figures[HardFiguresMoment.BEFORE], figures[HardFiguresMoment.AFTER]
    if before is None and after is None:
        return []
    return [
        HardFiguresRow(_("Verzuimpercentage"), getattr(before, "absence_pct", None),
                       getattr(after, "absence_pct", None), "%"),
        HardFiguresRow(_("Meldingsfrequentie"), getattr(before, "absence_frequency", None),
                       getattr(after, "absence_frequency", None), ""),
    ]


# --- The trend over every wave of a school --------------------------------------------------


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
    groups = {group["code"]: group["label"] for group in view.definition.get("groups", [])}
    per_wave = [retention.results_of(wave) for wave in waves]
    means = [
        {} if not results.shows_figures(data) else {row["code"]: row["mean"] for row in data["scales"]} for data in per_wave
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
