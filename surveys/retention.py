"""Retention: raw answers are deleted SURVEY_RETENTION_DAYS after their cycle closed.

What stays of a wave is its aggregate (`WaveAggregate`): the results exactly as
`results.wave_results` gives them, so only figures the anonymity rule lets show — every
group of 1–4 respondents is already reduced to its count. The invitations go too (they hold
e-mail addresses and, with them, who took part), and with them any unfinished drafts.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import translation

from . import tallies
from .instruments import instrument
from .models import Invitation, Response, Wave, WaveAggregate
from .results import Results, results_for, wave_results


def expired_waves(today: date, days: int | None = None) -> QuerySet[Wave]:
    """Waves of cycles closed at least `days` ago that still hold responses or invitations."""
    days = settings.SURVEY_RETENTION_DAYS if days is None else days
    holds_data = Exists(Response.objects.filter(wave=OuterRef("pk"))) | Exists(
        Invitation.objects.filter(wave=OuterRef("pk")))
    return Wave.objects.filter(cycle__closed_on__lte=today - timedelta(days=days)).filter(holds_data)


@transaction.atomic
def delete_raw_answers(wave: Wave) -> WaveAggregate:
    """Keep the wave's aggregate, then delete its responses, answers, invitations and drafts."""
    wave.close()  # so the aggregate is that of a closed wave, departments included where the rule allows
    aggregate = WaveAggregate.objects.filter(wave=wave).first()
    if aggregate is None:  # computed once, from the raw answers; never again from what is left
        with translation.override(settings.LANGUAGE_CODE):  # kept with Dutch labels, read in any language
            aggregate = WaveAggregate.objects.create(wave=wave, data=wave_results([wave]))
    Response.objects.filter(wave=wave).delete()
    Invitation.objects.filter(wave=wave).delete()
    tallies.forget(wave)  # per department, small groups included: nothing finer than the aggregate stays
    return aggregate


def delete_expired(today: date) -> int:
    """The daily run: every expired wave in its own transaction. Returns how many waves were cleared."""
    waves = list(expired_waves(today).select_related("cycle"))
    for wave in waves:
        delete_raw_answers(wave)
    return len(waves)


def kept_results(wave: Wave) -> dict | None:
    """The aggregate kept after the retention period, or None while the raw answers are still there.

    An open wave has none (retention closes a wave before it keeps its aggregate): no query for it,
    so a survey's live results page stays within its query budget.
    """
    if not wave.is_closed:
        return None
    aggregate = WaveAggregate.objects.filter(wave=wave).only("data").first()
    return _in_active_language(aggregate.data, wave.instrument_id) if aggregate else None


def kept_results_of(waves: list[Wave]) -> dict[int, dict]:
    """`kept_results` of several waves in one query: wave id -> data, for the waves that have one."""
    instrument_of = {wave.pk: wave.instrument_id for wave in waves}
    kept = WaveAggregate.objects.filter(wave__in=list(instrument_of)).values_list("wave_id", "data")
    return {wave_id: _in_active_language(data, instrument_of[wave_id]) for wave_id, data in kept}


def _in_active_language(data: dict, instrument_id: int) -> dict:
    """A kept aggregate with the labels of its themes and scales in the active language, found by code."""
    view = instrument(instrument_id)
    labels = {item["code"]: item["text"] for item in view.items}
    labels |= {scale["code"]: scale["label"] for scale in view.scales}

    def relabelled(part: dict) -> dict:
        return {**part, **{
            key: [{**row, "label": labels.get(row["code"], row["label"])} for row in part[key]]
            for key in ("energy", "scales") if key in part
        }}

    result = relabelled(data)
    if "departments" in data:
        result["departments"] = [relabelled(department) for department in data["departments"]]
    return result


def results_of(wave: Wave) -> dict:
    """The results of one wave, before and after its raw answers were deleted."""
    return report_of(wave).data


def report_of(wave: Wave) -> Results:
    """Like `results.results_for([wave])`, and still there once the raw answers are gone."""
    kept = kept_results(wave)
    return Results(data=kept, waves=[wave]) if kept is not None else results_for([wave])
