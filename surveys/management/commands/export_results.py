import json

from django.core.management.base import BaseCommand, CommandError

from projects.models import Board
from projects.school_lookup import SchoolLookupError, school_or_error
from surveys import exports, open_answers
from surveys.anonymity import MIN_GROUP
from surveys.models import WaveKind
from surveys.results import latest_waves, wave_results


class Command(BaseCommand):
    help = (
        "Drukt de resultaten van een school of van alle scholen van een bestuur samen af, als JSON "
        '({"n", "energy", "scales", "departments"}, of {"n", "withheld": true} bij minder dan %(n)s respondenten) '
        "of als CSV (een platte tabel van dezelfde cijfers). Nooit losse antwoorden."
    ) % {"n": MIN_GROUP}

    def add_arguments(self, parser):
        parser.add_argument("--school", help="De naam of het BRIN-nummer van de school.")
        parser.add_argument("--board", help=(
            "De naam van het bestuur: zonder --school alle scholen samen; met --school het bestuur van die school "
            "(nodig als meer besturen een school met deze naam hebben)."))
        parser.add_argument("--wave", required=True, choices=WaveKind.values)
        parser.add_argument(
            "--cycle", type=int,
            help="Het nummer van de cyclus; standaard per school de laatste cyclus met deze meting.",
        )
        parser.add_argument("--format", default="json", choices=["json", "csv"])

    def handle(self, *args, school=None, board=None, wave: str, cycle=None, format: str, **options):
        if school is None and board is None:
            raise CommandError("Geef --school of --board.")
        if school is not None:
            try:
                schools = [school_or_error(school, board)]
            except SchoolLookupError as error:
                raise CommandError(str(error)) from error
        else:
            found = Board.objects.filter(name=board).first()
            if found is None:
                raise CommandError(f"Bestuur '{board}' bestaat niet.")
            schools = list(found.schools.all())
        waves = latest_waves(schools, wave, cycle)
        if not waves:
            where = f" in cyclus {cycle}" if cycle else ""
            raise CommandError(f"Er is geen {wave}{where} van {school or board}.")
        results = wave_results(waves)
        if format == "csv":
            self.stdout.write(exports.to_csv(results), ending="")
            return
        written = open_answers.written_counts(waves[0])
        if school is not None and written and not results.get("open") and not results.get("withheld"):
            # How many wrote an answer to each open question, never the texts; never for a board.
            results["open"] = written
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
