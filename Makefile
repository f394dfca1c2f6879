# Two commands on a fresh machine: `make run` and `make test`. Each builds .venv by itself, from
# the lock files, so every machine runs the versions the suite passed on (README "Versions").
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# How many app processes `make run-cluster` puts behind the proxy.
REPLICAS ?= 2

LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# uv makes the lock files; it lives in a venv of its own so that locking never changes .venv.
TOOLS := .venv-tools
UV_VERSION := 0.13.9
# The lock is made for the machines that run the app and CI: Linux x86_64, Python 3.11.
# uv keeps every pin the lock already has while pyproject.toml still allows it;
# LOCK_ARGS="--upgrade-package NAME" (or "--upgrade") moves pins on purpose.
UV_COMPILE = $(TOOLS)/bin/uv pip compile pyproject.toml --quiet --generate-hashes \
	--python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
	--custom-compile-command "make lock" $(LOCK_ARGS)

.PHONY: run run-cluster test lint demo bench lock upgrade-streamlit clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The lock brings every dependency with its hash; the project itself goes in without them.
$(VENV)/.installed-app: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(DEV_LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed-app $@

run: $(VENV)/.installed-app
	$(BIN)/streamlit run serve.py --server.address 0.0.0.0 --server.port $(PORT)

# Several app processes behind HAProxy on one PostgreSQL (README "Scaling out"); needs Debian's
# haproxy, and postgresql unless KOHTAAMO_DB names a server. In the foreground until Ctrl-C.
run-cluster: $(VENV)/.installed-app
	$(BIN)/python -m kohtaamo.cluster --replicas $(REPLICAS) --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

# Not part of `make test`: 200 simulated phones against the real app, a few minutes.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run $(BENCH_ARGS)

demo: $(VENV)/.installed-app
	$(BIN)/kohtaamo demo

$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

# Refreshes both lock files after pyproject.toml changed. The dev lock is resolved first and
# constrains the app's, so the app runs the very versions the suite ran on.
lock: | $(TOOLS)/bin/uv
	$(UV_COMPILE) --extra dev -o $(DEV_LOCK)
	$(UV_COMPILE) -c $(DEV_LOCK) -o $(LOCK)

# Trying a new Streamlit (README "Upgrading Streamlit"): raise its range in pyproject.toml first;
# this takes the newest release the range allows, installs exactly that and runs the whole suite,
# the compatibility checks included. Commit the lock only when it passes.
upgrade-streamlit: | $(TOOLS)/bin/uv
	$(MAKE) lock LOCK_ARGS="--upgrade-package streamlit"
	$(MAKE) test

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .ruff_cache
