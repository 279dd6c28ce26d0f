"""The one place that answers: may this user do this at this school?

Every view that shows school data starts by calling `school_for` (or
`require`) with the action it is about to perform. A user with no role at the
school gets a 404, so the existence of a school is not revealed; a user whose
roles may read but not do the action gets a 403.
"""

from collections.abc import Iterable
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Board, Role, School


class Action(StrEnum):
    VIEW = "view"  # see the school's project, werkplan and published results
    VIEW_RESULTS = "view_results"  # see survey results before they are published
    EDIT_PROJECT = "edit_project"  # work on the steps: signals, waves, bottlenecks, werkplan
    MANAGE_TEAM = "manage_team"  # invite people, change and remove roles
    SEE_EMAIL = "see_email"  # see colleagues' e-mail addresses on the team page
    PUBLISH = "publish"  # publish results to all staff, invite staff to the survey
    AGREE = "agree"  # record agreement and check-ins (step 1, step 4)
    CONTRIBUTE = "contribute"  # post on the success wall, react, join the brainstorm
    MANAGE_DATA = "manage_data"  # take all of the school's data out, or delete the school (AVG)
    DRAFT_SPENDING = "draft_spending"  # write the bestedingsplan of the workload funds and its account
    CONSULT_TEAM = "consult_team"  # put the bestedingsplan to the team and close the consultation
    CONSENT_SPENDING = "consent_spending"  # record the PMR's decision on a version of the bestedingsplan
    MODERATE = "moderate"  # hide an answer to an open question that names or identifies someone


EVERY_ROLE = frozenset(Role)
LEADING = frozenset({Role.PROJECTLEIDER, Role.WERKGROEPLID})
OVERSEEING = frozenset({Role.SCHOOLLEIDER, Role.OPDRACHTGEVER, Role.BESTUURDER, Role.MR_LID, Role.PMR_LID,
                        Role.PROCESBEGELEIDER})
TEAM_MANAGERS = frozenset({Role.PROJECTLEIDER, Role.PROCESBEGELEIDER})
# A bestuursbeheerder holds no role at a school but this one at each school of their board: they read
# what every role reads (the project, the werkplan, published results), never unpublished results,
# unless they also hold a school role there. What they do, they do on the board's page (`board_for`).
BOARD_ADMIN = "bestuursbeheerder"
# The roles a bestuursbeheerder may give from the board's page.
BOARD_INVITES = (Role.PROJECTLEIDER, Role.PROCESBEGELEIDER)

ALLOWED_ROLES: dict[Action, frozenset[str]] = {
    Action.VIEW: EVERY_ROLE | {BOARD_ADMIN},
    Action.VIEW_RESULTS: LEADING | OVERSEEING,
    Action.EDIT_PROJECT: LEADING,
    Action.MANAGE_TEAM: TEAM_MANAGERS,
    # Who invites people needs their addresses; colleagues see each other's names and roles only.
    Action.SEE_EMAIL: TEAM_MANAGERS,
    Action.PUBLISH: frozenset({Role.PROJECTLEIDER}),
    Action.AGREE: OVERSEEING | {Role.PROJECTLEIDER},
    Action.CONTRIBUTE: EVERY_ROLE,
    Action.MANAGE_DATA: frozenset({Role.PROJECTLEIDER}),
    # The school leader writes the bestedingsplan (the werkdrukakkoord); the project leader drafts it from the werkplan.
    Action.DRAFT_SPENDING: frozenset({Role.PROJECTLEIDER, Role.SCHOOLLEIDER}),
    Action.CONSULT_TEAM: frozenset({Role.SCHOOLLEIDER}),
    # The right of consent is the staff section's of the MR, not the whole MR's.
    Action.CONSENT_SPENDING: frozenset({Role.PMR_LID}),
    Action.MODERATE: frozenset({Role.PROJECTLEIDER}),
}
# What the platform admin may do at any school without a role there: a school's request under the
# AVG (its data, or its deletion) can reach the operator when the school has no project leader left.
PLATFORM_ADMIN_ACTIONS = frozenset({Action.MANAGE_DATA})


def _as_platform_admin(user, action: Action) -> bool:
    return user.is_authenticated and user.is_superuser and action in PLATFORM_ADMIN_ACTIONS


def roles_at(user, school: School) -> set[str]:
    if not user.is_authenticated:
        return set()
    cache = user.__dict__.setdefault("_werkdruk_roles", {})
    if school.pk not in cache:
        facts = School.objects.with_roles_of(user).filter(pk=school.pk).values("user_roles", "user_runs_board").get()
        _remember_roles(user, school, facts["user_roles"], facts["user_runs_board"])
    return cache[school.pk]


