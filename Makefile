# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=

.PHONY: setup run seed reports test lint bench schema clean lock

LOCK   := requirements.lock

# The versions every machine installs are those of requirements.lock (tested by CI);
# pyproject.toml keeps the ranges rbb supports as a library. `make lock` refreshes
# the lock deliberately: a new virtual environment resolves pyproject.toml again.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
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

## lock: resolve pyproject.toml (with the dev extras) afresh into requirements.lock
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ echo "# rbb's tested dependency versions: written by 'make lock' (Python $$(.lock-venv/bin/python -c 'import platform; print(platform.python_version())')); installed by 'make setup'."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable --all | grep -v -E '^(pip|setuptools|wheel)=='; } > $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out .lock-venv
