"""Results kept after the retention period hold Dutch labels and are read in the reader's language."""

from django.utils import translation

from surveys import retention
from surveys.models import WaveAggregate
from tests.evaluation.evaluation_data import answered_wave


def test_results_kept_after_retention_are_read_in_the_active_language(db, school):
    wave = answered_wave(school.project.current_cycle, "voormeting", 6, seed=5)
    with translation.override("en"):  # deleted while an English reader is about: kept in Dutch all the same
        retention.delete_raw_answers(wave)
    kept_dutch = retention.kept_results(wave)
    with translation.override("en"):
        kept_english = retention.kept_results(wave)
    assert kept_dutch["scales"][0]["label"] == "Tijdsdruk"
    assert kept_english["scales"][0]["label"] == "Time pressure"
    assert kept_english["energy"][0]["label"] == "Working with new teaching methods"
    assert kept_english["scales"][0]["mean"] == kept_dutch["scales"][0]["mean"]
    assert WaveAggregate.objects.get(wave=wave).data["scales"][0]["label"] == "Tijdsdruk"
