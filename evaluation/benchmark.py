"""What a school's scale scores are compared with: other schools on the platform, or reference values.

The pool is every school's latest closed voormeting with at least 5 respondents. It counts only from
MIN_SCHOOLS = 20 schools: with fewer, "the best 20%" is one or two schools and a school's band is
chance. A scale's benchmark is the distribution of the pooled schools' means (each from at least
5 scores). The percentiles are computed when a voormeting closes (`refresh_pool`: the wiring's
`wave_closed` queues `evaluation.tasks.refresh_benchmark_pool`) and nightly for waves that closed
by their date, and stored (`BenchmarkPool`): a page or report reads one row. A school's own
voormeting is one of the twenty or more.

Until the pool is big enough, reference values per scale entered in the admin (source, year, and
what their spread is between: `BenchmarkReference.spread`) stand in:
- spread between schools: bands from the given percentiles, or from mean ± 0.84 SD (a normal
  distribution of school means);
- spread between people: no bands, since how far colleagues differ says nothing about how far
  schools differ (bands of ± 0.84 SD of people would put nearly every school in the middle). The
  school sees only whether its interval lies wholly above or below the reference mean.

The traffic light follows the HSE analysis tool's four bands by the 20th, 50th and 80th
percentile, turned round where a higher score is worse; but the school's mean is taken with its
95% interval, and where that interval crosses a band boundary there is no colour ("niet te
onderscheiden"): other colleagues on another day could as well have put the school in the
neighbouring band. The words say where the school stands, never what it must do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Literal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.models import School
from surveys import anonymity, tallies
from surveys.models import Wave, WaveKind
from surveys.scoring import SATISFACTION_SCALE

from .comparison import (
    BenchmarkLight,
    HigherIs,
    explain_benchmark_light,
    light_from_percentiles,
    light_of_interval,
    mean_interval,
)
from .models import BenchmarkPool, BenchmarkReference, Spread

MIN_SCHOOLS = 20
# z-scores of the 20th and 80th percentile, for references that give only a mean and an SD.
Z80 = NormalDist().inv_cdf(0.80)

LIGHT_LABELS = {
    "groen": gettext_lazy("groen"),
    "lichtgroen": gettext_lazy("lichtgroen"),
    "oranje": gettext_lazy("oranje"),
    "rood": gettext_lazy("rood"),
}
INDISTINCT = gettext_lazy("niet te onderscheiden")


@dataclass(frozen=True)
class ScaleBenchmark:
    code: str
    mean: float | None = None
    p20: float | None = None
    p50: float | None = None
    p80: float | None = None
    schools: int = 0  # pool only: the schools with a score on this scale
    spread: str = Spread.SCHOOLS  # what p20–p80 describe: school means, or people's scores

    @property
    def has_bands(self) -> bool:
        return self.spread == Spread.SCHOOLS and None not in (self.p20, self.p50, self.p80)

    def light(self, value: float | None, higher_is: HigherIs) -> BenchmarkLight | None:
        """The band of a single value (the school's mean without its uncertainty)."""
        if value is None or not self.has_bands:
            return None
        return light_from_percentiles(value, self.p20, self.p50, self.p80, higher_is)

    def place(self, n: int, mean: float | None, sd: float | None, higher_is: HigherIs) -> Placing:
        """Where a school's mean, with its 95% interval, stands against this benchmark."""
        interval = mean_interval(n, mean, sd) if mean is not None else None
        if interval is None:
            return Placing()
        low, high = interval
        if self.has_bands:
            light = light_of_interval(low, high, self.p20, self.p50, self.p80, higher_is)
            if light is None:
                return Placing(None, str(INDISTINCT), _(
                    # xgettext:no-python-format
                    "Het 95%-interval van de school valt over de grens tussen twee kleuren: met andere "
                    "collega's of op een andere dag had de school net zo goed in de andere kleur kunnen vallen."
                ), low, high, indistinct=True)
            return Placing(light, str(LIGHT_LABELS[light]), explain_benchmark_light(light), low, high)
        if self.spread == Spread.PEOPLE and self.mean is not None:
            return _against_the_mean(self.mean, low, high, higher_is)
        return Placing(ci_low=low, ci_high=high)


@dataclass(frozen=True)
class Placing:
    light: BenchmarkLight | None = None
    label: str = ""
    meaning: str = ""
    ci_low: float | None = None
    ci_high: float | None = None
    indistinct: bool = False  # the interval crosses a boundary: no colour, no side


def _against_the_mean(reference: float, low: float, high: float, higher_is: HigherIs) -> Placing:
    if low <= reference <= high:
        return Placing(None, str(INDISTINCT), _(
            "Het gemiddelde van de school is niet te onderscheiden van het referentiegemiddelde."), low, high,
            indistinct=True)
    favourable = (low > reference) == (higher_is == "better")
    if favourable:
        return Placing(None, _("gunstiger dan de referentie"), _(
            "Het gemiddelde van de school ligt aantoonbaar gunstiger dan het referentiegemiddelde."), low, high)
    return Placing(None, _("minder gunstig dan de referentie"), _(
        "Het gemiddelde van de school ligt aantoonbaar minder gunstig dan het referentiegemiddelde."), low, high)


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
        "De kleur laat zien waar de school staat tussen de vergelijkingsscholen, zoals in de analysetool van "
        "HSE: groen hoort bij de gunstigste 20% van de scholen, lichtgroen bij de scholen tussen de 50e en de "
        "80e percentiel, oranje tussen de 20e en de 50e percentiel, en rood bij de 20% minst gunstige scholen. "
        "Bij een schaal waar een hogere score slechter is, zoals ervaren werkdruk, is een lage score gunstig en "
        "draait de volgorde om. Het gemiddelde van de school heeft een 95%-interval; valt dat over een grens "
        "tussen twee kleuren, dan krijgt de school geen kleur (‘niet te onderscheiden’). Een kleur is een "
        "aanleiding om met het team te bespreken wat erachter zit, geen oordeel op zich."
    )


