"""The benchmark: other schools' latest voormetingen, or reference values; the HSE traffic light."""

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone
from scipy import stats

from evaluation import benchmark
from evaluation.benchmark import ScaleBenchmark
from evaluation.models import BenchmarkPool, BenchmarkReference, Spread
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


def test_a_pool_of_fewer_than_twenty_schools_gives_no_traffic_light(school):
    for index in range(19):
        school_with_voormeting(6, 1 + index % 5)
    benchmark.refresh_pool()

    assert benchmark.pool_benchmark() is None
    assert benchmark.benchmark_for(school) is None  # and no references either: no light at all

    school_with_voormeting(6, 3)
    benchmark.refresh_pool()
    pool = benchmark.benchmark_for(school)

    assert pool.kind == "pool" and pool.schools == 20
    scale = pool.scales["ervaren_werkdruk"]
    means = [1 + index % 5 for index in range(19)] + [3]
    assert (scale.p20, scale.p50, scale.p80) == pytest.approx(tuple(np.percentile(means, [20, 50, 80])))
    assert pool.satisfied_pct == 100


def test_the_pool_is_stored_when_a_voormeting_closes_not_computed_per_report(django_capture_on_commit_callbacks):
    from surveys import waves

    for workload in (2, 3, 4):
        school_with_voormeting(6, workload)
    benchmark.refresh_pool()
    late = school_with_voormeting(6, 5, closed=False)

    assert benchmark.stored_pool().schools == 3
    wave = late.project.current_cycle.waves.get()
    with django_capture_on_commit_callbacks(execute=True):
        waves.close_wave(wave)

    pool = benchmark.stored_pool()
    assert pool.schools == 4 and pool.scales["ervaren_werkdruk"]["mean"] == pytest.approx(3.5)
    assert BenchmarkPool.objects.count() == 1


def test_closing_a_nameting_leaves_the_pool_alone(django_capture_on_commit_callbacks):
    from surveys import waves

    school_with_voormeting(6, 2)
    computed = benchmark.refresh_pool().computed_at
    nameting = make_wave(school=SchoolFactory(), kind="nameting", closed=False)
    add_respondents(nameting, 6, **{code: 4 for code in workload_items()})
    with django_capture_on_commit_callbacks(execute=True):
        waves.close_wave(nameting)

    assert benchmark.stored_pool().computed_at == computed


def test_a_school_with_fewer_than_five_respondents_or_an_open_wave_does_not_count(school):
    counted = [school_with_voormeting(6, workload) for workload in (2, 3)]
    school_with_voormeting(4, 1)
    school_with_voormeting(9, 1, closed=False)

    assert {wave.cycle.project.school for wave in benchmark.pool_waves()} == set(counted)


def test_each_school_counts_with_its_latest_voormeting(school):
    others = [school_with_voormeting(6, workload) for workload in (2, 2, 2, 2, 2)]
    second = CycleFactory(project=others[0].project, number=2)
    add_respondents(make_wave(cycle=second), 6, **{code: 5 for code in workload_items()})

    scale = benchmark.refresh_pool().scales["ervaren_werkdruk"]

    assert scale["mean"] == pytest.approx((2 * 4 + 5) / 5) and scale["schools"] == 5


def test_references_stand_in_while_the_pool_is_too_small(school):
    BenchmarkReference.objects.create(scale_code="tevredenheid", mean=3.6, p20=3.2, p50=3.7, p80=4.1,
                                      satisfied_pct=71, source="Onderzoek A", year=2023, spread=Spread.SCHOOLS)
    BenchmarkReference.objects.create(scale_code="tevredenheid", mean=3.5, p20=3.0, p50=3.5, p80=4.0,
                                      satisfied_pct=68, source="Onderzoek A", year=2025, spread=Spread.SCHOOLS)
    BenchmarkReference.objects.create(scale_code="ervaren_werkdruk", mean=3.0, sd=0.5, source="Onderzoek B", year=2024,
                                      spread=Spread.SCHOOLS)

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


