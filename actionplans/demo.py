"""Demo: where each pilot school stands in steps 2–4.

OBS De Regenboog is in step 4 (werkplan under way, some measures late, a success wall); CBS Het Kompas and the
Sint-Jozefschool have their top five and werkplan; De Vlinderboom is still choosing; De Wilgenhof finished the
werkplan of its first cycle. The small school De Kleine Wereld has just closed its voormeting: the survey's
proposals are its candidate bottlenecks, not scored yet. Every school is loaded once: a school that has its data
already is left alone.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from projects.models import Cycle
from surveys.demo import answer_measure_questions
from surveys.models import WaveKind
from surveys.results import latest_wave

from . import bottlenecks, queries
from .models import (
    Bottleneck,
    BottleneckSource,
    Brainstorm,
    CheckIn,
    FocusCheck,
    Idea,
    Measure,
    Phase,
    ProgressUpdate,
    Reaction,
    Success,
    Vote,
)

# The instrument's themes and scales that the demo schools put in their top five, each named once.
CHOSEN_LABELS = {
    "E03": ("energy", "Tijdsdruk, piekbelasting"),
    "E04": ("energy", "De hoeveelheid administratieve taken"),
    "E07": ("energy", "Vergaderen en overleg"),
    "E08": ("energy", "Nakijkwerk"),
    "E09": ("energy", "Oudergesprekken en tienminutengesprekken"),
    "E10": ("energy", "Ongewenst gedrag van leerlingen of ouders"),
    "E11": ("energy", "Samenwerking met collega's"),
    "E13": ("energy", "Niet-lesgebonden taken"),
    "herstel": ("scale", "Herstelmogelijkheden"),
    "invloed_werkdruk": ("scale", "Invloed op werkdruk"),
    "rolonduidelijkheid": ("scale", "Rolonduidelijkheid"),
    "sociale_steun_leiding": ("scale", "Sociale steun leidinggevende"),
}


@dataclass(frozen=True)
class Chosen:
    code: str
    reason: str

    @property
    def source(self) -> str:
        return CHOSEN_LABELS[self.code][0]

    @property
    def label(self) -> str:
        return CHOSEN_LABELS[self.code][1]


@dataclass(frozen=True)
class DemoMeasure:
    bottleneck: int  # place in the top five
    title: str
    description: str
    expected: str
    activities: tuple[str, ...]
    owner: str  # username prefix: pl, wg, sl, lk1, …
    start: int  # days from today
    end: int
    status: str
    updates: tuple[tuple[int, str, str], ...] = ()  # (days from today, status, note)
    done_activities: int = 0


TOP_REGENBOOG = [
    Chosen("E04", "Bijna iedereen noemt het een energienemer; het kost avonden en leidt af van de lessen."),
    Chosen("E03", "Rond rapporten en oudergesprekken loopt de druk op voor het hele team, met verzuim als gevolg."),
    Chosen("E07", "Veel vergaderingen zijn mededelingen; dat kost tijd die het team liever aan de klas besteedt."),
    Chosen("E10", "Minder mensen, maar wel grote problemen: collega's voelen zich alleen staan na een incident."),
    Chosen("sociale_steun_leiding",
           "Met de leerlingendaling is de directeur veel weg; collega's missen een luisterend oor."),
]
TOP_KOMPAS = [
    Chosen("E04", "Twee locaties, dubbele administratie: de grootste bron."),
    Chosen("E13", "Taken zijn ongelijk verdeeld sinds het management onderbezet is."),
    Chosen("rolonduidelijkheid", "Niemand weet precies wie waarover beslist zonder vaste directeur."),
    Chosen("E09", "Drie avonden achter elkaar is voor iedereen te zwaar."),
    Chosen("E03", "De toetsweken vallen samen met de rapporten."),
]
TOP_JOZEF = [
    Chosen("E08", "De bovenbouw kijkt elke avond schriften na; dat raakt veel mensen."),
    Chosen("E07", "Het team wil minder en kortere vergaderingen."),
    Chosen("E04", "Groepsplannen kosten veel tijd en worden weinig gebruikt."),
    Chosen("herstel", "Pauzes schieten er vaak bij in door pleinwacht en overblijf."),
    Chosen("E11", "Parallelgroepen bereiden nog los van elkaar voor."),
]
TOP_WILGENHOF = [
    Chosen("E03", "De groei van de school maakt de pieken hoger."),
    Chosen("E04", "Veel dubbele registratie in twee systemen."),
    Chosen("E07", "Vergaderingen lopen structureel uit."),
    Chosen("E13", "Een paar collega's doen het meeste."),
    Chosen("invloed_werkdruk", "Het team heeft het gevoel er zelf weinig aan te kunnen doen."),
]
OTHER_CANDIDATES = [
    ("energy", "E01", "Werken met nieuwe methoden"),
    ("werkgroep", "", "Overblijven en pleinwacht"),
]
# What the working group of the small school adds to the survey's proposals.
SMALL_SCHOOL_CANDIDATE = ("Veel taken op weinig schouders",
                          "Met negen collega's draagt iedereen drie of vier taken naast de eigen groep.")

REGENBOOG_MEASURES = [
    DemoMeasure(1, "Groepsplannen op één A4", "De groepsplannen gaan van tien pagina's naar één vast format per groep.",
                "Minstens twee uur per maand minder administratie per leerkracht.",
                ("Huidige groepsplannen verzamelen", "Format op één A4 maken", "Uitproberen in de middenbouw",
                 "Evalueren met het team"),
                "wg", -90, 30, "bezig",
                ((-80, "bezig", "Format gemaakt met de IB'er."),
                 (-20, "bezig", "Middenbouw werkt ermee; positief.")), 3),
    DemoMeasure(1, "Lesvrije administratiedagen", "Twee lesvrije dagen rond de rapporten, alleen voor administratie.",
                "Rapporten af zonder avondwerk.", ("Data vastleggen met de MR", "Invulling afspreken"),
                "sl", -100, -10, "afgerond",
                ((-95, "bezig", "Data vastgelegd."),
                 (-12, "afgerond", "Eerste dag gehouden: iedereen was op tijd klaar.")), 2),
    DemoMeasure(2, "Piekweken uit elkaar trekken", "Toetsen, rapporten en oudergesprekken niet meer in dezelfde weken.",
                "Geen week meer met drie deadlines tegelijk.",
                ("Jaarplanning naast elkaar leggen", "Nieuwe jaarplanning vaststellen"),
                "pl", -80, -5, "bezig", ((-70, "bezig", "Piekweken in beeld gebracht."),), 1),
    DemoMeasure(3, "Vergaderen: mededelingen op papier",
                "Mededelingen in een wekelijkse nieuwsbrief; de vergadering is voor overleg en besluiten.",
                "De teamvergadering duurt hoogstens een uur.", ("Nieuwsbrief opzetten", "Vergaderregels afspreken"),
                "projectleider", -60, 60, "bezig", ((-50, "bezig", "Eerste nieuwsbrief verstuurd."),), 2),
    DemoMeasure(4, "Protocol ongewenst gedrag",
                "Samen vastleggen wat we doen bij grensoverschrijdend gedrag van ouders en leerlingen.",
                "Iedereen weet wat te doen en voelt zich gesteund.",
                ("Voorvallen verzamelen", "Protocol schrijven", "Bespreken met de MR"),
                "wg", -40, 20, "gepland"),
    DemoMeasure(5, "Elke zes weken even bijpraten",
                "De directeur plant elke zes weken een kort gesprek met iedere collega.",
                "Collega's ervaren meer steun van de leiding.", ("Rooster maken",), "sl", -70, 120, "gestopt",
                ((-65, "bezig", "Gestart."),
                 (-30, "gestopt", "Lukt niet naast de fusiegesprekken; we zoeken een andere vorm.")), 1),
]
KOMPAS_MEASURES = [
    DemoMeasure(1, "Eén administratie voor beide locaties",
                "We gebruiken op beide locaties dezelfde formats en mappen.",
                "Geen dubbel werk meer.", ("Formats vergelijken", "Keuze maken"), "pl", -30, 60, "bezig",
                ((-15, "bezig", "Formats vergeleken."),), 1),
    DemoMeasure(2, "Takenmarkt", "Alle niet-lesgebonden taken op een markt; iedereen kiest.",
                "Eerlijker verdeling van taken.",
                ("Takenlijst met uren", "Takenmarkt houden"), "wg", 10, 90, "gepland"),
    DemoMeasure(4, "Oudergesprekken spreiden",
                "Gesprekken over twee weken verdelen, met een vast voorbereidingsformulier.",
                "Geen drie avonden achter elkaar meer.", ("Planning maken",), "sl", 20, 80, "gepland"),
]
JOZEF_MEASURES = [
    DemoMeasure(1, "Zelf nakijken in de bovenbouw", "Leerlingen kijken oefenwerk zelf of samen na.",
                "Minder nakijkwerk na schooltijd.",
                ("Afspraken per vak", "Uitproberen in groep 7"), "wg", 14, 100, "gepland"),
    DemoMeasure(2, "Effectiever vergaderen", "Vaste agenda met doel per punt, begin en eind op tijd.",
                "Kortere vergaderingen.",
                ("Vergaderregels afspreken",), "pl", 7, 60, "gepland"),
    DemoMeasure(5, "Samen voorbereiden per bouw", "Parallelgroepen bereiden de week samen voor.",
                "Minder voorbereidingstijd per persoon.",
                ("Vast moment in de week plannen",), "lk1", 21, 120, "gepland"),
]
WILGENHOF_MEASURES = [
    DemoMeasure(1, "Piekweken spreiden", "Jaarplanning aangepast zodat deadlines niet samenvallen.", "Lagere pieken.",
                ("Jaarplanning aanpassen",), "pl", -400, -200, "afgerond",
                ((-380, "bezig", "Gestart."), (-205, "afgerond", "Nieuwe jaarplanning in gebruik.")), 1),
    DemoMeasure(2, "Eén registratiesysteem", "Alleen nog registreren in het leerlingvolgsysteem.",
                "Geen dubbele registratie.",
                ("Overstap regelen",), "wg", -380, -220, "afgerond", ((-225, "afgerond", "Overgestapt."),), 1),
    DemoMeasure(3, "Vergaderingen van een uur", "Vaste eindtijd en mededelingen per mail.",
                "Vergaderingen lopen niet meer uit.",
                ("Vergaderregels",), "pl", -390, -250, "afgerond",
                ((-255, "afgerond", "Werkt: bijna altijd op tijd klaar."),), 1),
    DemoMeasure(4, "Takenmarkt", "Alle taken op een markt.", "Eerlijkere verdeling.",
                ("Takenlijst maken", "Markt houden"),
                "wg", -350, -150, "gestopt",
                ((-160, "gestopt", "Kwam niet van de grond; nemen we mee naar cyclus 2."),), 1),
]

IDEAS = {
    1: ["Groepsplannen korter maken", "Eén format voor de hele school", "Administratie samen doen op vrijdagmiddag",
        "Stoppen met dubbel registreren"],
    2: ["Rapporten en oudergesprekken niet in dezelfde week", "Lesvrije dag voor de rapporten", "Toetsen spreiden"],
    3: ["Mededelingen per mail", "Maximaal een uur vergaderen", "Vaste agenda met doel per punt"],
    4: ["Protocol voor boze ouders", "Altijd met zijn tweeën in een moeilijk gesprek",
        "Incidenten bespreken in het team"],
    5: ["Directeur loopt elke week even langs", "Vaste gesprekjes per zes weken", "Complimentenmuur in de teamkamer"],
}
GROUPS = ["onderbouw", "middenbouw", "bovenbouw", "ondersteuning"]
SUCCESSES = [
    (40, "De teamvergadering was in 55 minuten klaar!", 3),
    (30, "Rapporten af op de lesvrije dag: geen avondwerk deze keer.", 1),
    (18, "Het nieuwe groepsplan scheelt mij echt een avond per maand.", 0),
    (9, "Na het gesprek met die ouder stond mijn duo direct naast me. Fijn!", None),
    (3, "Nieuwsbrief in plaats van mededelingen: iedereen leest hem.", 3),
]


def load(demo) -> None:
    schools = demo.schools
    _school(demo, "obs-de-regenboog", 1, TOP_REGENBOOG, REGENBOOG_MEASURES, ideas_per_bottleneck=4, wall=True)
    _school(demo, "cbs-het-kompas", 1, TOP_KOMPAS, KOMPAS_MEASURES, ideas_per_bottleneck=2)
    _school(demo, "sint-jozefschool", 1, TOP_JOZEF, JOZEF_MEASURES, ideas_per_bottleneck=2)
    _school(demo, "de-wilgenhof", 1, TOP_WILGENHOF, WILGENHOF_MEASURES, ideas_per_bottleneck=2)
    _nameting_about_measures(_cycle(schools.get("de-wilgenhof"), 1))
    vlinderboom = _cycle(schools.get("de-vlinderboom"), 1)
    if vlinderboom is not None and not vlinderboom.bottlenecks.exists():
        _candidates(vlinderboom, [], scored=False)
        demo.say("De Vlinderboom: knelpunten verzamelen, nog geen top vijf.")
    _small_school(demo, _cycle(schools.get("de-kleine-wereld"), 1))


@transaction.atomic
def _small_school(demo, cycle: Cycle | None) -> None:
    """The voormeting's proposals stored as candidates, as the "propose from the voormeting" button does."""
    if cycle is None or cycle.bottlenecks.exists():
        return
    added = bottlenecks.add_candidates(cycle, bottlenecks.survey_candidates(cycle) or [])
    label, description = SMALL_SCHOOL_CANDIDATE
    Bottleneck.objects.create(cycle=cycle, source=BottleneckSource.WORKING_GROUP, label=label, description=description)
    demo.say(f"{cycle.project.school}: {added + 1} mogelijke knelpunten, nog niet gescoord.")


