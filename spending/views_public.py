"""The team's voice without an account: a personal link or a slip's code, as for the survey.

The token moves into the session at once and the browser is sent on, so the token is never in the address of
a form or of a 4xx response (surveys/views_answer.py says why)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from projects.throttling import SURVEY_CODES

from . import consultation, plans
from .forms import CodeForm, VoteForm
from .models import ConsultationInvitation

SESSION_KEY = "spending_invitation"


def _admit(request, invitation: ConsultationInvitation | None):
    if invitation is None or invitation.used or not invitation.consultation.is_open:
        return render(request, "spending/respond_closed.html")
    request.session[SESSION_KEY] = invitation.pk
    return redirect("spending:vote")


@never_cache
@require_http_methods(["GET", "HEAD"])
def respond(request, token):
    return _admit(request, consultation.find_invitation(token))


@never_cache
@require_http_methods(["GET", "POST"])
def code(request):
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if SURVEY_CODES.blocked(request):
            form.add_error("code", SURVEY_CODES.GUESSING_MESSAGE)
            return render(request, "spending/code.html", {"form": form}, status=429)
        invitation = consultation.find_invitation(form.cleaned_data["code"])
        if invitation is not None:
            return _admit(request, invitation)
        SURVEY_CODES.miss(request)
        form.add_error(
            "code", _("Deze code kennen we niet. Controleer de tekens op je briefje en probeer het opnieuw."))
    return render(request, "spending/code.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def vote(request):
    invitation = (ConsultationInvitation.objects.select_related("consultation__version__plan__school")
                  .filter(pk=request.session.get(SESSION_KEY)).first())
    if invitation is None or invitation.used or not invitation.consultation.is_open:
        return render(request, "spending/respond_closed.html")
    version = invitation.consultation.version
    form = VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation.respond(invitation.pk, form.cleaned_data["supports"], form.cleaned_data["remark"])
        except consultation.Refused:
            return render(request, "spending/respond_closed.html")
        del request.session[SESSION_KEY]
        return render(request, "spending/respond_thanks.html", {"plan": version.plan})
    lines = list(version.lines.select_related("bottleneck"))
    return render(request, "spending/vote.html", {
        "form": form, "plan": version.plan, "version": version, "lines": lines,
        "totals": plans.totals(version, lines),
    })
