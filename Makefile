# Two entry points: `make demo` and `make test`. Both build .venv from the system python.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/wire_report_baghdad.txt
PUBLISHED ?= 2026-02-03

.PHONY: demo test install install-dev vendor pg-server browser java schema eval bench clean
VENDOR := src/claimgraph/web/static/vendor

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# JavaScript for the HTML report and web UI: pinned npm packages (web/package-lock.json),
# copied into the Python package; nothing is fetched from a CDN at run time.
$(VENDOR)/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp web/node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/
	cp web/node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/
	cp web/node_modules/world-atlas/countries-110m.json $(VENDOR)/
	cp web/node_modules/cytoscape/LICENSE $(VENDOR)/LICENSE.cytoscape
	cp web/node_modules/topojson-client/LICENSE $(VENDOR)/LICENSE.topojson-client
	cp web/node_modules/world-atlas/LICENSE $(VENDOR)/LICENSE.world-atlas
	touch $@

vendor: $(VENDOR)/.stamp

install: $(VENV)/.installed vendor
install-dev: $(VENV)/.installed-dev vendor

demo: install
	$(BIN)/claimgraph analyze $(EXAMPLE) --published $(PUBLISHED) --format table
	$(BIN)/claimgraph report $(EXAMPLE) --published $(PUBLISHED) -o report.html

# $(call apt_need,CHECK,PACKAGE,WHAT): install a Debian package for the tests when CHECK fails;
# without root, say which tests will skip instead.
define apt_need
	@if ! $(1) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing the Debian $(2) package for the $(3) tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else \
	    echo "$(2) is not installed and this is not root: the $(3) tests will skip"; \
	  fi; \
	fi
endef

# The store tests start their own throwaway PostgreSQL (tests/pgserver.py); this only makes
# sure the Debian server package is there.
pg-server:
	$(call apt_need,ls /usr/lib/postgresql/*/bin/pg_ctl,postgresql,PostgreSQL store)

# Browser tests drive Debian's Chromium through playwright (never `playwright install`).
browser:
	$(call apt_need,test -x /usr/bin/chromium,chromium,browser)

# The Spark tests run PySpark in local mode, which needs a Java runtime.
java:
	$(call apt_need,java -version,openjdk-17-jre-headless,Spark)

test: install-dev pg-server browser java
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
