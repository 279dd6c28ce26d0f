"""Step 5 from the database: what changed between one wave and another?

- a cycle's voormeting against its nameting;
- across cycles: a cycle's voormeting against the previous cycle's nameting;
- which cycle step 5 is about, and why it has no comparison yet;
- tevredenheid met werk: the benchmark, the voormeting and the nameting side by side.

The statistics are in `comparison` (plain data); this module only fetches the anonymous
aggregates from `surveys.results`, which already applies the k = 5 rule. Only closed waves
are compared: while a wave is open, each new response would show in the difference.
The trend over all waves is in `trend`, the answers per measure in `measures`, the
absence figures in `hard_figures`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from projects.models import Cycle, School
from surveys import anonymity, charts, results, retention
from surveys.instruments import InstrumentView, instrument
from surveys.models import ItemKind, Wave, WaveKind

from .benchmark import Benchmark
from .comparison import Comparison, EnergySummary, GroupSummary, compare_wave_summaries

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
    """Every scale and energy theme of two closed waves, judged within their families (`comparison`).

    `summaries` (from `wave_summaries`) when many waves were counted together beforehand.
    """
    summaries = summaries or {}
    before = summaries.get(baseline.pk) or wave_summary(baseline)
    after = summaries.get(followup.pk) or wave_summary(followup)
    view = instrument(max(baseline.instrument_id, followup.instrument_id))
    scales, themes = shared_measures(instrument(baseline.instrument_id), instrument(followup.instrument_id))
    groups = {group["code"]: group["label"] for group in view.groups}
    scale_groups = {scale["code"]: groups.get(scale["group"], "") for scale in scales}
    if not (anonymity.may_show_total(before.n) and anonymity.may_show_total(after.n)):
        return WaveComparison(baseline, followup, before.n, after.n, None, scale_groups)
    labels = {scale["code"]: scale["label"] for scale in scales}
    labels |= {item["code"]: item["text"] for item in themes}
    comparison = compare_wave_summaries(
        scales={
            scale["code"]: (before.scale(scale["code"]), after.scale(scale["code"]), scale["higher_is"])
            for scale in scales
        },
        energy={item["code"]: (before.theme(item["code"]), after.theme(item["code"])) for item in themes},
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
            code: EnergySummary(sum(counts.values()), counts["taker"], counts["giver"])
            for code, counts in whole.energy.items() if anonymity.may_show_total(sum(counts.values()))
        },
    )


def _summary_from_results(data: dict) -> WaveSummary:
    if not results.shows_figures(data):
        return WaveSummary(data["n"], {}, {})
    return WaveSummary(
        data["n"],
        {
            row["code"]: GroupSummary(row["n"], row["mean"], row["sd"])
            for row in data["scales"] if row["mean"] is not None
        },
        {
            row["code"]: EnergySummary(
                row["n"], round(row["n"] * row["taker_pct"] / 100), round(row["n"] * row["giver_pct"] / 100))
            for row in data["energy"] if row["taker_pct"] is not None
        },
    )


def _energy_items(view: InstrumentView) -> list[dict]:
    return [item for item in view.items if item["kind"] == ItemKind.ENERGY]


def shared_measures(before: InstrumentView, after: InstrumentView) -> tuple[list[dict], list[dict]]:
    """The scales and energy themes two instrument versions share, in the newer one's order.

    A scale counts as shared only when it has the same items in both, with the same coding: a
    scale measured with other questions is not the same measurement. Open questions are never
    compared (2026.2 adds two; they have no figures).
    """
    def scale_items(view: InstrumentView) -> dict[str, set]:
        return {
            scale["code"]: {(item["code"], item.get("reverse", False)) for item in view.items
                            if item.get("scale") == scale["code"]}
            for scale in view.scales
        }
    newer, older = (after, before) if after.pk >= before.pk else (before, after)
    older_items, newer_items = scale_items(older), scale_items(newer)
    scales = [scale for scale in newer.scales if older_items.get(scale["code"]) == newer_items[scale["code"]]]
    older_themes = {item["code"] for item in _energy_items(older)}
    return scales, [item for item in _energy_items(newer) if item["code"] in older_themes]


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


def satisfaction_chart(benchmark: Benchmark | None, baseline: Wave | None, followup: Wave | None,
                       counts: results.WaveCounts | None = None) -> dict:
    """The seed's step-5 figure, with its figures for the table beside it.

    `counts`, when the closed waves were counted already (`results.count_each`).
    """
    def satisfied(wave: Wave | None) -> float | None:
        if wave is None or not wave.is_closed:
            return None
        return counts.satisfied_pct(wave) if counts else results.satisfied_pct([wave])

    values = [
        (_("Benchmark"), benchmark.satisfied_pct if benchmark else None),
        (_("Voormeting"), satisfied(baseline)),
        (_("Nameting"), satisfied(followup)),
    ]
    title = _("Tevredenheid met werk — % (zeer) tevreden")
    svg = charts.grouped_bars(
        title, [_("Tevredenheid met werk")], [(name, [value]) for name, value in values], chart_id="tevredenheid"
    )
    return {"title": title, "svg": svg, "rows": [{"name": name, "pct": value} for name, value in values]}
