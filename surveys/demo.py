"""Demo survey data for the five pilot schools, generated deterministically.

Together the closed voormetingen resemble the seed's figure "Energiegevers & energienemers:
alle scholen samen". De Wilgenhof also has a closed nameting with a modest improvement,
for a real comparison; De Vlinderboom is in step 2, with its voormeting still open and
about half of the team answered. The small school De Kleine Wereld closed its voormeting
with 7 of its 9 staff answered, in two departments too small to show: only its whole-school
figures are there, as at most small schools.

Idempotent: a school whose wave exists is left alone. The one exception is the link
printed for the open wave: a token is only stored as a hash, so it cannot be printed
again. Its token is therefore derived from the SECRET_KEY (unguessable without it, and
the same on every run), so a rerun prints the same link and creates nothing; once
somebody has answered with it, the next run makes the next one.
"""

from __future__ import annotations

import hashlib
import hmac
import random
from base64 import urlsafe_b64encode
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from projects.demo import Demo
from projects.models import Cycle

from . import instruments, sealing, waves
from .importing import ResponseRow, save_responses
from .instruments import InstrumentView
from .measure_questions import set_wave_questions
from .models import EnergyAnswer, ExtraAnswer, Invitation, MeasureEffect, Wave, WaveKind, WaveQuestion, hash_token

# Share of energienemers and energiegevers (the rest neutraal) per theme; close to the seed's figure.
ENERGY_SHARES = {
    "E01": (0.35, 0.35),  # Werken met nieuwe methoden
    "E02": (0.18, 0.27),  # Ouders
    "E03": (0.78, 0.04),  # Tijdsdruk, piekbelasting
    "E04": (0.85, 0.05),  # De hoeveelheid administratieve taken
    "E05": (0.01, 0.85),  # Mijn betrokkenheid bij de leerlingen
    "E06": (0.02, 0.85),  # Waardering van leerlingen
    "E07": (0.45, 0.12),
    "E08": (0.55, 0.08),
    "E09": (0.30, 0.30),
    "E10": (0.60, 0.03),
    "E11": (0.05, 0.75),
    "E12": (0.50, 0.20),
    "E13": (0.55, 0.10),
    "E14": (0.20, 0.45),
}
NOT_APPLICABLE = 0.03

# Mean scale score (after reverse coding) for the team: high time pressure, good support of colleagues.
SCALE_MEANS = {
    "tijdsdruk": 4.0, "hoeveelheid_werk": 3.9, "kwaliteitseisen": 3.4, "moeilijkheidsgraad": 3.3,
    "variatie": 3.9, "emotionele_belasting": 3.2, "onduidelijke_taak": 2.6, "taakonderbrekingen": 3.6,
    "rolonduidelijkheid": 2.3, "onzekerheid": 2.8, "cultuur_leiding": 3.6, "ongewenst_gedrag": 2.5,
    "autonomie": 3.5, "tijdsautonomie": 2.6, "functionele_steun_leiding": 3.4, "functionele_steun_collegas": 4.0,
    "participatie": 3.2, "sociale_steun_leiding": 3.6, "sociale_steun_collegas": 4.2, "ontplooiing": 3.5,
    "herstel": 2.9, "waardering": 3.6, "ervaren_werkdruk": 3.9, "tevredenheid": 3.8, "uitputting": 3.1,
    "invloed_werkdruk": 2.6, "bespreekbaar": 3.4, "samen_werken": 3.3,
}

# What a year of working on it changed at De Wilgenhof: modest, as the seed warns.
NAMETING_ENERGY = {"E03": (0.65, 0.08), "E04": (0.62, 0.10), "E07": (0.30, 0.20)}
NAMETING_SCALE_SHIFT = {
    "tijdsdruk": -0.35, "hoeveelheid_werk": -0.25, "ervaren_werkdruk": -0.4, "invloed_werkdruk": 0.6,
    "bespreekbaar": 0.5, "samen_werken": 0.5, "tevredenheid": 0.2,
}

DEPARTMENT_WEIGHTS = {"onderbouw": 30, "middenbouw": 25, "bovenbouw": 25, "ondersteuning": 12, "directie": 4, "": 4}


@dataclass(frozen=True)
class DemoWave:
    kind: str
    respondents: int
    invited: int
    closed: bool
    published: bool
    days_ago: int  # when the wave opened
    energy: dict[str, tuple[float, float]] = field(default_factory=dict)
    scale_shift: dict[str, float] = field(default_factory=dict)
    departments: tuple[str, ...] = ()  # one per respondent; empty: drawn from DEPARTMENT_WEIGHTS
    # Closed today with wave.close() once the answers are in, as a project leader closes a wave,
    # instead of with a closing moment in the past.
    closed_by_hand: bool = False


