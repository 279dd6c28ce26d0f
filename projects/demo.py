"""Demo organisation: a board with the seed's five pilot schools, their people and projects."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from .models import Board, Cycle, Membership, Project, Role, School

DEMO_PASSWORD = "werkdruk-demo"

PILOT_SCHOOLS = [
    ("obs-de-regenboog", "OBS De Regenboog", "Zwolle", "Sterke leerlingendaling: in vijf jaar van 310 naar 220 leerlingen."),
    ("cbs-het-kompas", "CBS Het Kompas", "Amersfoort", "Onderbezet management: één directeur voor twee locaties."),
    ("de-vlinderboom", "Kindcentrum De Vlinderboom", "Almere", "Relatief jong leerkrachtenteam, veel starters."),
    ("sint-jozefschool", "Sint-Jozefschool", "Tilburg", "Middelgrote dorpsschool met een stabiel team."),
    ("de-wilgenhof", "Basisschool De Wilgenhof", "Leeuwarden", "Brede school in een groeiende wijk."),
]

# (username, first name, last name, school slug or None for all pilot schools, role)
NAMED_ACCOUNTS = [
    ("coach", "Carla", "de Coach", None, Role.PROCESBEGELEIDER),
    ("bestuurder", "Bert", "Bestuur", None, Role.BESTUURDER),
    ("projectleider", "Petra", "Jansen", "obs-de-regenboog", Role.PROJECTLEIDER),
    ("schoolleider", "Sander", "de Vries", "obs-de-regenboog", Role.SCHOOLLEIDER),
    ("werkgroeplid", "Wendy", "Bakker", "obs-de-regenboog", Role.WERKGROEPLID),
    ("medewerker", "Mohamed", "El Amrani", "obs-de-regenboog", Role.MEDEWERKER),
    ("opdrachtgever", "Olga", "Smit", "obs-de-regenboog", Role.OPDRACHTGEVER),
    ("mrlid", "Marco", "Visser", "obs-de-regenboog", Role.MR_LID),
]

PER_SCHOOL_ROLES = [
    ("pl", "Projectleider", Role.PROJECTLEIDER),
    ("sl", "Schoolleider", Role.SCHOOLLEIDER),
    ("wg", "Werkgroeplid", Role.WERKGROEPLID),
    ("lk1", "Leerkracht", Role.MEDEWERKER),
    ("lk2", "Leerkracht", Role.MEDEWERKER),
    ("lk3", "Leerkracht", Role.MEDEWERKER),
]


@dataclass
class Demo:
    """What the demo loaders of the apps share, in the order the apps are installed."""

    board: Board | None = None
    schools: dict[str, School] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    today: date = field(default_factory=date.today)

    def say(self, line: str) -> None:
        self.messages.append(line)


def load(demo: Demo) -> None:
    demo.board, _ = Board.objects.get_or_create(name="Stichting Samen Leren")
    for slug, name, city, description in PILOT_SCHOOLS:
        school, _ = School.objects.update_or_create(
            slug=slug, defaults={"board": demo.board, "name": name, "city": city, "description": description}
        )
        project, _ = Project.objects.get_or_create(school=school)
        Cycle.objects.get_or_create(project=project, number=1)
        demo.schools[slug] = school

    password = make_password(DEMO_PASSWORD)
    for username, first, last, slug, role in NAMED_ACCOUNTS:
        user = _account(username, first, last, password)
        demo.users[username] = user
        for school in [demo.schools[slug]] if slug else demo.schools.values():
            Membership.objects.get_or_create(user=user, school=school, role=role)

    for slug, school in demo.schools.items():
        for suffix, first, role in PER_SCHOOL_ROLES:
            if slug == "obs-de-regenboog" and suffix in {"pl", "sl", "wg"}:
                continue  # the named accounts hold these roles at the first school
            username = f"{suffix}.{slug}"
            user = _account(username, first, school.name.split()[-1], password)
            demo.users[username] = user
            Membership.objects.get_or_create(user=user, school=school, role=role)


def _account(username: str, first: str, last: str, password_hash: str):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.werkdruk.nl"},
    )
    if created or not user.has_usable_password():
        user.password = password_hash
        user.save(update_fields=["password"])
    return user
