"""Every school URL, for every role and for an outsider, generated from the URL patterns."""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from projects.models import Membership, Role
from tests.access_matrix import MATRIX, PERSONAS
from tests.factories import MembershipFactory, SchoolFactory, UserFactory


def school_url_names() -> list[str]:
    names = []

    def walk(patterns, namespace: str = ""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and "school" in pattern.pattern.converters:
                names.append(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return sorted(names)


SCHOOL_URLS = school_url_names()


def test_every_school_url_is_in_the_matrix():
    assert SCHOOL_URLS, "no school URLs found"
    missing = sorted(set(SCHOOL_URLS) - set(MATRIX))
    assert not missing, f"add these URLs to tests/access_matrix.py: {missing}"


def url_for(name: str, world: dict) -> str:
    return reverse(name, kwargs={"school": world["school"].slug, **MATRIX[name].kwargs(world)})


@pytest.mark.parametrize("name", SCHOOL_URLS)
def test_outsider_gets_404_on_every_school_url(client, world, name):
    client.force_login(world["outsider"])
    rule = MATRIX[name]
    url = url_for(name, world)
    if rule.get is not None:
        assert client.get(url).status_code == 404
    if rule.post is not None:
        assert client.post(url, rule.post_data(world)).status_code == 404


@pytest.mark.parametrize("name", SCHOOL_URLS)
def test_anonymous_visitor_is_sent_to_login(client, world, name):
    rule = MATRIX[name]
    url = url_for(name, world)
    response = client.get(url) if rule.get is not None else client.post(url, rule.post_data(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", SCHOOL_URLS)
def test_each_role_gets_what_the_matrix_allows(client, world, name):
    """Every role in turn, each request in a savepoint that is rolled back, so no role sees another's change."""
    rule = MATRIX[name]
    url = url_for(name, world)
    wrong = []
    for role in PERSONAS:
        client.force_login(world["people"][role])
        if rule.get is not None:
            status = _rolled_back(lambda: client.get(url).status_code)
            if status not in (200, 403) or (status == 200) != (role in rule.get):
                wrong.append(f"GET as {role}: {status}")
        if rule.post is not None:
            status = _rolled_back(lambda: client.post(url, rule.post_data(world)).status_code)
            allowed = status in (200, 204, 302) if role in rule.post else status == 403
            if not allowed:
                wrong.append(f"POST as {role}: {status}")
    assert not wrong, f"{url}: {wrong}"


def _takes_only_the_school(name: str) -> bool:
    try:
        return MATRIX[name].kwargs({}) == {}
    except KeyError:  # the URL names an object (a wave, a measure) that an empty school cannot have
        return False


EMPTY_SCHOOL_PAGES = [name for name in SCHOOL_URLS if name in MATRIX and MATRIX[name].get is not None
                      and _takes_only_the_school(name)]


@pytest.fixture
def empty_world(db):
    """A school just added by its board: no project, no cycle, no content; a person per role."""
    from projects.models import BoardAdministrator

    school = SchoolFactory(name="OBS Nieuw Begin", slug="nieuw-begin")
    people = {}
    for role in Role:
        people[role] = UserFactory(username=f"leeg-{role}")
        MembershipFactory(user=people[role], school=school, role=role)
    people["bestuursbeheerder"] = UserFactory(username="leeg-bestuursbeheerder")
    BoardAdministrator.objects.create(user=people["bestuursbeheerder"], board=school.board)
    return {"school": school, "people": people}


@pytest.mark.parametrize("name", EMPTY_SCHOOL_PAGES)
def test_every_page_of_an_empty_school_answers_for_each_role(client, empty_world, name):
    """A school without a project: 200 (what the page is for, and its first action) or 403, never a 404."""
    rule = MATRIX[name]
    url = reverse(name, kwargs={"school": empty_world["school"].slug})
    wrong = []
    for role in PERSONAS:
        client.force_login(empty_world["people"][role])
        status = client.get(url).status_code
        if status != (200 if role in rule.get else 403):
            wrong.append(f"GET as {role}: {status}")
    assert not wrong, f"{url}: {wrong}"


def _rolled_back(request):
    with transaction.atomic():
        result = request()
        transaction.set_rollback(True)
    return result


def test_post_without_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"][Role.PROJECTLEIDER])
    response = client.post(reverse("projects:team", kwargs={"school": world["school"].slug}),
                           {"email": "x@school.test", "role": "medewerker"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="x@school.test").exists()
