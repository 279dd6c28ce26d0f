"""Werkdruk settings: one file, driven by the environment (12-factor).

Without any environment the app runs embedded: SQLite, Celery tasks run eagerly,
files on local disk, e-mail to the console. Production sets DATABASE_URL,
REDIS_URL, SECRET_KEY and ALLOWED_HOSTS.
"""

import os
import re
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_flag("DEBUG")
# pytest imports these settings itself; no extra environment needed for a test run.
TESTING = env_flag("WERKDRUK_TESTING") or "pytest" in sys.modules

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("SECRET_KEY is verplicht wanneer DEBUG uit staat.")
    SECRET_KEY = "onveilig-alleen-voor-ontwikkeling-" + "x" * 40

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "projects",
    "surveys",
    "actionplans",
    "evaluation",
    "spending",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After the session, before CommonMiddleware: the language comes from the cookie set_language writes
    # (a logged-in user's choice and a respondent's alike), else from Accept-Language, else Dutch.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Sessions end after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_COOKIE_AGE after they began.
    "werkdruk.middleware.SessionTimeoutMiddleware",
    "projects.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Innermost, so that a view's RespondWith becomes its response before any other middleware sees it.
    "projects.responses.RespondWithMiddleware",
    "projects.empty_school.NoProjectYetMiddleware",
]

ROOT_URLCONF = "werkdruk.urls"
WSGI_APPLICATION = "werkdruk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several web threads (and the eager Celery tasks) write to the same file.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# On PostgreSQL, measured with `make bench`: docs/benchmarks.md has the figures, docs/scaling.md the reasoning.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    # JIT compiling costs 100–200 ms on every aggregate big enough to trigger it and wins nothing
    # back on queries of this size; the pages' aggregates are planned and run without it.
    _db_options.setdefault("options", "-c jit=off")
    # One small pool per process (web worker or Celery worker) instead of a connection kept per
    # thread: no health-check query per request, and a connection returns as soon as a request ends.
    # Off in the test suite, whose test database is created and dropped underneath it.
    if env_flag("DATABASE_POOL", default=not TESTING):
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
        _db_options["pool"] = {
            "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "1")),
            # gunicorn's threads per worker: every thread can hold a connection at once.
            "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", os.environ.get("GUNICORN_THREADS", "4"))),
            "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
        }
# A read replica for the heavy reads of closed data (projects/replica.py): the primary's options
# without its pool (heavy reads are few; a pool would wait its timeout for a replica that is gone),
# a short connect timeout, so an unreachable replica costs seconds once, not every page.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **DATABASES["default"],
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60, conn_health_checks=True),
        "OPTIONS": {key: value for key, value in DATABASES["default"].get("OPTIONS", {}).items() if key != "pool"}
        | {"connect_timeout": 3},
        "TEST": {"MIRROR": "default"},
    }
