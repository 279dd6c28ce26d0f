"""The rest of access (issue 9): another school's ids, htmx requests, downloads, the admin and CSRF.

tests/test_access_matrix.py checks every school URL with the ids of that school's own objects.
Here the project leader of school A asks A's URLs for the objects of school B, built by the same
WORLD_BUILDERS: every such request is refused (403 or 404) and B's objects stay as they were.
"""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import F, ForeignKey
from django.test import Client
from django.urls import reverse

from projects.models import Membership, Role, TeamMember
from tests.access_matrix import MATRIX, WORLD_BUILDERS
from tests.factories import MembershipFactory, UserFactory
from tests.test_access_matrix import SCHOOL_URLS, url_for

ID_MARK = -4242


class _Probe(dict):
    """A stand-in world whose every object has the pk ID_MARK: shows which URL parameters are object ids."""

    def __missing__(self, key):
        return SimpleNamespace(pk=ID_MARK)


def object_id_parameters(name: str) -> list[str]:
    return sorted(key for key, value in MATRIX[name].kwargs(_Probe()).items() if value == ID_MARK)


URLS_WITH_IDS = [name for name in SCHOOL_URLS if object_id_parameters(name)]


@pytest.fixture
def other_world(world, other_school):
    """School B, built as the matrix builds school A: a person per role and the same kinds of objects."""
    people = {}
    for role in Role:
        people[role] = UserFactory(username=f"b-{role}")
        MembershipFactory(user=people[role], school=other_school, role=role)
    teacher = UserFactory(username="b-leerkracht")
    b = {
        "school": other_school,
        "people": people,
        "teacher_membership": MembershipFactory(user=teacher, school=other_school, role=Role.MEDEWERKER),
    }
    for extend in WORLD_BUILDERS:
        extend(b)
    return b


def snapshot(world: dict) -> dict:
    """Every object of the world as stored now, and the school's memberships."""
    objects = [value for value in world.values() if hasattr(value, "_meta")]
    stored = {(obj._meta.label, obj.pk): type(obj).objects.filter(pk=obj.pk).values().first() for obj in objects}
    stored["memberships"] = list(Membership.objects.filter(school=world["school"]).values().order_by("pk"))
    return stored


def id_variants(name: str, a: dict, b: dict) -> list[dict]:
    """A's parameters with one id at a time swapped for B's, and with all of them swapped."""
    own, theirs = MATRIX[name].kwargs(a), MATRIX[name].kwargs(b)
    keys = object_id_parameters(name)
    variants = [{**own, key: theirs[key]} for key in keys]
    if len(keys) > 1:
        variants.append({**own, **{key: theirs[key] for key in keys}})
    return variants


def assert_no_links_across_cycles() -> None:
    """No object of one cycle points at an object of another cycle, and team places hold the school's own people."""
    for model in apps.get_models():
        fields = {field.name: field for field in model._meta.get_fields() if isinstance(field, ForeignKey)}
        if "cycle" not in fields:
            continue
        for field in fields.values():
            if field.name != "cycle" and "cycle" in {f.name for f in field.related_model._meta.get_fields()}:
                crossing = model.objects.exclude(**{f"{field.name}__isnull": True}).exclude(
                    **{f"{field.name}__cycle": F("cycle")})
                assert not crossing.exists(), f"{model._meta.label}.{field.name} points into another cycle"
    for place in TeamMember.objects.select_related("cycle__project"):
        assert Membership.objects.filter(user=place.user_id, school=place.cycle.project.school_id).exists()


def test_the_urls_with_object_ids_are_found():
    assert {"actionplans:measure_edit", "projects:change_role", "evaluation:download_report"} <= set(URLS_WITH_IDS)
    assert object_id_parameters("actionplans:activity_toggle") == ["activity_pk", "pk"]
    assert "projects:past_cycle" not in URLS_WITH_IDS  # a cycle number counts within the school


