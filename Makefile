# make          build, validate and publish the package, render docs/, write the SQLite file and its Datasette metadata
# make test     the test suite (the README's test command; sets up every environment it needs)
# make verify   check every published file, archived text and citation (Python's standard library only: no venv)
# make site     render docs/ from the published package
# make release  dist/<name>-<version>.zip, complete on its own (standard library only: no venv)
# make sqlite   dist/<name>.sqlite and its Datasette metadata (sqlite-utils, in .venv)
# make serve    Datasette on http://$(HOST):$(PORT)/ over the SQLite file (make serve PORT=9000)
# make bench    time the pipeline (BENCH_ARGS="--runs 3 --sizes 10,100" for a shorter run)
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

.PHONY: all build site sqlite verify release serve test browser bench lint lock clean \
        venv venv-test venv-cff venv-croissant venv-bods
.DEFAULT_GOAL := all

all: build site sqlite

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

site: venv build
	$(PY) -m scripts site

# sqlite-utils writes the tables, keys and full-text indexes: the build's environment
sqlite: venv
	$(PY) -m scripts sqlite

verify:
	$(PYTHON) -m scripts verify

release:
	$(PYTHON) -m scripts release

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
