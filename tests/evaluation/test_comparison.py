"""The voormeting/nameting statistics, checked against SciPy and by hand. No database."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import TTestIndPower

from evaluation.comparison import (
    benchmark_light,
    compare_energy,
    compare_scale,
    compare_waves,
    explain_benchmark_light,
    light_from_percentiles,
    light_of_interval,
    mean_interval,
)
from evaluation.families import benjamini_hochberg
from surveys.formatting import dutch_decimal

NOT_SHOWN = "geen aantoonbaar verschil — een verschil van "
FOUR_IN_FIVE = " zou met deze aantallen in ongeveer 8 van de 10 gevallen opvallen"


def random_waves(seed: int) -> tuple[list[float], list[float]]:
    """Two waves of scale scores (1–5) of unequal size and spread, as schools have them."""
    rng = np.random.default_rng(seed)
    n_before, n_after = rng.integers(5, 40, size=2)
    before = np.clip(rng.normal(3.2, rng.uniform(0.3, 1.0), n_before), 1, 5)
    after = np.clip(rng.normal(3.4, rng.uniform(0.3, 1.0), n_after), 1, 5)
    return before.tolist(), after.tolist()


def random_energy_answers(seed: int) -> tuple[list[str | None], list[str | None]]:
    rng = np.random.default_rng(seed)
    choices = ["giver", "neutral", "taker", None]

    def wave():
        return list(rng.choice(choices, size=rng.integers(5, 40), p=rng.dirichlet([1, 1, 1, 0.3])))

    return wave(), wave()


# --- Scales ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_welch_p_and_interval_equal_scipy(seed):
    before, after = random_waves(seed)
    result = compare_scale(before, after, "better")

    scipy_result = stats.ttest_ind(after, before, equal_var=False)
    interval = scipy_result.confidence_interval(0.95)
    assert result.p == pytest.approx(scipy_result.pvalue, abs=5e-5)
    assert result.ci_low == pytest.approx(interval.low, abs=5e-5)
    assert result.ci_high == pytest.approx(interval.high, abs=5e-5)
    assert result.diff == pytest.approx(np.mean(after) - np.mean(before))


def test_group_summaries_use_sample_sd():
    result = compare_scale([2, 4, 4, 4, 5, 5, 7, 9], [1, 2, 3], "better")

    assert (result.baseline.n, result.baseline.mean) == (8, 5)
    assert result.baseline.sd == pytest.approx(np.std([2, 4, 4, 4, 5, 5, 7, 9], ddof=1))
    assert (result.followup.n, result.followup.mean, result.followup.sd) == (3, 2, 1)


def test_hedges_g_by_hand():
    # Means 2 and 4, both SDs 1, so pooled SD 1 and d = 2; J = 1 − 3/(4·6 − 9) = 0.8.
    result = compare_scale([1, 2, 3], [3, 4, 5], "better")

    assert result.hedges_g == pytest.approx(1.6)


def test_hedges_g_uses_pooled_sd_for_unequal_groups():
    before, after = [1, 2, 3, 4], [2, 6]  # SDs √(5/3) and √8
    pooled_sd = np.sqrt((3 * 5 / 3 + 1 * 8) / 4)
    expected = (4 - 2.5) / pooled_sd * (1 - 3 / (4 * 6 - 9))

    assert compare_scale(before, after, "better").hedges_g == pytest.approx(expected)


def test_scores_of_none_are_left_out():
    result = compare_scale([1, None, 2, 3], [3, 4, None, 5], "better")

    assert (result.baseline.n, result.followup.n) == (3, 3)
    assert result.hedges_g == pytest.approx(1.6)


@pytest.mark.parametrize("n, m", [(64, 1), (20, 3), (9, 25)])
def test_mdd_equals_statsmodels_power_for_equal_sds_and_sizes(n, m):
    # Equal n and SD: Welch's df is n1 + n2 − 2, and its noncentral t is the pooled t-test's.
    wave = [1, 2, 3, 4, 5] * (n // 5) + [3] * (n % 5)
    sd = np.std(wave, ddof=1)
    row = compare_scale(wave, wave, "better")
    alpha = 0.05 / m
    mdd = row.mdd if m == 1 else compare_waves(
        {f"s{i}": (wave, wave, "better") for i in range(m)}, {}).scales[0].mdd

    expected = TTestIndPower().solve_power(nobs1=n, ratio=1, alpha=alpha, power=0.8) * sd
    assert mdd == pytest.approx(expected, rel=1e-4)


@pytest.mark.parametrize("n_before, sd_before, n_after, sd_after, m", [(8, 0.5, 8, 0.5, 1), (6, 0.4, 11, 0.9, 25),
                                                                         (14, 1.0, 7, 0.6, 3)])
def test_mdd_is_found_four_times_in_five_by_a_simulated_welch_test(n_before, sd_before, n_after, sd_after, m):
    # Schools whose true change is exactly the reported mdd, tested as the comparison tests: Welch at 0.05 / m.
    from evaluation import power

    alpha = 0.05 / m
    mdd = power.welch_detectable_difference(n_before, sd_before, n_after, sd_after, alpha)
    rng = np.random.default_rng(1)
    before = rng.normal(0, sd_before, (40_000, n_before))
    after = rng.normal(mdd, sd_after, (40_000, n_after))

    found = np.mean(stats.ttest_ind(after, before, axis=1, equal_var=False).pvalue < alpha)

    # Welch's power has no closed form; the noncentral t with the Welch–Satterthwaite df is within two
    # points of it even for six against eleven at α = 0.002 (simulation error here: ±0.4 points).
    assert found == pytest.approx(0.80, abs=0.02)


def test_mdd_uses_the_alpha_of_its_family():
    wave = [1, 2, 3, 4, 5, 3, 2, 4]
    alone = compare_scale(wave, wave, "worse").mdd
    among = compare_waves(
        {"ervaren_werkdruk": (wave, wave, "worse"), **{f"s{i}": (wave, wave, "better") for i in range(9)}}, {})

    primary = next(row for row in among.scales if row.code == "ervaren_werkdruk")
    other = next(row for row in among.scales if row.code == "s0")
    assert primary.mdd == pytest.approx(alone)  # alone in its family: α = 0.05
    assert other.mdd > alone  # one of nine: α = 0.05 / 9


def test_minimal_detectable_difference_shrinks_with_more_respondents():
    mdds = [compare_scale([1, 2, 3, 4] * k, [1, 2, 3, 4] * k, "better").mdd for k in (2, 4, 8, 16)]

    assert mdds == sorted(mdds, reverse=True)


def test_identical_answers_in_both_waves_show_no_difference():
    result = compare_scale([3.2] * 5, [3.2] * 7, "better")

    assert (result.p, result.diff, result.ci_low, result.ci_high) == (1.0, 0.0, 0.0, 0.0)
    assert result.hedges_g == 0.0
    assert result.mdd == 0.0


def test_different_but_constant_answers_are_a_certain_difference_without_effect_size():
    result = compare_scale([3.0] * 5, [4.0] * 5, "better")

    assert result.p == 0.0
    assert (result.ci_low, result.ci_high) == (1.0, 1.0)
    assert result.hedges_g is None


@pytest.mark.parametrize("before, after", [([3.0], [2.0, 4.0, 3.0]), ([1.0, 2.0], []), ([], [])])
def test_fewer_than_two_scores_in_a_wave_test_nothing(before, after):
    result = compare_scale(before, after, "better")

    assert result.p is None
    assert (result.ci_low, result.ci_high, result.hedges_g, result.mdd) == (None, None, None, None)
    assert not result.significant


def test_scale_direction_must_be_named():
    with pytest.raises(ValueError):
        compare_scale([1, 2], [2, 3], "higher")


# --- Energy themes ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_fisher_p_equals_scipy(seed):
    before, after = random_energy_answers(seed)
    result = compare_energy(before, after)

    def row(answers):
        answered = [a for a in answers if a is not None]
        return [answered.count("taker"), len(answered) - answered.count("taker")]

    assert result.p == pytest.approx(stats.fisher_exact([row(before), row(after)]).pvalue, abs=5e-5)


def test_taker_share_counts_only_those_who_answered():
    result = compare_energy(["taker", "giver", None, "neutral", "taker"], ["neutral", None, None])

    assert (result.baseline.n, result.baseline.taker_pct) == (4, 50.0)
    assert (result.followup.n, result.followup.taker_pct) == (1, 0.0)


@pytest.mark.parametrize("before, after", [([None, None], ["taker"]), (["giver"], []), ([], [])])
def test_theme_nobody_answered_in_a_wave_is_not_tested(before, after):
    result = compare_energy(before, after)

    assert result.p is None
    assert result.mdd is None


def test_unknown_energy_answer_is_refused():
    with pytest.raises(ValueError):
        compare_energy(["taker", "nemer"], ["giver"])


def fisher_found(share_before, share_after, n_before, n_after, alpha, runs=4000):
    """How often scipy's Fisher test at alpha finds the difference between simulated waves."""
    rng = np.random.default_rng(7)
    takers_before = rng.binomial(n_before, share_before, runs)
    takers_after = rng.binomial(n_after, share_after, runs)
    pvalues = {}
    for pair in set(zip(takers_before.tolist(), takers_after.tolist(), strict=True)):
        table = [[pair[0], n_before - pair[0]], [pair[1], n_after - pair[1]]]
        pvalues[pair] = stats.fisher_exact(table).pvalue
    return np.mean([pvalues[pair] <= alpha for pair in zip(takers_before.tolist(), takers_after.tolist(),
                                                           strict=True)])


