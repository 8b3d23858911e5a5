# The list of everything a developer runs. The README shows only `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1:8000
export PRONGSAI_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test lint bench bench-country install messages clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

demo: install
	$(PY) -m prongsai migrate --no-input
	$(PY) -m prongsai demo
	@echo "Serving http://$(HOST)/bophloi/ (Ctrl+C stops)"
	$(PY) -m prongsai runserver $(HOST)

test: install
	$(PY) scripts/run_tests.py

lint: install
	$(VENV)/bin/ruff check .
	$(PY) -m prongsai makemigrations --check --dry-run
	$(VENV)/bin/pip install --quiet pip-audit && $(PY) scripts/audit.py

bench: install
	$(PY) bench/run.py

bench-country: install  # the country-scale simulation (several minutes); figures join bench/RESULTS.md
	BENCH_ONLY=country_scale $(PY) bench/run.py

messages: install
	cd prongsai && ../$(PY) -m prongsai makemessages -l th --no-obsolete && ../$(PY) -m prongsai compilemessages

clean:
	rm -rf $(VENV) var
