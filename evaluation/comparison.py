"""Voormeting versus nameting, and a school against the benchmark.

Plain data in, plain data out: no models, no database, so every figure here is tested
against SciPy directly. Responses are anonymous, so the two waves are independent samples
(nobody can be paired across waves).

Honesty rules: a change counts only when its Benjamini–Hochberg
q-value over the whole comparison is below 0.05; otherwise we say "geen aantoonbaar
verschil" together with the smallest change these group sizes could have detected.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np
from scipy import stats
from scipy.optimize import brentq

from surveys.formatting import dutch_decimal, translate

HigherIs = Literal["better", "worse"]
EnergyAnswer = Literal["giver", "neutral", "taker"]
BenchmarkLight = Literal["groen", "lichtgroen", "oranje", "rood"]

ALPHA = 0.05
POWER = 0.80
ENERGY_ANSWERS: frozenset[str] = frozenset({"giver", "neutral", "taker"})

_ = translate


# --- Scales ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupSummary:
    n: int
    mean: float | None
    sd: float | None  # ddof=1; None below two scores

    @classmethod
    def of(cls, scores: Sequence[float | None]) -> GroupSummary:
        answered = [float(s) for s in scores if s is not None and not math.isnan(s)]
        # statistics (exact arithmetic) rather than numpy: identical scores must give an SD
        # of exactly 0 and equal means, or the zero-variance cases below turn into noise.
        mean = statistics.mean(answered) if answered else None
        sd = statistics.stdev(answered) if len(answered) >= 2 else None
        return cls(n=len(answered), mean=mean, sd=sd)

    @property
    def can_be_tested(self) -> bool:
        return self.sd is not None


@dataclass(frozen=True)
class ScaleComparison:
    baseline: GroupSummary
    followup: GroupSummary
    higher_is: HigherIs
    diff: float | None  # followup mean − baseline mean, in scale points
    code: str = ""
    label: str = ""
    # None when a wave has fewer than two scores:
    ci_low: float | None = None
    ci_high: float | None = None
    p: float | None = None
    hedges_g: float | None = None
    mdd: float | None = None  # minimal detectable difference, scale points
    # Set by compare_waves, which sees the whole comparison:
    q: float | None = None
    significant: bool = False
    reading: str = ""

    @property
    def improved(self) -> bool:
        if not self.diff:
            return False
        return (self.diff > 0) == (self.higher_is == "better")

    def formatted_mdd(self) -> str | None:
        if self.mdd is None:
            return None
        return _("%(mdd)s punt") % {"mdd": dutch_decimal(self.mdd, 2)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "baseline": asdict(self.baseline),
            "followup": asdict(self.followup),
            "diff": self.diff,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
            "p": self.p,
            "q": self.q,
            "hedges_g": self.hedges_g,
            "significant": self.significant,
            "mdd": self.mdd,
        }


def compare_scale(
    baseline: Sequence[float | None],
    followup: Sequence[float | None],
    higher_is: HigherIs,
    *,
    code: str = "",
    label: str = "",
) -> ScaleComparison:
    """Welch's t-test, its 95% CI, Hedges' g and the minimal detectable difference.

    Scores of None (too few items answered) are left out. With fewer than two scores in
    a wave nothing is tested: p, CI, g and mdd stay None.
    """
    return compare_scale_summaries(
        GroupSummary.of(baseline), GroupSummary.of(followup), higher_is, code=code, label=label
    )


def compare_scale_summaries(
    before: GroupSummary, after: GroupSummary, higher_is: HigherIs, *, code: str = "", label: str = ""
) -> ScaleComparison:
    """compare_scale from n, mean and SD alone: all Welch's test needs, and all a wave
    keeps once its raw answers are deleted (retention)."""
    if higher_is not in ("better", "worse"):
        raise ValueError(f"higher_is must be 'better' or 'worse', not {higher_is!r}")
    diff = None if before.mean is None or after.mean is None else after.mean - before.mean
    comparison = ScaleComparison(before, after, higher_is, diff, code=code, label=label)
    if not (before.can_be_tested and after.can_be_tested):
        return comparison
    p, ci_low, ci_high = _welch_test(before, after)
    return replace(
        comparison,
        p=p,
        ci_low=ci_low,
        ci_high=ci_high,
        hedges_g=_hedges_g(before, after),
        mdd=_detectable_effect_size(before.n, after.n) * _pooled_sd(before, after),
    )


def _welch_test(before: GroupSummary, after: GroupSummary) -> tuple[float, float, float]:
    """Two-sided p and 95% CI of after − before, df by Welch–Satterthwaite."""
    diff = after.mean - before.mean
    var_before, var_after = before.sd**2 / before.n, after.sd**2 / after.n
    standard_error = math.sqrt(var_before + var_after)
    if standard_error == 0:
        # Everyone in both waves gave the same score: the difference is known exactly.
        return (1.0 if diff == 0 else 0.0), diff, diff
    df = (var_before + var_after) ** 2 / (
        var_before**2 / (before.n - 1) + var_after**2 / (after.n - 1)
    )
    p = 2 * stats.t.sf(abs(diff) / standard_error, df)
    margin = float(stats.t.ppf(1 - ALPHA / 2, df)) * standard_error
    return float(p), diff - margin, diff + margin


def _pooled_sd(before: GroupSummary, after: GroupSummary) -> float:
    pooled_variance = ((before.n - 1) * before.sd**2 + (after.n - 1) * after.sd**2) / (
        before.n + after.n - 2
    )
    return math.sqrt(pooled_variance)


def _hedges_g(before: GroupSummary, after: GroupSummary) -> float | None:
    diff = after.mean - before.mean
    pooled_sd = _pooled_sd(before, after)
    if pooled_sd == 0:
        return 0.0 if diff == 0 else None  # a difference without spread has no size in SDs
    small_sample_correction = 1 - 3 / (4 * (before.n + after.n) - 9)
    return diff / pooled_sd * small_sample_correction


@functools.lru_cache(maxsize=4096)
def _detectable_effect_size(n_before: int, n_after: int) -> float:
    """Smallest standardised difference (in pooled SDs) found with 80% power, α = 0.05.

    Depends on the group sizes alone and costs a root search over the noncentral t
    distribution (milliseconds), so each pair of sizes is worked out once per process.

    Exact power of the two-sided two-sample t-test, from the noncentral t distribution with
    n1 + n2 − 2 df. We test with Welch, whose power has no closed form; for the group sizes
    of a school the two hardly differ, while the normal approximation would promise a school
    with five respondents a wave a detectable difference an eighth smaller than it can see.
    """
    df = n_before + n_after - 2
    critical_t = stats.t.ppf(1 - ALPHA / 2, df)
    standard_error_in_sds = math.sqrt(1 / n_before + 1 / n_after)

    def power_shortfall(effect_size: float) -> float:
        noncentrality = effect_size / standard_error_in_sds
        power = stats.nct.sf(critical_t, df, noncentrality) + stats.nct.cdf(
            -critical_t, df, noncentrality
        )
        return power - POWER

    upper = (stats.norm.ppf(1 - ALPHA / 2) + stats.norm.ppf(POWER)) * standard_error_in_sds
    while power_shortfall(upper) < 0:
        upper *= 2
    return float(brentq(power_shortfall, 0.0, upper, xtol=1e-10))


# --- Energy themes ---------------------------------------------------------------------


@dataclass(frozen=True)
class EnergySummary:
    n: int  # answered, n.v.t. excluded
    takers: int

    @classmethod
    def of(cls, answers: Sequence[EnergyAnswer | None]) -> EnergySummary:
        unknown = {a for a in answers if a is not None} - ENERGY_ANSWERS
        if unknown:
            raise ValueError(f"Unknown energy answers: {sorted(unknown)}")
        answered = [a for a in answers if a is not None]
        return cls(n=len(answered), takers=answered.count("taker"))

    @property
    def taker_pct(self) -> float | None:
        return 100 * self.takers / self.n if self.n else None

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "taker_pct": self.taker_pct}


@dataclass(frozen=True)
class EnergyComparison:
    baseline: EnergySummary
    followup: EnergySummary
    code: str = ""
    label: str = ""
    # None when nobody answered the theme in a wave:
    p: float | None = None
    mdd: float | None = None  # minimal detectable change of the taker share, percentage points
    # Set by compare_waves, which sees the whole comparison:
    q: float | None = None
    significant: bool = False
    reading: str = ""

    @property
    def improved(self) -> bool:
        """Fewer people find the theme draining."""
        if self.baseline.taker_pct is None or self.followup.taker_pct is None:
            return False
        return self.followup.taker_pct < self.baseline.taker_pct

    def formatted_mdd(self) -> str | None:
        if self.mdd is None:
            return None
        return _("%(mdd)s procentpunt") % {"mdd": dutch_decimal(self.mdd, 1)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "baseline": self.baseline.to_dict(),
            "followup": self.followup.to_dict(),
            "p": self.p,
            "q": self.q,
            "significant": self.significant,
        }


def compare_energy(
    baseline_values: Sequence[EnergyAnswer | None],
    followup_values: Sequence[EnergyAnswer | None],
    *,
    code: str = "",
    label: str = "",
) -> EnergyComparison:
    """Taker share then and now; Fisher's exact test of takers against everyone else."""
    return compare_energy_summaries(
        EnergySummary.of(baseline_values), EnergySummary.of(followup_values), code=code, label=label
    )