@pytest.mark.parametrize("takers, n_before, n_after, alpha", [(10, 20, 18, 0.05), (12, 30, 25, 0.05 / 17),
                                                               (3, 12, 15, 0.05)])
def test_detectable_share_change_is_found_four_times_in_five_by_fisher(takers, n_before, n_after, alpha):
    from evaluation import power

    change = power.fisher_detectable_change(takers, n_before, n_after, alpha) / 100
    share = takers / n_before
    after = share - change if share - change >= 0 and power.fisher_power(
        share, share - change, n_before, n_after, alpha) >= 0.8 else share + change

    assert power.fisher_power(share, after, n_before, n_after, alpha) >= 0.8
    assert fisher_found(share, after, n_before, n_after, alpha) == pytest.approx(
        power.fisher_power(share, after, n_before, n_after, alpha), abs=0.03)
    # A change a little smaller is found less often, in both directions.
    smaller = [share + direction * (change - 0.02) for direction in (-1, 1)]
    assert all(power.fisher_power(share, s, n_before, n_after, alpha) < 0.8 for s in smaller if 0 <= s <= 1)


def test_small_waves_get_no_promise_fisher_cannot_keep():
    # At 5 and 8 answers the normal approximation promised 80% power where Fisher's test has 16%:
    # from 2 takers in 5, not even 0% or 100% afterwards is found four times in five.
    from evaluation import power

    result = compare_energy(["taker"] * 2 + ["giver"] * 3, ["taker"] * 4 + ["neutral"] * 4)

    assert result.mdd is None
    assert max(power.fisher_power(0.4, share, 5, 8, 0.05) for share in (0.0, 1.0)) < 0.8
    assert compare_waves({}, {"ouders": (["taker"] * 2 + ["giver"] * 3, ["taker"] * 4 + ["neutral"] * 4)}
                         ).energy[0].reading.startswith("geen aantoonbaar verschil — te weinig antwoorden")


