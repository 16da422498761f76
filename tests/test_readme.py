"""README.md against the toolkit, as sqlite-utils tests its docs: every verb and every flag of the command line is
documented, and every example session in the README runs as written and prints what the README shows.

A session is a fenced code block whose lines start with `$ `: each `$` command runs with bash in a scratch copy of
the project (raw_sources/ and a normalized/ built as `make extract` builds it, `../shared` beside it), with the
venv's bin first on PATH as after the README's activation line; its stdout and stderr together must be the lines
that follow it up to the next `$` line. A line `…` stands for any number of lines; `echo $?` prints the exit code
of the command before it. The commands of one block run in order in one copy (so `resolve` then `cat` sees the
decision); every block starts from a fresh copy, so no example depends on another having run. Comments right
above a block: `<!-- not run: REASON -->` skips it, `<!-- setup: COMMANDS -->` runs COMMANDS in its copy first.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO
from extract import cache, cli

README = REPO / "README.md"
SHARED = REPO.parent / "shared"  # the README's ../shared/corpus paths
ELISION = "…"
COMMENT = re.compile(r"^<!--\s*(not run|setup):\s*(.*?)\s*-->$")


@dataclass
class Block:
    line: int  # of the opening fence, 1-based
    lines: list[str]
    not_run: str = ""
    setup: list[str] = field(default_factory=list)

    def session(self) -> list[tuple[str, list[str]]]:
        """(command, the output the README shows for it) for every `$` line, in order."""
        steps: list[tuple[str, list[str]]] = []
        for n, text in enumerate(self.lines, start=self.line + 1):
            if text.startswith("$ "):
                steps.append((text[2:], []))
            elif not steps:
                raise AssertionError(f"README.md:{n}: a session block must start with a `$ ` command: {text!r}")
            else:
                steps[-1][1].append(text)
        return steps


def readme_blocks(text: str) -> list[Block]:
    """Every fenced code block with the marker comments on the lines just above its fence."""
    blocks, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        if not lines[i].startswith("```"):
            i += 1
            continue
        start, body = i, []
        i += 1
        while i < len(lines) and lines[i].rstrip() != "```":
            body.append(lines[i])
            i += 1
        block = Block(start + 1, body)
        j = start - 1
        while j >= 0 and (COMMENT.match(lines[j].strip()) or not lines[j].strip()):
            m = COMMENT.match(lines[j].strip())
            if m and m.group(1) == "not run":
                block.not_run = m.group(2) or "no reason given"
            elif m:
                block.setup.insert(0, m.group(2))
            j -= 1
        blocks.append(block)
        i += 1
    return blocks


def sessions() -> list[Block]:
    return [b for b in readme_blocks(README.read_text(encoding="utf-8")) if any(ln.startswith("$ ") for ln in b.lines)]


def shown_as(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is what `expected` shows, a line `…` standing for any number of lines."""
    if ELISION not in expected:
        return expected == actual
    parts = [[]]
    for line in expected:
        if line == ELISION:
            parts.append([])
        else:
            parts[-1].append(line)
    head, *middle, tail = parts
    if len(head) + len(tail) > len(actual) or actual[:len(head)] != head or actual[len(actual) - len(tail):] != tail:
        return False
    rest = actual[len(head):len(actual) - len(tail)]
    for part in middle:  # leftmost match of each part in turn: with only "…" wildcards, greedy is exact
        at = next((k for k in range(len(rest) - len(part) + 1) if rest[k:k + len(part)] == part), None)
        if at is None:
            return False
        rest = rest[at + len(part):]
    return True


