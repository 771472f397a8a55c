# Every target creates .venv itself: a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := fixtures/seed/000_c0db76a65c12b58c.txt

.PHONY: audit test lint bench bench-sweep bench-ocr bench-layouts clean

$(BIN)/cchc-audit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(BIN)/cchc-audit
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Audit the bundled seed decision and print its findings. Exit code 1 only means the
# seed has discrepancies (it does); 2 (unreadable input) fails the target.
audit: $(BIN)/cchc-audit
	$(BIN)/cchc-audit check $(SEED) || test $$? -eq 1

test: $(VENV)/.dev
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check --quiet extract validate compute report flows tests benchmarks fixtures
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_docs.py

# Quick benchmarks (about a minute): check on the seed; check on PDFs against camelot.
bench: $(VENV)/.dev
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_pdf.py

# Longer ones: sweeps of 200 text and 50 PDF decisions (minutes); OCR accuracy and speed.
bench-sweep: $(VENV)/.dev
	$(BIN)/python benchmarks/bench_sweep.py

bench-ocr: $(VENV)/.dev
	$(BIN)/python benchmarks/bench_ocr.py
	$(BIN)/python benchmarks/bench_scan_cost.py

# Read rate on 300 seeded layout variants and 40 scans of them (needs LibreOffice; minutes).
bench-layouts: $(VENV)/.dev
	$(BIN)/python benchmarks/bench_layouts.py

clean:
	rm -rf $(VENV) build *.egg-info
