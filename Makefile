# The README's two commands: `make demo` and `make test`. Both set up .venv first (once).
PY ?= python3
VENV ?= .venv
QUESTION ?= Who has the burden of establishing the law enforcement privilege?

.PHONY: setup demo test test-fast bench eval

$(VENV)/.installed: pyproject.toml
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	$(VENV)/bin/pip install -q torch==2.13.0
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/rulebot index
	$(VENV)/bin/rulebot ask "$(QUESTION)"

test: setup
	$(VENV)/bin/python -m pytest -q

test-fast: setup
	$(VENV)/bin/python -m pytest -q -m "not model"

eval: setup
	$(VENV)/bin/rulebot index
	$(VENV)/bin/rulebot eval ../shared/eval/dev.jsonl

bench: setup
	$(VENV)/bin/python bench/bench_core.py
