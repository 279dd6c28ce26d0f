"""Step 5's models moved from surveys to evaluation with their tables: a database migrated before the
move keeps every row (surveys/migrations/0009, evaluation/migrations/0001). Runs on SQLite and, in
CI's second run, on PostgreSQL."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from evaluation.models import BenchmarkReference, HardFigures, Report
from tests.factories import CycleFactory, SchoolFactory, UserFactory

BEFORE_THE_MOVE = [("surveys", "0008_wave_sealed_at"), ("evaluation", None)]
AFTER_THE_MOVE = [("surveys", "0009_step_five_moves_to_evaluation"), ("evaluation", "0001_initial")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


@pytest.fixture
def before_the_move(transactional_db):
    """The database as it was before the move; migrated to the newest state again afterwards."""
    executor = migrate(BEFORE_THE_MOVE)
    yield executor.loader.project_state(BEFORE_THE_MOVE[0]).apps
    migrate(executor.loader.graph.leaf_nodes())


def test_rows_permissions_and_files_of_step_five_survive_the_move_to_evaluation(before_the_move):
    old = before_the_move
    cycle = CycleFactory()
    other = SchoolFactory()
    leader = UserFactory()
    old.get_model("surveys", "BenchmarkReference").objects.create(
        scale_code="tijdsdruk", mean=3.0, p20=2.6, p50=3.0, p80=3.4, source="Voorbeeld", year=2025)
    old.get_model("surveys", "HardFigures").objects.create(cycle_id=cycle.pk, moment="voor", absence_pct="6.10")
    school_report = old.get_model("surveys", "Report").objects.create(
        kind="school", school_id=cycle.project.school_id, cycle_id=cycle.pk, status="klaar",
        file="reports/werkdruk-oud.pdf", requested_by_id=leader.pk)
    group_report = old.get_model("surveys", "Report").objects.create(kind="group", requested_by_id=leader.pk)
    group_report.schools.set([cycle.project.school_id, other.pk])
    # Content types and permissions as post_migrate made them before the move: none of evaluation yet.
    ContentType.objects.filter(app_label="evaluation").delete()
    ContentType.objects.clear_cache()
    report_type = ContentType.objects.get_or_create(app_label="surveys", model="report")[0]
    permission = Permission.objects.get_or_create(content_type=report_type, codename="view_report",
                                                  defaults={"name": "Can view rapport"})[0]
    Group.objects.create(name="Rapportlezers").permissions.add(permission)

    executor = migrate(AFTER_THE_MOVE)
    migrate(executor.loader.graph.leaf_nodes())  # and what came after the move, so today's models read the rows

    assert BenchmarkReference.objects.values_list("p80", flat=True).get() == 3.4  # a column the model has now
    assert str(HardFigures.objects.get(cycle=cycle).absence_pct) == "6.10"
    moved = Report.objects.get(pk=school_report.pk)
    assert (moved.school, moved.cycle, moved.file.name, moved.requested_by) == (
        cycle.project.school, cycle, "reports/werkdruk-oud.pdf", leader)
    assert set(Report.objects.get(pk=group_report.pk).schools.all()) == {cycle.project.school, other}
    assert list(cycle.reports.all()) == [moved] and cycle.hard_figures.count() == 1
    report_type.refresh_from_db()
    assert (report_type.app_label, report_type.model_class()) == ("evaluation", Report)
    assert Group.objects.get(name="Rapportlezers").permissions.get() == permission
    assert Permission.objects.filter(content_type__app_label="evaluation", codename="view_report").count() == 1


BEFORE_THE_SPREAD = [("surveys", "0010_draft_writer"), ("evaluation", "0001_initial")]


@pytest.fixture
def before_the_spread(transactional_db):
    executor = migrate(BEFORE_THE_SPREAD)
    yield executor.loader.project_state(BEFORE_THE_SPREAD).apps
    migrate(executor.loader.graph.leaf_nodes())


def test_old_references_give_no_colour_and_old_questions_no_count_of_weet_ik_niet(before_the_spread):
    from surveys.models import WaveQuestion
    from tests.surveys.results_data import make_wave

    old = before_the_spread
    old.get_model("evaluation", "BenchmarkReference").objects.create(
        scale_code="tijdsdruk", mean=3.0, sd=0.6, source="Voorbeeld", year=2025)
    wave = make_wave(kind="nameting")
    old.get_model("surveys", "WaveQuestion").objects.create(wave_id=wave.pk, code="M1", text="Takenmarkt")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert BenchmarkReference.objects.get().spread == "medewerkers"
    assert WaveQuestion.objects.get().records_dont_know is False
    assert WaveQuestion.objects.create(wave=wave, code="M2", text="Rooster").records_dont_know is True
