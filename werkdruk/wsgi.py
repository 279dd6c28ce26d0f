import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkdruk.settings")
application = get_wsgi_application()

# Django imports the URLconf, and with it every view and what they use (SciPy among them), on
# the first request. Gunicorn loads this module once before it forks (preload_app), so doing it
# here spares each new worker — after a deploy, and each time one is recycled — a first request
# of two to three seconds.
get_resolver().url_patterns  # noqa: B018
