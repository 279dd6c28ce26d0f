"""The benchmark: other schools' latest voormetingen, or reference values; the HSE traffic light."""

import numpy as np
import pytest

from evaluation import benchmark
from evaluation.benchmark import ScaleBenchmark
from evaluation.models import BenchmarkReference
from tests.factories import CycleFactory, SchoolFactory
from tests.surveys.results_data import add_respondents, make_wave

pytestmark = pytest.mark.django_db


def school_with_voormeting(n: int, workload: int, closed: bool = True):
    """A school whose voormeting has n respondents all answering the ervaren_werkdruk items with `workload`."""
    school = SchoolFactory()
    wave = make_wave(school=school, closed=closed)
    add_respondents(wave, n, **{code: workload for code in workload_items()}, TV1=4, TV2=4)
    return school


def workload_items() -> list[str]:
    from surveys import instruments

    view = instruments.instrument(instruments.current_version().pk)
    return [item["code"] for item in view.items if item.get("scale") == "ervaren_werkdruk" and not item.get("reverse")]


def test_pool_needs_five_other_schools(school):
    for workload in (2, 3, 4, 5):
        school_with_voormeting(6, workload)
    assert benchmark.pool_benchmark(school) is None

    school_with_voormeting(6, 1)
    pool = benchmark.pool_benchmark(school)

    assert pool.kind == "pool" and pool.schools == 5
    scale = pool.scales["ervaren_werkdruk"]
    assert (scale.p20, scale.p50, scale.p80) == pytest.approx(tuple(np.percentile([1, 2, 3, 4, 5], [20, 50, 80])))
    assert pool.satisfied_pct == 100


def test_a_school_with_fewer_than_five_respondents_or_an_open_wave_does_not_count(school):
    for workload in (2, 3, 4, 5):
        school_with_voormeting(6, workload)
    school_with_voormeting(4, 1)
    school_with_voormeting(9, 1, closed=False)

    assert benchmark.pool_benchmark(school) is None


def test_the_school_itself_is_not_in_its_own_benchmark(school):
    for workload in (1, 2, 3, 4):
        school_with_voormeting(6, workload)
    own = school_with_voormeting(6, 5)

    assert benchmark.pool_benchmark(own) is None
    assert benchmark.pool_benchmark(school).schools == 5


def test_each_school_counts_with_its_latest_voormeting(school):
    others = [school_with_voormeting(6, workload) for workload in (2, 2, 2, 2, 2)]
    second = CycleFactory(project=others[0].project, number=2)
    add_respondents(make_wave(cycle=second), 6, **{code: 5 for code in workload_items()})

    scale = benchmark.pool_benchmark(school).scales["ervaren_werkdruk"]

    assert scale.mean == pytest.approx((2 * 4 + 5) / 5)


def test_references_stand_in_while_the_pool_is_too_small(school):
    BenchmarkReference.objects.create(scale_code="tevredenheid", mean=3.6, p20=3.2, p50=3.7, p80=4.1,
                                      satisfied_pct=71, source="Onderzoek A", year=2023)
    BenchmarkReference.objects.create(scale_code="tevredenheid", mean=3.5, p20=3.0, p50=3.5, p80=4.0,
                                      satisfied_pct=68, source="Onderzoek A", year=2025)
    BenchmarkReference.objects.create(scale_code="ervaren_werkdruk", mean=3.0, sd=0.5, source="Onderzoek B", year=2024)

    found = benchmark.benchmark_for(school)

    assert found.kind == "reference"
    assert found.satisfied_pct == 68
    assert found.scales["tevredenheid"].p50 == 3.5
    assert "Onderzoek A (2025)" in found.description and "Onderzoek B (2024)" in found.description
    workload = found.scales["ervaren_werkdruk"]
    assert (workload.p20, workload.p80) == pytest.approx((3.0 - 0.8416 * 0.5, 3.0 + 0.8416 * 0.5), abs=1e-4)


def test_no_pool_and_no_references_is_no_benchmark(school):
    assert benchmark.benchmark_for(school) is None


@pytest.mark.parametrize(
    "value, better, worse",
    [(4.2, "groen", "rood"), (3.8, "lichtgroen", "oranje"), (3.2, "oranje", "lichtgroen"), (2.5, "rood", "groen")],
)
def test_the_light_turns_round_for_scales_where_higher_is_worse(value, better, worse):
    scale = ScaleBenchmark("x", mean=3.5, p20=3.0, p50=3.5, p80=4.0)

    assert scale.light(value, "better") == better
    assert scale.light(value, "worse") == worse


def test_a_reference_without_spread_gives_no_light():
    assert ScaleBenchmark("x", mean=3.5, p50=3.5).light(4.0, "better") is None


def test_light_rows_add_benchmark_light_and_its_meaning():
    found = benchmark.Benchmark("reference", "test", scales={"steun": ScaleBenchmark("steun", 3.5, 3.0, 3.5, 4.0)})
    rows = benchmark.light_rows(found, [{"code": "steun", "mean": 4.2}, {"code": "druk", "mean": 3.0}],
                                {"steun": {"higher_is": "better"}, "druk": {"higher_is": "worse"}})

    assert (rows[0]["benchmark"], rows[0]["light"], rows[0]["light_label"]) == (3.5, "groen", "groen")
    assert "beste 20%" in rows[0]["light_meaning"]
    assert rows[1]["light"] is None and rows[1]["benchmark"] is None


def test_the_rule_is_explained_in_dutch():
    rule = benchmark.rule_explained()
    assert "20e" in rule and "80e percentiel" in rule and "draait de volgorde om" in rule


def test_reference_percentiles_must_rise():
    from django.core.exceptions import ValidationError

    reference = BenchmarkReference(scale_code="x", mean=3, p20=3.5, p50=3.0, p80=4.0, source="s", year=2025)
    with pytest.raises(ValidationError):
        reference.full_clean()


def test_demo_reference_values_load_once_and_give_lights(school):
    from evaluation import demo
    from projects.demo import Demo

    first, second = Demo(), Demo()
    demo.load(first)
    demo.load(second)

    assert BenchmarkReference.objects.count() == 28
    assert len(first.messages) == 1 and not second.messages
    found = benchmark.benchmark_for(school)
    assert found.kind == "reference" and found.satisfied_pct == 68
    assert found.light("ervaren_werkdruk", 2.5, "worse") == "groen"