def test_fisher_power_counts_every_table_as_scipy_judges_it():
    from evaluation import power

    n_before, n_after, alpha = 7, 9, 0.05
    expected = sum(
        stats.binom.pmf(x, n_before, 0.3) * stats.binom.pmf(y, n_after, 0.8)
        for x in range(n_before + 1) for y in range(n_after + 1)
        if stats.fisher_exact([[x, n_before - x], [y, n_after - y]]).pvalue <= alpha
    )
    assert power.fisher_power(0.3, 0.8, n_before, n_after, alpha) == pytest.approx(expected, abs=1e-12)


# --- The ordinal test of an energy theme ---------------------------------------------------


def expand(counts):
    return [rank for rank, count in enumerate(counts) for _ in range(count)]


@given(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)),
       st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)))
def test_ordinal_p_equals_scipy_mannwhitneyu(before, after):
    from evaluation.ordinal import mann_whitney_p

    mine = mann_whitney_p(before, after)
    if not (sum(before) and sum(after)):
        assert mine is None
        return
    expected = stats.mannwhitneyu(expand(before), expand(after), alternative="two-sided").pvalue
    if np.isnan(expected):
        assert mine is None  # everyone gave the same answer in both waves
    else:
        assert mine == pytest.approx(expected, abs=1e-12)


