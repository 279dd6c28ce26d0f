"""Waves (the voormeting and the nameting of a cycle), their invitations and the drafts of answers."""

import hashlib
import secrets
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import Cycle, School

from .instrument import InstrumentVersion


class WaveKind(models.TextChoices):
    VOORMETING = "voormeting", _("voormeting")
    NAMETING = "nameting", _("nameting")


class WaveQuerySet(models.QuerySet):
    def for_school(self, school: School) -> "WaveQuerySet":
        return self.filter(cycle__project__school=school)

    def open(self) -> "WaveQuerySet":
        today = timezone.localdate()
        return self.filter(opens_on__lte=today, closed_at__isnull=True).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=today)
        )

    def due_for_reminder(self, day: date) -> "WaveQuerySet":
        return self.open().filter(remind_on=day)


class Wave(models.Model):
    """One round of the survey in a cycle: the voormeting or the nameting."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="waves", verbose_name=_("cyclus"))
    kind = models.CharField(_("soort meting"), max_length=10, choices=WaveKind.choices)
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="waves",
                                   verbose_name=_("vragenlijstversie"))
    opens_on = models.DateField(_("open vanaf"), default=timezone.localdate)
    closes_on = models.DateField(_("sluit na"), null=True, blank=True)
    closed_at = models.DateTimeField(_("met de hand gesloten op"), null=True, blank=True)
    remind_on = models.DateField(
        _("herinnering versturen op"), null=True, blank=True,
        help_text=_("Wie dan nog niet heeft geantwoord, krijgt 's ochtends vanzelf een herinnering."),
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    # Set when the responses were rewritten in random order (`surveys.sealing`), before any figure of
    # the wave was shown; from then on the wave is frozen: no imports, no reopening.
    sealed_at = models.DateTimeField(_("verzegeld op"), null=True, blank=True, editable=False)

    objects = WaveQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "kind"]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        constraints = [models.UniqueConstraint(fields=["cycle", "kind"], name="one_wave_of_a_kind_per_cycle")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.cycle} {self.cycle.project.school}"

    @property
    def school(self) -> School:
        return self.cycle.project.school

    @property
    def is_open(self) -> bool:
        today = timezone.localdate()
        return (
            self.closed_at is None
            and self.opens_on <= today
            and (self.closes_on is None or today <= self.closes_on)
        )

    @property
    def is_closed(self) -> bool:
        today = timezone.localdate()
        return self.closed_at is not None or (self.closes_on is not None and today > self.closes_on)

    @property
    def is_upcoming(self) -> bool:
        return not self.is_closed and timezone.localdate() < self.opens_on

    @property
    def is_frozen(self) -> bool:
        """Its figures may have been shown: nothing may be added to it, its dates no longer move."""
        return self.sealed_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def close(self) -> None:
        """Close by hand (`waves.close_wave` also seals and counts it). Every link dies with the wave,
        so half-filled drafts have no use left."""
        if self.closed_at is None:
            self.closed_at = timezone.now()
            self.save(update_fields=["closed_at"])
        Draft.objects.filter(invitation__wave=self).delete()

    def publish(self) -> None:
        if self.published_at is None:
            self.published_at = timezone.now()
            self.save(update_fields=["published_at"])


# Crockford's base32: letters that are easily confused with digits or each other are left out.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 28


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def unused(self) -> "InvitationQuerySet":
        return self.filter(used=False)

    def with_email(self) -> "InvitationQuerySet":
        return self.exclude(email="")

    def by_token(self, token: str) -> "InvitationQuerySet":
        return self.filter(token_hash=hash_token(token))


class Invitation(models.Model):
    """A personal, single-use link to a wave. Only the hash of its token is stored.

    It knows whether it was used, never which response it gave: that is what
    lets reminders go only to those who have not answered.
    """

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meting"))
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    used = models.BooleanField(default=False)
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        # Not the e-mail address: the admin's log keeps this string after retention deletes the invitation.
        return _("Uitnodiging %(number)s voor de %(wave)s") % {"number": self.pk, "wave": self.wave}

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)  # 192 bits

    @staticmethod
    def new_code() -> str:
        """A token for a paper slip: 28 characters a person can type over (140 bits, no I, L, O or U)."""
        return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))

    @classmethod
    def create_for(cls, wave: Wave, email: str = "", token: str | None = None) -> tuple["Invitation", str]:
        """A new invitation and its token; the token is shown or sent once and then only its hash remains."""
        token = token or cls.new_token()
        return cls.objects.create(wave=wave, email=email, token_hash=hash_token(token)), token

    def remind(self) -> str:
        """A fresh token to send as a reminder; the old link dies. A draft stays: it belongs to the invitation."""
        token = self.new_token()
        self.token_hash = hash_token(token)
        self.reminded_on = timezone.localdate()
        self.save(update_fields=["token_hash", "reminded_on"])
        return token


class Draft(models.Model):
    """Answers saved as the teacher goes, bound to the invitation; deleted at submission."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="draft")
    answers = models.JSONField(default=dict)
    department = models.CharField(max_length=20, blank=True)
    section = models.PositiveSmallIntegerField(default=0)  # the part of the survey to resume at
    # The hash of the device cookie of the browser that saved it last (surveys/views_answer.py): a
    # slip's code typed in on another device starts afresh instead of showing these answers.
    writer = models.CharField(max_length=64, blank=True)
    updated_on = models.DateField(auto_now=True)

    def __str__(self) -> str:
        return _("Concept bij uitnodiging %(invitation)s") % {"invitation": self.invitation_id}
