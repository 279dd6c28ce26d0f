"""Every school URL, for every role and for an outsider, generated from the URL patterns."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from projects.models import Membership, Role
from tests.access_matrix import MATRIX, WORLD_BUILDERS
from tests.factories import MembershipFactory, UserFactory


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


@pytest.fixture
def world(school, other_school):
    """A school with one person per role, and what the URLs of the matrix point at."""
    people = {}
    for role in Role:
        user = UserFactory(username=f"rol-{role}")
        MembershipFactory(user=user, school=school, role=role)
        people[role] = user
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


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", SCHOOL_URLS)
def test_each_role_gets_what_the_matrix_allows(client, world, name, role):
    rule = MATRIX[name]
    client.force_login(world["people"][role])
    url = url_for(name, world)
    if rule.get is not None:
        status = client.get(url).status_code
        assert (status == 200) == (role in rule.get), f"GET {url} as {role}: {status}"
        assert status in (200, 403)
    if rule.post is not None:
        status = client.post(url, rule.post_data(world)).status_code
        if role in rule.post:
            assert status in (200, 204, 302), f"POST {url} as {role}: {status}"
        else:
            assert status == 403, f"POST {url} as {role}: {status}"
        # A POST may have changed what the next role's request sees: rebuild nothing, the matrix
        # only posts changes that leave the URL valid (the membership stays or a new one appears).


def test_post_without_csrf_token_is_refused(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"][Role.PROJECTLEIDER])
    response = client.post(reverse("projects:team", kwargs={"school": world["school"].slug}),
                           {"email": "x@school.test", "role": "medewerker"})
    assert response.status_code == 403
    assert not Membership.objects.filter(user__email="x@school.test").exists()
