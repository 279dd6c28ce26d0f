"""Who may do what on every URL that shows a school's data.

Each URL pattern with a `school` parameter must have an entry here; the test in
tests/test_access_matrix.py fails for a new view until it is listed, and then
checks it for every role and for an outsider.

An entry names the roles that may GET and that may POST (None: that method is
not offered), and how to fill the URL's other parameters from the `world`
fixture (which holds the school and, as later issues add them, its objects).
"""

from dataclasses import dataclass, field
from collections.abc import Callable

from projects.models import Role

EVERYONE = frozenset(Role)
LEADING = frozenset({Role.PROJECTLEIDER, Role.WERKGROEPLID})
OVERSEEING = frozenset({Role.SCHOOLLEIDER, Role.OPDRACHTGEVER, Role.BESTUURDER, Role.MR_LID, Role.PROCESBEGELEIDER})
TEAM_MANAGERS = frozenset({Role.PROJECTLEIDER, Role.PROCESBEGELEIDER})


@dataclass(frozen=True)
class Rule:
    get: frozenset | None = EVERYONE
    post: frozenset | None = None
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    post_data: Callable[[dict], dict] = field(default=lambda world: {})


MATRIX: dict[str, Rule] = {
    "projects:project": Rule(),
    "projects:team": Rule(post=TEAM_MANAGERS, post_data=lambda w: {"email": "nieuw@school.test", "role": "medewerker"}),
    "projects:change_role": Rule(
        get=None, post=TEAM_MANAGERS,
        kwargs=lambda w: {"membership_id": w["teacher_membership"].pk},
        post_data=lambda w: {"role": "werkgroeplid"},
    ),
    "projects:remove_member": Rule(
        get=None, post=TEAM_MANAGERS, kwargs=lambda w: {"membership_id": w["teacher_membership"].pk},
    ),
    # Step 1 and step 6 (projects.views_cycle)
    "projects:past_cycle": Rule(kwargs=lambda w: {"number": 1}),
    "projects:start": Rule(),
    "projects:add_signal": Rule(
        get=None, post=LEADING,
        post_data=lambda w: {"kind": "verzuim", "description": "Hoog verzuim", "observed_on": "2026-10-01"},
    ),
    "projects:delete_signal": Rule(get=None, post=LEADING, kwargs=lambda w: {"signal_id": w["signal"].pk}),
    "projects:considerations": Rule(get=None, post=LEADING, post_data=lambda w: {"expectations": "Rust in de week"}),
    "projects:agreement": Rule(
        get=None, post=OVERSEEING | {Role.PROJECTLEIDER},
        post_data=lambda w: {"party": "mr", "name": "MR", "agreed_on": "2026-10-01"},
    ),
    "projects:project_team": Rule(
        get=None, post=LEADING, post_data=lambda w: {"projectleider": [w["people"][Role.PROJECTLEIDER].pk]},
    ),
    "projects:year_plan": Rule(get=None, post=LEADING, post_data=lambda w: {"step_1": "2026-10-01"}),
    "projects:staff_discussion": Rule(
        get=None, post=LEADING, post_data=lambda w: {"discussed_on": "2026-10-01", "how": "Studiedag"},
    ),
    "projects:close": Rule(post=LEADING, post_data=lambda w: {"what_worked": "De studiedag"}),
    "projects:next_cycle": Rule(get=None, post=LEADING),
}


def _cycle_content(world: dict) -> None:
    from projects.models import ImprovementPoint, Signal

    cycle = world["school"].project.current_cycle
    world["signal"] = Signal.objects.create(cycle=cycle, kind="werksfeer", description="Gespannen sfeer")
    ImprovementPoint.objects.create(cycle=cycle, text="Takenmarkt opnieuw opzetten")


# Each app adds a function that puts the objects its URLs need (waves, measures, …) into the world.
WORLD_BUILDERS: list[Callable[[dict], None]] = [_cycle_content]
