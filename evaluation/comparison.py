"""Voormeting versus nameting, and a school against the benchmark.

Plain data in, plain data out: no models, no database, so every figure here is tested
against SciPy directly. Responses are anonymous, so the two waves are independent samples
(nobody can be paired across waves).

Honesty rules: the tests fall into two families (`families`: the primary outcomes, and the rest);
a change counts only when its Benjamini–Hochberg q-value within its family is below 0.05, and then
it is "aantoonbaar" better or worse: detectable, not caused by anything in particular (a
before/after comparison has no comparison group). Otherwise we say "geen aantoonbaar verschil"
together with the difference these group sizes would find four times in five at the α the family
needs (`power`). Energy themes are also tested ordinally (`ordinal`): did the mix of givers,
neutral and takers move, even where the taker share did not?
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import numpy as np
from scipy import stats

from surveys.formatting import dutch_decimal, translate

from . import families, ordinal, power
from .families import Family

HigherIs = Literal["better", "worse"]
EnergyAnswer = Literal["giver", "neutral", "taker"]
BenchmarkLight = Literal["groen", "lichtgroen", "oranje", "rood"]

ALPHA = 0.05
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
    # The difference (scale points) Welch's test at α = 0.05 / m finds with 80% power (`power`):
    mdd: float | None = None
    # Set by compare_waves, which sees the whole comparison:
    q: float | None = None  # Benjamini–Hochberg within the family
    significant: bool = False
    reading: str = ""

    @property
    def family(self) -> Family:
        return families.family_of_scale(self.code)

    @property
    def improved(self) -> bool:
        if not self.diff:
            return False
        return (self.diff > 0) == (self.higher_is == "better")

    def formatted_mdd(self) -> str | None:
        if self.mdd is None:
            return None
        return _("%(mdd)s punt") % {"mdd": dutch_decimal(self.mdd, 2)}

    def detectable_sentence(self) -> str | None:
        return detectable_sentence(self.formatted_mdd())

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
            "family": self.family,
        }


def detectable_sentence(formatted_mdd: str | None) -> str | None:
    """The smallest detectable difference as a team can read it, without promising more than power does."""
    if formatted_mdd is None:
        return None
    return _("een verschil van %(mdd)s zou met deze aantallen in ongeveer 8 van de 10 gevallen opvallen") % {
        "mdd": formatted_mdd}


def compare_scale(
    baseline: Sequence[float | None],
    followup: Sequence[float | None],
    higher_is: HigherIs,
    *,
    code: str = "",
    label: str = "",
) -> ScaleComparison:
    """Welch's t-test, its 95% CI, Hedges' g and the minimal detectable difference (at α = 0.05: one
    test on its own; `compare_waves` uses the α of each family).

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
    return _with_detectable_difference(_test_scale(before, after, higher_is, code=code, label=label), ALPHA)


def _test_scale(
    before: GroupSummary, after: GroupSummary, higher_is: HigherIs, *, code: str = "", label: str = ""
) -> ScaleComparison:
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
    )


def _with_detectable_difference(row: ScaleComparison, alpha: float) -> ScaleComparison:
    if row.p is None:
        return row
    before, after = row.baseline, row.followup
    return replace(row, mdd=power.welch_detectable_difference(before.n, before.sd, after.n, after.sd, alpha))


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


# --- Energy themes ---------------------------------------------------------------------


@dataclass(frozen=True)
class EnergySummary:
    n: int  # answered, n.v.t. excluded
    takers: int
    givers: int | None = None  # None where only the taker share is known: no ordinal test

    @classmethod
    def of(cls, answers: Sequence[EnergyAnswer | None]) -> EnergySummary:
        unknown = {a for a in answers if a is not None} - ENERGY_ANSWERS
        if unknown:
            raise ValueError(f"Unknown energy answers: {sorted(unknown)}")
        answered = [a for a in answers if a is not None]
        return cls(n=len(answered), takers=answered.count("taker"), givers=answered.count("giver"))

    @property
    def ordered_counts(self) -> tuple[int, int, int] | None:
        """(givers, neutral, takers): the order of the ordinal test."""
        if self.givers is None:
            return None
        return self.givers, self.n - self.givers - self.takers, self.takers

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
    p: float | None = None  # Fisher's exact test of the taker share
    # The change of the taker share (percentage points) Fisher's test at α = 0.05 / m finds with 80% power:
    mdd: float | None = None
    # Mann–Whitney over giver < neutral < taker; None where it cannot be tested:
    p_ordinal: float | None = None
    # Set by compare_waves, which sees the whole comparison:
    q: float | None = None  # Benjamini–Hochberg within the exploratory family
    significant: bool = False
    q_ordinal: float | None = None  # Benjamini–Hochberg over the themes' ordinal tests
    shifted: bool = False  # the mix of givers, neutral and takers moved (q_ordinal < 0.05)
    reading: str = ""

    @property
    def family(self) -> Family:
        return families.EXPLORATORY

    @property
    def shifted_towards_givers(self) -> bool:
        """The mix moved towards energiegever (a lower mean on giver 0 < neutral 1 < taker 2)."""
        before, after = self.baseline.ordered_counts, self.followup.ordered_counts
        if not (before and after and self.baseline.n and self.followup.n):
            return False
        return (before[1] + 2 * before[2]) / self.baseline.n > (after[1] + 2 * after[2]) / self.followup.n

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

    def detectable_sentence(self) -> str | None:
        return detectable_sentence(self.formatted_mdd())

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "baseline": self.baseline.to_dict(),
            "followup": self.followup.to_dict(),
            "p": self.p,
            "q": self.q,
            "significant": self.significant,
            "mdd": self.mdd,
            "family": self.family,
            "p_ordinal": self.p_ordinal,
            "q_ordinal": self.q_ordinal,
            "shifted": self.shifted,
        }


