"""How the apps make one Werkdruk Wegwijzer together: the one module that wires them.

Read it top to bottom to know, for every page that shows all apps at once, which function of
which app it calls. `projects` holds the engines that evaluate this (projects/steps.py,
navigation.py, dashboard.py, cycles.py, privacy.py) and reads it through
`projects.wiring.wiring()`, named by the setting WERKDRUK_WIRING; it imports no other app.
"""

from django.utils.translation import gettext_lazy as _

# Whole dotted names, so that grep for "actionplans.steps.carrying_out" finds where step 4 is wired.
import actionplans.carry_over
import actionplans.overview
import actionplans.queries
import actionplans.steps
import evaluation.tasks
import evaluation.werkplan_sections
import projects.cycles
import surveys.overview
import surveys.privacy_export
import surveys.waves
from projects.access import Action
from projects.wiring import InspectionCheck, OverviewColumn, Section, Wiring, facts

WIRING = Wiring(
    # --- The six steps: which functions tell each step's status ------------------------------
    # A step is done when all of its functions say so (projects.steps.combine).
    steps={
        1: (projects.cycles.step_one_progress,),
        2: (surveys.waves.voormeting_progress, actionplans.steps.choosing),
        3: (actionplans.steps.measures_step,),
        4: (actionplans.steps.carrying_out,),
        5: (surveys.waves.nameting_progress,),
        6: (projects.cycles.step_six_progress,),
    },
    # What those functions read: annotations on Cycle, all in one query.
    facts=facts(projects.cycles.STEP_FACTS, surveys.waves.STEP_FACTS, actionplans.steps.STEP_FACTS),
    prefetch=("targets", "waves"),
    target_dates=projects.cycles.target_dates,
    # --- A school's tabs, in this order ------------------------------------------------------
    sections=(
        Section("project", _("Project"), "projects:project",
                purpose=_("De zes stappen van het project: wat klaar is en wat nu te doen is.")),
        Section("start", _("Start"), "projects:start",
                purpose=_("Stap 1: signalen van werkdruk, de afwegingen, de instemming van schoolleider, bestuur "
                          "en MR, het projectteam en de jaarplanning.")),
        Section("vragenlijst", _("Vragenlijst"), "surveys:waves",
                purpose=_("De anonieme vragenlijst onder het hele team: de voormeting en later de nameting.")),
        Section("resultaten", _("Resultaten"), "surveys:results",
                purpose=_("De uitkomsten van de vragenlijst, per thema en schaal, nooit over minder dan vijf "
                          "collega's.")),
        Section("knelpunten", _("Knelpunten"), "actionplans:bottlenecks",
                purpose=_("De werkgroep kiest uit de uitkomsten en andere bronnen de top vijf van knelpunten.")),
        Section("werkplan", _("Werkplan"), "actionplans:werkplan",
                purpose=_("De maatregelen per knelpunt: wat, wie, wanneer, en hoe het gaat.")),
        Section("evaluatie", _("Evaluatie"), "evaluation:evaluation", Action.VIEW_RESULTS,
                purpose=_("Stap 5: de nameting naast de voormeting, en wat het project heeft opgeleverd.")),
        Section("successen", _("Successen"), "actionplans:successes",
                purpose=_("De successenmuur: wat al beter gaat, door iedereen te delen.")),
        Section("team", _("Team"), "projects:team",
                purpose=_("Wie een rol heeft in het project, en wie de projectleider uitnodigt.")),
        Section("logboek", _("Logboek"), "projects:audit_log", Action.MANAGE_TEAM,
                purpose=_("Wie rollen, het werkplan of de publicatie wijzigde.")),
    ),
    # --- The coach overview: its columns, and per app the function that fills them -----------
    overview_columns=(
        OverviewColumn("participation", _("Respons"), "surveys/_overview_participation.html"),
        OverviewColumn("top_five", _("Top vijf knelpunten"), "actionplans/_overview_top_five.html"),
        OverviewColumn("werkplan", _("Werkplan"), "actionplans/_overview_werkplan.html"),
    ),
    overview_values=(surveys.overview.dashboard_columns, actionplans.overview.dashboard_columns),
    overview_links=("surveys/_overview_board_results.html", "evaluation/_overview_group_report.html"),
    # --- Step 6: what a cycle takes into the next one ----------------------------------------
    carry_over=(actionplans.carry_over.CARRY_OVER,),
    # --- The labour inspectorate's checklist on the project page -----------------------------
    inspection_checks=(
        InspectionCheck("causes", _("De oorzaken van werkdruk zijn in kaart gebracht"),
                        actionplans.carry_over.causes_check),
        InspectionCheck("per_team", _("De resultaten zijn per team getoond, met behoud van anonimiteit"),
                        surveys.overview.per_team_check),
        InspectionCheck("participation", _("Minstens de helft van het personeel heeft meegedaan"),
                        surveys.overview.participation_check),
        InspectionCheck("discussed", _("De resultaten zijn met het personeel besproken"),
                        projects.cycles.discussed_with_staff),
    ),
    # --- A school's data export (AVG): the other apps' files beside projects' own -----------
    school_data={
        "vragenlijst_metingen": surveys.privacy_export.wave_rows,
        "vragenlijst_uitkomsten": surveys.privacy_export.result_rows,
        "werkplan": actionplans.overview.export_rows,
    },
    # --- The report of a school's cycle: the sections of the other apps ---------------------
    report_sections=(evaluation.werkplan_sections.report_sections,),
    # --- The nameting asks per measure of the werkplan whether it helped ---------------------
    measure_questions=actionplans.queries.measure_questions,
    # --- When a wave closes: what the other apps keep up to date ------------------------------
    wave_closed=(evaluation.tasks.pool_after_close,),
)
