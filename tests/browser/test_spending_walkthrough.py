"""The workload funds on the demo, as the people who use them: the project leader drafts next school year's
plan from the werkplan, the school leader puts it to the team, five teachers answer with their slips, the PMR
member consents with a condition, and the board member takes the paragraph for the jaarverslag."""

import re
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from spending import school_years
from spending.models import PlanState, SpendingPlan
from spending.plans import state


def login(browser, live_server, username):
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1280,
                                                                                            "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/inloggen/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill("werkdruk-demo")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    return page


SERIOUS = {"serious", "critical"}


def serious(axe_violations, page) -> list:
    return [violation for violation in axe_violations(page) if violation["impact"] in SERIOUS]


def test_a_plan_goes_from_the_werkplan_to_vastgesteld(live_server, browser, screenshot, axe_violations):
    call_command("load_demo", stdout=StringIO())
    year = school_years.of(timezone.localdate()) + 1
    plan_url = f"{live_server.url}/scholen/obs-de-regenboog/werkdrukmiddelen/{year}/"

    leader = login(browser, live_server, "projectleider")
    leader.goto(live_server.url + "/scholen/obs-de-regenboog/")
    leader.get_by_role("link", name="Werkdrukmiddelen").click()
    leader.get_by_label("Schooljaar dat begint op 1 augustus van").fill(str(year))
    leader.get_by_role("button", name="Opstellen uit het werkplan").click()
    assert leader.url == plan_url
    assert leader.get_by_text("(uit het werkplan)").count() >= 3
    leader.get_by_role("link", name="Wijzigen").first.click()
    leader.get_by_label("kosten (€)").fill("4000")
    leader.get_by_label("categorie").select_option("scholing_tijd")
    leader.get_by_role("button", name="Regel opslaan").click()
    leader.get_by_text("Bedrag wijzigen").click()
    leader.get_by_label("beschikbaar bedrag (€)").fill("30000")
    leader.get_by_role("button", name="Bedrag opslaan").click()
    leader.get_by_text("Regel toevoegen", exact=True).first.click()
    leader.get_by_label("omschrijving").fill("Onderwijsassistent onderbouw")
    leader.get_by_label("kosten (€)").fill("34000")
    leader.locator("#id_fte").fill("0.8")
    leader.get_by_label("categorie").select_option("onderwijsassistent")
    leader.get_by_role("button", name="Regel toevoegen").click()
    assert leader.get_by_text("Het plan gaat € 8.000,00 over het beschikbare bedrag heen.").is_visible()
    screenshot(leader, "spending-1-draft-over-budget")
    assert serious(axe_violations, leader) == []
    leader.get_by_role("button", name="Verwijderen").last.click()
    leader.get_by_text("Regel toevoegen", exact=True).first.click()
    leader.get_by_label("omschrijving").fill("Onderwijsassistent onderbouw")
    leader.get_by_label("kosten (€)").fill("20000")
    leader.get_by_label("categorie").select_option("onderwijsassistent")
    leader.get_by_role("button", name="Regel toevoegen").click()
    assert leader.get_by_text("van het beschikbare bedrag niet verdeeld").is_visible()
    leader.context.close()

    head = login(browser, live_server, "schoolleider")
    head.goto(plan_url)
    head.get_by_label("Aantal briefjes met een code").fill("6")
    head.get_by_role("button", name="Teamraadpleging openen").click()
    codes = re.findall(r"[0-9A-Z]{4}(?: [0-9A-Z]{4}){6}", head.locator("ul.slips").inner_text())
    assert len(codes) == 6
    screenshot(head, "spending-2-slips")

    for number, code in enumerate(codes[:5]):
        teacher = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844}).new_page()
        teacher.goto(live_server.url + "/bestedingsplan/")
        teacher.get_by_label("Code van je briefje").fill(code)
        teacher.get_by_role("button", name="Naar het plan").click()
        teacher.get_by_label("Ik steun dit plan niet" if number == 4 else "Ik steun dit plan", exact=True).check()
        teacher.get_by_label("Je opmerking").fill(f"Opmerking van collega {number + 1}")
        if number == 0:
            screenshot(teacher, "spending-3-teacher-votes")
            assert serious(axe_violations, teacher) == []
        teacher.get_by_role("button", name="Stem versturen").click()
        assert teacher.get_by_text("Bedankt voor je stem").is_visible()
        teacher.context.close()

    head.goto(plan_url)
    assert head.get_by_text("5 collega's hebben gereageerd").is_visible()
    assert head.get_by_text("voor,").count() == 0
    head.get_by_role("button", name="Teamraadpleging sluiten").click()
    assert head.get_by_text("4 voor, 1 tegen").is_visible()
    assert head.get_by_text("Opmerking van collega 3").is_visible()
    head.get_by_text("Teamvergadering vastleggen").click()
    head.get_by_label("datum teamvergadering").fill(timezone.localdate().isoformat())
    head.get_by_label("uitkomst van de teamvergadering").fill("Het team steunt het plan; assistent in de onderbouw.")
    head.get_by_role("button", name="Opslaan").click()
    screenshot(head, "spending-4-consulted")
    head.context.close()

    pmr = login(browser, live_server, "pmrlid")
    pmr.goto(plan_url)
    assert pmr.get_by_text("wacht op PMR").first.is_visible()
    pmr.get_by_label("instemming met voorwaarden").check()
    pmr.get_by_label("voorwaarden of redenen").fill("Evaluatie met de PMR in januari.")
    pmr.get_by_role("button", name="Besluit vastleggen").click()
    screenshot(pmr, "spending-5-vastgesteld")
    assert pmr.locator(".badge--vastgesteld").inner_text() == "vastgesteld"
    # Last school year's account of De Wilgenhof, as the PMR receives it.
    pmr.goto(f"{live_server.url}/scholen/de-wilgenhof/werkdrukmiddelen/{year - 2}/verantwoording/")
    assert pmr.locator(".badge--verantwoord").inner_text() == "verantwoord"
    assert pmr.get_by_text("Elke ochtend een assistent in groep 1–3").is_visible()
    screenshot(pmr, "spending-8-verantwoording")
    pmr.context.close()
    plan = SpendingPlan.objects.get(school__slug="obs-de-regenboog", school_year=year)
    assert state(plan) == PlanState.ADOPTED

    board = login(browser, live_server, "bestuurder")
    board.goto(live_server.url + "/overzicht/")
    screenshot(board, "spending-6-overview")
    board.get_by_role("link", name=re.compile("voor het jaarverslag")).click()
    board.get_by_label("Kalenderjaar").fill(str(year + 1))
    board.get_by_role("button", name="Tonen", exact=True).click()
    assert board.get_by_text("4 voor, 1 tegen").is_visible()
    screenshot(board, "spending-7-jaarverslag")
    assert serious(axe_violations, board) == []
    with board.expect_download() as download:
        board.get_by_role("link", name="PDF").click()
    pdf = screenshot.__globals__["SCREENSHOT_DIR"] / "spending-jaarverslag.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    board.context.close()