def compare_energy(
    baseline_values: Sequence[EnergyAnswer | None],
    followup_values: Sequence[EnergyAnswer | None],
    *,
    code: str = "",
    label: str = "",
) -> EnergyComparison:
    """Taker share then and now; Fisher's exact test of takers against everyone else, and the
    ordinal test of the whole mix."""
    return compare_energy_summaries(
        EnergySummary.of(baseline_values), EnergySummary.of(followup_values), code=code, label=label
    )


def compare_energy_summaries(
    before: EnergySummary, after: EnergySummary, *, code: str = "", label: str = ""
) -> EnergyComparison:
    """compare_energy from the counts alone (n who answered, takers and givers among them); the
    detectable change at α = 0.05, a test on its own."""
    return _with_detectable_change(_test_energy(before, after, code=code, label=label), ALPHA)


def _test_energy(before: EnergySummary, after: EnergySummary, *, code: str = "", label: str = "") -> EnergyComparison:
    comparison = EnergyComparison(before, after, code=code, label=label)
    if not (before.n and after.n):
        return comparison
    mix_before, mix_after = before.ordered_counts, after.ordered_counts
    return replace(
        comparison,
        p=power.fisher_p(before.takers, before.n, after.takers, after.n),
        p_ordinal=ordinal.mann_whitney_p(mix_before, mix_after) if mix_before and mix_after else None,
    )


def _with_detectable_change(row: EnergyComparison, alpha: float) -> EnergyComparison:
    if row.p is None:
        return row
    return replace(row, mdd=power.fisher_detectable_change(row.baseline.takers, row.baseline.n, row.followup.n, alpha))


# --- The whole comparison ----------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    scales: list[ScaleComparison] = field(default_factory=list)
    energy: list[EnergyComparison] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "scales": [row.to_dict() for row in self.scales],
            "energy": [row.to_dict() for row in self.energy],
        }

    def families(self) -> list[dict[str, Any]]:
        """Per family, for the page: its label, its one-sentence explanation, its tests (m) and rows."""
        rows = [*self.scales, *self.energy]
        return [
            {
                "code": family,
                "label": families.label(family),
                "explanation": families.explanation(family),
                "tests": sum(1 for row in rows if row.family == family and row.p is not None),
                "rows": [row for row in rows if row.family == family],
            }
            for family in (families.PRIMARY, families.EXPLORATORY)
        ]


def compare_waves(
    scales: Mapping[str, tuple[Sequence[float | None], Sequence[float | None], HigherIs]],
    energy: Mapping[str, tuple[Sequence[EnergyAnswer | None], Sequence[EnergyAnswer | None]]],
    labels: Mapping[str, str] | None = None,
) -> Comparison:
    """Every scale and energy theme compared, judged within their families (`judge_together`)."""
    labels = labels or {}
    return compare_wave_summaries(
        {code: (GroupSummary.of(before), GroupSummary.of(after), higher_is)
         for code, (before, after, higher_is) in scales.items()},
        {code: (EnergySummary.of(before), EnergySummary.of(after)) for code, (before, after) in energy.items()},
        labels,
    )


def compare_wave_summaries(
    scales: Mapping[str, tuple[GroupSummary, GroupSummary, HigherIs]],
    energy: Mapping[str, tuple[EnergySummary, EnergySummary]],
    labels: Mapping[str, str] | None = None,
) -> Comparison:
    """compare_waves from per-wave summaries instead of individual scores and answers."""
    labels = labels or {}
    scale_rows = [
        _test_scale(before, after, higher_is, code=code, label=labels.get(code, code))
        for code, (before, after, higher_is) in scales.items()
    ]
    energy_rows = [
        _test_energy(before, after, code=code, label=labels.get(code, code))
        for code, (before, after) in energy.items()
    ]
    return judge_together(scale_rows, energy_rows)


