from django.core.management.base import BaseCommand

from surveys import sealing
from surveys.models import Wave


class Command(BaseCommand):
    help = (
        "Verzegelt elke gesloten meting die dat nog niet is: de antwoorden worden in willekeurige volgorde "
        "herschreven (docs/privacy.md). Draai dit één keer na het bijwerken, zodat niet de eerste die de "
        "cijfers opvraagt op het verzegelen van alle oude metingen wacht. Kan vaker draaien."
    )

    def handle(self, *args, **options):
        closed = [wave for wave in Wave.objects.filter(sealed_at__isnull=True) if wave.is_closed]
        sealing.seal(closed)
        self.stdout.write(f"{len(closed)} gesloten {'meting' if len(closed) == 1 else 'metingen'} verzegeld.")
