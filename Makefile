# Qyzmet. Quick start: `make run` (set up and run on embedded defaults), `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup run serve bot test build locales nlu nlu-eval rasa rasa-env rasa-train clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $@

# The knowledge base (SQLite under var/), the built-in NLU model (var/nlu/), the UI catalogs:
# each only when out of date. The knowledge base and the model record a fingerprint of what
# they were made from (--if-stale); a catalog is compiled when its .po is newer than its .mo.
# `qyzmet kb build` / `qyzmet nlu train` without --if-stale always rebuild.
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locales/*/LC_MESSAGES/messages.po))

build: setup $(CATALOGS)
	$(BIN)/qyzmet kb build --if-stale
	$(BIN)/qyzmet nlu train --if-stale
	$(BIN)/qyzmet voice prompts --if-possible

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel -q compile -i $< -o $@

# Embedded defaults: SQLite under var/, built-in NLU, no tokens, no network.
# The assistant in this terminal (Ctrl-D ends); `make serve` runs it as the local HTTP server instead.
run: build
	$(BIN)/qyzmet chat

serve: build
	$(BIN)/qyzmet serve --host 127.0.0.1 --port 8080

# The Telegram bot (needs BOT_TOKEN; OPERATORS_CHAT_ID for handing chats to operators): long polling,
# or the webhook on the HTTP server when PUBLIC_BASE_URL is set.
bot: build
	$(BIN)/qyzmet bot

# After changing UI strings: extract them and merge into the kk and ru catalogs (then translate).
locales: setup
	$(BIN)/pybabel -q extract -F babel.cfg --sort-by-file --no-wrap -o locales/messages.pot --project qyzmet .
	$(BIN)/pybabel -q update -i locales/messages.pot -d locales -D messages --no-wrap --ignore-obsolete

nlu-eval: setup
	$(BIN)/qyzmet nlu eval

# Rasa 3.6 (the alternative NLU backend) in its own Python 3.10 environment, cached
# under ~/.cache/qyzmet: `make rasa` serves it on 127.0.0.1:5005; then
# NLU_BACKEND=rasa qyzmet nlu parse "…"
rasa-env:
	scripts/rasa.sh env
rasa-train:
	scripts/rasa.sh train
rasa: rasa-train
	scripts/rasa.sh serve

# The whole suite. The Rasa tests need the Rasa environment and model; where Python
# 3.10 is missing they are skipped and say why.
test: setup
	scripts/rasa.sh train || echo "warning: no Rasa environment; the Rasa backend tests will be skipped"
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var .pytest_cache
