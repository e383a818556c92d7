# newsclaims — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NEWSCLAIMS_SPACY_MODEL ?= en_core_web_sm
export NEWSCLAIMS_SPACY_MODEL
DATE ?= $(shell date +%F)
DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DAGSTER_HOME

.PHONY: setup model browser services lake-check run test check fuzz lint eval eval-gate train-attribution bench ui clean

# uv installs the versions in uv.lock, the ones CI tests, without resolving anything: a
# fresh `make setup` takes seconds where pip's resolver spent minutes backtracking. uv
# itself is pinned and installed with pip into .cache/uv, so the machine needs nothing
# but Python.
UV_VERSION := 0.13.9
UV_DIR := .cache/uv
UV := $(UV_DIR)/bin/uv
# Never download a Python: use the one that runs `make`.
export UV_PYTHON_DOWNLOADS := never

$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(UV_DIR) 'uv==$(UV_VERSION)'

# --seed puts pip in the venv (`spacy download` installs with it); --inexact leaves the spaCy
# model, which is not in the lock (it is no PyPI package), where `make model` put it.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) venv --quiet --seed --allow-existing --python $(PYTHON) $(VENV)
	$(UV) sync --frozen --inexact --all-extras --python $(VENV)/bin/python
	touch $@

## setup: virtualenv with the locked versions, the project and the spaCy model named by
## NEWSCLAIMS_SPACY_MODEL
setup: $(VENV)/.installed model

## model: install the spaCy model (a wheel from PIP_FIND_LINKS when there, else spaCy's download)
model: $(VENV)/.installed
	@if $(PY) -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('$(NEWSCLAIMS_SPACY_MODEL)') is None)"; then \
	  echo "spaCy model $(NEWSCLAIMS_SPACY_MODEL) is installed"; \
	elif [ -n "$$PIP_FIND_LINKS" ] && $(UV) pip install --quiet --python $(PY) --no-index --find-links "$$PIP_FIND_LINKS" '$(NEWSCLAIMS_SPACY_MODEL)'; then \
	  echo "installed $(NEWSCLAIMS_SPACY_MODEL) from $$PIP_FIND_LINKS"; \
	else \
	  $(PY) -m spacy download '$(NEWSCLAIMS_SPACY_MODEL)'; \
	fi

## browser: Debian's Chromium at /usr/bin/chromium for the browser checks (tests/browser)
## Installed with apt-get only when missing; never a downloaded browser build. When it
## cannot be installed this warns and the browser tests fail (they never skip).
CHROMIUM := /usr/bin/chromium
browser:
	@if [ -x $(CHROMIUM) ]; then \
	  echo "chromium is installed: $(CHROMIUM)"; \
	elif ! command -v apt-get >/dev/null; then \
	  echo "WARNING: $(CHROMIUM) is missing and apt-get is not available; tests/browser will fail" >&2; \
	else \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo "sudo -n" ); \
	  { $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y chromium; } \
	    || echo "WARNING: could not install chromium with apt-get; tests/browser will fail" >&2; \
	fi

## services: PostgreSQL and redis-server for the lake mode (docs/SCALING.md), installed with
## apt-get only when missing; the checks start them on private folders and free ports.
services:
	@$(PYTHON) scripts/services.py install || \
	  echo "WARNING: could not install postgresql/redis-server; tests/lake and lake-check will fail" >&2

## lake-check: NEWS_DEV's pages as three days on two Celery workers into a fresh DuckLake
## (PostgreSQL catalog, Parquet data) vs the same days into one DuckDB file; last line
## `same tables: yes` or `no` (exit 1). LAKE_PAGES=N: the first N pages only.
LAKE_PAGES ?= 0
NEWS_DEV ?= ../shared/corpus/news-dev
lake-check: setup services
	$(PY) scripts/lake_check.py --news-dev $(NEWS_DEV) --pages $(LAKE_PAGES)

## run: today's partition on the bundled sample sources into data/newsclaims.duckdb
run: setup
	$(VENV)/bin/newsclaims run --date $(DATE)

## lint: ruff, the type checker and the package layering contracts (.importlinter)
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

