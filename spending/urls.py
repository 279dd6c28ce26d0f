from django.urls import path

from . import views, views_board, views_public

app_name = "spending"

PLAN = "scholen/<slug:school>/werkdrukmiddelen/<int:year>/"

urlpatterns = [
    path("scholen/<slug:school>/werkdrukmiddelen/", views.plans_list, name="plans"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "bedrag/", views.amount, name="amount"),
    path(PLAN + "regels/", views.add_line, name="add_line"),
    path(PLAN + "regels/<int:line>/", views.edit_line, name="edit_line"),
    path(PLAN + "regels/<int:line>/verwijderen/", views.delete_line, name="delete_line"),
    path(PLAN + "teamraadpleging/", views.open_consultation, name="open_consultation"),
    path(PLAN + "teamraadpleging/sluiten/", views.close_consultation, name="close_consultation"),
    path(PLAN + "teamvergadering/", views.team_meeting, name="team_meeting"),
    path(PLAN + "pmr/", views.decision, name="decision"),
    path(PLAN + "verantwoording/", views.account, name="account"),
    path(PLAN + "verantwoording/pdf/", views.account_pdf, name="account_pdf"),
    path(PLAN + "verantwoording/versturen/", views.send_account, name="send_account"),
    # The team's voice, without an account.
    path("b/<str:token>/", views_public.respond, name="respond"),
    path("bestedingsplan/", views_public.code, name="code"),
    path("bestedingsplan/stem/", views_public.vote, name="vote"),
    # The board's jaarverslag paragraph.
    path("besturen/<int:board_id>/werkdrukmiddelen/", views_board.page, name="jaarverslag"),
    path("besturen/<int:board_id>/werkdrukmiddelen/<str:fmt>/", views_board.download, name="jaarverslag_download"),
]
