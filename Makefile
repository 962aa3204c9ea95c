# Two commands: `make run` (set up, migrate, seed the demo, serve) and `make test` (set up, every test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORTAL := $(VENV)/bin/portal
HOST ?= 127.0.0.1
PORT ?= 5000
# The demo's local SMTP sink (read its mail at /demo/mail).
MAIL_SINK_PORT ?= 8025

.PHONY: run test setup setup-test frontend translations migrate demo browser-deps pdf-deps imap-deps bench mutate lint clean

setup: $(VENV)/.installed frontend translations pdf-deps

setup-test: $(VENV)/.installed-test frontend translations browser-deps

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.created
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.created
	$(PY) -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

frontend: static/vendor/.installed

static/vendor/.installed: package.json
	npm install --no-audit --no-fund --ignore-scripts --loglevel=error
	mkdir -p static/vendor/htmx static/vendor/pico
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	cp node_modules/@picocss/pico/css/pico.min.css static/vendor/pico/
	touch $@

translations:
	$(PY) -c "from portal.i18n import compile_catalogs; compile_catalogs()"

# Debian's Chromium drives the browser tests (Playwright's own download does not work here).
browser-deps: pdf-deps imap-deps
	@test -x /usr/bin/chromium || { apt-get update -qq && apt-get install -y -qq chromium; }

# The mail-in tests start their own Dovecot IMAP server (never the system's).
imap-deps:
	@test -x /usr/sbin/dovecot || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq dovecot-imapd; }

# WeasyPrint draws invoice PDFs with the system's Pango and a font with Cyrillic letters.
pdf-deps:
	@{ ldconfig -p | grep -q libpangoft2-1.0 && test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf; } \
	  || { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

migrate: setup
	$(PORTAL) db upgrade

demo: migrate
	$(PORTAL) kb reindex
	PORTAL_DEMO_MODE=1 PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)} $(PORTAL) demo

# The demo's mail goes to a local SMTP sink (read it at /demo/mail) unless a server is configured.
# Links in mail follow the served address unless PORTAL_BASE_URL names another.
DEMO_ENV := PORTAL_DEMO_MODE=1 PORTAL_MAIL_SERVER=$${PORTAL_MAIL_SERVER:-127.0.0.1} \
	PORTAL_MAIL_PORT=$${PORTAL_MAIL_PORT:-$(MAIL_SINK_PORT)} \
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)} \
	PORTAL_PAYEE="$${PORTAL_PAYEE:-Demo vendor, account DEMO-0000 (not a real account)}"

run: demo
	@$(PY) -m portal.serving $(HOST):$(PORT) 127.0.0.1:$(MAIL_SINK_PORT)
	@echo "Serving on http://$(HOST):$(PORT) (task worker and mail sink on $(MAIL_SINK_PORT) beside it); Ctrl+C stops all."
	$(VENV)/bin/python -m aiosmtpd -n -c aiosmtpd.handlers.Sink -l 127.0.0.1:$(MAIL_SINK_PORT) & sink=$$!; \
	$(DEMO_ENV) $(VENV)/bin/huey_consumer portal.worker.huey -w 1 & worker=$$!; \
	trap 'kill $$worker $$sink 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(VENV)/bin/gunicorn -c python:portal.serving -w 2 -b $(HOST):$(PORT) wsgi:app

test: setup-test
	$(VENV)/bin/ruff check portal tests bench migrations
	$(VENV)/bin/lint-imports
	$(PORTAL) kb check
	$(PY) -m pytest
	@if [ -n "$$PORTAL_TEST_DATABASE_URL" ]; then \
	  echo "== the same suite on PostgreSQL =="; \
	  PORTAL_TEST_BACKEND=postgresql $(PY) -m pytest -m "not browser" tests/web; \
	fi

# Mutation testing (slow, not part of `make test`): the rules core, the sanitiser and the access
# helpers, one child process (the machine is shared). Settings in pyproject.toml [tool.mutmut];
# kill rate and accepted survivors in docs/testing.md. MUTANTS="portal.domain.sla.*" runs a part.
MUTANTS ?= portal.domain.* portal.kb.markdown.* portal.roles.* \
	portal.accounts.organizations.x_organization_for__mutmut_* \
	portal.accounts.organizations.x_membership_of__mutmut_* \
	portal.billing.orders.x_order_for__mutmut_* portal.billing.orders.x_invoice_for__mutmut_* \
	portal.tickets.services.x_ticket_for__mutmut_* \
	portal.tickets.services.x_shared_organizations__mutmut_*

$(VENV)/.installed-mutate: pyproject.toml $(VENV)/.installed-test
	$(PY) -m pip install -q -e '.[test,mutate]'
	touch $@

mutate: $(VENV)/.installed-mutate frontend translations
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 1 $(foreach m,$(MUTANTS),"$(m)")
	$(PY) -m tests.mutation_summary $(foreach m,$(MUTANTS),"$(m)")

bench: setup-test
	$(PY) bench/sla.py
	$(PY) bench/search.py
	$(PY) bench/relevance.py

lint: setup-test
	$(VENV)/bin/ruff check portal tests bench migrations
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) node_modules static/vendor