## test: lint, then the whole test suite against real parts (HTTP server, DuckDB file,
## spaCy model, Dagster, Chromium); what CI runs
test: setup browser services lint
	$(PY) -m pytest -q $(PYTEST_ARGS)

## check: lint and the fast tests (no `slow` or `browser` marks), for the edit loop
check: setup lint
	$(PY) -m pytest -q -m "not slow and not browser" $(PYTEST_ARGS)

## fuzz: the property tests on new random inputs, ten times as many as `make test` draws
## (which draws the same ones every run); add what it finds as an @example in the test
fuzz: setup
	NEWSCLAIMS_FUZZ=explore $(PY) -m pytest -q tests/reliability/test_fuzz.py

## eval: claim extraction quality, one table per predictor (MODES=rules,...): our gold set,
## the web-page gold set (eval/webgold) and attribution-dev when their corpora are there
## (NEWS_DEV=DIR, ATTRIBUTION_DEV=DIR name others; NEWS_DEV= or ATTRIBUTION_DEV= skips one)
ATTRIBUTION_DEV ?= ../shared/corpus/attribution-dev
NEWS_DEV ?= ../shared/corpus/news-dev
MODES ?= rules
eval: setup
	$(PY) -m eval.run --modes $(MODES) \
		$(if $(wildcard $(NEWS_DEV)/ground-truth.json),--webgold $(NEWS_DEV)) \
		$(if $(wildcard $(ATTRIBUTION_DEV)/gold.jsonl),--attribution-dev $(ATTRIBUTION_DEV))

## eval-gate: fails (exit 1) when a figure of eval/baseline.json drops more than 0.01;
## both corpora are required. After an intended change: python -m eval.gate --write-baseline
eval-gate: setup
	$(PY) -m eval.gate --webgold $(NEWS_DEV) --attribution-dev $(ATTRIBUTION_DEV)

## train-attribution: train the attribution model (pipeline/attribution) on CORPUS into
## models/attribution with a fixed seed, then print its attribution-dev scores (model alone
## and combined with the rules); docs/ATTRIBUTION.md. About 25 min on 2 shared cores.
## ATTRIBUTION_OUT=DIR writes elsewhere (NEWSCLAIMS_ATTRIBUTION_MODEL=DIR uses it).
CORPUS ?= ../shared/corpus/attribution-train
ATTRIBUTION_DESIGN ?= window
ATTRIBUTION_OUT ?= models/attribution
train-attribution: setup
	$(PY) -m pipeline.attribution.training --corpus $(CORPUS) --design $(ATTRIBUTION_DESIGN) \
		--out $(ATTRIBUTION_OUT) \
		$(if $(wildcard $(ATTRIBUTION_DEV)/gold.jsonl),--dev $(ATTRIBUTION_DEV))

## bench: throughput of the raw limit vs the pipeline (news-dev + generated pages, 1 and 2
## processes), peak RSS on a large day, then SQL timings on a 1M-claim database. Prints
## figures (docs/PERFORMANCE.md); it is not a test. NEWS_DEV is the news-dev corpus folder;
## BENCH_REPS alternated pairs per process count on the generated pages (each pair of
## 5,000-page runs takes 7-14 min; the machine's noise moves one pair by several per cent).
NEWS_DEV ?= ../shared/corpus/news-dev
BENCH_PAGES ?= 5000
BENCH_REPS ?= 1
BENCH_MEMORY_PAGES ?= 10000
BENCH_DB ?= data/bench-sql.duckdb
bench: setup
	$(PY) bench/run.py --dev $(NEWS_DEV) --pages $(BENCH_PAGES) --reps $(BENCH_REPS) \
		--memory-pages $(BENCH_MEMORY_PAGES)
	mkdir -p $(dir $(BENCH_DB))
	$(PY) bench/generate_db.py $(BENCH_DB)
	$(PY) bench/sql_timing.py $(BENCH_DB)

## ui: the Dagster UI on http://127.0.0.1:$(PORT) (PORT=3000 unless given: make ui PORT=3001).
## Only this machine can reach it: the UI launches runs and has no login.
# `:=`, not `?=`: only the command line moves it, not a PORT some other tool exported.
PORT := 3000
ui: setup
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

clean:
	rm -rf $(VENV) $(UV_DIR) data .pytest_cache .ruff_cache .mypy_cache
