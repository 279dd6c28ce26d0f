"""Numbers that arrive as text: an id or a cycle number in an address (?cyclus=2) or in a posted field."""

# The largest value a BigAutoField (PostgreSQL bigint) holds: every id fits, so no bigger number is asked for.
BIGINT_MAX = 2**63 - 1


def positive_int(text: str | None, *, limit: int = BIGINT_MAX) -> int | None:
    """The whole number 1..limit written in `text` with the digits 0-9 only, or None for anything else.

    isascii because str.isdigit() also accepts digits such as '²' and '٣', which int() refuses or reads
    differently. The length is checked before int() so a posted text of thousands of digits is never
    converted (int() refuses more than 4,300 digits anyway, with an error instead of None).
    """
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(limit)):
        return None
    number = int(text)
    return number if 0 < number <= limit else None
