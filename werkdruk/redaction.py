"""Survey links kept out of every log line.

The personal survey link is `/v/<token>/` (`surveys:enter`); a slip's code may travel the same
way. Whoever reads a token in a log could tie the anonymous answers to the person the link was
sent to. The answering view gives that path no 4xx, so Django has nothing to report about it:
this is the second line. The loggers that write a path (`django.request`, `django.security.csrf`,
`django.server`, see LOGGING in settings, and gunicorn's in gunicorn.conf.py) blank whatever
follows `/v/`.
"""

import logging
import re

# Whatever the URL pattern <str:token> would take: everything up to the next slash. Also stops at
# what ends a path inside a log line (a space, a quote, a query string). The resolver quotes the
# path without its leading slash ("'path': 'v/…/'"), so "v/" counts at the start of a word too.
SURVEY_LINK = re.compile(r"(?<![^/\s'\"(=])v/[^/\s?#'\"]+")
REDACTED = "v/[token]"
# An activation or password link (/account-activeren/<uid>/<token>/, /wachtwoord-kiezen/…) lets whoever
# reads it choose the account's password until it is used: its token reaches no log line either.
ACCOUNT_LINK = re.compile(r"((?:account-activeren|wachtwoord-kiezen)/[^/\s?#'\"]+/)(?!set-password/)[^/\s?#'\"]+")


def redact_survey_links(text: str) -> str:
    return ACCOUNT_LINK.sub(r"\1[token]", SURVEY_LINK.sub(REDACTED, text))


class RedactSurveyLinks(logging.Filter):
    """Blanks survey tokens in a record's message, its traceback and the request attached to it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            # A broken format is reported by the handler with msg and args: scrub those instead.
            message = f"{record.msg} {record.args!r}"
        redacted = redact_survey_links(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        # django.request and django.security.csrf attach the request, whose repr and path hold the
        # token; a handler that reports the request (the admins' e-mail) then reports none.
        request = getattr(record, "request", None)
        path = str(getattr(request, "path", ""))
        if request is not None and (SURVEY_LINK.search(path) or ACCOUNT_LINK.search(path)):
            record.request = None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text once it is set, so the traceback is written redacted.
            record.exc_text = redact_survey_links(logging.Formatter().formatException(record.exc_info))
        return True