@pytest.mark.parametrize("name", URLS_WITH_IDS)
def test_ids_of_another_schools_objects_are_refused(client, world, other_world, name):
    rule, before = MATRIX[name], snapshot(other_world)
    client.force_login(world["people"][Role.PROJECTLEIDER])
    for kwargs in id_variants(name, world, other_world):
        url = reverse(name, kwargs={"school": world["school"].slug, **kwargs})
        if rule.get is not None:
            assert client.get(url).status_code in (403, 404), f"GET {url}"
            assert client.get(url, headers={"HX-Request": "true"}).status_code in (403, 404), f"htmx GET {url}"
        if rule.post is not None:
            assert client.post(url, rule.post_data(other_world)).status_code in (403, 404), f"POST {url}"
            assert client.post(url, rule.post_data(world), headers={"HX-Request": "true"}).status_code in (403, 404)
    assert snapshot(other_world) == before, "school B's objects changed"


POSTS_WITH_OBJECTS = sorted(name for name, rule in MATRIX.items() if rule.post is not None)


@pytest.mark.parametrize("name", POSTS_WITH_OBJECTS)
def test_forms_of_one_school_do_not_take_another_schools_objects(client, world, other_world, name):
    """A's own URL, posted with the form data that names B's objects (B's wave, bottleneck, people, ...)."""
    rule, before = MATRIX[name], snapshot(other_world)
    client.force_login(world["people"][Role.PROJECTLEIDER])
    response = client.post(url_for(name, world), rule.post_data(other_world))
    assert response.status_code in (200, 204, 302, 400, 403, 404)
    assert snapshot(other_world) == before, "school B's objects changed"
    assert_no_links_across_cycles()


@pytest.mark.parametrize("name", SCHOOL_URLS)
def test_htmx_requests_of_an_outsider_get_404(client, world, name):
    client.force_login(world["outsider"])
    rule, url = MATRIX[name], url_for(name, world)
    htmx = {"HX-Request": "true", "HX-Target": "inhoud"}
    if rule.get is not None:
        assert client.get(url, headers=htmx).status_code == 404
    if rule.post is not None:
        assert client.post(url, rule.post_data(world), headers=htmx).status_code == 404


def test_a_phone_in_one_schools_brainstorm_cannot_reach_another_schools_ideas(world, other_world):
    from actionplans.models import Idea, Participant, Vote

    ours, theirs = world["brainstorm"], other_world["brainstorm"]
    for session in (ours, theirs):
        session.start_voting()
    their_idea = Idea.objects.create(brainstorm=theirs, bottleneck=other_world["top_bottleneck"], group="onderbouw",
                                     text="Hun idee")
    phone = Client()
    phone.post(reverse("actionplans:join_session", kwargs={"code": ours.code}), {"group": "onderbouw"})
    assert Participant.objects.filter(brainstorm=ours).count() == 1
    vote = reverse("actionplans:join_vote", kwargs={"code": ours.code, "idea": their_idea.pk})
    assert phone.post(vote).status_code == 404
    assert phone.post(vote, headers={"HX-Request": "true"}).status_code == 404
    # With the other session's code the phone is nobody there: back to choosing a group, no vote.
    elsewhere = reverse("actionplans:join_vote", kwargs={"code": theirs.code, "idea": their_idea.pk})
    assert phone.post(elsewhere)["Location"] == reverse("actionplans:join_session", kwargs={"code": theirs.code})
    ours.phase = "ideeen"
    ours.save()
    idea = reverse("actionplans:join_idea", kwargs={"code": ours.code})
    phone.post(idea, {"bottleneck": other_world["top_bottleneck"].pk, "text": "Voor hun knelpunt"})
    assert not Vote.objects.exists() and list(Idea.objects.values_list("text", flat=True)) == ["Hun idee"]


