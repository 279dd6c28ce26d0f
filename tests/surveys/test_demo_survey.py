import re

import pytest

from projects.demo import Demo
from projects.demo import load as load_organisation
from surveys.demo import ENERGY_SHARES, load
from surveys.models import Answer, Invitation, Response, Wave, WaveKind
from surveys.results import wave_results

pytestmark = pytest.mark.django_db

SEED_FIGURE = {  # theme: (% energienemer, % energiegever) in the seed's "alle scholen samen"
    "Werken met nieuwe methoden": (35, 35),
    "Ouders": (18, 27),
    "Tijdsdruk, piekbelasting": (78, 4),
    "De hoeveelheid administratieve taken": (85, 5),
    "Mijn betrokkenheid bij de leerlingen": (1, 85),
    "Waardering van leerlingen": (2, 85),
}


def load_demo() -> Demo:
    demo = Demo()
    load_organisation(demo)
    load(demo)
    return demo


def demo_link(demo: Demo) -> str:
    [line] = [m for m in demo.messages if "Demo-uitnodiging" in m]
    return re.search(r"/v/([^/]+)/", line).group(1)


def test_demo_gives_the_pilot_schools_about_156_voormeting_respondents():
    load_demo()
    voormetingen = Wave.objects.filter(
        kind=WaveKind.VOORMETING, cycle__number=1, cycle__project__school__board__name="Stichting Samen Leren")
    assert voormetingen.count() == 5
    assert Response.objects.filter(wave__in=voormetingen).count() == 156


def test_combined_energy_chart_resembles_the_seeds_figure():
    load_demo()
    data = wave_results(Wave.objects.filter(kind=WaveKind.VOORMETING))
    energy = {row["label"]: row for row in data["energy"]}
    for label, (taker, giver) in SEED_FIGURE.items():
        assert energy[label]["taker_pct"] == pytest.approx(taker, abs=8), label
        assert energy[label]["giver_pct"] == pytest.approx(giver, abs=8), label
    assert set(ENERGY_SHARES) == {row["code"] for row in data["energy"]}


def test_demo_scales_show_high_time_pressure_and_good_support_of_colleagues():
    load_demo()
    scales = {row["code"]: row for row in wave_results(Wave.objects.filter(kind=WaveKind.VOORMETING))["scales"]}
    assert scales["tijdsdruk"]["mean"] > 3.5
    assert scales["sociale_steun_collegas"]["mean"] > 3.7


def test_one_school_is_in_step_two_with_an_open_voormeting_and_a_working_link():
    demo = load_demo()
    wave = Wave.objects.get(cycle__project__school__slug="de-vlinderboom", kind=WaveKind.VOORMETING)
    assert wave.is_open and not wave.is_published
    assert wave.responses.count() == 14
    invitation = Invitation.objects.by_token(demo_link(demo)).get()
    assert invitation.wave == wave and not invitation.used


def test_de_wilgenhof_has_a_closed_voormeting_and_a_better_closed_nameting():
    load_demo()
    waves = {w.kind: w for w in Wave.objects.filter(cycle__project__school__slug="de-wilgenhof")}
    assert all(w.is_closed and w.is_published for w in waves.values())
    before = {r["code"]: r for r in wave_results([waves[WaveKind.VOORMETING]])["scales"]}
    after = {r["code"]: r for r in wave_results([waves[WaveKind.NAMETING]])["scales"]}
    assert after["invloed_werkdruk"]["mean"] > before["invloed_werkdruk"]["mean"]
    assert after["ervaren_werkdruk"]["mean"] < before["ervaren_werkdruk"]["mean"]


def test_loading_the_demo_twice_changes_nothing_and_prints_the_same_link():
    first = load_demo()
    counts = (Wave.objects.count(), Response.objects.count(), Answer.objects.count(), Invitation.objects.count())
    second = load_demo()
    assert (
        Wave.objects.count(), Response.objects.count(), Answer.objects.count(), Invitation.objects.count()
    ) == counts
    assert demo_link(second) == demo_link(first)


def test_a_used_demo_link_is_replaced_by_a_fresh_one_on_the_next_run():
    first = load_demo()
    Invitation.objects.by_token(demo_link(first)).update(used=True)
    second = load_demo()
    assert demo_link(second) != demo_link(first)
    assert Invitation.objects.by_token(demo_link(second)).get().used is False


def test_the_printed_demo_link_opens_the_survey(client):
    demo = load_demo()
    response = client.get(f"/v/{demo_link(demo)}/")
    assert response.status_code == 302  # admitted: on to the introduction; a dead link gets a page instead
