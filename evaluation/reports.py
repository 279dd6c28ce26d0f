"""PDF reports: a school's cycle, or several schools for a coach or board.

`build_school_report(cycle)` and `build_group_report(schools)` render a Django template to
HTML and WeasyPrint turns it into a PDF; they are plain functions, tested directly. The
Celery task in `evaluation.tasks` only calls `run(report_id)`, which records the status.

WeasyPrint fetches nothing but files under the project's `static/` directory (the print
stylesheet): no network, no other files, whatever a template or a chart might point at.

The action plans' part of the report (top five bottlenecks, werkplan status) comes from the
wiring's `report_sections` (werkdruk/wegwijzer.py: `evaluation.werkplan_sections`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from projects import locks
from projects.models import Cycle, Evaluation, School
from projects.pdf import html_to_pdf
from projects.wiring import wiring
from surveys import anonymity, measure_questions, open_answers, results, retention, waves
from surveys.charts import energy_chart
from surveys.instruments import instrument
from surveys.models import Wave

from . import benchmark, compare_cycles, families, hard_figures, measures, summary
from .difference_chart import difference_chart
from .models import Report, ReportStatus

logger = logging.getLogger(__name__)

# The key figures of a school in the report over several schools: the primary outcomes.
KEY_SCALES = families.PRIMARY_OUTCOMES
# A report still waiting after this long lost its task (say, Redis was flushed): it may be asked for again.
STALE_AFTER = timedelta(minutes=10)


class ReportError(Exception):
    """A report that cannot be built as asked; the message is Dutch and shown to the user."""


# --- Sections from other apps -------------------------------------------------------------


@dataclass(frozen=True)
class ReportSection:
    """A titled table (and optional lines of text) that another app adds to a school's report."""

    title: str
    intro: str = ""
    headers: Sequence[str] = ()
    rows: Sequence[Sequence[str]] = ()
    lines: Sequence[str] = ()
    order: int = 50

    @property
    def anchor(self) -> str:
        return f"sectie-{self.order}"


def extra_sections(cycle: Cycle) -> list[ReportSection]:
    sections = [section for provider in wiring().report_sections for section in provider(cycle)]
    return sorted(sections, key=lambda section: section.order)


# --- What a school report shows -------------------------------------------------------------


@dataclass
class WaveFigures:
    wave: Wave
    label: str
    participation: waves.Participation
    results: dict
    energy_svg: str = ""
    scale_rows: list[dict] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        return not results.shows_figures(self.results)


def school_report_context(cycle: Cycle, *, strict: bool = True) -> dict:
    """Everything the school report and the evaluation page show of one cycle: the same numbers.

    strict (the report): a cycle without any closed wave raises ReportError.
    """
    school = cycle.project.school
    baseline, followup = compare_cycles.cycle_waves(cycle)
    closed = [wave for wave in (baseline, followup) if wave is not None and wave.is_closed]
    if strict and not closed:
        raise ReportError(_("%(cycle)s van %(school)s heeft nog geen gesloten meting; er is nog niets om over te "
                            "rapporteren.") % {"cycle": cycle, "school": school})
    reference = benchmark.benchmark_for(school)
    participation = waves.participation_by_wave(closed)
    # Both waves counted once, for every chapter: the figures, the comparison and the satisfaction chart.
    counts = results.count_each(closed)
    kept = retention.kept_results_of(closed)
    figures = [_wave_figures(wave, kept[wave.pk] if wave.pk in kept else counts.results(wave).data,
                             participation[wave.pk], reference) for wave in closed]
    comparison = compare_cycles.compare_cycle(
        cycle, compare_cycles.wave_summaries(closed, counts), (baseline, followup))
    across = compare_cycles.compare_with_previous_cycle(cycle)
    notes = Evaluation.objects.filter(cycle=cycle).first()
    return {
        "school": school,
        "cycle": cycle,
        "today": timezone.localdate(),
        "waves": figures,
        "benchmark": reference,
        "benchmark_rule": benchmark.rule_explained(),
        # The newest wave's benchmark figures by scale: the PDF gives them in the comparison's table.
        "benchmark_rows": {row["code"]: row for row in figures[-1].scale_rows} if figures else {},
        "satisfaction": compare_cycles.satisfaction_chart(reference, baseline, followup, counts),
        "comparison": comparison,
        "summary": _summary(comparison, participation),
        "difference_chart": difference_chart(comparison) if comparison else "",
        "across": across,
        "across_chart": difference_chart(across, chart_id="verschillen-vorige-cyclus") if across else "",
        "waiting_for": compare_cycles.waiting_for(cycle),
        "measures": measures.measure_results(followup if followup and followup.is_closed else None),
        "measure_question": measure_questions.MEASURE_QUESTION,
        "hard_figures": hard_figures.hard_figure_rows(cycle),
        "extra_sections": extra_sections(cycle),
        # Under the rules of surveys.open_answers: closed, from 5 writers, shuffled, hidden ones left out.
        "open_answers": [(shown.label, questions) for shown in figures if not shown.withheld
                         for questions in [open_answers.open_questions(shown.wave)] if questions],
        "notes": notes if notes and notes.is_written else None,
        "min_group": anonymity.MIN_GROUP,
    }