def compare_energy_summaries(
    before: EnergySummary, after: EnergySummary, *, code: str = "", label: str = ""
) -> EnergyComparison:
    """compare_energy from the counts alone (n who answered, takers among them)."""
    comparison = EnergyComparison(before, after, code=code, label=label)
    if not (before.n and after.n):
        return comparison
    takers_and_others = [
        [before.takers, before.n - before.takers],
        [after.takers, after.n - after.takers],
    ]
    return replace(
        comparison,
        p=float(stats.fisher_exact(takers_and_others).pvalue),
        mdd=_detectable_share_change(before.taker_pct / 100, before.n, after.n),
    )


def _detectable_share_change(share: float, n_before: int, n_after: int) -> float | None:
    """Smallest change of a share, in percentage points, found with 80% power at α = 0.05.

    Cohen's arcsine approximation for two proportions, starting at the baseline share, in
    whichever direction is smaller. Fisher's exact test is a little more conservative, so
    read it as a lower bound. None when not even a change to 0% or 100% would show.
    """
    detectable_h = (stats.norm.ppf(1 - ALPHA / 2) + stats.norm.ppf(POWER)) * math.sqrt(
        1 / n_before + 1 / n_after
    )
    baseline_angle = 2 * math.asin(math.sqrt(share))
    changes = [
        abs(math.sin(angle / 2) ** 2 - share)
        for angle in (baseline_angle - detectable_h, baseline_angle + detectable_h)
        if 0 <= angle <= math.pi
    ]
    return 100 * min(changes) if changes else None


