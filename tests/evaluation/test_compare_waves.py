"""The command-line contract: compare_waves prints the agreed JSON; build_report writes the PDF."""

import json
import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from scipy import stats
from statsmodels.stats.multitest import multipletests

from evaluation.templatetags.evaluation_format import signed
from surveys.formatting import dutch_decimal
from surveys.models import EnergyAnswer
from tests.evaluation.evaluation_data import answered_wave
from tests.evaluation.test_evaluation import independent_scale_scores, takers_and_others

pytestmark = pytest.mark.django_db


@pytest.fixture
def compared(school):
    cycle = school.project.current_cycle
    return (answered_wave(cycle, "voormeting", 26, seed=21),
            answered_wave(cycle, "nameting", 22, seed=22, lift=0.6, taker_share=0.25))


def compare_waves(*args) -> dict:
    out = StringIO()
    call_command("compare_waves", *args, stdout=out)
    return json.loads(out.getvalue())


def test_prints_the_agreed_json_shape(compared):
    data = compare_waves("--school", "OBS De Linde", "--format", "json")

    assert set(data) == {"scales", "energy"}
    assert set(data["scales"][0]) == {"code", "label", "baseline", "followup", "diff", "ci_low", "ci_high", "p", "q",
                                      "hedges_g", "significant", "mdd", "family"}
    assert set(data["scales"][0]["baseline"]) == {"n", "mean", "sd"}
    assert set(data["energy"][0]) == {"code", "label", "baseline", "followup", "p", "q", "significant", "mdd",
                                      "family", "p_ordinal", "q_ordinal", "shifted"}
    assert set(data["energy"][0]["followup"]) == {"n", "taker_pct"}
    assert data["scales"][0]["baseline"]["n"] == 26


def test_p_values_agree_with_scipy_to_four_decimals(compared):
    before, after = compared
    data = compare_waves("--school", "de-linde", "--cycle", "1")

    for row in data["scales"]:
        expected = stats.ttest_ind(independent_scale_scores(after.answers, row["code"]),
                                   independent_scale_scores(before.answers, row["code"]), equal_var=False).pvalue
        assert round(row["p"], 4) == round(expected, 4), row["code"]
    for row in data["energy"]:
        table = [takers_and_others(before.answers, row["code"]), takers_and_others(after.answers, row["code"])]
        assert round(row["p"], 4) == round(stats.fisher_exact(table).pvalue, 4), row["code"]


def test_families_ordinal_tests_and_their_corrections_agree_with_scipy_and_statsmodels(compared):
    before, after = compared
    data = compare_waves("--school", "de-linde")
    rows = data["scales"] + data["energy"]

    assert {row["code"] for row in rows if row["family"] == "primary"} == {
        "ervaren_werkdruk", "uitputting", "tevredenheid"}
    assert {row["family"] for row in data["energy"]} == {"exploratory"}
    for family in ("primary", "exploratory"):
        tested = [row for row in rows if row["family"] == family and row["p"] is not None]
        expected = multipletests([row["p"] for row in tested], method="fdr_bh")[1]
        assert [row["q"] for row in tested] == pytest.approx(list(expected), abs=1e-12), family
        assert [row["significant"] for row in tested] == [q < 0.05 for q in expected]
    for row in data["energy"]:
        order = {EnergyAnswer.GIVER.value: 0, EnergyAnswer.NEUTRAL.value: 1, EnergyAnswer.TAKER.value: 2}
        ranks = [[order[answers[row["code"]]] for answers in wave.answers if row["code"] in answers]
                 for wave in (before, after)]
        assert row["p_ordinal"] == pytest.approx(stats.mannwhitneyu(*ranks, alternative="two-sided").pvalue,
                                                 abs=1e-12), row["code"]
    expected = multipletests([row["p_ordinal"] for row in data["energy"]], method="fdr_bh")[1]
    assert [row["q_ordinal"] for row in data["energy"]] == pytest.approx(list(expected), abs=1e-12)
    assert [row["shifted"] for row in data["energy"]] == [q < 0.05 for q in expected]


def test_a_wave_under_five_is_withheld_with_the_counts(school):
    cycle = school.project.current_cycle
    answered_wave(cycle, "voormeting", 3, seed=1)
    answered_wave(cycle, "nameting", 9, seed=2)

    assert compare_waves("--school", "OBS De Linde") == {"withheld": True, "baseline": {"n": 3}, "followup": {"n": 9}}


def test_unknown_school_or_missing_nameting_is_a_clear_error(school):
    with pytest.raises(CommandError, match="School 'Nergens' bestaat niet"):
        compare_waves("--school", "Nergens")
    with pytest.raises(CommandError, match="nog geen voormeting"):
        compare_waves("--school", "OBS De Linde")


def test_page_command_and_pdf_show_the_same_numbers(compared, school, as_user, alice, tmp_path):
    data = compare_waves("--school", "OBS De Linde")
    workload = next(row for row in data["scales"] if row["code"] == "ervaren_werkdruk")
    mean = dutch_decimal(workload["baseline"]["mean"], 2)
    spread = f"SD {dutch_decimal(workload['baseline']['sd'], 2)}, n {workload['baseline']['n']}"
    shown_p = f"p {dutch_decimal(workload['p'], 3)}"

    page = as_user(alice).get(reverse("evaluation:evaluation", kwargs={"school": school.slug})).content.decode()
    out = tmp_path / "rapport.pdf"
    call_command("build_report", "--school", "OBS De Linde", "--out", str(out), stdout=StringIO())
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout

    assert mean in page and mean in text
    assert spread in page and shown_p in page
    # The PDF's table: a figure per cell (standard deviations stay on the page).
    interval = f"{signed(workload['ci_low'])} … {signed(workload['ci_high'])}"
    assert interval in page and interval in text
    assert dutch_decimal(workload["p"], 3) in text


def test_build_report_refuses_a_cycle_without_closed_waves(school, tmp_path):
    with pytest.raises(CommandError, match="nog geen gesloten meting"):
        call_command("build_report", "--school", "OBS De Linde", "--out", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
