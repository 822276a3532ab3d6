# The two commands: `make run` and `make test`. Both create .venv when it is missing or when
# pyproject.toml changed, then install the project into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast lint typecheck check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/counter-tui $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check counter_tui tests benchmarks
	$(BIN)/ruff format --check counter_tui tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# What CI runs before the tests: ruff, mypy, and the layer contract (which imports what).
check: lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit/test_layers.py

# About 10 minutes on a 2-core machine: the --quick sizes. Each benchmark takes its full size without --quick.
# bench_export runs at the issue's sizes (a busy day's bundle; a year of 1,000,000 tickets against the sqlite3
# shell): about 6 minutes more.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_queue --historical 200000 --days 200 --rounds 150 --variants
	$(BIN)/python -m benchmarks.bench_cases --historical 200000 --cases 60000 --days 200 --rounds 100
	$(BIN)/python -m benchmarks.bench_startup --runs 5
	$(BIN)/python -m benchmarks.bench_cli --quick
	$(BIN)/python -m benchmarks.bench_counter_day --quick
	$(BIN)/python -m benchmarks.bench_office_host --quick
	$(BIN)/python -m benchmarks.bench_export

clean:
	rm -rf $(VENV) build dist *.egg-info
