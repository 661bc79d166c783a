# The two commands of the README: `make demo` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: venv test lint demo demo-reset lock emulator clean

venv: $(STAMP)

# Reinstalls only when the pinned requirements change.
$(STAMP): requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "meetadmin needs $(PYTHON) (Python 3.11) on PATH"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --requirement requirements.lock
	touch $(STAMP)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: venv lint
	$(PY) -m pytest

demo: venv
	$(PY) -m embedded.demo

demo-reset: venv
	$(PY) -m embedded.demo --reset

# Regenerates the exact pins from requirements.in (needs the package registry).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet --requirement requirements.in
	.venv-lock/bin/pip freeze --exclude-editable > requirements.lock
	rm -rf .venv-lock

emulator: venv
	$(PY) -m google_emulator serve --host 127.0.0.1 --port 8090 --seed demo

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache
