# physai — the README's commands.  Only python3 (>= 3.10) and make are needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PROFILE ?= standard
DEVICE  ?= auto
NB      ?=
NOTEBOOKS := $(wildcard notebooks/[0-9][0-9]_*.ipynb)

# One thread per process and quiet progress bars for every command below.
export OMP_NUM_THREADS = 1
export MKL_NUM_THREADS = 1
export OPENBLAS_NUM_THREADS = 1
export PHYSAI_QUIET = 1

.PHONY: setup browser book test test-unit test-notebooks test-paper-path execute check-claims bench sync clean constraints

# constraints.txt pins what CI runs (Python 3.11); older Pythons, which some pins do not
# support, install the ranges of pyproject.toml instead.
PINS = $(shell $(PYTHON) -c 'import sys; print("-c constraints.txt" if sys.version_info >= (3, 11) else "")')

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(PINS) -e '.[dev,cluster]'
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install physai with its dev tools and Ray

# root runs apt-get itself; anyone else tries passwordless sudo (-n: never prompts)
AS_ROOT = $(shell [ "$$(id -u)" = 0 ] || echo "sudo -n")

browser:  ## Debian's chromium for the browser test; without it that test is skipped, with a message
	@command -v chromium >/dev/null 2>&1 || { ($(AS_ROOT) apt-get update -qq && $(AS_ROOT) apt-get install -y -qq chromium) \
	  >/dev/null 2>&1 || echo "note: could not install Debian's chromium (needs root or sudo, and apt); tests/test_browser.py will be skipped"; }

book: $(STAMP)  ## build _build/html from the committed outputs, warnings as errors
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going

test: test-unit test-notebooks test-paper-path  ## everything CI runs

test-unit: $(STAMP) browser  ## unit tests, pair sync, environment files, book build, browser
	$(BIN)/python -m pytest tests

test-notebooks: $(STAMP)  ## nbval: re-execute every notebook at the standard profile
ifneq ($(NOTEBOOKS),)
	PHYSAI_PROFILE=standard PHYSAI_CLAIMS_DIR=$(CURDIR)/_build/nbval-claims \
	  $(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg \
	  --nbval-current-env -p no:cacheprovider -n 2 --dist loadfile $(NOTEBOOKS)
else
	@echo "no notebooks yet: nothing for nbval"
endif

execute: $(STAMP)  ## papermill: make execute [NB=06] [PROFILE=standard] [DEVICE=auto]
	$(BIN)/python -m physai.execute --nb "$(NB)" --profile $(PROFILE) --device $(DEVICE)

test-paper-path: $(STAMP)  ## every notebook at the paper profile, iterations capped, stand-in data (physai.paperpath)
	$(BIN)/python -m physai.paperpath --nb "$(NB)" --device $(DEVICE)

check-claims: $(STAMP)  ## re-execute [NB=..] at the standard profile aside; diff its claims with the committed ones
	$(BIN)/python -m physai.execute --nb "$(NB)" --check-claims

sync: $(STAMP)  ## rebuild every .ipynb's cells from its .py (outputs kept where cells match)
	$(BIN)/jupytext --sync notebooks/[0-9][0-9]_*.py

bench: $(STAMP)  ## micro-benchmarks against the machine's limit (printed, not asserted; ~3 min)
	$(BIN)/python benchmarks/bench_batched.py
	PHYSAI_QUIET=1 $(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_bimt.py

constraints: $(STAMP)  ## re-pin constraints.txt to what .venv holds now (after a deliberate upgrade)
	$(BIN)/python -m pip freeze --exclude-editable > constraints.freeze
	{ sed -n '1,3p' constraints.txt; sed -e 's/+[A-Za-z0-9.]*$$//' constraints.freeze; } > constraints.new
	mv constraints.new constraints.txt && rm constraints.freeze

clean:
	rm -rf _build
