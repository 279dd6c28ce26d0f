"""One truth for scores: the SQL tallies (surveys/tallies.py), which every page and export reads,
agree with the scoring rules written out in Python (surveys/scoring.py) on random responses.

Runs on SQLite and, in CI's second run, on PostgreSQL: the SQL is the same text on both.
"""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys import instruments, results, scoring
from surveys.importing import ResponseRow, save_responses
from surveys.models import EnergyAnswer
from tests.surveys.results_data import make_wave

pytestmark = pytest.mark.django_db

SCALES = ["tijdsdruk", "tevredenheid", "autonomie"]  # one of each direction, satisfaction among them
ENERGY = ["E01", "E02", "E03"]
STORED = {"giver": EnergyAnswer.GIVER.value, "neutral": EnergyAnswer.NEUTRAL.value, "taker": EnergyAnswer.TAKER.value}


def view():
    return instruments.instrument(instruments.current_version().pk)


def scale_items(code: str) -> list[scoring.ItemSpec]:
    return [scoring.ItemSpec(item["code"], item.get("reverse", False), code)
            for item in view().items if item.get("scale") == code]


@st.composite
def respondents(draw):
    likert = [item.code for code in SCALES for item in scale_items(code)]
    people = []
    for _ in range(draw(st.integers(min_value=5, max_value=25))):
        answers = {code: draw(st.one_of(st.none(), st.integers(min_value=1, max_value=5))) for code in likert}
        energy = {code: draw(st.sampled_from([None, "giver", "neutral", "taker"])) for code in ENERGY}
        if not any(v is not None for v in [*answers.values(), *energy.values()]):
            answers[likert[0]] = 3  # a response holds at least one answer
        people.append((answers, energy))
    return people


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=respondents())
def test_the_sql_tallies_agree_with_the_python_scoring_rules(people):
    with transaction.atomic():
        wave = make_wave()
        rows = [
            ResponseRow("", {**{c: v for c, v in answers.items() if v is not None},
                             **{c: STORED[v] for c, v in energy.items() if v is not None}})
            for answers, energy in people
        ]
        save_responses(wave, rows)
        data = results.wave_results([wave])
        specs = {scale["code"]: scale for scale in view().scales}

        for row in data["scales"]:
            if row["code"] not in SCALES:
                continue
            spec = specs[row["code"]]
            scores = scoring.scale_scores([answers for answers, _energy in people], scale_items(row["code"]))
            expected = scoring.summarise_scale(scores, spec["higher_is"], spec["unfavourable_threshold"])
            assert row["n"] == expected.n
            if expected.n >= 5:
                assert row["mean"] == pytest.approx(expected.mean, abs=1e-9)
                assert row["unfavourable_pct"] == pytest.approx(expected.unfavourable_pct, abs=1e-9)
                if expected.sd is None:
                    assert row["sd"] is None
                else:
                    assert row["sd"] == pytest.approx(expected.sd, abs=1e-9)
            else:
                assert row["mean"] is None

        for row in data["energy"]:
            if row["code"] not in ENERGY:
                continue
            expected = scoring.energy_distribution([energy[row["code"]] for _answers, energy in people])
            assert row["n"] == expected.n
            for choice in scoring.ENERGY_CHOICES:
                value = row[f"{choice}_pct"]
                if expected.n >= 5:
                    assert value == pytest.approx(getattr(expected, f"{choice}_pct"), abs=1e-9)
                else:
                    assert value is None
        transaction.set_rollback(True)
