"""Reading a source (extract/documents.py) and the readers that walk nested data (JSON, YAML): inputs that would
block or never end get one line naming the file, and the other sources still build. Each test runs the CLI in a
subprocess with a time limit, so a hang fails the test instead of holding the suite."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO


def build(tmp_path, *names: str, timeout: float = 30) -> tuple[int, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "extract", "build", "--catalog", "demo", "--out", "out", *names],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stderr


GOOD = "Code\tMessage\n100\tBad input.\n101\tNot signed in.\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_in_one_line_and_the_other_sources_still_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.tsv").write_text(GOOD, encoding="utf-8")
    code, err = build(tmp_path, "pipe.txt", "good.tsv")
    assert code == 2
    assert "error: pipe.txt: not a regular file (a pipe, socket or device); give a file" in err.splitlines()
    assert not (tmp_path / "out").exists()  # nothing written when a source fails


def test_a_folder_is_refused_in_one_line(tmp_path):
    (tmp_path / "docs").mkdir()
    code, err = build(tmp_path, "docs")
    assert (code, err.strip()) == (2, "error: docs: is a directory, not a document")


def test_json_nested_past_any_catalog_is_refused_in_one_line(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 1000 + "]" * 1000, encoding="utf-8")
    code, err = build(tmp_path, "deep.json")
    assert (code, err.strip()) == (2, "error: deep.json: JSON nested more than 64 levels deep; no error catalog "
                                      "nests so deep")


def test_a_line_of_brackets_neither_recurses_nor_hangs(tmp_path):
    (tmp_path / "brackets.md").write_text("[" * 50000 + "\n", encoding="utf-8")
    code, err = build(tmp_path, "brackets.md")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_yaml_alias_bomb_neither_hangs_nor_exhausts_memory(tmp_path):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefg", "bcdefgh"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, err = build(tmp_path, "bomb.yaml")
    assert "Traceback" not in err and code in (0, 2)


@pytest.mark.parametrize("number", ["1e10000", "NaN", "-Infinity"])
def test_a_json_number_that_is_not_finite_is_refused(tmp_path, number):
    (tmp_path / "codes.json").write_text(f'[{{"code": {number}, "message": "Too big."}}, '
                                         '{"code": 2, "message": "Fine."}]\n', encoding="utf-8")
    code, err = build(tmp_path, "codes.json")
    assert code == 2 and err.strip().startswith("error: codes.json: invalid JSON: ")
    assert len(err.strip().splitlines()) == 1


def test_formulas_in_catalog_csv_are_escaped_and_numbers_kept(tmp_path):
    (tmp_path / "f.tsv").write_text('Code\tMessage\n100\t=HYPERLINK("http://x","click")\n-1\t@SUM(A1)\n'
                                    '102\tA plain text.\n', encoding="utf-8")
    code, err = build(tmp_path, "f.tsv")
    assert code == 0, err
    rows = (tmp_path / "out" / "catalog.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert rows == ["demo,-1,1,,,'@SUM(A1),,,,f",  # the code -1 is a number, kept; the formula is escaped
                    'demo,100,1,,,"\'=HYPERLINK(""http://x"",""click"")",,,,f',
                    "demo,102,1,,,A plain text.,,,,f"]


def test_control_characters_and_terminal_escapes_are_removed_with_a_conflict_that_says_so(tmp_path):
    import json

    padding = "".join(f"{200 + i}\tFiller message {i}.\n" for i in range(400))  # the NUL lies past the first 8 KiB
    text = ("Code\tMessage\n100\tBad \x1b[31minput\x1b[0m.\n" + padding
            + "101\tNot\x00 signed\x07 in.\n")
    (tmp_path / "codes.tsv").write_text(text, encoding="utf-8")
    assert len(text.split("\x00")[0].encode()) > 8192
    code, err = build(tmp_path, "codes.tsv")
    assert code == 0, err
    entries = {e["code"]: e for e in json.loads((tmp_path / "out/catalog.json").read_text())["entries"]}
    assert entries["100"]["message"] == "Bad input."
    assert entries["101"]["message"] == "Not signed in."
    assert "\x00" not in (tmp_path / "out/catalog.csv").read_text()
    fixes = [c for c in json.loads((tmp_path / "out/conflicts.json").read_text())["conflicts"]
             if c["resolution"].get("rule") == "control-characters-removed"]
    assert len(fixes) == 1 and fixes[0]["kind"] == "normalized_value"
    assert fixes[0]["message"] == ("4 control characters or terminal escapes (\\x00, \\x07, \\x1b[0m, \\x1b[31m) "
                                   "were removed from lines 2,403; no document means them as text.")


def test_a_source_over_max_bytes_is_refused_and_the_others_still_build(tmp_path):
    (tmp_path / "big.tsv").write_text(GOOD + "".join(f"{200 + i}\tMessage {i}.\n" for i in range(100)))
    (tmp_path / "good.tsv").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "extract", "build", "--catalog", "demo", "--out", "out",
                           "--max-bytes", "1000", "big.tsv", "good.tsv"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.strip() == "error: big.tsv: larger than --max-bytes 1,000 bytes; raise the limit to read it"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("args", [["build", "--manifest", "pipe"], ["diff", "pipe", "pipe"],
                                  ["generate", "markdown", "--catalog", "x", "--out", "-", "--input", "pipe"]])
def test_every_file_the_toolkit_reads_refuses_a_fifo_in_one_line(tmp_path, args):
    os.mkfifo(tmp_path / "pipe")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "extract", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=30)
    assert (proc.returncode, proc.stderr) == (2, "error: pipe: not a regular file (a pipe, socket or device); "
                                                 "give a file\n")


def test_a_manifest_that_is_a_folder_or_names_a_nul_gets_one_line(tmp_path):
    (tmp_path / "raw_sources").mkdir()
    (tmp_path / "raw_sources" / "sources.toml").write_text(
        '[[source]]\nid = "a"\npath = "a\\u0000b.tsv"\ncatalog = "x"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "extract", *a], cwd=tmp_path, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=30)
    folder = run("build", "--manifest", "raw_sources")
    assert (folder.returncode, folder.stderr) == (2, "error: raw_sources: is a directory, not a manifest\n")
    nul = run("build")
    assert nul.returncode == 2 and "Traceback" not in nul.stderr and len(nul.stderr.splitlines()) == 1
    assert "NUL" in nul.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_a_device_that_never_ends_is_refused_in_one_line(tmp_path):
    (tmp_path / "good.tsv").write_text(GOOD, encoding="utf-8")
    code, err = build(tmp_path, "/dev/zero", "good.tsv")
    assert code == 2
    assert "error: /dev/zero: not a regular file (a pipe, socket or device); give a file" in err.splitlines()
    assert not (tmp_path / "out").exists()
