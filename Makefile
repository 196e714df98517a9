# Gazette: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PORT

.DEFAULT_GOAL := help
.PHONY: help run test drill audit bench bench-import bench-moderation train-moderation install install-dev install-bench install-train browser-deps lint typecheck check pytest messages clean

help:
	@echo "make run    set everything up and serve the demo newsroom on http://127.0.0.1:$(PORT)/"
	@echo "make test   ruff, mypy, Django checks, migrations check, unit and browser tests"
	@echo "make drill  fault drills on the production stack (needs DATABASE_URL=postgres://..., REDIS_URL, nginx; root for the PostgreSQL restart)"
	@echo "make audit  pip-audit over requirements.lock"
	@echo "make bench  Gazette's comment server beside Isso and nginx on SQLite and PostgreSQL (wrk over loopback); live updates at 500 readers; the production stack: cached pages vs nginx, 10 minutes of mixed load"
	@echo "make bench-import      import a Disqus export of 10k and 100k comments beside Isso: comments/s, peak memory"
	@echo "make bench-moderation [FILE=path.csv]  toxicity scoring quality and speed beside alt-profanity-check"
	@echo "make train-moderation  retrain the bundled moderation models from ../shared/datasets"

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Gazette needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml requirements.lock
	$(PY) -m pip install --quiet -c requirements.lock -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-dev
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev,bench]'
	@touch $@

$(VENV)/.installed-train: $(VENV)/.installed-bench
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev,train]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench
install-train: $(VENV)/.installed-train

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py serve --port $(PORT)

browser-deps:
	@scripts/ensure-browser-deps

lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

typecheck: install-dev
	$(VENV)/bin/mypy .

check: install-dev
	GAZETTE_ENV=test $(PY) manage.py check --fail-level WARNING
	GAZETTE_ENV=test $(PY) manage.py makemigrations --check --dry-run

pytest: install-dev browser-deps
	$(PY) -m pytest

test: lint typecheck check pytest

drill: install-dev browser-deps
	$(PY) bench/drill.py

audit:
	scripts/audit

bench: install-dev
	$(PY) bench/run.py
	$(PY) bench/live.py
	$(PY) bench/production.py

bench-import: install-dev
	$(PY) bench/importer.py

bench-moderation: install-bench
	OMP_NUM_THREADS=1 FILE="$(FILE)" $(PY) bench/moderation.py

train-moderation: install-train
	HF_HUB_OFFLINE=1 $(PY) -m gazette.moderation.scoring.train --report
	$(PY) -m gazette.moderation.scoring.train_contextual

messages: install-dev
	cd gazette && ../$(PY) ../manage.py makemessages --locale es --no-obsolete --add-location file
	cd gazette && ../$(PY) ../manage.py compilemessages --locale es

clean:
	rm -rf $(VENV) node_modules artifacts .bench .mypy_cache .ruff_cache
