# kotacerdas: the two commands a new machine needs are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE := examples/batam-2022

.PHONY: demo test install golden bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Install the project with its test dependencies (editable, so edits take effect at once).
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

## Run the toolkit end to end on the worked example.
demo: install
	$(BIN)/kotacerdas status $(EXAMPLE)
	$(BIN)/kotacerdas stage check 4 $(EXAMPLE)

## Run the whole test suite.
test: install
	$(BIN)/python -m pytest -q

## Rebuild the pinned books in tests/golden/ from the example (review with git diff).
golden: install
	$(BIN)/python -m tests.regen_golden

clean:
	rm -rf $(VENV) build dist .pytest_cache $(EXAMPLE)/build
