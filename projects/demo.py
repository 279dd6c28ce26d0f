"""Demo organisation: a board with the seed's five pilot schools, their people and projects.

Besides them a small school under a board of its own: nine staff, so a voormeting of seven
respondents, as at so many Dutch primary schools. Its own board keeps it out of the view of
the pilot schools' coach and bestuurder.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    Activity,
    Agreement,
    AgreementParty,
    Board,
    BoardAdministrator,
    Considerations,
    Cycle,
    Evaluation,
    ImprovementPoint,
    Membership,
    Project,
    Role,
    School,
    Signal,
    SignalKind,
    StepTarget,
    TeamMember,
    TeamRole,
)

DEMO_PASSWORD = "werkdruk-demo"

PILOT_SCHOOLS = [
    ("obs-de-regenboog", "OBS De Regenboog", "Zwolle",
     "Sterke leerlingendaling: in vijf jaar van 310 naar 220 leerlingen."),
    ("cbs-het-kompas", "CBS Het Kompas", "Amersfoort", "Onderbezet management: één directeur voor twee locaties."),
    ("de-vlinderboom", "Kindcentrum De Vlinderboom", "Almere", "Relatief jong leerkrachtenteam, veel starters."),
    ("sint-jozefschool", "Sint-Jozefschool", "Tilburg", "Middelgrote dorpsschool met een stabiel team."),
    ("de-wilgenhof", "Basisschool De Wilgenhof", "Leeuwarden", "Brede school in een groeiende wijk."),
]

# Invented BRIN numbers (four characters and a two-digit location) for the demo schools.
DEMO_BRIN = {
    "obs-de-regenboog": "91RB00", "cbs-het-kompas": "92HK00", "de-vlinderboom": "93VB00",
    "sint-jozefschool": "94SJ00", "de-wilgenhof": "95WH00", "de-kleine-wereld": "96KW00",
}

SMALL_BOARD = "Stichting Kleine Scholen Samen"
SMALL_SCHOOL = ("de-kleine-wereld", "Basisschool De Kleine Wereld", "Westerbork",
                "Kleine dorpsschool: negen medewerkers, combinatiegroepen, iedereen heeft meerdere taken.")
# Who signs for the small school's board in step 1: it has no demo account.
SMALL_BOARD_SIGNATORY = "Hanneke Kuipers"

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

# The board's bestuursbeheerder (issue 15): runs Stichting Samen Leren's page, holds no school role.
BOARD_ADMIN_ACCOUNT = ("bestuursbeheerder", "Hanna", "de Beheerder")
# The demo accounts that must log in in two steps share this authenticator key, printed in the README
# (base32 DEMOWERKDRUKDEMOWERKDRUKDEMOWERK), so anyone trying the demo can add it to an app.
DEMO_TOTP_KEY = "1918eb122a1c68a1918eb122a1c68a1918eb122a"
TWO_FACTOR_DEMO_ACCOUNTS = ("coach", "bestuurder", "bestuursbeheerder")

PER_SCHOOL_ROLES = [
    ("pl", "Projectleider", Role.PROJECTLEIDER),
    ("sl", "Schoolleider", Role.SCHOOLLEIDER),
    ("wg", "Werkgroeplid", Role.WERKGROEPLID),
    ("lk1", "Leerkracht", Role.MEDEWERKER),
    ("lk2", "Leerkracht", Role.MEDEWERKER),
    ("lk3", "Leerkracht", Role.MEDEWERKER),
]

# The whole team of the small school has an account: nine staff.
SMALL_SCHOOL_ROLES = [
    *PER_SCHOOL_ROLES,
    ("lk4", "Leerkracht", Role.MEDEWERKER),
    ("lk5", "Leerkracht", Role.MEDEWERKER),
    ("lk6", "Leerkracht", Role.MEDEWERKER),
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
        demo.schools[slug] = _school(demo, demo.board, slug, name, city, description)

    password = make_password(DEMO_PASSWORD)
    pilots = list(demo.schools.values())
    for username, first, last, slug, role in NAMED_ACCOUNTS:
        user = _account(username, first, last, password)
        demo.users[username] = user
        for school in [demo.schools[slug]] if slug else pilots:
            Membership.objects.get_or_create(user=user, school=school, role=role)

    for school in pilots:
        # The named accounts hold these roles at the first school.
        skip = {"pl", "sl", "wg"} if school.slug == "obs-de-regenboog" else set()
        _staff(demo, school, [role for role in PER_SCHOOL_ROLES if role[0] not in skip], password)

    username, first, last = BOARD_ADMIN_ACCOUNT
    demo.users[username] = _account(username, first, last, password)
    BoardAdministrator.objects.get_or_create(user=demo.users[username], board=demo.board)
    for username in TWO_FACTOR_DEMO_ACCOUNTS:
        TOTPDevice.objects.get_or_create(
            user=demo.users[username], name="demo", defaults={"key": DEMO_TOTP_KEY, "confirmed": True})

    small_board, _ = Board.objects.get_or_create(name=SMALL_BOARD)
    small = _school(demo, small_board, *SMALL_SCHOOL)
    demo.schools[small.slug] = small
    _staff(demo, small, SMALL_SCHOOL_ROLES, password)

    load_cycles(demo)


def _school(demo: Demo, board: Board, slug: str, name: str, city: str, description: str) -> School:
    school, _ = School.objects.update_or_create(
        slug=slug,
        defaults={"board": board, "name": name, "brin": DEMO_BRIN[slug], "city": city, "description": description},
    )
    project, _ = Project.objects.get_or_create(school=school)
    Cycle.objects.get_or_create(
        project=project, number=1, defaults={"started_on": demo.today - timedelta(days=CYCLE_STARTED_DAYS_AGO[slug])}
    )
    return school


def _staff(demo: Demo, school: School, roles: list[tuple[str, str, str]], password_hash: str) -> None:
    """Accounts `<role>.<school slug>`, such as pl.cbs-het-kompas, with the school's last word as surname."""
    for suffix, first, role in roles:
        username = f"{suffix}.{school.slug}"
        user = _account(username, first, school.name.split()[-1], password_hash)
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


