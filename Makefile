# factcheck: `make run` serves the reviewer app on the seeds; `make test` runs every test tier.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORKSPACE ?= index
PORT ?= 8501

.PHONY: setup sysdeps pgdeps run check test lint typecheck unit e2e bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements-parser.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev,scale,postgres]'
	# the optional parser layer, hash-pinned, so its tests run too (the core never needs it)
	$(PY) -m pip install --quiet "spacy>=3.8,<3.9"
	$(PY) -m pip install --quiet -r requirements-parser.txt
	touch $(STAMP)

# System packages for the browser tier and the PostgreSQL tests: installed when root on Debian, otherwise named.
sysdeps: pgdeps
	@if command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium (browser tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; \
	else \
		echo "error: the browser tests need Chromium: install Debian's 'chromium' package (apt-get install chromium)"; exit 1; \
	fi

# The PostgreSQL server binaries (initdb, pg_ctl): the tests start a throw-away server with them.
pgdeps:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing postgresql (store tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null; \
	else \
		echo "error: the PostgreSQL store tests need the server binaries: install Debian's 'postgresql' package"; exit 1; \
	fi

run: setup
	$(VENV)/bin/factcheck --workspace $(WORKSPACE) ingest seeds/
	$(VENV)/bin/factcheck --workspace $(WORKSPACE) serve --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check factcheck ui tests bench

typecheck: setup
	$(VENV)/bin/mypy

# The fast tier: lint, types and the unit tests that need no model, browser or shared data
# (a deterministic hashing embedder stands in for the model); about a minute.
check: setup lint typecheck
	$(VENV)/bin/pytest -q -m fast

unit: setup
	$(VENV)/bin/pytest -m "not e2e"

e2e: setup sysdeps
	FACTCHECK_REQUIRE_BROWSER=1 $(VENV)/bin/pytest -m e2e

test: setup sysdeps lint typecheck
	FACTCHECK_REQUIRE_BROWSER=1 FACTCHECK_REQUIRE_POSTGRES=1 $(VENV)/bin/pytest

# The speed benches of issue 16: one combined table, charts in bench/.cache/charts (QUICK=1: shorter).
bench: setup
	$(PY) bench/all.py $(if $(QUICK),--quick,)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-results