def test_a_move_from_giver_to_neutral_shows_as_a_shift_though_the_taker_share_stays():
    before = ["giver"] * 16 + ["neutral"] * 2 + ["taker"] * 2
    after = ["giver"] * 2 + ["neutral"] * 16 + ["taker"] * 2
    comparison = compare_waves({}, {"ouders": (before, after), "vergaderen": (before, before)})
    moved, same = comparison.energy

    assert not moved.significant and moved.shifted
    assert moved.p_ordinal == pytest.approx(stats.mannwhitneyu(
        [0] * 16 + [1] * 2 + [2] * 2, [0] * 2 + [1] * 16 + [2] * 2).pvalue)
    assert [moved.q_ordinal, same.q_ordinal] == pytest.approx(
        list(multipletests([moved.p_ordinal, same.p_ordinal], method="fdr_bh")[1]))
    assert moved.reading.endswith("verschoven, naar de kant van de energienemers")  # givers became neutral
    assert not same.shifted
    back = compare_waves({}, {"ouders": (after, before)}).energy[0]
    assert back.shifted and back.reading.endswith("naar de kant van de energiegevers")


# --- Benjamini–Hochberg ------------------------------------------------------------------


def test_benjamini_hochberg_by_hand():
    # Ranked: 0.005·4/1 = 0.02, 0.01·4/2 = 0.02, 0.03·4/3 = 0.04, 0.04·4/4 = 0.04.
    assert benjamini_hochberg([0.01, 0.04, 0.03, 0.005]) == pytest.approx([0.02, 0.04, 0.04, 0.02])


def test_benjamini_hochberg_keeps_q_monotone():
    # 0.9·2/1 = 1.8 would exceed the q of the larger p (0.95), so it takes that.
    assert benjamini_hochberg([0.9, 0.95]) == pytest.approx([0.95, 0.95])


def test_benjamini_hochberg_passes_none_through_without_counting_it():
    assert benjamini_hochberg([0.01, None, 0.04, 0.03, 0.005, None]) == pytest.approx(
        [0.02, None, 0.04, 0.04, 0.02, None]
    )
    assert benjamini_hochberg([]) == []
    assert benjamini_hochberg([None]) == [None]


@given(st.lists(st.one_of(st.none(), st.floats(0, 1)), max_size=30))
def test_benjamini_hochberg_equals_scipy(pvalues):
    tested = [p for p in pvalues if p is not None]
    qvalues = benjamini_hochberg(pvalues)

    assert [q is None for q in qvalues] == [p is None for p in pvalues]
    if tested:
        expected = stats.false_discovery_control(tested, method="bh")
        assert [q for q in qvalues if q is not None] == pytest.approx(expected, abs=1e-12)
        assert all(0 <= q <= 1 for q in qvalues if q is not None)


# --- The whole comparison ----------------------------------------------------------------


def example_waves():
    lower_workload = ([4, 4, 5, 4, 5, 4, 4, 5] * 3, [2, 3, 2, 3, 2, 2, 3, 2] * 3, "worse")
    less_support = ([4, 5, 4, 5, 4, 4] * 4, [2, 2, 3, 2, 3, 2] * 4, "better")
    same_satisfaction = ([3, 4, 3, 4, 2], [3, 4, 4, 3, 3], "better")
    too_few = ([3], [3, 4], "better")
    scales = {
        "werkdruk": lower_workload,
        "steun": less_support,
        "tevredenheid": same_satisfaction,
        "klein": too_few,
    }
    energy = {
        "ouders": (["taker"] * 14 + ["giver"] * 4 + [None], ["taker"] * 2 + ["giver"] * 16),
        "nakijkwerk": (["taker"] * 2 + ["neutral"] * 16, ["taker"] * 15 + ["neutral"] * 3),
        "methoden": (["taker", "giver"] * 20, ["taker", "giver", "neutral"] * 12),
        "vergaderen": ([None, None], [None]),
    }
    return scales, energy


