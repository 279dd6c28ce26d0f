"""The results pages: one school's wave, and all schools of a board together."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects import access, audit
from projects.access import Action
from projects.models import AuditAction, Board, School
from projects.parsing import positive_int
from projects.wiring import wiring

from . import charts, exports, heat_map, open_answers, retention, scoring
from .instruments import instrument
from .models import OpenAnswer, Wave, WaveKind
from .results import Results, WaveCounts, candidates_from, count_each, latest_waves, per_wave_totals
from .waves import Participation

KIND_ORDER = {WaveKind.VOORMETING: 0, WaveKind.NAMETING: 1}


# --- one school ----------------------------------------------------------------------


@login_required
def results(request, school):
    school = access.school_for(request.user, school)
    wave, waves = _chosen_wave(request, school)
    if wave is None:
        return _no_results(request, school, waves)
    report = retention.report_of(wave)
    participation = Participation(invited=wave.invited, answered=report.n)
    return render(request, "surveys/results.html", {
        "school": school,
        "wave": wave,
        "choices": _wave_choices(school, waves, wave),
        "participation": participation,
        "query": _wave_query(wave),
        "can": access.permissions(request.user, school),
        "may_publish": access.can(request.user, school, Action.PUBLISH) and wave.is_closed and not wave.is_published,
        "may_moderate": access.can(request.user, school, Action.MODERATE),
        "open_questions": [] if report.withheld else open_answers.open_questions(wave),
        **_figures(report, wave.instrument_id, breakdown_of="departments"),
        **_what_next(request.user, school, wave, report),
    })


@login_required
@require_POST
def hide_open_answer(request, school, answer):
    school = access.school_for(request.user, school, Action.MODERATE)
    answer = get_object_or_404(
        OpenAnswer.objects.filter(response__wave__cycle__project__school=school).select_related(
            "item", "response__wave__cycle"),
        pk=answer,
    )
    open_answers.hide(request.user, school, answer)
    messages.success(request, _("Het antwoord is verborgen. Niemand ziet het nog, ook niet in het rapport."))
    wave = answer.response.wave
    return redirect(reverse("surveys:results", kwargs={"school": school.slug}) + "?" + _wave_query(wave)
                    + "#open-vragen")


@login_required
def results_download(request, school, fmt):
    school = access.school_for(request.user, school)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    wave, waves = _chosen_wave(request, school)
    if wave is None:
        return _no_results(request, school, waves)
    data = retention.results_of(wave)
    title = f"{school.name}, {wave.get_kind_display()} {wave.cycle}"
    filename = slugify(f"resultaten {school.slug} {wave.kind} cyclus {wave.cycle.number}")
    if fmt == "csv":
        response = HttpResponse(exports.to_dutch_csv(data, decimals=1), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(data, title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    audit.record(request.user, school, AuditAction.EXPORTED,
                 _("Resultaten van de %(kind)s van %(cycle)s gedownload (%(fmt)s).") % {
                     "kind": wave.get_kind_display(), "cycle": wave.cycle, "fmt": fmt.upper()})
    return response


@login_required
@require_POST
def publish_results(request, school):
    school = access.school_for(request.user, school, Action.PUBLISH)
    wave_id = positive_int(request.POST.get("wave"))
    if wave_id is None:
        raise Http404(_("Deze meting bestaat niet."))
    wave = get_object_or_404(Wave.objects.for_school(school).select_related("cycle"), pk=wave_id)
    if not wave.is_closed:
        messages.error(request, _("Publiceren kan pas als de meting gesloten is."))
    else:
        wave.publish()
        audit.record(request.user, school, AuditAction.RESULTS_PUBLISHED,
                     _("Resultaten van de %(kind)s van %(cycle)s gepubliceerd.") % {
                         "kind": wave.get_kind_display(), "cycle": wave.cycle})
        messages.success(request, _("De resultaten zijn gepubliceerd: het hele team kan ze nu zien."))
    return redirect(reverse("surveys:results", kwargs={"school": school.slug}) + "?" + _wave_query(wave))


def _chosen_wave(request, school: School) -> tuple[Wave | None, list[Wave]]:
    """The wave asked for in ?meting=&cyclus=, or the newest one that has opened.

    Whoever may not see unpublished results only gets to choose among published waves:
    asking for another one is refused.
    """
    waves = Wave.objects.for_school(school).select_related("cycle").annotate(invited=Count("invitations"))
    waves = [w for w in waves if not w.is_upcoming]
    waves.sort(key=lambda w: (w.cycle.number, KIND_ORDER[w.kind]))
    sees_all = access.can(request.user, school, Action.VIEW_RESULTS)
    visible = waves if sees_all else [w for w in waves if w.is_published]
    kind, cycle = request.GET.get("meting"), request.GET.get("cyclus")
    if not kind and not cycle:
        return (visible[-1] if visible else None), visible
    matching = [w for w in waves if (not kind or w.kind == kind) and (not cycle or str(w.cycle.number) == cycle)]
    if not matching:
        raise Http404(_("Deze meting bestaat niet."))
    if matching[-1] not in visible:
        return None, visible
    return matching[-1], visible


def _no_results(request, school: School, waves: list[Wave]):
    """No wave to show: none yet (200), or none this user may see yet (403)."""
    may_see = access.can(request.user, school, Action.VIEW_RESULTS)
    return render(request, "surveys/results_unavailable.html", {
        "school": school, "may_see": may_see, "choices": _wave_choices(school, waves, None),
    }, status=200 if may_see else 403)


def _wave_query(wave: Wave) -> str:
    return urlencode({"meting": wave.kind, "cyclus": wave.cycle.number})


def _wave_choices(school: School, waves: list[Wave], current: Wave | None) -> list[dict]:
    url = reverse("surveys:results", kwargs={"school": school.slug})
    return [
        {
            "label": f"{w.get_kind_display().capitalize()}, {w.cycle}",
            "url": f"{url}?{_wave_query(w)}",
            "current": w == current,
        }
        for w in waves
    ]


def _what_next(user, school: School, wave: Wave, report: Results) -> dict:
    """After a voormeting with figures: the heat map of its departments, the candidate bottlenecks it
    proposes, and the way to choosing the top five (werkdruk/wegwijzer.py, `after_results`)."""
    if report.withheld:
        return {}
    view = instrument(wave.instrument_id)
    context = {"heat_map": heat_map.heat_map(report.data, view.scales, view.groups)}
    if wave.kind != WaveKind.VOORMETING:
        return context
    section = wiring().after_results
    next_step = None
    if section is not None and access.can(user, school, section.action):
        next_step = {"label": section.label, "url": reverse(section.url_name, kwargs={"school": school.slug})}
    return context | {"candidates": candidates_from(report.data, view), "next_step": next_step}


# --- all schools of a board ----------------------------------------------------------


@login_required
def board_results(request, board_id):
    board = get_object_or_404(Board, pk=board_id)
    schools = list(access.board_schools(request.user, board).order_by("name"))
    if not schools:
        raise Http404(_("Geen bestuur gevonden."))
    available = schools
    chosen = set(request.GET.getlist("school"))
    if chosen:
        schools = [school for school in schools if school.slug in chosen] or schools
    kind = request.GET.get("meting", WaveKind.VOORMETING)
    if kind not in WaveKind.values:
        raise Http404(_("Deze meting bestaat niet."))
    waves = access.readable_waves(request.user, board, latest_waves(schools, kind))
    context = {"board": board, "kind": WaveKind(kind), "schools": schools, "available": available, "waves": waves,
               "kinds": [(k, WaveKind(k).label) for k in WaveKind.values]}
    if waves:
        counts = count_each(waves)  # once, for all schools together and for each school's column
        context.update(_figures(counts.together(waves), waves[-1].instrument_id, breakdown_of="schools",
                                counts=counts))
    return render(request, "surveys/results_board.html", context)


# --- what both pages show ------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    n: int


def _figures(report: Results, instrument_id: int, breakdown_of: str, counts: WaveCounts | None = None) -> dict:
    if report.withheld:
        return {"report": report}
    data = report.data
    view = instrument(max([instrument_id, *(w.instrument_id for w in report.waves)]))
    energy_sorted = sorted(data["energy"], key=lambda row: (row["taker_pct"] is None, -(row["taker_pct"] or 0)))
    if breakdown_of == "departments":
        groups = [(Column(d["name"], d["n"]), d) for d in data["departments"]]
    else:
        totals = per_wave_totals([w for w in report.waves if w not in report.left_out], counts)
        groups = [(Column(w.school.name, totals[w.pk]["n"]), totals[w.pk]) for w in report.waves if w.pk in totals]
    return {
        "report": report,
        "energy_chart": charts.energy_chart(data["energy"], title=_("Energiegevers en energienemers")),
        "energy_rows": energy_sorted,
        "scale_groups": _scale_groups(view, data["scales"]),
        "breakdown": _breakdown(groups, data) if len(groups) > 0 else None,
    }


def _scale_groups(view, rows: list[dict]) -> list[dict]:
    specs = {scale["code"]: scale for scale in view.scales}
    groups = []
    for group in view.groups:
        group_rows = []
        for row in rows:
            spec = specs[row["code"]]
            if spec["group"] != group["code"]:
                continue
            group_rows.append({
                **row,
                "higher_is_better": spec["higher_is"] == "better",
                "unfavourable": row["mean"] is not None
                and scoring.is_unfavourable(row["mean"], spec["higher_is"], spec["unfavourable_threshold"]),
            })
        groups.append({"label": group["label"], "rows": group_rows})
    return groups


def _breakdown(groups: list[tuple[Column, dict]], data: dict) -> dict:
    """Rows of themes and scales, one column per department or school."""
    return {
        "columns": [column for column, group in groups],
        "energy": [
            {"label": row["label"], "cells": [by_code(group["energy"])[row["code"]] for column, group in groups]}
            for row in data["energy"]
        ],
        "scales": [
            {"label": row["label"], "cells": [by_code(group["scales"])[row["code"]] for column, group in groups]}
            for row in data["scales"]
        ],
    }


def by_code(rows: list[dict]) -> dict[str, dict]:
    return {row["code"]: row for row in rows}
