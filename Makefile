# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: setup run seed reports test lint bench schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## setup: virtual environment with rbb and its development tools
setup: $(STAMP)

## seed: create the database and import the embedded UNMIK reports
seed: setup
	$(BIN)/rbb db init
	$(BIN)/rbb seed

## reports: write every format of both UNMIK reports into out/
reports: seed
	-$(BIN)/rbb report -m UNMIK -p 2025/26 -k budget --format all -o out
	-$(BIN)/rbb report -m UNMIK -p 2021/22 -k performance --format all -o out

## run: set everything up, import the embedded data, write the reports to out/, serve the web app
run: reports
	@echo "reports written to out/"
	@echo "rbb is serving on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/rbb serve --host $(HOST) --port $(PORT)

## lint: ruff, mypy (strict on src/) and the layer contracts
lint: setup
	$(BIN)/ruff check src tests benches
	$(BIN)/mypy
	$(BIN)/lint-imports

## test: lint, then the whole suite (storage on SQLite and PostgreSQL, browser tests)
test: lint
	$(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

## bench: speed and memory benchmarks, written to benches/RESULTS.md
bench: setup
	$(BIN)/python benches/run.py

## schema: regenerate schema/document.schema.json from the model
schema: setup
	$(BIN)/python -c "from rbb.services.data_format import schema_text; import sys; sys.stdout.write(schema_text())" > schema/document.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out
