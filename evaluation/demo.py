"""Demo reference values for the benchmark, so the demo shows traffic lights and a benchmark bar.

The five pilot schools cannot form a platform pool (it needs 20 schools), so the demo stands in
with reference values, labelled as made up; their percentiles are of (invented) school means, so
they give bands. Idempotent: one row per scale for this source and year.
"""

from projects.demo import Demo
from surveys import instruments

from .models import BenchmarkReference, HardFigures, HardFiguresMoment, Spread

SOURCE = "Demo: verzonnen voorbeeldwaarden, geen echte benchmark"
YEAR = 2026
# (p20, p50, p80) on the 1–5 scale by the scale's direction.
WORSE = (2.6, 3.0, 3.4)
BETTER = (3.2, 3.6, 4.0)
SATISFIED_PCT = 68.0


def load(demo: Demo) -> None:
    view = instruments.instrument(instruments.current_version().pk)
    created = 0
    for scale in view.scales:
        p20, p50, p80 = WORSE if scale["higher_is"] == "worse" else BETTER
        _reference, new = BenchmarkReference.objects.get_or_create(
            scale_code=scale["code"], source=SOURCE, year=YEAR,
            defaults={"mean": p50, "p20": p20, "p50": p50, "p80": p80, "spread": Spread.SCHOOLS,
                      "satisfied_pct": SATISFIED_PCT if scale["code"] == "tevredenheid" else None},
        )
        created += new
    if created:
        demo.say(f"Benchmark: {created} demo-referentiewaarden (verzonnen, als voorbeeld).")
    _absence_figures(demo)


# De Wilgenhof, cycle 1: the absence figures the project leader entered before and after.
ABSENCE = {HardFiguresMoment.BEFORE: ("6.10", "1.40", "schooljaar 2024-2025"),
           HardFiguresMoment.AFTER: ("5.20", "1.10", "schooljaar 2025-2026")}


def _absence_figures(demo: Demo) -> None:
    school = demo.schools.get("de-wilgenhof")
    cycle = school.project.cycles.filter(number=1).first() if school else None
    if cycle is None:
        return
    for moment, (pct, frequency, period) in ABSENCE.items():
        HardFigures.objects.get_or_create(
            cycle=cycle, moment=moment, defaults={"absence_pct": pct, "absence_frequency": frequency, "period": period},
        )
