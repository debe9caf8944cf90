# refgraph: the two set-up commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test

.PHONY: demo test test-repeat fuzz faults lint bench clean install tagger-model screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

## Run the main job on the shipped data, offline: refs/ -> out/
demo: $(VENV)/.installed
	$(BIN)/refgraph build refs/inotuzumab-ozogamicin.txt -o out --offline

## Run the whole test suite (lint and type check included)
test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

## Fuzz long: every property test FUZZ_FACTOR (tests/conftest.py) times its examples, plus the
## hostile attacks at full size; random, but `make fuzz FUZZ_SEED=N` repeats a run exactly.
ifeq ($(origin FUZZ_SEED), undefined)
FUZZ_SEED := $(shell $(PYTHON) -c 'import random; print(random.randrange(2**32))')
endif
fuzz: $(STAMP)
	@echo "fuzz seed: $(FUZZ_SEED)"
	$(BIN)/python -m pytest -q -m fuzz -p no:cacheprovider \
		--hypothesis-profile=fuzz --hypothesis-seed=$(FUZZ_SEED) $(FUZZ_ARGS)

## Attack the client with failing and hostile servers (the local fake E-utilities), bounded
## in time: retries, rate limits, drip-fed and huge replies, redirects, odd XML, corrupt and
## locked caches, runs at once
faults: $(STAMP)
	timeout 900 $(BIN)/python -m pytest -q -p no:cacheprovider tests/robustness/test_faults.py \
	  tests/robustness/test_concurrency.py tests/robustness/test_cache_corruption.py \
	  tests/eutils/test_hostile.py tests/eutils/test_transport.py tests/eutils/test_calls.py \
	  tests/cache

## `make test` N times in a row on a fresh clone of HEAD (flakiness shows here): REPEAT=20
REPEAT ?= 20
test-repeat:
	$(PYTHON) -m benchmarks.repeat_tests --runs $(REPEAT) $(REPEAT_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

## Benchmarks: prints a table, writes benchmarks/results.json
bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

## Regenerate the README's screenshots (docs/*.png) in headless Chromium
screenshots: $(STAMP)
	$(BIN)/python -m benchmarks.screenshots

## Rebuild the citation tagger's model from training (fixed splits and seed)
tagger-model: $(STAMP)
	$(BIN)/python -m refgraph.tagger.train
	$(BIN)/python -m refgraph.tagger.train --evaluate --json benchmarks/tagger-scores.json

clean:
	rm -rf out .pytest_cache build dist
