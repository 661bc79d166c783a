# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv test lint demo demo-reset lock emulator clean vendor chromium screenshots bench bench-pages bench-click bench-click-bulk bench-bulk bench-csv

venv: $(STAMP)

# Reinstalls only when the development lock changes. Every package is pinned with its hashes (requirements/).
$(STAMP): requirements/development.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "meetadmin needs $(PYTHON) (Python 3.11) on PATH"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes --requirement requirements/development.txt
	touch $(STAMP)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --configfile pyproject.toml --recursive --quiet .
	$(PY) -m tests.test_imports

# The suite runs in PYTEST_WORKERS xdist worker processes, each with its own PostgreSQL, Redis and emulator
# (tests/services.py); one work unit per test file, and the `serial` tests in one unit (tests/conftest.py). 0 runs it in
# this process. The default and its timings are in the README's test section.
PYTEST_WORKERS ?= 2
test: venv lint chromium
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used). Installs it when it is
# missing and we can (root with apt); otherwise says how.
CHROMIUM_PATH ?= /usr/bin/chromium
export CHROMIUM_PATH
chromium:
	@test -x "$(CHROMIUM_PATH)" && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || exit 1; \
		test -x "$(CHROMIUM_PATH)" || { echo "apt installed chromium, but $(CHROMIUM_PATH) is not there; set CHROMIUM_PATH"; exit 1; }; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM_PATH). Install it (Debian/Ubuntu: sudo apt-get install chromium)"; \
		echo "or point CHROMIUM_PATH at a Chromium or Chrome binary, then run make test again."; \
		exit 1; \
	fi

# PNGs of the main pages into docs/screenshots/ (the README shows them).
screenshots: venv chromium
	$(PY) -m tests.browser.screenshots

# Re-fetches the vendored front-end files from the npm registry (needs npm and the network; make test does not).
HTMX_VERSION := 2.0.11
AXE_CORE_VERSION := 4.14.1
VENDOR_TMP := var/vendor-download
vendor:
	@command -v npm >/dev/null 2>&1 || { echo "make vendor needs npm (Debian: apt-get install npm)"; exit 1; }
	rm -rf $(VENDOR_TMP) && mkdir -p $(VENDOR_TMP)/htmx $(VENDOR_TMP)/axe static/vendor
	cd $(VENDOR_TMP) && npm pack --silent htmx.org@$(HTMX_VERSION) axe-core@$(AXE_CORE_VERSION)
	tar -xzf $(VENDOR_TMP)/htmx.org-$(HTMX_VERSION).tgz -C $(VENDOR_TMP)/htmx
	tar -xzf $(VENDOR_TMP)/axe-core-$(AXE_CORE_VERSION).tgz -C $(VENDOR_TMP)/axe
	cp $(VENDOR_TMP)/htmx/package/dist/htmx.min.js static/vendor/htmx.min.js
	cp $(VENDOR_TMP)/htmx/package/LICENSE static/vendor/htmx.LICENSE
	cp $(VENDOR_TMP)/axe/package/axe.min.js static/vendor/axe.min.js
	cp $(VENDOR_TMP)/axe/package/LICENSE static/vendor/axe-core.LICENSE
	rm -rf $(VENDOR_TMP)
	cd static/vendor && sha256sum htmx.min.js axe.min.js

demo: venv
	$(PY) -m embedded.demo

demo-reset: venv
	$(PY) -m embedded.demo --reset

# Compiles requirements/*.in into the hashed locks with pip-tools (needs the package registry, like make vendor).
# Pins already in a lock stay as they are; to move one, e.g. make lock LOCK_ARGS="--upgrade-package Django".
PIP_TOOLS_VERSION := 7.6.2
LOCK_ARGS ?=
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" .venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host $(LOCK_ARGS)
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet pip-tools==$(PIP_TOOLS_VERSION)
	$(PIP_COMPILE) --output-file requirements/production.txt requirements/production.in
	$(PIP_COMPILE) --output-file requirements/development.txt requirements/development.in
	rm -rf .venv-lock

# Benchmarks at scale (docs/benchmarks.md): all of them (~15 minutes on two cores), or one at a time.
bench: venv
	$(PY) -m bench
bench-pages: venv
	$(PY) -m bench.pages
bench-click: venv
	$(PY) -m bench.click
bench-click-bulk: venv
	$(PY) -m bench.click_under_bulk
bench-bulk: venv
	$(PY) -m bench.bulk
bench-csv: venv
	$(PY) -m bench.csv_export

emulator: venv
	$(PY) -m google_emulator serve --host 127.0.0.1 --port 8090 --seed demo

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache
