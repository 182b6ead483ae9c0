# The two commands: `make run` serves the app (the fixtures seeded into an empty database, never over curators' edits); `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEV := DJANGO_DEBUG=$${DJANGO_DEBUG:-1}
# `make run PORT=8001` serves on another port.
PORT ?= 8000

.PHONY: run test lint install clean bench loadtest faulttest chromium

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py seed
	$(DEV) $(PY) manage.py ensure_local_admin
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The browser tests drive Debian's Chromium; as root, install it when it is missing.
chromium:
	@test -x "$${CAINFO_CHROMIUM:-/usr/bin/chromium}" || [ "$$(id -u)" != 0 ] || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The suite runs in TEST_WORKERS processes (pytest-xdist; `make test TEST_WORKERS=0` runs it in one).
# makemigrations runs every system check first, as `manage.py check` does.
TEST_WORKERS ?= auto
# Where the machine sets PYTHONDONTWRITEBYTECODE, every process of the run (each worker, each subprocess,
# the PostgreSQL run after the SQLite one) compiled the project again and pytest rewrote its plugins' ~400
# modules again; the suite keeps its bytecode in __pycache__ (git-ignored).
test: export PYTHONDONTWRITEBYTECODE =
test: install chromium
	$(VENV)/bin/ruff check .
	$(PY) scripts/import_cycles.py
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS)

# Every benchmark on SQLite and PostgreSQL (see BENCHMARKS.md); BENCH_SCALE=0.1 for a quick run.
bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	@pg_isready -q || pg_ctlcluster 15 main start
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Reliability runs (docs/reliability.md): gunicorn on 127.0.0.1 against a PostgreSQL cluster of
# their own (15/faults on port 5433, created if missing), and the load run again on a SQLite file.
# LOAD_ARGS="--clients 8 --seconds 10" shortens them.
LOAD_ARGS ?=
loadtest: install
	$(PY) scripts/reliability.py load --database postgres $(LOAD_ARGS)
	$(PY) scripts/reliability.py load --database sqlite $(LOAD_ARGS)

faulttest: install
	$(PY) scripts/reliability.py fault $(LOAD_ARGS)