def test_benjamini_hochberg_runs_within_each_family_as_statsmodels_does():
    scales, energy = example_waves()
    scales |= {"ervaren_werkdruk": scales["werkdruk"], "uitputting": scales["tevredenheid"]}
    comparison = compare_waves(scales, energy)
    rows = comparison.scales + comparison.energy
    primary = [row for row in rows if row.family == "primary"]
    exploratory = [row for row in rows if row.family == "exploratory" and row.p is not None]

    assert {row.code for row in primary} == {"ervaren_werkdruk", "uitputting", "tevredenheid"}
    for family in (primary, exploratory):
        expected = multipletests([row.p for row in family], method="fdr_bh")[1]
        assert [row.q for row in family] == pytest.approx(list(expected), abs=1e-12)
    assert [row.significant for row in rows] == [row.q is not None and row.q < 0.05 for row in rows]
    assert all(row.family == "exploratory" for row in comparison.energy)


def test_each_family_is_explained_in_one_dutch_sentence():
    scales, energy = example_waves()
    found = {family["code"]: family for family in compare_waves(scales, energy).families()}

    assert set(found) == {"primary", "exploratory"}
    assert found["primary"]["tests"] == 1 and found["exploratory"]["tests"] == 5
    for family in found.values():
        assert family["explanation"].endswith(".") and family["explanation"].count(". ") == 0


def test_readings_say_in_dutch_which_way_things_went():
    scales, energy = example_waves()
    comparison = compare_waves(scales, energy)
    reading = {row.code: row.reading for row in comparison.scales + comparison.energy}

    assert reading["werkdruk"] == "aantoonbaar verbeterd"  # lower workload is better
    assert reading["steun"] == "aantoonbaar verslechterd"
    assert reading["ouders"] == "aantoonbaar verbeterd"  # fewer takers is better
    assert reading["nakijkwerk"] == "aantoonbaar verslechterd"
    assert not any("duidelijk" in text for text in reading.values())


def test_no_difference_reading_names_the_smallest_detectable_change():
    scales, energy = example_waves()
    comparison = compare_waves(scales, energy)
    satisfaction = next(row for row in comparison.scales if row.code == "tevredenheid")
    methods = next(row for row in comparison.energy if row.code == "methoden")

    assert not satisfaction.significant
    assert re.fullmatch(re.escape(NOT_SHOWN) + r"\d+,\d\d punt" + FOUR_IN_FIVE, satisfaction.reading)
    assert dutch_decimal(satisfaction.mdd, 2) in satisfaction.reading
    assert re.fullmatch(re.escape(NOT_SHOWN) + r"\d+,\d procentpunt" + FOUR_IN_FIVE, methods.reading)


def test_rows_without_a_test_are_read_as_too_few_answers():
    scales, energy = example_waves()
    comparison = compare_waves(scales, energy)
    untested = [row for row in comparison.scales + comparison.energy if row.p is None]

    assert {row.code for row in untested} == {"klein", "vergaderen"}
    for row in untested:
        assert row.q is None and not row.significant
        assert row.reading.startswith("geen aantoonbaar verschil — te weinig antwoorden")


def test_to_dict_has_the_agreed_json_shape():
    scales, energy = example_waves()
    data = compare_waves(scales, energy, labels={"werkdruk": "Ervaren werkdruk"}).to_dict()

    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"scales", "energy"}
    assert set(data["scales"][0]) == {
        "code",
        "label",
        "baseline",
        "followup",
        "diff",
        "ci_low",
        "ci_high",
        "p",
        "q",
        "hedges_g",
        "significant",
        "mdd",
        "family",
    }
    assert set(data["scales"][0]["baseline"]) == {"n", "mean", "sd"}
    assert set(data["energy"][0]) == {
        "code",
        "label",
        "baseline",
        "followup",
        "p",
        "q",
        "significant",
        "mdd",
        "family",
        "p_ordinal",
        "q_ordinal",
        "shifted",
    }
    assert set(data["energy"][0]["followup"]) == {"n", "taker_pct"}
    assert data["scales"][0]["label"] == "Ervaren werkdruk"
    assert data["scales"][1]["label"] == "steun"  # no label given: the code