def _nameting_about_measures(cycle: Cycle | None) -> None:
    """De Wilgenhof's closed nameting also tells, per measure, whether it helped."""
    nameting = latest_wave(cycle, WaveKind.NAMETING) if cycle else None
    if nameting is not None:
        answer_measure_questions(nameting, queries.measure_questions(cycle), seed="wilgenhof-maatregelen")


def _cycle(school, number: int) -> Cycle | None:
    if school is None:
        return None
    return Cycle.objects.filter(project__school=school, number=number).first()


@transaction.atomic
def _school(demo, slug: str, number: int, top: list[Chosen], measures: list[DemoMeasure], ideas_per_bottleneck: int,
            wall: bool = False) -> None:
    school = demo.schools.get(slug)
    cycle = _cycle(school, number)
    if cycle is None or cycle.bottlenecks.top().exists():
        return
    # "Today" of a closed cycle is the day it closed, so its werkplan reads as it ended.
    today = cycle.closed_on or demo.today
    rng = random.Random(f"actionplans-{slug}")
    people = _people(school)
    chosen = _candidates(cycle, top, scored=True)
    bottlenecks.fix_top_five(cycle, [(bottleneck, item.reason) for bottleneck, item in zip(chosen, top, strict=True)])
    _brainstorm(cycle, chosen, rng, ideas_per_bottleneck, _moment(today, -30), people.get("pl"))
    made = [_measure(cycle, chosen, item, people, today) for item in measures]
    if wall:
        _implementation(cycle, made, people, today, rng)
    demo.say(f"{school}: top vijf, brainstorm en werkplan met {len(made)} maatregelen.")


