from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEDEWERKER = "medewerker", _("medewerker")
    PROJECTLEIDER = "projectleider", _("projectleider")
    WERKGROEPLID = "werkgroeplid", _("werkgroeplid")
    SCHOOLLEIDER = "schoolleider", _("schoolleider")
    OPDRACHTGEVER = "opdrachtgever", _("interne opdrachtgever")
    BESTUURDER = "bestuurder", _("bestuurder")
    MR_LID = "mr_lid", _("MR-lid")
    PROCESBEGELEIDER = "procesbegeleider", _("procesbegeleider")


class Board(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bestuur")
        verbose_name_plural = _("besturen")

    def __str__(self) -> str:
        return self.name


class SchoolQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SchoolQuerySet":
        """Schools at which the user holds any role; nothing for anonymous users."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class School(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="schools", verbose_name=_("bestuur"))
    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam in adressen"), max_length=80, unique=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    description = models.TextField(_("kenmerken"), blank=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("scholen")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:project", kwargs={"school": self.slug})


class MembershipQuerySet(models.QuerySet):
    def with_role(self, *roles: str) -> "MembershipQuerySet":
        return self.filter(role__in=roles)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
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

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="project")
    started_on = models.DateField(_("gestart op"), default=timezone.localdate)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")

    def __str__(self) -> str:
        return str(self.school)

    @property
    def current_cycle(self) -> "Cycle | None":
        return self.cycles.order_by("-number").first()


class CycleQuerySet(models.QuerySet):
    def open(self) -> "CycleQuerySet":
        return self.filter(closed_on__isnull=True)


class Cycle(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cycles")
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
