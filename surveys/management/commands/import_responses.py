from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from surveys.importing import ResponseImportError, import_responses
from surveys.models import WaveKind


class Command(BaseCommand):
    help = (
        "Importeert antwoorden uit een CSV-bestand (op papier of met een ander programma verzameld). "
        "Kopregel: een optionele kolom department, dan vraagcodes. Energievragen: giver, neutral, taker of leeg; "
        "andere vragen: 1 tot en met 5 of leeg. Alles of niets: bij een fout wordt niets geïmporteerd. "
        "Wat ontbreekt (bestuur, school, project, cyclus, meting) wordt aangemaakt."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Het CSV-bestand (UTF-8).")
        parser.add_argument("--school", required=True, help="De naam van de school.")
        parser.add_argument("--wave", required=True, choices=WaveKind.values)
        parser.add_argument("--board", help="Het bestuur; alleen nodig voor een nieuwe school.")
        parser.add_argument("--cycle", type=int, help="Het nummer van de cyclus; standaard de huidige.")
        parser.add_argument(
            "--close", action="store_true",
            help="Sluit de meting meteen na de import, in dezelfde stap. Daarna kan er niets meer bij.",
        )

    def handle(self, *args, file: Path, school: str, wave: str, board=None, cycle=None, close=False, **options):
        try:
            with file.open(encoding="utf-8-sig", newline="") as lines:
                result = import_responses(lines, school, wave, board_name=board, cycle_number=cycle, close=close)
        except OSError as error:
            raise CommandError(f"Kan {file} niet lezen: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is geen UTF-8-tekst.") from error
        except ResponseImportError as error:
            raise CommandError("Er is niets geïmporteerd.\n" + "\n".join(error.errors)) from error
        if result.created:
            self.stdout.write("Aangemaakt: " + ", ".join(result.created) + ".")
        self.stdout.write(self.style.SUCCESS(
            f"{result.imported} antwoorden geïmporteerd in de {result.wave.get_kind_display()} "
            f"van {result.wave.school} (cyclus {result.wave.cycle.number})."
        ))
        if close:
            self.stdout.write(f"De {result.wave.get_kind_display()} is gesloten.")
