# Two entry points for a fresh machine with Python 3.11, pip and make:
#   make run    install what is needed, run the whole pipeline, publish into data/
#   make test   install what is needed (with test tools), run the tests
# Everything is installed into the project: .tools/ (uv) and .venv/ (locked deps).

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
export DAGSTER_HOME ?= $(CURDIR)/.dagster
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
DAGSTER := $(VENV)/bin/dagster

.PHONY: run test test-quick lint install install-dev ui daemon instance bench bench-big bench-memory clean-cache rebuild train crossval lexicon-report

# Install steps run under a lock on this Makefile (scripts/locked.py): two makes started
# together on a fresh checkout install one after the other instead of racing.
LOCKED := $(PYTHON) scripts/locked.py Makefile

$(UV):
	@$(LOCKED) sh -c '[ -x $(UV) ] || { $(PYTHON) -m venv .tools && \
		.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION); }'

# Runtime dependencies as locked in uv.lock (--inexact: leaves test tools in place if present).
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set, every process would otherwise
# recompile the libraries it imports (about 3 s of each spaCy start).
install: $(UV)
	@$(LOCKED) $(UV) sync --frozen --no-dev --inexact --quiet --compile-bytecode --python $(PYTHON)

# With the Celery extra: the distributed test (tests/test_distributed.py) starts workers.
install-dev: $(UV)
	@$(LOCKED) $(UV) sync --frozen --extra celery --quiet --compile-bytecode --python $(PYTHON)

# The project's Dagster instance (sqlite storage, run queue, no telemetry).
# Created once, under a file lock in DAGSTER_HOME, so `make run`s, `make ui` and
# `make daemon` started together never race to create it (the others wait and say so);
# an instance that cannot be opened stops here with what to do (pipeline/instance.py).
instance: install
	@$(VENV)/bin/python -m pipeline.instance "$(DAGSTER_HOME)" dagster.yaml

# One line per stage, extraction progress, a closing summary (PIPELINE_LOG_LEVEL=DEBUG
# shows every Dagster event); exits non-zero with the reason when the run fails.
run: install instance
	@$(VENV)/bin/python -m pipeline.runlog

# Everything: lint, types, then every test on two processes (pytest-xdist; a file's tests
# stay in one process, so module fixtures run once). pytest prints the slowest tests.
test: install-dev lint
	$(VENV)/bin/python -m pytest -q -n 2 --dist loadfile

# The quick loop while working: every test but the whole-job ones (marked `slow`), in
# one process, in well under a minute.
test-quick: install-dev
	$(VENV)/bin/python -m pytest -q -m "not slow"

lint: install-dev
	$(VENV)/bin/ruff check pipeline
	$(VENV)/bin/mypy

# The Dagster UI and the daemon (schedule + sensor) on 127.0.0.1.
ui: install-dev instance
	$(VENV)/bin/dagster-webserver -w workspace.yaml -h 127.0.0.1 -p 3000

daemon: install instance
	$(VENV)/bin/dagster-daemon run -w workspace.yaml

# Drop the extraction cache (PIPELINE_CACHE_DIR, default <PIPELINE_OUTPUT_DIR>/.cache/
# extractions; a local folder or s3://...): the next run re-extracts every article.
clean-cache: install
	$(VENV)/bin/python -c "from pipeline.cache import clear_cache; print('removed', clear_cache())"

# Full rebuild: re-extract every article, then resolve, validate and publish as usual
# (a release whose content did not change is still reported "unchanged").
rebuild: clean-cache
	$(MAKE) run

# Speed benchmark on generated articles (N = 1,000 and 2,000; see bench/README.md).
# `make bench BIG=1` (or `make bench-big`) also runs N = 10,000: `python -m bench.run --big`
# (make itself rejects an option spelled `--big`).
bench: install-dev
	$(VENV)/bin/python -m bench.run $(if $(BIG),--big)

bench-big: install-dev
	$(VENV)/bin/python -m bench.run --big

# Memory of resolve, validation and publishing at 10,000 / 30,000 / 100,000 generated
# articles, every extraction from a synthesised cache entry (no spaCy); MEMORY_SIZES=...
MEMORY_SIZES ?= 10000 30000 100000
bench-memory: install-dev
	$(VENV)/bin/python -m bench.memory --sizes $(MEMORY_SIZES)

# Retrain the learned extraction components (pipeline/data/models/) from the annotated
# articles beside the project (GOLD), with fixed seeds; prints cross-validated figures.
GOLD ?= ../shared/eval/train ../shared/eval/dev
train: install-dev
	$(VENV)/bin/python -m pipeline.learn.train $(foreach g,$(GOLD),--gold $(g)) --out pipeline/data/models

# Whole-pipeline k-fold cross-validation through `make run` and the official scorer.
crossval: install-dev
	$(VENV)/bin/python scripts/crossval.py $(foreach g,$(GOLD),--gold $(g))

# Entries of the rules' word lists (pipeline/data/lexicon/) that occur in no article of GOLD.
lexicon-report: install-dev
	$(VENV)/bin/python scripts/lexicon_report.py $(foreach g,$(GOLD),--gold $(g))
