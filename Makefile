# Qyzmet. Quick start: `make run` (set up and run on embedded defaults), `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup run test build clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

build: setup
	$(BIN)/qyzmet kb build

# Embedded defaults: SQLite under var/, no tokens, no network.
run: build
	$(BIN)/qyzmet kb check > /dev/null || true
	$(BIN)/qyzmet kb show 1486-02

test: setup
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var .pytest_cache
