"""The project leader logs in with a real browser and finds the six steps of the cycle."""

from projects.models import Role
from projects.steps import STEPS
from tests.factories import CycleFactory, MembershipFactory, SchoolFactory, UserFactory


def test_project_leader_logs_in_and_sees_the_six_steps(live_server, page, screenshot):
    school = SchoolFactory(name="OBS De Linde", slug="de-linde")
    CycleFactory(project__school=school)
    leader = UserFactory(username="petra", first_name="Petra")
    MembershipFactory(user=leader, school=school, role=Role.PROJECTLEIDER)

    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + "/")
    assert "/inloggen/" in page.url
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("petra")
    page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-123")
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url(f"{live_server.url}/scholen/de-linde/")
    steps = page.locator("ol.steps > li")
    assert steps.count() == 6
    for state, step in zip(steps.all(), STEPS, strict=True):
        assert str(step.title) in state.inner_text()
    assert page.get_by_role("heading", name="OBS De Linde").is_visible()
    screenshot(page, "project-leader-six-steps")
    # No page asks anything of a third party: every request stays on our own server.
    assert requested and all(url.startswith(live_server.url) or url.startswith("data:") for url in requested), requested
