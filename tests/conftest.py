"""Personas, as in healthchecks' tests: each holds one role at the same school.

alice is the project leader, bob a teacher (medewerker), sam the school leader
(a read-only overseer), coach the process coach, and charlie has a role at another
school only: to him, alice's school does not exist.
"""

import os
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from projects.access import BOARD_ADMIN
from projects.models import BoardAdministrator, Role
from tests.access_matrix import WORLD_BUILDERS
from tests.factories import CycleFactory, MembershipFactory, SchoolFactory, UserFactory


def pytest_configure(config):
    """The catalogues compiled before any test translates, as `make install` does: .mo files are not committed."""
    for source in Path(settings.BASE_DIR).glob("locale/*/LC_MESSAGES/*.po"):
        compiled = source.with_suffix(".mo")
        if not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime:
            # Through a file of this process's own, so parallel test workers never read half a catalogue.
            partial = compiled.with_name(f"{compiled.name}.{os.getpid()}")
            polib.pofile(str(source)).save_as_mofile(str(partial))
            os.replace(partial, compiled)


@pytest.fixture(autouse=True)
def dutch_outside_requests():
    """A test's own code runs in Dutch: LocaleMiddleware leaves each request's language active in the thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def school(db):
    school = SchoolFactory(name="OBS De Linde", slug="de-linde")
    CycleFactory(project__school=school)
    return school


@pytest.fixture
def other_school(db):
    school = SchoolFactory(name="CBS Elders", slug="elders")
    CycleFactory(project__school=school)
    return school


def _person(username: str, school, role: str):
    user = UserFactory(username=username, first_name=username.capitalize())
    MembershipFactory(user=user, school=school, role=role)
    return user


@pytest.fixture
def alice(school):
    return _person("alice", school, Role.PROJECTLEIDER)


@pytest.fixture
def wim(school):
    return _person("wim", school, Role.WERKGROEPLID)


@pytest.fixture
def bob(school):
    return _person("bob", school, Role.MEDEWERKER)


@pytest.fixture
def sam(school):
    return _person("sam", school, Role.SCHOOLLEIDER)


@pytest.fixture
def coach(school):
    return _person("coach", school, Role.PROCESBEGELEIDER)


@pytest.fixture
def charlie(other_school):
    return _person("charlie", other_school, Role.PROJECTLEIDER)


@pytest.fixture
def world(school, other_school):
    """A school with one person per role, and what the URLs of the matrix point at (tests/access_matrix.py).

    Shared by tests/test_access_matrix.py and tests/test_cross_school_ids.py."""
    people = {}
    for role in Role:
        user = UserFactory(username=f"rol-{role}")
        MembershipFactory(user=user, school=school, role=role)
        people[role] = user
    people[BOARD_ADMIN] = UserFactory(username="bestuursbeheerder")
    BoardAdministrator.objects.create(user=people[BOARD_ADMIN], board=school.board)
    teacher = UserFactory(username="leerkracht")
    world = {
        "school": school,
        "people": people,
        "teacher_membership": MembershipFactory(user=teacher, school=school, role=Role.MEDEWERKER),
        "outsider": UserFactory(username="buitenstaander"),
    }
    MembershipFactory(user=world["outsider"], school=other_school, role=Role.PROJECTLEIDER)
    for extend in WORLD_BUILDERS:
        extend(world)
    return world


@pytest.fixture
def as_user(client):
    """Log the client in as the given persona and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fresh_instrument_cache():
    """Instrument versions are cached per process; each test database starts empty."""
    from surveys.instruments import instrument

    instrument.cache_clear()
    yield
    instrument.cache_clear()


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttle counts and cached results live in the cache (Redis in the PostgreSQL run): each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def rewire(settings):
    """Wire the apps differently for one test: rewire(carry_over=(...,)) replaces those parts of
    werkdruk/wegwijzer.py's WIRING; the setting is restored afterwards."""
    from dataclasses import replace

    from tests import wiring

    def rewire(**changes):
        wiring.CURRENT = replace(wiring.WIRING, **changes)
        settings.WERKDRUK_WIRING = "tests.wiring.CURRENT"

    return rewire