SIGNALS = {
    "obs-de-regenboog": [
        (SignalKind.VERZUIM,
         "Het ziekteverzuim is gestegen nu de groepen door de leerlingendaling worden samengevoegd.",
         "Verzuimcijfers bestuur", "6.8"),
        (SignalKind.WERKSFEER,
         "Collega's zijn onzeker over hun baan en de sfeer in de teamkamer is gespannen.",
         "Teamvergadering", None),
    ],
    "cbs-het-kompas": [
        (SignalKind.STRESS,
         "Leerkrachten vangen veel taken van de directie op; vragen blijven liggen.",
         "Gesprekkencyclus", None),
        (SignalKind.VERZUIM, "Twee langdurig zieken in één schooljaar.", "Verzuimcijfers bestuur", "7.4"),
    ],
    "de-vlinderboom": [
        (SignalKind.STRESS,
         "Startende leerkrachten werken 's avonds en in het weekend door aan voorbereiding en nakijkwerk.",
         "Begeleidingsgesprekken starters", None),
        (SignalKind.SAMENWERKING,
         "Weinig tijd om van elkaar te leren; iedereen werkt op een eigen eiland.",
         "MTO 2025", None),
    ],
    "sint-jozefschool": [
        (SignalKind.WERKSFEER,
         "Tienminutengesprekken en oudercontacten geven in de drukke weken veel spanning.",
         "Teamvergadering", None),
    ],
    "de-wilgenhof": [
        (SignalKind.VERZUIM, "Verzuim hoger dan het gemiddelde van het bestuur.", "Verzuimcijfers bestuur", "6.1"),
        (SignalKind.STRESS, "Veel administratie rond de groeiende zorg.", "RI&E 2025", None),
    ],
    "de-kleine-wereld": [
        (SignalKind.STRESS,
         "Met negen collega's draagt iedereen drie of vier taken naast de eigen groep.",
         "Teamvergadering", None),
        (SignalKind.WERKSFEER,
         "Bij één zieke collega is er geen vervanging en wordt een groep verdeeld.",
         "Gesprekkencyclus", None),
    ],
}

CONSIDERATIONS = {
    "signals_urgent": (
        "We zien hoog verzuim en onrust in het team. "
        "We zijn het erover eens dat dit op schoolniveau moet worden aangepakt."
    ),
    "current_situation": (
        "Er lopen al een nieuwe rekenmethode en de voorbereiding van het inspectiebezoek. "
        "We maken tijd door twee studiemiddagen aan werkdruk te besteden."
    ),
    "expectations": (
        "Geen wondermiddel in één jaar, wel zicht op de oorzaken "
        "en een paar concrete maatregelen die het team zelf kiest."
    ),
}

# How long ago each school started its first cycle: where it stands in its year.
CYCLE_STARTED_DAYS_AGO = {
    "obs-de-regenboog": 170, "cbs-het-kompas": 160, "de-vlinderboom": 40, "sint-jozefschool": 165, "de-wilgenhof": 450,
    "de-kleine-wereld": 45,
}
# Days after the start of a cycle for the target date of each step: the year plan.
YEAR_PLAN = {1: 10, 2: 50, 3: 110, 4: 290, 5: 340, 6: 380}


