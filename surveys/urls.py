from django.urls import path

from . import views_answer, views_results, views_waves

app_name = "surveys"

urlpatterns = [
    # The school's survey page: waves, invitations and participation.
    path("scholen/<slug:school>/vragenlijst/", views_waves.wave_list, name="waves"),
    path("scholen/<slug:school>/vragenlijst/starten/", views_waves.start_wave, name="start_wave"),
    path("scholen/<slug:school>/vragenlijst/<int:wave>/data/", views_waves.change_dates, name="change_dates"),
    path("scholen/<slug:school>/vragenlijst/<int:wave>/sluiten/", views_waves.close_wave, name="close_wave"),
    path("scholen/<slug:school>/vragenlijst/<int:wave>/uitnodigen/", views_waves.invite, name="invite"),
    path("scholen/<slug:school>/vragenlijst/<int:wave>/herinneren/", views_waves.remind, name="remind"),
    path("scholen/<slug:school>/vragenlijst/<int:wave>/briefjes/", views_waves.print_slips, name="slips"),
    # Answering, without an account.
    path("v/<str:token>/", views_answer.enter, name="enter"),
    path("vragenlijst/", views_answer.code, name="code"),
    path("vragenlijst/invullen/", views_answer.intro, name="intro"),
    path("vragenlijst/invullen/deel/<int:number>/", views_answer.part, name="part"),
    path("vragenlijst/invullen/controleren/", views_answer.review, name="review"),
    path("vragenlijst/bedankt/", views_answer.thanks, name="thanks"),
    # --- Results (issue 3, results half) ---
    path("scholen/<slug:school>/resultaten/", views_results.results, name="results"),
    path("scholen/<slug:school>/resultaten/download/<str:fmt>/", views_results.results_download,
         name="results_download"),
    path("scholen/<slug:school>/resultaten/publiceren/", views_results.publish_results, name="publish_results"),
    path("scholen/<slug:school>/resultaten/open/<int:answer>/verbergen/", views_results.hide_open_answer,
         name="hide_open_answer"),
    path("besturen/<int:board_id>/resultaten/", views_results.board_results, name="board_results"),
    # --- end of results ---
]
