"""Issue 12: a small school in the demo. Nine staff, seven answered: what the school still gets to see.

Basisschool De Kleine Wereld closed its voormeting with 7 respondents in two departments of 4 and 3.
No department may be shown, but every energy theme and every scale is answered by at least 5, so all
whole-school figures are there, and the survey proposes candidate bottlenecks.
"""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from actionplans.models import Bottleneck
from projects.demo import PILOT_SCHOOLS
from projects.models import Cycle, Role, School
from projects.steps import Status, cycle_steps
from surveys import instruments
from surveys.models import Invitation, Response, Wave, WaveKind

pytestmark = pytest.mark.django_db

NAME = "Basisschool De Kleine Wereld"
SLUG = "de-kleine-wereld"
STAFF = ["pl", "sl", "wg", "lk1", "lk2", "lk3", "lk4", "lk5", "lk6"]


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def wave(demo):
    return Wave.objects.get(cycle__project__school__slug=SLUG, cycle__number=1, kind=WaveKind.VOORMETING)


def exported() -> dict:
    out = StringIO()
    call_command("export_results", school=NAME, wave="voormeting", format="json", stdout=out)
    return json.loads(out.getvalue())


def shown(value, decimals: int) -> str:
    """A figure as the results page renders it: Django's floatformat, in Dutch."""
    with translation.override("nl"):
        return floatformat(value, decimals)


def row_cells(page: str, label: str) -> list[str]:
    """The numeric cells of the table row headed by `label`."""
    start = page.index(f'<th scope="row">{escape(label)}')
    row = page[start:page.index("</tr>", start)]
    return re.findall(r'<td class="num">(.*?)</td>', row)


def energy_items() -> list[dict]:
    view = instruments.instrument(instruments.current_version().pk)
    return [item for item in view.items if item["kind"] == "energy"]


def test_small_school_has_its_own_board_and_nine_staff_with_demo_accounts(demo):
    school = School.objects.select_related("board").get(slug=SLUG)
    assert school.name == NAME and school.board.name == "Stichting Kleine Scholen Samen"
    assert list(school.board.schools.all()) == [school]
    assert school.memberships.count() == len(STAFF)
    users = get_user_model().objects
    for prefix in STAFF:
        assert users.get(username=f"{prefix}.{SLUG}").check_password("werkdruk-demo"), prefix
    assert school.memberships.get(user__username=f"pl.{SLUG}").role == Role.PROJECTLEIDER


def test_coach_and_bestuurder_still_see_exactly_the_five_pilot_schools(demo, client):
    pilots = {slug for slug, *_rest in PILOT_SCHOOLS}
    for username in ("coach", "bestuurder"):
        user = get_user_model().objects.get(username=username)
        assert set(School.objects.visible_to(user).values_list("slug", flat=True)) == pilots, username
        client.force_login(user)
        assert client.get(reverse("surveys:results", kwargs={"school": SLUG})).status_code == 404


def test_voormeting_is_closed_and_published_with_seven_of_nine_in_two_small_departments(wave):
    assert wave.is_closed and wave.closed_at is not None and wave.is_published
    assert Invitation.objects.filter(wave=wave).count() == 9
    assert Invitation.objects.filter(wave=wave, used=True).count() == 7
    departments = sorted(Response.objects.filter(wave=wave).values_list("department", flat=True))
    assert departments == ["bovenbouw"] * 3 + ["onderbouw"] * 4


def test_export_results_gives_all_whole_school_figures_and_no_department(wave):
    data = exported()
    assert data["n"] == 7 and "withheld" not in data
    assert data["departments"] == []
    assert {row["code"] for row in data["energy"]} == {item["code"] for item in energy_items()}
    for row in data["energy"]:
        assert row["n"] >= 5, row["code"]
        assert None not in (row["giver_pct"], row["neutral_pct"], row["taker_pct"]), row["code"]
    scales = instruments.instrument(wave.instrument_id).scales
    assert {row["code"] for row in data["scales"]} == {scale["code"] for scale in scales}
    for row in data["scales"]:
        assert row["n"] >= 5 and row["mean"] is not None, row["code"]


def test_project_leader_sees_n_seven_every_theme_and_scale_but_no_department(wave, client):
    data = exported()
    client.login(username=f"pl.{SLUG}", password="werkdruk-demo")
    page = client.get(reverse("surveys:results", kwargs={"school": SLUG})).text
    assert "In totaal 7 respondenten" in page
    assert "<dd>9</dd>" in page and "<dd>7</dd>" in page  # invited, answered
    energy = page[page.index('id="energie"'):page.index('id="schalen"')]
    for row in data["energy"]:
        expected = [shown(row[key], 0) for key in ("taker_pct", "neutral_pct", "giver_pct")] + [str(row["n"])]
        assert row_cells(energy, row["label"]) == expected, row["label"]
    scales = page[page.index('id="schalen"'):page.index('id="uitsplitsing"')]
    for row in data["scales"]:
        n, mean, *_rest = row_cells(scales, row["label"])
        assert (n, mean) == (str(row["n"]), shown(row["mean"], 1)), row["label"]
    breakdown = page[page.index('id="uitsplitsing"'):]
    assert "results-breakdown" not in page
    assert "Er is geen uitsplitsing te tonen." in breakdown
    assert "Onderbouw" not in breakdown and "Bovenbouw" not in breakdown


def test_a_teacher_of_the_small_school_reads_the_published_results(wave, client):
    client.login(username=f"lk1.{SLUG}", password="werkdruk-demo")
    page = client.get(reverse("surveys:results", kwargs={"school": SLUG}))
    assert page.status_code == 200 and "In totaal 7 respondenten" in page.text


def test_small_school_is_in_step_two_with_candidate_bottlenecks_to_score(wave, client):
    cycle = Cycle.objects.get(project__school__slug=SLUG, number=1)
    states = {state.step.number: state for state in cycle_steps(cycle)}
    assert states[1].status == Status.DONE
    assert states[2].is_current and states[2].status == Status.IN_PROGRESS
    assert "7 van 9 uitgenodigden hebben geantwoord" in states[2].done

    candidates = list(Bottleneck.objects.filter(cycle=cycle))
    from_survey = [b for b in candidates if b.source in ("energy", "scale")]
    assert from_survey and all(re.search(r"\(n = [567]\)$", b.figure) for b in from_survey)
    assert all(b.rank is None and b.score is None for b in candidates)

    client.login(username=f"pl.{SLUG}", password="werkdruk-demo")
    page = client.get(reverse("actionplans:bottlenecks", kwargs={"school": SLUG})).text
    for bottleneck in candidates:
        assert escape(bottleneck.label) in page, bottleneck.label


def test_loading_the_demo_again_leaves_the_small_school_as_it_was(wave):
    def state():
        school = School.objects.get(slug=SLUG)
        return (school.memberships.count(), Response.objects.filter(wave__cycle__project__school=school).count(),
                Invitation.objects.filter(wave=wave).count(),
                Bottleneck.objects.filter(cycle__project__school=school).count(),
                Wave.objects.get(pk=wave.pk).closed_at)

    before = state()
    call_command("load_demo", stdout=StringIO())
    assert state() == before
