"""Steps 2 (choosing), 3 and 4 of a cycle: bottlenecks, the team brainstorm, the werkplan and its progress.

Everything hangs off a Cycle of `projects`; the school is always cycle.project.school.
"""

import secrets
import uuid
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from projects.models import Cycle

TOP = 5  # the seed: the working group chooses the five most important bottlenecks
STALE_AFTER = timedelta(weeks=4)
IDEA_MAX_LENGTH = 500


# Step 2: sources and bottlenecks ------------------------------------------------------------------

class DocumentKind(models.TextChoices):
    RIE = "rie", _("RI&E")
    MTO = "mto", _("medewerkertevredenheidsonderzoek (MTO)")
    WERKDRUKSCAN = "werkdrukscan", _("werkdrukscan")
    OTHER = "anders", _("andere bron")


def document_path(instance: "SourceDocument", filename: str) -> str:
    # The stored name is random: the original name is kept in a field and used only for the download.
    return f"bronnen/{instance.cycle_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class SourceDocument(models.Model):
    """A source besides the survey (RI&E, MTO, werkdrukscan): the document and what the working group took from it."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="source_documents")
    kind = models.CharField(_("soort bron"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"), max_length=4000)
    file = models.FileField(_("document"), upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")

    def __str__(self) -> str:
        return self.title


class BottleneckSource(models.TextChoices):
    ENERGY = "energy", _("energiegevers en -nemers")
    SCALE = "scale", _("schaal van de vragenlijst")
    DOCUMENT = "document", _("andere bron")
    WORKING_GROUP = "werkgroep", _("werkgroep")


class BottleneckQuerySet(models.QuerySet):
    def top(self) -> "BottleneckQuerySet":
        return self.filter(rank__isnull=False).order_by("rank")

    def ranked_by_score(self) -> list["Bottleneck"]:
        """Highest total of the three checks first; unscored candidates last."""
        return sorted(self, key=lambda b: (b.score is None, -(b.score or 0), b.label.lower()))


class Bottleneck(models.Model):
    """A candidate bottleneck of a cycle; the chosen ones carry a rank (1–5) and the reason for choosing them."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="bottlenecks")
    source = models.CharField(_("herkomst"), max_length=10, choices=BottleneckSource.choices)
    code = models.CharField(max_length=40, blank=True)  # item or scale code when proposed by the survey
    label = models.CharField(_("knelpunt"), max_length=200)
    figure = models.CharField(_("uitkomst"), max_length=200, blank=True)
    description = models.TextField(_("toelichting"), max_length=2000, blank=True)
    document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="bottlenecks",
        verbose_name=_("bron"),
    )
    # The seed's three checks, each scored 0 (nee), 1 (een beetje) or 2 (ja) by the working group.
    many_people = models.PositiveSmallIntegerField(_("een knelpunt voor veel mensen?"), null=True, blank=True)
    big_problems = models.PositiveSmallIntegerField(_("veroorzaakt het grote problemen?"), null=True, blank=True)
    several_problems = models.PositiveSmallIntegerField(_("veroorzaakt het meerdere problemen?"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("plaats in de top vijf"), null=True, blank=True)
    reason = models.TextField(_("waarom in de top vijf"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BottleneckQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "rank", "label"]
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "source", "code"], condition=~Q(code=""), name="one_candidate_per_survey_code",
            ),
            models.UniqueConstraint(fields=["cycle", "rank"], name="one_bottleneck_per_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1, rank__lte=TOP) | Q(rank__isnull=True), name="rank_in_top"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def checks(self) -> tuple[int | None, int | None, int | None]:
        return (self.many_people, self.big_problems, self.several_problems)

    @property
    def score(self) -> int | None:
        """Sum of the three checks, or None while any check is unscored."""
        if any(value is None for value in self.checks):
            return None
        return sum(self.checks)


# Step 3: the team brainstorm ----------------------------------------------------------------------

# No 0/O, 1/I/L: the code is read from a projector and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6


class Phase(models.TextChoices):
    IDEAS = "ideeen", _("ideeën verzamelen")
    VOTING = "stemmen", _("stemmen")
    CLOSED = "gesloten", _("gesloten")


class Group(models.TextChoices):
    ONDERBOUW = "onderbouw", _("onderbouw")
    MIDDENBOUW = "middenbouw", _("middenbouw")
    BOVENBOUW = "bovenbouw", _("bovenbouw")
    ONDERSTEUNING = "ondersteuning", _("ondersteuning")
    # Always offered, so nobody has to name a small group to take part; never shown as a group.
    NOT_SAYING = "niet", _("zeg ik liever niet")


class BrainstormQuerySet(models.QuerySet):
    def live(self) -> "BrainstormQuerySet":
        return self.exclude(phase=Phase.CLOSED)


class Brainstorm(models.Model):
    """A session of the study day: staff join with a short code, add ideas per bottleneck and vote."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="brainstorms")
    title = models.CharField(_("titel"), max_length=120)
    code = models.CharField(max_length=CODE_LENGTH)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.IDEAS)
    votes_per_device = models.PositiveSmallIntegerField(_("stemmen per deelnemer"), default=3)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = BrainstormQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("brainstorm")
        verbose_name_plural = _("brainstorms")
        constraints = [
            # A code is unique among live sessions only: once closed it is dead and may come round again.
            models.UniqueConstraint(fields=["code"], condition=~Q(phase="gesloten"), name="live_code_is_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def new_code() -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if not Brainstorm.objects.live().filter(code=code).exists():
                return code

    @classmethod
    def open(cls, cycle: Cycle, title: str, by, votes_per_device: int = 3) -> "Brainstorm":
        return cls.objects.create(cycle=cycle, title=title, code=cls.new_code(), opened_by=by,
                                  votes_per_device=votes_per_device)

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    def start_voting(self) -> None:
        if self.phase == Phase.IDEAS:
            self.phase = Phase.VOTING
            self.save(update_fields=["phase"])

    def close(self) -> None:
        if self.phase != Phase.CLOSED:
            self.phase = Phase.CLOSED
            self.closed_at = timezone.now()
            self.save(update_fields=["phase", "closed_at"])

    def bottlenecks(self) -> list[Bottleneck]:
        return list(self.cycle.bottlenecks.top())

    def group_counts(self) -> dict[str, int]:
        """How many participants chose each group."""
        return dict(self.participants.order_by().values_list("group").annotate(n=Count("pk")))

    def ranked_ideas(self) -> list["Idea"]:
        """The priority list: most votes first, then alphabetically (see Idea.Meta.ordering)."""
        return list(
            self.ideas.select_related("bottleneck").annotate(vote_count=Count("votes"))
            .order_by("-vote_count", "text", "pk")
        )


class Participant(models.Model):
    """One device in a brainstorm. It holds no name or account: the browser session points at it."""

    brainstorm = models.ForeignKey(Brainstorm, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(_("groep"), max_length=20, choices=Group.choices)
    joined_on = models.DateField(default=timezone.localdate)  # the day only: a time would tell who came in when

    MAX_IDEAS = 30  # a generous cap so one device cannot flood the projector

    def __str__(self) -> str:
        return _("Deelnemer %(number)s (%(group)s)") % {"number": self.pk, "group": self.get_group_display()}

    def votes_left(self) -> int:
        return max(0, self.brainstorm.votes_per_device - self.votes.count())

    def own_ideas(self) -> models.QuerySet["Idea"]:
        # In the order this device wrote them: nobody but this device sees the list.
        return self.ideas.select_related("bottleneck").order_by("pk")


class Idea(models.Model):
    brainstorm = models.ForeignKey(Brainstorm, on_delete=models.CASCADE, related_name="ideas")
    bottleneck = models.ForeignKey(Bottleneck, on_delete=models.CASCADE, related_name="ideas")
    participant = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="ideas")
    group = models.CharField(max_length=20, choices=Group.choices)
    text = models.CharField(_("idee"), max_length=IDEA_MAX_LENGTH)
    created_on = models.DateField(default=timezone.localdate)  # the day only, as for survey responses

    class Meta:
        # Alphabetical, never in the order written: that order (with the clock) would tell who wrote which idea.
        ordering = ["text", "pk"]
        verbose_name = _("idee")
        verbose_name_plural = _("ideeën")

    def __str__(self) -> str:
        return self.text


class VoteRefused(Exception):
    pass


class Vote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "participant"], name="one_vote_per_idea_per_device")]

    def __str__(self) -> str:
        return _("Stem op %(idea)s") % {"idea": self.idea}

    @classmethod
    def toggle(cls, participant: Participant, idea: Idea) -> bool:
        """Give or take back this device's vote on the idea; True when the vote now stands.

        Raises VoteRefused when the session is not voting or the device has no votes left.
        """
        with transaction.atomic():
            # Lock the participant row so two quick taps cannot both spend the last vote.
            participant = Participant.objects.select_for_update().select_related("brainstorm").get(pk=participant.pk)
            if participant.brainstorm.phase != Phase.VOTING or idea.brainstorm_id != participant.brainstorm_id:
                raise VoteRefused(_("Er kan nu niet gestemd worden."))
            existing = cls.objects.filter(idea=idea, participant=participant).first()
            if existing:
                existing.delete()
                return False
            if participant.votes_left() <= 0:
                raise VoteRefused(_("Je hebt al je stemmen gebruikt. Haal een stem terug om opnieuw te kiezen."))
            cls.objects.create(idea=idea, participant=participant)
            return True


# Step 3: the werkplan -----------------------------------------------------------------------------

class MeasureStatus(models.TextChoices):
    PLANNED = "gepland", _("gepland")
    ACTIVE = "bezig", _("bezig")
    DONE = "afgerond", _("afgerond")
    STOPPED = "gestopt", _("gestopt")


FINISHED = (MeasureStatus.DONE, MeasureStatus.STOPPED)


class MeasureQuerySet(models.QuerySet):
    def for_werkplan(self) -> "MeasureQuerySet":
        """Everything the werkplan shows of a measure, in a fixed number of queries."""
        return (
            self.select_related("bottleneck", "owner")
            .prefetch_related("activities")
            .annotate(last_update_on=Max("updates__on"))
            .order_by("bottleneck__rank", "starts_on", "pk")
        )

    def unfinished(self) -> "MeasureQuerySet":
        return self.exclude(status__in=FINISHED)

    def overdue(self, today: date) -> "MeasureQuerySet":
        return self.unfinished().filter(ends_on__lt=today)

    def stale(self, today: date) -> "MeasureQuerySet":
        """Unfinished measures with no progress update (or, without any, no creation) in four weeks."""
        cutoff = today - STALE_AFTER
        return (
            self.unfinished()
            .annotate(latest=Max("updates__on"))
            .filter(Q(latest__lt=cutoff) | Q(latest__isnull=True, created_on__lt=cutoff))
        )


class Measure(models.Model):
    """One measure of the werkplan: what, for which bottleneck, by whom, when and how far along."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="measures")
    bottleneck = models.ForeignKey(
        Bottleneck, on_delete=models.RESTRICT, related_name="measures", verbose_name=_("knelpunt"))
    title = models.CharField(_("maatregel"), max_length=200)
    description = models.TextField(_("wat gaan we doen"), max_length=4000, blank=True)
    expected_result = models.TextField(_("beoogd resultaat"), max_length=2000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_measures",
        verbose_name=_("eigenaar"),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("klaar op"), null=True, blank=True)
    evaluate_on = models.DateField(_("evaluatie op"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    created_on = models.DateField(default=timezone.localdate)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "starts_on", "pk"]
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def is_overdue(self, today: date) -> bool:
        return not self.is_finished and self.ends_on is not None and self.ends_on < today

    def is_stale(self, today: date) -> bool:
        """Needs `last_update_on` from MeasureQuerySet.for_werkplan()."""
        last = self.last_update_on or self.created_on
        return not self.is_finished and last < today - STALE_AFTER

    def set_activities(self, lines: list[str]) -> None:
        """Replace the checklist with these lines, keeping the tick of an activity whose text stays."""
        done = {activity.text for activity in self.activities.all() if activity.done}
        self.activities.all().delete()
        MeasureActivity.objects.bulk_create(
            MeasureActivity(measure=self, text=text, done=text in done, order=index) for index, text in enumerate(lines)
        )

    def report_progress(self, note: str, status: str, by, on: date | None = None) -> "ProgressUpdate":
        with transaction.atomic():
            update = ProgressUpdate.objects.create(
                measure=self, note=note, status=status, author=by, on=on or timezone.localdate(),
            )
            if status != self.status:
                self.status = status
                self.save(update_fields=["status", "updated_at"])
        return update


class MeasureActivity(models.Model):
    """An item of a measure's checklist (not projects.Activity, the project's log)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="activities")
    text = models.CharField(_("activiteit"), max_length=300)
    done = models.BooleanField(_("gedaan"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("activiteit van een maatregel")
        verbose_name_plural = _("activiteiten van maatregelen")

    def __str__(self) -> str:
        return self.text


# Step 4: implementation ---------------------------------------------------------------------------

class ProgressUpdate(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="updates")
    note = models.TextField(_("wat is er gebeurd"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=MeasureStatus.choices)
    on = models.DateField(_("datum"), default=timezone.localdate)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-created_at"]
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")

    def __str__(self) -> str:
        return f"{date_format(self.on)} ({self.get_status_display()}): {self.note[:60]}"


class CheckIn(models.Model):
    """The internal sponsor's 'stok achter de deur': a dated check-in or comment, on the plan or one measure."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="check_ins")
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("maatregel"),
    )
    note = models.TextField(_("opmerking"), max_length=2000)
    on = models.DateField(_("datum"), default=timezone.localdate)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("check-in van de opdrachtgever")
        verbose_name_plural = _("check-ins van de opdrachtgever")

    def __str__(self) -> str:
        return f"{date_format(self.on)}: {self.note[:60]}"


class Success(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="successes")
    text = models.CharField(_("succes"), max_length=500)
    measure = models.ForeignKey(
        Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="successes",
        verbose_name=_("bij maatregel"),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("succes")
        verbose_name_plural = _("successen")

    def __str__(self) -> str:
        return self.text

    def toggle_thumb(self, user) -> bool:
        """A colleague's duim: once per person; a second tap takes it back. True when it now stands."""
        deleted, _ = self.reactions.filter(user=user).delete()
        if deleted:
            return False
        Reaction.objects.get_or_create(success=self, user=user)
        return True


class Reaction(models.Model):
    success = models.ForeignKey(Success, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["success", "user"], name="one_thumb_per_person")]

    def __str__(self) -> str:
        return _("Duim van %(user)s voor %(success)s") % {"user": self.user, "success": self.success}


class Effect(models.TextChoices):
    LOWER = "minder", _("minder werkdruk")
    NEUTRAL = "gelijk", _("geen verschil")
    HIGHER = "meer", _("meer werkdruk")


class Decision(models.TextChoices):
    GO = "doen", _("we doen het")
    ADAPT = "aanpassen", _("we doen het, aangepast")
    LATER = "later", _("later opnieuw bekijken")
    NO = "niet", _("we doen het niet")


class FocusCheck(models.Model):
    """The seed's focus tip: before a new initiative, ask what it does to workload and which bottleneck it touches."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="focus_checks")
    initiative = models.CharField(_("nieuw initiatief"), max_length=200)
    effect = models.CharField(_("wat doet dit met de werkdruk?"), max_length=10, choices=Effect.choices)
    explanation = models.TextField(_("toelichting"), max_length=2000, blank=True)
    bottleneck = models.ForeignKey(
        Bottleneck, null=True, blank=True, on_delete=models.SET_NULL, related_name="focus_checks",
        verbose_name=_("raakt knelpunt"),
    )
    decision = models.CharField(_("besluit"), max_length=10, choices=Decision.choices)
    on = models.DateField(_("datum"), default=timezone.localdate)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("focuscheck")
        verbose_name_plural = _("focuschecks")

    def __str__(self) -> str:
        return self.initiative
