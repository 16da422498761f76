"""Fixtures shared by every test module: where the project is, and running the CLI the way a user does."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parents[2] / "shared" / "corpus"  # ../shared/corpus beside the repository


def run_cli(args: list[str], cwd: Path | str | None = None) -> tuple[int, str, str]:
    """`python -m extract ARGS…` in a subprocess (cwd: the project copy to work in); (returncode, stdout, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", "extract", *map(str, args)], cwd=cwd or REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="session")
def repo() -> Path:
    """The project's root folder (read it, never write into it)."""
    return REPO


@pytest.fixture(scope="session")
def corpus() -> Path:
    """`../shared/corpus` beside the project; tests that need it are skipped where it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent")
    return CORPUS


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch project: a copy of the repository's raw_sources/ in tmp_path, to run the CLI in."""
    shutil.copytree(REPO / "raw_sources", tmp_path / "raw_sources")
    return tmp_path


@pytest.fixture(name="run_cli")
def run_cli_fixture():
    return run_cli


@pytest.fixture(scope="session")
def adhoc_build(tmp_path_factory):
    """`adhoc_build(catalog, *paths)` → the parsed catalog.json and conflicts.json of an ad-hoc build of those
    documents (paths relative to the repository, or absolute), run once per session in a scratch copy."""
    cache: dict[tuple, dict] = {}

    def build(catalog: str, *paths: str | Path) -> dict:
        key = (catalog, *map(str, paths))
        if key not in cache:
            work = tmp_path_factory.mktemp("adhoc")
            shutil.copytree(REPO / "raw_sources", work / "raw_sources")
            code, out, err = run_cli(["build", "--catalog", catalog, "--out", work / "out", *paths], cwd=work)
            assert code == 0, err
            cache[key] = {
                "catalog": json.loads((work / "out" / "catalog.json").read_text(encoding="utf-8")),
                "conflicts": json.loads((work / "out" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"],
                "stderr": err,
            }
        return cache[key]

    return build


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> dict:
    """The manifest build (`python -m extract build`, what `make extract` runs) of a scratch copy of raw_sources/,
    run once per session: {"root": the copy, "catalog": catalog.json, "conflicts": […], "stderr": …}.
    Read it, never write into it (tests that resolve or edit make their own copy)."""
    work = tmp_path_factory.mktemp("seed-build")
    shutil.copytree(REPO / "raw_sources", work / "raw_sources")
    code, out, err = run_cli(["build"], cwd=work)
    assert code == 0, err
    return {
        "root": work,
        "catalog": json.loads((work / "normalized" / "catalog.json").read_text(encoding="utf-8")),
        "conflicts": json.loads((work / "normalized" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"],
        "stderr": err,
    }
