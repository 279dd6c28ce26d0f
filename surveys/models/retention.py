"""What stays of a wave once its raw answers are deleted (retention, issue 9)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .waves import Wave


class WaveAggregate(models.Model):
    """The results of one wave, kept after its responses were deleted: only what the anonymity rule lets show.

    `data` has the shape of `surveys.results.wave_results` (and of `export_results`).
    """

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="aggregate")
    data = models.JSONField()
    computed_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("bewaarde uitkomst van een meting")
        verbose_name_plural = _("bewaarde uitkomsten van metingen")

    def __str__(self) -> str:
        return str(self.wave)
