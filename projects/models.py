from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEDEWERKER = "medewerker", _("medewerker")
    PROJECTLEIDER = "projectleider", _("projectleider")
    WERKGROEPLID = "werkgroeplid", _("werkgroeplid")
    SCHOOLLEIDER = "schoolleider", _("schoolleider")
    OPDRACHTGEVER = "opdrachtgever", _("interne opdrachtgever")
    BESTUURDER = "bestuurder", _("bestuurder")
    MR_LID = "mr_lid", _("MR-lid")
    PMR_LID = "pmr_lid", _("PMR-lid")
    PROCESBEGELEIDER = "procesbegeleider", _("procesbegeleider")


class Board(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bestuur")
        verbose_name_plural = _("besturen")

    def __str__(self) -> str:
        return self.name


class BoardAdministrator(models.Model):
    """A bestuursbeheerder: the board's HR adviser or coordinating coach, who adds its schools and
    invites their project leaders and coaches. A role at the board, not at one school."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_roles")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="administrators",
                              verbose_name=_("bestuur"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "user__email"]
        verbose_name = _("bestuursbeheerder")
        verbose_name_plural = _("bestuursbeheerders")
        constraints = [models.UniqueConstraint(fields=["user", "board"], name="unique_board_administrator")]

    def __str__(self) -> str:
        return f"{self.user} – {self.board}"


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SchoolQuerySet":
        """Schools at which the user holds any role, or whose board they administer; nothing for anonymous users."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(models.Q(memberships__user=user) | models.Q(board__administrators__user=user)).distinct()

    def with_roles_of(self, user) -> "SchoolQuerySet":
        """Each school with the user's roles there (`user_roles`: comma-separated, or None) and whether
        they run its board (`user_runs_board`), in the same query."""
        roles = (Membership.objects.filter(school=models.OuterRef("pk"), user=user).order_by()
                 .values("school").annotate(roles=models.StringAgg("role", models.Value(","))).values("roles"))
        runs_board = BoardAdministrator.objects.filter(board=models.OuterRef("board_id"), user=user)
        return self.annotate(user_roles=models.Subquery(roles), user_runs_board=models.Exists(runs_board))


brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}[0-9]{2}$",
    _("Een BRIN-nummer bestaat uit vier tekens (twee cijfers en twee hoofdletters) en een vestigingsnummer "
      "van twee cijfers, bijvoorbeeld 12AB00."),
)


