"""A school's bestedingsplan of workload funds per school year, its versions, the team's consultation and the
PMR's decision. Workflow lives in plans.py and consultation.py; here are the records and one-model behaviour."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actionplans.models import Bottleneck, Measure
from projects.models import Cycle, School

from . import school_years


class PlanState(models.TextChoices):
    CONCEPT = "concept", _("concept")
    CONSULTING = "teamraadpleging", _("in teamraadpleging")
    AWAITING_PMR = "wacht_op_pmr", _("wacht op PMR")
    ADOPTED = "vastgesteld", _("vastgesteld")
    ACCOUNTED = "verantwoord", _("verantwoord")


class Category(models.TextChoices):
    ASSISTANT = "onderwijsassistent", _("onderwijsassistent")
    TEACHER = "extra_leerkracht", _("extra leerkracht")
    SUBJECT_TEACHER = "vakleerkracht", _("vakleerkracht")
    SUPPORT = "ondersteuning", _("ondersteuning/administratie")
    ICT = "ict_materiaal", _("ICT en materiaal")
    TRAINING = "scholing_tijd", _("scholing en tijd")
    OTHER = "anders", _("anders")


class Funding(models.TextChoices):
    WORKLOAD_FUNDS = "werkdrukmiddelen", _("werkdrukmiddelen")
    OTHER = "anders", _("andere bron")


class Decision(models.TextChoices):
    CONSENT = "instemming", _("instemming")
    CONDITIONS = "voorwaarden", _("instemming met voorwaarden")
    REFUSED = "geen_instemming", _("geen instemming")


CONSENTING = (Decision.CONSENT, Decision.CONDITIONS)


class SpendingPlan(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="spending_plans")
    school_year = models.PositiveSmallIntegerField(_("schooljaar"))  # the year it starts on 1 August
    cycle = models.ForeignKey(Cycle, null=True, blank=True, on_delete=models.SET_NULL, related_name="spending_plans")
    team_meeting_on = models.DateField(_("datum teamvergadering"), null=True, blank=True)
    team_meeting_outcome = models.TextField(_("uitkomst van de teamvergadering"), max_length=4000, blank=True)
    account_finished_on = models.DateField(_("verantwoording afgerond op"), null=True, blank=True)
    account_sent_on = models.DateField(_("verantwoording verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bestedingsplan")
        verbose_name_plural = _("bestedingsplannen")
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="one_plan_per_school_year")]
        ordering = ["-school_year"]

    def __str__(self) -> str:
        return _("Bestedingsplan %(year)s van %(school)s") % {"year": self.year_label, "school": self.school}

    @property
    def year_label(self) -> str:
        return school_years.label(self.school_year)

    # Both read versions.all(), so that a list of plans prefetched with "versions__decision" and
    # "versions__consultation" (spending.overview) costs no query per plan.
    @property
    def latest(self) -> "PlanVersion":
        return max(self.versions.all(), key=lambda version: version.number)

    @property
    def consented(self) -> "PlanVersion | None":
        consenting = [version for version in self.versions.all()
                      if getattr(version, "decision", None) is not None and version.decision.consents]
        return max(consenting, key=lambda version: version.number, default=None)


class PlanVersion(models.Model):
    """What the team is consulted on and the PMR decides on. Once either has happened it is never changed:
    a change makes the next version (plans.editable_version)."""

    plan = models.ForeignKey(SpendingPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    created_on = models.DateField(default=timezone.localdate)
    amount = models.DecimalField(_("beschikbaar bedrag (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    pupils = models.PositiveIntegerField(_("aantal leerlingen"), null=True, blank=True)
    per_pupil = models.DecimalField(_("bedrag per leerling (€)"), max_digits=8, decimal_places=2, null=True,
                                    blank=True)
    pupils_counted_on = models.DateField(_("teldatum leerlingen"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")]

    def __str__(self) -> str:
        return _("versie %(number)s") % {"number": self.number}

    @property
    def budget(self) -> Decimal | None:
        """The amount entered, or else pupils × amount per pupil."""
        if self.amount is not None:
            return self.amount
        if self.pupils is not None and self.per_pupil is not None:
            return self.pupils * self.per_pupil
        return None

    @property
    def is_locked(self) -> bool:
        return hasattr(self, "consultation") or hasattr(self, "decision")


class PlanLine(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="lines")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("maatregel uit het werkplan"))
    title = models.CharField(_("omschrijving"), max_length=200)
    cost = models.DecimalField(_("kosten (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    fte = models.DecimalField(_("fte"), max_digits=5, decimal_places=2, null=True, blank=True)
    category = models.CharField(_("categorie"), max_length=20, choices=Category.choices, default=Category.OTHER)
    funding = models.CharField(_("financiering"), max_length=20, choices=Funding.choices,
                               default=Funding.WORKLOAD_FUNDS)
    funding_name = models.CharField(_("naam van de andere bron"), max_length=200, blank=True)
    bottleneck = models.ForeignKey(Bottleneck, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("knelpunt"))
    # The account at the year's end: written on the lines of the consented version.
    spent = models.DecimalField(_("werkelijk besteed (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    spent_fte = models.DecimalField(_("werkelijk ingezet (fte)"), max_digits=5, decimal_places=2, null=True,
                                    blank=True)
    effect = models.TextField(_("wat het opleverde"), max_length=2000, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def funding_label(self) -> str:
        return self.funding_name if self.funding == Funding.OTHER and self.funding_name else self.get_funding_display()

    def copy_to(self, version: PlanVersion) -> "PlanLine":
        return PlanLine.objects.create(
            version=version, measure_id=self.measure_id, title=self.title, cost=self.cost, fte=self.fte,
            category=self.category, funding=self.funding, funding_name=self.funding_name,
            bottleneck_id=self.bottleneck_id,
        )


class Consultation(models.Model):
    """The team's say on one version: every staff member once, through a personal link or a slip's code."""

    version = models.OneToOneField(PlanVersion, on_delete=models.CASCADE, related_name="consultation")
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return _("Teamraadpleging over %(version)s") % {"version": self.version}

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ConsultationInvitation(models.Model):
    """Knows whether it was used, never which vote it gave. Only the hash of the token is kept."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True)
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return _("Uitnodiging %(number)s") % {"number": self.pk}


class ConsultationVote(models.Model):
    """One colleague's voice: no invitation, no user, no time. Rewritten in random order at closing."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="votes")
    supports = models.BooleanField()
    remark = models.TextField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return _("Stem") + f" {self.pk}"


class PmrDecision(models.Model):
    version = models.OneToOneField(PlanVersion, on_delete=models.CASCADE, related_name="decision")
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices)
    text = models.TextField(_("voorwaarden of redenen"), max_length=4000, blank=True)
    decided_on = models.DateField(_("datum besluit"), default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return self.get_decision_display()

    @property
    def consents(self) -> bool:
        return self.decision in CONSENTING
