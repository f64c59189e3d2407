# make        set up .venv from requirements.txt, build and validate the package (data/, datapackage.json, README.md)
# make test   the test suite (sets up .venv too)
# make verify check every published file and archived text against its recorded SHA-256
# make site   render docs/ (charts, data card page, archive pages, file copies) from the published package
# make release  dist/<name>-<version>.zip: the published package, README, LICENSE, CITATION.cff, CHANGELOG.md, SHA256SUMS
# make sqlite   dist/<name>.sqlite: every table with the schema's keys and constraints
# make bench    time build, validate and load as whole processes, and the build at 10x/100x/1000x synthetic size
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
# cffconvert pins jsonschema 3.x, which frictionless cannot use: the CFF validator gets its own venv
CFF_VENV := .venv-cff
CFF_STAMP := $(CFF_VENV)/.requirements-installed
BENCH_ARGS ?=

.PHONY: all build site browser test verify lint lock clean release sqlite bench
.DEFAULT_GOAL := all

all: build site

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
	touch $(STAMP)

$(CFF_STAMP): requirements-cff.txt
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements-cff.txt
	touch $(CFF_STAMP)

build: $(STAMP)
	$(PY) -m scripts build

site: $(STAMP) build
	$(PY) -m scripts site

# Debian's Chromium for the browser tests (Playwright's own browser download is not used)
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

verify: $(STAMP)
	$(PY) -m scripts verify

test: $(STAMP) $(CFF_STAMP) browser
	$(PY) -m pytest

release: $(STAMP)
	$(PY) -m scripts release

sqlite: $(STAMP)
	$(PY) -m scripts sqlite

bench: $(STAMP)
	$(PY) -m scripts bench $(BENCH_ARGS)

lint: $(STAMP)
	$(PY) -m ruff check scripts tests
	$(PY) -m ruff format --check scripts tests

lock: $(STAMP)
	{ echo "# Exact pins of every package the build, the tests and the tools use (pip freeze of .venv)."; \
	  echo "# Edit the direct pins and regenerate with: make lock"; $(PY) -m pip freeze; } > requirements.txt.new
	mv requirements.txt.new requirements.txt

clean:
	rm -rf $(VENV) $(CFF_VENV) .pytest_cache .ruff_cache dist
