"""Limits on guessing: failed log-ins per account, wrong codes per device.

Counts live in the Django cache (Redis in production, shared by every web process;
local memory embedded). They are keyed by what is being guessed at, never by the IP
address alone: a whole school of 300 teachers reaches us from one address.

`Throttle` counts in a sliding window of two fixed buckets (the current one, and the
previous one weighted by how much of it still falls inside the window), so a burst
straddling a bucket boundary cannot double the limit, and it costs one INCR and one
GET_MANY per event.

Log-in: `LOGIN` allows at most 100 failures per account per hour. The account is found
by user name or e-mail address, so both spellings share one count; its password hash is
part of the key, so choosing a new password through "Wachtwoord vergeten" lifts the lock.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
T = TypeVar("T")

LOCKED_MESSAGE = _(
    "Te veel mislukte pogingen voor dit account. Probeer het over een uur opnieuw "
    "of kies ‘Wachtwoord vergeten’."
)


# After a failure the cache is left alone this long, so each request waits for it at most once.
CACHE_RETRY_AFTER = 30.0
_cache_down_until = 0.0


def _cached(call: Callable[[], T], default: T) -> T:
    """Fail open: with the cache (Redis) away, log-in and codes keep working, unthrottled, and it is logged.

    Locking everybody out of a school on its study day would do more harm than a short window in
    which guesses are not counted; the accounts' passwords and the codes' length still hold.
    """
    global _cache_down_until
    if time.monotonic() < _cache_down_until:
        return default
    try:
        return call()
    except RedisError as error:
        _cache_down_until = time.monotonic() + CACHE_RETRY_AFTER
        logger.warning("Cache niet bereikbaar; pogingen worden %d s niet geteld: %s", CACHE_RETRY_AFTER, error)
        return default


class Throttle:
    """At most `limit` events per `window` seconds for one key (an account, a device, a code)."""

    def __init__(self, name: str, limit: int, window: int) -> None:
        self.name = name
        self.limit = limit
        self.window = window

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one event (a failed attempt); True when the key is now blocked."""
        now = time.time() if now is None else now
        bucket_key = self._bucket_key(key, self._bucket(now))
        _cached(lambda: self._count_one(bucket_key), None)
        return self.blocked(key, now)

    def _count_one(self, bucket_key: str) -> None:
        # Two windows of life: the bucket still weighs in while it is the previous one.
        cache.add(bucket_key, 0, timeout=2 * self.window)
        try:
            cache.incr(bucket_key)
        except ValueError:  # expired between add and incr
            cache.set(bucket_key, 1, timeout=2 * self.window)

    def blocked(self, key: str, now: float | None = None) -> bool:
        return self.count(key, now) >= self.limit

    def count(self, key: str, now: float | None = None) -> int:
        now = time.time() if now is None else now
        bucket = self._bucket(now)
        current_key, previous_key = self._bucket_key(key, bucket), self._bucket_key(key, bucket - 1)
        counts = _cached(lambda: cache.get_many([current_key, previous_key]), {})
        elapsed = (now % self.window) / self.window
        # Rounded up: the estimate may err towards blocking, never towards letting more through.
        return counts.get(current_key, 0) + math.ceil(counts.get(previous_key, 0) * (1 - elapsed))

    def clear(self, key: str, now: float | None = None) -> None:
        now = time.time() if now is None else now
        bucket = self._bucket(now)
        _cached(lambda: cache.delete_many([self._bucket_key(key, bucket), self._bucket_key(key, bucket - 1)]), None)

    def _bucket(self, now: float) -> int:
        return int(now // self.window)

    def _bucket_key(self, key: str, bucket: int) -> str:
        # Hashed with the secret key: the cache never holds a user name, token or code. (Changing the hash
        # only starts the counts afresh, and they cover the last hour or so.)
        digest = salted_hmac(f"werkdruk.throttle.{self.name}", key, algorithm="sha256").hexdigest()[:32]
        return f"throttle:{self.name}:{digest}:{bucket}"


LOGIN = Throttle("login", limit=100, window=60 * 60)
# The public "Aanmelden" page: boards sign up rarely, so a cap on all requests together keeps a script
# from filling the operator's list, without counting by IP address.
ACCESS_REQUESTS = Throttle("access-request", limit=50, window=24 * 60 * 60)
ACCESS_REQUESTS_KEY = "all"


def account_key(login: str) -> str:
    """The throttle key of the account someone tries to log in to, by user name or e-mail address."""
    normalised = login.strip().casefold()
    user = (
        get_user_model().objects.filter(Q(username__iexact=normalised) | Q(email__iexact=normalised))
        .order_by("pk").only("pk", "password").first()
    )
    if user is None:
        return f"name:{normalised}"
    return f"user:{user.pk}:{user.password}"


def login_blocked(login: str | None) -> bool:
    return bool(login) and LOGIN.blocked(account_key(login))


class CodeGuessing:
    """Wrong survey or brainstorm codes: counted per device (session) and, far more loosely, per address.

    The per-address limit is high because a whole school types codes from one address on the
    study day; it only stops a single machine trying codes by the thousand with fresh sessions.
    """

    GUESSING_MESSAGE = _("Te veel onbekende codes geprobeerd. Wacht een uur, of vraag de projectleider om hulp.")

    def __init__(self, name: str, per_device: int = 20, per_address: int = 1000, window: int = 60 * 60) -> None:
        self.device = Throttle(f"{name}-device", per_device, window)
        self.address = Throttle(f"{name}-address", per_address, window)

    @staticmethod
    def _device(request) -> str:
        if request.session.session_key is None:
            request.session.save()
        return request.session.session_key

    def blocked(self, request) -> bool:
        return self.device.blocked(self._device(request)) or self.address.blocked(request.META.get("REMOTE_ADDR", ""))

    def miss(self, request) -> None:
        self.device.hit(self._device(request))
        self.address.hit(request.META.get("REMOTE_ADDR", ""))


SURVEY_CODES = CodeGuessing("survey-code")
BRAINSTORM_CODES = CodeGuessing("brainstorm-code")
