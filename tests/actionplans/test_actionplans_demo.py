from django.core.management import call_command
from django.utils import timezone

from actionplans import werkplan
from actionplans.models import Bottleneck, Brainstorm, Measure, Success, Vote
from projects.models import Cycle, School
from projects.steps import Status, cycle_steps


def counts():
    return [model.objects.count() for model in (Bottleneck, Brainstorm, Measure, Success, Vote)]


def test_demo_puts_each_pilot_school_where_it_stands_and_runs_twice_unchanged(db):
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first

    def cycle(slug, number=1):
        return Cycle.objects.get(project__school__slug=slug, number=number)

    regenboog = cycle("obs-de-regenboog")
    assert regenboog.bottlenecks.top().count() == 5
    summary = werkplan.summary(list(Measure.objects.filter(cycle=regenboog).for_werkplan()), timezone.localdate())
    assert summary["total"] == 6 and summary["overdue"] >= 1 and summary["bezig"] >= 2
    assert regenboog.brainstorms.get().is_closed and Success.objects.filter(cycle=regenboog).count() >= 4
    assert {s.step.number: s.status for s in cycle_steps(regenboog)}[4] == Status.IN_PROGRESS

    for slug in ("cbs-het-kompas", "sint-jozefschool"):
        assert cycle(slug).bottlenecks.top().count() == 5 and Measure.objects.filter(cycle=cycle(slug)).exists()
    assert not cycle("de-vlinderboom").bottlenecks.top().exists()

    wilgenhof = cycle("de-wilgenhof")
    assert wilgenhof.is_closed
    assert {s.step.number: s.status for s in cycle_steps(wilgenhof)}[4] == Status.DONE
    assert not Measure.objects.filter(
        cycle__project__school=School.objects.get(slug="de-wilgenhof"), cycle__number=2).exists()
