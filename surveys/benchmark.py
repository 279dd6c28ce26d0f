"""What a school's scale scores are compared with: other schools on the platform, or reference values.

The pool is every other school's latest closed voormeting with at least 5 respondents;
it counts only once at least 5 such schools contribute, so that no single school's
figures can be read from it. A scale's benchmark is the distribution of the pooled
schools' means (each from at least 5 scores). Until the pool is big enough, reference
values per scale entered in the admin (with source and year) stand in.

The traffic light follows the HSE analysis tool: the school's place among the benchmark
schools, in four bands by the 20th, 50th and 80th percentile, turned round for scales
where a higher score is worse.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Literal

import numpy as np
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import School

from . import anonymity, results
from .comparison import BenchmarkLight, HigherIs, explain_benchmark_light, light_from_percentiles
from .models import BenchmarkReference, Wave, WaveKind
from .results import ScaleSums

MIN_SCHOOLS = 5
# z-scores of the 20th and 80th percentile, for references that give only a mean and an SD.
Z80 = NormalDist().inv_cdf(0.80)

LIGHT_LABELS = {
    "groen": gettext_lazy("groen"),
    "lichtgroen": gettext_lazy("lichtgroen"),
    "oranje": gettext_lazy("oranje"),
    "rood": gettext_lazy("rood"),
}


@dataclass(frozen=True)
class ScaleBenchmark:
    code: str
    mean: float | None = None
    p20: float | None = None
    p50: float | None = None
    p80: float | None = None
    schools: int = 0  # pool only: the schools with a score on this scale

    @property
    def has_bands(self) -> bool:
        return None not in (self.p20, self.p50, self.p80)

    def light(self, value: float | None, higher_is: HigherIs) -> BenchmarkLight | None:
        if value is None or not self.has_bands:
            return None
        return light_from_percentiles(value, self.p20, self.p50, self.p80, higher_is)


@dataclass(frozen=True)
class Benchmark:
    kind: Literal["pool", "reference"]
    description: str  # where the figures come from, for the page and the report
    scales: dict[str, ScaleBenchmark] = field(default_factory=dict)
    satisfied_pct: float | None = None
    schools: int = 0

    def light(self, code: str, value: float | None, higher_is: HigherIs) -> BenchmarkLight | None:
        scale = self.scales.get(code)
        return scale.light(value, higher_is) if scale else None


def rule_explained() -> str:
    return _(
        "Het stoplicht laat zien waar de school staat tussen de vergelijkingsscholen, zoals in de "
        "analysetool van HSE: groen hoort bij de gunstigste 20% van de scholen, lichtgroen bij de "
        "scholen tussen de 50e en de 80e percentiel, oranje tussen de 20e en de 50e percentiel, en "
        "rood bij de 20% minst gunstige scholen. Bij een schaal waar een hogere score slechter is, "
        "zoals ervaren werkdruk, is een lage score gunstig en draait de volgorde om."
    )


def light_rows(benchmark: Benchmark | None, scale_rows: list[dict], specs: dict[str, dict]) -> list[dict]:
    """The results' scale rows with the benchmark's median, the light and its meaning added."""
    rows = []
    for row in scale_rows:
        reference = benchmark.scales.get(row["code"]) if benchmark else None
        light = reference.light(row["mean"], specs[row["code"]]["higher_is"]) if reference else None
        rows.append({
            **row,
            "benchmark": reference.p50 if reference and reference.p50 is not None else (reference.mean if reference else None),
            "light": light,
            "light_label": LIGHT_LABELS[light] if light else "",
            "light_meaning": explain_benchmark_light(light) if light else "",
        })
    return rows


def benchmark_for(school: School) -> Benchmark | None:
    """The platform pool when at least 5 other schools can form it, else the admin's references."""
    return pool_benchmark(school) or reference_benchmark()


def pool_waves(school: School | None = None) -> list[Wave]:
    """Every other school's latest closed voormeting that has at least 5 respondents."""
    today = timezone.localdate()
    closed = Wave.objects.filter(kind=WaveKind.VOORMETING).filter(
        Q(closed_at__isnull=False) | Q(closes_on__lt=today)
    )
    if school is not None:
        closed = closed.exclude(cycle__project__school=school)
    latest: dict[int, Wave] = {}
    for wave in closed.select_related("cycle__project").order_by("cycle__project__school_id", "-cycle__number"):
        latest.setdefault(wave.cycle.project.school_id, wave)
    waves = list(latest.values())
    counts = results.respondent_counts(waves)
    return [wave for wave in waves if anonymity.may_show_total(sum(counts[wave.pk].values()))]


def pool_benchmark(school: School | None) -> Benchmark | None:
    waves = pool_waves(school)
    if len(waves) < MIN_SCHOOLS:
        return None
    sums: dict[int, dict[str, ScaleSums]] = defaultdict(lambda: defaultdict(ScaleSums))
    for (wave_id, _department), tally in results.tallies_by_wave_and_department(waves).items():
        for code, scale_sums in tally.scales.items():
            sums[wave_id][code] += scale_sums
    means: dict[str, list[float]] = defaultdict(list)
    for per_scale in sums.values():
        for code, scale_sums in per_scale.items():
            if anonymity.may_show_total(scale_sums.n):
                means[code].append(scale_sums.total / scale_sums.n)
    scales = {}
    for code, values in means.items():
        if len(values) >= MIN_SCHOOLS:
            p20, p50, p80 = (float(p) for p in np.percentile(values, [20, 50, 80]))
            scales[code] = ScaleBenchmark(code, float(np.mean(values)), p20, p50, p80, schools=len(values))
    return Benchmark(
        kind="pool",
        description=_("de laatste voormeting van %(count)s andere scholen op het platform") % {"count": len(waves)},
        scales=scales,
        satisfied_pct=results.satisfied_pct(waves),
        schools=len(waves),
    )


def reference_benchmark() -> Benchmark | None:
    """The newest reference per scale. Percentiles come from the reference, or from its mean and SD."""
    newest: dict[str, BenchmarkReference] = {}
    for reference in BenchmarkReference.objects.order_by("scale_code", "-year", "-pk"):
        newest.setdefault(reference.scale_code, reference)
    if not newest:
        return None
    scales = {code: _scale_from_reference(reference) for code, reference in newest.items()}
    sources = sorted({f"{reference.source} ({reference.year})" for reference in newest.values()})
    satisfaction = newest.get("tevredenheid")
    return Benchmark(
        kind="reference",
        description=_("referentiewaarden: %(sources)s") % {"sources": "; ".join(sources)},
        scales=scales,
        satisfied_pct=satisfaction.satisfied_pct if satisfaction else None,
    )


def _scale_from_reference(reference: BenchmarkReference) -> ScaleBenchmark:
    p20, p50, p80 = reference.p20, reference.p50, reference.p80
    if None in (p20, p50, p80) and reference.sd is not None:
        # A normal distribution is the honest guess when only the mean and SD are published.
        p20, p50, p80 = reference.mean - Z80 * reference.sd, reference.mean, reference.mean + Z80 * reference.sd
    if p50 is None:
        p50 = reference.mean
    return ScaleBenchmark(reference.scale_code, reference.mean, p20, p50, p80)
