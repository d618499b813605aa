# kotacerdas: the two commands a new machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE := examples/batam-2022

.PHONY: demo test lint install golden bench fuzz fuzz-loader clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Install the project with its test dependencies (editable, so edits take effect at once).
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

## Run the toolkit end to end on the worked example: the masterplan books, and the
## monitoring books of 2023 and 2024 (build/laporan-pemantauan-2024.html).
demo: install
	$(BIN)/kotacerdas status $(EXAMPLE)
	$(BIN)/kotacerdas stage check 4 $(EXAMPLE)
	$(BIN)/kotacerdas stage check 5 $(EXAMPLE)
	$(BIN)/kotacerdas monitor $(EXAMPLE) --year 2024
	$(BIN)/kotacerdas build $(EXAMPLE)

## Lint (ruff), type-check (mypy --strict), hold the walls (import-linter), then run every test.
test: install lint
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

lint: install
	$(BIN)/ruff check src tests scripts fuzz
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

## Rebuild the pinned books in tests/golden/ from the example (review with git diff).
golden: install
	$(BIN)/python -m tests.regen_golden

FUZZ_SECONDS ?= 60

## Fuzz every command with atheris for FUZZ_SECONDS (default 60): each input replaces one
## file of a small plan, which then goes through check, status, coverage, build, stage
## advance, stage seal and schema; findings land in build/fuzz/.
fuzz: install
	$(BIN)/python -m pip install --quiet atheris
	mkdir -p build/fuzz/corpus-commands
	$(BIN)/python fuzz/fuzz_commands.py -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
		-rss_limit_mb=2048 -artifact_prefix=build/fuzz/ build/fuzz/corpus-commands \
		fuzz/seeds-commands

## Fuzz the YAML loader alone (many more inputs a second) for FUZZ_SECONDS.
fuzz-loader: install
	$(BIN)/python -m pip install --quiet atheris
	mkdir -p build/fuzz/corpus
	$(BIN)/python fuzz/fuzz_loader.py -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix=build/fuzz/ build/fuzz/corpus fuzz/seeds

## Time --help, check, status, coverage and build on synthetic plans, beside Doorstop, MkDocs and StrictDoc.
bench: install
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) build dist .pytest_cache $(EXAMPLE)/build
