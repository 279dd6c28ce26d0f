"""--school NAME|BRIN [--board NAME] [--cycle N], shared by the evaluation commands."""

from django.core.management.base import CommandError

from evaluation import compare_cycles
from projects.models import Cycle, School
from projects.school_lookup import SchoolLookupError, school_or_error


def add_school_and_cycle(parser) -> None:
    parser.add_argument("--school", required=True,
                        help="De naam van de school, het BRIN-nummer of de korte naam uit het adres.")
    parser.add_argument("--board", help="Het bestuur van de school; nodig als meer besturen een school met "
                                        "deze naam hebben.")
    parser.add_argument("--cycle", type=int,
                        help="Het nummer van de cyclus; standaard de laatste met een gesloten nameting.")


def school_and_cycle(name: str, number: int | None, board: str | None = None) -> tuple[School, Cycle]:
    try:
        school = school_or_error(name, board)
    except SchoolLookupError as error:
        raise CommandError(str(error)) from error
    if number is None:
        cycle = compare_cycles.default_cycle(school)
    else:
        cycle = Cycle.objects.filter(project__school=school, number=number).first()
    if cycle is None:
        raise CommandError(f"{school.name} heeft {'geen cyclus ' + str(number) if number else 'nog geen cyclus'}.")
    return school, cycle