def test_a_reference_spread_between_people_gives_no_bands_only_a_side_of_the_mean(school):
    BenchmarkReference.objects.create(scale_code="steun", mean=3.5, sd=0.9, source="Onderzoek C", year=2025,
                                      spread=Spread.PEOPLE)
    steun = benchmark.benchmark_for(school).scales["steun"]

    assert steun.light(4.9, "better") is None  # ± 0.84 SD of people are no bands of schools
    above = steun.place(20, 4.2, 0.5, "better")
    assert (above.light, above.label) == (None, "gunstiger dan de referentie")
    assert steun.place(20, 4.2, 0.5, "worse").label == "minder gunstig dan de referentie"
    assert steun.place(6, 3.7, 0.6, "better").indistinct


def test_a_school_whose_interval_crosses_a_band_boundary_gets_no_light():
    scale = ScaleBenchmark("x", mean=3.5, p20=3.0, p50=3.5, p80=4.0)
    scores = [3.4, 3.9, 3.6, 3.8, 3.7, 3.6]  # mean 3.67: lichtgroen, but its 95% interval reaches below 3.5
    placing = scale.place(len(scores), np.mean(scores), np.std(scores, ddof=1), "better")

    assert scale.light(np.mean(scores), "better") == "lichtgroen"
    assert placing.light is None and placing.indistinct and placing.label == "niet te onderscheiden"
    assert placing.ci_low < 3.5 < placing.ci_high
    many = scale.place(60, np.mean(scores), np.std(scores, ddof=1), "better")
    assert (many.light, many.label) == ("lichtgroen", "lichtgroen")


def test_a_reference_without_spread_gives_no_light():
    assert ScaleBenchmark("x", mean=3.5, p50=3.5).light(4.0, "better") is None


def test_light_rows_add_benchmark_light_and_its_meaning():
    found = benchmark.Benchmark("reference", "test", scales={"steun": ScaleBenchmark("steun", 3.5, 3.0, 3.5, 4.0)})
    rows = benchmark.light_rows(found, [{"code": "steun", "n": 30, "mean": 4.4, "sd": 0.4},
                                        {"code": "druk", "n": 30, "mean": 3.0, "sd": 0.5}],
                                {"steun": {"higher_is": "better"}, "druk": {"higher_is": "worse"}})

    assert (rows[0]["benchmark"], rows[0]["light"], rows[0]["light_label"]) == (3.5, "groen", "groen")
    assert "80% van de vergelijkingsscholen" in rows[0]["light_meaning"]
    assert rows[0]["ci_low"] == pytest.approx(4.4 - stats.t.ppf(0.975, 29) * 0.4 / np.sqrt(30))
    assert rows[1]["light"] is None and rows[1]["benchmark"] is None


def test_the_rule_is_explained_in_dutch():
    rule = benchmark.rule_explained()
    assert "20e" in rule and "80e percentiel" in rule and "draait de volgorde om" in rule
    assert "niet te onderscheiden" in rule


@pytest.mark.parametrize("light", ["groen", "lichtgroen", "oranje", "rood"])
def test_light_meanings_say_where_a_school_stands_not_what_it_must_do(light):
    from evaluation.comparison import explain_benchmark_light

    meaning = explain_benchmark_light(light)
    assert "nodig" not in meaning and "actie" not in meaning


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


def test_the_nightly_task_takes_in_voormetingen_that_closed_by_their_date(settings):
    from evaluation.tasks import refresh_benchmark_pool

    school_with_voormeting(6, 2)
    benchmark.refresh_pool()
    by_date = school_with_voormeting(6, 4, closed=False)
    by_date.project.current_cycle.waves.update(closes_on=timezone.localdate() - timedelta(days=1))

    assert refresh_benchmark_pool.delay().get() == 2
    assert benchmark.stored_pool().scales["ervaren_werkdruk"]["mean"] == pytest.approx(3.0)
    entry = settings.CELERY_BEAT_SCHEDULE["benchmark-pool"]
    assert entry["task"] == refresh_benchmark_pool.name
