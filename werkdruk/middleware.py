"""Sessions end after a while without use, and after 12 hours whatever happens.

Django renews a session's expiry each time the session is saved, so SESSION_COOKIE_AGE
alone is a sliding limit. This middleware makes both limits hold for every session
that carries data: a logged-in user's and a teacher's anonymous survey session alike.

Times are kept in whole minutes and written only when the minute changed, so an active
session is saved at most once a minute, not on every request.
"""

import time

from django.conf import settings
from django.contrib.auth.models import AnonymousUser

STARTED = "_werkdruk_started"  # minute the session was first seen
LAST_SEEN = "_werkdruk_seen"  # minute of the latest request


def _minute(now: float) -> int:
    return int(now // 60)


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            self._check(request, session)
        return self.get_response(request)

    def _check(self, request, session) -> None:
        now = _minute(time.time())
        idle_limit = settings.SESSION_IDLE_TIMEOUT // 60
        absolute_limit = settings.SESSION_COOKIE_AGE // 60
        started, last_seen = session.get(STARTED), session.get(LAST_SEEN)
        if started is not None and last_seen is not None and (
            now - last_seen >= idle_limit or now - started >= absolute_limit
        ):
            session.flush()
            request.user = AnonymousUser()
            return
        if started is None:
            session[STARTED] = now
        if last_seen != now:
            session[LAST_SEEN] = now
