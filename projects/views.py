from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import access, activity, audit, cycles, empty_school, queue, team
from .access import Action
from .forms import InviteForm, PeopleListForm, RoleForm, StaffDiscussionForm
from .models import Membership, Role, School
from .steps import cycle_steps


@login_required
def my_schools(request):
    schools = (
        School.objects.visible_to(request.user)
        .select_related("board", "project")
        .prefetch_related("memberships")
    )
    boards = list(access.administered_boards(request.user))
    rows = []
    for school in schools:
        roles = sorted({m.get_role_display() for m in school.memberships.all() if m.user_id == request.user.pk})
        rows.append({"school": school, "roles": roles})
    if boards and not request.GET.get("alle") and not any(row["roles"] for row in rows):
        # A bestuursbeheerder without a role at a school starts where their work is: the board's page.
        return redirect("projects:board", board=boards[0].pk)
    if len(rows) == 1 and not request.GET.get("alle"):
        return redirect(rows[0]["school"])
    board_ids = {board.pk for board in boards}
    for row in rows:
        if row["school"].board_id in board_ids:
            row["roles"].append(_("bestuursbeheerder"))
    return render(request, "projects/my_schools.html", {"rows": rows, "boards": boards})


@login_required
def project(request, school, number: int | None = None):
    school = access.school_for(request.user, school)
    project = getattr(school, "project", None)
    all_cycles = list(project.cycles.all()) if project else []
    if not all_cycles and number is None:
        return empty_school.render_no_project(request, school)
    if number is None:
        cycle = all_cycles[-1] if all_cycles else None
    else:
        cycle = next((c for c in all_cycles if c.number == number), None)
        if cycle is None:
            raise Http404(_("Deze cyclus bestaat niet."))
    steps = cycle_steps(cycle) if cycle else []
    return render(request, "projects/project.html", {
        "school": school,
        "cycle": cycle,
        "cycles": all_cycles,
        "is_past": cycle is not None and cycle != all_cycles[-1],
        "steps": steps,
        "current": next((s for s in steps if s.is_current), None),
        "timeline": [s for s in steps if s.target_date],
        "inspection": cycles.inspection_checklist(cycle) if cycle else [],
        "discussion_form": StaffDiscussionForm(),
        "activities": activity.recent(school),
        "can": access.permissions(request.user, school),
    })


@login_required
def team_page(request, school):
    school = access.school_for(request.user, school)
    form = InviteForm(school=school)
    status = 200
    if request.method == "POST":
        access.require(request.user, school, Action.MANAGE_TEAM)
        form = InviteForm(request.POST, school=school)
        if form.is_valid() and not queue.available():
            # Without the queue the invitation e-mail cannot go: give no role that nobody hears about.
            form.add_error(None, queue.UNREACHABLE)
            status = 503
        elif form.is_valid():
            membership = team.invite(
                school, form.cleaned_data["email"], form.cleaned_data["role"], form.cleaned_data["name"])
            audit.record(request.user, school, audit.AuditAction.ROLE_GIVEN, _("%(email)s kreeg de rol %(role)s.") % {
                "email": membership.user.email, "role": membership.get_role_display()})
            messages.success(request, _("%(email)s is uitgenodigd als %(role)s.") % {
                "email": membership.user.email, "role": membership.get_role_display()})
            return redirect("projects:team", school=school.slug)
    return _render_team(request, school, form=form, status=status)


def _render_team(request, school, form=None, list_form=None, status=200):
    memberships = school.memberships.select_related("user").order_by("user__first_name", "user__username", "role")
    return render(request, "projects/team.html", {
        "school": school,
        "memberships": memberships,
        "form": form or InviteForm(school=school),
        "list_form": list_form or PeopleListForm(),
        "may_manage": access.can(request.user, school, Action.MANAGE_TEAM),
        "show_email": access.can(request.user, school, Action.SEE_EMAIL),
        "role_choices": Membership._meta.get_field("role").choices,
        "can": access.permissions(request.user, school),
    }, status=status)


@login_required
@require_POST
def invite_list(request, school):
    school = access.school_for(request.user, school, Action.MANAGE_TEAM)
    form = PeopleListForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_team(request, school, list_form=form, status=400)
    if not queue.available():
        form.add_error(None, queue.UNREACHABLE)
        return _render_team(request, school, list_form=form, status=503)
    people, role = form.cleaned_data["list"], form.cleaned_data["role"]
    memberships = team.invite_many(school, people, role)
    for membership in memberships:
        audit.record(request.user, school, audit.AuditAction.ROLE_GIVEN, _("%(email)s kreeg de rol %(role)s.") % {
            "email": membership.user.email, "role": membership.get_role_display()})
    messages.success(request, ngettext(
        "%(count)d collega is uitgenodigd als %(role)s.", "%(count)d collega's zijn uitgenodigd als %(role)s.",
        len(memberships)) % {"count": len(memberships), "role": Role(role).label})
    return redirect("projects:team", school=school.slug)


def _membership_to_manage(request, school_slug: str, membership_id: int) -> Membership:
    school = access.school_for(request.user, school_slug, Action.MANAGE_TEAM)
    return get_object_or_404(Membership.objects.select_related("user", "school"), pk=membership_id, school=school)


@login_required
@require_POST
def change_role(request, school, membership_id):
    membership = _membership_to_manage(request, school, membership_id)
    form = RoleForm(request.POST, instance=Membership(role=membership.role))
    if not form.is_valid():
        messages.error(request, _("Kies een bestaande rol."))
    elif team.is_last_project_leader(membership) and form.cleaned_data["role"] != membership.role:
        messages.error(request, _("Een school houdt minstens één projectleider. Benoem eerst een ander."))
    else:
        previous = membership.get_role_display()
        updated = team.change_role(membership, form.cleaned_data["role"])
        audit.record(request.user, updated.school, audit.AuditAction.ROLE_CHANGED,
                     _("%(who)s: %(old)s werd %(new)s.") % {
                         "who": audit.actor_name(updated.user), "old": previous, "new": updated.get_role_display()})
        messages.success(request, _("%(name)s is nu %(role)s.") % {
            "name": updated.user.get_full_name() or updated.user.email or updated.user.username,
            "role": updated.get_role_display()})
    return redirect("projects:team", school=membership.school.slug)


@login_required
@require_POST
def remove_member(request, school, membership_id):
    membership = _membership_to_manage(request, school, membership_id)
    if team.is_last_project_leader(membership):
        messages.error(request, _("Een school houdt minstens één projectleider. Benoem eerst een ander."))
    else:
        membership.delete()
        audit.record(request.user, membership.school, audit.AuditAction.ROLE_REMOVED,
                     _("%(who)s is geen %(role)s meer.") % {
                         "who": audit.actor_name(membership.user), "role": membership.get_role_display()})
        messages.success(request, _("De rol is verwijderd."))
    return redirect("projects:team", school=membership.school.slug)
