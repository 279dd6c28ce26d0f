"""Steps 2 (choosing), 3 and 4: every view starts with the access check for what it is about to do."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRefresh

from projects import access, activity, audit
from projects.access import Action
from projects.cycles import current_cycle_or_404
from projects.models import AuditAction, Cycle
from projects.parsing import positive_int
from projects.pdf import html_to_pdf
from projects.responses import RespondWith
from projects.throttling import BRAINSTORM_CODES
from projects.wiring import wiring

from . import bottlenecks, brainstorm, catalogue, exports, progress, werkplan
from .forms import (
    BrainstormForm,
    CandidateForm,
    CheckInForm,
    FocusCheckForm,
    GroupForm,
    IdeaForm,
    JoinForm,
    MeasureForm,
    ProgressForm,
    ScoreForm,
    SourceDocumentForm,
    SuccessForm,
    TopFiveForm,
)
from .models import (
    Bottleneck,
    Brainstorm,
    Idea,
    Measure,
    MeasureActivity,
    Participant,
    Phase,
    Reaction,
    SourceDocument,
    Success,
    Vote,
    VoteRefused,
)

MAX_PARTICIPANTS = 300


def _shown_cycle(request, school) -> Cycle:
    """The current cycle, or an earlier one asked for with ?cyclus=N (to read back)."""
    number = positive_int(request.GET.get("cyclus"))
    if number is not None:
        return get_object_or_404(Cycle, project__school=school, number=number)
    return current_cycle_or_404(school)


def _context(request, school, **extra) -> dict:
    return {"school": school, "can": access.permissions(request.user, school), **extra}


def _werkplan_changed(request, school, what: str) -> None:
    """The werkplan is on the project's activity list and, because it is the school's plan, in the audit log."""
    activity.record(school, request.user, what)
    audit.record(request.user, school, AuditAction.WERKPLAN_CHANGED, what)


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


# Step 2: bottlenecks ------------------------------------------------------------------------------

@login_required
@vary_on_headers("HX-Request")
def bottlenecks_page(request, school):
    school = access.school_for(request.user, school)
    cycle = _shown_cycle(request, school)
    context = _context(request, school, cycle=cycle, top=list(cycle.bottlenecks.top()))
    if access.can(request.user, school, Action.VIEW_RESULTS):
        candidates = cycle.bottlenecks.select_related("document").ranked_by_score()
        editable = access.can(request.user, school, Action.EDIT_PROJECT)
        context.update(
            candidates=[(b, ScoreForm(instance=b, prefix=f"b{b.pk}") if editable else None) for b in candidates],
            documents=cycle.source_documents.all(),
            candidate_form=CandidateForm(cycle=cycle),
        )
    return render(request, "actionplans/bottlenecks.html", context)


@login_required
@require_POST
def bottleneck_add(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    cycle = current_cycle_or_404(school)
    form = CandidateForm(request.POST, cycle=cycle)
    if form.is_valid():
        candidate = form.save(commit=False)
        candidate.cycle = cycle
        candidate.source = "document" if candidate.document else "werkgroep"
        candidate.save()
        messages.success(request, _("Knelpunt „%(label)s” toegevoegd.") % {"label": candidate.label})
    else:
        messages.error(request, _("Geef het knelpunt een naam (hoogstens 200 tekens)."))
    return redirect("actionplans:bottlenecks", school=school.slug)


@login_required
@require_POST
def bottleneck_propose(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    cycle = current_cycle_or_404(school)
    candidates = bottlenecks.survey_candidates(cycle)
    if candidates is None:
        messages.error(request, _("Deze cyclus heeft nog geen voormeting om knelpunten uit voor te stellen."))
    else:
        added = bottlenecks.add_candidates(cycle, candidates)
        messages.success(request, ngettext("%(n)s knelpunt uit de voormeting toegevoegd.",
                                           "%(n)s knelpunten uit de voormeting toegevoegd.", added) % {"n": added})
    return redirect("actionplans:bottlenecks", school=school.slug)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def bottleneck_score(request, school, pk):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    bottleneck = get_object_or_404(Bottleneck, pk=pk, cycle__project__school=school)
    form = ScoreForm(request.POST, instance=bottleneck, prefix=f"b{bottleneck.pk}")
    if form.is_valid():
        form.save()
    elif not request.htmx:
        messages.error(request, _("Geef bij alle drie de vragen een antwoord."))
    if request.htmx:
        return render(request, "actionplans/bottlenecks.html#candidate",
                      _context(request, school, bottleneck=bottleneck, score_form=form))
    return redirect("actionplans:bottlenecks", school=school.slug)


@login_required
@require_POST
def bottleneck_delete(request, school, pk):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    bottleneck = get_object_or_404(Bottleneck, pk=pk, cycle__project__school=school)
    if bottleneck.rank or bottleneck.measures.exists() or bottleneck.ideas.exists():
        messages.error(
            request, _("Dit knelpunt staat in de top vijf of heeft ideeën of maatregelen; het blijft staan."))
    else:
        bottleneck.delete()
        messages.success(request, _("Knelpunt verwijderd."))
    return redirect("actionplans:bottlenecks", school=school.slug)


@login_required
def top_five(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    cycle = current_cycle_or_404(school)
    candidates = cycle.bottlenecks.ranked_by_score()
    if request.method == "POST":
        form = TopFiveForm(request.POST, cycle=cycle, candidates=candidates)
        if form.is_valid():
            bottlenecks.fix_top_five(cycle, form.cleaned_data["chosen"])
            _werkplan_changed(request, school, _("Top vijf knelpunten vastgelegd"))
            messages.success(request, _("De top vijf is vastgelegd."))
            return redirect("actionplans:bottlenecks", school=school.slug)
    else:
        current = list(cycle.bottlenecks.top()) or [b for b in candidates if b.score is not None][:5]
        initial = {}
        for place, bottleneck in enumerate(current, start=1):
            initial[f"bottleneck_{place}"] = bottleneck.pk
            initial[f"reason_{place}"] = bottleneck.reason
        form = TopFiveForm(initial=initial, cycle=cycle, candidates=candidates)
    return render(request, "actionplans/top_five.html", _context(request, school, cycle=cycle, form=form,
                                                                 candidates=candidates))


@login_required
def sources(request, school):
    school = access.school_for(request.user, school, Action.VIEW_RESULTS)
    cycle = _shown_cycle(request, school)
    form = SourceDocumentForm()
    if request.method == "POST":
        access.require(request.user, school, Action.EDIT_PROJECT)
        cycle = current_cycle_or_404(school)
        form = SourceDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            document = form.save(commit=False)
            document.cycle = cycle
            document.original_name = form.cleaned_data["file"].name[-200:]
            document.uploaded_by = request.user
            document.save()
            messages.success(request, _("Bron „%(title)s” toegevoegd.") % {"title": document.title})
            return redirect("actionplans:sources", school=school.slug)
    return render(request, "actionplans/sources.html", _context(
        request, school, cycle=cycle, form=form, documents=cycle.source_documents.select_related("uploaded_by")))


@login_required
def source_download(request, school, pk):
    school = access.school_for(request.user, school, Action.VIEW_RESULTS)
    document = get_object_or_404(SourceDocument, pk=pk, cycle__project__school=school)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Dit document is niet meer beschikbaar.")) from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


# Step 3: the brainstorm, for the project leader and the projector ---------------------------------

@login_required
def brainstorms(request, school):
    school = access.school_for(request.user, school)
    cycle = _shown_cycle(request, school)
    form = BrainstormForm(initial={"title": _("Brainstorm studiedag")})
    if request.method == "POST":
        access.require(request.user, school, Action.EDIT_PROJECT)
        cycle = current_cycle_or_404(school)
        form = BrainstormForm(request.POST)
        if not cycle.bottlenecks.top().exists():
            messages.error(request, _("Leg eerst de top vijf knelpunten vast: daar gaat de brainstorm over."))
        elif form.is_valid():
            session = Brainstorm.open(cycle, form.cleaned_data["title"], request.user,
                                      form.cleaned_data["votes_per_device"])
            return redirect("actionplans:brainstorm_presenter", school=school.slug, pk=session.pk)
    rows = cycle.brainstorms.annotate(idea_count=Count("ideas", distinct=True),
                                      people=Count("participants", distinct=True))
    return render(request, "actionplans/brainstorms.html", _context(
        request, school, cycle=cycle, form=form, sessions=rows, has_top=cycle.bottlenecks.top().exists()))


def _join_url(session: Brainstorm) -> str:
    return settings.SITE_URL + reverse("actionplans:join_session", kwargs={"code": session.code})


def _short_join_address() -> str:
    """What a room can type from the projector: "werkdruk.example.nl/doe-mee", then the code."""
    return (settings.SITE_URL + reverse("actionplans:join")).split("://", 1)[-1].rstrip("/")


@login_required
@vary_on_headers("HX-Request")
def brainstorm_presenter(request, school, pk):
    school = access.school_for(request.user, school)
    session = get_object_or_404(Brainstorm.objects.select_related("cycle"), pk=pk, cycle__project__school=school)
    bottlenecks_ = session.bottlenecks()
    context = _context(
        request, school, session=session,
        priority=brainstorm.priority(
            bottlenecks_,
            brainstorm.name_groups(session.ranked_ideas(), brainstorm.shown_groups(session.group_counts()))),
        people=session.participants.count(),
        votes=Vote.objects.filter(idea__brainstorm=session).count(),
    )
    if request.htmx:
        return render(request, "actionplans/presenter.html#live", context)
    if not session.is_closed:
        join_url = _join_url(session)
        context.update(join_url=join_url, short_join_address=_short_join_address(), qr=mark_safe(
            segno.make(join_url, error="m").svg_inline(
                scale=6, dark="#1f2933", light="#ffffff", title=_("QR-code om mee te doen"))))
    return render(request, "actionplans/presenter.html", context)


@login_required
@require_POST
def brainstorm_phase(request, school, pk):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    session = get_object_or_404(Brainstorm, pk=pk, cycle__project__school=school)
    if request.POST.get("phase") == Phase.VOTING:
        session.start_voting()
    elif request.POST.get("phase") == Phase.CLOSED and not session.is_closed:
        session.close()
        activity.record(school, request.user, _("Brainstorm gehouden: %(title)s") % {"title": session.title})
        messages.success(request, _("De brainstorm is gesloten; de code werkt niet meer."))
    return redirect("actionplans:brainstorm_presenter", school=school.slug, pk=session.pk)


STARTING_FIELD = "antwoord-"  # + the open answer's id; the value is a bottleneck's id, or empty: not taken


@login_required
def brainstorm_starting_ideas(request, school, pk):
    """The team's answers to "Wat zou jouw werkdruk het meest verlichten?" as the brainstorm's first ideas."""
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    session = get_object_or_404(Brainstorm.objects.select_related("cycle"), pk=pk, cycle__project__school=school)
    errors: list[str] = []
    if request.method == "POST":
        chosen: dict[int, int] = {}
        for name, value in request.POST.items():
            if not name.startswith(STARTING_FIELD) or not value:
                continue
            answer_id, bottleneck_id = positive_int(name.removeprefix(STARTING_FIELD)), positive_int(value)
            if answer_id is None or bottleneck_id is None:
                errors.append(_("Kies voor elk antwoord een knelpunt uit de top vijf, of ‘niet overnemen’."))
                break
            chosen[answer_id] = bottleneck_id
        if not errors:
            try:
                added = brainstorm.take_starting_ideas(session, chosen)
            except brainstorm.StartingIdeasRefused as refused:
                errors = refused.messages
            else:
                messages.success(request, ngettext(
                    "%(n)s antwoord staat nu als idee in de brainstorm.",
                    "%(n)s antwoorden staan nu als idee in de brainstorm.", added) % {"n": added})
                return redirect("actionplans:brainstorm_presenter", school=school.slug, pk=session.pk)
    return render(request, "actionplans/starting_ideas.html", _context(
        request, school, session=session, answers=brainstorm.starting_answers(session),
        bottlenecks=session.bottlenecks(), field=STARTING_FIELD, errors=errors,
    ), status=400 if errors else 200)


# Step 3: the brainstorm, for staff on their phones (no account) -----------------------------------

def join(request):
    form = JoinForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("actionplans:join_session", code=form.cleaned_data["code"])
    return render(request, "actionplans/join.html", {"form": form})


def _with_code(typed: str):
    """The sessions with this code. Text that is no code at all is not looked up: it may hold characters
    PostgreSQL refuses (NUL)."""
    code = brainstorm.normalise_code(typed)
    return Brainstorm.objects.filter(code=code) if brainstorm.looks_like_code(code) else Brainstorm.objects.none()


def _live_session(request, code: str) -> Brainstorm:
    """The live session with this code; without one, the friendly page that says why answers the request."""
    if BRAINSTORM_CODES.blocked(request):
        raise RespondWith(render(request, "actionplans/join_closed.html", {
            "blocked": True, "message": BRAINSTORM_CODES.GUESSING_MESSAGE, "form": JoinForm()}, status=429))
    with_code = _with_code(code)
    session = with_code.live().first()
    if session is not None:
        return session
    closed = with_code.exists()
    if not closed:
        BRAINSTORM_CODES.miss(request)
    raise RespondWith(render(request, "actionplans/join_closed.html", {"closed": closed, "form": JoinForm()},
                             status=410 if closed else 404))


def _ballot_context(session: Brainstorm, participant: Participant) -> dict:
    ideas = (session.ideas.select_related("bottleneck")
             .annotate(mine=Exists(Vote.objects.filter(idea=OuterRef("pk"), participant=participant)))
             .order_by("bottleneck__rank", "text", "pk"))
    return {"session": session, "participant": participant, "ideas": ideas, "votes_left": participant.votes_left()}


@vary_on_headers("HX-Request")
def join_session(request, code):
    session = _live_session(request, code)
    participant = brainstorm.participant_for(request.session, session)
    group_form = GroupForm()
    if participant is None and request.method == "POST":
        group_form = GroupForm(request.POST)
        if group_form.is_valid() and session.participants.count() < MAX_PARTICIPANTS:
            participant = session.participants.create(group=group_form.cleaned_data["group"])
            brainstorm.remember(request.session, participant)
            return redirect("actionplans:join_session", code=session.code)
    if participant is None:
        return render(request, "actionplans/join_session.html", {"session": session, "group_form": group_form})
    bottlenecks_ = session.bottlenecks()
    context = {
        "session": session, "participant": participant, "bottlenecks": bottlenecks_,
        "idea_form": IdeaForm(bottlenecks=bottlenecks_),
        "my_ideas": participant.own_ideas(),
    }
    if session.phase == Phase.VOTING:
        context.update(_ballot_context(session, participant))
    return render(request, "actionplans/join_session.html", context)


def join_phase(request, code):
    """Polled by the phone: nothing (204) while the phase stays, a refresh when the presenter moves on.

    Unknown codes count as guesses, as on the join page: 204 or not would otherwise tell a script which codes live.
    """
    if BRAINSTORM_CODES.blocked(request):
        refresh = HttpResponseClientRefresh()  # the phone reloads into the page that explains the block
        refresh.status_code = 429
        return refresh
    session = _with_code(code).order_by("-opened_at").first()
    if session is None:
        BRAINSTORM_CODES.miss(request)
    if session is None or session.phase != request.GET.get("fase"):
        return HttpResponseClientRefresh()
    return HttpResponse(status=204)


@require_POST
@vary_on_headers("HX-Request")
def join_idea(request, code):
    session = _live_session(request, code)
    participant = brainstorm.participant_for(request.session, session)
    if participant is None:
        return redirect("actionplans:join_session", code=session.code)
    bottlenecks_ = session.bottlenecks()
    form = IdeaForm(request.POST, bottlenecks=bottlenecks_)
    if session.phase != Phase.IDEAS:
        form.add_error(None, _("Het verzamelen van ideeën is voorbij."))
    elif participant.ideas.count() >= Participant.MAX_IDEAS:
        form.add_error(None, _("Je hebt het maximum aantal ideeën bereikt."))
    if form.is_valid():
        Idea.objects.create(brainstorm=session, participant=participant, group=participant.group,
                            bottleneck_id=form.cleaned_data["bottleneck"], text=form.cleaned_data["text"])
        form = IdeaForm(bottlenecks=bottlenecks_, initial={"bottleneck": form.cleaned_data["bottleneck"]})
        if not request.htmx:
            messages.success(request, _("Dank je! Je idee staat erbij."))
            return redirect("actionplans:join_session", code=session.code)
    context = {"session": session, "participant": participant, "bottlenecks": bottlenecks_, "idea_form": form,
               "my_ideas": participant.own_ideas()}
    if request.htmx:
        return render(request, "actionplans/join_session.html#ideas", context)
    if session.phase == Phase.VOTING:  # the presenter moved on while this idea was being typed
        context.update(_ballot_context(session, participant))
    return render(request, "actionplans/join_session.html", context)


@require_POST
@vary_on_headers("HX-Request")
def join_vote(request, code, idea):
    session = _live_session(request, code)
    participant = brainstorm.participant_for(request.session, session)
    if participant is None:
        return redirect("actionplans:join_session", code=session.code)
    chosen = get_object_or_404(Idea, pk=idea, brainstorm=session)
    refusal = ""
    try:
        Vote.toggle(participant, chosen)
    except VoteRefused as error:
        refusal = str(error)
    if not request.htmx:
        if refusal:
            messages.error(request, refusal)
        return redirect("actionplans:join_session", code=session.code)
    return render(request, "actionplans/join_session.html#ballot",
                  {**_ballot_context(session, participant), "refusal": refusal})


# Step 3: the werkplan -----------------------------------------------------------------------------

def _werkplan_measures(cycle: Cycle) -> list[Measure]:
    return progress.mark(list(Measure.objects.filter(cycle=cycle).for_werkplan()), timezone.localdate())


def _measure(school, pk: int) -> Measure:
    measure = get_object_or_404(Measure.objects.for_werkplan(), pk=pk, cycle__project__school=school)
    return progress.mark([measure], timezone.localdate())[0]


@login_required
def werkplan_page(request, school):
    school = access.school_for(request.user, school)
    cycle = _shown_cycle(request, school)
    measures = _werkplan_measures(cycle)
    today = timezone.localdate()
    return render(request, "actionplans/werkplan.html", _context(
        request, school, cycle=cycle, measures=measures, today=today,
        summary=werkplan.summary(measures, today), attention=progress.attention(measures, today),
        has_top=cycle.bottlenecks.top().exists(),
    ))


def _measure_initial(request, cycle: Cycle) -> dict:
    """A new measure may start from a catalogue example, a brainstorm idea or a bottleneck."""
    initial = {}
    example = catalogue.example(request.GET.get("voorbeeld", ""))
    if example:
        initial.update(title=example.title, description=example.text,
                       activities="\n".join(map(str, example.activities)))
    idea_pk = positive_int(request.GET.get("idee"))
    if idea_pk is not None:
        idea = Idea.objects.filter(pk=idea_pk, brainstorm__cycle=cycle).first()
        if idea:
            initial.update(title=idea.text[:200], description=idea.text, bottleneck=idea.bottleneck_id)
    bottleneck_pk = positive_int(request.GET.get("knelpunt"))
    if bottleneck_pk is not None and cycle.bottlenecks.filter(pk=bottleneck_pk).exists():
        initial["bottleneck"] = bottleneck_pk
    return initial


@login_required
def measure_new(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    cycle = current_cycle_or_404(school)
    if request.method == "POST":
        form = MeasureForm(request.POST, cycle=cycle, instance=Measure(cycle=cycle))
        if form.is_valid():
            measure = form.save()
            _werkplan_changed(request, school, _("Maatregel toegevoegd: %(title)s") % {"title": measure.title})
            messages.success(request, _("Maatregel „%(title)s” staat in het werkplan.") % {"title": measure.title})
            return redirect("actionplans:werkplan", school=school.slug)
    else:
        form = MeasureForm(cycle=cycle, initial=_measure_initial(request, cycle))
    return render(request, "actionplans/measure_new.html", _context(request, school, cycle=cycle, form=form))


@login_required
@vary_on_headers("HX-Request")
def measure_detail(request, school, pk):
    school = access.school_for(request.user, school)
    if request.htmx:
        return _measure_card(request, school, pk)
    measure = _measure(school, pk)
    return render(request, "actionplans/measure.html", _context(
        request, school, measure=measure, today=timezone.localdate(),
        updates=measure.updates.select_related("author"),
        check_ins=measure.check_ins.select_related("author"),
        successes=measure.successes.select_related("author"),
        progress_form=ProgressForm(initial={"status": measure.status, "on": timezone.localdate()}),
    ))


def _measure_card(request, school, pk: int) -> HttpResponse:
    return render(request, "actionplans/_measure.html", _context(
        request, school, measure=_measure(school, pk), today=timezone.localdate()))


@login_required
@vary_on_headers("HX-Request")
def measure_edit(request, school, pk):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    measure = _measure(school, pk)
    if request.method == "POST":
        form = MeasureForm(request.POST, cycle=measure.cycle, instance=measure)
        if form.is_valid():
            form.save()
            _werkplan_changed(request, school, _("Maatregel gewijzigd: %(title)s") % {"title": measure.title})
            if request.htmx:
                return _measure_card(request, school, measure.pk)
            messages.success(request, _("De maatregel is bijgewerkt."))
            return redirect("actionplans:werkplan", school=school.slug)
    else:
        form = MeasureForm(cycle=measure.cycle, instance=measure)
    template = "actionplans/_measure_form.html" if request.htmx else "actionplans/measure_edit.html"
    return render(request, template, _context(request, school, measure=measure, form=form))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def activity_toggle(request, school, pk, activity_pk):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    item = get_object_or_404(MeasureActivity, pk=activity_pk, measure_id=pk, measure__cycle__project__school=school)
    item.done = not item.done
    item.save(update_fields=["done"])
    if request.htmx:
        return _measure_card(request, school, pk)
    return redirect(_back(request, reverse("actionplans:werkplan", kwargs={"school": school.slug})))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def measure_progress(request, school, pk):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    measure = _measure(school, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        measure.report_progress(form.cleaned_data["note"], form.cleaned_data["status"], request.user,
                                form.cleaned_data["on"])
        activity.record(school, request.user, _("Voortgang gemeld: %(title)s") % {"title": measure.title})
        if request.htmx:
            return _measure_card(request, school, pk)
        messages.success(request, _("Voortgang van „%(title)s” vastgelegd.") % {"title": measure.title})
    else:
        messages.error(request, _("Schrijf kort op wat er gebeurd is en kies de status."))
    return redirect(_back(request, reverse("actionplans:measure", kwargs={"school": school.slug, "pk": pk})))


@login_required
def werkplan_print(request, school):
    school = access.school_for(request.user, school)
    cycle = _shown_cycle(request, school)
    return render(request, "actionplans/werkplan_print.html", _print_context(request, school, cycle))


def _print_context(request, school, cycle: Cycle) -> dict:
    measures = _werkplan_measures(cycle)
    today = timezone.localdate()
    return _context(request, school, cycle=cycle, measures=measures, today=today,
                    top=list(cycle.bottlenecks.top()), summary=werkplan.summary(measures, today))


def _filename(school, cycle: Cycle, extension: str) -> str:
    return f"werkplan-{slugify(school.slug)}-cyclus-{cycle.number}.{extension}"


@login_required
def werkplan_pdf(request, school):
    school = access.school_for(request.user, school)
    cycle = _shown_cycle(request, school)
    html = render_to_string("actionplans/werkplan_print.html", {**_print_context(request, school, cycle), "pdf": True})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(school, cycle, "pdf")}"'
    audit.record(request.user, school, AuditAction.EXPORTED,
                 _("Werkplan van %(cycle)s gedownload (PDF).") % {"cycle": cycle})
    return response


@login_required
def werkplan_export(request, school, fmt):
    school = access.school_for(request.user, school)
    cycle = _shown_cycle(request, school)
    rows = werkplan.plan_van_aanpak_rows(_werkplan_measures(cycle))
    for more_rows in wiring().plan_van_aanpak_rows:
        rows += more_rows(cycle)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(rows, _("Plan van aanpak")),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="plan-van-aanpak-{_filename(school, cycle, fmt)}"'
    audit.record(request.user, school, AuditAction.EXPORTED,
                 _("Plan van aanpak van %(cycle)s gedownload (%(fmt)s).") % {"cycle": cycle, "fmt": fmt.upper()})
    return response


@login_required
def meeting(request, school):
    school = access.school_for(request.user, school)
    cycle = current_cycle_or_404(school)
    measures = _werkplan_measures(cycle)
    stop = progress.meeting_stop(measures, positive_int(request.GET.get("maatregel")) or 1)
    context = _context(request, school, cycle=cycle, stop=stop, today=timezone.localdate())
    if stop:
        context.update(
            updates=stop.measure.updates.select_related("author")[:3],
            progress_form=ProgressForm(initial={"status": stop.measure.status, "on": timezone.localdate()}),
            here=f"{request.path}?maatregel={stop.index}",
        )
    return render(request, "actionplans/meeting.html", context)


@login_required
def catalogue_page(request, school):
    school = access.school_for(request.user, school)
    return render(request, "actionplans/catalogue.html", _context(request, school, groups=catalogue.grouped()))


# Step 4: implementation ---------------------------------------------------------------------------

@login_required
def implementation(request, school):
    school = access.school_for(request.user, school)
    cycle = _shown_cycle(request, school)
    measures = _werkplan_measures(cycle)
    today = timezone.localdate()
    return render(request, "actionplans/implementation.html", _context(
        request, school, cycle=cycle, today=today,
        summary=werkplan.summary(measures, today), attention=progress.attention(measures, today),
        check_ins=cycle.check_ins.select_related("author", "measure"),
        focus_checks=cycle.focus_checks.select_related("author", "bottleneck"),
        check_in_form=CheckInForm(cycle=cycle), focus_form=FocusCheckForm(cycle=cycle),
    ))


@login_required
@require_POST
def check_in(request, school):
    school = access.school_for(request.user, school, Action.AGREE)
    cycle = current_cycle_or_404(school)
    _save_authored(request, CheckInForm(request.POST, cycle=cycle), cycle,
                   _("Je check-in is vastgelegd."), _("Schrijf een opmerking bij je check-in."))
    return redirect(_back(request, reverse("actionplans:implementation", kwargs={"school": school.slug})))


@login_required
@require_POST
def focus_check(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    cycle = current_cycle_or_404(school)
    _save_authored(request, FocusCheckForm(request.POST, cycle=cycle), cycle,
                   _("De focuscheck is bewaard bij het project."),
                   _("Vul het initiatief, het effect op de werkdruk en het besluit in."))
    return redirect("actionplans:implementation", school=school.slug)


def _save_authored(request, form, cycle: Cycle, saved: str, refused: str) -> None:
    """Store a step-4 note (check-in, focus check) of this cycle by this person, and say how it went."""
    if form.is_valid():
        form.instance.cycle, form.instance.author = cycle, request.user
        form.save()
        messages.success(request, saved)
    else:
        messages.error(request, refused)


def _wall(cycle: Cycle, user) -> list[Success]:
    return list(
        cycle.successes.select_related("author", "measure")
        .annotate(thumbs=Count("reactions"),
                  mine=Exists(Reaction.objects.filter(success=OuterRef("pk"), user=user)))
    )


@login_required
def successes(request, school):
    school = access.school_for(request.user, school)
    cycle = _shown_cycle(request, school)
    form = SuccessForm(cycle=cycle)
    if request.method == "POST":
        access.require(request.user, school, Action.CONTRIBUTE)
        cycle = current_cycle_or_404(school)
        form = SuccessForm(request.POST, cycle=cycle)
        if form.is_valid():
            form.instance.cycle, form.instance.author = cycle, request.user
            form.save()
            messages.success(request, _("Je succes staat op de muur."))
            return redirect("actionplans:successes", school=school.slug)
    return render(request, "actionplans/successes.html", _context(
        request, school, cycle=cycle, form=form, wall=_wall(cycle, request.user)))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def success_thumb(request, school, pk):
    school = access.school_for(request.user, school, Action.CONTRIBUTE)
    success = get_object_or_404(Success, pk=pk, cycle__project__school=school)
    success.toggle_thumb(request.user)
    if request.htmx:
        success.thumbs = success.reactions.count()
        success.mine = success.reactions.filter(user=request.user).exists()
        return render(request, "actionplans/_success.html", _context(request, school, success=success))
    return redirect("actionplans:successes", school=school.slug)


@login_required
@vary_on_headers("HX-Request")
def success_screen(request, school):
    school = access.school_for(request.user, school)
    cycle = current_cycle_or_404(school)
    context = _context(request, school, cycle=cycle, wall=_wall(cycle, request.user)[:12])
    if request.htmx:
        return render(request, "actionplans/success_screen.html#wall", context)
    return render(request, "actionplans/success_screen.html", context)
