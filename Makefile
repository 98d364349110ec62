# The two commands a newcomer runs: `make demo` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DOVECOT := $(firstword $(wildcard /usr/sbin/dovecot) $(shell command -v dovecot 2>/dev/null))

.PHONY: demo test lint typecheck pytest dovecot bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/onfile demo

test: $(VENV)/.installed-test dovecot lint typecheck pytest

lint: $(VENV)/.installed-test
	$(BIN)/python -m ruff format --check daemon tests
	$(BIN)/python -m ruff check daemon tests

typecheck: $(VENV)/.installed-test
	$(BIN)/python -m mypy

pytest: $(VENV)/.installed-test dovecot
	$(BIN)/python -m pytest

# The tests start a private Dovecot on 127.0.0.1; they never use a system instance.
dovecot:
ifeq ($(DOVECOT),)
	@if [ "$$(id -u)" = 0 ]; then \
		echo "installing dovecot-imapd for the IMAP tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd; \
	else \
		echo "The IMAP tests need Dovecot. Install it with: sudo apt-get install -y dovecot-imapd"; exit 1; \
	fi
endif

bench: $(VENV)/.installed-test
	$(BIN)/python tests/bench/detection.py ../shared/corpus
	$(BIN)/python tests/bench/classify_speed.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
