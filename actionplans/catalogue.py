"""Example measures to start a werkplan from: the pilot schools' measures and themes, in our own words."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    intro: str


@dataclass(frozen=True)
class Example:
    key: str
    group: str
    title: str
    text: str
    activities: tuple[str, ...] = ()


GROUPS: tuple[Group, ...] = (
    Group("werkcontext", _("Werkcontext"),
          _("Maatregelen die de omgeving van het werk verbeteren: afspraken, cultuur "
            "en omgang met mensen van buiten.")),
    Group("werkinhoud", _("Werkinhoud"),
          _("Maatregelen die het werk zelf lichter of overzichtelijker maken: minder of slimmer werk.")),
    Group("regelmogelijkheden", _("Regelmogelijkheden"),
          _("Maatregelen die leraren meer ruimte en houvast geven om het werk op hun eigen manier te regelen.")),
    Group("buffers", _("Buffers"),
          _("Maatregelen die steun en herstel versterken, zodat een drukke periode beter te dragen is.")),
    Group("thema", _("Thema's van de pilotscholen"),
          _("Onderwerpen waar de vijf pilotscholen zelf mee aan de slag gingen.")),
)

EXAMPLES: tuple[Example, ...] = (
    Example("protocol-ongewenst-gedrag", "werkcontext", _("Protocol ongewenst gedrag"),
            _("Leg samen vast wat je doet als een ouder of leerling over de grens gaat, en wie je dan steunt. "
              "Een helder protocol haalt de eenzaamheid uit een moeilijk moment: je weet wat je moet doen en dat de "
              "leiding achter je staat."),
            (_("Voorbeelden van voorvallen verzamelen in het team"), _("Protocol opstellen en bespreken"),
             _("Protocol delen met ouders"))),
    Example("afspraken-nakomen", "werkcontext", _("Elkaar houden aan afspraken"),
            _("Spreek met het team af welke afspraken er echt toe doen en hoe je elkaar er vriendelijk op aanspreekt. "
              "Minder onduidelijkheid over wie wat doet scheelt dubbel werk en ergernis."),
            (_("Lijst van teamafspraken opschonen"), _("Afspreken hoe we elkaar aanspreken"))),
    Example("anders-vergaderen", "werkinhoud", _("Andere manier van vergaderen"),
            _("Niet elke mededeling vraagt een vergadering. Zet informatie op papier of in een nieuwsbrief en gebruik "
              "de gezamenlijke tijd om echt samen te denken en te besluiten."),
            (_("Vergaderingen van het afgelopen jaar doorlopen"), _("Nieuwe vergaderopzet afspreken"))),
    Example("anders-administreren", "werkinhoud", _("Andere manier van administreren"),
            _("Kijk kritisch naar groepsplannen, verslagen en nakijkwerk: wat moet echt, en wat kan korter of "
              "samen? Schrap wat niemand leest en maak één vaste vorm voor wat overblijft."),
            (_("Alle administratieve taken op een rij zetten"), _("Per taak besluiten: schrappen, korter of houden"))),
    Example("lesvrije-administratiedagen", "werkinhoud", _("Lesvrije dagen voor administratie"),
            _("Plan een paar dagen per jaar zonder lessen, juist in de drukke weken rond rapporten en toetsen. "
              "Dan gebeurt het administratieve werk op school en niet 's avonds aan de keukentafel."),
            (_("Drukke weken in de jaarplanning aanwijzen"), _("Lesvrije dagen inplannen met de MR"))),
    Example("effectiever-vergaderen", "werkinhoud", _("Effectiever vergaderen"),
            _("Begin en eindig op tijd, werk met een agenda met doel per punt en leg besluiten kort vast. "
              "Een vaste voorzitter en notulist helpen de vergadering korter en scherper te maken."),
            (_("Vergaderregels afspreken"), _("Na drie maanden evalueren"))),
    Example("kritische-ouders", "regelmogelijkheden", _("Adviezen omgaan met kritische ouders"),
            _("Deel in het team wat werkt in een lastig gesprek met een ouder, en oefen samen. Met een paar "
              "vaste adviezen en de zekerheid dat je een collega of de leiding mag vragen aan te schuiven, sta je "
              "sterker."),
            (_("Ervaringen uitwisselen in een teamoverleg"), _("Korte handreiking voor oudergesprekken maken"))),
    Example("takenmarkt", "regelmogelijkheden", _("Takenmarkt"),
            _("Zet alle niet-lesgebonden taken op een markt en laat collega's kiezen wat bij hen past. Zo wordt het "
              "werk eerlijker verdeeld en doet iedereen iets waar hij of zij energie van krijgt."),
            (_("Overzicht van alle taken met de uren"), _("Takenmarkt houden voor de zomer"))),
    Example("thuiswerken", "regelmogelijkheden", _("Meer ruimte om thuis te werken"),
            _("Spreek af welk werk je ook thuis mag doen en wanneer je op school moet zijn. Wie zelf kan kiezen "
              "waar en wanneer het voorbereidende werk gebeurt, houdt meer grip op de eigen week."),
            (_("Afspraken over aanwezigheid op school vastleggen"),)),
    Example("andere-studiedagen", "buffers", _("Andere invulling studiedagen"),
            _("Gebruik studiedagen ook om samen op adem te komen en werk af te ronden, niet alleen voor nieuwe "
              "onderwerpen. Laat het team meebeslissen over het programma."),
            (_("Team vragen wat een studiedag waardevol maakt"), _("Programma van de volgende studiedag aanpassen"))),
    Example("steun-leidinggevende", "buffers", _("Sociale steun leidinggevende"),
            _("Een leidinggevende die regelmatig vraagt hoe het gaat, luistert en helpt kiezen, maakt werkdruk "
              "beter te dragen. Plan korte, vaste momenten voor dat gesprek."),
            (_("Vaste korte gesprekken per collega plannen"),)),
    Example("tienminutengesprekken", "thema", _("Omgaan met tienminutengesprekken"),
            _("Oudergesprekken in een paar avonden achter elkaar zijn zwaar. Spreid ze, bereid ze voor met een vast "
              "formulier en bepaal samen welke gesprekken echt nodig zijn en welke korter kunnen."),
            (_("Planning van de gespreksavonden spreiden"), _("Vast voorbereidingsformulier maken"))),
    Example("nakijkwerk", "thema", _("Omgaan met nakijkwerk"),
            _("Kijk wat er echt nagekeken moet worden en door wie. Leerlingen kunnen veel zelf of samen nakijken, "
              "en feedback tijdens de les scheelt stapels schriften na schooltijd."),
            (_("Afspraken maken over wat de leraar nakijkt"), _("Zelf nakijken door leerlingen invoeren"))),
    Example("piekbelasting", "thema", _("Omgaan met piekbelasting"),
            _("Rapporten, toetsen, oudergesprekken en vieringen vallen vaak in dezelfde weken. Leg de jaarplanning "
              "naast elkaar en verschuif wat kan, zodat de pieken lager worden."),
            (_("Piekweken in de jaarplanning zichtbaar maken"), _("Activiteiten uit de piekweken verschuiven"))),
    Example("ongewenst-gedrag", "thema", _("Omgaan met ongewenst gedrag"),
            _("Bespreek open wat collega's meemaken met leerlingen en ouders, en spreek af hoe je elkaar en de "
              "leiding inschakelt. Zo staat niemand er alleen voor."),
            (_("Voorvallen bespreekbaar maken in het team"), _("Afspraken over melden en opvolgen"))),
    Example("sociale-steun", "thema", _("Sociale steun bieden"),
            _("Steun van collega's en leiding is een belangrijke buffer tegen werkdruk. Maak tijd voor even bijpraten, "
              "waardeer wat goed gaat en vraag door als iemand het zwaar heeft."),
            (_("Moment voor collegiale steun in de week inplannen"),)),
    Example("anders-samenwerken", "thema", _("Anders samenwerken"),
            _("Werk meer samen per bouw: lessen samen voorbereiden, taken delen en elkaars sterke kanten benutten. "
              "Samen doen is vaak minder werk dan ieder voor zich."),
            (_("Per bouw afspreken wat we samen voorbereiden"), _("Na een periode evalueren wat het oplevert"))),
)

_BY_KEY = {example.key: example for example in EXAMPLES}


def example(key: str) -> Example | None:
    return _BY_KEY.get(key)


def grouped() -> list[tuple[Group, list[Example]]]:
    return [(group, [e for e in EXAMPLES if e.group == group.key]) for group in GROUPS]
