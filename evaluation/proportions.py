"""A share with its uncertainty: the Wilson interval, for the answers per measure.

Wilson rather than "p ± 1,96·SE": it stays within 0–100% and keeps its 95% for the 5 to 30 answers a
school has, where the simple interval is far too narrow (and is nothing at all for 0 of 6).
"""

from __future__ import annotations

import math

from scipy import stats


def wilson_interval(count: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of count / n, as shares from 0 to 1."""
    if n <= 0 or not 0 <= count <= n:
        raise ValueError("a share needs 0 <= count <= n and n > 0")
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    share = count / n
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    margin = z / (1 + z * z / n) * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return max(0.0, centre - margin), min(1.0, centre + margin)