# 42 + 29 + 14 + 39 + 32 = 156 voormeting respondents at the five pilot schools; De Kleine Wereld adds 7.
PLAN: dict[str, list[DemoWave]] = {
    "obs-de-regenboog": [DemoWave(WaveKind.VOORMETING, 42, 47, closed=True, published=True, days_ago=150)],
    "cbs-het-kompas": [DemoWave(WaveKind.VOORMETING, 29, 36, closed=True, published=True, days_ago=140)],
    "de-vlinderboom": [DemoWave(WaveKind.VOORMETING, 14, 30, closed=False, published=False, days_ago=6)],
    "sint-jozefschool": [DemoWave(WaveKind.VOORMETING, 39, 44, closed=True, published=True, days_ago=145)],
    "de-wilgenhof": [
        DemoWave(WaveKind.VOORMETING, 32, 37, closed=True, published=True, days_ago=420),
        DemoWave(WaveKind.NAMETING, 30, 37, closed=True, published=True, days_ago=135,
                 energy=NAMETING_ENERGY, scale_shift=NAMETING_SCALE_SHIFT),
    ],
    # 4 + 3: neither department reaches 5, so the results show no department at all.
    "de-kleine-wereld": [DemoWave(WaveKind.VOORMETING, 7, 9, closed=True, published=True, days_ago=12,
                                  departments=("onderbouw",) * 4 + ("bovenbouw",) * 3, closed_by_hand=True)],
}
# What colleagues wrote to the open questions (2026.2): invented, harmless, naming nobody. Drawn from
# a generator of their own, so the closed answers (and every figure the demo shows) stay as they were.
OPEN_TEXTS = {
    "OPEN1": (
        "De administratie na elke toets, vaak dubbel in twee systemen.",
        "Vergaderingen die uitlopen, terwijl ik mijn lokaal nog moet klaarmaken.",
        "Steeds nieuwe afspraken, zonder dat de oude worden afgeschaft.",
        "Het nakijkwerk in de avond.",
        "Onrust in de klas na de pauze.",
        "Oudergesprekken die ik in mijn eigen tijd inplan.",
        "Invallen voor zieke collega's, zodat mijn eigen werk blijft liggen.",
        "Dat ik in de pauze nauwelijks even zit.",
        "De vele mails, ook 's avonds.",
        "Het rapport: het duurt lang en ouders lezen er weinig van.",
    ),
    "OPEN2": (
        "Eén vaste middag per maand zonder vergaderingen, om voor te bereiden.",
        "Minder dubbel registreren: één systeem voor toetsen en verslagen.",
        "Een onderwijsassistent die vaker in de groep kan helpen.",
        "Duidelijke afspraken over mail buiten werktijd.",
        "Nakijkwerk samen met de leerlingen doen in de les.",
        "Kortere rapporten en minder verplichte formulieren.",
        "Een vaste invalpool, zodat groepen niet worden verdeeld.",
        "Samen lessen voorbereiden met de collega van de parallelgroep.",
        "Een rustige werkplek om na schooltijd te werken.",
        "Minder nieuwe projecten tegelijk: eerst afmaken wat we begonnen.",
    ),
}
OPEN_WRITES = {"OPEN1": 0.45, "OPEN2": 0.55}  # the share of colleagues who wrote something

OPEN_WAVE_SCHOOL = "de-vlinderboom"
WAVE_OPEN_DAYS = 14


@transaction.atomic
def load(demo: Demo) -> None:
    version = instruments.current_version()
    view = instruments.instrument(version.pk)
    for slug, planned in PLAN.items():
        school = demo.schools[slug]
        cycle = Cycle.objects.get(project__school=school, number=1)
        for plan in planned:
            wave = Wave.objects.filter(cycle=cycle, kind=plan.kind).first()
            if wave is None:
                wave = _create_wave(cycle, version, plan, demo.today)
                rng = random.Random(f"{slug}-{plan.kind}")
                departments = plan.departments or [None] * plan.respondents
                rows = [_respondent(rng, view, plan, department) for department in departments]
                if plan.closed:
                    rows = _with_open_answers(random.Random(f"{slug}-{plan.kind}-open"), view, rows)
                save_responses(wave, rows, submitted_on=wave.opens_on + timedelta(days=min(3, plan.days_ago)))
                _invitations(wave, plan, slug)
                if plan.closed_by_hand:
                    _close_by_hand(wave, plan)
                sealing.seal([wave])  # a closed wave, as closing it would
        if slug == OPEN_WAVE_SCHOOL:
            wave = Wave.objects.get(cycle=cycle, kind=WaveKind.VOORMETING)
            if wave.is_open:
                demo.say(f"Demo-uitnodiging voor de vragenlijst van {school}: "
                         f"{settings.SITE_URL}/v/{_demo_token(wave, slug)}/")


