"""The chart of every scale's difference with its 95% interval, the same SVG on the page and in the PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _

from surveys import charts

from .compare_cycles import WaveComparison
from .comparison import ScaleComparison


def difference_chart(comparison: WaveComparison, *, chart_id: str = "verschillen") -> str:
    """Rows by the instrument's scale groups, coloured by what the change means, not by its sign."""
    if comparison.withheld:
        return ""
    groups = [(group["label"], [_row(row) for row in group["rows"]]) for group in comparison.scale_groups()]
    return charts.difference_chart(
        groups,
        title=_(
            # xgettext:no-python-format
            "Verschil per schaal: nameting min voormeting, met 95%-interval"
        ),
        description=_(
            "Per schaal een punt bij het verschil tussen %(after)s en %(before)s, met een streep over het "
            "95%%-betrouwbaarheidsinterval. Groen: aantoonbaar verbeterd, rood: aantoonbaar verslechterd, "
            "grijs: geen aantoonbaar verschil. Bij sommige schalen is lager beter, zoals bij ervaren werkdruk."
        ) % {"before": comparison.baseline_label.lower(), "after": comparison.followup_label.lower()},
        legend={"better": _("aantoonbaar verbeterd"), "worse": _("aantoonbaar verslechterd"),
                "none": _("geen aantoonbaar verschil")},
        axis_label=_("verschil in punten op de schaal van 1 tot 5"),
        chart_id=chart_id,
    )


def _row(row: ScaleComparison) -> dict:
    if not row.significant:
        meaning = "none"
    else:
        meaning = "better" if row.improved else "worse"
    return {
        "label": row.label, "diff": row.diff, "ci_low": row.ci_low, "ci_high": row.ci_high, "meaning": meaning,
        "note": _("hoger is beter") if row.higher_is == "better" else _("lager is beter"),
    }
