# The README's two commands: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VAR := var

# Development values for `make run` (production reads its own environment; see README).
RUN_ENV := DJANGO_SECRET_KEY_FILE=$(VAR)/secret_key DJANGO_DEBUG=false DJANGO_HTTPS=false \
	DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost PORTAL_DEMO=true DEMO_PASSWORD="$$(cat $(VAR)/demo_password)" \
	SIGNING_MODE=demo

.PHONY: run test lint format bench load load-baseline messages lock clean

$(VENV)/.run-installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.lock
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock $(VENV)/.run-installed
	$(PY) -m pip install -q -r requirements-dev.lock
	touch $@

$(VAR)/secret_key:
	@mkdir -p $(VAR)
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@
	@chmod 600 $@

$(VAR)/demo_password:
	@mkdir -p $(VAR)
	@$(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(9))' > $@
	@chmod 600 $@

run: $(VENV)/.run-installed $(VAR)/secret_key $(VAR)/demo_password
	$(RUN_ENV) PYTHON=$(PY) scripts/portal.sh migrate
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo
	@echo "  Khoa giáo portal: http://127.0.0.1:8000"
	@echo "  Demo password for every demo user: $$(cat $(VAR)/demo_password)"
	@echo "  (Ctrl-C stops the web server, the worker and beat)"
	@echo
	$(RUN_ENV) $(PY) scripts/run_all.py

# The whole suite on real PostgreSQL, Redis and Chromium: from the environment, or started on
# loopback by scripts/services.py when the binaries are installed; missing ones are reported.
test: $(VENV)/.dev-installed
	$(PY) scripts/services.py -- $(PY) -m pytest -n $${PYTEST_WORKERS:-2} $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: $(VENV)/.dev-installed
	$(PY) scripts/services.py -- $(PY) scripts/bench.py $(BENCH_ARGS)

# Load test (issue 16): locust on loopback against gunicorn 2 x 4 and a real worker, idle and while a
# report renders and an import runs; LOAD_SECONDS, LOAD_USERS, LOAD_TASKS, LOAD_REPORT_TASKS and
# LOAD_IMPORT_ROWS change the sizes (scripts/load.py). A benchmark: not part of `make test`.
load: $(VENV)/.dev-installed
	$(PY) scripts/services.py -- $(PY) scripts/load.py

# The same idle run against an older commit's pages (LOAD_BASELINE, default b85f3c3: the last
# before issue 16's work), for the "2x today's" comparison in one session (scripts/load_baseline.py).
load-baseline: $(VENV)/.dev-installed
	$(PY) scripts/load_baseline.py

# Extract strings into locale/vi and compile; the .mo file is committed so that `make run`
# needs no gettext tools.
messages: $(VENV)/.dev-installed
	DJANGO_SECRET_KEY=messages $(PY) manage.py makemessages -l vi --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	DJANGO_SECRET_KEY=messages $(PY) manage.py compilemessages -l vi --ignore '.venv/*'

# Pins only, no registry URLs (a lock that names a registry fails where that registry cannot be
# reached); the dev lock is constrained by the runtime one.
lock:
	uv pip compile pyproject.toml -p 3.11 --no-header --no-annotate -o requirements.lock
	uv pip compile pyproject.toml -p 3.11 --extra dev --no-header --no-annotate -c requirements.lock -o requirements-dev.lock

clean:
	rm -rf $(VENV) $(VAR)/static $(VAR)/celery
