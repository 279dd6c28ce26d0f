"""Demo: De Wilgenhof's consented plan of last school year with its finished account; De Regenboog's plan of
this school year in team consultation; CBS Het Kompas waiting for its PMR. Together the board's jaarverslag
paragraph over its five schools. A school that has its plan is left alone; the one exception is the printed
link to De Regenboog's consultation (as for the survey: derived from the SECRET_KEY, the same every run)."""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction

from surveys.demo import derived_token
from surveys.models import hash_token

from . import consultation, plans, school_years
from .models import (
    Category,
    Consultation,
    ConsultationInvitation,
    ConsultationVote,
    Decision,
    PlanLine,
    PmrDecision,
    SpendingPlan,
)


@dataclass(frozen=True)
class Line:
    cost: int
    fte: str | None
    category: str
    spent: int | None = None
    effect: str = ""


WILGENHOF_LINES = [
    Line(6500, None, Category.TRAINING, 6100, "Twee lesvrije planningsdagen; de piekweken zijn uit elkaar getrokken."),
    Line(9000, None, Category.ICT, 8750, "Licentie en overstap: niemand registreert meer dubbel."),
    Line(0, None, Category.OTHER, 0, "Vergaderregels kostten niets; vergaderingen zijn bijna altijd op tijd klaar."),
    Line(12000, "0.3", Category.SUPPORT, 4000, "Takenmarkt kwam niet van de grond; het geld ging naar administratie."),
]
WILGENHOF_EXTRA = ("Onderwijsassistent voor de onderbouw", 38000, "0.8", Category.ASSISTANT, 38400,
                   "Elke ochtend een assistent in groep 1–3: leerkrachten hebben tijd voor kleine groepjes.")
WILGENHOF_REMARKS = ["Goed dat de assistent er komt.", "Meer tijd voor de groepsplannen graag.",
                     "De takenmarkt eerst beter voorbereiden.", "Prima plan.", "Kan de ICT-licentie goedkoper?",
                     "Fijn dat we dit samen beslissen."]


def load(demo) -> None:
    today = demo.today
    this_year = school_years.of(today)
    _wilgenhof(demo, this_year - 1)
    _kompas(demo, this_year)
    _regenboog(demo, this_year)


def _cycle(school, number):
    return school.project.cycles.filter(number=number).first()


def _votes(held: Consultation, supports: int, against: int, remarks: list[str]) -> None:
    votes = [True] * supports + [False] * against
    random.Random(held.pk).shuffle(votes)
    ConsultationVote.objects.bulk_create(
        ConsultationVote(consultation=held, supports=vote, remark=remarks[i] if i < len(remarks) else "")
        for i, vote in enumerate(votes))
    ConsultationInvitation.objects.bulk_create(
        ConsultationInvitation(consultation=held, token_hash=hash_token(f"demo-{held.pk}-{n}"),
                               used=n < len(votes)) for n in range(len(votes) + 2))


@transaction.atomic
def _wilgenhof(demo, year: int) -> None:
    school = demo.schools.get("de-wilgenhof")
    if school is None or SpendingPlan.objects.filter(school=school, school_year=year).exists():
        return
    plan = plans.draft(school, year, _cycle(school, 1))
    start = school_years.start(year)
    version = plan.latest
    version.pupils, version.per_pupil, version.pupils_counted_on = 245, Decimal("285.00"), start.replace(
        year=year - 1, month=10, day=1)
    version.save()
    for line, spec in zip(version.lines.all(), WILGENHOF_LINES, strict=False):
        line.cost, line.fte, line.category = spec.cost, spec.fte, spec.category
        line.spent, line.effect = spec.spent, spec.effect
        line.save()
    title, cost, fte, category, spent, effect = WILGENHOF_EXTRA
    bottleneck = version.lines.exclude(bottleneck=None).first().bottleneck
    PlanLine.objects.create(version=version, title=title, cost=cost, fte=fte, category=category, spent=spent,
                            effect=effect, bottleneck=bottleneck)
    held = Consultation.objects.create(version=version, opened_on=start - timedelta(days=60),
                                       closed_on=start - timedelta(days=50))
    _votes(held, 13, 2, WILGENHOF_REMARKS)
    plan.team_meeting_on = start - timedelta(days=48)
    plan.team_meeting_outcome = "Het team steunt het plan; de takenmarkt wordt beter voorbereid."
    plan.account_finished_on = school_years.end(year) + timedelta(days=40)
    plan.account_sent_on = plan.account_finished_on
    plan.save()
    PmrDecision.objects.create(version=version, decision=Decision.CONSENT, decided_on=start - timedelta(days=40),
                               recorded_by=demo.users.get("pmrlid"))


@transaction.atomic
def _kompas(demo, year: int) -> None:
    school = demo.schools.get("cbs-het-kompas")
    if school is None or SpendingPlan.objects.filter(school=school, school_year=year).exists():
        return
    plan = plans.draft(school, year, school.project.current_cycle)
    version = plan.latest
    version.amount = Decimal("61500.00")
    version.save()
    costs = [(15000, Category.SUPPORT), (22000, Category.TEACHER), (5000, Category.TRAINING), (3000, Category.ICT)]
    for line, (cost, category) in zip(version.lines.all(), costs, strict=False):
        line.cost, line.category = cost, category
        line.save()
    PlanLine.objects.create(version=version, title="Vakleerkracht gym", cost=18000, fte="0.4",
                            category=Category.SUBJECT_TEACHER)
    opened = school_years.start(year) + timedelta(days=40)
    held = Consultation.objects.create(version=version, opened_on=opened, closed_on=opened + timedelta(days=10))
    _votes(held, 9, 2, ["Goed plan.", "Graag meer voor de onderbouw."])
    plan.team_meeting_on = opened + timedelta(days=12)
    plan.team_meeting_outcome = "Besproken in de teamvergadering; het plan gaat naar de PMR."
    plan.save()


@transaction.atomic
def _regenboog(demo, year: int) -> None:
    school = demo.schools.get("obs-de-regenboog")
    if school is None:
        return
    plan = SpendingPlan.objects.filter(school=school, school_year=year).first()
    if plan is None:
        plan = plans.draft(school, year, school.project.current_cycle)
        version = plan.latest
        version.pupils, version.per_pupil = 220, Decimal("285.00")
        version.pupils_counted_on = school_years.start(year).replace(month=10, day=1)
        version.save()
        costs = [(20000, "0.5", Category.ASSISTANT), (8000, None, Category.TRAINING), (6000, None, Category.SUPPORT),
                 (4000, None, Category.ICT), (3000, None, Category.OTHER)]
        for line, (cost, fte, category) in zip(version.lines.all(), costs, strict=False):
            line.cost, line.fte, line.category = cost, fte, category
            line.save()
        held = Consultation.objects.create(version=version, opened_on=demo.today - timedelta(days=3))
        _votes(held, 3, 1, [])
    held = getattr(plan.latest, "consultation", None)
    if held is not None and held.is_open:
        token = _demo_token(held)
        demo.say(f"Demo-link voor de teamraadpleging over het bestedingsplan van {school}: "
                 f"{consultation.consultation_url(token)}")


def _demo_token(held: Consultation) -> str:
    number = 1
    while True:
        token = derived_token(f"demo-bestedingsplan-{held.pk}-{number}")
        invitation = ConsultationInvitation.objects.filter(token_hash=hash_token(token)).first()
        if invitation is None:
            ConsultationInvitation.objects.create(consultation=held, token_hash=hash_token(token))
            return token
        if not invitation.used:
            return token
        number += 1
