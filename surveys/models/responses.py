"""The anonymous responses: their answers to the instrument, and the nameting's questions per measure.

Anonymity is built into the schema: a Response holds no user, token or invitation
reference and no time finer than the day (docs/privacy.md, "What is stored").
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .instrument import Item
from .waves import Wave


class Department(models.TextChoices):
    ONDERBOUW = "onderbouw", _("onderbouw")
    MIDDENBOUW = "middenbouw", _("middenbouw")
    BOVENBOUW = "bovenbouw", _("bovenbouw")
    ONDERSTEUNING = "ondersteuning", _("ondersteuning")
    DIRECTIE = "directie", _("directie")


class Response(models.Model):
    """One anonymous, submitted questionnaire. No user, token, invitation or time of day."""

    # The index below starts with the wave; the foreign key needs no index of its own.
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses", db_index=False)
    department = models.CharField(max_length=20, blank=True, choices=Department.choices)
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("antwoord op de vragenlijst")
        verbose_name_plural = _("antwoorden op de vragenlijst")
        # With the id in it, counting a wave's respondents per department (and the fingerprint of
        # its stored tallies, `surveys.tallies`) is an index-only scan.
        indexes = [models.Index(fields=["wave", "department", "id"], name="response_wave_department")]

    def __str__(self) -> str:
        # Ids only, here and on the answers: a string ends up in logs and error reports, where a
        # department, a day or a single answer could point at a person.
        return _("Ingevulde vragenlijst %(number)s van meting %(wave)s") % {"number": self.pk, "wave": self.wave_id}


class Answer(models.Model):
    # Answers are only ever read through their response (the unique pair below is that index):
    # per wave and department, by `surveys.tallies`. An index starting with the item only
    # tempted PostgreSQL into reading every answer of the nation to count a few waves, and cost
    # every submission and bulk load; the one query by item alone is the PROTECT check when an
    # instrument's item is deleted, which never happens to an item in use.
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers", db_index=False)
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return _("Antwoord op vraag %(item)s in ingevulde vragenlijst %(response)s") % {
            "item": self.item_id, "response": self.response_id}


class WaveQuestion(models.Model):
    """An extra question of one wave: in the nameting, one per measure of the werkplan."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="extra_questions")
    code = models.CharField(max_length=20)
    text = models.CharField(_("tekst"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    # False for questions asked before "weet ik niet" was stored: their count of it is unknown.
    records_dont_know = models.BooleanField(default=True)

    class Meta:
        ordering = ["wave", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["wave", "code"], name="unique_wave_question_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"


class MeasureEffect(models.IntegerChoices):
    """Answers to 'Heeft deze maatregel je werkdruk verminderd?'. 'weet ik niet' is an answer of its own
    since WaveQuestion.records_dont_know; before that it was stored as no answer."""

    YES = 1, _("ja")
    A_LITTLE = 2, _("een beetje")
    NO = 3, _("nee")
    DONT_KNOW = 4, _("weet ik niet")


class ExtraAnswer(models.Model):
    """An answer to a WaveQuestion, part of the same anonymous response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="extra_answers")
    question = models.ForeignKey(WaveQuestion, on_delete=models.RESTRICT, related_name="answers")
    value = models.PositiveSmallIntegerField(choices=MeasureEffect.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_extra_answer_per_question"),
        ]

    def __str__(self) -> str:
        return _("Antwoord op extra vraag %(question)s in ingevulde vragenlijst %(response)s") % {
            "question": self.question_id, "response": self.response_id}


OPEN_ANSWER_MAX_LENGTH = 2000


class OpenAnswerQuerySet(models.QuerySet):
    def visible(self) -> "OpenAnswerQuerySet":
        """What may be read at all: the project leader's hidden answers never are."""
        return self.filter(hidden=False)


class OpenAnswer(models.Model):
    """The text written to an open question, part of the same anonymous response.

    Free text can name its writer, so it is read only through surveys/open_answers.py: after the
    wave closes, from 5 writers, shuffled, without department (docs/privacy.md).
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="open_answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="open_answers", db_index=False)
    text = models.TextField(_("tekst"), max_length=OPEN_ANSWER_MAX_LENGTH)
    hidden = models.BooleanField(_("verborgen"), default=False)

    objects = OpenAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoord op een open vraag")
        verbose_name_plural = _("antwoorden op open vragen")
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="one_open_answer_per_item")]

    def __str__(self) -> str:
        # Never the text: a string ends up in logs and error reports.
        return _("Antwoord op open vraag %(item)s in ingevulde vragenlijst %(response)s") % {
            "item": self.item_id, "response": self.response_id}
