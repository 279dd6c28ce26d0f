import pytest
from django.http import Http404
from django.urls import reverse

from projects import cycles
from projects.models import Activity, Cycle, ImprovementPoint, Signal
from projects.steps import Status, cycle_steps
from tests.factories import CycleFactory, SchoolFactory


def url(name, school, **kwargs):
    return reverse(f"projects:{name}", kwargs={"school": school.slug, **kwargs})


def take_school_through_step_one(client, school, leader, sponsor):
    client.post(url("add_signal", school), {
        "kind": "verzuim", "description": "Verzuim steeg naar 7%", "source": "Bestuur",
        "observed_on": "2026-09-15", "figure": "7.0"})
    client.post(url("considerations", school), {
        "signals_urgent": "Ja, urgent.", "current_situation": "Nieuwe methode.", "expectations": "Meer rust."})
    for party, name in [("schoolleider", "Sam"), ("bestuur", "Bert Bestuur"), ("mr", "MR De Linde")]:
        client.post(url("agreement", school), {"party": party, "name": name, "agreed_on": "2026-09-20"})
    client.post(url("project_team", school), {"projectleider": [leader.pk], "opdrachtgever": [sponsor.pk]})


def test_the_current_cycle_of_a_school_is_its_newest(school):
    newest = CycleFactory(project=school.project, number=2)
    assert school.current_cycle == newest == cycles.current_cycle_or_404(school)


def test_a_school_without_a_project_has_no_current_cycle(db):
    school = SchoolFactory()
    assert school.current_cycle is None
    with pytest.raises(Http404):
        cycles.current_cycle_or_404(school)


def test_project_leader_completes_step_one_and_step_two_is_next(client, alice, sam, school):
    client.force_login(alice)
    steps = cycle_steps(school.project.current_cycle)
    assert steps[0].status == Status.NOT_STARTED

    take_school_through_step_one(client, school, alice, sam)

    steps = cycle_steps(school.project.current_cycle)
    assert steps[0].status == Status.DONE
    assert steps[1].is_current
    page = client.get(url("project", school))
    assert "Volgende: stap 2, Weet je waar de werkdruk door komt?" in page.text


def test_step_one_stays_in_progress_until_all_three_agreed(client, alice, sam, school):
    client.force_login(alice)
    take_school_through_step_one(client, school, alice, sam)
    school.project.current_cycle.agreements.filter(party="mr").delete()
    first = cycle_steps(school.project.current_cycle)[0]
    assert first.status == Status.IN_PROGRESS
    assert any("instemming" in line.lower() for line in first.next)


def test_bad_signal_is_refused_with_a_dutch_message_and_stores_nothing(client, alice, school):
    client.force_login(alice)
    response = client.post(url("add_signal", school), {"kind": "onzin", "description": "", "observed_on": "gisteren"})
    assert response.status_code == 400
    assert "Dit veld is verplicht" in response.text
    assert not Signal.objects.exists()


def test_year_plan_must_follow_the_order_of_the_steps(client, alice, school):
    client.force_login(alice)
    response = client.post(url("year_plan", school), {"step_1": "2026-12-01", "step_2": "2026-10-01"})
    assert response.status_code == 400
    assert "volgorde" in response.text
    assert not school.project.current_cycle.targets.exists()


def test_overdue_step_shows_on_the_project_page(client, alice, school):
    client.force_login(alice)
    client.post(url("year_plan", school), {"step_1": "2020-01-01"})
    assert "te laat" in client.get(url("project", school)).text


def test_team_work_is_logged_on_the_project_page(client, alice, school):
    client.force_login(alice)
    client.post(url("add_signal", school), {"kind": "werksfeer", "description": "Onrust", "observed_on": "2026-09-15"})
    assert Activity.objects.filter(project=school.project, user=alice).exists()
    assert "Signaal vastgelegd: werksfeer" in client.get(url("project", school)).text


def test_closing_a_cycle_carries_improvement_points_into_the_next(client, alice, school):
    client.force_login(alice)
    client.post(url("close", school), {
        "what_worked": "De studiedag", "what_did_not": "De takenmarkt",
        "improvement_points": "Takenmarkt opnieuw opzetten\n- Minder nakijkwerk\n\n"})
    first = school.project.current_cycle
    assert list(first.improvement_points.values_list("text", flat=True)) == [
        "Takenmarkt opnieuw opzetten", "Minder nakijkwerk"]

    response = client.post(url("next_cycle", school))
    assert response.status_code == 302
    first.refresh_from_db()
    second = school.project.current_cycle
    assert first.is_closed and second.number == 2 and not second.is_closed
    assert sorted(second.signals.values_list("description", flat=True)) == [
        "Minder nakijkwerk", "Takenmarkt opnieuw opzetten"]
    assert cycle_steps(first)[5].status == Status.DONE
    # The past cycle stays readable.
    past = client.get(url("past_cycle", school, number=1))
    assert past.status_code == 200 and "afgesloten cyclus" in past.text


def test_next_cycle_needs_an_evaluation_first(client, alice, school):
    client.force_login(alice)
    client.post(url("next_cycle", school))
    assert Cycle.objects.filter(project=school.project).count() == 1


def test_next_cycle_is_started_only_once(alice, school):
    cycle = school.project.current_cycle
    ImprovementPoint.objects.create(cycle=cycle, text="Iets")
    cycles.close_and_start_next(cycle, [])
    try:
        cycles.close_and_start_next(cycle, [])
    except ValueError:
        pass
    assert Cycle.objects.filter(project=school.project).count() == 2


def test_carry_over_of_an_app_is_applied_for_the_chosen_keys(alice, school, rewire):
    applied = []
    carry = cycles.CarryOver(
        options=lambda cycle: [cycles.CarryOverOption("m1", "Takenmarkt"), cycles.CarryOverOption("m2", "Vergaderen")],
        apply=lambda old, new, keys: applied.append((old.number, new.number, keys)),
    )
    rewire(carry_over=(carry,))
    ImprovementPoint.objects.create(cycle=school.project.current_cycle, text="Iets")
    cycles.close_and_start_next(school.project.current_cycle, ["m2"])
    assert applied == [(1, 2, ["m2"])]


def test_readonly_role_sees_step_one_without_forms(client, sam, school):
    client.force_login(sam)
    page = client.get(url("start", school))
    assert page.status_code == 200
    assert "Signaal vastleggen" not in page.text
    assert client.post(url("add_signal", school), {"kind": "verzuim", "description": "x"}).status_code == 403


def test_inspectorate_checklist_records_the_staff_discussion(client, alice, school):
    client.force_login(alice)
    client.post(url("staff_discussion", school), {"discussed_on": "2026-11-01", "how": "Studiedag met het hele team"})
    check = {c.key: c for c in cycles.inspection_checklist(school.project.current_cycle)}["discussed"]
    assert check.holds and "Studiedag" in check.detail
