"""Step 1 (signals, considerations, agreement, team, year plan) and step 6 (closing a cycle)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, activity, cycles
from .access import Action
from .forms import (
    AgreementForm,
    ConsiderationsForm,
    EvaluationForm,
    SignalForm,
    StaffDiscussionForm,
    TeamForm,
    YearPlanForm,
)
from .models import Agreement, Considerations, Cycle, School


def _cycle_for_editing(request, slug: str, action: Action = Action.EDIT_PROJECT) -> tuple[School, Cycle]:
    """The school's current cycle; closing a cycle always starts the next, so the current one is open."""
    school = access.school_for(request.user, slug, action)
    return school, cycles.current_cycle_or_404(school)


def _saved(request, school: School, logged: str, message: str, anchor: str):
    """After a change on the step 1 page: log it, say so, and go back to its section."""
    activity.record(school, request.user, logged)
    messages.success(request, message)
    return _start_page(school, anchor)


def _start_page(school: School, anchor: str = ""):
    response = redirect("projects:start", school=school.slug)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


def _render_start(request, school: School, cycle: Cycle, **forms):
    considerations = getattr(cycle, "considerations", None) or Considerations(cycle=cycle)
    context = {
        "school": school,
        "cycle": cycle,
        "checklist": cycles.start_checklist(cycle),
        "signals": cycle.signals.all(),
        "agreements": cycle.agreements.all(),
        "missing_parties": [
            label for value, label in Agreement._meta.get_field("party").choices
            if value not in set(cycle.agreements.values_list("party", flat=True))
        ],
        "team": cycle.team.select_related("user"),
        "signal_form": forms.get("signal_form") or SignalForm(),
        "considerations_form": forms.get("considerations_form") or ConsiderationsForm(instance=considerations),
        "agreement_form": forms.get("agreement_form") or AgreementForm(),
        "team_form": forms.get("team_form") or TeamForm(school=school, cycle=cycle),
        "year_plan_form": forms.get("year_plan_form") or YearPlanForm(cycle=cycle),
        "can": access.permissions(request.user, school),
    }
    status = 400 if forms else 200
    return render(request, "projects/start.html", context, status=status)


@login_required
def start(request, school):
    school = access.school_for(request.user, school)
    return _render_start(request, school, cycles.current_cycle_or_404(school))


@login_required
@require_POST
def add_signal(request, school):
    school, cycle = _cycle_for_editing(request, school)
    form = SignalForm(request.POST)
    if not form.is_valid():
        return _render_start(request, school, cycle, signal_form=form)
    form.instance.cycle = cycle
    signal = form.save()
    return _saved(request, school, _("Signaal vastgelegd: %(kind)s") % {"kind": signal.get_kind_display()},
                  _("Het signaal is vastgelegd."), "signalen")


@login_required
@require_POST
def delete_signal(request, school, signal_id):
    school, cycle = _cycle_for_editing(request, school)
    signal = get_object_or_404(cycle.signals, pk=signal_id)
    signal.delete()
    return _saved(request, school, _("Signaal verwijderd"), _("Het signaal is verwijderd."), "signalen")


@login_required
@require_POST
def save_considerations(request, school):
    school, cycle = _cycle_for_editing(request, school)
    instance = getattr(cycle, "considerations", None) or Considerations(cycle=cycle)
    form = ConsiderationsForm(request.POST, instance=instance)
    if not form.is_valid():
        return _render_start(request, school, cycle, considerations_form=form)
    form.save()
    return _saved(request, school, _("Afwegingen bijgewerkt"), _("De afwegingen zijn opgeslagen."), "afwegingen")


@login_required
@require_POST
def record_agreement(request, school):
    school, cycle = _cycle_for_editing(request, school, Action.AGREE)
    existing = cycle.agreements.filter(party=request.POST.get("party")).first()
    form = AgreementForm(request.POST, instance=existing)
    if not form.is_valid():
        return _render_start(request, school, cycle, agreement_form=form)
    form.instance.cycle = cycle
    agreement = form.save()
    party = agreement.get_party_display()
    return _saved(request, school, _("Instemming vastgelegd: %(party)s") % {"party": party},
                  _("De instemming van %(party)s is vastgelegd.") % {"party": party}, "instemming")


