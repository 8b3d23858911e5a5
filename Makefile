# The list of everything a developer runs. The README shows only `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
HOST ?= 127.0.0.1:8000
export PRONGSAI_DATA_DIR ?= $(CURDIR)/var
# DEBUG defaults to false (settings fail closed); the demo and the tests turn it on explicitly.
export DEBUG ?= true

UV_VERSION = 0.13.8

.PHONY: demo test lint bench bench-backup bench-country install lock messages clean

install: $(VENV)/.installed

# Every package from the lock, each checked against its hash; a stale lock stops here.
$(VENV)/.installed: pyproject.toml requirements/test.txt
	$(PYTHON) scripts/lock.py --check
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet --require-hashes -r requirements/test.txt
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

lock:  # after a change to pyproject.toml's dependencies
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet uv==$(UV_VERSION)
	$(PY) scripts/lock.py

demo: install
	$(PY) scripts/runtime_deps.py
	$(PY) -m prongsai migrate --no-input
	$(PY) -m prongsai demo
	@echo "Serving http://$(HOST)/bophloi/ (Ctrl+C stops)"
	$(PY) -m prongsai runserver $(HOST)

test: install node_modules/.installed
	$(PY) scripts/run_tests.py

# axe-core for the accessibility tests, from package-lock.json; without npm they are skipped (CI has it).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "npm is missing: the accessibility tests are skipped (apt-get install nodejs npm)"; fi

lint: install
	$(VENV)/bin/ruff check .
	$(PY) -m prongsai makemigrations --check --dry-run
	$(VENV)/bin/pip install --quiet pip-audit && $(PY) scripts/audit.py

bench: install
	$(PY) bench/run.py

bench-backup: install  # backup and restore's peak memory at country size (long); figures join bench/RESULTS.md
	BENCH_ONLY=backup_memory $(PY) bench/run.py

bench-country: install  # the country-scale simulation (several minutes); figures join bench/RESULTS.md
	BENCH_ONLY=country_scale,country_redflags $(PY) bench/run.py

messages: install
	cd prongsai && ../$(PY) -m prongsai makemessages -l th --no-obsolete && ../$(PY) -m prongsai compilemessages

clean:
	rm -rf $(VENV) var node_modules
