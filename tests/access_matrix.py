"""Who may do what on every URL that shows a school's data.

Each URL pattern with a `school` parameter must have an entry here; the test in
tests/test_access_matrix.py fails for a new view until it is listed, and then
checks it for every role and for an outsider.

An entry names the roles that may GET and that may POST (None: that method is
not offered), and how to fill the URL's other parameters from the `world`
fixture (which holds the school and, as later issues add them, its objects).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from projects.access import BOARD_ADMIN
from projects.models import Role

EVERYONE = frozenset(Role)
# Every persona the matrix tries: a person per school role, and a bestuursbeheerder of the school's
# board, who reads what everyone reads (the default `get`) and does nothing else at the school.
PERSONAS = (*Role, BOARD_ADMIN)
READERS = EVERYONE | {BOARD_ADMIN}
LEADING = frozenset({Role.PROJECTLEIDER, Role.WERKGROEPLID})
OVERSEEING = frozenset({Role.SCHOOLLEIDER, Role.OPDRACHTGEVER, Role.BESTUURDER, Role.MR_LID, Role.PMR_LID,
                        Role.PROCESBEGELEIDER})
TEAM_MANAGERS = frozenset({Role.PROJECTLEIDER, Role.PROCESBEGELEIDER})


@dataclass(frozen=True)
class Rule:
    get: frozenset | None = READERS
    post: frozenset | None = None
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    post_data: Callable[[dict], dict] = field(default=lambda world: {})


MATRIX: dict[str, Rule] = {
    "projects:project": Rule(),
    "projects:team": Rule(post=TEAM_MANAGERS, post_data=lambda w: {"email": "nieuw@school.test", "role": "medewerker"}),
    "projects:invite_list": Rule(
        get=None, post=TEAM_MANAGERS, post_data=lambda w: {"people": "Nina; nina@school.test", "role": "medewerker"},
    ),
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
    # Issue 15: on a school with a project, starting it again changes nothing and goes to the project page.
    "projects:start_project": Rule(get=None, post=LEADING),
}


def _cycle_content(world: dict) -> None:
    from projects.models import ImprovementPoint, Signal

    cycle = world["school"].project.current_cycle
    world["signal"] = Signal.objects.create(cycle=cycle, kind="werksfeer", description="Gespannen sfeer")
    ImprovementPoint.objects.create(cycle=cycle, text="Takenmarkt opnieuw opzetten")


# Each app adds a function that puts the objects its URLs need (waves, measures, …) into the world.
WORLD_BUILDERS: list[Callable[[dict], None]] = [_cycle_content]


# --- surveys: results (issue 3, results half) ------------------------------------------
# The world's wave is closed and not yet published: only roles with VIEW_RESULTS see it.
# That a medewerker sees it once published is tested in tests/surveys/test_results_page.py.

def _results_world(world: dict) -> None:
    from surveys import sealing
    from surveys.importing import ResponseRow, save_responses
    from tests.surveys.results_data import add_respondents, make_wave

    world["results_wave"] = make_wave(world["school"])
    add_respondents(world["results_wave"], 6, "onderbouw", E01="taker", TD1=4, TD2=2)
    save_responses(world["results_wave"], [ResponseRow("", {"TD1": 3}, {"OPEN2": "Minder vergaderen"})])
    sealing.seal([world["results_wave"]])  # as the results page would: the answer keeps its id from here on
    world["open_answer"] = world["results_wave"].responses.get(open_answers__isnull=False).open_answers.get()


MATRIX.update({
    "surveys:results": Rule(get=LEADING | OVERSEEING),
    "surveys:results_download": Rule(get=LEADING | OVERSEEING, kwargs=lambda w: {"fmt": "csv"}),
    "surveys:publish_results": Rule(
        get=None, post=frozenset({Role.PROJECTLEIDER}), post_data=lambda w: {"wave": w["results_wave"].pk},
    ),
    "surveys:hide_open_answer": Rule(
        get=None, post=frozenset({Role.PROJECTLEIDER}), kwargs=lambda w: {"answer": w["open_answer"].pk},
    ),
})
WORLD_BUILDERS.append(_results_world)


# --- surveys: waves and invitations (issue 3, survey-taking half) ----------------------
# The answering pages (/v/<token>/, /vragenlijst/…) take no school: teachers answer without an account.
PUBLISHERS = frozenset({Role.PROJECTLEIDER})


def _survey_world(world: dict) -> None:
    """An open wave in the current cycle: the voormeting, or the nameting when a voormeting is there already."""
    from datetime import timedelta

    from django.utils import timezone

    from surveys.instruments import current_version
    from surveys.models import Wave

    cycle = world["school"].project.current_cycle
    kind = "nameting" if cycle.waves.filter(kind="voormeting").exists() else "voormeting"
    world["survey_wave"] = Wave.objects.create(
        cycle=cycle, kind=kind, instrument=current_version(), opens_on=timezone.localdate() - timedelta(days=1),
    )


def _survey_wave(world: dict) -> dict:
    return {"wave": world["survey_wave"].pk}


MATRIX.update({
    "surveys:waves": Rule(),
    "surveys:start_wave": Rule(
        get=None, post=LEADING, post_data=lambda w: {"kind": "nameting", "opens_on": "2026-10-01"},
    ),
    "surveys:change_dates": Rule(
        get=None, post=LEADING, kwargs=_survey_wave, post_data=lambda w: {"opens_on": "2026-10-01"},
    ),
    "surveys:close_wave": Rule(get=None, post=LEADING, kwargs=_survey_wave),
    "surveys:invite": Rule(
        get=None, post=PUBLISHERS, kwargs=_survey_wave, post_data=lambda w: {"addresses": "lk@school.test"},
    ),
    "surveys:remind": Rule(get=None, post=PUBLISHERS, kwargs=_survey_wave),
    "surveys:slips": Rule(get=None, post=PUBLISHERS, kwargs=_survey_wave, post_data=lambda w: {"count": "2"}),
})
WORLD_BUILDERS.append(_survey_world)


# --- audit log and the school's data (issue 9) -----------------------------------------
# A wrong name leaves the school standing (the form comes back), so later roles still find it.
PROJECT_LEADER = frozenset({Role.PROJECTLEIDER})
MATRIX.update({
    "projects:audit_log": Rule(get=TEAM_MANAGERS),
    "projects:school_data": Rule(get=PROJECT_LEADER),
    "projects:export_school_data": Rule(get=PROJECT_LEADER),
    "projects:delete_school": Rule(get=None, post=PROJECT_LEADER, post_data=lambda w: {"name": "Een andere school"}),
})


# --- actionplans (issue 6): bottlenecks, brainstorm, werkplan, implementation, success wall -------------------

VIEW_RESULTS = LEADING | OVERSEEING
AGREEING = OVERSEEING | {Role.PROJECTLEIDER}


def _actionplans_world(world: dict) -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from actionplans.models import Bottleneck, Brainstorm, Measure, SourceDocument, Success

    cycle = world["school"].project.current_cycle
    world["top_bottleneck"] = Bottleneck.objects.create(cycle=cycle, source="werkgroep", label="Administratie",
                                                        rank=1, reason="Iedereen noemt het")
    world["candidate"] = Bottleneck.objects.create(cycle=cycle, source="werkgroep", label="Ouders")
    measure = Measure.objects.create(cycle=cycle, bottleneck=world["top_bottleneck"], title="Takenmarkt")
    measure.set_activities(["Takenlijst maken"])
    world["measure"], world["activity"] = measure, measure.activities.get()
    world["brainstorm"] = Brainstorm.open(cycle, "Studiedag", by=None)
    world["success"] = Success.objects.create(cycle=cycle, text="Korte vergadering!")
    name = "bronnen/toegangstest.pdf"  # one fixed file in the (git-ignored) media folder, reused between runs
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    world["document"] = SourceDocument.objects.create(cycle=cycle, kind="rie", title="RI&E", summary="Samenvatting",
                                                      file=name, original_name="rie.pdf")


WORLD_BUILDERS.append(_actionplans_world)


def _measure_data(w: dict) -> dict:
    return {
        "bottleneck": w["top_bottleneck"].pk, "title": "Takenmarkt", "status": "bezig",
        "activities": "Takenlijst maken",
    }


MATRIX.update({
    "actionplans:bottlenecks": Rule(),
    "actionplans:bottleneck_add": Rule(get=None, post=LEADING, post_data=lambda w: {"label": "Nakijkwerk"}),
    "actionplans:bottleneck_propose": Rule(get=None, post=LEADING),
    "actionplans:bottleneck_score": Rule(
        get=None, post=LEADING, kwargs=lambda w: {"pk": w["candidate"].pk},
        post_data=lambda w: {
            f"b{w['candidate'].pk}-{check}": "1" for check in ("many_people", "big_problems", "several_problems")
        },
    ),
    # A ranked bottleneck stays when deleting is tried, so the URL keeps working for the next role.
    "actionplans:bottleneck_delete": Rule(get=None, post=LEADING, kwargs=lambda w: {"pk": w["top_bottleneck"].pk}),
    "actionplans:top_five": Rule(
        get=LEADING, post=LEADING,
        post_data=lambda w: {"bottleneck_1": w["top_bottleneck"].pk, "reason_1": "Iedereen noemt het"},
    ),
    "actionplans:sources": Rule(get=VIEW_RESULTS, post=LEADING, post_data=lambda w: {"kind": "rie"}),
    "actionplans:source_download": Rule(get=VIEW_RESULTS, kwargs=lambda w: {"pk": w["document"].pk}),
    "actionplans:brainstorms": Rule(post=LEADING, post_data=lambda w: {"title": "Studiedag", "votes_per_device": 3}),
    "actionplans:brainstorm_presenter": Rule(kwargs=lambda w: {"pk": w["brainstorm"].pk}),
    "actionplans:brainstorm_phase": Rule(
        get=None, post=LEADING, kwargs=lambda w: {"pk": w["brainstorm"].pk}, post_data=lambda w: {"phase": "stemmen"},
    ),
    "actionplans:brainstorm_starting_ideas": Rule(
        get=LEADING, post=LEADING, kwargs=lambda w: {"pk": w["brainstorm"].pk},
    ),
    "actionplans:werkplan": Rule(),
    "actionplans:measure_new": Rule(get=LEADING, post=LEADING, post_data=_measure_data),
    "actionplans:werkplan_print": Rule(),
    "actionplans:werkplan_pdf": Rule(),
    "actionplans:werkplan_export": Rule(kwargs=lambda w: {"fmt": "csv"}),
    "actionplans:meeting": Rule(),
    "actionplans:measure": Rule(kwargs=lambda w: {"pk": w["measure"].pk}),
    "actionplans:measure_edit": Rule(
        get=LEADING, post=LEADING, kwargs=lambda w: {"pk": w["measure"].pk}, post_data=_measure_data,
    ),
    "actionplans:measure_progress": Rule(
        get=None, post=LEADING, kwargs=lambda w: {"pk": w["measure"].pk},
        post_data=lambda w: {"note": "Gaat goed", "status": "bezig", "on": "2026-03-01"},
    ),
    "actionplans:activity_toggle": Rule(
        get=None, post=LEADING, kwargs=lambda w: {"pk": w["measure"].pk, "activity_pk": w["activity"].pk},
    ),
    "actionplans:catalogue": Rule(),
    "actionplans:implementation": Rule(),
    "actionplans:check_in": Rule(get=None, post=AGREEING, post_data=lambda w: {"note": "Goed bezig, blijf volhouden."}),
    "actionplans:focus_check": Rule(
        get=None, post=LEADING,
        post_data=lambda w: {"initiative": "Nieuwe rekenmethode", "effect": "meer", "decision": "later"},
    ),
    "actionplans:successes": Rule(post=EVERYONE, post_data=lambda w: {"text": "De takenmarkt werkte!"}),
    "actionplans:success_thumb": Rule(get=None, post=EVERYONE, kwargs=lambda w: {"pk": w["success"].pk}),
    "actionplans:success_screen": Rule(),
})


# --- surveys: evaluation and reports (issue 4) ---------------------------------------------------

VIEWING_RESULTS = LEADING | OVERSEEING


def _evaluation_world(world: dict) -> None:
    from pathlib import Path

    from django.conf import settings

    from evaluation.models import Report

    cycle = world["school"].project.current_cycle
    # The same small file every run (media/ is not in git): a download needs a finished report.
    name = "reports/toegangstest.pdf"
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7 toegangstest")
    world["report"] = Report.objects.create(school=world["school"], cycle=cycle, status="klaar", file=name)


MATRIX.update({
    # Staff see the evaluation once both waves are published; the world has none published.
    "evaluation:evaluation": Rule(get=VIEWING_RESULTS),
    "evaluation:hard_figures": Rule(
        get=None, post=LEADING, post_data=lambda w: {"cyclus": 1, "moment": "voor", "voor-absence_pct": "5,2"},
    ),
    "evaluation:request_report": Rule(get=None, post=VIEWING_RESULTS, post_data=lambda w: {"cyclus": 1}),
    "evaluation:report_status": Rule(get=VIEWING_RESULTS, kwargs=lambda w: {"report": w["report"].pk}),
    "evaluation:download_report": Rule(get=VIEWING_RESULTS, kwargs=lambda w: {"report": w["report"].pk}),
})
WORLD_BUILDERS.append(_evaluation_world)


# --- spending: the bestedingsplan of the workload funds (issue 17) -------------------------------------------
# A teacher reads the plan but does not change it; the school leader consults the team; only a PMR member
# records the PMR's decision. The world has a draft for this school year and a consented plan of the last.

DRAFTING = frozenset({Role.PROJECTLEIDER, Role.SCHOOLLEIDER})


def _spending_world(world: dict) -> None:
    from datetime import date

    from django.utils import timezone

    from spending import plans, school_years
    from spending.models import Decision, PlanLine, PmrDecision

    year = school_years.of(timezone.localdate())
    cycle = world["school"].project.current_cycle
    draft = plans.draft(world["school"], year, cycle)
    world["spending_year"] = year
    world["spending_line"] = PlanLine.objects.create(version=draft.latest, title="Onderwijsassistent", cost=1000)
    consented = plans.draft(world["school"], year - 1, cycle)
    PmrDecision.objects.create(version=consented.latest, decision=Decision.CONSENT, decided_on=date(year, 6, 1))
    world["spending_account_year"] = year - 1


def _plan_year(w: dict) -> dict:
    return {"year": w["spending_year"]}


def _account_year(w: dict) -> dict:
    return {"year": w["spending_account_year"]}


WORLD_BUILDERS.append(_spending_world)
MATRIX.update({
    "spending:plans": Rule(post=DRAFTING, post_data=lambda w: {"school_year": 2040}),
    "spending:plan": Rule(kwargs=_plan_year),
    "spending:amount": Rule(get=None, post=DRAFTING, kwargs=_plan_year, post_data=lambda w: {"amount": "50000"}),
    "spending:add_line": Rule(
        get=None, post=DRAFTING, kwargs=_plan_year,
        post_data=lambda w: {"title": "Vakleerkracht gym", "cost": "12000", "category": "vakleerkracht",
                             "funding": "werkdrukmiddelen"},
    ),
    "spending:edit_line": Rule(
        get=DRAFTING, post=DRAFTING, kwargs=lambda w: {"year": w["spending_year"], "line": w["spending_line"].pk},
        post_data=lambda w: {"title": "Onderwijsassistent", "cost": "1500", "category": "onderwijsassistent",
                             "funding": "werkdrukmiddelen"},
    ),
    "spending:delete_line": Rule(
        get=None, post=DRAFTING, kwargs=lambda w: {"year": w["spending_year"], "line": w["spending_line"].pk},
    ),
    "spending:open_consultation": Rule(get=None, post=frozenset({Role.SCHOOLLEIDER}), kwargs=_plan_year,
                                       post_data=lambda w: {"slips": "2"}),
    "spending:close_consultation": Rule(get=None, post=frozenset({Role.SCHOOLLEIDER}), kwargs=_plan_year),
    "spending:team_meeting": Rule(
        get=None, post=DRAFTING, kwargs=_plan_year,
        post_data=lambda w: {"team_meeting_on": "2026-10-01", "team_meeting_outcome": "Het team steunt het plan"},
    ),
    "spending:decision": Rule(
        get=None, post=frozenset({Role.PMR_LID}), kwargs=_plan_year,
        post_data=lambda w: {"decision": "instemming", "decided_on": "2026-10-01"},
    ),
    "spending:account": Rule(post=DRAFTING, kwargs=_account_year),
    "spending:account_pdf": Rule(kwargs=_account_year),
    "spending:send_account": Rule(get=None, post=frozenset({Role.PROJECTLEIDER}), kwargs=_account_year),
})