class School(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="schools", verbose_name=_("bestuur"))
    name = models.CharField(_("naam"), max_length=200)
    brin = models.CharField(
        _("BRIN-nummer"), max_length=6, unique=True, null=True, blank=True, validators=[brin_validator],
        help_text=_("Vier tekens en een vestigingsnummer van twee cijfers, bijvoorbeeld 12AB00."),
    )
    slug = models.SlugField(_("korte naam in adressen"), max_length=80, unique=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    description = models.TextField(_("kenmerken"), blank=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("scholen")
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="unique_school_name_per_board"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project", kwargs={"school": self.slug})

    @property
    def current_cycle(self) -> "Cycle | None":
        """The cycle the school works in now; None before it has a project."""
        project = getattr(self, "project", None)  # the reverse one-to-one raises AttributeError without one
        return project.current_cycle if project else None


class MembershipQuerySet(models.QuerySet):
    def with_role(self, *roles: str) -> "MembershipQuerySet":
        return self.filter(role__in=roles)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("gebruiker"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("school"))
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["school", "role", "user__first_name", "user__username"]
        verbose_name = _("rol op school")
        verbose_name_plural = _("rollen op scholen")
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="unique_role_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.school}"


class Project(models.Model):
    """The workload project of one school; its work happens in cycles."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="project", verbose_name=_("school"))
    started_on = models.DateField(_("gestart op"), default=timezone.localdate)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")

    def __str__(self) -> str:
        return str(self.school)

    @property
    def current_cycle(self) -> "Cycle | None":
        """The newest cycle: closing a cycle starts the next, so it is the one being worked in."""
        return self.cycles.order_by("-number").first()


class CycleQuerySet(models.QuerySet):
    def open(self) -> "CycleQuerySet":
        return self.filter(closed_on__isnull=True)


class Cycle(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cycles", verbose_name=_("project"))
    number = models.PositiveSmallIntegerField(_("cyclus"))
    started_on = models.DateField(_("gestart op"), default=timezone.localdate)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("cyclus")
        verbose_name_plural = _("cycli")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="unique_cycle_number"),
        ]

    def __str__(self) -> str:
        return _("Cyclus %(number)s") % {"number": self.number}

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def previous(self) -> "Cycle | None":
        return self.project.cycles.filter(number__lt=self.number).order_by("-number").first()


class SignalKind(models.TextChoices):
    VERZUIM = "verzuim", _("verzuim")
    WERKSFEER = "werksfeer", _("werksfeer")
    SAMENWERKING = "samenwerking", _("samenwerking")
    STRESS = "stresssignalen", _("stresssignalen")
    ANDERS = "anders", _("anders")


class Signal(models.Model):
    """A sign of workload the team sees (step 1), such as a high absence rate."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(_("soort signaal"), max_length=20, choices=SignalKind.choices)
    description = models.TextField(_("omschrijving"), max_length=2000)
    source = models.CharField(_("bron"), max_length=200, blank=True,
                              help_text=_("Bijvoorbeeld: verzuimcijfers, MTO, gesprek met het team."))
    observed_on = models.DateField(_("datum"), default=timezone.localdate)
    figure = models.DecimalField(_("cijfer"), max_digits=6, decimal_places=2, null=True, blank=True,
                                 help_text=_("Bijvoorbeeld een verzuimpercentage."))

    class Meta:
        ordering = ["cycle", "observed_on", "pk"]
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"


class Considerations(models.Model):
    """The team's answers to the seed's three questions before deciding to start (step 1)."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="considerations")
    signals_urgent = models.TextField(
        _("Welke signalen zien we, en zijn we het erover eens dat ze urgent genoeg zijn "
          "om op schoolniveau aan te pakken?"),
        max_length=4000, blank=True)
    current_situation = models.TextField(
        _("Wat speelt er op dit moment bij ons op school en waar moeten we rekening mee houden? "
          "Hebben we wel tijd om aan werkdruk te werken?"),
        max_length=4000, blank=True)
    expectations = models.TextField(
        _("Wat verwachten we van een project om de werkdruk te verminderen?"), max_length=4000, blank=True)

    QUESTIONS = ("signals_urgent", "current_situation", "expectations")

    def __str__(self) -> str:
        return _("Overwegingen bij cyclus %(number)s") % {"number": self.cycle.number}

    @property
    def is_complete(self) -> bool:
        return all(getattr(self, name).strip() for name in self.QUESTIONS)


class AgreementParty(models.TextChoices):
    SCHOOLLEIDER = "schoolleider", _("schoolleider")
    BESTUUR = "bestuur", _("bestuur")
    MR = "mr", _("medezeggenschapsraad (MR)")


class Agreement(models.Model):
    """Consent to start: the school leader, the board and the MR must agree (step 1)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="agreements")
    party = models.CharField(_("wie stemt in"), max_length=20, choices=AgreementParty.choices)
    name = models.CharField(_("naam"), max_length=200)
    agreed_on = models.DateField(_("datum"), default=timezone.localdate)
    note = models.TextField(_("toelichting"), max_length=2000, blank=True)

    class Meta:
        ordering = ["cycle", "party"]
        verbose_name = _("instemming")
        verbose_name_plural = _("instemmingen")
        constraints = [models.UniqueConstraint(fields=["cycle", "party"], name="one_agreement_per_party")]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.name}"


class TeamRole(models.TextChoices):
    PROJECTLEIDER = "projectleider", _("projectleider")
    WERKGROEP = "werkgroep", _("werkgroep")
    PROCESBEGELEIDER = "procesbegeleider", _("procesbegeleider")
    OPDRACHTGEVER = "opdrachtgever", _("interne opdrachtgever")


class TeamMember(models.Model):
    """A place in the project team of a cycle, chosen from the school's members."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_teams")
    team_role = models.CharField(_("rol in het projectteam"), max_length=20, choices=TeamRole.choices)

    class Meta:
        ordering = ["cycle", "team_role", "user__first_name"]
        verbose_name = _("lid van het projectteam")
        verbose_name_plural = _("projectteam")
        constraints = [models.UniqueConstraint(fields=["cycle", "user", "team_role"], name="unique_team_place")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_team_role_display()}"


class StepTarget(models.Model):
    """The year plan: a target date per step of the cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="targets")
    step = models.PositiveSmallIntegerField(_("stap"))
    target_date = models.DateField(_("streefdatum"))

    class Meta:
        ordering = ["cycle", "step"]
        constraints = [models.UniqueConstraint(fields=["cycle", "step"], name="one_target_per_step")]

    def __str__(self) -> str:
        return _("Stap %(step)s: streefdatum %(date)s") % {"step": self.step, "date": date_format(self.target_date)}


