# Two commands: `make run` serves the app, `make test` runs every test. Both set up what they need.
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup run test bench lessons-check
setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(VENV)/bin/kubetutor serve

test: setup
	$(VENV)/bin/kubetutor lessons check
	$(VENV)/bin/pytest

bench: setup
	$(PY) bench/run.py
