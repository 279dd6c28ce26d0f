"""The questionnaire itself: its versions, scales and items, loaded from surveys/instrument/*.json."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentVersion(models.Model):
    """One version of the questionnaire, loaded from surveys/instrument/*.json; never edited once in use."""

    version = models.CharField(_("versie"), max_length=20, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    definition = models.JSONField(_("definitie"))
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("versie van de vragenlijst")
        verbose_name_plural = _("versies van de vragenlijst")

    def __str__(self) -> str:
        return f"{self.title} {self.version}"


class HigherIs(models.TextChoices):
    BETTER = "better", _("hoger is beter")
    WORSE = "worse", _("hoger is slechter")


class Scale(models.Model):
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="scales")
    code = models.CharField(max_length=40)
    label = models.CharField(_("naam"), max_length=120)
    group = models.CharField(_("groep"), max_length=40)
    higher_is = models.CharField(max_length=6, choices=HigherIs.choices)
    unfavourable_threshold = models.FloatField()
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="unique_scale_code")]

    def __str__(self) -> str:
        return self.label


class ItemKind(models.TextChoices):
    ENERGY = "energy", _("energiegever of -nemer")
    LIKERT = "likert", _("vijfpuntsschaal")
    OPEN = "open", _("open vraag")


class Item(models.Model):
    instrument = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=20)
    text = models.CharField(_("tekst"), max_length=300)
    kind = models.CharField(max_length=6, choices=ItemKind.choices)
    scale = models.ForeignKey(Scale, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    reverse = models.BooleanField(default=False)
    section = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="unique_item_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class EnergyAnswer(models.IntegerChoices):
    """Stored values of an energy item; 'niet van toepassing' is stored as no answer."""

    GIVER = 1, _("energiegever")
    NEUTRAL = 2, _("neutraal")
    TAKER = 3, _("energienemer")
