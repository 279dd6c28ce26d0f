import pytest

from actionplans.models import Bottleneck, Measure
from projects.models import Role
from spending import plans
from tests.conftest import _person


@pytest.fixture
def werkplan(school):
    cycle = school.project.current_cycle
    admin = Bottleneck.objects.create(cycle=cycle, source="werkgroep", label="Administratie", rank=1)
    meetings = Bottleneck.objects.create(cycle=cycle, source="werkgroep", label="Vergaderen", rank=2)
    return [Measure.objects.create(cycle=cycle, bottleneck=admin, title="Eén registratiesysteem"),
            Measure.objects.create(cycle=cycle, bottleneck=meetings, title="Vergaderingen van een uur")]


@pytest.fixture
def plan(school, werkplan):
    return plans.draft(school, 2026, school.project.current_cycle)


@pytest.fixture
def pim(school):
    """A PMR member of the school."""
    return _person("pim", school, Role.PMR_LID)