def _lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PYTHONPATH", "VIRTUAL_ENV")}
    # The venv's python and extract first, as after `. .venv/bin/activate`; the bin folder is the one running
    # these tests, not resolved (a venv's python is a symlink to the base interpreter).
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # As a terminal shows it: stdout and stderr in the order they were written, plain text.
    env.update(NO_COLOR="1", PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8", COLUMNS="100")
    return env


class Projects:
    """raw_sources/ and the normalized/ (and build cache) that `make extract` leaves, built once per version of
    the toolkit's code: a build saved by other code makes every verb say it is out of date, which no README shows."""

    def __init__(self, root: Path):
        self.root, self.built = root, {}

    def template(self) -> Path:
        version = cache.code_version.__wrapped__()  # the code as it is now, not as this process first read it
        if version not in self.built:
            folder = self.root / f"template-{version}"
            shutil.copytree(REPO / "raw_sources", folder / "raw_sources")
            proc = subprocess.run([sys.executable, "-m", "extract", "build"], cwd=folder, env=_env(),
                                  capture_output=True, text=True, timeout=300)
            assert proc.returncode == 0, proc.stdout + proc.stderr
            self.built[version] = folder
        return self.built[version]


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> Projects:
    return Projects(tmp_path_factory.mktemp("readme"))


def _scratch(projects: Projects, name: str) -> Path:
    folder = projects.root / name
    shutil.copytree(projects.template(), folder / "main", symlinks=True)
    if SHARED.is_dir():
        (folder / "shared").symlink_to(SHARED, target_is_directory=True)
    return folder / "main"


@pytest.mark.parametrize("block", sessions(), ids=lambda b: f"README.md:{b.line}")
def test_readme_session_prints_what_the_readme_shows(block: Block, projects: Projects):
    if block.not_run:
        pytest.skip(f"README.md:{block.line}: not run: {block.not_run}")
    steps = block.session()
    if any("../shared/" in command for command, _ in steps) and not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent")
    cwd, env = _scratch(projects, f"block-{block.line}"), _env()
    for setup in block.setup:
        proc = subprocess.run(["bash", "-c", setup], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, f"README.md:{block.line}: setup {setup!r} failed: {proc.stdout}{proc.stderr}"
    status = 0
    for command, expected in steps:
        # `(exit N)` first, so `$?` in the command is the exit code of the command before it
        proc = subprocess.run(["bash", "-c", f"(exit {status}); {command}"], cwd=cwd, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300)
        status, actual = proc.returncode, _lines(proc.stdout)
        expected = _lines("\n".join(expected))
        assert shown_as(expected, actual), (
            f"README.md:{block.line}: `{command}` printed otherwise than the README shows (- README, + printed):\n"
            + "\n".join(difflib.unified_diff(expected, actual, lineterm="", n=2)))


def _verbs(p: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(verb path, parser) for the top-level parser and every verb under it, however deep."""
    yield path, p
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _verbs(sub, (*path, name))


def _mentioned(option: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_every_verb_has_its_own_section_in_the_readme():
    text = README.read_text(encoding="utf-8")
    headings = [line for line in text.split("\n") if line.startswith("### `")]
    missing = [" ".join(path) for path, _ in _verbs(cli.parser()) if path
               and not any(h.startswith(f"### `{' '.join(path)}") for h in headings)]
    assert not missing, f"verbs without a `### \\`VERB …\\`` section in README.md: {missing}"


def test_every_flag_of_every_verb_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [f"{' '.join(path) or 'extract'} {option}" for path, p in _verbs(cli.parser())
               for action in p._actions for option in action.option_strings if not _mentioned(option, text)]
    assert not missing, f"flags the README never mentions: {missing}"


def test_elision_stands_for_any_number_of_lines():
    assert shown_as(["a", ELISION, "d"], ["a", "b", "c", "d"])
    assert shown_as(["a", ELISION, "b"], ["a", "b"])
    assert shown_as([ELISION, "c", ELISION], ["a", "b", "c", "d"])
    assert not shown_as(["a", ELISION, "c", ELISION, "b"], ["a", "b", "c"])
    assert not shown_as(["a", "b"], ["a", "b", "c"])


def test_marker_comments_belong_to_the_block_below_them():
    text = "<!-- not run: slow -->\n```\n$ make bench\n```\n\n<!-- setup: rm x -->\n\n```\n$ ls\n```\n```\nplain\n```\n"
    first, second, third = readme_blocks(text)
    assert (first.not_run, first.setup, first.line) == ("slow", [], 2)
    assert (second.not_run, second.setup, second.session()) == ("", ["rm x"], [("ls", [])])
    assert (third.not_run, third.setup) == ("", [])


def test_the_diff_rules_table_is_the_registry():
    from extract.diff_render import rules_table

    assert rules_table() in README.read_text(encoding="utf-8")
