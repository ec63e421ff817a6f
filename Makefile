# BNM Formation — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=
# Test processes (pytest-xdist); `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install demo serve test test-browser check lint format messages bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock package.json package-lock.json
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(STAMP)

install: $(STAMP) ## Idempotent set-up: .venv, Python and npm packages, compiled messages
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0
	$(MANAGE) collectstatic --noinput -v0

demo: install ## Install, migrate, seed the demo data, serve on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test: install ## Install, then run the whole test suite
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-browser: install ## Only the browser tests (headless Chromium)
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m browser $(PYTEST_ARGS)

lint: install ## ruff (format check and lint), import-linter, migrations check, translations
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(MANAGE) makemigrations --check --dry-run
	$(PY) scripts/check_translations.py

check: lint test ## Every check, then the tests

format: install ## Format the code and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: install ## Refresh the French catalogues (then translate the new strings)
	$(MANAGE) makemessages -l fr --no-wrap --no-obsolete -i node_modules -i staticfiles -i media

bench: install ## Benchmarks, each against a baseline measured in the same run
	$(PY) -m bench

clean: ## Remove the virtualenv, node modules, collected static files and the SQLite demo base
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
