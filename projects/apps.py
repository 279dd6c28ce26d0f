from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Scholen en projecten")

    def ready(self) -> None:
        from .navigation import Section, register

        register(Section("project", _("Project"), "projects:project", order=10))
        register(Section("team", _("Team"), "projects:team", order=90))

    def load_demo(self, demo) -> None:
        from .demo import load

        load(demo)
