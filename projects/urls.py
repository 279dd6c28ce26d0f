from django.urls import path

from . import views, views_audit, views_boards, views_cycle, views_dashboard, views_privacy

app_name = "projects"

urlpatterns = [
    path("", views.my_schools, name="my_schools"),
    path("overzicht/", views_dashboard.overview, name="overview"),
    path("overzicht/samenvatting/", views_dashboard.digest_preference, name="digest_preference"),
    # Issue 15: a board runs itself (projects.views_boards), a school starts from nothing
    path("aanmelden/", views_boards.access_request, name="access_request"),
    path("besturen/<int:board>/", views_boards.board_page, name="board"),
    path("besturen/<int:board>/scholen/", views_boards.add_school, name="board_add_school"),
    path("besturen/<int:board>/uitnodigen/", views_boards.invite, name="board_invite"),
    path("scholen/<slug:school>/project-starten/", views_cycle.start_project, name="start_project"),
    path("scholen/<slug:school>/", views.project, name="project"),
    path("scholen/<slug:school>/cycli/<int:number>/", views.project, name="past_cycle"),
    path("scholen/<slug:school>/team/", views.team_page, name="team"),
    path("scholen/<slug:school>/team/lijst/", views.invite_list, name="invite_list"),
    path("scholen/<slug:school>/team/<int:membership_id>/rol/", views.change_role, name="change_role"),
    path("scholen/<slug:school>/team/<int:membership_id>/verwijderen/", views.remove_member, name="remove_member"),
    # Step 1: is er sprake van werkdruk?
    path("scholen/<slug:school>/start/", views_cycle.start, name="start"),
    path("scholen/<slug:school>/start/signalen/", views_cycle.add_signal, name="add_signal"),
    path("scholen/<slug:school>/start/signalen/<int:signal_id>/verwijderen/", views_cycle.delete_signal,
         name="delete_signal"),
    path("scholen/<slug:school>/start/afwegingen/", views_cycle.save_considerations, name="considerations"),
    path("scholen/<slug:school>/start/instemming/", views_cycle.record_agreement, name="agreement"),
    path("scholen/<slug:school>/start/projectteam/", views_cycle.save_team, name="project_team"),
    path("scholen/<slug:school>/start/jaarplanning/", views_cycle.save_year_plan, name="year_plan"),
    path("scholen/<slug:school>/besproken/", views_cycle.record_staff_discussion, name="staff_discussion"),
    # Step 6: herhaal de cyclus
    path("scholen/<slug:school>/afsluiten/", views_cycle.close_cycle, name="close"),
    path("scholen/<slug:school>/afsluiten/volgende-cyclus/", views_cycle.start_next_cycle, name="next_cycle"),
    # Issue 9: audit log, privacy
    path("scholen/<slug:school>/logboek/", views_audit.audit_log, name="audit_log"),
    path("privacy/", views_privacy.privacy_page, name="privacy"),
    path("scholen/<slug:school>/gegevens/", views_privacy.school_data, name="school_data"),
    path("scholen/<slug:school>/gegevens/download/", views_privacy.export_school_data, name="export_school_data"),
    path("scholen/<slug:school>/gegevens/verwijderen/", views_privacy.delete_school, name="delete_school"),
]
