"""The command line as a whole (extract/cli.py): one error path for every failure, output a terminal can show
whatever a document holds, and the limits a user can set."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO
from extract import pipeline as build_module
from extract import cli, parsers

GOOD = "Code\tMessage\n100\tBad input.\n101\tNot signed in.\n"


def crashing_rule(exc: Exception) -> parsers.LayoutRule:
    def parse(doc, ctx):
        raise exc
    return parsers.LayoutRule("tab", sniff=lambda doc: 1.0, parse=parse, summary="crashes")


@pytest.mark.parametrize("debug", [False, True])
def test_a_parser_crash_fails_its_source_in_one_line_that_says_bug_and_the_others_still_report(
        tmp_path, monkeypatch, capsys, debug):
    (tmp_path / "a.tsv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.tsv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "c.tsv").write_text("", encoding="utf-8")
    real_detect = parsers.detect
    monkeypatch.setattr(build_module.parsers, "detect", lambda doc: crashing_rule(RecursionError("too deep"))
                        if doc.source == "a" else real_detect(doc))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        cli.main(["build", "--catalog", "demo", "--out", "out", "a.tsv", "b.tsv", "c.tsv",
                  *(["--debug"] if debug else [])])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert lines == [
        "error: c.tsv: empty document",
        "error: a.tsv: the toolkit failed reading it as tab (RecursionError: too deep); this is a bug, please "
        "report it (README.md › Reporting a bug; --debug shows the traceback)",
    ]
    assert ("Traceback (most recent call last)" in err) == debug
    assert not (tmp_path / "out").exists()


def test_a_crash_outside_any_source_is_one_line_exit_3_with_the_traceback_only_under_debug(monkeypatch, capsys):
    def broken(args):
        raise KeyError("oops")
    monkeypatch.setattr(cli, "cmd_kinds", broken)
    assert cli.main(["kinds"]) == 3
    err = capsys.readouterr().err
    assert err == ("error: internal error (KeyError: 'oops'); this is a bug in extract, please report it "
                   "(README.md › Reporting a bug; --debug shows the traceback)\n")
    assert cli.main(["--debug", "kinds"]) == 3
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_file_names_and_messages_never_send_escapes_to_the_terminal(tmp_path):
    name = "evil\x1b]0;owned\x07\x1b[2J.tsv"
    (tmp_path / name).write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "extract", "build", "--catalog", "demo", "--out", "out", name],
                          cwd=tmp_path, env=env, capture_output=True, timeout=30)
    assert proc.returncode == 2
    assert b"\x1b" not in proc.stderr and b"\x07" not in proc.stderr
    assert proc.stderr.decode() == "error: evil\\x1b]0;owned\\x07\\x1b[2J.tsv: empty document\n"


def test_arguments_that_are_not_utf8_get_one_line_not_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "extract", "build", "--catalog", "demo", "--out", "out",
                           b"caf\xe9.tsv"], cwd=tmp_path, env=env, capture_output=True, timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.decode("utf-8", "replace").splitlines() == ["error: caf\\udce9.tsv: file not found"]


def test_a_console_that_cannot_print_an_arrow_still_gets_the_output(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "ascii"}
    proc = subprocess.run([sys.executable, "-m", "extract", "review"], cwd=REPO, env=env, capture_output=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert b"Traceback" not in proc.stderr


def test_a_pdf_over_max_pages_is_refused_in_one_line(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("Helvetica", size=10)
    for page in range(3):
        pdf.add_page()
        pdf.cell(0, 10, f"{400 + page} Bad request on page {page}.")
    pdf.output(str(tmp_path / "spec.pdf"))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "extract", "build", "--catalog", "demo", "--out", "out",
                           "--max-pages", "2", "spec.pdf"], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "error: spec.pdf: has 3 pages, more than --max-pages 2; raise the limit to read it\n"


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_limits_must_be_positive_numbers(value, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["build", "--max-bytes", value])
    assert stop.value.code == 2
    assert capsys.readouterr().err.startswith(f"error: argument --max-bytes: {value!r} is not a positive whole number")
