"""What a school's home shows of the action plans (wired in werkdruk/wegwijzer.py): for teachers a
running brainstorm to join, the werkplan and the success wall; for the internal sponsor the
check-in that step 4 waits for."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from projects.access import roles_at
from projects.models import Role
from projects.wiring import HomeItem

from .models import Brainstorm

# The sponsor is the "stok achter de deur": once a month is how the seed describes the check-in.
CHECK_IN_EVERY = timedelta(days=30)


def _url(name: str, cycle) -> str:
    return reverse(name, kwargs={"school": cycle.project.school.slug})


def staff_items(user, cycle) -> list[HomeItem]:
    items = [
        HomeItem(
            title=_("Brainstorm: %(title)s") % {"title": session.title},
            text=_("Bedenk samen met je collega's ideeën en stem op de beste, met je telefoon of laptop."),
            url=reverse("actionplans:join_session", kwargs={"code": session.code}), action=_("Doe mee"), now=True,
        )
        for session in Brainstorm.objects.filter(cycle=cycle).live().order_by("-pk")
    ]
    measures = cycle.measures.count()
    if measures:
        items.append(HomeItem(
            title=_("Het werkplan"),
            text=ngettext("Wat we samen aan de werkdruk doen: %(n)s maatregel, met wie wat doet en wanneer.",
                          "Wat we samen aan de werkdruk doen: %(n)s maatregelen, met wie wat doet en wanneer.",
                          measures) % {"n": measures},
            url=_url("actionplans:werkplan", cycle), action=_("Bekijk het werkplan"),
        ))
    items.append(HomeItem(
        title=_("De successenmuur"),
        text=_("Wat ging er goed? Deel het met je collega's, of geef een duim."),
        url=_url("actionplans:successes", cycle), action=_("Naar de successen"),
    ))
    return items


def check_in_awaited(user, cycle) -> list[HomeItem]:
    """Step 4: the internal sponsor checks in on the werkplan, about once a month."""
    if Role.OPDRACHTGEVER not in roles_at(user, cycle.project.school) or not cycle.measures.exists():
        return []
    last = cycle.check_ins.order_by("-on").values_list("on", flat=True).first()
    if last and timezone.localdate() - last < CHECK_IN_EVERY:
        return []
    return [HomeItem(
        title=_("Tijd voor je check-in als opdrachtgever"),
        text=_("Vraag hoe het met de maatregelen gaat en leg je check-in vast: de stok achter de deur."),
        url=_url("actionplans:implementation", cycle) + "#opdrachtgever", action=_("Naar de check-ins"),
    )]
