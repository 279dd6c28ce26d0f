"""What a closed team consultation shows, by the survey's rule (docs/privacy.md): nothing while it is open;
the counts for and against for the whole team only when at least MIN_GROUP responded (never per department,
so no subset can be subtracted); remarks only when at least MIN_GROUP wrote one, shuffled, without time."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from projects.anonymity import MIN_GROUP


@dataclass(frozen=True)
class Outcome:
    responded: int
    open: bool
    supports: int | None = None  # None: withheld
    against: int | None = None
    remarks: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.supports is not None


def outcome(votes: list[tuple[bool, str]], *, is_open: bool, rng: random.Random | None = None) -> Outcome:
    """From plain (supports, remark) pairs: what anyone may see of the consultation."""
    responded = len(votes)
    if is_open or responded < MIN_GROUP:
        return Outcome(responded=responded, open=is_open)
    remarks = [remark for _supports, remark in votes if remark.strip()]
    if len(remarks) >= MIN_GROUP:
        (rng or random.SystemRandom()).shuffle(remarks)
    else:
        remarks = []
    supports = sum(1 for vote, _remark in votes if vote)
    return Outcome(responded=responded, open=False, supports=supports, against=responded - supports,
                   remarks=remarks)