def _summary(comparison: compare_cycles.WaveComparison | None,
             participation: dict[int, waves.Participation]) -> summary.Summary | None:
    if comparison is None or comparison.withheld:
        return None
    before, after = (
        summary.WaveResponse(wave.get_kind_display(), n,
                             participation[wave.pk].invited if wave.pk in participation else None)
        for n, wave in ((comparison.baseline_n, comparison.baseline), (comparison.followup_n, comparison.followup))
    )
    return summary.summarise(comparison.comparison, before, after)


def _wave_figures(wave: Wave, data: dict, participation: waves.Participation, reference) -> WaveFigures:
    label = compare_cycles.wave_label(wave)
    figures = WaveFigures(wave, label, participation, data)
    if not figures.withheld:
        figures.energy_svg = energy_chart(
            data["energy"], title=_("Energiegevers en energienemers — %(wave)s") % {"wave": label},
            chart_id=f"energie-{wave.kind}",
        )
        specs = {scale["code"]: scale for scale in instrument(wave.instrument_id).scales}
        figures.scale_rows = benchmark.light_rows(reference, data["scales"], specs)
    return figures


# --- Rendering ----------------------------------------------------------------------------


def render_school_report(cycle: Cycle) -> str:
    return render_to_string("evaluation/report/school.html", school_report_context(cycle))


def build_school_report(cycle: Cycle) -> bytes:
    """The PDF of a school's cycle."""
    return html_to_pdf(render_school_report(cycle))


def group_report_context(schools: Iterable[School]) -> dict:
    """Each school's key figures from its latest cycle, and all schools together, under the k = 5 rule."""
    schools = sorted(schools, key=lambda s: s.name)
    latest_cycles = []
    for school in schools:
        cycle = compare_cycles.default_cycle(school)
        latest_cycles.append((school, cycle, compare_cycles.cycle_waves(cycle) if cycle else (None, None)))
    # Every school's closed waves counted in one go (stored tallies), then read school by school.
    closed_waves = {
        school.pk: [wave for wave in cycle_waves if wave is not None and wave.is_closed]
        for school, _cycle, cycle_waves in latest_cycles
    }
    everything = [wave for waves_of_school in closed_waves.values() for wave in waves_of_school]
    counts = results.count_each(everything)
    kept = retention.kept_results_of(everything)
    summaries = compare_cycles.wave_summaries(everything, counts)
    rows, latest = [], []
    for school, cycle, cycle_waves in latest_cycles:
        closed = closed_waves[school.pk]
        row = {"school": school, "cycle": cycle, "waves": []}
        for wave in closed:
            data = kept[wave.pk] if wave.pk in kept else counts.results(wave).data
            means = {} if not results.shows_figures(data) else {s["code"]: s["mean"] for s in data["scales"]}
            row["waves"].append({
                "label": compare_cycles.wave_label(wave),
                "n": data["n"],
                "withheld": not results.shows_figures(data),
                "satisfied_pct": None if not results.shows_figures(data) else counts.satisfied_pct(wave),
                "means": [means.get(code) for code in KEY_SCALES],
            })
        comparison = compare_cycles.compare_cycle(cycle, summaries, cycle_waves) if cycle else None
        row["readings"] = [
            scale for scale in (comparison.comparison.scales if comparison and comparison.comparison else [])
            if scale.code in KEY_SCALES
        ]
        rows.append(row)
        if closed:
            latest.append(closed[-1])
    together = results.results_for(latest) if latest else None
    labels = {scale["code"]: scale["label"] for scale in instrument(latest[-1].instrument_id).scales} if latest else {}
    return {
        "rows": rows,
        "boards": sorted({school.board.name for school in schools}),
        "key_scales": [labels.get(code, code) for code in KEY_SCALES],
        "together": together,
        "together_energy_svg": energy_chart(together.data["energy"], title=_("Alle scholen samen"),
                                            chart_id="energie-samen")
        if together and not together.withheld else "",
        "together_scales": list(together.data["scales"]) if together and not together.withheld else [],
        "together_satisfied": results.satisfied_pct(latest) if latest else None,
        "today": timezone.localdate(),
        "min_group": anonymity.MIN_GROUP,
    }


