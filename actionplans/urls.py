from django.urls import path

from . import views

app_name = "actionplans"

school = "scholen/<slug:school>/"

urlpatterns = [
    # Step 2: bottlenecks and other sources
    path(school + "knelpunten/", views.bottlenecks_page, name="bottlenecks"),
    path(school + "knelpunten/toevoegen/", views.bottleneck_add, name="bottleneck_add"),
    path(school + "knelpunten/voorstellen/", views.bottleneck_propose, name="bottleneck_propose"),
    path(school + "knelpunten/<int:pk>/scoren/", views.bottleneck_score, name="bottleneck_score"),
    path(school + "knelpunten/<int:pk>/verwijderen/", views.bottleneck_delete, name="bottleneck_delete"),
    path(school + "knelpunten/top-vijf/", views.top_five, name="top_five"),
    path(school + "bronnen/", views.sources, name="sources"),
    path(school + "bronnen/<int:pk>/download/", views.source_download, name="source_download"),
    # Step 3: brainstorm, werkplan, catalogue
    path(school + "brainstorm/", views.brainstorms, name="brainstorms"),
    path(school + "brainstorm/<int:pk>/", views.brainstorm_presenter, name="brainstorm_presenter"),
    path(school + "brainstorm/<int:pk>/fase/", views.brainstorm_phase, name="brainstorm_phase"),
    path(school + "brainstorm/<int:pk>/startideeen/", views.brainstorm_starting_ideas,
         name="brainstorm_starting_ideas"),
    path(school + "werkplan/", views.werkplan_page, name="werkplan"),
    path(school + "werkplan/nieuw/", views.measure_new, name="measure_new"),
    path(school + "werkplan/afdrukken/", views.werkplan_print, name="werkplan_print"),
    path(school + "werkplan/werkplan.pdf", views.werkplan_pdf, name="werkplan_pdf"),
    path(school + "werkplan/plan-van-aanpak.<str:fmt>", views.werkplan_export, name="werkplan_export"),
    path(school + "werkplan/overleg/", views.meeting, name="meeting"),
    path(school + "werkplan/<int:pk>/", views.measure_detail, name="measure"),
    path(school + "werkplan/<int:pk>/bewerken/", views.measure_edit, name="measure_edit"),
    path(school + "werkplan/<int:pk>/voortgang/", views.measure_progress, name="measure_progress"),
    path(school + "werkplan/<int:pk>/activiteit/<int:activity_pk>/", views.activity_toggle, name="activity_toggle"),
    path(school + "maatregelen/", views.catalogue_page, name="catalogue"),
    # Step 4: implementation and the success wall
    path(school + "aan-de-slag/", views.implementation, name="implementation"),
    path(school + "aan-de-slag/check-in/", views.check_in, name="check_in"),
    path(school + "aan-de-slag/focuscheck/", views.focus_check, name="focus_check"),
    path(school + "successen/", views.successes, name="successes"),
    path(school + "successen/<int:pk>/duim/", views.success_thumb, name="success_thumb"),
    path(school + "successen/scherm/", views.success_screen, name="success_screen"),
    # Staff join a brainstorm on their phones, without an account
    path("doe-mee/", views.join, name="join"),
    path("doe-mee/<str:code>/", views.join_session, name="join_session"),
    path("doe-mee/<str:code>/fase/", views.join_phase, name="join_phase"),
    path("doe-mee/<str:code>/idee/", views.join_idea, name="join_idea"),
    path("doe-mee/<str:code>/stem/<int:idea>/", views.join_vote, name="join_vote"),
]
