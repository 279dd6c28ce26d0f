"""A comparison across instrument versions (2026.1 against 2026.2) compares what both versions measure."""

import copy

import pytest
from scipy import stats

from evaluation import compare_cycles
from surveys import instruments, scoring
from surveys.instruments import InstrumentView
from tests.evaluation.evaluation_data import answered_wave, fill_wave
from tests.surveys.results_data import make_wave

pytestmark = pytest.mark.django_db


def version_one():
    return instruments.load_version(instruments.INSTRUMENT_DIR / "v1.json")


def test_a_voormeting_of_2026_1_is_compared_with_a_nameting_of_2026_2_on_everything_they_share(school):
    cycle = school.project.current_cycle
    before = make_wave(kind="voormeting", cycle=cycle)
    before.instrument = version_one()
    before.save()
    answers_before = fill_wave(before, 24, seed=3)
    after = answered_wave(cycle, "nameting", 22, seed=4, lift=0.6)
    assert (before.instrument.version, after.instrument.version) == ("2026.1", "2026.2")

    result = compare_cycles.compare(before, after)
    old = instruments.instrument(before.instrument_id)
    assert [row.code for row in result.comparison.scales] == [scale["code"] for scale in old.scales]
    assert [row.code for row in result.comparison.energy] == [
        item["code"] for item in old.items if item["kind"] == "energy"]
    # Each wave's figures come from its own answers under its own version's item ids: Welch's test agrees.
    specs = scoring.items_by_scale(old.definition)["tijdsdruk"]
    tijdsdruk = next(row for row in result.comparison.scales if row.code == "tijdsdruk")
    expected = stats.ttest_ind(scoring.scale_scores(answers_before, specs),
                               scoring.scale_scores(after.answers, specs), equal_var=False)
    assert tijdsdruk.p == pytest.approx(expected.pvalue, abs=1e-4)


def test_a_scale_measured_with_other_items_in_one_version_is_not_compared():
    definition = scoring.load_instrument_file(instruments.INSTRUMENT_DIR / "v2.json")
    changed = copy.deepcopy(definition)
    for section in changed["sections"]:
        for item in section["items"]:
            if item["code"] == "TD2":
                item["reverse"] = not item["reverse"]  # coded the other way round: another measurement
    changed["sections"][0]["items"] = [item for item in changed["sections"][0]["items"] if item["code"] != "E01"]
    older = InstrumentView(pk=1, version="2026.1", definition=definition, item_ids={})
    newer = InstrumentView(pk=2, version="2026.x", definition=changed, item_ids={})
    scales, themes = compare_cycles.shared_measures(older, newer)
    assert "tijdsdruk" not in {scale["code"] for scale in scales}
    assert "hoeveelheid_werk" in {scale["code"] for scale in scales}
    assert "E01" not in {item["code"] for item in themes} and "E02" in {item["code"] for item in themes}
    assert not any(item["kind"] == "open" for item in themes)
