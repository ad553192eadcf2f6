# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
# `make run` serves where TRACKER_HOST and TRACKER_PORT say (127.0.0.1:5000 when unset),
# like every `tracker serve`; SCHEDULER=0 serves without background ingestion.
SCHEDULER ?= 1

.PHONY: install install-test run migrate ingest serve test test-deps lint bench eval model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the package metadata changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/tracker db upgrade

ingest: migrate
	$(BIN)/tracker ingest --seeds seeds || echo "some seed files could not be ingested (see above); serving the rest"

run: ingest
	$(BIN)/tracker serve $(if $(filter 0 no off false,$(SCHEDULER)),--no-scheduler)

# Checks types and lint, installs PostgreSQL and Chromium from Debian when missing, then runs
# the whole suite against SQLite, a throwaway PostgreSQL server and headless Chromium.
test: install-test lint test-deps
	TRACKER_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

# mypy (strict for tracker/store and tracker/ingest; see pyproject.toml) and ruff over the
# package, the tests and the benchmarks: any error fails `make test`, and so CI.
lint: install-test
	$(BIN)/mypy
	$(BIN)/ruff check tracker tests bench

test-deps:
	scripts/ensure-test-deps.sh

bench: install-test test-deps
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/load.py

# One table of every gold set (dev and check), scores only.
eval: install
	$(BIN)/tracker eval --suite $(SHARED) $(EVAL_ARGS)

# Trains the dependency parser shipped in tracker/extract/parser/ (slow; never part of run or test).
model: install
	$(BIN)/python model/train.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