def light_rows(benchmark: Benchmark | None, scale_rows: list[dict], specs: dict[str, dict]) -> list[dict]:
    """The results' scale rows with the benchmark's median, the school's 95% interval, the light (None
    where the interval crosses a boundary or there are no bands) and what it means."""
    rows = []
    for row in scale_rows:
        reference = benchmark.scales.get(row["code"]) if benchmark else None
        placing = (
            reference.place(row.get("n", 0), row["mean"], row.get("sd"), specs[row["code"]]["higher_is"])
            if reference else Placing()
        )
        rows.append({
            **row,
            "benchmark": (
                reference.p50 if reference and reference.p50 is not None
                else (reference.mean if reference else None)
            ),
            "light": placing.light,
            "light_label": placing.label,
            "light_meaning": placing.meaning,
            "ci_low": placing.ci_low,
            "ci_high": placing.ci_high,
            "indistinct": placing.indistinct,
        })
    return rows


def benchmark_for(school: School | None = None) -> Benchmark | None:
    """The platform pool once at least 20 schools form it, else the admin's references.

    The same pool for every school: its own latest voormeting is one of the twenty or more.
    """
    return pool_benchmark() or reference_benchmark()


# --- The platform pool --------------------------------------------------------------------


def pool_waves() -> list[Wave]:
    """Every school's latest closed voormeting that has at least 5 respondents."""
    today = timezone.localdate()
    closed = Wave.objects.filter(kind=WaveKind.VOORMETING).filter(
        Q(closed_at__isnull=False) | Q(closes_on__lt=today)
    )
    latest: dict[int, Wave] = {}
    rows = closed.annotate(school_id=F("cycle__project__school_id")).order_by("school_id", "-cycle__number")
    for wave in rows:
        latest.setdefault(wave.school_id, wave)
    waves = list(latest.values())
    respondents = tallies.stored_respondents(waves)
    return [wave for wave in waves if anonymity.may_show_total(respondents.get(wave.pk, 0))]


@transaction.atomic
def refresh_pool() -> BenchmarkPool:
    """Compute the pool's percentiles from the stored tallies and keep them as the only stored pool."""
    waves = pool_waves()
    found = tallies.distributions([wave.pk for wave in waves], min_n=anonymity.MIN_GROUP) if waves else []
    satisfaction = next((row for row in found if row.code == SATISFACTION_SCALE), None)
    pool = BenchmarkPool.objects.create(
        schools=len(waves),
        satisfied_pct=(
            100 * satisfaction.satisfied / satisfaction.n
            if satisfaction is not None and anonymity.may_show_total(satisfaction.n) else None
        ),
        scales={
            row.code: {"schools": row.waves, "mean": row.mean, "p20": row.p20, "p50": row.p50, "p80": row.p80}
            for row in found
        },
    )
    BenchmarkPool.objects.exclude(pk=pool.pk).delete()
    return pool


def stored_pool() -> BenchmarkPool:
    """The stored pool; computed once here only if none was ever stored (a fresh installation)."""
    return BenchmarkPool.objects.first() or refresh_pool()


def pool_benchmark() -> Benchmark | None:
    """The stored pool as a benchmark, or None below MIN_SCHOOLS schools; a scale shown by fewer
    schools than that has no bands."""
    pool = stored_pool()
    if pool.schools < MIN_SCHOOLS:
        return None
    scales = {
        code: ScaleBenchmark(code, row["mean"], row["p20"], row["p50"], row["p80"], schools=row["schools"])
        for code, row in pool.scales.items() if row["schools"] >= MIN_SCHOOLS
    }
    return Benchmark(
        kind="pool",
        description=_("de laatste voormeting van %(count)s scholen op het platform (berekend op %(date)s)") % {
            "count": pool.schools, "date": date_format(timezone.localtime(pool.computed_at).date())},
        scales=scales,
        satisfied_pct=pool.satisfied_pct,
        schools=pool.schools,
    )


# --- Reference values ---------------------------------------------------------------------


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
    return ScaleBenchmark(reference.scale_code, reference.mean, p20, p50, p80, spread=reference.spread)
