# Every target creates .venv itself: a fresh clone needs nothing else.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOG := $(VENV)/install.log
SEED := fixtures/seed/000_c0db76a65c12b58c.txt

.PHONY: audit test lint system-packages bench bench-sweep bench-ocr bench-layouts clean

# pip's output and the build's warnings go to $(LOG); a failed step shows the log's tail.
QUIETLY = >>$(LOG) 2>&1 || { echo "Installing failed; the end of $(LOG):" >&2; tail -n 25 $(LOG) >&2; exit 1; }

$(BIN)/cchc-audit: pyproject.toml
	@echo "Installing cchc-audit into $(VENV) (a minute or two the first time; log: $(LOG))"
	@$(PYTHON) -m venv $(VENV)
	@: > $(LOG)
	@$(BIN)/pip install --quiet --upgrade pip $(QUIETLY)
	@$(BIN)/pip install --quiet -e . $(QUIETLY)
	@touch $@

$(VENV)/.dev: $(BIN)/cchc-audit
	@echo "Installing the development extras into $(VENV) (log: $(LOG))"
	@$(BIN)/pip install --quiet -e '.[dev]' $(QUIETLY)
	@touch $@

# Audit the bundled seed decision and print its findings. Exit code 1 only means the
# seed has discrepancies (it does); 2 (unreadable input) fails the target.
audit: $(BIN)/cchc-audit
	$(BIN)/cchc-audit check $(SEED) || test $$? -eq 1

# The Debian packages of system-packages.txt: installed when missing, as root with apt-get
# (CCHC_NO_APT=1 leaves the system as it is); one dpkg-query when nothing is missing.
system-packages:
	@bash .ci/system-packages.sh

# PostgreSQL for the store tests: CCHC_TEST_POSTGRES_URL, or a throwaway cluster the tests start.
test: $(VENV)/.dev system-packages
	$(BIN)/python -m pytest -q

# ruff (configured in pyproject.toml), then the README's promise to document every command and code.
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
