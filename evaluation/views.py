"""Step 5: the evaluation page (comparison, benchmark, measures, hard figures, trend) and PDF reports."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from projects import access, audit, queue
from projects.access import Action
from projects.cycles import current_cycle_or_404
from projects.models import AuditAction, Cycle, School
from projects.parsing import positive_int

from . import compare_cycles, hard_figures, reports, tasks, trend
from .forms import GroupReportForm, HardFiguresForm
from .models import HardFigures, HardFiguresMoment, Report, ReportKind, ReportStatus

MAX_CYCLE = 9999  # a cycle a year: far more than a school will ever have


@login_required
def evaluation_page(request, school):
    school = access.school_for(request.user, school)
    if school.current_cycle is None:  # no project yet, so nothing published: who may not read gets a 403
        access.require_evaluation(request.user, school, both_waves_published=False)
    cycle = _cycle(school, request.GET.get("cyclus"))
    baseline, followup = compare_cycles.cycle_waves(cycle)
    published = bool(baseline and followup and baseline.is_published and followup.is_published)
    access.require_evaluation(request.user, school, both_waves_published=published)
    return _render_page(request, school, cycle)


@login_required
@require_POST
def save_hard_figures(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    cycle = _cycle(school, request.POST.get("cyclus"))
    moment = request.POST.get("moment")
    if moment not in HardFiguresMoment.values:
        raise Http404(_("Onbekend moment."))
    existing = HardFigures.objects.filter(cycle=cycle, moment=moment).first()
    form = HardFiguresForm(request.POST, instance=existing, moment=moment)
    if not form.is_valid():
        return _render_page(request, school, cycle, hard_forms={moment: form}, status=200)
    form.instance.cycle, form.instance.moment = cycle, moment
    form.save()
    messages.success(request, _("De verzuimcijfers (%(moment)s) zijn opgeslagen.") % {
        "moment": HardFiguresMoment(moment).label})
    return redirect(_page_url(school, cycle) + "#verzuim")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def request_report(request, school):
    school = access.school_for(request.user, school, Action.VIEW_RESULTS)
    cycle = _cycle(school, request.POST.get("cyclus"))
    report, send = reports.request_school_report(cycle, request.user)
    if send:
        _enqueue(report)
    if request.htmx:
        return render(request, "evaluation/report_status.html#status", _report_context(school, report))
    _say_queued(request, report)
    return redirect(_page_url(school, cycle) + "#rapport")


@login_required
@vary_on_headers("HX-Request")
def report_status(request, school, report):
    school = access.school_for(request.user, school, Action.VIEW_RESULTS)
    report = get_object_or_404(Report, pk=report, school=school, kind=ReportKind.SCHOOL)
    template = "evaluation/report_status.html#status" if request.htmx else "evaluation/report_status.html"
    return render(request, template, _report_context(school, report))


@login_required
def download_report(request, school, report):
    school = access.school_for(request.user, school, Action.VIEW_RESULTS)
    report = get_object_or_404(Report, pk=report, school=school, kind=ReportKind.SCHOOL)
    response = _file_response(report)
    audit.record(request.user, school, AuditAction.EXPORTED,
                 _("Rapport van %(cycle)s gedownload.") % {"cycle": report.cycle})
    return response


# --- Several schools (coach, board) -------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")
def group_reports(request):
    schools = access.schools_where(request.user, Action.VIEW_RESULTS).order_by("name")
    if not schools.exists():
        raise Http404(_("Geen scholen gevonden."))
    form = GroupReportForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        report = reports.request_group_report(list(form.cleaned_data["schools"]), request.user)
        _enqueue(report)
        _say_queued(request, report)
        return redirect("evaluation:group_reports")
    mine = [
        report for report in Report.objects.filter(kind=ReportKind.GROUP, requested_by=request.user)
        .prefetch_related("schools")[:20]
        if access.may_see_group_report(request.user, report.requested_by_id, report.schools.all())
    ]
    return render(request, "evaluation/group_reports.html", {"form": form, "reports": mine})


@login_required
@vary_on_headers("HX-Request")
def group_report_status(request, report):
    report = _group_report(request.user, report)
    template = "evaluation/report_status.html#status" if request.htmx else "evaluation/report_status.html"
    return render(request, template, _report_context(None, report))


@login_required
def group_report_download(request, report):
    return _file_response(_group_report(request.user, report))


# --- helpers --------------------------------------------------------------------------------


def _cycle(school: School, number: str | None) -> Cycle:
    """The cycle asked for in ?cyclus=N, or the one step 5 is about (`compare_cycles.default_cycle`)."""
    project = current_cycle_or_404(school).project
    if number:
        wanted = positive_int(number, limit=MAX_CYCLE)
        if wanted is None:
            raise Http404(_("Deze cyclus bestaat niet."))
        return get_object_or_404(Cycle, project=project, number=wanted)
    return compare_cycles.default_cycle(school)


def _render_page(request, school: School, cycle: Cycle, hard_forms=None, status: int = 200):
    context = reports.school_report_context(cycle, strict=False)
    figures = hard_figures.hard_figures(cycle)
    hard_forms = hard_forms or {}
    context |= {
        "school": school,
        "permissions": access.permissions(request.user, school),
        "cycles": list(cycle.project.cycles.all()),
        "trend": trend.school_trend(school),
        "hard_forms": [
            hard_forms.get(moment) or HardFiguresForm(instance=figures[moment], moment=moment)
            for moment in HardFiguresMoment.values
        ],
    }
    report = Report.objects.filter(kind=ReportKind.SCHOOL, school=school, cycle=cycle).first()
    if report is not None:
        context |= _report_context(school, report)
    return render(request, "evaluation/evaluation.html", context, status=status)


def _page_url(school: School, cycle: Cycle) -> str:
    return reverse("evaluation:evaluation", kwargs={"school": school.slug}) + f"?cyclus={cycle.number}"


def _enqueue(report: Report) -> None:
    """Queue the build; when the queue cannot be reached the report shows "mislukt" and why, at once.

    robust: in the embedded setup the task runs right here, and a failed build is already
    recorded as "mislukt"; it must not turn the request into an error page.
    """
    queue.enqueue_on_commit(tasks.build_report, report.pk, robust=True,
                            on_failure=partial(_not_queued, report.pk))


def _not_queued(report_id: int) -> None:
    Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.FAILED, error=str(queue.REPORT_UNREACHABLE), finished_at=timezone.now())


def _say_queued(request, report: Report) -> None:
    report.refresh_from_db(fields=["status", "error"])
    if report.status == ReportStatus.FAILED:
        messages.error(request, report.error)
    else:
        messages.success(request, _("Het rapport wordt gemaakt. Deze pagina laat zien wanneer het klaar is."))


def _report_context(school: School | None, report: Report) -> dict:
    if report.kind == ReportKind.SCHOOL:
        status_url = reverse("evaluation:report_status", kwargs={"school": school.slug, "report": report.pk})
        download_url = reverse("evaluation:download_report", kwargs={"school": school.slug, "report": report.pk})
        back_url = _page_url(school, report.cycle)
    else:
        status_url = reverse("evaluation:group_report_status", kwargs={"report": report.pk})
        download_url = reverse("evaluation:group_report_download", kwargs={"report": report.pk})
        back_url = reverse("evaluation:group_reports")
    return {"school": school, "report": report, "status_url": status_url, "download_url": download_url,
            "back_url": back_url}


def _file_response(report: Report) -> FileResponse:
    if not report.is_ready:
        raise Http404(_("Dit rapport is (nog) niet klaar."))
    try:
        handle = report.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Het bestand van dit rapport ontbreekt; vraag het opnieuw aan.")) from None
    return FileResponse(handle, as_attachment=True, filename=report.download_name, content_type="application/pdf")


def _group_report(user, pk: int) -> Report:
    report = get_object_or_404(Report, pk=pk, kind=ReportKind.GROUP)
    if not access.may_see_group_report(user, report.requested_by_id, report.schools.all()):
        raise Http404(_("Geen rapport gevonden."))
    return report
