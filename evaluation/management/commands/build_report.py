from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from evaluation import reports

from ._school_cycle import add_school_and_cycle, school_and_cycle


class Command(BaseCommand):
    help = "Maakt het PDF-rapport van een cyclus van een school, in dit proces (zonder Celery-werker)."

    def add_arguments(self, parser):
        add_school_and_cycle(parser)
        parser.add_argument("--out", required=True, type=Path, help="Waar het PDF-bestand komt.")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            default=settings.LANGUAGE_CODE, help="De taal van het rapport (standaard: nl).")

    def handle(self, *args, school: str, cycle: int | None, out: Path, language: str, **options):
        found, found_cycle = school_and_cycle(school, cycle, options.get("board"))
        try:
            with translation.override(language):
                pdf = reports.build_school_report(found_cycle)
        except reports.ReportError as error:
            raise CommandError(str(error)) from error
        out.write_bytes(pdf)
        self.stdout.write(f"{out} ({len(pdf) // 1024} kB): {found.name}, cyclus {found_cycle.number}")
