# Every target installs what it needs into .venv from the package index.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= handover-report

.PHONY: install install-test demo test eval bench clean

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

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache
