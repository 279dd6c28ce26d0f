"""The team brainstorm: join codes, the device a browser session stands for, clean idea texts, the groups an
idea may name, the priority list."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from surveys import open_answers
from surveys.anonymity import visible_groups
from surveys.models import OpenAnswer, Wave, WaveKind

from .models import CODE_ALPHABET, CODE_LENGTH, Bottleneck, Brainstorm, Group, Idea, Participant

SESSION_KEY = "brainstorm_devices"  # {brainstorm pk: participant pk} in the (server-side) session
STARTING_QUESTION = "OPEN2"  # "Wat zou jouw werkdruk het meest verlichten?": what the brainstorm looks for


class StartingIdeasRefused(Exception):
    """Posted choices no form on the page could have sent; `messages` are Dutch."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def normalise_code(raw: str) -> str:
    """What a teacher types, as the code is stored: upper case, without spaces or dashes."""
    return "".join(raw.split()).replace("-", "").upper()[:CODE_LENGTH * 2]


def looks_like_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(char in CODE_ALPHABET for char in code)


def clean_idea(raw: str) -> str:
    """An idea as stored: no NUL characters (PostgreSQL refuses them), no surrounding space, at most 500 characters."""
    return raw.replace("\x00", "").strip()


def participant_for(session, brainstorm: Brainstorm) -> Participant | None:
    participant_id = session.get(SESSION_KEY, {}).get(str(brainstorm.pk))
    if participant_id is None:
        return None
    return brainstorm.participants.filter(pk=participant_id).first()


def remember(session, participant: Participant) -> None:
    devices = dict(session.get(SESSION_KEY, {}))
    devices[str(participant.brainstorm_id)] = participant.pk
    session[SESSION_KEY] = devices


def shown_groups(counts: Mapping[str, int]) -> set[str]:
    """The groups an idea may name, from how many participants of the brainstorm chose each group.

    A group chosen by fewer than surveys.anonymity.MIN_GROUP (5) would point at its few members, and
    'zeg ik liever niet' is no group. The ideas shown without a group must come from 0 or at least 5 people
    too, or an unnamed idea is as good as named (one support teacher among full groups): that is the survey's
    remainder rule, so its function decides.
    """
    named = {group: n for group, n in counts.items() if group != Group.NOT_SAYING}
    return visible_groups(named, sum(counts.values()))


def name_groups(ideas: Iterable[Idea], shown: set[str]) -> list[Idea]:
    """The ideas, each with `shown_group`: the name of its group where that may be shown, else empty."""
    ideas = list(ideas)
    for idea in ideas:
        idea.shown_group = idea.get_group_display() if idea.group in shown else ""
    return ideas


@dataclass
class BottleneckPriority:
    bottleneck: Bottleneck
    votes: int = 0
    ideas: list[Idea] = field(default_factory=list)


def priority(bottlenecks: list[Bottleneck], ranked_ideas: list[Idea]) -> list[BottleneckPriority]:
    """Bottlenecks by the votes their ideas got (ties keep the top-five order), each with its ideas, most votes first.

    `ranked_ideas` carry a `vote_count` and come most votes first (Brainstorm.ranked_ideas()).
    """
    rows = {b.pk: BottleneckPriority(b) for b in bottlenecks}
    for idea in ranked_ideas:
        row = rows.get(idea.bottleneck_id)
        if row is not None:
            row.ideas.append(idea)
            row.votes += idea.vote_count
    order = {b.pk: index for index, b in enumerate(bottlenecks)}
    return sorted(rows.values(), key=lambda row: (-row.votes, order[row.bottleneck.pk]))


def starting_answers(session: Brainstorm) -> list[OpenAnswer]:
    """The answers to "Wat zou jouw werkdruk het meest verlichten?" of the cycle's voormeting that may be
    read (closed, from 5 writers, not hidden: surveys.open_answers), in random order."""
    wave = Wave.objects.filter(cycle=session.cycle_id, kind=WaveKind.VOORMETING).select_related("cycle").first()
    return open_answers.visible_answers(wave, STARTING_QUESTION) if wave else []


@transaction.atomic
def take_starting_ideas(session: Brainstorm, chosen: Mapping[int, int]) -> int:
    """Add the chosen answers as ideas, {open answer id: bottleneck id}, each under a bottleneck of the top
    five and without a group or participant: nobody's idea, everyone's starting point. All or nothing;
    an answer already among the ideas of that bottleneck is not added twice. Returns how many were added."""
    errors = []
    if session.is_closed:
        errors.append(_("Deze brainstorm is gesloten: er kunnen geen ideeën meer bij."))
    answers = {answer.pk: answer for answer in starting_answers(session)}
    top = {bottleneck.pk: bottleneck for bottleneck in session.bottlenecks()}
    for answer_id, bottleneck_id in chosen.items():
        if answer_id not in answers:
            errors.append(_("Dit antwoord kan niet (meer) worden overgenomen; laad de pagina opnieuw."))
        elif bottleneck_id not in top:
            errors.append(_("Kies voor elk antwoord een knelpunt uit de top vijf, of ‘niet overnemen’."))
    if errors:
        raise StartingIdeasRefused(sorted(set(errors)))
    existing = set(session.ideas.values_list("bottleneck_id", "text"))
    ideas = []
    for answer_id, bottleneck_id in chosen.items():
        text = clean_idea(answers[answer_id].text)
        if text and (bottleneck_id, text) not in existing:
            existing.add((bottleneck_id, text))
            ideas.append(Idea(brainstorm=session, bottleneck=top[bottleneck_id], participant=None, group="", text=text))
    Idea.objects.bulk_create(ideas)
    return len(ideas)
