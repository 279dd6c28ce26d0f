from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplans import queries, werkplan
from actionplans.models import CheckIn, FocusCheck, Measure, MeasureStatus, Reaction, Success
from actionplans.steps import carrying_out, choosing, measures_step
from projects.steps import Status
from tests.actionplans.factories import BottleneckFactory, BrainstormFactory, MeasureFactory, SuccessFactory, top_five

TODAY = date(2026, 3, 1)


def url(name, school, **kwargs):
    return reverse(f"actionplans:{name}", kwargs={"school": school.slug, **kwargs})


@pytest.fixture
def cycle(school):
    return school.project.current_cycle


def fetched(measure) -> Measure:
    return Measure.objects.for_werkplan().get(pk=measure.pk)


def test_measure_past_its_end_date_and_unfinished_is_overdue(cycle):
    late = MeasureFactory(cycle=cycle, ends_on=TODAY - timedelta(days=1), status="bezig")
    finished = MeasureFactory(cycle=cycle, ends_on=TODAY - timedelta(days=1), status="afgerond")
    stopped = MeasureFactory(cycle=cycle, ends_on=TODAY - timedelta(days=1), status="gestopt")
    on_time = MeasureFactory(cycle=cycle, ends_on=TODAY, status="bezig")
    assert [m.is_overdue(TODAY) for m in (late, finished, stopped, on_time)] == [True, False, False, False]
    assert list(Measure.objects.overdue(TODAY)) == [late]


def test_no_update_for_four_weeks_is_flagged(cycle, alice):
    quiet = MeasureFactory(cycle=cycle, created_on=TODAY - timedelta(weeks=10))
    quiet.report_progress("Gestart", "bezig", alice, on=TODAY - timedelta(weeks=4, days=1))
    recent = MeasureFactory(cycle=cycle, created_on=TODAY - timedelta(weeks=10))
    recent.report_progress("Loopt", "bezig", alice, on=TODAY - timedelta(weeks=3))
    never = MeasureFactory(cycle=cycle, created_on=TODAY - timedelta(weeks=5))
    new = MeasureFactory(cycle=cycle, created_on=TODAY - timedelta(days=3))
    assert [fetched(m).is_stale(TODAY) for m in (quiet, recent, never, new)] == [True, False, True, False]
    assert set(Measure.objects.stale(TODAY)) == {quiet, never}


def test_progress_update_records_note_status_date_and_author(cycle, alice):
    measure = MeasureFactory(cycle=cycle)
    update = measure.report_progress("Eerste takenmarkt gehouden", MeasureStatus.ACTIVE, alice, on=TODAY)
    measure.refresh_from_db()
    assert (update.note, update.status, update.on, update.author) == (
        "Eerste takenmarkt gehouden", "bezig", TODAY, alice)
    assert measure.status == "bezig"


def test_werkplan_summary_counts_statuses_and_flags(cycle):
    today = timezone.localdate()
    MeasureFactory(cycle=cycle, status="afgerond")
    MeasureFactory(cycle=cycle, status="bezig", ends_on=today - timedelta(days=2))
    MeasureFactory(cycle=cycle, status="gepland")
    measures = list(Measure.objects.filter(cycle=cycle).for_werkplan())
    assert werkplan.summary(measures, today) == {
        "total": 3, "gepland": 1, "bezig": 1, "afgerond": 1, "gestopt": 0, "overdue": 1, "stale": 0,
    }


def test_sponsor_checks_in_but_a_teacher_may_not(as_user, school, cycle, sam, bob):
    measure = MeasureFactory(cycle=cycle)
    as_user(sam).post(url("check_in", school), {"note": "Hoe staat de takenmarkt ervoor?", "measure": measure.pk})
    assert as_user(bob).post(url("check_in", school), {"note": "Ik ook"}).status_code == 403
    check_in = CheckIn.objects.get()
    assert (check_in.author, check_in.measure, check_in.cycle) == (sam, measure, cycle)
    assert "Hoe staat de takenmarkt ervoor?" in as_user(bob).get(url("measure", school, pk=measure.pk)).content.decode()