# Every file a school can take away: results, the werkplan, documents, reports and all its data.
DOWNLOADS = [
    ("surveys:results_download", {"fmt": "csv"}),
    ("surveys:results_download", {"fmt": "xlsx"}),
    ("actionplans:werkplan_export", {"fmt": "csv"}),
    ("actionplans:werkplan_export", {"fmt": "xlsx"}),
    ("actionplans:werkplan_pdf", {}),
    ("actionplans:source_download", None),
    ("evaluation:download_report", None),
    ("projects:export_school_data", {}),
]


def download_url(name: str, kwargs: dict | None, world: dict) -> str:
    kwargs = MATRIX[name].kwargs(world) if kwargs is None else kwargs
    return reverse(name, kwargs={"school": world["school"].slug, **kwargs})


@pytest.mark.parametrize(("name", "kwargs"), DOWNLOADS)
def test_downloads_are_attachments_for_the_project_leader_and_404_for_an_outsider(client, world, name, kwargs):
    url = download_url(name, kwargs, world)
    client.force_login(world["people"][Role.PROJECTLEIDER])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment"), url
    client.force_login(world["outsider"])
    assert client.get(url).status_code == 404
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 404


ADMIN_PAGES = [reverse(f"admin:{name}") for name in (
    "index", "projects_school_changelist", "projects_membership_changelist", "projects_auditentry_changelist",
    "surveys_wave_changelist", "surveys_invitation_changelist", "evaluation_report_changelist",
)]


@pytest.mark.parametrize("role", list(Role))
def test_the_admin_sends_every_role_without_staff_status_to_its_log_in(client, world, role):
    client.force_login(world["people"][role])
    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("admin:login")), page


def test_the_admin_log_in_refuses_a_school_account_without_staff_status(client, world):
    user = world["people"][Role.PROJECTLEIDER]
    response = client.post(reverse("admin:login"), {"username": user.username, "password": "geheim-wachtwoord-123",
                                                    "next": "/beheer/"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get("/beheer/").status_code == 302


def test_the_admin_opens_for_staff(client, db):
    client.force_login(UserFactory(username="beheerder", is_staff=True, is_superuser=True))
    for page in ADMIN_PAGES:
        assert client.get(page).status_code == 200, page


def anonymous_posts(world: dict) -> list[str]:
    brainstorm = world["brainstorm"]
    idea_of = {"code": brainstorm.code}
    return [
        reverse("login"), reverse("logout"), reverse("surveys:code"), reverse("surveys:review"),
        reverse("surveys:part", kwargs={"number": 1}), reverse("actionplans:join"),
        reverse("actionplans:join_session", kwargs=idea_of), reverse("actionplans:join_idea", kwargs=idea_of),
        reverse("actionplans:join_vote", kwargs={**idea_of, "idea": 1}), reverse("projects:digest_preference"),
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model is not Session}


def test_posts_without_a_csrf_token_are_refused_everywhere(world):
    """Every POST of the matrix as the project leader, and the forms without an account: 403, nothing stored."""
    leader = Client(enforce_csrf_checks=True)
    leader.force_login(world["people"][Role.PROJECTLEIDER])
    before = row_counts()
    for name in POSTS_WITH_OBJECTS:
        response = leader.post(url_for(name, world), MATRIX[name].post_data(world))
        assert response.status_code == 403, f"POST {name} without a CSRF token: {response.status_code}"
        response = leader.post(url_for(name, world), MATRIX[name].post_data(world), headers={"HX-Request": "true"})
        assert response.status_code == 403, f"htmx POST {name} without a CSRF token: {response.status_code}"
    anonymous = Client(enforce_csrf_checks=True)
    anonymous.get(reverse("surveys:code"))  # the cookie is there: only the token in the form is missing
    assert settings.CSRF_COOKIE_NAME in anonymous.cookies
    for url in anonymous_posts(world):
        assert anonymous.post(url, {"code": "ABC"}).status_code == 403, f"POST {url} without a CSRF token"
    assert row_counts() == before
