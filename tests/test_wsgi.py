"""The web process gunicorn forks from holds every view already: no teacher waits for the imports."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_loading_the_wsgi_application_imports_the_urlconf_and_its_views():
    probe = "import sys, werkdruk.wsgi; print('surveys.views_answer' in sys.modules, 'evaluation.views' in sys.modules)"
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "werkdruk.settings"}
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True).stdout.split()

    assert loaded == ["True", "True"]
