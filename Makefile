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

typecheck: $(STAMP)
	$(BIN)/mypy

# What CI runs before the tests: ruff, mypy, and the layer contract (which imports what).
check: lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/unit/test_layers.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.bench_queue
	$(BIN)/python -m benchmarks.bench_cases
	$(BIN)/python -m benchmarks.bench_startup
	$(BIN)/python -m benchmarks.bench_export

clean:
	rm -rf $(VENV) build dist *.egg-info
