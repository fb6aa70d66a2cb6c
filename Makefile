# Two commands do all set-up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
OUT ?= site

.PHONY: site test check serve clean bench vendor translations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

site: $(STAMP)  ## build every demo site into site/
	$(BIN)/debrief build --source . --out $(OUT)

# axe-core and vnu-jar, exactly as package-lock.json pins them, for the browser tests
# (no install scripts: vnu-jar's would download a Java; the tests use the system's).
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the accessibility (axe-core) and HTML (vnu) checks will be skipped"; \
	fi

test: $(STAMP) $(NODE_STAMP)  ## run every test: unit, built sites, hosting, and the demo in a real browser (screenshots in build/)
	$(BIN)/python -m pytest

# The edit-test loop: every test but those driving a browser, one worker per core, each test
# module on one worker (so a module's built agency is built once); under a minute on two cores.
check: $(STAMP)  ## every test without a browser, in parallel: the quick loop while editing
	$(BIN)/python -m pytest -m "not browser" -n $(or $(JOBS),auto) --dist loadfile -q

serve: $(STAMP)  ## live preview of one client: make serve CLIENT=aurora-coffee
	$(BIN)/debrief serve $(or $(CLIENT),aurora-coffee)

bench: $(STAMP)  ## build a generated agency and print timings (CHECK=1: twice, exit 1 on a missed target)
	$(BIN)/python -m tools.bench $(if $(CHECK),--check) $(BENCH_ARGS)

vendor: $(STAMP)  ## refresh the offline Vega bundle in theme/
	$(BIN)/python -c "import vl_convert as v; open('theme/assets/javascripts/vega.min.js','w').write('/* Vega, Vega-Lite and vega-embed, bundled offline by vl-convert-python ' + v.__version__ + ' (make vendor). */\n' + v.javascript_bundle())"

LOCALE := generator/locale
TRANSLATED := ru ko zh

translations: $(STAMP)  ## after changing a string a person reads: extract, update every catalog, compile
	$(BIN)/pybabel -q extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 --add-location=file --sort-output \
		--project=Debrief --copyright-holder=Debrief -o $(LOCALE)/messages.pot generator
	for lang in $(TRANSLATED); do \
		test -f $(LOCALE)/$$lang/LC_MESSAGES/messages.po || $(BIN)/pybabel -q init -i $(LOCALE)/messages.pot -d $(LOCALE) -l $$lang; \
	done
	$(BIN)/pybabel -q update -i $(LOCALE)/messages.pot -d $(LOCALE) --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALE) --statistics

clean:
	rm -rf $(VENV) $(OUT) .debrief-work build .pytest_cache node_modules pdf
