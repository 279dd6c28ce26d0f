from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Werkplannen")

    def ready(self) -> None:
        from projects import cycles, dashboard, navigation, privacy, steps
        from projects.access import Action
        from surveys import measure_questions

        from . import carry_over, overview, queries
        from . import steps as our_steps

        our_steps.register_step_facts()
        steps.register(2, our_steps.choosing)
        steps.register(3, our_steps.measures_step)
        steps.register(4, our_steps.carrying_out)
        navigation.register(navigation.Section("knelpunten", _("Knelpunten"), "actionplans:bottlenecks", Action.VIEW, order=30))
        navigation.register(navigation.Section("werkplan", _("Werkplan"), "actionplans:werkplan", Action.VIEW, order=40))
        navigation.register(navigation.Section("successen", _("Successen"), "actionplans:successes", Action.VIEW, order=60))
        dashboard.register_columns(overview.dashboard_columns)
        privacy.register_exporter("werkplan", overview.export_rows)
        cycles.register_carry_over(carry_over.CARRY_OVER)
        cycles.register_inspection_check("causes", carry_over.causes_check)
        measure_questions.register_question_provider(queries.measure_questions)

    def load_demo(self, demo) -> None:
        from .demo import load

        load(demo)
