"""The survey: instrument versions, waves, invitations, drafts and anonymous responses.

One module per part, each imported here by name so that `from surveys.models import Wave`
finds every model of the app (and Django its migrations).
"""

from .instrument import EnergyAnswer, HigherIs, InstrumentVersion, Item, ItemKind, Scale
from .responses import (
    OPEN_ANSWER_MAX_LENGTH,
    Answer,
    Department,
    ExtraAnswer,
    MeasureEffect,
    OpenAnswer,
    Response,
    WaveQuestion,
)
from .retention import WaveAggregate
from .tallies import TalliedWave, WaveTally
from .waves import (
    CODE_ALPHABET,
    CODE_LENGTH,
    Draft,
    Invitation,
    InvitationQuerySet,
    Wave,
    WaveKind,
    WaveQuerySet,
    hash_token,
)

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "Answer",
    "Department",
    "Draft",
    "EnergyAnswer",
    "ExtraAnswer",
    "HigherIs",
    "InstrumentVersion",
    "Invitation",
    "InvitationQuerySet",
    "Item",
    "ItemKind",
    "MeasureEffect",
    "OPEN_ANSWER_MAX_LENGTH",
    "OpenAnswer",
    "Response",
    "Scale",
    "TalliedWave",
    "Wave",
    "WaveAggregate",
    "WaveKind",
    "WaveQuerySet",
    "WaveQuestion",
    "WaveTally",
    "hash_token",
]
