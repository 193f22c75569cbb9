# Two commands on a fresh machine (Python 3.11 + pip):  `make run`  and  `make test`.
# Both create or reuse .venv, install the pinned set from constraints.txt, and work offline afterwards.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The default install compiles nothing (llama.cpp comes as the prebuilt xllamacpp wheel). CMAKE_ARGS only
# matter for the optional 'llm-legacy' extra (llama-cpp-python, source-only on PyPI, ~6 min on 2 cores, for
# the old-vs-new engine benchmark); a native (-march) build of it crashes on these VMs (see docs).
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=ON \
  -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF \
  -DLLAMA_BUILD_EXAMPLES=OFF
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: install run test lint bench lock

# Bytecode is written as modules are first imported, a fraction of the installed set, instead of all of it at
# install (uv's --compile-bytecode: 30 s on 2 cores). A machine that sets PYTHONDONTWRITEBYTECODE would have every
# process compile its imports again (the app's imports: 28 s instead of 16 s), so it is not passed on.
unexport PYTHONDONTWRITEBYTECODE

# uv installs the pinned set in half the time pip takes, even from an empty cache (docs/benchmarks.md, test
# time). uv does not read pip's configuration, so the wheel folders pip is told to look in (find-links: this
# machine's CPU torch build) are passed on, those that exist; pip installs instead should uv fail.
PIP_LINKS = $(or $(PIP_FIND_LINKS),$(shell $(PYTHON) -m pip config get global.find-links 2>/dev/null))
FIND_LINKS = $(foreach link,$(PIP_LINKS),$(if $(findstring ://,$(link)),$(link),$(wildcard $(link))))
$(STAMP): pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt uv && \
	  $(BIN)/uv pip install --python $(BIN)/python $(addprefix --find-links ,$(FIND_LINKS)) \
	    -c constraints.txt -e '.[dev,llm]' || \
	  { echo "uv failed: installing with pip"; $(BIN)/python -m pip install -c constraints.txt -e '.[dev,llm]'; }
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/paperchat ingest seeds/
	$(BIN)/python app.py

# Two test processes (pytest-xdist), each test given to whichever is free: the suite waits on app starts, servers
# and subprocesses as much as it computes, so two keep both cores busy (docs/benchmarks.md, test time).
TEST_WORKERS ?= 2
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py

# Regenerate constraints.txt from a clean venv with every extra; refuses pins to local files.
LOCK_VENV := /tmp/paperchat-lock-venv
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet torch==2.13.0 -e '.[dev,llm,llm-large]'
	$(LOCK_VENV)/bin/python -m pip freeze --exclude-editable | grep -v '^paperchat' | sort -f > constraints.txt.new
	@if grep -nE ' @ |file:' constraints.txt.new; then echo "local pins above: fix them"; exit 1; fi
	sed -i 's/^torch==2.13.0+cpu$$/torch==2.13.0/' constraints.txt.new  # the on-disk CPU build
	mv constraints.txt.new constraints.txt
