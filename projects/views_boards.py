"""The board's page: the bestuursbeheerder adds schools and invites their project leaders and coaches."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, audit, boards, dashboard, queue, throttling
from .forms_boards import AccessRequestForm, BoardInviteForm, SchoolForm
from .models import Role


def _render(request, board, school_form=None, invite_form=None, status=200):
    schools = list(board.schools.prefetch_related("memberships__user").select_related("board"))
    states = {row.school.pk: row for row in dashboard.rows_for(schools)}
    rows = [{
        "school": school,
        "state": states.get(school.pk),
        "people": [m for m in school.memberships.all() if m.role in access.BOARD_INVITES],
    } for school in schools]
    return render(request, "projects/board.html", {
        "board": board,
        "rows": rows,
        "school_form": school_form or SchoolForm(board=board),
        "invite_form": invite_form or BoardInviteForm(board=board),
        "invited_role_names": [Role(role).label for role in access.BOARD_INVITES],
    }, status=status)


@login_required
def board_page(request, board):
    return _render(request, access.board_for(request.user, board))


@login_required
@require_POST
def add_school(request, board):
    board = access.board_for(request.user, board)
    form = SchoolForm(request.POST, board=board)
    if not form.is_valid():
        return _render(request, board, school_form=form, status=400)
    school = boards.add_school(board, **form.cleaned_data)
    messages.success(request, _("%(school)s is toegevoegd. Nodig nu de projectleider uit.") % {"school": school.name})
    return redirect("projects:board", board=board.pk)


@login_required
@require_POST
def invite(request, board):
    board = access.board_for(request.user, board)
    form = BoardInviteForm(request.POST, board=board)
    if not form.is_valid():
        return _render(request, board, invite_form=form, status=400)
    if not queue.available():
        form.add_error(None, queue.UNREACHABLE)
        return _render(request, board, invite_form=form, status=503)
    data = form.cleaned_data
    membership = boards.invite_to_school(data["school"], data["email"], data["role"], data["name"])
    audit.record(request.user, membership.school, audit.AuditAction.ROLE_GIVEN,
                 _("%(email)s kreeg de rol %(role)s.") % {
                     "email": membership.user.email, "role": membership.get_role_display()})
    messages.success(request, _("%(email)s is uitgenodigd als %(role)s van %(school)s.") % {
        "email": membership.user.email, "role": membership.get_role_display(), "school": membership.school.name})
    return redirect("projects:board", board=board.pk)


def access_request(request):
    """The public "Aanmelden" page: a board asks for access; the operator approves it in the admin."""
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and throttling.ACCESS_REQUESTS.blocked(throttling.ACCESS_REQUESTS_KEY):
        form.add_error(None, _("Er zijn vandaag al veel aanmeldingen binnengekomen. Probeer het morgen opnieuw."))
        return render(request, "projects/access_request.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        form.save()
        throttling.ACCESS_REQUESTS.hit(throttling.ACCESS_REQUESTS_KEY)
        return render(request, "projects/access_request.html", {"sent": True})
    return render(request, "projects/access_request.html", {"form": form}, status=400 if form.errors else 200)