class StaffDiscussion(models.Model):
    """When and how the survey results were discussed with the whole team (labour inspectorate)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="staff_discussions")
    discussed_on = models.DateField(_("datum"), default=timezone.localdate)
    how = models.CharField(_("hoe"), max_length=300, help_text=_("Bijvoorbeeld: studiedag met het hele team."))

    class Meta:
        ordering = ["cycle", "discussed_on"]

    def __str__(self) -> str:
        return f"{date_format(self.discussed_on)}: {self.how}"


class Evaluation(models.Model):
    """Closing a cycle (step 6): what worked, what did not."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="evaluation")
    what_worked = models.TextField(_("Wat werkte?"), max_length=6000, blank=True)
    what_did_not = models.TextField(_("Wat werkte niet?"), max_length=6000, blank=True)
    conclusions = models.TextField(_("Wat nemen we mee?"), max_length=6000, blank=True)

    def __str__(self) -> str:
        return _("Evaluatie van cyclus %(number)s") % {"number": self.cycle.number}

    @property
    def is_written(self) -> bool:
        return bool(self.what_worked.strip() or self.what_did_not.strip())


class ImprovementPoint(models.Model):
    """A point for improvement at the end of a cycle; it seeds step 1 of the next."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="improvement_points")
    text = models.CharField(_("verbeterpunt"), max_length=500)

    class Meta:
        ordering = ["cycle", "pk"]
        verbose_name = _("verbeterpunt")
        verbose_name_plural = _("verbeterpunten")

    def __str__(self) -> str:
        return self.text


class Activity(models.Model):
    """The project's log: who did what and when. Never survey answers."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    description = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        indexes = [models.Index(fields=["project", "-created_at"])]

    def __str__(self) -> str:
        return f"{date_format(timezone.localtime(self.created_at), 'DATETIME_FORMAT')}: {self.description}"


class OverseerSettings(models.Model):
    """Preferences of a process coach or board member."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="overseer_settings")
    weekly_digest = models.BooleanField(_("wekelijkse samenvatting per e-mail"), default=True)

    def __str__(self) -> str:
        return _("Voorkeuren van %(user)s") % {"user": self.user}

    @classmethod
    def for_user(cls, user) -> "OverseerSettings":
        return cls.objects.filter(user=user).first() or cls(user=user)


class AuditAction(models.TextChoices):
    ROLE_GIVEN = "rol_gegeven", _("rol gegeven")
    ROLE_CHANGED = "rol_gewijzigd", _("rol gewijzigd")
    ROLE_REMOVED = "rol_verwijderd", _("rol verwijderd")
    WERKPLAN_CHANGED = "werkplan", _("werkplan gewijzigd")
    RESULTS_PUBLISHED = "publicatie", _("resultaten gepubliceerd")
    EXPORTED = "export", _("gegevens gedownload")
    INVITED = "uitnodiging", _("uitgenodigd voor de vragenlijst")
    DELETED = "verwijderd", _("verwijderd")
    OPEN_ANSWER_HIDDEN = "open_verborgen", _("antwoord op een open vraag verborgen")


class AuditEntry(models.Model):
    """Who changed roles, the werkplan or publication, or took data out or deleted it (issue 9).

    The entry of a deleted school keeps no link to it (school is empty) but names it in `what`.
    """

    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_entries",
                               verbose_name=_("school"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("gebruiker"))
    user_name = models.CharField(_("door"), max_length=300)  # kept when the account is deleted
    action = models.CharField(_("handeling"), max_length=20, choices=AuditAction.choices)
    what = models.CharField(_("wat"), max_length=500)
    created_at = models.DateTimeField(_("wanneer"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek")
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_name}: {self.what}"


class AccessRequest(models.Model):
    """A board asking for access through the public "Aanmelden" page. The operator approves it in the
    admin once the processor agreement (verwerkersovereenkomst) is signed; approving does what
    `add_board` does."""

    board_name = models.CharField(_("naam van het bestuur"), max_length=200)
    contact_name = models.CharField(_("naam contactpersoon"), max_length=200)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"))
    school_count = models.PositiveSmallIntegerField(_("aantal scholen"))
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    agreement_signed_on = models.DateField(_("verwerkersovereenkomst getekend op"), null=True, blank=True)
    agreement_version = models.CharField(_("versie verwerkersovereenkomst"), max_length=40, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")

    def __str__(self) -> str:
        return self.board_name

    @property
    def agreement_recorded(self) -> bool:
        return self.agreement_signed_on is not None and bool(self.agreement_version.strip())
