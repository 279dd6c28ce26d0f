"""The hard figures of a cycle: absence before and after the approach, as the project leader entered them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from projects.models import Cycle

from .models import HardFigures, HardFiguresMoment


@dataclass(frozen=True)
class HardFiguresRow:
    label: str
    before: Decimal | None
    after: Decimal | None
    unit: str

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def hard_figures(cycle: Cycle) -> dict[str, HardFigures | None]:
    found = {figures.moment: figures for figures in HardFigures.objects.filter(cycle=cycle)}
    return {moment: found.get(moment) for moment in HardFiguresMoment.values}


def hard_figure_rows(cycle: Cycle) -> list[HardFiguresRow]:
    figures = hard_figures(cycle)
    before, after = figures[HardFiguresMoment.BEFORE], figures[HardFiguresMoment.AFTER]
    if before is None and after is None:
        return []
    return [
        HardFiguresRow(_("Verzuimpercentage"), getattr(before, "absence_pct", None),
                       getattr(after, "absence_pct", None), "%"),
        HardFiguresRow(_("Meldingsfrequentie"), getattr(before, "absence_frequency", None),
                       getattr(after, "absence_frequency", None), ""),
    ]