# Seconds the replica may lag behind before its reads go to the primary.
DATABASE_REPLICA_MAX_LAG = float(os.environ.get("DATABASE_REPLICA_MAX_LAG", "30"))
DATABASE_ROUTERS = ["projects.replica.PrimaryRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if TESTING and REDIS_URL and os.environ.get("PYTEST_XDIST_WORKER"):
    # Parallel test workers each get a Redis database of their own: tests empty the cache and
    # run Celery workers, which must not see another test worker's keys or tasks.
    _worker = int(os.environ["PYTEST_XDIST_WORKER"].removeprefix("gw"))
    REDIS_URL = re.sub(r"/\d+$", "", REDIS_URL.rstrip("/")) + f"/{15 - _worker}"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "werkdruk",
            # redis-py waits about five seconds per call for a Redis that does not answer; the
            # throttles (the cache's only users) then fail open (projects/throttling.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: without Redis every task runs in the web process, right away.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# The test suite runs tasks eagerly on Redis too; tests of real workers switch it off for themselves.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL or TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Publishing must never hang a teacher's request when Redis is away.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1, "interval_start": 0, "interval_step": 0.5, "socket_timeout": 2, "socket_connect_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_TIMEZONE = "Europe/Amsterdam"
CELERY_BEAT_SCHEDULE = {
    "weekly-digest": {
        "task": "projects.tasks.send_weekly_digests", "schedule": crontab(day_of_week="monday", hour=7, minute=0),
    },
    "survey-reminders": {"task": "surveys.tasks.send_scheduled_reminders", "schedule": crontab(hour=7, minute=30)},
    "survey-stale-drafts": {"task": "surveys.tasks.delete_stale_drafts", "schedule": crontab(hour=3, minute=0)},
    "survey-retention": {"task": "surveys.tasks.delete_expired_answers", "schedule": crontab(hour=3, minute=30)},
    # Voormetingen that closed by their date: the benchmark pool's percentiles (evaluation/benchmark.py).
    "benchmark-pool": {"task": "evaluation.tasks.refresh_benchmark_pool", "schedule": crontab(hour=4, minute=0)},
}
# Raw survey answers are deleted this many days after their cycle closed; aggregates stay.
SURVEY_RETENTION_DAYS = int(os.environ.get("SURVEY_RETENTION_DAYS", "365"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = ["projects.auth.UsernameOrEmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects:my_schools"
LOGOUT_REDIRECT_URL = "login"
# Also how long the link in an invitation to a school works (projects/team.py: activation_path).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # activation links too: they expire after three days
# Two-factor log-in (projects/two_factor.py); off only while the test suite runs, whose tests that
# are about it turn it on.
WERKDRUK_TWO_FACTOR = env_flag("WERKDRUK_TWO_FACTOR", default=not TESTING)
OTP_TOTP_ISSUER = "Werkdruk"

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(2 * 60 * 60)))  # werkdruk/middleware.py
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
# The choice made with the header's language buttons (Django's set_language), on this device. It holds
# "nl" or "en" and nothing else: no account, invitation or answer (docs/privacy.md).
LANGUAGE_COOKIE_NAME = "werkdruk_taal"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["werkdruk.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded documents are served only through views that check access: no URL route serves MEDIA_URL.
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Development and tests run without collectstatic: WhiteNoise looks a file up when it is asked for,
# instead of reading STATIC_ROOT once at start (and warning that there is no such folder).
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

EMAIL_URL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    (
        "django.core.mail.backends.console.EmailBackend" if DEBUG or TESTING
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
MAILERS = {"default": {"BACKEND": EMAIL_URL_BACKEND}}
if EMAIL_URL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_flag("EMAIL_USE_TLS"),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Werkdruk <noreply@werkdruk.nl>")

# Security headers. A strict CSP: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Survey tokens travel in the path (/v/<token>/) and must reach no log line (werkdruk/redaction.py).
    # The loggers that write a path or attach the request blank them in the record itself, before any
    # handler sees it; the handlers blank them in whatever else they write.
    "filters": {
        "redact_survey_links": {"()": "werkdruk.redaction.RedactSurveyLinks"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_survey_links"]},
        # Django's own, with the filter: it mails the request and the traceback of a 500 once ADMINS is set.
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["require_debug_false", "redact_survey_links"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Instead of Django's defaults, whose console handler wrote every line a second time in DEBUG.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # 4xx and 5xx with the path ("Not Found: /v/…"), and CSRF refusals ("Forbidden (…): /v/…").
        "django.request": {"filters": ["redact_survey_links"]},
        "django.security.csrf": {"filters": ["redact_survey_links"]},
        # The dev server's request lines.
        "django.server": {"level": "WARNING" if TESTING else "INFO", "filters": ["redact_survey_links"]},
        # At DEBUG: a template variable that failed to resolve, with the exception of the page (a 404's holds the path).
        "django.template": {"filters": ["redact_survey_links"]},
        # WeasyPrint narrates every step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The module that wires the apps together (projects/wiring.py says why it is named here).
WERKDRUK_WIRING = "werkdruk.wegwijzer.WIRING"
