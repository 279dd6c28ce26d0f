"""A school's home per role: the cards of what waits for this person, as the apps list them in the
wiring (werkdruk/wegwijzer.py: `staff_home`, `awaiting`). Which home someone gets is decided in
`projects.access.home_for`."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .access import Home, roles_at
from .models import AgreementParty, Cycle, Role
from .wiring import HomeItem, wiring

# Whose agreement to start (step 1) a role gives.
AGREEING_PARTY = {
    Role.SCHOOLLEIDER: AgreementParty.SCHOOLLEIDER,
    Role.BESTUURDER: AgreementParty.BESTUUR,
    Role.MR_LID: AgreementParty.MR,
    Role.PMR_LID: AgreementParty.MR,
}


def home_items(user, cycle: Cycle | None, home: Home) -> list[HomeItem]:
    if cycle is None or cycle.is_closed:
        return []
    providers = {Home.STAFF: wiring().staff_home, Home.AWAITING: wiring().awaiting}.get(home, ())
    items = [item for provider in providers for item in provider(user, cycle)]
    return sorted(items, key=lambda item: not item.now)


def agreements_awaited(user, cycle: Cycle) -> list[HomeItem]:
    """Step 1: the agreement to start that this person's party has not given yet."""
    school = cycle.project.school
    parties = {AGREEING_PARTY[role] for role in roles_at(user, school) if role in AGREEING_PARTY}
    given = set(cycle.agreements.values_list("party", flat=True))
    url = reverse("projects:start", kwargs={"school": school.slug}) + "#instemming"
    return [
        HomeItem(
            title=_("Je instemming wordt gevraagd"),
            text=_("Het projectteam vraagt om de werkdruk aan te pakken en wacht op de instemming van: "
                   "%(party)s. Lees de signalen en de afwegingen en leg de instemming vast.")
            % {"party": AgreementParty(party).label},
            url=url, action=_("Naar de instemming"),
        )
        for party in sorted(parties - given)
    ]