def _candidates(cycle: Cycle, top: list[Chosen], scored: bool) -> list[Bottleneck]:
    proposed = bottlenecks.survey_candidates(cycle) or []
    figures = {(c.source, c.code): c.figure for c in proposed}
    chosen = []
    for place, item in enumerate(top):
        bottleneck, _ = Bottleneck.objects.update_or_create(
            cycle=cycle, source=item.source, code=item.code,
            defaults={"label": item.label, "figure": figures.get((item.source, item.code), "")[:200],
                      "many_people": 2 if place < 3 else 1, "big_problems": 2 if place != 2 else 1,
                      "several_problems": 2 if place < 2 else 1},
        )
        chosen.append(bottleneck)
    for source, code, label in OTHER_CANDIDATES:
        lookup = {"code": code} if code else {"label": label}
        Bottleneck.objects.get_or_create(
            cycle=cycle, source=source, **lookup,
            defaults={"label": label, "figure": figures.get((source, code), "")[:200],
                      **({"many_people": 1, "big_problems": 0, "several_problems": 1} if scored else {})},
        )
    return chosen


# At De Regenboog the named demo accounts hold the roles that other schools give to pl.<slug>, sl.<slug>, …
ALIASES = {"pl": "projectleider", "sl": "schoolleider", "wg": "werkgroeplid", "lk1": "medewerker"}


