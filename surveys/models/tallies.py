"""The stored tallies of closed waves: what `surveys.tallies` counted once, summed ever after.

A closed wave changes only when an import adds responses (or retention deletes them), so
its counts are kept per department and read instead of its raw answers. `TalliedWave`
holds the fingerprint of the responses they were counted from; a different fingerprint
means the tallies are counted again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .waves import Wave


class TalliedWave(models.Model):
    """That a wave's tallies are stored, and of which responses (per department: count and highest id)."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, primary_key=True, related_name="tallied")
    fingerprint = models.TextField(blank=True)
    respondents = models.IntegerField(default=0)
    counted_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return _("Opgeslagen telling van meting %(wave)s") % {"wave": self.wave_id}


class WaveTally(models.Model):
    """One department's count of one energy value (value 1–3) or one scale's sums (value 0) in a wave.

    Kept for every department, however small. What the anonymity rule lets the wave show is decided
    once, when the row is stored (`anonymity.wave_shows`), and kept on it: `shown_whole` when the
    cell counts in the whole school's figure, `shown_department` when it counts in its department's.
    A figure over many waves is then a filtered sum. Deleted with the raw answers (retention).
    """

    # The unique constraint below starts with the wave: no index of its own.
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="tallies", db_index=False)
    department = models.CharField(max_length=20, blank=True)
    code = models.CharField(max_length=40)  # an energy item's code, or a scale's
    value = models.PositiveSmallIntegerField()  # the energy answer; 0 for a scale
    n = models.IntegerField()
    # A scale's respondents' scores: sum, sum of squares, how many unfavourable and how many
    # satisfied (score ≥ scoring.SATISFIED_FROM), lowest and highest.
    total = models.FloatField(default=0)
    squares = models.FloatField(default=0)
    unfavourable = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    low = models.FloatField(null=True)
    high = models.FloatField(null=True)
    shown_whole = models.BooleanField(default=False)
    shown_department = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "department", "code", "value"], name="one_tally_per_group")
        ]

    def __str__(self) -> str:
        # What is counted, never the counts: for a small department they are as telling as the answers.
        return _("Telling van meting %(wave)s, %(department)s: %(code)s (%(value)s)") % {
            "wave": self.wave_id, "department": self.department or _("zonder afdeling"),
            "code": self.code, "value": self.value}