# --- The whole comparison ----------------------------------------------------------------


def benjamini_hochberg(pvalues: Sequence[float | None]) -> list[float | None]:
    """BH q-values in the input order; None (nothing tested) passes through, uncounted."""
    tested = sorted(
        ((p, index) for index, p in enumerate(pvalues) if p is not None),
        key=lambda pair: pair[0],
    )
    if any(not 0 <= p <= 1 for p, _index in tested):
        raise ValueError("p-values must lie between 0 and 1")
    qvalues: list[float | None] = [None] * len(pvalues)
    smallest_q_above = 1.0  # walking down from the largest p keeps q monotone
    for rank in range(len(tested), 0, -1):
        p, index = tested[rank - 1]
        smallest_q_above = min(smallest_q_above, p * len(tested) / rank)
        qvalues[index] = smallest_q_above
    return qvalues


@dataclass(frozen=True)
class Comparison:
    scales: list[ScaleComparison] = field(default_factory=list)
    energy: list[EnergyComparison] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "scales": [row.to_dict() for row in self.scales],
            "energy": [row.to_dict() for row in self.energy],
        }


def compare_waves(
    scales: Mapping[str, tuple[Sequence[float | None], Sequence[float | None], HigherIs]],
    energy: Mapping[str, tuple[Sequence[EnergyAnswer | None], Sequence[EnergyAnswer | None]]],
    labels: Mapping[str, str] | None = None,
) -> Comparison:
    """Every scale and energy theme compared, with one Benjamini–Hochberg correction over all."""
    labels = labels or {}
    scale_rows = [
        compare_scale(before, after, higher_is, code=code, label=labels.get(code, code))
        for code, (before, after, higher_is) in scales.items()
    ]
    energy_rows = [
        compare_energy(before, after, code=code, label=labels.get(code, code))
        for code, (before, after) in energy.items()
    ]
    return judge_together(scale_rows, energy_rows)