def _people(school) -> dict:
    people = {m.user.username.split(".")[0]: m.user for m in school.memberships.select_related("user")}
    for short, named in ALIASES.items():
        if short not in people and named in people:
            people[short] = people[named]
    return people


def _moment(today, days: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour, 0)))


def _brainstorm(cycle, chosen, rng, per_bottleneck: int, when, leader) -> None:
    session = Brainstorm.objects.create(cycle=cycle, title="Brainstorm studiedag", code=Brainstorm.new_code(),
                                        opened_by=leader, phase=Phase.CLOSED, closed_at=when + timedelta(hours=2))
    Brainstorm.objects.filter(pk=session.pk).update(opened_at=when)
    participants = [session.participants.create(group=GROUPS[n % len(GROUPS)]) for n in range(12)]
    ideas = []
    for place, bottleneck in enumerate(chosen, start=1):
        for text in IDEAS[place][:per_bottleneck]:
            author = rng.choice(participants)
            ideas.append(Idea.objects.create(brainstorm=session, bottleneck=bottleneck, participant=author,
                                             group=author.group, text=text))
    for participant in participants:
        for idea in rng.sample(ideas, k=min(session.votes_per_device, len(ideas))):
            Vote.objects.create(idea=idea, participant=participant)


def _measure(cycle, chosen, item: DemoMeasure, people, today) -> Measure:
    measure = Measure.objects.create(
        cycle=cycle, bottleneck=chosen[item.bottleneck - 1], title=item.title, description=item.description,
        expected_result=item.expected, owner=people.get(item.owner), status=item.status,
        starts_on=today + timedelta(days=item.start), ends_on=today + timedelta(days=item.end),
        evaluate_on=today + timedelta(days=item.end + 14), created_on=today + timedelta(days=min(item.start, -35)),
    )
    measure.set_activities(list(item.activities))
    for activity in measure.activities.all()[:item.done_activities]:
        activity.done = True
        activity.save(update_fields=["done"])
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(measure=measure, note=note, status=status, on=today + timedelta(days=days),
                       author=people.get(item.owner))
        for days, status, note in item.updates
    )
    return measure


