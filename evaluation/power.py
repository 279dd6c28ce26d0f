"""The smallest difference a school's comparison would detect, for the test and α it actually uses.

Two tests decide the comparison (`evaluation.comparison`): Welch's t-test for a scale and Fisher's
exact test for the taker share of an energy theme, each at the α its family asks for (α = 0.05 / m,
`evaluation.families`). "Detect" means: found with 80% power. Both answers are worked out once per
distinct input and kept (Welch's noncentralities in a dict filled in batches, Fisher's tables in
lru_caches), so a page or report that compares the same waves again pays nothing, and the first
comparison of a school stays well within its budget of 100 ms.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import special, stats

POWER = 0.80
# Fisher's two-sided p sums every table at most as likely as the one observed; "at most" with the
# relative tolerance scipy.stats.fisher_exact uses, so ties of floating-point probabilities count alike.
_FISHER_TIE = 1 + 1e-14
_SHARE_STEP = 0.005  # the grid (of shares, 0–1) on which the detectable change of a share is searched


# --- Welch's t-test ------------------------------------------------------------------------


WelchGroups = tuple[int, float, int, float, float]  # n before, SD before, n after, SD after, α

# (df, α) -> the noncentrality found with 80% power; filled in batches, emptied when it grows too big.
_noncentralities: dict[tuple[float, float], float] = {}
_KEPT = 65536


def welch_detectable_difference(n_before: int, sd_before: float, n_after: int, sd_after: float,
                                alpha: float) -> float:
    """The true difference of means (scale points) that Welch's test at `alpha` (two-sided) finds
    with 80% power, taking the observed SDs as the true ones.

    Power from the noncentral t distribution with the Welch–Satterthwaite df: the statistic is
    t' ~ nct(df, δ / SE) with SE = √(s₁²/n₁ + s₂²/n₂). 0 when neither wave has any spread: then
    every difference is certain and there is nothing to detect.
    """
    return welch_detectable_differences([(n_before, sd_before, n_after, sd_after, alpha)])[0]


def welch_detectable_differences(rows: list[WelchGroups]) -> list[float]:
    """welch_detectable_difference of many scales at once: the noncentralities still unknown are
    searched together, a handful of vectorised scipy calls for the whole comparison."""
    errors, keys = [], []
    for n_before, sd_before, n_after, sd_after, alpha in rows:
        variance_before, variance_after = sd_before**2 / n_before, sd_after**2 / n_after
        standard_error = math.sqrt(variance_before + variance_after)
        errors.append(standard_error)
        if standard_error == 0:
            keys.append(None)
            continue
        df = (variance_before + variance_after) ** 2 / (
            variance_before**2 / (n_before - 1) + variance_after**2 / (n_after - 1)
        )
        keys.append((df, alpha))
    missing = sorted({key for key in keys if key is not None and key not in _noncentralities})
    if missing:
        if len(_noncentralities) > _KEPT:
            _noncentralities.clear()
        _noncentralities.update(zip(missing, _search_noncentralities(missing), strict=True))
    return [0.0 if key is None else error * _noncentralities[key] for error, key in zip(errors, keys, strict=True)]


def _search_noncentralities(keys: list[tuple[float, float]]) -> list[float]:
    """Per (df, α), the noncentrality at which P(|t'| > t_crit) = 80%, t' ~ nct(df, noncentrality).

    The far tail P(t' < −t_crit) is left out: at the noncentralities that give 80% (2.8 and more) it
    is below 1e-5, and it is nan in scipy where it underflows. Searched on three grids of nine
    between a bracket, each one scipy call for all keys at once, then interpolated.
    """
    df = np.array([key[0] for key in keys])
    alpha = np.array([key[1] for key in keys])
    critical_t = stats.t.ppf(1 - alpha / 2, df)
    # t quantiles in place of normal ones give the noncentrality within a few per cent.
    guess = critical_t + stats.t.ppf(POWER, df)
    low, high = 0.8 * guess, 1.25 * guess
    for _widening in range(20):
        too_low = stats.nct.sf(critical_t, df, high) < POWER
        too_high = stats.nct.sf(critical_t, df, low) >= POWER
        if not (too_low.any() or too_high.any()):
            break
        low, high = np.where(too_low, high, np.where(too_high, low / 2, low)), np.where(
            too_low, 2 * high, np.where(too_high, low, high))
    rows = np.arange(len(keys))
    for _round in range(3):
        grid = low[:, None] + (high - low)[:, None] * np.linspace(0, 1, 9)[None, :]
        power = stats.nct.sf(critical_t[:, None], df[:, None], grid)
        above = np.maximum(1, np.argmax(power >= POWER, axis=1))  # power rises with the noncentrality
        low, high = grid[rows, above - 1], grid[rows, above]
        power_low, power_high = power[rows, above - 1], power[rows, above]
    return (low + (POWER - power_low) / (power_high - power_low) * (high - low)).tolist()


# --- Fisher's exact test ---------------------------------------------------------------------


def fisher_p(takers_before: int, n_before: int, takers_after: int, n_after: int) -> float:
    """Fisher's two-sided exact p of takers against the others, as scipy.stats.fisher_exact gives it, from
    the table of every p of these group sizes (kept: the detectable change needs it anyway)."""
    return float(_fisher_p_values(n_before, n_after)[takers_before, takers_after])


def fisher_power(takers_share_before: float, takers_share_after: float, n_before: int, n_after: int,
                 alpha: float) -> float:
    """The exact probability that Fisher's two-sided test at `alpha` finds a difference, when the true
    taker shares are these: every pair of taker counts, weighted by its binomial probability."""
    rejected = _fisher_rejects(n_before, n_after, alpha)
    return float(_binomial(n_before, takers_share_before) @ rejected @ _binomial(n_after, takers_share_after))


def fisher_detectable_change(takers_before: int, n_before: int, n_after: int, alpha: float) -> float | None:
    """The smallest change of the taker share (percentage points) that Fisher's test at `alpha` finds
    with 80% power, from the voormeting's share, up or down, whichever is smaller. None when not even
    a change to 0% or 100% would be found four times in five."""
    return _fisher_detectable_change(takers_before, n_before, n_after, alpha)


@functools.lru_cache(maxsize=4096)
def _fisher_detectable_change(takers_before: int, n_before: int, n_after: int, alpha: float) -> float | None:
    share = takers_before / n_before
    rejected = _fisher_rejects(n_before, n_after, alpha)
    weight_before = _binomial(n_before, share) @ rejected
    changes = np.arange(_SHARE_STEP, 1 + _SHARE_STEP / 2, _SHARE_STEP)
    found = []
    for direction in (-1, 1):
        shares = share + direction * changes
        shares = shares[(shares >= 0) & (shares <= 1)]
        if shares.size == 0:
            continue
        power = weight_before @ _binomial(n_after, shares)
        enough = np.flatnonzero(power >= POWER)
        if enough.size == 0:
            continue
        first = enough[0]
        found.append(_refine(weight_before, n_after, share, direction, first * _SHARE_STEP, (first + 1) * _SHARE_STEP))
    return 100 * min(found) if found else None


def _refine(weight_before: np.ndarray, n_after: int, share: float, direction: int, short: float,
            enough: float) -> float:
    """Bisect the grid step in which the power first reaches 80%."""
    for _step in range(12):
        middle = (short + enough) / 2
        if weight_before @ _binomial(n_after, share + direction * middle) >= POWER:
            enough = middle
        else:
            short = middle
    return enough


@functools.lru_cache(maxsize=1024)
def _fisher_rejects(n_before: int, n_after: int, alpha: float) -> np.ndarray:
    """rejects[x, y]: 1.0 where Fisher's two-sided test rejects at `alpha` the table with x takers of
    n_before and y takers of n_after, else 0.0."""
    return (_fisher_p_values(n_before, n_after) <= alpha).astype(float)


@functools.lru_cache(maxsize=1024)
def _fisher_p_values(n_before: int, n_after: int) -> np.ndarray:
    """p[x, y] of Fisher's two-sided exact test for every table: given the column total x + y, x
    follows the hypergeometric distribution; p sums the tables at most as likely as the observed one."""
    x = np.arange(n_before + 1)[:, None]
    y = np.arange(n_after + 1)[None, :]
    # Each table's hypergeometric probability given its total x + y, all at once from log factorials.
    pmf = np.exp(_log_choose(n_before, x) + _log_choose(n_after, y) - _log_choose(n_before + n_after, x + y))
    p = np.ones_like(pmf)
    for takers_total in range(n_before + n_after + 1):
        rows = x[max(0, takers_total - n_after): min(n_before, takers_total) + 1, 0]
        cells = (rows, takers_total - rows)
        same_total = pmf[cells]
        ordered = np.sort(same_total)
        at_most = np.searchsorted(ordered, same_total * _FISHER_TIE, side="right")
        p[cells] = np.minimum(1.0, np.cumsum(ordered)[at_most - 1])
    return p


def _binomial(n: int, shares: float | np.ndarray) -> np.ndarray:
    """Binomial probabilities of 0…n: a vector for one share, a matrix (n + 1) × shares for several.
    The same as scipy.stats.binom.pmf, written out because the search evaluates thousands at once."""
    counts = np.arange(n + 1)
    shares = np.asarray(shares, dtype=float)
    grid = shares[None, :] if shares.ndim else shares
    column = counts[:, None] if shares.ndim else counts
    log_pmf = _log_choose(n, column) + special.xlogy(column, grid) + special.xlog1py(n - column, -grid)
    return np.exp(log_pmf)


def _log_choose(n: int, k: np.ndarray) -> np.ndarray:
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
