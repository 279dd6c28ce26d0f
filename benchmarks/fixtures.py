"""What the survey traffic and the page measurements need besides the national data.

Each traffic scenario gets a school of its own with one open wave, so the responses it
stores can be counted per scenario afterwards. Invitations are made with known tokens
(only their hashes are stored, as always); for the submission scenario each invitation
already has a complete draft, so the posts measured are the submissions alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from projects.models import Board, Cycle, Membership, Project, Role, School
from surveys.answering import ENERGY_OPTIONS, LIKERT_VALUES, Questionnaire
from surveys.models import Department, Draft, Invitation, Response, Wave, hash_token

TRAFFIC_BOARD = "Stichting Benchmark enquête"


@dataclass(frozen=True)
class SurveyWave:
    wave_id: int
    tokens: list[str]

    def counts(self) -> tuple[int, int]:
        """(stored responses, used invitations) of this wave, counted afresh."""
        return (Response.objects.filter(wave_id=self.wave_id).count(),
                Invitation.objects.filter(wave_id=self.wave_id, used=True).count())


@transaction.atomic
def survey_wave(name: str, instrument_id: int, invitations: int, complete_drafts: bool = False,
                seed: int = 8) -> SurveyWave:
    board, _created = Board.objects.get_or_create(name=TRAFFIC_BOARD)
    school = School.objects.create(board=board, name=f"Benchmark enquête {name}", slug=f"bench-enquete-{name}")
    cycle = Cycle.objects.create(project=Project.objects.create(school=school), number=1)
    today = timezone.localdate()
    wave = Wave.objects.create(cycle=cycle, kind="voormeting", instrument_id=instrument_id,
                               opens_on=today - timedelta(days=1))
    tokens = [Invitation.new_token() for _ in range(invitations)]
    created = Invitation.objects.bulk_create(Invitation(wave=wave, token_hash=hash_token(t)) for t in tokens)
    if complete_drafts:
        questionnaire = Questionnaire.of(instrument_id)
        rng = random.Random(seed)
        Draft.objects.bulk_create(
            Draft(invitation=invitation, answers=complete_answers(questionnaire, rng),
                  department=rng.choice(Department.values), section=questionnaire.total + 1)
            for invitation in created
        )
    return SurveyWave(wave.pk, tokens)


def complete_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, str]:
    energy = [value for value, _label in ENERGY_OPTIONS]
    return {
        item["code"]: rng.choice(energy if item["kind"] == "energy" else LIKERT_VALUES)
        for part in questionnaire.parts for item in part.items
    }


def person(username: str, schools: list[School], role: str):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.invalid"})
    Membership.objects.bulk_create([Membership(user=user, school=s, role=role) for s in schools], ignore_conflicts=True)
    return user


def coach(username: str, schools: list[School]):
    return person(username, schools, Role.PROCESBEGELEIDER)


def project_leader(username: str, school: School):
    return person(username, [school], Role.PROJECTLEIDER)