def _implementation(cycle, measures: list[Measure], people, today, rng) -> None:
    sponsor = people.get("opdrachtgever") or people.get("sl")
    CheckIn.objects.create(cycle=cycle, author=sponsor, on=today - timedelta(days=35),
                           note="Goed dat de groepsplannen al korter zijn. Hoe staat het met de jaarplanning?")
    CheckIn.objects.create(cycle=cycle, measure=measures[2], author=sponsor, on=today - timedelta(days=6),
                           note="De piekweken-planning is over de datum. Wat is er nodig om hem af te ronden?")
    FocusCheck.objects.create(
        cycle=cycle, initiative="Meedoen aan het project 'Gezonde school'", effect="meer",
        explanation="Mooi, maar het kost in het voorjaar extra vergadertijd.", bottleneck=measures[3].bottleneck,
        decision="later", on=today - timedelta(days=12), author=people.get("pl"),
    )
    colleagues = [user for key, user in people.items()
                  if key.startswith("lk") or key in {"medewerker", "werkgroeplid", "mrlid"}]
    authors = colleagues or list(people.values())
    for days_ago, text, measure_index in SUCCESSES:
        success = Success.objects.create(
            cycle=cycle, text=text, author=authors[days_ago % len(authors)], created_at=_moment(today, -days_ago, 15),
            measure=measures[measure_index] if measure_index is not None else None,
        )
        for user in rng.sample(list(people.values()), k=min(len(people), rng.randint(1, 5))):
            Reaction.objects.get_or_create(success=success, user=user)
