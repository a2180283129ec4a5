# The README's two commands: `make demo` and `make test`. Both set up .venv first (once).
PY ?= python3
VENV ?= .venv
QUESTION ?= Who has the burden of establishing the law enforcement privilege?
# PyTorch: TORCH=cpu (default) installs the CPU build from PyTorch's own index, as deploy/Dockerfile does
# (about 1.8 GB in .venv; PyPI's Linux build is the CUDA one, with 15 nvidia-* packages: about 6 GB); when that
# index cannot be reached, torch comes from the default index instead, with a warning.  TORCH=cuda asks for
# the default index's build (CUDA on Linux).  To switch, remove $(VENV) first.
TORCH ?= cpu
TORCH_VERSION := 2.13.0
TORCH_CPU_INDEX ?= https://download.pytorch.org/whl/cpu
# The tests run in this many processes (pytest-xdist): two halve the suite's time on a 2-core machine (10 min 52 s
# -> 7 min 0 s).  Each process loads the model and its own index (about 1.4 GB), so more is not better on small
# machines; TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 2

.PHONY: setup demo test test-fast bench eval

$(VENV)/.installed: pyproject.toml
	test -x $(VENV)/bin/python || $(PY) -m venv $(VENV)
	@case "$(TORCH)" in \
	  cpu) echo "installing the CPU build of torch $(TORCH_VERSION) from $(TORCH_CPU_INDEX)"; \
	       $(VENV)/bin/pip install -q --no-compile --retries 1 --timeout 20 --index-url $(TORCH_CPU_INDEX) torch==$(TORCH_VERSION) \
	       || { echo "warning: $(TORCH_CPU_INDEX) could not be reached; installing torch $(TORCH_VERSION) from the" \
	                 "default index (on Linux that is the CUDA build, about 6 GB)" >&2; \
	            $(VENV)/bin/pip install -q --no-compile torch==$(TORCH_VERSION); } ;; \
	  cuda) $(VENV)/bin/pip install -q --no-compile torch==$(TORCH_VERSION) ;; \
	  *) echo "TORCH=$(TORCH): use TORCH=cpu (the default) or TORCH=cuda" >&2; exit 2 ;; \
	esac
	$(VENV)/bin/pip install -q --no-compile -e '.[dev]'
	$(VENV)/bin/python -c "import torch; print('torch', torch.__version__, 'CUDA', torch.version.cuda or 'none')"
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/rulebot index
	$(VENV)/bin/rulebot ask "$(QUESTION)"

test: setup
	$(VENV)/bin/python -m pytest -q -n $(TEST_WORKERS)

test-fast: setup
	$(VENV)/bin/python -m pytest -q -n $(TEST_WORKERS) -m "not model and not slow"

eval: setup
	$(VENV)/bin/rulebot index
	$(VENV)/bin/rulebot eval ../shared/eval/dev.jsonl

bench: setup
	$(VENV)/bin/python bench/bench_core.py
