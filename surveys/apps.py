from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Vragenlijsten")

    def ready(self) -> None:
        from projects import cycles, dashboard, navigation, steps

        from . import overview, privacy_export
        from .waves import nameting_progress, register_step_facts, voormeting_progress

        navigation.register(navigation.Section("vragenlijst", _("Vragenlijst"), "surveys:waves", order=20))
        navigation.register(navigation.Section("resultaten", _("Resultaten"), "surveys:results", order=25))
        register_step_facts()
        steps.register(2, voormeting_progress)
        steps.register(5, nameting_progress)
        dashboard.register_columns(overview.dashboard_columns)
        cycles.register_inspection_check("participation", overview.participation_check)
        cycles.register_inspection_check("per_team", overview.per_team_check)
        privacy_export.register()  # the survey's part of a school's data export: aggregates only

    def load_demo(self, demo) -> None:
        from .demo import load

        load(demo)