def _remember_roles(user, school: School, roles: str | None, runs_board: bool) -> None:
    """The roles `SchoolQuerySet.with_roles_of` found, running the board as a role of its own, kept for
    the rest of the request (the user object lives as long as the request)."""
    found = set(filter(None, (roles or "").split(","))) | ({BOARD_ADMIN} if runs_board else set())
    user.__dict__.setdefault("_werkdruk_roles", {})[school.pk] = found


def can(user, school: School, action: Action) -> bool:
    return _as_platform_admin(user, action) or bool(roles_at(user, school) & ALLOWED_ROLES[action])


def require(user, school: School, action: Action) -> None:
    """404 for a user without any role at the school, 403 for one whose roles do not allow the action."""
    if _as_platform_admin(user, action):
        return
    roles = roles_at(user, school)
    if not roles:
        raise Http404("Geen school gevonden.")
    if not roles & ALLOWED_ROLES[action]:
        raise PermissionDenied("Je rol op deze school staat dit niet toe.")


def school_for(user, slug: str, action: Action = Action.VIEW) -> School:
    """The school with this slug, if the user may perform the action there (one query, roles included)."""
    schools = School.objects.select_related("board").filter(slug=slug)
    if _as_platform_admin(user, action):
        school = schools.first()
    elif user.is_authenticated:
        school = schools.with_roles_of(user).first()
        if school is not None:
            _remember_roles(user, school, school.user_roles, school.user_runs_board)
    else:
        school = None
    if school is None:
        raise Http404("Geen school gevonden.")
    require(user, school, action)
    return school


def schools_where(user, action: Action):
    """The schools at which the user may perform the action, as a queryset (a board's page, a report
    over several schools)."""
    if not user.is_authenticated:
        return School.objects.none()
    allowed = Q(memberships__user=user, memberships__role__in=ALLOWED_ROLES[action])
    if BOARD_ADMIN in ALLOWED_ROLES[action]:
        allowed |= Q(board__administrators__user=user)
    return School.objects.filter(allowed).distinct()


def board_schools(user, board: Board):
    """The schools of a board whose figures the user reads on the board's own pages (results over the
    board, the jaarverslag): those where they may see results, and every school of a board they manage.
    A bestuursbeheerder reads published results only: `readable_waves` says which."""
    schools = schools_where(user, Action.VIEW_RESULTS).filter(board=board)
    if administered_boards(user).filter(pk=board.pk).exists():
        schools = School.objects.filter(board=board)
    return schools


def readable_waves(user, board: Board, waves: list) -> list:
    """The waves whose results a page over the board's schools shows this user: published ones to
    whoever reads the board's pages, unpublished ones only where the user sees results before they
    are published (one query, however many schools)."""
    early = set(schools_where(user, Action.VIEW_RESULTS).filter(board=board).values_list("pk", flat=True))
    return [wave for wave in waves if wave.is_published or wave.cycle.project.school_id in early]


def administered_boards(user):
    """The boards whose page the user may open: those they are a bestuursbeheerder of."""
    if not user.is_authenticated:
        return Board.objects.none()
    return Board.objects.filter(administrators__user=user)


def board_for(user, board_id: int) -> Board:
    """The board whose schools the user manages (adds schools, invites project leaders and coaches);
    404 for anyone else, so the existence of a board is not revealed."""
    board = administered_boards(user).filter(pk=board_id).first()
    if board is None:
        raise Http404("Geen bestuur gevonden.")
    return board


def require_evaluation(user, school: School, *, both_waves_published: bool) -> None:
    """Step 5 of a cycle: the team leading the project and those overseeing it always; all staff
    once both its voormeting and its nameting are published."""
    require(user, school, Action.VIEW)
    if not (can(user, school, Action.VIEW_RESULTS) or both_waves_published):
        raise PermissionDenied(_("De evaluatie is nog niet gepubliceerd."))


def may_see_group_report(user, requested_by_id: int | None, schools: Iterable[School]) -> bool:
    """A report over several schools: only who asked for it, and only while they may still see the
    results of every school in it."""
    return requested_by_id == user.pk and all(can(user, school, Action.VIEW_RESULTS) for school in schools)


class Home(StrEnum):
    """Which home a school shows someone: where their work is."""

    STEPS = "steps"  # who runs the project: the six steps and what to do next
    AWAITING = "awaiting"  # who agrees and checks in: what waits for them, then the project's state
    STAFF = "staff"  # everyone else: what they can join or read, no step management


def home_for(user, school: School) -> Home:
    roles = roles_at(user, school)
    if roles & (LEADING | {Role.PROCESBEGELEIDER}):
        return Home.STEPS
    if roles & OVERSEEING:
        return Home.AWAITING
    return Home.STAFF


def permissions(user, school: School) -> dict[str, bool]:
    """For templates: which actions to offer. The views check again on every request."""
    return {action.value: can(user, school, action) for action in Action}
