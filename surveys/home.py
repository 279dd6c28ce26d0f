"""What a teacher's home shows of the survey: how to answer an open wave, and published results
(wired in werkdruk/wegwijzer.py, `staff_home`)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from projects.wiring import HomeItem

from .models import Wave


def staff_items(user, cycle) -> list[HomeItem]:
    school = cycle.project.school
    items = []
    for wave in Wave.objects.filter(cycle=cycle).open():
        text = _("Je antwoorden zijn anoniem. Open de persoonlijke link uit je e-mail, of vul de code van je "
                 "briefje in.")
        if wave.closes_on:
            text += " " + _("Invullen kan tot en met %(date)s.") % {"date": date_format(wave.closes_on)}
        items.append(HomeItem(
            title=_("De vragenlijst (%(kind)s) staat open") % {"kind": wave.get_kind_display()},
            text=text, url=reverse("surveys:code"), action=_("Vul je code in"), now=True,
        ))
    results = reverse("surveys:results", kwargs={"school": school.slug})
    for wave in Wave.objects.filter(cycle=cycle, published_at__isnull=False).order_by("-published_at"):
        items.append(HomeItem(
            title=_("De resultaten van de %(kind)s") % {"kind": wave.get_kind_display()},
            text=_("Gepubliceerd op %(date)s: wat het team antwoordde, zonder dat iemand te herkennen is.")
            % {"date": date_format(timezone.localtime(wave.published_at))},
            url=f"{results}?{urlencode({'meting': wave.kind, 'cyclus': cycle.number})}",
            action=_("Bekijk de resultaten"),
        ))
    return items