def build_group_report(schools: Iterable[School]) -> bytes:
    schools = list(schools)
    if not schools:
        raise ReportError(_("Kies minstens één school voor het rapport."))
    return html_to_pdf(render_to_string("evaluation/report/group.html", group_report_context(schools)))


# --- Running a requested report (the Celery task calls this) ---------------------------------


def run(report_id: int) -> Report | None:
    """Build the report and store its file; idempotent, so a re-delivered task is harmless.

    The broker may hand a task to a second worker while the first still builds it (Redis gives
    an unacknowledged message out again after its visibility timeout): the build lock lets one
    build at a time, and is let go when its worker dies. A report already "klaar" is left alone;
    "bezig" without a holder of the lock is built again (its worker died). A failure is recorded
    as "mislukt" with its reason and raised again, so the task retries.
    """
    with locks.held_while_alive(locks.REPORT_BUILD, report_id) as mine:
        if not mine:
            logger.info("Rapport %s wordt al gemaakt door een andere worker; deze taak laat het daarbij.", report_id)
            return None
        return _build_and_store(report_id)


def _build_and_store(report_id: int) -> Report | None:
    report = Report.objects.filter(pk=report_id).select_related("school", "cycle").first()
    if report is None or report.status == ReportStatus.READY:
        return report
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.BUILDING, attempts=F("attempts") + 1)
    try:
        with translation.override(report.language or settings.LANGUAGE_CODE):
            pdf = build(report)
    except Exception as error:
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED, error=failure_reason(error), finished_at=timezone.now()
        )
        raise
    store(report, pdf)
    return report


def build(report: Report) -> bytes:
    if report.kind == "school":
        return build_school_report(report.cycle)
    return build_group_report(report.schools.select_related("project", "board"))


def store(report: Report, pdf: bytes) -> None:
    """Save the new file, then remove the old one: a download never finds a half-written file."""
    old_name = report.file.name
    report.file.save(report.download_name, ContentFile(pdf), save=False)
    report.status = ReportStatus.READY
    report.error = ""
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "status", "error", "finished_at"])
    if old_name and old_name != report.file.name:
        report.file.storage.delete(old_name)


def failure_reason(error: Exception) -> str:
    if isinstance(error, ReportError):
        return str(error)
    return _("Onverwachte fout bij het maken van het rapport (%(kind)s: %(error)s). Probeer het opnieuw; "
             "blijft het mislukken, meld het dan aan de beheerder.") % {"kind": type(error).__name__, "error": error}


# --- Asking for a report ------------------------------------------------------------------


def request_school_report(cycle: Cycle, user, language: str | None = None) -> tuple[Report, bool]:
    """The cycle's report in `language` (the active one by default), queued for a (re)build unless one
    in that language is already on its way.

    Returns the report and whether a task must be sent. The row stays locked until it is queued:
    two people asking at the same moment (through two web nodes) get one build, not two.
    """
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(
            kind="school", school=cycle.project.school, cycle=cycle,
            defaults={"requested_by": user, "language": language},
        )
        if (not created and report.is_pending and report.language == language
                and report.requested_at > timezone.now() - STALE_AFTER):
            return report, False
        report.queue(user, language)
    return report, True


def request_group_report(schools: Sequence[School], user, language: str | None = None) -> Report:
    if not schools:
        raise ReportError(_("Kies minstens één school voor het rapport."))
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    report = Report.objects.create(kind="group", requested_by=user, language=language)
    report.schools.set(schools)
    return report
