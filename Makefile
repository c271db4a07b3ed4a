# The README's two commands live here: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
FLASK   := $(BIN)/flask --app evalsys
HOST    ?= 127.0.0.1
PORT    ?= 5000
PYTEST_ARGS ?=

.PHONY: run test lint bench chromium clean translations translations-update

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## translations-update: collect new Indonesian strings into the English catalog to translate
translations-update: $(VENV)/.runtime
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_pgettext:1c,2 --project=evalsys --version=0.1.0 -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --ignore-obsolete

## translations: compile the catalogs (the .mo files are committed, so a fresh install needs none)
translations: $(VENV)/.runtime
	$(BIN)/pybabel compile -d translations --statistics

## run: install, migrate the SQLite database in instance/, load the demo once, serve on :5000
run: $(VENV)/.runtime
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host $(HOST) --port $(PORT)

## test: install test tools (and Debian's Chromium when possible), run the whole suite
test: $(VENV)/.dev chromium
	$(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# Browser tests need Debian's Chromium; install it when we are root and apt works.
# When it cannot be installed the browser tests skip and say why.
chromium:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "Chromium could not be installed; browser tests will be skipped."; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .

bench: $(VENV)/.dev
	for b in bench/*_bench.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) instance/evalsys.db .pytest_cache
