"""Steps 1 and 6 of a cycle: starting well, closing it and starting the next.

Apps built on `projects` take part in starting the next cycle through a CarryOver listed in the
wiring (werkdruk/wegwijzer.py): the werkplan app offers its unfinished measures and turns
improvement points into candidate bottlenecks, without `projects` knowing about werkplans.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import steps
from .empty_school import NoProjectYet
from .models import (
    Agreement,
    AgreementParty,
    Considerations,
    Cycle,
    Evaluation,
    ImprovementPoint,
    Project,
    School,
    Signal,
    SignalKind,
    StepTarget,
    TeamMember,
    TeamRole,
)
from .steps import Status, StepProgress
from .wiring import wiring


def current_cycle_or_404(school: School) -> Cycle:
    """The cycle a page of the school's steps works in. A school without a project answers with a page
    that says what the tab is for and how to start (projects/empty_school.py)."""
    cycle = school.current_cycle
    if cycle is None:
        raise NoProjectYet(school)
    return cycle


@transaction.atomic
def start_project(school: School) -> Cycle:
    """The school's project and its first cycle; a second call (a double click) changes nothing."""
    project, _created = Project.objects.get_or_create(school=school)
    return project.current_cycle or Cycle.objects.create(project=project, number=1)


# TNO's conclusions from the pilot, as prompts for the evaluation of a cycle (step 6).
TNO_PROMPTS = (
    gettext_lazy("De aanpak heeft positief effect op de sociale steun van collega's en leidinggevende "
                 "en op de cultuur: merken wij dat ook?"),
    gettext_lazy("De participatieve aanpak vergroot de ervaren regelmogelijkheden en de sociale steun: "
                 "hoe was dat bij ons?"),
    gettext_lazy("De professionele dialoog is van cruciaal belang: is werkdruk bij ons beter bespreekbaar geworden?"),
)


@dataclass(frozen=True)
class StartChecklist:
    signals: bool
    considerations: bool
    agreement_count: int
    has_project_leader: bool

    @property
    def all_agreed(self) -> bool:
        return self.agreement_count >= len(AgreementParty.values)

    @property
    def items(self) -> list[tuple[str, bool]]:
        return [
            (_("Signalen vastgelegd"), self.signals),
            (_("De drie afwegingen beantwoord"), self.considerations),
            (_("Instemming van schoolleider, bestuur en MR"), self.all_agreed),
            (_("Projectteam met een projectleider"), self.has_project_leader),
        ]

    @property
    def is_complete(self) -> bool:
        return all(done for _label, done in self.items)

    @property
    def is_started(self) -> bool:
        return self.signals or self.considerations or self.agreement_count > 0 or self.has_project_leader


def start_checklist(cycle: Cycle) -> StartChecklist:
    """Read from the facts in STEP_FACTS (see projects.steps.with_facts)."""
    cycle = steps.ensure_facts(cycle)
    return StartChecklist(
        signals=cycle.step1_signals,
        considerations=cycle.step1_considerations,
        agreement_count=cycle.step1_agreements,
        has_project_leader=cycle.step1_project_leader,
    )


# The facts steps 1 and 6 read (projects.steps.with_facts), by the names the wiring lists.
STEP_FACTS = {
    "step1_signals": lambda: steps.exists(Signal.objects.all()),
    "step1_considerations": lambda: steps.exists(
        Considerations.objects.exclude(signals_urgent="").exclude(current_situation="").exclude(expectations="")
    ),
    "step1_agreements": lambda: steps.count(Agreement.objects.filter(party__in=AgreementParty.values)),
    "step1_project_leader": lambda: steps.exists(TeamMember.objects.filter(team_role=TeamRole.PROJECTLEIDER)),
    "step6_evaluation": lambda: steps.exists(Evaluation.objects.exclude(what_worked="", what_did_not="")),
    "step6_points": lambda: steps.count(ImprovementPoint.objects.all()),
}


def step_one_progress(cycle: Cycle) -> StepProgress:
    checklist = start_checklist(cycle)
    url = reverse("projects:start", kwargs={"school": cycle.project.school.slug})
    done = [label for label, ok in checklist.items if ok]
    # Each label in lower case within the sentence, its abbreviations (MR, RI&E) as they are.
    missing = [label[:1].lower() + label[1:] for label, ok in checklist.items if not ok]
    if checklist.is_complete:
        return StepProgress(Status.DONE, done=done, url=url)
    status = Status.IN_PROGRESS if checklist.is_started else Status.NOT_STARTED
    return StepProgress(
        status, done=done, next=_("Nog te doen: %(missing)s.") % {"missing": ", ".join(missing)}, url=url)


