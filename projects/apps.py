from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Scholen en projecten")

    def ready(self) -> None:
        from . import cycles, steps
        from .access import Action
        from .navigation import Section, register

        register(Section("project", _("Project"), "projects:project", order=10))
        register(Section("start", _("Start"), "projects:start", order=15))
        register(Section("team", _("Team"), "projects:team", order=90))
        register(Section("logboek", _("Logboek"), "projects:audit_log", action=Action.MANAGE_TEAM, order=95))
        cycles.register_step_facts()
        steps.register(1, cycles.step_one_progress)
        steps.register(6, cycles.step_six_progress)
        steps.register_target_dates(cycles.target_dates)

    def load_demo(self, demo) -> None:
        from .demo import load

        load(demo)
