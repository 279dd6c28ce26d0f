from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from projects.demo import DEMO_PASSWORD, Demo


class Command(BaseCommand):
    help = ("Laadt de demo: een bestuur met vijf pilotscholen midden in hun cyclus, en een kleine school onder een "
            "eigen bestuur. Kan vaker draaien.")

    def handle(self, *args, **options):
        demo = Demo()
        with transaction.atomic():
            # Every app that has demo content adds it, in the order of INSTALLED_APPS,
            # so an app builds on what the apps below it created.
            for config in apps.get_app_configs():
                loader = getattr(config, "load_demo", None)
                if loader is not None:
                    loader(demo)
        self.stdout.write(self.style.SUCCESS(
            f"Demo geladen: {len(demo.schools)} scholen. Inloggen met bijvoorbeeld projectleider / {DEMO_PASSWORD}."
        ))
        for line in demo.messages:
            self.stdout.write(line)
