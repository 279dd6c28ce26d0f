import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import BoardAdministrator, Role
from surveys.models import WaveKind
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.spreadsheets import read_dutch_csv
from tests.surveys.results_data import add_respondents, make_wave

pytestmark = pytest.mark.django_db

SEED_THEMES = [
    "Werken met nieuwe methoden", "Ouders", "Tijdsdruk, piekbelasting",
    "De hoeveelheid administratieve taken", "Mijn betrokkenheid bij de leerlingen", "Waardering van leerlingen",
]
EVERY_THEME = dict(E01="taker", E02="giver", E03="taker", E04="taker", E05="giver", E06="giver")


def results_url(school, **query):
    url = reverse("surveys:results", kwargs={"school": school.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def wave(school):
    wave = make_wave(school)
    add_respondents(wave, 6, "onderbouw", TD1=5, TD2=1, **EVERY_THEME)
    return wave


def test_results_page_shows_the_energy_chart_with_the_seeds_six_themes(as_user, alice, wave):
    page = as_user(alice).get(results_url(wave.school)).content.decode()
    chart = page[page.index("<svg"):page.index("</svg>")]
    for theme in SEED_THEMES:
        assert theme in chart
    assert "Tijdsdruk" in page and "% ongunstig" in page
    assert "Publiceer voor het hele team" in page


def test_scale_table_shows_n_mean_sd_and_unfavourable_share(as_user, wim, wave):
    page = as_user(wim).get(results_url(wave.school)).content.decode()
    scales = page[page.index("results-scales"):]
    row = scales[scales.index(">Tijdsdruk"):]
    row = row[:row.index("</tr>")]
    assert "hoger is slechter" in row and "ongunstig" in row
    assert ">6<" in row and ">5,0<" in row and ">0,0<" in row and ">100<" in row


def test_fewer_than_five_respondents_show_only_the_count(as_user, alice, school):
    wave = make_wave(school)
    add_respondents(wave, 4, **EVERY_THEME)
    page = as_user(alice).get(results_url(school)).content.decode()
    assert "4 respondenten" in page and "vanaf 5 respondenten" in page
    assert "<svg" not in page and "Tijdsdruk" not in page


def test_teacher_cannot_see_unpublished_results_but_can_after_publishing(client, alice, bob, wave):
    client.force_login(bob)
    assert client.get(results_url(wave.school)).status_code == 403
    assert client.get(results_url(wave.school, meting="voormeting", cyclus=1)).status_code == 403

    client.force_login(alice)
    response = client.post(reverse("surveys:publish_results", kwargs={"school": wave.school.slug}), {"wave": wave.pk})
    assert response.status_code == 302
    wave.refresh_from_db()
    assert wave.is_published

    client.force_login(bob)
    response = client.get(results_url(wave.school))
    assert response.status_code == 200
    assert "Publiceer voor het hele team" not in response.content.decode()


def test_an_open_wave_cannot_be_published(as_user, alice, school):
    wave = make_wave(school, closed=False)
    as_user(alice).post(reverse("surveys:publish_results", kwargs={"school": school.slug}), {"wave": wave.pk})
    wave.refresh_from_db()
    assert not wave.is_published


def test_working_group_member_may_not_publish(as_user, wim, wave):
    response = as_user(wim).post(reverse("surveys:publish_results", kwargs={"school": wave.school.slug}),
                                 {"wave": wave.pk})
    assert response.status_code == 403


def test_wave_of_another_school_cannot_be_published(as_user, alice, other_school):
    foreign = make_wave(other_school)
    response = as_user(alice).post(reverse("surveys:publish_results", kwargs={"school": "de-linde"}),
                                   {"wave": foreign.pk})
    assert response.status_code == 404


def test_open_wave_shows_no_figures_only_participation(as_user, alice, school):
    wave = make_wave(school, closed=False)
    add_respondents(wave, 6, "onderbouw", **EVERY_THEME)
    add_respondents(wave, 6, "bovenbouw", **EVERY_THEME)
    page = as_user(alice).get(results_url(school)).content.decode()
    assert "zo kan niemand uit tussenstanden afleiden wat één collega antwoordde" in page
    assert "results-breakdown" not in page
    assert "<svg" not in page and "Gemiddelde" not in page


def test_withheld_departments_are_explained(as_user, alice, school):
    wave = make_wave(school)
    add_respondents(wave, 6, "onderbouw", **EVERY_THEME)
    add_respondents(wave, 7, "bovenbouw", **EVERY_THEME)
    add_respondents(wave, 2, "directie", **EVERY_THEME)
    add_respondents(wave, 3, "", **EVERY_THEME)
    page = as_user(alice).get(results_url(school)).content.decode()
    assert "Niet alle afdelingen staan erbij" in page
    breakdown = page[page.index("results-breakdown"):]
    assert "Onderbouw" in breakdown and "Bovenbouw" in breakdown and "Directie" not in breakdown


def test_nameting_can_be_chosen(as_user, alice, wave):
    nameting = make_wave(cycle=wave.cycle, kind=WaveKind.NAMETING)
    add_respondents(nameting, 5, **EVERY_THEME)
    page = as_user(alice).get(results_url(wave.school, meting="voormeting", cyclus=1)).content.decode()
    assert "Resultaten van de voormeting" in page
    assert "Resultaten van de nameting" in as_user(alice).get(results_url(wave.school)).content.decode()
    assert as_user(alice).get(results_url(wave.school, meting="nameting", cyclus=7)).status_code == 404


def test_school_without_a_wave_says_so(as_user, alice, school):
    response = as_user(alice).get(results_url(school))
    assert response.status_code == 200
    assert "Er is nog geen meting" in response.content.decode()


@pytest.mark.parametrize("respondents", [5, 60])
def test_results_page_query_count_does_not_grow_with_respondents(
    client, alice, school, respondents, django_assert_max_num_queries, settings
):
    settings.WERKDRUK_TWO_FACTOR = True  # as in production: the second step's check counts too
    wave = make_wave(school)
    for department in ["onderbouw", "middenbouw", "bovenbouw"]:
        add_respondents(wave, respondents // 3 + 1, department, TD1=4, TD2=2, SC1=4, **EVERY_THEME)
    client.force_login(alice)
    client.get(results_url(school))  # the immutable instrument is cached per process after its first use
    with django_assert_max_num_queries(10):  # the budget of `make bench`; one counts who wrote to open questions
        response = client.get(results_url(school))
    assert response.status_code == 200


def test_downloads_are_aggregates(as_user, alice, wave):
    client = as_user(alice)
    csv = client.get(reverse("surveys:results_download", kwargs={"school": wave.school.slug, "fmt": "csv"}))
    assert csv["Content-Type"].startswith("text/csv")
    assert "attachment" in csv["Content-Disposition"]
    assert list(read_dutch_csv(csv.content)[0])[:5] == ["Afdeling", "Soort", "Code", "Onderwerp", "n"]
    xlsx = client.get(reverse("surveys:results_download", kwargs={"school": wave.school.slug, "fmt": "xlsx"}))
    assert xlsx.content[:2] == b"PK"
    pdf = client.get(reverse("surveys:results_download", kwargs={"school": wave.school.slug, "fmt": "pdf"}))
    assert pdf.status_code == 404


# --- all schools of a board ------------------------------------------------------------


@pytest.fixture
def board_world(school):
    """De Linde (6 respondents) and a second school of its board (7), a third with 3; a bestuurder at all three."""
    board = school.board
    second, third = SchoolFactory(board=board, name="CBS De Tweede"), SchoolFactory(board=board, name="OBS Klein")
    waves = [make_wave(school), make_wave(second), make_wave(third)]
    for wave, n in zip(waves, [6, 7, 3], strict=True):
        add_respondents(wave, n, **EVERY_THEME)
    bestuurder = UserFactory(username="bestuurder")
    for s in (school, second, third):
        MembershipFactory(user=bestuurder, school=s, role=Role.BESTUURDER)
    return {"board": board, "bestuurder": bestuurder, "schools": (school, second, third)}


def board_url(board):
    return reverse("surveys:board_results", kwargs={"board_id": board.pk}) + "?meting=voormeting"


def test_bestuurder_sees_all_schools_together_and_side_by_side_where_large_enough(as_user, board_world):
    page = as_user(board_world["bestuurder"]).get(board_url(board_world["board"])).content.decode()
    assert "Alle scholen samen" in page
    assert "13 respondenten" in page  # the school of 3 does not count
    assert "1 school telt niet mee" in page
    breakdown = page[page.index("results-breakdown"):]
    assert "OBS De Linde" in breakdown and "CBS De Tweede" in breakdown and "OBS Klein" not in breakdown
    for theme in SEED_THEMES:
        assert theme in page


def test_bestuursbeheerder_reads_the_board_page_over_published_waves_only(as_user, board_world):
    """A bestuursbeheerder holds no role at the schools: for reading a bestuurder, but of published results."""
    beheerder = UserFactory(username="beheerder")
    BoardAdministrator.objects.create(user=beheerder, board=board_world["board"])
    school, second, _third = board_world["schools"]
    second.project.cycles.get().waves.update(published_at=timezone.now())

    page = as_user(beheerder).get(board_url(board_world["board"])).content.decode()

    assert "7 respondenten" in page  # only CBS De Tweede's published wave
    assert "13 respondenten" not in page


def test_coach_of_one_school_sees_the_board_page_over_that_school_only(as_user, board_world, coach):
    page = as_user(coach).get(board_url(board_world["board"])).content.decode()
    assert "Over de 1 school van dit bestuur" in page
    assert "CBS De Tweede" not in page


def test_outsider_and_teacher_get_404_on_the_board_page(as_user, board_world, charlie, bob):
    assert as_user(charlie).get(board_url(board_world["board"])).status_code == 404
    assert as_user(bob).get(board_url(board_world["board"])).status_code == 404


def test_board_page_needs_a_login(client, board_world):
    response = client.get(board_url(board_world["board"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_board_page_query_count_does_not_grow_with_schools(client, board_world, django_assert_max_num_queries):
    client.force_login(board_world["bestuurder"])
    client.get(board_url(board_world["board"]))
    with django_assert_max_num_queries(25):
        assert client.get(board_url(board_world["board"])).status_code == 200


def test_voormeting_shows_a_heat_map_then_candidate_bottlenecks_and_the_way_to_the_top_five(as_user, alice, school):
    wave = make_wave(school)
    add_respondents(wave, 6, "onderbouw", TD1=5, TD2=1, **EVERY_THEME)  # TD2 is reverse-coded: tijdsdruk 5
    add_respondents(wave, 7, "bovenbouw", TD1=4, TD2=1, **EVERY_THEME)
    page = as_user(alice).get(results_url(school)).content.decode()

    energy, heat, candidates, scales = (page.index(marker) for marker in (
        'id="energie"', 'class="table heat-map"', 'id="mogelijke-knelpunten"', 'id="schalen"'))
    assert energy < heat < candidates < scales
    heat_map = page[heat:candidates]
    assert "Hele school" in heat_map and "Onderbouw" in heat_map and "Bovenbouw" in heat_map
    assert '<td class="num heat heat--1">5,0</td>' in heat_map  # tijdsdruk 5: the unfavourable end
    listed = page[candidates:scales]
    assert "Tijdsdruk, piekbelasting" in listed  # every respondent finds it draining
    assert f'href="/scholen/{school.slug}/knelpunten/"' in listed and "Kies de top vijf knelpunten" in listed


def test_an_english_reader_sees_the_departments_named_in_english(as_user, alice, school):
    wave = make_wave(school)
    add_respondents(wave, 6, "onderbouw", **EVERY_THEME)
    add_respondents(wave, 7, "bovenbouw", **EVERY_THEME)
    client = as_user(alice)
    client.cookies["werkdruk_taal"] = "en"
    page = client.get(results_url(school)).content.decode()

    heat_map = page[page.index('class="table heat-map"'):page.index('id="mogelijke-knelpunten"')]
    breakdown = page[page.index('class="table results-breakdown"'):]
    for table in (heat_map, breakdown):
        assert "Lower years" in table and "Upper years" in table
        assert "Onderbouw" not in table and "Bovenbouw" not in table


def test_nameting_has_the_heat_map_but_proposes_no_bottlenecks(as_user, alice, wave):
    nameting = make_wave(cycle=wave.cycle, kind=WaveKind.NAMETING)
    add_respondents(nameting, 6, "onderbouw", **EVERY_THEME)
    add_respondents(nameting, 6, "bovenbouw", **EVERY_THEME)
    page = as_user(alice).get(results_url(wave.school, meting="nameting", cyclus=1)).content.decode()

    assert "heat-map" in page
    assert "Mogelijke knelpunten" not in page
