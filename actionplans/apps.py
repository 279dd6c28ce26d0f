from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = _("Werkplannen")

    def load_demo(self, demo) -> None:
        from .demo import load

        load(demo)
