from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.my_schools, name="my_schools"),
    path("scholen/<slug:school>/", views.project, name="project"),
    path("scholen/<slug:school>/team/", views.team_page, name="team"),
    path("scholen/<slug:school>/team/<int:membership_id>/rol/", views.change_role, name="change_role"),
    path("scholen/<slug:school>/team/<int:membership_id>/verwijderen/", views.remove_member, name="remove_member"),
]
