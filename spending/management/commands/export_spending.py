import csv
import io
import json

from django.core.management.base import BaseCommand, CommandError

from projects.anonymity import MIN_GROUP
from projects.models import Board
from spending import jaarverslag


class Command(BaseCommand):
    help = (
        "Drukt per school van een bestuur het bestedingsplan van de werkdrukmiddelen af voor het schooljaar dat "
        'op 1 augustus YYYY begint: {"school", "brin", "amount", "planned", "spent", "by_category", '
        '"team_consulted_on", "team_support", "pmr_decision", "pmr_decided_on"}. team_support is null zolang de '
        "teamraadpleging openstaat of bij minder dan %(n)s reacties."
    ) % {"n": MIN_GROUP}

    def add_arguments(self, parser):
        parser.add_argument("--board", required=True, help="De naam van het bestuur.")
        parser.add_argument("--school-year", required=True, type=int, dest="school_year",
                            help="Het jaar waarin het schooljaar begint (1 augustus).")
        parser.add_argument("--format", default="json", choices=["json", "csv"])

    def handle(self, *args, board: str, school_year: int, format: str, **options):
        found = Board.objects.filter(name=board).first()
        if found is None:
            raise CommandError(f"Bestuur '{board}' bestaat niet.")
        if not 1900 <= school_year <= 2999:
            raise CommandError(f"Schooljaar '{school_year}' klopt niet: geef het beginjaar, bijvoorbeeld 2026.")
        rows = jaarverslag.rows(list(found.schools.all()), school_year)
        if format == "csv":
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(jaarverslag.CSV_COLUMNS)
            writer.writerows(["" if cell is None else cell for cell in jaarverslag.flat(row)] for row in rows)
            self.stdout.write(out.getvalue(), ending="")
        else:
            self.stdout.write(json.dumps(jaarverslag.as_json(rows), ensure_ascii=False, indent=2))