def test_dutch_decimal_uses_a_comma_and_never_prints_minus_zero():
    assert dutch_decimal(0.4249, 2) == "0,42"
    assert dutch_decimal(35.3) == "35,3"
    assert dutch_decimal(6.25) == "6,3"  # halves up, as on paper
    assert dutch_decimal(100) == "100,0"
    assert dutch_decimal(-0.001, 2) == "0,00"
    assert dutch_decimal(-1.5, 1) == "-1,5"


def run_python(script: str) -> str:
    """In a separate interpreter: configuring Django here would leak into other tests."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    return done.stdout


def test_modules_work_without_django_settings():
    script = (
        "import surveys.charts;"
        "from evaluation.comparison import compare_waves;"
        "c = compare_waves({'s': ([1, 2, 3], [1, 2, 3], 'better')}, {});"
        "print(c.scales[0].reading)"
    )

    assert run_python(script).startswith(NOT_SHOWN)


def test_readings_come_through_gettext_once_django_is_set_up():
    script = (
        "import django; from django.conf import settings;"
        "settings.configure(USE_I18N=True, LANGUAGE_CODE='nl');"
        "django.setup();"
        "from evaluation.comparison import compare_waves;"
        "c = compare_waves({'s': ([1, 2, 3], [1, 2, 3], 'better')}, {});"
        "print(c.scales[0].reading)"
    )

    assert run_python(script).startswith(NOT_SHOWN)


# --- Benchmark ---------------------------------------------------------------------------

BENCHMARK = list(range(1, 101))  # percentiles 20.8, 50.5 and 80.2


@pytest.mark.parametrize(
    "value, better, worse",
    [
        (90, "groen", "rood"),
        (60, "lichtgroen", "oranje"),
        (30, "oranje", "lichtgroen"),
        (10, "rood", "groen"),
    ],
)
def test_benchmark_light_follows_the_hse_bands(value, better, worse):
    assert benchmark_light(value, BENCHMARK, "better") == better
    assert benchmark_light(value, BENCHMARK, "worse") == worse


def test_benchmark_light_counts_a_tie_with_a_boundary_in_the_schools_favour():
    assert benchmark_light(50.5, BENCHMARK, "better") == "lichtgroen"
    assert benchmark_light(50.5, BENCHMARK, "worse") == "lichtgroen"


def test_benchmark_light_needs_benchmark_values():
    with pytest.raises(ValueError):
        benchmark_light(3.0, [], "better")


@pytest.mark.parametrize("light", ["groen", "lichtgroen", "oranje", "rood"])
def test_every_benchmark_light_is_explained_in_dutch(light):
    assert "vergelijkingsscholen" in explain_benchmark_light(light)


def test_identical_answers_everywhere_are_read_as_no_difference_not_as_a_detectable_zero():
    comparison = compare_waves({"steun": ([3.0] * 5, [3.0] * 6, "better")}, {})

    assert comparison.scales[0].reading == "geen verschil — iedereen gaf in beide metingen hetzelfde antwoord"


def test_light_from_percentiles_agrees_with_the_light_from_the_values():
    p20, p50, p80 = np.percentile(BENCHMARK, [20, 50, 80])
    for value in (10, 30, 50.5, 60, 90):
        for direction in ("better", "worse"):
            assert light_from_percentiles(value, p20, p50, p80, direction) == benchmark_light(
                value, BENCHMARK, direction
            )


@pytest.mark.parametrize("low, high, better", [(3.6, 3.9, "lichtgroen"), (3.4, 3.6, None), (4.1, 4.8, "groen"),
                                               (2.0, 4.5, None)])
def test_an_interval_across_a_band_boundary_gets_no_light(low, high, better):
    assert light_of_interval(low, high, 3.0, 3.5, 4.0, "better") == better


def test_a_schools_interval_is_the_t_interval_of_its_mean():
    scores = [3.0, 3.5, 4.0, 2.5, 4.5, 3.5]
    expected = stats.t.interval(0.95, len(scores) - 1, loc=np.mean(scores), scale=stats.sem(scores))

    assert mean_interval(len(scores), np.mean(scores), np.std(scores, ddof=1)) == pytest.approx(expected)
    assert mean_interval(1, 3.0, None) is None


def test_light_from_percentiles_refuses_percentiles_out_of_order():
    with pytest.raises(ValueError):
        light_from_percentiles(3.0, 3.5, 3.0, 4.0, "better")
