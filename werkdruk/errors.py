"""Error pages. A database connection lost halfway a request gets a page asking to try again.

PostgreSQL restarting or failing over ends every open connection. A request caught in the
middle rolls back (each change is one transaction), so nothing half is stored; the next request
connects again (CONN_HEALTH_CHECKS). The person only has to press the button once more: a
teacher's answers are in the draft, which stays until a submission has been stored.
"""

import sys

from django.contrib.sessions.exceptions import SessionInterrupted
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

TRY_AGAIN_STATUS = 503


def server_error(request) -> HttpResponse:
    """handler500: a lost database connection gets the "probeer het opnieuw" page."""
    if _lost_database(sys.exc_info()[1]):
        return try_again()
    return defaults.server_error(request)


def bad_request(request, exception) -> HttpResponse:
    """handler400: the session could not be saved because the connection was lost (Django calls that
    "session deleted before the request completed"): also a "probeer het opnieuw"."""
    if isinstance(exception, SessionInterrupted) and _lost_database(exception):
        return try_again()
    return defaults.bad_request(request, exception)


def try_again() -> HttpResponse:
    """Status 503 and a Dutch page, rendered without the request's context as Django's own 500 page
    is: the context processors would reach for the database (the user, the session) that just failed."""
    response = HttpResponse(loader.render_to_string("try_again.html"), status=TRY_AGAIN_STATUS)
    response["Retry-After"] = "5"
    return response


def _lost_database(error: BaseException | None) -> bool:
    """Whether the error is, or was raised while handling, a lost database connection."""
    for _depth in range(10):  # a chain is short; the bound only guards against a cycle
        if error is None:
            return False
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False
