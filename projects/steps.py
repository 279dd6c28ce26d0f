"""The six steps of the Werkdruk Wegwijzer and where a cycle stands in them.

Which functions tell a step's status is written out in `werkdruk/wegwijzer.py` (the wiring):
each looks at its app's content and returns a StepProgress. So `projects` knows the steps
without importing the apps built on top of it.

Those functions read *facts*: annotations on the Cycle queryset (`Exists(...)`, counts), listed
by name in the wiring. `with_facts()` puts all of them in one query, so the step status of one
school costs one query, and of sixty schools on a coach's dashboard costs one query too.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .wiring import wiring


class Status(StrEnum):
    NOT_STARTED = "niet-gestart"
    IN_PROGRESS = "bezig"
    DONE = "afgerond"

    @property
    def label(self) -> str:
        return {
            Status.NOT_STARTED: _("niet gestart"),
            Status.IN_PROGRESS: _("bezig"),
            Status.DONE: _("afgerond"),
        }[self]


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    short: str
    purpose: str


STEPS: tuple[Step, ...] = (
    Step(1, _("Is er sprake van werkdruk?"), _("Signalen en start"),
         _("Op schoolniveau bespreken welke signalen van werkdruk er zijn, bewust afwegen of je de werkdruk "
           "gaat aanpakken, en een projectteam met projectleider, werkgroep, procesbegeleider en interne "
           "opdrachtgever samenstellen. Schoolleider, bestuurder en MR worden het eens over de aanpak.")),
    Step(2, _("Weet je waar de werkdruk door komt?"), _("Bronnen van werkdruk"),
         _("De veroorzakers van werkdruk in kaart brengen met een enquête onder alle medewerkers, aangevuld "
           "met andere bronnen zoals een RI&E, MTO of werkdrukscan. De werkgroep kiest de vijf belangrijkste "
           "knelpunten.")),
    Step(3, _("Wat kun je aan werkdruk doen?"), _("Maatregelen"),
         _("Alle collega's bedenken samen in een brainstorm oplossingen voor de belangrijkste knelpunten en "
           "maken een prioriteitenlijst. De werkgroep verwerkt de uitkomsten in een concreet en kernachtig "
           "werkplan.")),
    Step(4, _("Aan de slag met werkdruk!"), _("Aan de slag"),
         _("De school voert de maatregelen uit het werkplan uit, bespreekt de voortgang in elk overleg, deelt "
           "successen en houdt de focus: wat doet een nieuw initiatief met de werkdruk?")),
    Step(5, _("Heeft de aanpak succes?"), _("Evaluatie"),
         _("Met een nameting, een herhaling van de eerste vragenlijst, de resultaten in beeld brengen: de harde "
           "cijfers zoals verzuim, en de zachte factoren zoals steun, invloed en bespreekbaarheid.")),
    Step(6, _("Herhaal de cyclus"), _("Herhaal"),
         _("Het projectjaar afsluiten met verbeterpunten. Die vormen de aanknopingspunten van de volgende "
           "cyclus: werken aan werkdruk is een traject van de lange termijn.")),
)


@dataclass
class StepProgress:
    """What one app says about a step of a cycle."""

    status: Status = Status.NOT_STARTED
    done: list[str] = field(default_factory=list)
    next: str = ""
    url: str = ""


@dataclass
class StepState:
    step: Step
    status: Status
    done: list[str]
    next: list[str]
    urls: list[str]
    target_date: date | None = None
    is_current: bool = False
    # What is next, each with the page where it is done: (text, url).
    todo: list[tuple[str, str]] = field(default_factory=list)

    @property
    def under_way(self) -> bool:
        return self.status == Status.IN_PROGRESS

    @property
    def overdue(self) -> bool:
        return bool(self.target_date and self.status != Status.DONE and self.target_date < date.today())


Provider = Callable[["Cycle"], StepProgress]  # noqa: F821 (Cycle lives in models, which imports nothing here)


def exists(queryset: QuerySet, link: str = "cycle") -> Exists:
    """A fact: does the cycle have any of these rows?"""
    return Exists(queryset.filter(**{link: OuterRef("pk")}))


def count(queryset: QuerySet, link: str = "cycle") -> Coalesce:
    """A fact: how many of these rows does the cycle have?"""
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_facts(cycles: QuerySet) -> QuerySet:
    """Cycles with everything the step providers read, in one query (plus one per prefetch)."""
    wired = wiring()
    return (
        cycles.select_related("project__school")
        .annotate(**{name: expression() for name, expression in wired.facts.items()})
        .prefetch_related(*wired.prefetch)
    )


def ensure_facts(cycle):
    """The cycle itself when it carries the facts already, otherwise a fresh copy that does."""
    if all(name in cycle.__dict__ for name in wiring().facts):
        return cycle
    return with_facts(type(cycle).objects.filter(pk=cycle.pk)).get()


def combine(statuses: list[Status]) -> Status:
    if not statuses or all(status == Status.NOT_STARTED for status in statuses):
        return Status.NOT_STARTED
    if all(status == Status.DONE for status in statuses):
        return Status.DONE
    return Status.IN_PROGRESS


def cycle_steps(cycle) -> list[StepState]:
    """The six steps of a cycle with their status, what is done and what is next."""
    cycle = ensure_facts(cycle)
    wired = wiring()
    targets: dict[int, date] = wired.target_dates(cycle)
    states = []
    for step in STEPS:
        progress = [provider(cycle) for provider in wired.steps.get(step.number, ())]
        states.append(
            StepState(
                step=step,
                status=combine([p.status for p in progress]),
                done=[item for p in progress for item in p.done],
                next=[p.next for p in progress if p.next and p.status != Status.DONE],
                urls=[p.url for p in progress if p.url],
                target_date=targets.get(step.number),
                todo=[(p.next, p.url) for p in progress if p.next and p.status != Status.DONE],
            )
        )
    current = next((state for state in states if state.status != Status.DONE), None)
    if current is not None:
        current.is_current = True
    return states
