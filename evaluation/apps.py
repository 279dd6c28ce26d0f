from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluatie")

    def load_demo(self, demo) -> None:
        from .demo import load

        load(demo)
