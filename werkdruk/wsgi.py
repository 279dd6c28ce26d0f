import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkdruk.settings")
application = get_wsgi_application()

# Gunicorn loads this module once before it forks (preload_app), so what is done here each new
# worker inherits — after a deploy, and each time one is recycled (max_requests).
from werkdruk.warm import warm_up  # noqa: E402 (after Django is set up)

warm_up()
