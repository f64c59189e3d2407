# make          check the facts; build, validate and publish the package, its SQLite file and its data card together
# make test     the test suite (the README's test command; sets up every environment it needs)
# make verify   check every published file, text, citation and span, and that the facts build exactly them
# make site     render docs/ again from the published package (make does it with the build)
# make release  dist/<name>-<version>.zip, complete on its own
# make serve    Datasette on http://$(HOST):$(PORT)/ over the published SQLite file (make serve PORT=9000)
# make bench    the build against frictionless validate, and its growth from 10x to 100x (BENCH_ARGS="--runs 1 --write")
# make lint     ruff; make lock  re-freeze the requirements; make clean  remove the environments and dist/
#
# Environments, each made from exact pins by scripts/tools/venv.py, which refuses a Python older than 3.11
# and remakes an environment made by another Python or left half-installed (no `make clean` needed):
#   .venv            requirements.txt: what `make` needs (no test tools, no pandas)
#   .venv-test       requirements-test.txt: the build's set plus tests, frictionless, Datasette, benchmark
#   .venv-cff, .venv-croissant, .venv-bods: validators whose pins clash with, or would move, the others'
PYTHON ?= python3
PORT ?= 8001
HOST ?= 127.0.0.1
BENCH_ARGS ?=
PYTEST_ARGS ?=
VENV := $(PYTHON) scripts/tools/venv.py
PY := .venv/bin/python
TPY := .venv-test/bin/python

.PHONY: all build site verify release serve test browser bench lint lock clean \
        venv venv-test venv-cff venv-croissant venv-bods
.DEFAULT_GOAL := all

all: build

venv:
	@$(VENV) .venv requirements.txt
venv-test:
	@$(VENV) .venv-test requirements-test.txt
venv-cff:
	@$(VENV) .venv-cff requirements-cff.txt
venv-croissant:
	@$(VENV) .venv-croissant requirements-croissant.txt
venv-bods:
	@$(VENV) .venv-bods requirements-bods.txt

build: venv
	$(PY) -m scripts build

site: venv
	$(PY) -m scripts site

verify: venv
	$(PY) -m scripts verify

release: venv
	$(PY) -m scripts release

serve: venv-test
	$(TPY) -m scripts serve --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here)
browser:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

test: venv-test venv-cff venv-croissant venv-bods browser
	$(TPY) -m pytest $(PYTEST_ARGS)

bench: venv venv-test
	$(TPY) -m scripts bench --build-python $(PY) $(BENCH_ARGS)

lint: venv-test
	$(TPY) -m ruff check scripts tests
	$(TPY) -m ruff format --check scripts tests

# Re-freeze requirements.txt and requirements-test.txt from the direct pins in requirements*.in.
lock:
	$(PYTHON) scripts/tools/lock.py

clean:
	rm -rf .venv .venv-test .venv-cff .venv-croissant .venv-bods .node .pytest_cache .ruff_cache dist
