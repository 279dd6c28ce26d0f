from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpendingConfig(AppConfig):
    name = "spending"
    verbose_name = _("Werkdrukmiddelen")

    def load_demo(self, demo) -> None:
        from .demo import load

        load(demo)
