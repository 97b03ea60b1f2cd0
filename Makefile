PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/collector-sim

test: $(DEV_STAMP)
	$(BIN)/ruff format --check simulator tests benchmarks
	$(BIN)/ruff check simulator tests benchmarks
	$(BIN)/collector-sim validate --strict scenarios
	$(BIN)/collector-sim test scenarios --min-coverage 0.8
	$(BIN)/python -m pytest -q

format: $(DEV_STAMP)
	$(BIN)/ruff format simulator tests benchmarks
	$(BIN)/ruff check --fix simulator tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
