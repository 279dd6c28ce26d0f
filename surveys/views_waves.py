"""The school's survey page: starting, timing and closing waves; inviting and reminding staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from projects import access, audit, queue, team
from projects.access import Action
from projects.models import AuditAction

from . import invitations, waves
from .forms import InviteForm, SlipsForm, StartWaveForm, WaveDatesForm
from .models import Wave, WaveKind


@login_required
def wave_list(request, school):
    school = access.school_for(request.user, school)
    return _render_page(request, school)


@login_required
@require_POST
def start_wave(request, school):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    cycle = school.current_cycle
    form = StartWaveForm(request.POST)
    if not form.is_valid():
        return _render_page(request, school, start_form=form)
    try:
        if cycle is None:
            raise waves.WaveError(_("Deze school heeft nog geen project; begin bij stap 1."))
        wave = waves.start_wave(cycle, **form.cleaned_data)
    except waves.WaveError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De %(kind)s is aangemaakt.") % {"kind": wave.get_kind_display()})
    return redirect("surveys:waves", school=school.slug)


@login_required
@require_POST
def change_dates(request, school, wave):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    with transaction.atomic():
        # Locked, so a seal cannot slip in between the check and the save.
        wave = get_object_or_404(Wave.objects.for_school(school).select_for_update(), pk=wave)
        if wave.closed_at is not None or wave.is_frozen:
            # A frozen wave may not reopen: new answers would show as a change in figures already seen.
            messages.error(request, _("Deze meting is gesloten en de cijfers kunnen al getoond zijn; "
                                      "de data liggen vast."))
            return redirect("surveys:waves", school=school.slug)
        form = WaveDatesForm(request.POST, instance=wave, auto_id=_auto_id(wave))
        if not form.is_valid():
            return _render_page(request, school, dates_forms={wave.pk: form})
        form.save(commit=False)
        wave.save(update_fields=WaveDatesForm.Meta.fields)  # the dates, and never the seal
    messages.success(request, _("De data van de %(kind)s zijn opgeslagen.") % {"kind": wave.get_kind_display()})
    return redirect("surveys:waves", school=school.slug)


@login_required
@require_POST
def close_wave(request, school, wave):
    school = access.school_for(request.user, school, Action.EDIT_PROJECT)
    wave = _wave(school, wave)
    waves.close_wave(wave)
    messages.success(request, _("De %(kind)s is gesloten. Links en codes werken niet meer.") % {
        "kind": wave.get_kind_display()})
    return redirect("surveys:waves", school=school.slug)


@login_required
@require_POST
def invite(request, school, wave):
    school = access.school_for(request.user, school, Action.PUBLISH)
    wave = _wave(school, wave)
    if wave.is_closed:
        messages.error(request, _("Deze meting is gesloten; uitnodigen kan niet meer."))
        return redirect("surveys:waves", school=school.slug)
    form = InviteForm(request.POST, auto_id=_auto_id(wave))
    if not form.is_valid():
        return _render_page(request, school, invite_forms={wave.pk: form})
    if not queue.available():
        # Invitations whose e-mails never go would be skipped as "already invited" next time.
        form.add_error(None, queue.UNREACHABLE)
        return _render_page(request, school, invite_forms={wave.pk: form}, status=503)
    result = invitations.invite(wave, form.cleaned_data["addresses"])
    if result.invited:
        _record_invitations(request.user, school, wave, ngettext(
            "%(count)d uitnodiging per e-mail", "%(count)d uitnodigingen per e-mail", len(result.invited),
        ) % {"count": len(result.invited)})
        messages.success(request, ngettext(
            "%(count)d uitnodiging verstuurd.", "%(count)d uitnodigingen verstuurd.", len(result.invited),
        ) % {"count": len(result.invited)})
    if result.skipped:
        messages.info(request, _("Al eerder uitgenodigd, dus overgeslagen: %(addresses)s.") % {
            "addresses": ", ".join(result.skipped)})
    return redirect("surveys:waves", school=school.slug)


@login_required
@require_POST
def remind(request, school, wave):
    school = access.school_for(request.user, school, Action.PUBLISH)
    wave = _wave(school, wave)
    if not queue.available():
        # A reminder replaces each link; without the queue the new one would never arrive.
        messages.error(request, queue.UNREACHABLE)
        return redirect("surveys:waves", school=school.slug)
    count = invitations.remind(wave)
    if count:
        messages.success(request, ngettext(
            "%(count)d herinnering verstuurd.", "%(count)d herinneringen verstuurd.", count) % {"count": count})
    else:
        messages.info(request, _("Er is niemand om te herinneren: iedereen met een e-mailadres heeft geantwoord, "
                                 "of de meting is niet open."))
    return redirect("surveys:waves", school=school.slug)


@login_required
@require_POST
def print_slips(request, school, wave):
    """The slips exist only in this response: their codes are stored as hashes, so print them now."""
    school = access.school_for(request.user, school, Action.PUBLISH)
    wave = _wave(school, wave)
    if wave.is_closed:
        messages.error(request, _("Deze meting is gesloten; briefjes maken kan niet meer."))
        return redirect("surveys:waves", school=school.slug)
    form = SlipsForm(request.POST, auto_id=_auto_id(wave))
    if not form.is_valid():
        return _render_page(request, school, slips_forms={wave.pk: form})
    slips = invitations.print_slips(wave, form.cleaned_data["count"])
    _record_invitations(request.user, school, wave, ngettext(
        "%(count)d briefje met een code", "%(count)d briefjes met een code", len(slips)) % {"count": len(slips)})
    return render(request, "surveys/slips.html", {
        "school": school, "wave": wave, "slips": slips, "code_url": invitations.code_url(),
    })


def _record_invitations(user, school, wave: Wave, how_many: str) -> None:
    # In the log the coach reads: whoever makes many more links than the school has staff could answer
    # in colleagues' names and read the rest by subtraction (docs/privacy.md, "What an insider can do").
    audit.record(user, school, AuditAction.INVITED, _("%(how_many)s voor de %(kind)s van %(cycle)s.") % {
        "how_many": how_many, "kind": wave.get_kind_display(), "cycle": wave.cycle})


def _wave(school, wave_id: int) -> Wave:
    return get_object_or_404(Wave.objects.for_school(school).select_related("cycle", "instrument"), pk=wave_id)


def _auto_id(wave: Wave) -> str:
    """Field ids per wave: the page holds the same forms for the voormeting and the nameting."""
    return f"meting{wave.pk}_%s"


def _not_yet_invited(wave: Wave, addresses: list[str]) -> str:
    if not addresses or wave.is_closed:
        return ""
    invited = set(wave.invitations.with_email().values_list("email", flat=True))
    return "\n".join(address for address in addresses if address not in invited)


def _render_page(request, school, start_form=None, dates_forms=None, invite_forms=None, slips_forms=None,
                 status: int = 200):
    """The survey page, with a bound form where a POST came back with errors."""
    cycle = school.current_cycle
    current = list(cycle.waves.select_related("instrument")) if cycle else []
    earlier = list(
        Wave.objects.for_school(school).exclude(cycle=cycle).select_related("cycle").order_by("-cycle__number", "kind")
    )
    figures = waves.participation_by_wave(current + earlier)
    to_remind = waves.unanswered_with_email(current)
    dates_forms, invite_forms, slips_forms = dates_forms or {}, invite_forms or {}, slips_forms or {}
    # The team page's list is the survey's invitation list: addresses only, never a department.
    may_invite = current and access.can(request.user, school, Action.PUBLISH)
    team_list = team.staff_addresses(school) if may_invite else []
    rows = [
        {
            "wave": wave,
            "participation": figures[wave.pk],
            "to_remind": to_remind[wave.pk],
            "dates_form": dates_forms.get(wave.pk) or WaveDatesForm(instance=wave, auto_id=_auto_id(wave)),
            "invite_form": invite_forms.get(wave.pk) or InviteForm(
                auto_id=_auto_id(wave), initial={"addresses": _not_yet_invited(wave, team_list)}),
            "slips_form": slips_forms.get(wave.pk) or SlipsForm(auto_id=_auto_id(wave)),
        }
        for wave in current
    ]
    missing = [kind for kind in WaveKind if kind not in {wave.kind for wave in current}]
    if start_form is None and missing:
        start_form = StartWaveForm(initial={"kind": missing[0]})
    return render(request, "surveys/waves.html", {
        "school": school,
        "cycle": cycle,
        "rows": rows,
        "earlier": [{"wave": wave, "participation": figures[wave.pk]} for wave in earlier],
        "start_form": start_form if missing and cycle and not cycle.is_closed else None,
        "rule_of_thumb": (waves.ENOUGH_PCT, waves.GOOD_PCT),
        "can": access.permissions(request.user, school),
    }, status=status)