def judge_together(scale_rows: list[ScaleComparison], energy_rows: list[EnergyComparison]) -> Comparison:
    """Benjamini–Hochberg within each family, the detectable differences at α = 0.05 / m of the
    family (m: its tests; what BH asks of a difference that is the only real one), the ordinal tests'
    own correction over the themes, then the readings."""
    rows = [*scale_rows, *energy_rows]
    pvalues = [row.p for row in rows]
    row_families = [row.family for row in rows]
    qvalues = families.within_families(pvalues, row_families)
    tests = families.tests_per_family(pvalues, row_families)
    ordinal_q = families.benjamini_hochberg([row.p_ordinal for row in energy_rows])
    alphas = [ALPHA / max(1, tests[row.family]) for row in rows]
    # All scales' detectable differences in one batch: a few vectorised scipy calls, not dozens.
    tested = [index for index, row in enumerate(scale_rows) if row.p is not None]
    found = power.welch_detectable_differences([
        (row.baseline.n, row.baseline.sd, row.followup.n, row.followup.sd, alphas[index])
        for index, row in ((index, scale_rows[index]) for index in tested)
    ])
    mdds: dict[int, float] = dict(zip(tested, found, strict=True))
    judged = []
    for index, (row, q, alpha) in enumerate(zip(rows, qvalues, alphas, strict=True)):
        if isinstance(row, ScaleComparison):
            row = replace(row, mdd=mdds.get(index))
        else:
            q_ordinal = ordinal_q[index - len(scale_rows)]
            row = replace(_with_detectable_change(row, alpha), q_ordinal=q_ordinal,
                          shifted=q_ordinal is not None and q_ordinal < ALPHA)
        row = replace(row, q=q, significant=q is not None and q < ALPHA)
        judged.append(replace(row, reading=_reading(row)))
    return Comparison(scales=judged[: len(scale_rows)], energy=judged[len(scale_rows) :])


def _reading(row: ScaleComparison | EnergyComparison) -> str:
    if row.significant:
        return _("aantoonbaar verbeterd") if row.improved else _("aantoonbaar verslechterd")
    if isinstance(row, EnergyComparison) and row.shifted:
        if row.shifted_towards_givers:
            return _(
                "geen aantoonbaar verschil in het aandeel energienemers, maar de verdeling over energiegevers, "
                "neutraal en energienemers is aantoonbaar verschoven, naar de kant van de energiegevers"
            )
        return _(
            "geen aantoonbaar verschil in het aandeel energienemers, maar de verdeling over energiegevers, "
            "neutraal en energienemers is aantoonbaar verschoven, naar de kant van de energienemers"
        )
    if row.mdd == 0:
        # Nobody's answer differs from anyone else's in either wave: there is nothing to detect.
        return _("geen verschil — iedereen gaf in beide metingen hetzelfde antwoord")
    detectable = row.detectable_sentence()
    if detectable is None:
        return _("geen aantoonbaar verschil — te weinig antwoorden om een verschil aan te tonen")
    return _("geen aantoonbaar verschil — %(detectable)s") % {"detectable": detectable}


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


def light_of_interval(
    low: float, high: float, p20: float, p50: float, p80: float, higher_is: HigherIs
) -> BenchmarkLight | None:
    """The band of a school's 95% interval, or None where the interval crosses a band boundary: the
    school cannot be told apart from the schools on the other side ("niet te onderscheiden")."""
    if low > high:
        raise ValueError("an interval runs from low to high")
    at_low = light_from_percentiles(low, p20, p50, p80, higher_is)
    at_high = light_from_percentiles(high, p20, p50, p80, higher_is)
    return at_low if at_low == at_high else None


def mean_interval(n: int, mean: float, sd: float | None) -> tuple[float, float] | None:
    """The 95% interval (t distribution) of a school's mean; None below two scores."""
    if sd is None or n < 2:
        return None
    margin = float(stats.t.ppf(1 - ALPHA / 2, n - 1)) * sd / math.sqrt(n)
    return mean - margin, mean + margin


def explain_benchmark_light(light: BenchmarkLight) -> str:
    """Where the school stands, without telling it what to do: a colour alone is no reason for action."""
    explanations = {
        "groen": _("Gunstiger dan 80% van de vergelijkingsscholen."),
        "lichtgroen": _("Gunstiger dan de helft van de vergelijkingsscholen, maar niet bij de gunstigste 20%."),
        "oranje": _(
            "Minder gunstig dan de helft van de vergelijkingsscholen, maar niet bij de minst gunstige 20%."
        ),
        "rood": _(
            "Bij de 20% minst gunstige vergelijkingsscholen. Bespreek met het team wat erachter zit, "
            "samen met de andere uitkomsten."
        ),
    }
    return explanations[light]
