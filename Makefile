# Two commands on a fresh machine with Python 3.11+: `make pack` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: pack proofs test lint bench clean

$(BIN)/lessonpack: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

pack: $(BIN)/lessonpack
	$(BIN)/lessonpack build content -o output

proofs: pack
	$(BIN)/python -m generator.proofs output

lint: $(BIN)/lessonpack
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

bench: $(BIN)/lessonpack
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/*/