def test_focus_check_is_kept_on_the_project(as_user, school, cycle, wim):
    bottleneck = top_five(cycle, 1)[0]
    as_user(wim).post(url("focus_check", school), {
        "initiative": "Nieuwe methode begrijpend lezen", "effect": "meer", "bottleneck": bottleneck.pk,
        "explanation": "Kost veel voorbereiding in de piekweken", "decision": "later",
    })
    check = FocusCheck.objects.get()
    assert (check.cycle, check.bottleneck, check.effect, check.decision) == (cycle, bottleneck, "meer", "later")
    assert "Nieuwe methode begrijpend lezen" in as_user(wim).get(url("implementation", school)).content.decode()


def test_medewerker_posts_on_the_success_wall(as_user, school, cycle, bob):
    response = as_user(bob).post(url("successes", school), {"text": "Vergadering duurde maar een uur!"})
    assert response.status_code == 302
    success = Success.objects.get()
    assert (success.author, success.cycle) == (bob, cycle)
    assert "Vergadering duurde maar een uur!" in as_user(bob).get(url("successes", school)).content.decode()


def test_a_colleague_gives_one_thumb_and_a_second_tap_takes_it_back(as_user, school, cycle, bob, wim):
    success = SuccessFactory(cycle=cycle)
    thumb = url("success_thumb", school, pk=success.pk)
    fragment = as_user(bob).post(thumb, headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b'aria-pressed="true"' in fragment.content
    as_user(wim).post(thumb)
    assert Reaction.objects.filter(success=success).count() == 2
    as_user(bob).post(thumb)
    assert list(Reaction.objects.values_list("user", flat=True)) == [wim.pk]


def test_staff_room_screen_refreshes_itself(as_user, school, cycle, bob):
    SuccessFactory(cycle=cycle, text="Rustige rapportweek")
    client = as_user(bob)
    page = client.get(url("success_screen", school)).content.decode()
    assert "Rustige rapportweek" in page and 'hx-trigger="every 30s"' in page
    fragment = client.get(url("success_screen", school), headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content and b"Rustige rapportweek" in fragment.content


def test_step_two_is_done_once_the_top_five_is_fixed(cycle):
    assert choosing(cycle).status == Status.NOT_STARTED
    BottleneckFactory(cycle=cycle)
    assert choosing(cycle).status == Status.IN_PROGRESS
    top_five(cycle, 5)
    assert choosing(cycle).status == Status.DONE


def test_step_three_needs_a_held_brainstorm_and_a_measure(cycle):
    assert measures_step(cycle).status == Status.NOT_STARTED
    session = BrainstormFactory(cycle=cycle)
    assert measures_step(cycle).status == Status.IN_PROGRESS
    session.close()
    MeasureFactory(cycle=cycle)
    assert measures_step(cycle).status == Status.DONE


def test_step_four_follows_the_measures(cycle, alice):
    first, second = MeasureFactory(cycle=cycle), MeasureFactory(cycle=cycle)
    assert carrying_out(cycle).status == Status.NOT_STARTED
    first.report_progress("Gestart", "bezig", alice)
    assert carrying_out(cycle).status == Status.IN_PROGRESS
    first.report_progress("Klaar", "afgerond", alice)
    second.report_progress("Niet haalbaar", "gestopt", alice)
    assert carrying_out(cycle).status == Status.DONE


def test_project_page_shows_the_steps_of_this_app(as_user, school, cycle, alice):
    top_five(cycle, 1)
    page = as_user(alice).get(reverse("projects:project", kwargs={"school": school.slug})).content.decode()
    assert "Top vijf knelpunten vastgelegd" in page
    assert url("werkplan", school) in page


def test_public_queries_for_other_apps(cycle):
    first = MeasureFactory(cycle=cycle, title="Takenmarkt")
    second = MeasureFactory(cycle=cycle, title="Vergaderen in de helft van de tijd")
    assert queries.measure_questions(cycle) == [
        {"code": f"M{first.pk}", "text": "Takenmarkt"},
        {"code": f"M{second.pk}", "text": "Vergaderen in de helft van de tijd"}]
