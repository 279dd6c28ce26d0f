"""The bestedingsplan of a school: every view starts with the access check for what it is about to do."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actionplans.models import Bottleneck
from projects import access
from projects.access import Action
from projects.cycles import current_cycle_or_404
from projects.pdf import html_to_pdf

from . import accounts, consultation, plans, school_years
from .forms import (
    AccountLineForm,
    AmountForm,
    DecisionForm,
    LineForm,
    NewPlanForm,
    OpenConsultationForm,
    TeamMeetingForm,
)
from .models import PlanLine, PmrDecision, SpendingPlan


def _plan(school, year: int) -> SpendingPlan:
    return get_object_or_404(SpendingPlan, school=school, school_year=year)


def _back(plan: SpendingPlan):
    return redirect("spending:plan", school=plan.school.slug, year=plan.school_year)


def _bottlenecks(plan: SpendingPlan):
    return Bottleneck.objects.filter(cycle__project__school=plan.school).top()


@login_required
def plans_list(request, school):
    school = access.school_for(request.user, school, Action.VIEW if request.method == "GET" else Action.DRAFT_SPENDING)
    form = NewPlanForm(request.POST or None, initial={"school_year": school_years.of(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["school_year"]
        if SpendingPlan.objects.filter(school=school, school_year=year).exists():
            form.add_error("school_year", _("Voor dit schooljaar is er al een bestedingsplan."))
        else:
            plan = plans.draft(school, year, current_cycle_or_404(school))
            messages.success(request, _("Het bestedingsplan is opgesteld uit het werkplan."))
            return _back(plan)
    rows = [(plan, plans.state(plan)) for plan in school.spending_plans.all()]
    return render(request, "spending/plans.html", {
        "school": school, "rows": rows, "form": form, "can": access.permissions(request.user, school),
    })


@login_required
def plan_detail(request, school, year):
    school = access.school_for(request.user, school)
    plan = _plan(school, year)
    version = plan.latest
    lines = list(version.lines.select_related("bottleneck", "measure"))
    current = getattr(version, "consultation", None)
    context = {
        "school": school, "plan": plan, "version": version, "lines": lines, "state": plans.state(plan),
        "totals": plans.totals(version, lines), "can": access.permissions(request.user, school),
        "versions": plan.versions.select_related("decision").prefetch_related("consultation"),
        "consultation": current,
        "participation": consultation.participation(current) if current else None,
        "outcome": consultation.outcome(current) if current else None,
        "amount_form": AmountForm(instance=version),
        "line_form": LineForm(bottlenecks=_bottlenecks(plan)),
        "consult_form": OpenConsultationForm(),
        "meeting_form": TeamMeetingForm(instance=plan),
        "decision_form": DecisionForm(initial={"decided_on": timezone.localdate()}),
    }
    return render(request, "spending/plan.html", context)


def plan_post(action: Action):
    """A POST on one school's bestedingsplan: the role check for `action` at the URL's school, then that school's
    plan of the URL's year. The view gets the plan (and the URL's other arguments), does its one thing and tells
    the outcome in a message; unless it returns a response of its own, the user is sent back to the plan page."""

    def decorate(view):
        @login_required
        @require_POST
        @wraps(view)
        def checked(request, school, year, **kwargs) -> HttpResponse:
            plan = _plan(access.school_for(request.user, school, action), year)
            return view(request, plan, **kwargs) or _back(plan)

        return checked

    return decorate


def _valid(request, form) -> bool:
    """Whether the form is valid; if not, its errors are shown as messages on the plan page."""
    if form.is_valid():
        return True
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return False


@plan_post(Action.DRAFT_SPENDING)
def amount(request, plan):
    if not _valid(request, AmountForm(request.POST, instance=plan.latest)):
        return
    with transaction.atomic():
        version = plans.editable_version(plan)
        AmountForm(request.POST, instance=version).save()
    messages.success(request, _("Het bedrag is opgeslagen."))


@plan_post(Action.DRAFT_SPENDING)
def add_line(request, plan):
    form = LineForm(request.POST, bottlenecks=_bottlenecks(plan))
    if not _valid(request, form):
        return
    with transaction.atomic():
        line = form.save(commit=False)
        line.version = plans.editable_version(plan)
        line.save()
    messages.success(request, _("De regel is toegevoegd."))


@login_required
def edit_line(request, school, year, line):
    school = access.school_for(request.user, school, Action.DRAFT_SPENDING)
    plan = _plan(school, year)
    shown = get_object_or_404(PlanLine, pk=line, version=plan.latest)
    form = LineForm(request.POST or None, instance=shown, bottlenecks=_bottlenecks(plan))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = plans.line_to_change(plan, shown)
            LineForm(request.POST, instance=changed, bottlenecks=_bottlenecks(plan)).save()
        messages.success(request, _("De regel is opgeslagen."))
        return _back(plan)
    return render(request, "spending/line_edit.html", {"school": school, "plan": plan, "line": shown, "form": form,
                                                       "state": plans.state(plan)})


@plan_post(Action.DRAFT_SPENDING)
def delete_line(request, plan, line):
    doomed = get_object_or_404(PlanLine, pk=line, version=plan.latest)
    with transaction.atomic():
        plans.line_to_change(plan, doomed).delete()
    messages.success(request, _("De regel is verwijderd."))


@plan_post(Action.CONSULT_TEAM)
def open_consultation(request, plan):
    form = OpenConsultationForm(request.POST)
    if not _valid(request, form):
        return None
    version = plan.latest
    if version.is_locked:
        messages.error(request, _("Over deze versie is het team al geraadpleegd of heeft de PMR al besloten. "
                                  "Wijzig het plan eerst; dan ontstaat een nieuwe versie."))
        return None
    opened = consultation.open_consultation(version, form.cleaned_data["addresses"], form.cleaned_data["slips"] or 0)
    messages.success(request, _("De teamraadpleging is geopend."))
    if not opened.codes:
        return None
    return render(request, "spending/slips.html", {
        "school": plan.school, "plan": plan, "codes": opened.codes, "url": consultation.code_page_url(),
    })


@plan_post(Action.CONSULT_TEAM)
def close_consultation(request, plan):
    current = getattr(plan.latest, "consultation", None)
    if current is None:
        messages.error(request, _("Er loopt geen teamraadpleging."))
    else:
        consultation.close(current)
        messages.success(request, _("De teamraadpleging is gesloten."))


@plan_post(Action.DRAFT_SPENDING)
def team_meeting(request, plan):
    form = TeamMeetingForm(request.POST, instance=plan)
    if not _valid(request, form):
        return
    form.save()
    messages.success(request, _("De teamvergadering is vastgelegd."))


@plan_post(Action.CONSENT_SPENDING)
def decision(request, plan):
    form = DecisionForm(request.POST)
    if not _valid(request, form):
        return
    version = plan.latest
    if hasattr(version, "decision"):
        messages.error(request, _("Over deze versie heeft de PMR al besloten."))
    elif getattr(version, "consultation", None) is not None and version.consultation.is_open:
        messages.error(request, _("De teamraadpleging loopt nog; besluit als die gesloten is."))
    else:
        PmrDecision.objects.create(version=version, recorded_by=request.user, **form.cleaned_data)
        messages.success(request, _("Het besluit van de PMR is vastgelegd."))


# --- the account at the year's end --------------------------------------------------------------


@login_required
def account(request, school, year):
    school = access.school_for(request.user, school, Action.VIEW if request.method == "GET" else Action.DRAFT_SPENDING)
    plan = _plan(school, year)
    version = plan.consented
    if version is None:
        raise Http404(_("Dit plan heeft nog geen instemming van de PMR."))
    lines = list(version.lines.select_related("measure", "bottleneck"))
    forms = [AccountLineForm(request.POST or None, instance=line, prefix=f"r{line.pk}") for line in lines]
    if request.method == "POST":
        if all(form.is_valid() for form in forms):
            with transaction.atomic():
                for form in forms:
                    form.save()
                plan.account_finished_on = timezone.localdate() if request.POST.get("finished") else None
                plan.save(update_fields=["account_finished_on"])
            messages.success(request, _("De verantwoording is opgeslagen."))
            return redirect("spending:account", school=school.slug, year=plan.school_year)
    return render(request, "spending/account.html", {
        "school": school, "plan": plan, "version": version, "can": access.permissions(request.user, school),
        "rows": list(zip(accounts.rows(plan, version, lines), forms, strict=True)),
        "totals": plans.totals(version, lines), "state": plans.state(plan),
    })


def _account_html(request, school, plan) -> tuple[str, dict]:
    version = plan.consented
    if version is None:
        raise Http404(_("Dit plan heeft nog geen instemming van de PMR."))
    lines = list(version.lines.select_related("measure", "bottleneck"))
    context = {"school": school, "plan": plan, "version": version, "rows": accounts.rows(plan, version, lines),
               "totals": plans.totals(version, lines)}
    return render_to_string("spending/account_pdf.html", context, request=request), context


@login_required
def account_pdf(request, school, year):
    school = access.school_for(request.user, school)
    plan = _plan(school, year)
    html, _context = _account_html(request, school, plan)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verantwoording-{school.slug}-{plan.year_label}.pdf"'
    return response


# Like publishing results to the team: the project leader's to send.
@plan_post(Action.PUBLISH)
def send_account(request, plan):
    html, _context = _account_html(request, plan.school, plan)
    if accounts.send_to_pmr(plan, html_to_pdf(html)):
        messages.success(request, _("De verantwoording is naar de PMR gestuurd."))
    else:
        messages.error(request, _("Deze school heeft nog geen PMR-lid met een e-mailadres."))
    return redirect("spending:account", school=plan.school.slug, year=plan.school_year)
