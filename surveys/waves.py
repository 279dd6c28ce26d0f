"""Starting a wave in a cycle, and how many of the invited staff have answered."""

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from projects import steps
from projects.models import Cycle
from projects.steps import Status, StepProgress
from projects.wiring import wiring

from . import instruments, measure_questions, tallies
from .models import Invitation, Response, Wave, WaveKind

# The labour inspectorate's rule of thumb for a workload study (Inspectie SZW).
ENOUGH_PCT = 50
GOOD_PCT = 70


class WaveError(Exception):
    """A wave that cannot be started; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class Participation:
    invited: int
    answered: int

    @property
    def pct(self) -> float | None:
        return 100 * self.answered / self.invited if self.invited else None

    @property
    def verdict(self) -> str:
        """Where the response stands against the rule of thumb: 'laag', 'voldoende' or 'goed'."""
        if self.pct is None or self.pct < ENOUGH_PCT:
            return "laag"
        return "goed" if self.pct > GOOD_PCT else "voldoende"


def participation(wave: Wave) -> Participation:
    # Answered counts responses, not used invitations: answers gathered on paper and imported count too.
    return Participation(invited=wave.invitations.count(), answered=wave.responses.count())


def participation_by_wave(waves: list[Wave]) -> dict[int, Participation]:
    """The participation of several waves in two queries, for pages and step providers."""
    ids = [wave.pk for wave in waves]
    invited = dict(Wave.objects.filter(pk__in=ids).annotate(n=Count("invitations")).values_list("pk", "n"))
    answered = dict(Wave.objects.filter(pk__in=ids).annotate(n=Count("responses")).values_list("pk", "n"))
    return {pk: Participation(invited=invited.get(pk, 0), answered=answered.get(pk, 0)) for pk in ids}


def unanswered_with_email(waves: list[Wave]) -> dict[int, int]:
    """Per wave, how many invited by e-mail have not answered: whom a reminder would reach."""
    counts = dict(
        Invitation.objects.filter(wave__in=waves).unused().with_email()
        .values("wave").annotate(n=Count("pk")).values_list("wave", "n")
    )
    return {wave.pk: counts.get(wave.pk, 0) for wave in waves}


@transaction.atomic
def start_wave(cycle: Cycle, kind: str, opens_on: date, closes_on: date | None = None,
               remind_on: date | None = None) -> Wave:
    """The cycle's voormeting or nameting, pinning the instrument version it is answered with.

    A voormeting takes the newest version; a nameting the version of its voormeting, so the two
    can be compared item by item.
    """
    if cycle.is_closed:
        raise WaveError(_("Deze cyclus is afgesloten; start een meting in de nieuwe cyclus."))
    existing = {wave.kind: wave for wave in cycle.waves.select_for_update()}
    if kind in existing:
        raise WaveError(_("Er is in deze cyclus al een %(kind)s.") % {"kind": WaveKind(kind).label})
    if kind == WaveKind.NAMETING:
        voormeting = existing.get(WaveKind.VOORMETING)
        if voormeting is not None and not voormeting.is_closed:
            raise WaveError(_("Sluit eerst de voormeting; daarna kan de nameting beginnen."))
        instrument = voormeting.instrument if voormeting else instruments.current_version()
    else:
        instrument = instruments.current_version()
    wave = Wave.objects.create(
        cycle=cycle, kind=kind, instrument=instrument, opens_on=opens_on, closes_on=closes_on, remind_on=remind_on,
    )
    measure_questions.ask_measure_questions(wave)
    return wave


def close_wave(wave: Wave) -> None:
    """Close a wave by hand. Once that commits, the wave is sealed and counted (`tallies.refresh`):
    its responses rewritten in random order before anyone sees a figure, and its results read from
    stored tallies from then on. Then the wiring's `wave_closed` hear of it (the benchmark pool)."""
    wave.close()
    transaction.on_commit(partial(_after_closing, wave))


def _after_closing(wave: Wave) -> None:
    tallies.refresh([wave])
    for closed in wiring().wave_closed:
        closed(wave)


# Step providers (listed in werkdruk/wegwijzer.py): the survey's part of step 2 and step 5. They read
# facts annotated on the cycle and its prefetched waves, so a page listing many cycles (the
# coach's overview) runs the same few queries however many schools it shows.

STEP_FACTS = {
    "voormeting_invited": lambda: steps.count(Invitation.objects.filter(wave__kind=WaveKind.VOORMETING), "wave__cycle"),
    "voormeting_answered": lambda: steps.count(Response.objects.filter(wave__kind=WaveKind.VOORMETING), "wave__cycle"),
    "nameting_invited": lambda: steps.count(Invitation.objects.filter(wave__kind=WaveKind.NAMETING), "wave__cycle"),
    "nameting_answered": lambda: steps.count(Response.objects.filter(wave__kind=WaveKind.NAMETING), "wave__cycle"),
}


def _participation_facts(cycle: Cycle, kind: WaveKind) -> Participation:
    if kind == WaveKind.VOORMETING:
        return Participation(invited=cycle.voormeting_invited, answered=cycle.voormeting_answered)
    return Participation(invited=cycle.nameting_invited, answered=cycle.nameting_answered)


def voormeting_progress(cycle: Cycle) -> StepProgress:
    return _wave_progress(cycle, WaveKind.VOORMETING)


def nameting_progress(cycle: Cycle) -> StepProgress:
    return _wave_progress(cycle, WaveKind.NAMETING)


def _wave_progress(cycle: Cycle, kind: WaveKind) -> StepProgress:
    cycle = steps.ensure_facts(cycle)
    url = reverse("surveys:waves", kwargs={"school": cycle.project.school.slug})
    wave = next((wave for wave in cycle.waves.all() if wave.kind == kind), None)
    label = kind.label
    if wave is None:
        return StepProgress(Status.NOT_STARTED, next=_("Start de %(kind)s onder het hele team") % {"kind": label},
                            url=url)
    figure = _participation_facts(cycle, kind)
    if wave.is_upcoming:
        return StepProgress(Status.IN_PROGRESS, done=[_("%(kind)s gepland vanaf %(date)s") % {
            "kind": label.capitalize(), "date": date_format(wave.opens_on)}],
            next=_("Nodig het team uit; de vragenlijst gaat open op %(date)s") % {
                "date": date_format(wave.opens_on)}, url=url)
    started = _("%(kind)s gestart op %(date)s") % {"kind": label.capitalize(), "date": date_format(wave.opens_on)}
    answered = _("%(answered)d van %(invited)d uitgenodigden hebben geantwoord") % {
        "answered": figure.answered, "invited": figure.invited}
    if not wave.is_closed:
        return StepProgress(Status.IN_PROGRESS, done=[started, answered],
                            next=_("Nodig het team uit en houd de respons in de gaten"), url=url)
    if figure.answered == 0:
        return StepProgress(Status.IN_PROGRESS, done=[started],
                            next=_("De %(kind)s is gesloten zonder antwoorden") % {"kind": label}, url=url)
    closed_on = timezone.localdate(wave.closed_at) if wave.closed_at else wave.closes_on
    return StepProgress(Status.DONE, done=[started, answered, _("%(kind)s gesloten op %(date)s") % {
        "kind": label.capitalize(), "date": date_format(closed_on)}], url=url)
