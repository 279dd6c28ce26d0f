"""Step 2, choosing: candidate bottlenecks from the voormeting and other sources, scoring, and the top five."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from projects.models import Cycle

from .models import TOP, Bottleneck, BottleneckSource


@dataclass(frozen=True)
class Candidate:
    """What the survey proposes: an energy theme with a high taker share or a scale in the unfavourable range."""

    source: str  # "energy" or "scale"
    code: str
    label: str
    figure: str


def survey_candidates(cycle: Cycle) -> list[Candidate] | None:
    """Candidates from the cycle's voormeting, or None when there is no voormeting to propose from."""
    from surveys import (
        results,  # surveys builds before us; imported here so a half-built surveys app never breaks startup
    )
    from surveys.models import WaveKind

    wave = results.latest_wave(cycle, WaveKind.VOORMETING)
    if wave is None:
        return None
    return [Candidate(c["source"], c["code"], c["label"], c["figure"]) for c in results.candidate_bottlenecks(wave)]


def add_candidates(cycle: Cycle, candidates: list[Candidate]) -> int:
    """Store the proposed candidates the cycle does not have yet; returns how many were new.

    A candidate the working group already has keeps its scores, but its figure follows the latest results.
    """
    added = 0
    for candidate in candidates:
        source = BottleneckSource(candidate.source)
        _bottleneck, created = Bottleneck.objects.update_or_create(
            cycle=cycle, source=source, code=candidate.code,
            defaults={"figure": candidate.figure[:200]},
            create_defaults={"label": candidate.label[:200], "figure": candidate.figure[:200]},
        )
        added += created
    return added


class TopFiveError(ValueError):
    pass


def fix_top_five(cycle: Cycle, chosen: list[tuple[Bottleneck, str]]) -> None:
    """Fix the top five, in order, each with the reason the working group gives. Replaces an earlier choice."""
    if not chosen:
        raise TopFiveError(_("Kies minstens één knelpunt."))
    if len(chosen) > TOP:
        raise TopFiveError(_("Kies hoogstens vijf knelpunten."))
    if len({bottleneck.pk for bottleneck, _reason in chosen}) != len(chosen):
        raise TopFiveError(_("Elk knelpunt kan maar één keer in de top vijf staan."))
    if any(bottleneck.cycle_id != cycle.pk for bottleneck, _reason in chosen):
        raise TopFiveError(_("Kies uit de knelpunten van deze cyclus."))
    if any(not reason.strip() for _bottleneck, reason in chosen):
        raise TopFiveError(_("Geef bij elk gekozen knelpunt aan waarom het in de top vijf staat."))
    with transaction.atomic():
        cycle.bottlenecks.update(rank=None, reason="")  # first free every place: ranks are unique per cycle
        for rank, (bottleneck, reason) in enumerate(chosen, start=1):
            Bottleneck.objects.filter(pk=bottleneck.pk).update(rank=rank, reason=reason.strip())
