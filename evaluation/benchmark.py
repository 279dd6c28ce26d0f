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

from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Literal

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import School
from surveys import anonymity, tallies
from surveys.models import Wave, WaveKind
from surveys.scoring import SATISFACTION_SCALE

from .comparison import BenchmarkLight, HigherIs, explain_benchmark_light, light_from_percentiles
from .models import BenchmarkReference

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
            "benchmark": (
                reference.p50 if reference and reference.p50 is not None
                else (reference.mean if reference else None)
            ),
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
    rows = closed.annotate(school_id=F("cycle__project__school_id")).order_by("school_id", "-cycle__number")
    for wave in rows:
        latest.setdefault(wave.school_id, wave)
    waves = list(latest.values())
    respondents = tallies.stored_respondents(waves)
    return [wave for wave in waves if anonymity.may_show_total(respondents.get(wave.pk, 0))]


def pool_benchmark(school: School | None) -> Benchmark | None:
    waves = pool_waves(school)
    if len(waves) < MIN_SCHOOLS:
        return None
    found = tallies.distributions([wave.pk for wave in waves], min_n=anonymity.MIN_GROUP)
    scales = {
        row.code: ScaleBenchmark(row.code, row.mean, row.p20, row.p50, row.p80, schools=row.waves)
        for row in found if row.waves >= MIN_SCHOOLS
    }
    satisfaction = next((row for row in found if row.code == SATISFACTION_SCALE), None)
    satisfied_pct = (
        100 * satisfaction.satisfied / satisfaction.n
        if satisfaction is not None and anonymity.may_show_total(satisfaction.n) else None
    )
    return Benchmark(
        kind="pool",
        description=_("de laatste voormeting van %(count)s andere scholen op het platform") % {"count": len(waves)},
        scales=scales,
        satisfied_pct=satisfied_pct,
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
