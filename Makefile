# Werkdruk — everyday commands. `make run` for a local demo, `make test` for the whole suite.

VENV   := .venv
PYTHON := $(VENV)/bin/python
# Stamp file: pip only runs again when the project or the pinned versions change.
STAMP  := $(VENV)/.installed

# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k survey -x"`.
PYTEST_ARGS ?=

.PHONY: install run test lint

# The catalogues in locale/ (Dutch for Django's own strings that Django ships untranslated).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MESSAGES := locale/.compiled

install: $(STAMP) $(MESSAGES)

# python3 is the one pyenv selects through .python-version.
$(PYTHON):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(PYTHON)
	$(PYTHON) -m pip install -c constraints.txt -e '.[test]'
	touch $@

# compilemessages needs gettext's msgfmt (Debian: apt-get install gettext).
$(MESSAGES): $(PO_FILES) | $(STAMP)
	DEBUG=1 $(PYTHON) manage.py compilemessages --ignore '.*'
	touch $@

run: install
	DEBUG=1 $(PYTHON) manage.py migrate
	DEBUG=1 $(PYTHON) manage.py load_demo
	DEBUG=1 $(PYTHON) manage.py runserver 127.0.0.1:8000

# Ruff with the rules in pyproject.toml ([tool.ruff]); CI runs the same check (.ci/run).
lint: install
	$(VENV)/bin/ruff check .

# Two test processes, one per core; a file's tests stay together in one process.
test: install
	$(PYTHON) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# Benchmarks at national scale (issue 8) on a production-like stack: PostgreSQL, Redis, gunicorn,
# a Celery worker. `make bench QUICK=1` runs the same with small data in under two minutes.
QUICK ?=
.PHONY: bench
bench: $(STAMP)
	QUICK=$(QUICK) $(PYTHON) -m benchmarks