@login_required
@require_POST
def save_team(request, school):
    school, cycle = _cycle_for_editing(request, school)
    form = TeamForm(request.POST, school=school, cycle=cycle)
    if not form.is_valid():
        return _render_start(request, school, cycle, team_form=form)
    cycles.save_team(cycle, form.cleaned_data)
    return _saved(request, school, _("Projectteam samengesteld"), _("Het projectteam is opgeslagen."), "projectteam")


@login_required
@require_POST
def save_year_plan(request, school):
    school, cycle = _cycle_for_editing(request, school)
    form = YearPlanForm(request.POST, cycle=cycle)
    if not form.is_valid():
        return _render_start(request, school, cycle, year_plan_form=form)
    cycles.save_year_plan(cycle, form.targets())
    return _saved(request, school, _("Jaarplanning bijgewerkt"), _("De jaarplanning is opgeslagen."), "jaarplanning")


@login_required
@require_POST
def record_staff_discussion(request, school):
    school, cycle = _cycle_for_editing(request, school)
    form = StaffDiscussionForm(request.POST)
    if form.is_valid():
        form.instance.cycle = cycle
        form.save()
        activity.record(school, request.user, _("Bespreking van de resultaten met het team vastgelegd"))
        messages.success(request, _("De bespreking met het team is vastgelegd."))
    else:
        messages.error(request, _("Vul een datum en een korte beschrijving in."))
    return redirect("projects:project", school=school.slug)


@login_required
def close_cycle(request, school):
    school = access.school_for(request.user, school)
    cycle = cycles.current_cycle_or_404(school)
    instance = getattr(cycle, "evaluation", None)
    initial = {"improvement_points": "\n".join(cycle.improvement_points.values_list("text", flat=True))}
    form = EvaluationForm(instance=instance, initial=initial)
    if request.method == "POST":
        access.require(request.user, school, Action.EDIT_PROJECT)
        form = EvaluationForm(request.POST, instance=instance, initial=initial)
        if form.is_valid():
            cycles.save_evaluation(
                cycle, form.cleaned_data["what_worked"], form.cleaned_data["what_did_not"],
                form.cleaned_data["conclusions"], form.cleaned_data["improvement_points"],
            )
            activity.record(
                school, request.user, _("Evaluatie van cyclus %(number)s bijgewerkt") % {"number": cycle.number})
            messages.success(request, _("De evaluatie is opgeslagen."))
            return redirect("projects:close", school=school.slug)
    return render(request, "projects/close.html", {
        "school": school,
        "cycle": cycle,
        "form": form,
        "prompts": cycles.TNO_PROMPTS,
        "carry_over_options": cycles.carry_over_options(cycle),
        "can": access.permissions(request.user, school),
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def start_project(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    if school.current_cycle is None:
        cycle = cycles.start_project(school)
        activity.record(school, request.user, _("Project gestart: cyclus %(number)s") % {"number": cycle.number})
        messages.success(request, _("Het project is gestart. Begin met stap 1: de signalen van werkdruk."))
    return redirect("projects:project", school=school.slug)


@login_required
@require_POST
def start_next_cycle(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    cycle = cycles.current_cycle_or_404(school)
    if not cycle.improvement_points.exists() and not getattr(cycle, "evaluation", None):
        messages.error(request, _("Schrijf eerst de evaluatie en de verbeterpunten van deze cyclus."))
        return redirect("projects:close", school=school.slug)
    chosen = request.POST.getlist("carry_over")
    following = cycles.close_and_start_next(cycle, chosen)
    activity.record(school, request.user, _("Cyclus %(old)s afgesloten en cyclus %(new)s gestart") % {
        "old": cycle.number, "new": following.number})
    messages.success(request, _("Cyclus %(number)s is gestart. De verbeterpunten staan klaar als eerste signalen.") % {
        "number": following.number})
    return redirect("projects:project", school=school.slug)
