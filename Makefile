# Two commands on a fresh Debian machine (see README):
#   make run   – set up and serve the whole service on http://127.0.0.1:8000
#   make test  – set up and run every test (lint, unit, API, PDF, browser, Redis)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup setup-dev system system-runtime templates lint format bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

system-runtime:
	bash scripts/install-system-deps.sh --runtime
	bash scripts/install-unoserver.sh

system:
	bash scripts/install-system-deps.sh
	bash scripts/install-unoserver.sh
	bash scripts/install-browser.sh

setup: $(VENV)/.runtime system-runtime
setup-dev: $(VENV)/.dev system

run: setup
	$(BIN)/gunicorn wsgi:app

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

templates: $(VENV)/.runtime
	$(BIN)/python scripts/build_templates.py

bench: setup-dev
	$(BIN)/python bench/single.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) .venv-uno var test-artifacts .pytest_cache .ruff_cache
