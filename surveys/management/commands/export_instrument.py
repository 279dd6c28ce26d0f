import json

from django.core.management.base import BaseCommand, CommandError

from surveys import instruments
from surveys.models import InstrumentVersion


class Command(BaseCommand):
    help = (
        "Drukt de vragenlijst af als JSON: {version, scales: [{code, label, higher_is}], "
        "items: [{code, text, kind, scale, reverse}]}, kind energy, likert of open. "
        "Een energievraag heeft als tekst de naam van het thema."
    )

    def add_arguments(self, parser):
        parser.add_argument("--instrument-version", dest="instrument_version",
                            help="Een eerdere versie; standaard de nieuwste.")

    def handle(self, *args, instrument_version=None, **options):
        if instrument_version:
            version = InstrumentVersion.objects.filter(version=instrument_version).first()
            if version is None:
                raise CommandError(f"Versie {instrument_version} van de vragenlijst bestaat niet.")
        else:
            version = instruments.current_version()
        view = instruments.instrument(version.pk)
        self.stdout.write(json.dumps(instrument_json(view), ensure_ascii=False, indent=2))


def instrument_json(view: instruments.InstrumentView) -> dict:
    return {
        "version": view.version,
        "scales": [{"code": s["code"], "label": s["label"], "higher_is": s["higher_is"]} for s in view.scales],
        "items": [
            {
                "code": item["code"],
                "text": item["text"],
                "kind": item["kind"],
                "scale": item.get("scale"),  # None for energy and open questions
                "reverse": bool(item.get("reverse", False)),
            }
            for item in view.items
        ],
    }
