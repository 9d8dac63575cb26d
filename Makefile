# Two commands on a fresh machine with Python 3.11+: `make pack` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: pack proofs test test-quick lint bench clean

# The venv is made afresh (--clear) whenever it is (re)built, so one left by a failed first try with
# an older Python is never reused.
$(BIN)/lessonpack: pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else f"lessonpack needs Python 3.11 or newer, and $(PYTHON) is {v[0]}.{v[1]}: install a newer one, then run make again with PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv --clear $(VENV)
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

# Every core runs tests; a module marked with an xdist_group runs on one of them, so the decks
# its fixtures build once are not built again on every core. `make test-quick` leaves out the
# tests that render through LibreOffice and poppler, for a quick look while working.
test: lint
	$(BIN)/python -m pytest -n auto --dist loadgroup

test-quick: lint
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not clients"

bench: $(BIN)/lessonpack
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/*/
