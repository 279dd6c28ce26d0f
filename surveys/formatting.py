"""Numbers and words as a Dutch report prints them, also where Django is not set up.

Used by the survey's results and charts, and by step 5's comparison (evaluation/comparison.py).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.utils.translation import get_language, gettext


def translate(message: str) -> str:
    """gettext at call time, or the Dutch source text itself where Django is not set up.

    The analysis runs in plain Python too (pure tests, notebooks, the Celery worker before
    setup), and a Dutch reading is better there than an ImproperlyConfigured.
    """
    try:
        return gettext(message)
    except (ImproperlyConfigured, AppRegistryNotReady):
        return message


def dutch_decimal(value: float, decimals: int = 1) -> str:
    """`0.4249` → "0,42" (decimals=2): the decimal comma of Dutch reports; a page or report in English
    gets its decimal point ("0.42").

    Halves round up as on paper (6,25 → 6,3), not to even as Python's round() does.
    """
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,0"
    return f"{rounded:f}".replace(".", "." if _in_english() else ",")


def _in_english() -> bool:
    try:
        return (get_language() or "").startswith("en")
    except (ImproperlyConfigured, AppRegistryNotReady):
        return False
