"""Numbers as a Dutch report prints them: decimal comma, a sign on differences, "–" for nothing;
and a comparison row in words."""

from django import template

from evaluation import summary
from surveys.formatting import dutch_decimal

register = template.Library()

MISSING = "–"


@register.filter
def nl(value, decimals: int = 1) -> str:
    """3.456|nl:2 → "3,46"."""
    if value is None or value == "":
        return MISSING
    return dutch_decimal(float(value), int(decimals))


@register.filter
def pct(value, decimals: int = 0) -> str:
    """57.14|pct → "57%"."""
    return MISSING if value is None else f"{nl(value, decimals)}%"


@register.filter
def signed(value, decimals: int = 2) -> str:
    """A difference: 0.31|signed → "+0,31", −0.2 → "−0,20"."""
    if value is None:
        return MISSING
    text = dutch_decimal(float(value), int(decimals))
    if text.startswith("-"):
        return "−" + text[1:]
    return text if float(text.replace(",", ".")) == 0 else "+" + text


@register.filter
def pvalue(value) -> str:
    """p and q as researchers print them: three decimals, and "< 0,001" below that."""
    if value is None:
        return MISSING
    return f"< {dutch_decimal(0.001, 3)}" if value < 0.001 else dutch_decimal(value, 3)


@register.filter
def reading(row) -> str:
    """What a comparison row says, in the words of `evaluation.summary` ("aantoonbaar verbeterd")."""
    return summary.reading(row)


@register.filter
def detectable(row) -> str:
    return summary.detectable(row)


@register.filter
def of(mapping, key):
    """`{{ rows|of:row.code }}`: the mapping's entry for the key, or None."""
    return mapping.get(key) if mapping else None


@register.filter
def verdict_class(row) -> str:
    """The row's class in a detail table: marked when the difference is demonstrable."""
    if not row.significant:
        return ""
    return "row--better" if row.improved else "row--worse"
