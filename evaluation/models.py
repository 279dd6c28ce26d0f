"""Step 5: benchmark references, hard figures and reports.

These models were born in the surveys app and keep its tables (`db_table`): moving them here
changed no row (evaluation/migrations/0001_initial.py).
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Cycle, School


class Spread(models.TextChoices):
    """What a reference's SD and percentiles describe; `evaluation.benchmark` uses them accordingly."""

    SCHOOLS = "scholen", _("tussen scholen (de gemiddelden van scholen)")
    PEOPLE = "medewerkers", _("tussen medewerkers (de scores van personen)")


class BenchmarkReference(models.Model):
    """Reference values of one scale from outside the platform, entered by the platform admin.

    Used while fewer than 20 schools on the platform can form the benchmark pool. Only a spread
    between schools gives bands a school's mean can fall in; a spread between people says how far
    colleagues differ, not schools (evaluation/benchmark.py).
    """

    scale_code = models.CharField(_("code van de schaal"), max_length=40)
    mean = models.FloatField(_("gemiddelde"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    sd = models.FloatField(_("standaardafwijking"), null=True, blank=True, validators=[MinValueValidator(0)])
    p20 = models.FloatField(_("20e percentiel"), null=True, blank=True)
    p50 = models.FloatField(_("mediaan (50e percentiel)"), null=True, blank=True)
    p80 = models.FloatField(_("80e percentiel"), null=True, blank=True)
    satisfied_pct = models.FloatField(
        _("% (zeer) tevreden"), null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Alleen bij de schaal tevredenheid: het percentage (zeer) tevreden medewerkers."),
    )
    spread = models.CharField(
        _("spreiding"), max_length=12, choices=Spread.choices,
        help_text=_("Waar de standaardafwijking en de percentielen over gaan. Alleen met een spreiding tussen "
                    "scholen krijgt een school een kleur; bij een spreiding tussen medewerkers ziet de school "
                    "alleen of haar gemiddelde aantoonbaar van het referentiegemiddelde afwijkt."),
    )
    source = models.CharField(_("bron"), max_length=200)
    year = models.PositiveSmallIntegerField(_("jaar"))

    class Meta:
        ordering = ["scale_code", "-year"]
        verbose_name = _("benchmarkwaarde")
        verbose_name_plural = _("benchmarkwaarden")
        db_table = "surveys_benchmarkreference"
        constraints = [
            models.UniqueConstraint(fields=["scale_code", "source", "year"], name="unique_benchmark_reference"),
        ]

    def __str__(self) -> str:
        return f"{self.scale_code} ({self.source}, {self.year})"

    def clean(self) -> None:
        percentiles = [p for p in (self.p20, self.p50, self.p80) if p is not None]
        if percentiles != sorted(percentiles):
            raise ValidationError(_("De percentielen moeten oplopen: p20 ≤ p50 ≤ p80."))
        if 0 < len(percentiles) < 3:
            raise ValidationError(_("Vul de drie percentielen in, of geen ervan."))


class BenchmarkPool(models.Model):
    """The platform pool's percentiles, computed when a voormeting closes (and nightly), not per report.

    `scales`: {scale code: {"schools", "mean", "p20", "p50", "p80"}} over the schools that show the
    scale. Only the newest row is read; `evaluation.benchmark.refresh_pool` writes it.
    """

    computed_at = models.DateTimeField(default=timezone.now)
    schools = models.PositiveIntegerField()
    satisfied_pct = models.FloatField(null=True, blank=True)
    scales = models.JSONField(default=dict)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        verbose_name = _("benchmarkpool")
        verbose_name_plural = _("benchmarkpools")

    def __str__(self) -> str:
        return _("Benchmarkpool van %(count)s scholen") % {"count": self.schools}


class HardFiguresMoment(models.TextChoices):
    BEFORE = "voor", _("voor de aanpak")
    AFTER = "na", _("na de aanpak")


class HardFigures(models.Model):
    """Absence figures of a cycle, before and after, as the project leader finds them in the records."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="hard_figures")
    moment = models.CharField(_("moment"), max_length=4, choices=HardFiguresMoment.choices)
    absence_pct = models.DecimalField(
        _("verzuimpercentage"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    absence_frequency = models.DecimalField(
        _("meldingsfrequentie"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(50)],
        help_text=_("Gemiddeld aantal ziekmeldingen per medewerker per jaar."),
    )
    period = models.CharField(_("periode"), max_length=120, blank=True,
                              help_text=_("Bijvoorbeeld: schooljaar 2025-2026."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle", "-moment"]  # "voor" before "na"
        verbose_name = _("verzuimcijfers")
        verbose_name_plural = _("verzuimcijfers")
        db_table = "surveys_hardfigures"
        constraints = [models.UniqueConstraint(fields=["cycle", "moment"], name="one_hard_figure_per_moment")]

    def __str__(self) -> str:
        return f"{self.cycle.project.school} – {self.cycle} – {self.get_moment_display()}"


class ReportKind(models.TextChoices):
    SCHOOL = "school", _("school")
    GROUP = "group", _("meerdere scholen")


class ReportStatus(models.TextChoices):
    QUEUED = "wachtrij", _("in de wachtrij")
    BUILDING = "bezig", _("bezig")
    READY = "klaar", _("klaar")
    FAILED = "mislukt", _("mislukt")


def report_path(report: "Report", filename: str) -> str:
    return str(PurePosixPath("reports") / filename)


class Report(models.Model):
    """A PDF report, built by a Celery worker. Its file is served only by a view that checks access."""

    kind = models.CharField(max_length=6, choices=ReportKind.choices, default=ReportKind.SCHOOL)
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    cycle = models.ForeignKey(Cycle, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    # A group report covers these schools, for the person who asked for it.
    schools = models.ManyToManyField(School, blank=True, related_name="group_reports")
    status = models.CharField(max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    error = models.TextField(_("reden"), blank=True)
    file = models.FileField(upload_to=report_path, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The language of whoever asked for it last: the PDF is built in it.
    language = models.CharField(_("taal"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporten")
        db_table = "surveys_report"
        constraints = [
            models.UniqueConstraint(fields=["school", "cycle"], condition=models.Q(kind="school"),
                                    name="one_school_report_per_cycle"),
        ]

    def __str__(self) -> str:
        if self.kind == ReportKind.SCHOOL:
            return _("Rapport %(school)s, %(cycle)s") % {"school": self.school, "cycle": self.cycle}
        return _("Rapport over %(count)s scholen") % {"count": self.schools.count()}

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.BUILDING)

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY and bool(self.file)

    @property
    def download_name(self) -> str:
        if self.kind == ReportKind.SCHOOL:
            return f"werkdruk-{self.school.slug}-cyclus-{self.cycle.number}.pdf"
        return f"werkdruk-scholen-{self.pk}.pdf"

    def queue(self, user=None, language: str | None = None) -> None:
        """Ask for a (re)build, in `language` if given; a finished build replaces the old file."""
        self.status = ReportStatus.QUEUED
        self.error = ""
        self.requested_at = timezone.now()
        if user is not None and user.is_authenticated:
            self.requested_by = user
        if language:
            self.language = language
        self.save(update_fields=["status", "error", "requested_at", "requested_by", "language"])