def compare_wave_summaries(
    scales: Mapping[str, tuple[GroupSummary, GroupSummary, HigherIs]],
    energy: Mapping[str, tuple[EnergySummary, EnergySummary]],
    labels: Mapping[str, str] | None = None,
) -> Comparison:
    """compare_waves from per-wave summaries instead of individual scores and answers."""
    labels = labels or {}
    scale_rows = [
        compare_scale_summaries(before, after, higher_is, code=code, label=labels.get(code, code))
        for code, (before, after, higher_is) in scales.items()
    ]
    energy_rows = [
        compare_energy_summaries(before, after, code=code, label=labels.get(code, code))
        for code, (before, after) in energy.items()
    ]
    return judge_together(scale_rows, energy_rows)


def judge_together(scale_rows: list[ScaleComparison], energy_rows: list[EnergyComparison]) -> Comparison:
    """One Benjamini–Hochberg correction over every test of the comparison, then the readings."""
    qvalues = benjamini_hochberg([row.p for row in [*scale_rows, *energy_rows]])
    judged = [_judge(row, q) for row, q in zip([*scale_rows, *energy_rows], qvalues, strict=True)]
    return Comparison(scales=judged[: len(scale_rows)], energy=judged[len(scale_rows) :])


def _judge[Row: (ScaleComparison, EnergyComparison)](row: Row, q: float | None) -> Row:
    significant = q is not None and q < ALPHA
    judged = replace(row, q=q, significant=significant)
    return replace(judged, reading=_reading(judged))


def _reading(row: ScaleComparison | EnergyComparison) -> str:
    if row.significant:
        return _("duidelijk verbeterd") if row.improved else _("duidelijk verslechterd")
    if row.mdd == 0:
        # Nobody's answer differs from anyone else's in either wave: there is nothing to detect.
        return _("geen verschil — iedereen gaf in beide metingen hetzelfde antwoord")
    detectable = row.formatted_mdd()
    if detectable is None:
        return _("geen aantoonbaar verschil — te weinig antwoorden om een verschil aan te tonen")
    return _(
        "geen aantoonbaar verschil — met deze aantallen is pas een verschil vanaf "
        "%(detectable)s aan te tonen"
    ) % {"detectable": detectable}


# --- Benchmark ---------------------------------------------------------------------------


def benchmark_light(
    value: float, benchmark_values: Sequence[float], higher_is: HigherIs
) -> BenchmarkLight:
    """Where the school stands among the benchmark schools, in HSE's four bands.

    Top 20% "groen", 50th–80th percentile "lichtgroen", 20th–50th "oranje", bottom 20%
    "rood", where top means most favourable: for a scale where higher is worse (ervaren
    werkdruk) the lowest scores are on top. A tie with a boundary counts in the school's favour.
    """
    if len(benchmark_values) == 0:
        raise ValueError("benchmark_light needs at least one benchmark value")
    p20, p50, p80 = (float(p) for p in np.percentile(np.asarray(benchmark_values, dtype=float), [20, 50, 80]))
    return light_from_percentiles(value, p20, p50, p80, higher_is)


def light_from_percentiles(
    value: float, p20: float, p50: float, p80: float, higher_is: HigherIs
) -> BenchmarkLight:
    """The HSE band of a score, given the benchmark's 20th, 50th and 80th percentile.

    For a scale where higher is worse the bands turn round: at or below the 20th
    percentile is the most favourable place.
    """
    if higher_is not in ("better", "worse"):
        raise ValueError(f"higher_is must be 'better' or 'worse', not {higher_is!r}")
    if not p20 <= p50 <= p80:
        raise ValueError("percentiles must satisfy p20 <= p50 <= p80")
    favourable = 1 if higher_is == "better" else -1
    score = value * favourable
    # Turning the scale round swaps the 20th and the 80th percentile.
    p20, p50, p80 = sorted(p * favourable for p in (p20, p50, p80))
    if score >= p80:
        return "groen"
    if score >= p50:
        return "lichtgroen"
    if score >= p20:
        return "oranje"
    return "rood"


def explain_benchmark_light(light: BenchmarkLight) -> str:
    explanations = {
        "groen": _("Bij de beste 20% van de vergelijkingsscholen."),
        "lichtgroen": _(
            "Beter dan de helft van de vergelijkingsscholen, maar nog ruimte voor verbetering."
        ),
        "oranje": _("Minder goed dan de helft van de vergelijkingsscholen: verbetering is nodig."),
        "rood": _("Bij de 20% minst gunstige vergelijkingsscholen: hier is snel actie nodig."),
    }
    return explanations[light]