def _create_wave(cycle: Cycle, version, plan: DemoWave, today: date) -> Wave:
    opens_on = today - timedelta(days=plan.days_ago)
    wave = Wave.objects.create(
        cycle=cycle, kind=plan.kind, instrument=version, opens_on=opens_on,
        closes_on=opens_on + timedelta(days=WAVE_OPEN_DAYS),
    )
    if plan.closed_by_hand:
        return wave  # closed and published once its answers are in
    if plan.closed:
        wave.closed_at = timezone.now() - timedelta(days=plan.days_ago - WAVE_OPEN_DAYS)
        wave.save(update_fields=["closed_at"])
    if plan.published:
        wave.publish()
    return wave


def _close_by_hand(wave: Wave, plan: DemoWave) -> None:
    waves.close_wave(wave)
    if plan.published:
        wave.publish()


def _respondent(rng: random.Random, view: InstrumentView, plan: DemoWave, department: str | None = None) -> ResponseRow:
    if department is None:
        department = rng.choices(list(DEPARTMENT_WEIGHTS), weights=list(DEPARTMENT_WEIGHTS.values()))[0]
    strain = rng.gauss(0, 0.45)  # one person feels it all more, or less
    answers: dict[str, int] = {}
    for item in view.items:
        code = item["code"]
        if item["kind"] == "open":
            continue  # written by _with_open_answers
        if item["kind"] == "energy":
            value = _energy_answer(rng, *plan.energy.get(code, ENERGY_SHARES[code]))
            if value is not None:
                answers[code] = value
            continue
        if rng.random() < 0.02:
            continue  # a question left open
        scale = next(s for s in view.scales if s["code"] == item["scale"])
        worse = 1 if scale["higher_is"] == "worse" else -1
        mean = SCALE_MEANS[item["scale"]] + plan.scale_shift.get(item["scale"], 0) + worse * strain
        score = min(5, max(1, round(rng.gauss(mean, 0.7))))
        answers[code] = 6 - score if item.get("reverse") else score
    return ResponseRow(department=department, answers=answers)


def _energy_answer(rng: random.Random, taker: float, giver: float) -> int | None:
    if rng.random() < NOT_APPLICABLE:
        return None
    draw = rng.random()
    if draw < taker:
        return EnergyAnswer.TAKER.value
    if draw < taker + giver:
        return EnergyAnswer.GIVER.value
    return EnergyAnswer.NEUTRAL.value


def _invitations(wave: Wave, plan: DemoWave, slug: str) -> None:
    """Invitations to match the participation: as many used as there are responses, the rest not."""
    Invitation.objects.bulk_create(
        Invitation(
            wave=wave, email=f"collega{number}@{slug}.demo.werkdruk.nl",
            token_hash=hash_token(Invitation.new_token()), used=number <= plan.respondents,
            sent_on=wave.opens_on,
        )
        for number in range(1, plan.invited + 1)
    )


def _demo_token(wave: Wave, slug: str) -> str:
    """A link that works: the first of this wave's demo tokens nobody has answered with yet."""
    number = 1
    while True:
        token = derived_token(f"demo-uitnodiging-{slug}-{wave.pk}-{number}")
        invitation = Invitation.objects.filter(token_hash=hash_token(token)).first()
        if invitation is None:
            Invitation.create_for(wave, token=token)
            return token
        if not invitation.used:
            return token
        number += 1


def derived_token(message: str) -> str:
    """A token the same on every run, unguessable without the SECRET_KEY (also the funds app's demo link)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256).digest()
    return urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def answer_measure_questions(wave: Wave, questions: list[dict[str, str]], seed: str) -> None:
    """Ask a closed demo nameting about the werkplan's measures after the fact, with plausible answers.

    For the demo only: a real nameting asks them while it is open. Each respondent answers
    about most measures, more often "ja" or "een beetje" than "nee", now and then "weet ik niet".
    """
    if WaveQuestion.objects.filter(wave=wave).exists():
        return
    set_wave_questions(wave, questions)
    rng = random.Random(seed)
    effects = [MeasureEffect.YES] * 4 + [MeasureEffect.A_LITTLE] * 4 + [MeasureEffect.NO] * 2
    effects.append(MeasureEffect.DONT_KNOW)
    ExtraAnswer.objects.bulk_create(
        ExtraAnswer(response=response, question=question, value=rng.choice(effects))
        for response in wave.responses.all()
        for question in WaveQuestion.objects.filter(wave=wave)
        if rng.random() < 0.85
    )


def _with_open_answers(rng: random.Random, view: InstrumentView, rows: list[ResponseRow]) -> list[ResponseRow]:
    """The rows, some of them with a text to the open questions of the instrument (none before 2026.2)."""
    texts: list[dict[str, str]] = [{} for _row in rows]
    for code in sorted(view.open_codes):
        writers = rng.sample(range(len(rows)), min(round(OPEN_WRITES[code] * len(rows)), len(OPEN_TEXTS[code])))
        for number, writer in enumerate(writers):
            texts[writer][code] = OPEN_TEXTS[code][number % len(OPEN_TEXTS[code])]
    return [ResponseRow(row.department, row.answers, written) for row, written in zip(rows, texts, strict=True)]
