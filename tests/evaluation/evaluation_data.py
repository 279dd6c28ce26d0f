"""Waves full of plausible, seeded answers for the evaluation and report tests.

Built on the results tests' helpers (tests/surveys/results_data.py), so responses are
stored exactly as the import stores them.
"""

import random

from surveys import instruments
from surveys.importing import ResponseRow, save_responses
from surveys.models import EnergyAnswer, Wave
from tests.surveys.results_data import make_wave

ENERGY = [EnergyAnswer.GIVER.value, EnergyAnswer.NEUTRAL.value, EnergyAnswer.TAKER.value]


def answered_wave(cycle, kind: str, n: int, *, seed: int, lift: float = 0.0, taker_share: float = 0.5,
                  closed: bool = True, skip: tuple[str, ...] = ()) -> Wave:
    """A wave of n respondents; `lift` shifts every likert answer up (on average), `taker_share`
    is the chance of answering "energienemer" on each theme (the rest giver/neutral/n.v.t.)."""
    wave = make_wave(kind=kind, closed=closed, cycle=cycle)
    wave.answers = fill_wave(wave, n, seed=seed, lift=lift, taker_share=taker_share, skip=skip)
    return wave


def fill_wave(wave: Wave, n: int, *, seed: int, lift: float = 0.0, taker_share: float = 0.5,
              skip: tuple[str, ...] = ()) -> list[dict[str, int]]:
    """Store n responses and return their answers (item code -> stored value), skipping the codes in `skip`."""
    rng = random.Random(seed)
    view = instruments.instrument(wave.instrument_id)
    rows = []
    for _ in range(n):
        answers = {}
        for item in view.items:
            if item["code"] in skip or item["kind"] == "open":
                continue
            if item["kind"] == "energy":
                roll = rng.random()
                if roll < 0.05:
                    continue  # niet van toepassing
                answers[item["code"]] = ENERGY[2] if roll < 0.05 + taker_share * 0.95 else rng.choice(ENERGY[:2])
            else:
                answers[item["code"]] = min(5, max(1, round(rng.gauss(3 + lift, 1.0))))
        rows.append(ResponseRow(department="", answers=answers))
    save_responses(wave, rows)
    return [row.answers for row in rows]
