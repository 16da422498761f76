# Every target sets the project up from nothing: a venv in .venv, the package installed into it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: extract test check review diff bench clean

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

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

check: $(VENV)/.installed
	$(BIN)/python -m extract check

review: $(VENV)/.installed
	$(BIN)/python -m extract review

# The committed catalog against the working tree's: what the last `make extract` changed.
diff: $(VENV)/.installed
	$(BIN)/python -m extract diff git:HEAD normalized

clean:
	rm -rf $(VENV) build *.egg-info
