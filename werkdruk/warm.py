"""What a web process does once before it forks, instead of on a teacher's first request.

Django imports the URLconf, and with it every view and what they use (SciPy among them), on the
first request; each template is compiled on its first use, each language's catalogue read on its
first activation. On a new worker that made the first survey link opened 2.2 s. Nothing here
touches the database: a connection opened before the fork would be shared by every worker.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation

# The pages a teacher answers on: the ones whose first request a teacher would wait for.
SURVEY_TEMPLATES = "surveys"


def warm_up() -> None:
    get_resolver().url_patterns  # noqa: B018 (evaluated for the imports)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Volgende")
    templates = Path(settings.BASE_DIR) / "templates"
    for path in sorted((templates / SURVEY_TEMPLATES).glob("*.html")):
        get_template(f"{SURVEY_TEMPLATES}/{path.name}")
