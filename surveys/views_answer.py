"""Answering the survey without an account.

The personal link `/v/<token>/` is exchanged for an entry in the session on the first
request and the teacher is sent on to an address without the token, so it does not stay
in the address bar, the history or a shared screenshot. From then on the session holds
the invitation's id, never the token. Tokens are never logged.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from projects.responses import RespondWith
from projects.throttling import SURVEY_CODES

from . import answering, invitations
from .answering import SESSION_KEY, InvalidAnswers, NothingAnswered, Questionnaire, Refused
from .forms import CodeForm
from .models import Invitation, Wave

SENT_KEY = "survey_sent"  # the school's name, once this browser has sent its answers: every way back says so
DEVICE_COOKIE = "werkdruk_apparaat"
DEVICE_COOKIE_AGE = 120 * 24 * 60 * 60  # longer than any wave is open

logger = logging.getLogger(__name__)

# Dead-link pages: what the teacher reads, and the status that tells browsers and proxies the same.
WELCOME_BACK = "verder"  # in the address a returning teacher is sent on to: the page greets them

UNAVAILABLE_STATUS = {"used": 410, "closed": 410, "upcoming": 200, "unknown": 404, "no_session": 200}


@sensitive_variables("token")  # error reports (the admins' mail, the DEBUG page) show it as stars
@csrf_exempt  # safe: only GET and HEAD change anything here, and only the visitor's own session
@never_cache
def enter(request, token):
    # Django logs every 4xx response with its path, and this path holds the token. So no request
    # gets a 4xx here: a dead link gets its friendly page with status 200, OPTIONS its answer, and
    # any other method (a POST, even one without CSRF token) the page asking to open the link again,
    # with nothing changed. werkdruk/redaction.py blanks the token should a log line mention it anyway.
    if request.method == "OPTIONS":
        response = HttpResponse()
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response
    if request.method not in ("GET", "HEAD"):
        return _unavailable(request, "no_session", status=200)
    language = _link_language(request)
    invitation = Invitation.objects.by_token(token).select_related("wave__cycle__project__school").first()
    if invitation is None:
        response = _unavailable(request, "unknown", status=200)
    else:
        response = _admit(request, invitation, dead_status=200)
    if language:
        _keep_language(response, language)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def code(request):
    language = _link_language(request) if request.method == "GET" else None
    if language:
        # Kept on this device as the header's buttons keep it, and out of the address, so that those buttons
        # can change it again.
        response = redirect("surveys:code")
        _keep_language(response, language)
        return response
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if SURVEY_CODES.blocked(request):
            form.add_error("code", SURVEY_CODES.GUESSING_MESSAGE)
            return render(request, "surveys/code.html", {"form": form}, status=429)
        invitation = invitations.find_invitation(form.cleaned_data["code"])
        if invitation is not None:
            started_over = answering.start_afresh_on_another_device(invitation, _writer(request))
            return _admit(request, invitation, started_over=started_over)
        SURVEY_CODES.miss(request)
        form.add_error(
            "code", _("Deze code kennen we niet. Controleer de tekens op je briefje en probeer het opnieuw."))
    return render(request, "surveys/code.html", {"form": form})


@never_cache
@require_http_methods(["GET"])
def intro(request):
    invitation = _invitation(request)
    draft = getattr(invitation, "draft", None)
    questionnaire = Questionnaire.for_wave(invitation.wave)
    if draft is not None and draft.section and not request.GET.get("uitleg"):
        return redirect(_step_url(draft.section, questionnaire) + "?" + urlencode({WELCOME_BACK: 1}))
    return render(request, "surveys/intro.html", {
        "school_name": _school_name(invitation), "wave": invitation.wave, "total": questionnaire.total,
        "resume_at": draft.section if draft else 0,
        "started_over": bool(request.GET.get("opnieuw")),
    })


@never_cache
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
def part(request, number):
    invitation = _invitation(request)
    questionnaire = Questionnaire.for_wave(invitation.wave)
    current = questionnaire.part(number)
    if current is None:
        return redirect(_step_url(number, questionnaire) if number > 0 else reverse("surveys:intro"))
    draft = getattr(invitation, "draft", None)
    answers = dict(draft.answers) if draft else {}
    department = draft.department if draft else ""
    errors: list[str] = []
    if request.method == "POST":
        try:
            posted, posted_department = questionnaire.clean(current, dict(request.POST.lists()))
        except InvalidAnswers as invalid:
            errors = invalid.messages
        else:
            action = request.POST.get("action", "")
            go_to = {"next": number + 1, "back": number - 1}.get(action, number)
            answering.save_part(invitation, draft, current, posted, posted_department, resume_at=max(go_to, 1),
                                writer=_writer(request))
            if request.htmx and not action:
                return render(request, "surveys/part.html#saved", {"saved": True})
            return redirect(_step_url(go_to, questionnaire) if go_to else reverse("surveys:intro") + "?uitleg=1")
        if request.htmx:
            return render(request, "surveys/part.html#saved", {"errors": errors})
    return render(request, "surveys/part.html", {
        "school_name": _school_name(invitation),
        "welcome_back": bool(request.GET.get(WELCOME_BACK)),
        "part": current,
        "total": questionnaire.total,
        "questions": questionnaire.questions(current, answers),
        "department": department,
        "department_options": answering.DEPARTMENT_OPTIONS,
        "errors": errors,
    }, status=400 if errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def review(request):
    error = ""
    if request.method == "POST" and request.session.get(SESSION_KEY):
        # The submission reads the invitation once, locked, with its wave and draft, and refuses it for
        # the same reasons `_invitation` does (answering.submit): no read of it before that one.
        try:
            response = answering.submit(request.session[SESSION_KEY])
        except Invitation.DoesNotExist:
            pass  # `_invitation` below shows the page for a link that is gone
        except Refused as refused:
            wave = Wave.objects.select_related("cycle__project__school").filter(
                invitations__pk=request.session[SESSION_KEY]).first()
            return _unavailable(request, refused.reason, wave)
        except NothingAnswered:
            error = _("Je hebt nog geen enkele vraag beantwoord. Ga terug om de vragen in te vullen.")
        else:
            # The wave and its school came with the submission's one locked read.
            _forget_invitation(request, response.wave.cycle.project.school.name)
            return redirect("surveys:thanks")
    invitation = _invitation(request)
    questionnaire = Questionnaire.for_wave(invitation.wave)
    draft = getattr(invitation, "draft", None)
    if request.method != "POST" and draft is not None and draft.section != questionnaire.total + 1:
        draft.section = questionnaire.total + 1
        draft.save(update_fields=["section"])
    answers = draft.answers if draft else {}
    department = draft.department if draft else ""
    return render(request, "surveys/review.html", {
        "school_name": _school_name(invitation),
        "welcome_back": bool(request.GET.get(WELCOME_BACK)),
        "progress": questionnaire.progress(answers),
        "total": questionnaire.total,
        "department": dict(answering.DEPARTMENT_OPTIONS).get(department, ""),
        "wave": invitation.wave,
        "error": error,
    }, status=400 if error else 200)


@never_cache
def thanks(request):
    return render(request, "surveys/thanks.html", {"school_name": request.session.get(SENT_KEY, "")})


def _invitation(request) -> Invitation:
    """The invitation this browser answers for; without one, the page to show instead (RespondWith)."""
    pk = request.session.get(SESSION_KEY)
    invitations = Invitation.objects.select_related("wave__cycle__project__school", "draft")
    invitation = invitations.filter(pk=pk).first() if pk else None
    if invitation is None:
        if SENT_KEY in request.session:  # sent: the back button or an old part's address says so, not "saved"
            raise RespondWith(redirect("surveys:thanks"))
        raise RespondWith(_unavailable(request, "no_session"))
    reason = answering.refusal(invitation)
    if reason:
        raise RespondWith(_unavailable(request, reason, invitation.wave))
    return invitation


def _forget_invitation(request, school_name: str) -> None:
    """Drop the invitation from the session once its answers are stored; remember that they were sent.

    Stored is what the teacher must hear: when the session cannot be saved now (the database
    connection was lost right after the commit), the thanks page still comes, and the session
    keeps pointing at an invitation that only shows "al ingevuld".
    """
    request.session.pop(SESSION_KEY, None)
    request.session[SENT_KEY] = school_name
    try:
        request.session.save()
    except (UpdateError, DatabaseError) as error:
        logger.warning("Sessie na het versturen niet opgeslagen: %s", error)
    request.session.modified = False  # saved here, or left as it was: not again by the middleware


def _admit(request, invitation: Invitation, dead_status: int | None = None, started_over: bool = False):
    reason = answering.refusal(invitation)
    if reason:
        return _unavailable(request, reason, invitation.wave, status=dead_status)
    request.session.pop(SENT_KEY, None)
    # A session this device already had gets a new key, so nobody can plant one. A new session is
    # written once, when the response goes out: cycling it too cost a second write and commit.
    if request.session.session_key is not None:
        request.session.cycle_key()
    request.session[SESSION_KEY] = invitation.pk
    response = redirect(reverse("surveys:intro") + ("?opnieuw=1" if started_over else ""))
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE, secrets.token_urlsafe(24), max_age=DEVICE_COOKIE_AGE, httponly=True,
            secure=settings.SESSION_COOKIE_SECURE, samesite="Lax",
        )
    return response


def _link_language(request) -> str | None:
    """The language a link asks for (`?lang=en` on the invitation's English link), now active."""
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        return None
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def _keep_language(response, language: str) -> None:
    """The language for every following page on this device: the cookie the header's buttons set too."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def _writer(request) -> str:
    """Which device writes a draft: the hash of its cookie (nothing that says who holds it)."""
    device = request.COOKIES.get(DEVICE_COOKIE, "")
    return hashlib.sha256(device.encode()).hexdigest() if device else ""


def _step_url(number: int, questionnaire: Questionnaire) -> str:
    if number > questionnaire.total:
        return reverse("surveys:review")
    return reverse("surveys:part", kwargs={"number": number})


def _school_name(invitation: Invitation) -> str:
    return invitation.wave.cycle.project.school.name


def _unavailable(request, reason: str, wave=None, status: int | None = None):
    status = status or UNAVAILABLE_STATUS[reason]
    school_name = wave.cycle.project.school.name if wave is not None else ""
    if reason == "used":  # the answers were sent: the thank-you page says so, whichever way one came back
        return render(request, "surveys/thanks.html", {"school_name": school_name}, status=status)
    return render(request, "surveys/unavailable.html", {"reason": reason, "wave": wave, "school_name": school_name},
                  status=status)
