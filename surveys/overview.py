"""What the coach's overview and the inspectorate checklist (both in `projects`) show of the survey.

werkdruk/wegwijzer.py names each function where it is used; the dashboard provider answers for many cycles
in two queries.
"""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from projects.dashboard import Alert, Columns

from .models import Wave, WaveKind
from .waves import ENOUGH_PCT, participation_by_wave

CLOSING_SOON_DAYS = 3


def dashboard_columns(cycles: list, today: date) -> dict[int, Columns]:
    """The open wave of each cycle with its response, and an alert when it closes soon with too few answers."""
    open_waves = [wave for wave in Wave.objects.filter(cycle__in=cycles).open() if wave.is_open]
    figures = participation_by_wave(open_waves)
    columns = {}
    for wave in open_waves:
        participation = figures[wave.pk]
        values = {"participation": {
            "answered": participation.answered, "invited": participation.invited, "pct": participation.pct or 0,
            "closes_on": wave.closes_on, "kind": wave.get_kind_display(),
        }}
        alerts = []
        closing_soon = wave.closes_on is not None and wave.closes_on <= today + timedelta(days=CLOSING_SOON_DAYS)
        if closing_soon and (participation.pct or 0) < ENOUGH_PCT:
            alerts.append(Alert("wave", _("De %(kind)s sluit %(date)s en pas %(pct).0f%% heeft geantwoord") % {
                "kind": wave.get_kind_display(), "date": date_format(wave.closes_on),
                "pct": participation.pct or 0}))
        columns[wave.cycle_id] = Columns(values=values, alerts=alerts)
    return columns


def _voormeting(cycle) -> Wave | None:
    return cycle.waves.filter(kind=WaveKind.VOORMETING).first()


def participation_check(cycle) -> tuple[bool, str]:
    wave = _voormeting(cycle)
    if wave is None:
        return False, _("Er is nog geen voormeting.")
    participation = participation_by_wave([wave])[wave.pk]
    if participation.pct is None:
        return False, _("Er zijn nog geen uitnodigingen verstuurd.")
    detail = _("%(answered)s van %(invited)s (%(pct).0f%%)") % {
        "answered": participation.answered, "invited": participation.invited, "pct": participation.pct}
    return participation.pct >= ENOUGH_PCT, detail


def per_team_check(cycle) -> tuple[bool, str]:
    wave = _voormeting(cycle)
    if wave is None or not wave.is_published:
        return False, _("Publiceer de resultaten van de voormeting voor het team; "
                        "de uitsplitsing per bouw volgt de anonimiteitsregel.")
    return True, _("Gepubliceerd op %(date)s") % {"date": date_format(timezone.localtime(wave.published_at))}