def step_six_progress(cycle: Cycle) -> StepProgress:
    url = reverse("projects:close", kwargs={"school": cycle.project.school.slug})
    done = []
    if cycle.step6_evaluation:
        done.append(_("Evaluatie geschreven"))
    if cycle.step6_points:
        done.append(_("%(count)s verbeterpunten") % {"count": cycle.step6_points})
    if cycle.is_closed:
        done.append(_("Cyclus afgesloten op %(date)s") % {"date": date_format(cycle.closed_on)})
        return StepProgress(Status.DONE, done=done, url=url)
    if done:
        return StepProgress(Status.IN_PROGRESS, done=done, next=_("Sluit de cyclus af en start de volgende."), url=url)
    return StepProgress(Status.NOT_STARTED, next=_("Evalueer het jaar en benoem verbeterpunten."), url=url)


def target_dates(cycle: Cycle) -> dict[int, object]:
    return {target.step: target.target_date for target in cycle.targets.all()}


# --- Starting the next cycle -------------------------------------------------------------

@dataclass(frozen=True)
class CarryOverOption:
    key: str
    label: str


@dataclass(frozen=True)
class CarryOver:
    """What an app offers to take from a closed cycle into the next, and how it does so."""

    options: Callable[[Cycle], list[CarryOverOption]]
    apply: Callable[[Cycle, Cycle, list[str]], None]


def carry_over_options(cycle: Cycle) -> list[CarryOverOption]:
    return [option for carry_over in wiring().carry_over for option in carry_over.options(cycle)]


def save_evaluation(cycle: Cycle, what_worked: str, what_did_not: str, conclusions: str,
                    points: list[str]) -> Evaluation:
    evaluation, _created = Evaluation.objects.update_or_create(
        cycle=cycle,
        defaults={"what_worked": what_worked, "what_did_not": what_did_not, "conclusions": conclusions},
    )
    cycle.improvement_points.all().delete()
    ImprovementPoint.objects.bulk_create(ImprovementPoint(cycle=cycle, text=text) for text in points)
    return evaluation


@transaction.atomic
def close_and_start_next(cycle: Cycle, carry_over_keys: list[str]) -> Cycle:
    """Close the cycle and start cycle N+1, seeded with its improvement points and chosen carry-overs."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.project.cycles.filter(number__gt=cycle.number).exists():
        raise ValueError(_("Er is al een volgende cyclus gestart."))
    today = timezone.localdate()
    if cycle.closed_on is None:
        cycle.closed_on = today
        cycle.save(update_fields=["closed_on"])
    following = Cycle.objects.create(project=cycle.project, number=cycle.number + 1, started_on=today)
    Signal.objects.bulk_create(
        Signal(
            cycle=following, kind=SignalKind.ANDERS, description=point.text, observed_on=today,
            source=_("Verbeterpunt uit cyclus %(number)s") % {"number": cycle.number},
        )
        for point in cycle.improvement_points.all()
    )
    for carry_over in wiring().carry_over:
        carry_over.apply(cycle, following, carry_over_keys)
    return following


# --- Labour inspectorate ------------------------------------------------------------------

@dataclass(frozen=True)
class InspectionResult:
    key: str
    label: str
    holds: bool
    detail: str = ""


def discussed_with_staff(cycle: Cycle) -> tuple[bool, str]:
    """The inspectorate's check that projects itself can tell: were the results discussed with the staff?"""
    discussion = cycle.staff_discussions.last()
    if discussion is None:
        return False, _("Leg vast wanneer en hoe de resultaten met het team zijn besproken.")
    return True, f"{date_format(discussion.discussed_on)}: {discussion.how}"


def inspection_checklist(cycle: Cycle) -> list[InspectionResult]:
    """The labour inspectorate's checks as the wiring lists them, each with whether it holds."""
    results = []
    for check in wiring().inspection_checks:
        holds, detail = check.holds(cycle)
        results.append(InspectionResult(check.key, check.label, holds, detail))
    return results


@transaction.atomic
def save_team(cycle: Cycle, chosen: dict[str, list]) -> None:
    cycle.team.all().delete()
    TeamMember.objects.bulk_create(
        TeamMember(cycle=cycle, user=user, team_role=role) for role, users in chosen.items() for user in users
    )


@transaction.atomic
def save_year_plan(cycle: Cycle, targets: dict[int, object]) -> None:
    cycle.targets.all().delete()
    StepTarget.objects.bulk_create(
        StepTarget(cycle=cycle, step=step, target_date=target) for step, target in targets.items() if target
    )
