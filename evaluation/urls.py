from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    # Step 5 of a school's cycle: ?cyclus=N, the current cycle without it.
    path("scholen/<slug:school>/evaluatie/", views.evaluation_page, name="evaluation"),
    path("scholen/<slug:school>/evaluatie/verzuim/", views.save_hard_figures, name="hard_figures"),
    path("scholen/<slug:school>/rapport/", views.request_report, name="request_report"),
    path("scholen/<slug:school>/rapport/<int:report>/", views.report_status, name="report_status"),
    path("scholen/<slug:school>/rapport/<int:report>/download/", views.download_report, name="download_report"),
    # Several schools together, for a coach or a board.
    path("rapporten/scholen/", views.group_reports, name="group_reports"),
    path("rapporten/scholen/<int:report>/", views.group_report_status, name="group_report_status"),
    path("rapporten/scholen/<int:report>/download/", views.group_report_download, name="group_report_download"),
]
