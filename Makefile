# Two entry points: `make demo` and `make test`. Both build .venv from the system python.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/wire_report_baghdad.txt
PUBLISHED ?= 2026-02-03

.PHONY: demo test install install-dev pg-server schema eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/claimgraph analyze $(EXAMPLE) --published $(PUBLISHED) --format table

# The store tests start their own throwaway PostgreSQL (tests/pgserver.py); this only makes
# sure the Debian server package is there.
pg-server:
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing the Debian postgresql package for the store tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	  else \
	    echo "PostgreSQL is not installed and this is not root: PostgreSQL store tests will skip"; \
	  fi; \
	fi

test: install-dev pg-server
	$(BIN)/python -m pytest -q

schema: install
	$(BIN)/claimgraph schema > schema/documentgraph.schema.json

eval: install
	$(BIN)/claimgraph eval actors
	$(BIN)/claimgraph eval events
	$(BIN)/claimgraph eval claims
	$(BIN)/claimgraph eval techniques

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
