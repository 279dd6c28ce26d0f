# Werkdruk — everyday commands. `make run` for a local demo, `make test` for the whole suite.

VENV   := .venv
PYTHON := $(VENV)/bin/python
# Stamp file: pip only runs again when the project or the pinned versions change.
STAMP  := $(VENV)/.installed

# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k survey -x"`.
PYTEST_ARGS ?=

.PHONY: install run test lint messages

install: $(STAMP) compiled-messages

# python3 is the one pyenv selects through .python-version.
$(PYTHON):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(PYTHON)
	$(PYTHON) -m pip install -c constraints.txt -e '.[test]'
	touch $@

# The catalogues in locale/ compiled to .mo files (not committed); again whenever a .po file changes.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
.PHONY: compiled-messages
compiled-messages: $(MO_FILES)

locale/%.mo: locale/%.po | $(STAMP)
	DEBUG=1 $(PYTHON) manage.py compilemessages --ignore '.venv' --ignore 'tests' > /dev/null

# After adding or changing Dutch texts: collect every msgid into the English catalogue, then translate
# what `make untranslated` lists (docs/translation.md). Never edits the Dutch source texts.
MESSAGES_IGNORE := --ignore 'tests' --ignore 'benchmarks' --ignore 'static' --ignore 'staticfiles' \
	--ignore 'media' --ignore 'test-output' --ignore '*.egg-info'
messages: $(STAMP)
	DEBUG=1 $(PYTHON) manage.py makemessages -l en --no-obsolete --no-wrap --add-location file $(MESSAGES_IGNORE)

run: $(STAMP) compiled-messages
	DEBUG=1 $(PYTHON) manage.py migrate
	DEBUG=1 $(PYTHON) manage.py load_demo
	DEBUG=1 $(PYTHON) manage.py runserver 127.0.0.1:8000

# Ruff with the rules in pyproject.toml ([tool.ruff]); CI runs the same check (.ci/run).
lint: install
	$(VENV)/bin/ruff check .

# Two test processes, one per core; a file's tests stay together in one process.
test: $(STAMP) compiled-messages
	$(PYTHON) -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# Benchmarks at national scale (issue 8) on a production-like stack: PostgreSQL, Redis, gunicorn,
# a Celery worker. `make bench QUICK=1` runs the same with small data in under two minutes.
QUICK ?=
.PHONY: bench
bench: $(STAMP)
	QUICK=$(QUICK) $(PYTHON) -m benchmarks
