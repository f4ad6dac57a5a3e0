# Every target installs what it needs into .venv from the package index.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= handover-report

.PHONY: install install-test demo test eval bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Scan the synthetic sample bundle. Exit code 1 (gate failed) is the expected
# outcome for a bundle full of customer data, so it does not fail the target.
demo: install
	$(BIN)/handover-scan scan sample_exports --out $(OUT) || [ $$? -eq 1 ]
	@echo "report written to $(OUT)/"

test: install-test
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/handover-scan eval

# Figures and the commands behind them: bench/README.md. Timing lives here, never in the tests.
bench: install
	$(BIN)/python bench/bench_cascade.py --messages 1000000 --sample 50000
	$(BIN)/python bench/bench_recognizers.py 10000
	$(BIN)/python bench/bench_memory.py --messages 100000 --line-mb 64 --scan-messages 20000

# Fuzz targets (tests/test_fuzz_*.py, 8 of them) with fresh random inputs for FUZZ_MINUTES in all,
# under nice. The normal suite runs the same targets with a short seeded budget. A failure stops its
# target and is printed with its minimal input (make it a regression test). Counts: fuzz-stats.jsonl.
FUZZ_MINUTES ?= 30
FUZZ_STATS   ?= fuzz-stats.jsonl
fuzz: install-test
	rm -f $(FUZZ_STATS)
	FUZZ_SECONDS=$$(( $(FUZZ_MINUTES) * 60 / 8 )) FUZZ_STATS=$(abspath $(FUZZ_STATS)) \
		nice $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz_readers.py tests/test_fuzz_engine.py; \
		status=$$?; $(BIN)/python tests/fuzzing.py $(FUZZ_STATS); exit $$status

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache
