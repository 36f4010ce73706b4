# Farewell: `make demo` sets up and serves the demo; `make test` sets up and runs the tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Debian packages the browser tests and documents need (installed when missing and root).
SYSTEM_PACKAGES := chromium fonts-noto-cjk poppler-utils gettext libreoffice-writer-nogui wrk
DEMO_EMPLOYEES ?= 400
DEMO_SEED ?= 2026
PORT ?= 8000

.PHONY: demo serve test test-pg system-deps venv secrets migrate lint clean

# The package is installed editable in compat mode: a plain path entry (.pth) instead of setuptools' editable
# finder hook, which imports pathlib, re and importlib.util at every start of the interpreter (~30M
# instructions of each `farewell law compute`, a command timed as a whole process: issue 15). The Makefile
# is a prerequisite so that an existing venv is reinstalled that way.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps -e . --config-settings editable_mode=compat
	touch $(STAMP)

venv: $(STAMP)

# A random SECRET_KEY and Fernet FAREWELL_FIELD_KEY, created once; settings.py loads the file.
var/secrets.env: | $(STAMP)
	mkdir -p var
	$(PY) scripts/make_secrets.py > var/secrets.env.tmp && mv var/secrets.env.tmp var/secrets.env
	chmod 600 var/secrets.env

secrets: var/secrets.env

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else echo "Please install:$$missing (sudo apt-get install$$missing)"; exit 1; fi; \
	fi

migrate: $(STAMP) var/secrets.env
	DEBUG=true $(PY) -m farewell migrate --noinput

# The web server, the task worker and the sweeper (every minute) of `make demo` and `make serve`.
define run_server
@echo "Farewell is starting on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
@DEBUG=true $(PY) -m farewell db_worker & worker=$$!; \
  ( while true; do DEBUG=true $(PY) -m farewell sweep >/dev/null 2>&1; sleep 60; done ) & sweeper=$$!; \
  trap 'kill $$worker $$sweeper 2>/dev/null' EXIT INT TERM; \
  DEBUG=true $(PY) -m farewell runserver 127.0.0.1:$(PORT)
endef

# The demo has no mail server: e-mails are printed on the console instead of failing.
demo: export EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend
# Links in the demo's e-mails point at the port it serves on.
demo: export FAREWELL_BASE_URL ?= http://127.0.0.1:$(PORT)
demo: $(STAMP) var/secrets.env migrate
	@DEBUG=true $(PY) -m farewell demo-data --employees $(DEMO_EMPLOYEES) --seed $(DEMO_SEED) --if-empty
	@# The ledger's head anchored outside the database, as the daily timer does in production (docs/deploy.md).
	@DEBUG=true $(PY) -m farewell ledger anchor
	$(run_server)

# Your own company from an empty install: the same server, worker and sweeper as the demo, no demo data; on an
# empty database every page sends you to the first-run page (/setup/).
serve: export EMAIL_BACKEND ?= django.core.mail.backends.console.EmailBackend
serve: export FAREWELL_BASE_URL ?= http://127.0.0.1:$(PORT)
serve: $(STAMP) var/secrets.env migrate
	$(run_server)

# The whole suite, browser tests included; pytest's "no tests ran" (exit 5) is a failure.
test: $(STAMP) system-deps
	$(PY) scripts/run_tests.py

# The same suite against PostgreSQL (127.0.0.1:5432, trust auth, database `test`).
test-pg: $(STAMP) system-deps
	DATABASE_URL=$${DATABASE_URL:-postgres://root@127.0.0.1:5432/test} $(PY) scripts/run_tests.py

lint: $(STAMP)
	$(VENV)/bin/ruff check farewell tests

clean:
	rm -rf $(VENV) var
