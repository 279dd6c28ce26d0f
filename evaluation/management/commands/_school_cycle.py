"""--school NAME [--cycle N], shared by the evaluation commands."""

from django.core.management.base import CommandError
from django.db.models import Q

from evaluation import compare_cycles
from projects.models import Cycle, School


def add_school_and_cycle(parser) -> None:
    parser.add_argument("--school", required=True, help="De naam van de school (of de korte naam uit het adres).")
    parser.add_argument("--cycle", type=int,
                        help="Het nummer van de cyclus; standaard de laatste met een gesloten nameting.")


def school_and_cycle(name: str, number: int | None) -> tuple[School, Cycle]:
    school = School.objects.filter(Q(name=name) | Q(slug=name)).select_related("project").first()
    if school is None:
        raise CommandError(f"School '{name}' bestaat niet.")
    if number is None:
        cycle = compare_cycles.default_cycle(school)
    else:
        cycle = Cycle.objects.filter(project__school=school, number=number).first()
    if cycle is None:
        raise CommandError(f"{school.name} heeft {'geen cyclus ' + str(number) if number else 'nog geen cyclus'}.")
    return school, cycle
