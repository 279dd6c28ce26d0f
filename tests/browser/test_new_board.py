"""A new board, as it would start (issue 15): from a database with only an operator, through the web.

add_board → the bestuursbeheerder activates, sets up two-factor log-in, adds a school and invites
its project leader → the project leader activates, starts the project, invites three colleagues
and opens the voormeting, which invites them.
"""

import re
from base64 import b32decode

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django_otp.oath import totp

from projects.models import BoardAdministrator, Membership, Role, School
from surveys.models import Invitation, Wave
from tests.factories import UserFactory


@pytest.fixture
def two_factor(settings):
    settings.WERKDRUK_TWO_FACTOR = True


def link_to(address: str) -> str:
    (message,) = [m for m in mail.outbox if m.to == [address]]
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def choose_password(page, base: str, link: str) -> None:
    page.goto(base + link)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("een-lang-wachtwoord-42")
    page.get_by_label("Bevestig", exact=False).fill("een-lang-wachtwoord-42")
    page.get_by_role("button", name="Wachtwoord opslaan").click()


def test_a_new_board_sets_itself_up_through_the_web(live_server, page, screenshot, two_factor, mailoutbox,
                                                    axe_violations):
    serious: dict[str, list] = {}

    def look(name: str) -> None:
        """A screenshot of each screen, and axe on it: nothing serious or critical."""
        screenshot(page, name)
        found = [v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}]
        if found:
            serious[name] = found

    UserFactory(username="operator", is_staff=True, is_superuser=True)
    assert not School.objects.exists()
    call_command("add_board", "Stichting Lente", admin="hanna@lente.test")
    base = live_server.url

    # The bestuursbeheerder activates her account and must set up two-factor log-in first.
    page.goto(base + link_to("hanna@lente.test"))
    look("new-board-1-activate")
    choose_password(page, base, link_to("hanna@lente.test"))
    page.wait_for_url(re.compile(r"/tweestaps/instellen/"))
    assert page.locator(".qr svg").is_visible()
    look("new-board-2-two-factor-setup")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Zet inloggen in twee stappen aan").click()
    assert page.locator("#herstelcodes li").count() == 10
    look("new-board-3-recovery-codes")
    page.get_by_role("link", name="Ik heb de codes bewaard").click()

    # She lands on the board's page, adds a school and invites its project leader.
    page.wait_for_url(re.compile(r"/besturen/\d+/$"))
    look("new-board-4-board-page-empty")
    add_school = page.locator("form[action$='/scholen/']")
    add_school.get_by_label("naam").fill("OBS De Regenboog")
    add_school.get_by_label("BRIN-nummer").fill("12AB00")
    add_school.get_by_label("plaats").fill("Zwolle")
    add_school.get_by_role("button", name="School toevoegen").click()
    assert page.get_by_role("row", name=re.compile("OBS De Regenboog")).is_visible()
    invite = page.locator("form[action$='/uitnodigen/']")
    invite.get_by_label("School").select_option(label="OBS De Regenboog")
    invite.get_by_label("Naam").fill("Petra Jansen")
    invite.get_by_label("E-mailadres").fill("petra@regenboog.test")
    invite.get_by_label("Rol").select_option(label="projectleider")
    invite.get_by_role("button", name="Uitnodigen").click()
    assert page.get_by_text("petra@regenboog.test is uitgenodigd als projectleider").is_visible()
    look("new-board-5-school-added-leader-invited")
    school = School.objects.get(brin="12AB00")
    assert BoardAdministrator.objects.filter(board=school.board, user__email="hanna@lente.test").exists()
    page.get_by_role("button", name=re.compile("Uitloggen")).click()

    # The project leader activates, and her first visit offers one thing: start the project.
    choose_password(page, base, link_to("petra@regenboog.test"))
    page.wait_for_url(re.compile(r"/scholen/obs-de-regenboog/$"))
    look("new-board-6-leader-first-visit")
    page.get_by_role("button", name="Start het project").click()
    assert page.locator("ol.steps > li").count() == 6
    look("new-board-7-project-started")

    # She invites three colleagues with one pasted list.
    page.get_by_role("navigation", name="Onderdelen van deze school").get_by_role("link", name="Team").click()
    page.get_by_label("Namen en e-mailadressen").fill(
        "Anna de Boer; anna@regenboog.test\nBen Smit; ben@regenboog.test\nCees de Wit; cees@regenboog.test")
    page.get_by_role("button", name="Lijst uitnodigen").click()
    assert page.get_by_text("3 collega's zijn uitgenodigd als medewerker").is_visible()
    look("new-board-8-team-invited")
    assert Membership.objects.filter(school=school, role=Role.MEDEWERKER).count() == 3

    # She opens the voormeting; the team's list is ready as its invitation list.
    page.get_by_role("navigation", name="Onderdelen van deze school").get_by_role("link", name="Vragenlijst").click()
    page.get_by_role("button", name="Start de meting").click()
    addresses = page.get_by_label("E-mailadressen van het personeel")
    assert "anna@regenboog.test" in addresses.input_value()
    page.get_by_role("button", name="Verstuur uitnodigingen").click()
    look("new-board-9-voormeting-open")
    wave = Wave.objects.get(cycle__project__school=school, kind="voormeting")
    assert wave.is_open
    assert Invitation.objects.filter(wave=wave).count() == 4  # the three colleagues and Petra herself
    assert get_user_model().objects.filter(email="petra@regenboog.test").get().has_usable_password()
    assert not serious, serious