def load_cycles(demo: Demo) -> None:
    """Step 1 done everywhere; De Wilgenhof closed its first cycle and started its second."""
    for slug, school in demo.schools.items():
        first = school.project.cycles.get(number=1)
        _start_cycle(demo, school, first, SIGNALS[slug])
    wilgenhof = demo.schools["de-wilgenhof"]
    _close_first_cycle(demo, wilgenhof)


def _start_cycle(demo: Demo, school: School, cycle: Cycle, signals) -> None:
    if not cycle.signals.exists():
        Signal.objects.bulk_create(
            Signal(cycle=cycle, kind=kind, description=text, source=source, figure=figure,
                   observed_on=cycle.started_on - timedelta(days=30))
            for kind, text, source, figure in signals
        )
    Considerations.objects.get_or_create(cycle=cycle, defaults=CONSIDERATIONS)
    leader_name = {
        AgreementParty.SCHOOLLEIDER: _person_with(school, Role.SCHOOLLEIDER),
        AgreementParty.BESTUUR: (
            demo.users["bestuurder"].get_full_name() if school.board_id == demo.board.pk else SMALL_BOARD_SIGNATORY
        ),
        AgreementParty.MR: "MR " + school.name,
    }
    for party, name in leader_name.items():
        Agreement.objects.get_or_create(
            cycle=cycle, party=party, defaults={"name": name, "agreed_on": cycle.started_on})
    if not cycle.team.exists():
        team = [
            (Role.PROJECTLEIDER, TeamRole.PROJECTLEIDER),
            (Role.WERKGROEPLID, TeamRole.WERKGROEP),
            (Role.PROCESBEGELEIDER, TeamRole.PROCESBEGELEIDER),
            (Role.SCHOOLLEIDER, TeamRole.OPDRACHTGEVER),
        ]
        TeamMember.objects.bulk_create(
            TeamMember(cycle=cycle, user=membership.user, team_role=team_role)
            for role, team_role in team
            for membership in school.memberships.filter(role=role).select_related("user")
        )
    for step, days in YEAR_PLAN.items():
        StepTarget.objects.get_or_create(
            cycle=cycle, step=step, defaults={"target_date": cycle.started_on + timedelta(days=days)})
    if not school.project.activities.exists():
        leader = school.memberships.filter(role=Role.PROJECTLEIDER).first()
        log = [(0, "Signaal vastgelegd: verzuim"), (4, "Instemming vastgelegd: MR"), (5, "Projectteam samengesteld")]
        for days_after_start, text in log:
            day = cycle.started_on + timedelta(days=days_after_start)
            Activity.objects.create(
                project=school.project, user=leader.user if leader else None, description=text,
                created_at=timezone.make_aware(datetime.combine(day, time(15, 30))),
            )


def _person_with(school: School, role: str) -> str:
    membership = school.memberships.filter(role=role).select_related("user").first()
    return membership.user.get_full_name() if membership else ""


def _close_first_cycle(demo: Demo, school: School) -> None:
    project = school.project
    first = project.cycles.get(number=1)
    if first.is_closed:
        return
    first.closed_on = demo.today - timedelta(days=100)
    first.save(update_fields=["closed_on"])
    Evaluation.objects.update_or_create(cycle=first, defaults={
        "what_worked": (
            "De studiedag met de brainstorm gaf energie: iedereen dacht mee. Het vergaderrooster is rustiger."
        ),
        "what_did_not": "De takenmarkt kwam niet van de grond; de planning liep in het voorjaar uit.",
        "conclusions": (
            "Werkdruk is bespreekbaar geworden. "
            "Volgend jaar houden we het werkplan op elke teamvergadering op de agenda."
        ),
    })
    points = [
        "Takenmarkt opnieuw opzetten met duidelijke uren per taak",
        "Nakijkwerk verder beperken in de bovenbouw",
        "Werkplan vast agendapunt op elke teamvergadering",
    ]
    for text in points:
        ImprovementPoint.objects.get_or_create(cycle=first, text=text)
    second, created = Cycle.objects.get_or_create(project=project, number=2, defaults={"started_on": first.closed_on})
    if created:
        Signal.objects.bulk_create(
            Signal(cycle=second, kind=SignalKind.ANDERS, description=text, source="Verbeterpunt uit cyclus 1",
                   observed_on=first.closed_on)
            for text in points
        )
    _start_cycle(demo, school, second, [])
