# Tightrope. Two commands: `make run` (dashboard on the bundled data) and `make test` (every test).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run cluster test quick install install-dev unit app e2e lint validate bench geo audit clean i18n

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: install
	$(BIN)/streamlit run app.py --server.port $(PORT)

# nginx in front of REPLICAS app processes on one host (README "Deploying"); Ctrl-C stops them all.
REPLICAS ?= 2
cluster: install
	$(BIN)/python -m deploy.cluster --port $(if $(filter command line environment,$(origin PORT)),$(PORT),8500) --replicas $(REPLICAS)

test: install-dev
	$(BIN)/python -m tightrope validate data
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(VULTURE)
	$(BIN)/python -m pytest -q -n auto tests/unit tests/app
	$(BIN)/python -m pytest -q tests/e2e

# the inner loop: lint and the unit tests, stopping at the first failure (about a minute); `make test` runs everything
quick: install-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -x tests/unit

unit: install-dev
	$(BIN)/python -m pytest -q tests/unit
app: install-dev
	$(BIN)/python -m pytest -q tests/app
e2e: install-dev
	$(BIN)/python -m pytest -q tests/e2e
# dead code: vulture over everything (tests count as users); names used only by pydeck, pybabel extract (catalog lists), pytest (marks,
# autouse fixtures) or callers outside the repository are listed with --ignore-names.
VULTURE := $(BIN)/vulture app.py pages components tightrope scripts bench tests --min-confidence 60 --ignore-names removed_backups,pytestmark,_no_legacy_pages_mode,_clean_env,_restore,_english_after,_bundled_data_after,VALUE_LABELS,HEADERS
lint: install-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(VULTURE)
validate: install
	$(BIN)/python -m tightrope validate data
# Translations: extract every message into locale/messages.pot, merge it into each language's .po
# (new messages come in untranslated, changed ones fuzzy: tests/unit/test_i18n.py fails until a
# translator fills them in), and compile the .mo files the app loads (committed).
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output -o locale/messages.pot .
	$(BIN)/pybabel update -i locale/messages.pot -d locale -D messages --ignore-obsolete --no-wrap
	$(BIN)/python scripts/fill_catalog.py $(FILL)
	$(BIN)/pybabel compile -d locale -D messages --statistics
bench: install-dev
	$(BIN)/python -m bench
geo: install
	$(BIN)/python -m pip install --quiet -r requirements-geo.txt
	$(BIN)/python scripts/build_geo.py $(if $(TARBALL),--tarball $(TARBALL))
	$(BIN)/python -m tightrope manifest data
# Known vulnerabilities in the pinned runtime dependencies (pip-audit, pinned in requirements-dev.txt).
# Needs the network; offline it says SKIPPED and exits 0. Not part of `make test`.
audit: | $(BIN)/python
	@if $(BIN)/python -m pip install --quiet "$$(grep -E '^pip-audit==' requirements-dev.txt)"; then \
		$(BIN)/python scripts/audit.py requirements.txt; \
	else echo "SKIPPED: pip-audit could not be installed (no package index reachable); nothing was checked."; fi
clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
