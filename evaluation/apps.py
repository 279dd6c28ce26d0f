from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluatie")

    def ready(self) -> None:
        from projects import navigation
        from projects.access import Action

        from . import reports, werkplan_sections

        navigation.register(navigation.Section("evaluatie", _("Evaluatie"), "evaluation:evaluation", Action.VIEW_RESULTS, order=55))
        reports.register_section(werkplan_sections.report_sections)

    def load_demo(self, demo) -> None:
        from .demo import load

        load(demo)
