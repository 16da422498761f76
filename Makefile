# Every target sets the project up from nothing: a venv in .venv, the package installed into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: extract test browser compilers check review diff bench matrix accuracy fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The project alone (what `make extract` needs) …
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# … and with the test tools.
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

extract: $(VENV)/.installed
	$(BIN)/python -m extract build

test: $(VENV)/.installed-dev browser compilers
	$(BIN)/python -m pytest

# The report test drives a real headless Chromium through chromedriver (Debian packages; nothing is downloaded
# at test time). Installed with apt only when /usr/bin/chromedriver is missing; needs root (as on CI).
browser:
	@if [ -x /usr/bin/chromedriver ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "make: /usr/bin/chromedriver is missing: installing Debian's chromium and chromium-driver with apt-get (for the report.html browser test)"; \
	  apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver; \
	else \
	  echo "make: /usr/bin/chromedriver is missing and this is not root: the report.html browser test will be skipped (install with: sudo apt-get install chromium chromium-driver)"; \
	fi

# The compilers the generated-code checks use (tests/test_generate.py): TypeScript from the npm registry into the
# project's own .tools/ (nothing global), Go as Debian's golang-go with apt-get when `go` is missing and this is root;
# javac comes with the JDK. A compiler that cannot be had makes its check skip with the reason, never fail.
compilers:
	@if [ -x .tools/node_modules/.bin/tsc ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
	  echo "make: installing TypeScript 5 into .tools/ with npm (for the generated TypeScript compile check)"; \
	  npm install --silent --no-audit --no-fund --prefix .tools typescript@5 || \
	    echo "make: npm could not install TypeScript: the TypeScript compile check will be skipped"; \
	else \
	  echo "make: npm is missing: the TypeScript compile check will be skipped (install Node.js and npm)"; \
	fi
	@if command -v go >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "make: go is missing: installing Debian's golang-go with apt-get (for the generated Go vet check)"; \
	  apt-get update && apt-get install -y --no-install-recommends golang-go; \
	else \
	  echo "make: go is missing and this is not root: the Go vet check will be skipped (install with: sudo apt-get install golang-go)"; \
	fi
	@command -v javac >/dev/null 2>&1 || \
	  echo "make: javac is missing: the Java compile check will be skipped (install a JDK, e.g. sudo apt-get install default-jdk-headless)"

check: $(VENV)/.installed
	$(BIN)/python -m extract check

review: $(VENV)/.installed
	$(BIN)/python -m extract review

# The committed catalog against the working tree's: what the last `make extract` changed.
diff: $(VENV)/.installed
	$(BIN)/python -m extract diff git:HEAD normalized

# Each layout's build beside the floor of its library, scaling, reconcile, manifest, check and seeds figures against
# issue 11's targets; writes bench/results.json and bench/bench.md (BENCH_ROWS rows per layout, default 20000).
bench: $(VENV)/.installed
	$(BIN)/python bench/bench.py

# Fields read exactly per layout × shape on generated catalogs rendered in every layout (tests/matrix/README.md);
# prints the table and writes bench/matrix.md.
matrix: $(VENV)/.installed-dev
	$(BIN)/python -m tests.matrix

# Fields read exactly per real document of tests/corpus/ against its truth file; prints the table and writes
# bench/accuracy.md (`python bench/accuracy.py --record` records the floors tests/test_accuracy.py holds).
accuracy: $(VENV)/.installed-dev
	$(BIN)/python bench/accuracy.py

# A longer fuzz run than make test's bounded one: FUZZ_SECONDS of hypothesis examples over every layout;
# what it finds is written to bench/fuzz.md.
FUZZ_SECONDS ?= 300
fuzz: $(VENV)/.installed-dev
	$(BIN)/python -m tests.fuzz --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) build *.egg-info
