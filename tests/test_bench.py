"""`bench/bench.py --quick`: a smoke run of `make bench` at tiny sizes. It checks that every section is measured
and written, never how fast anything is (timings are judged by `make bench` itself, not by tests)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

SECTIONS = ("layouts", "scaling", "reconcile", "manifest", "check", "seeds")
LAYOUTS = {"tab", "csv", "markdown", "html", "pdf", "prose", "collapsed+tab", "dump+tab", "grid", "asciidoc"}


def test_quick_bench_writes_every_section(tmp_path):
    results, tables = tmp_path / "results.json", tmp_path / "bench.md"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "bench.py"), "--quick", "--results", str(results),
                           "--markdown", str(tables)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(results.read_text(encoding="utf-8"))
    assert data["quick"] is True
    assert data["machine"]["cores"] >= 1 and data["machine"]["python"]
    assert set(data["sections"]) == set(SECTIONS)
    sections = data["sections"]
    for name in ("layouts", "scaling"):
        assert {r["layout"] for r in sections[name]["rows"]} == LAYOUTS
    for r in sections["layouts"]["rows"]:
        assert r["floor_seconds"] >= 0 and r["build_seconds"] > 0 and r["build_peak_mb"] > 0 and "pass" in r
    assert [r["run"] for r in sections["manifest"]["runs"]] == [
        "cold", "warm, nothing changed", "warm, one source changed"]
    assert sections["manifest"]["sources"] == 20
    assert sections["reconcile"]["sources"] == ["tab", "markdown", "csv"] and sections["reconcile"]["peak_mb"] > 0
    assert "check_seconds" in sections["check"] and sections["seeds"]["runs"][0]["cpu_seconds"] > 0
    text = tables.read_text(encoding="utf-8")
    for title in ("floor of its parser", "Scaling", "3 sources", "manifest of 20 sources", "extract check", "seeds"):
        assert title in text
    assert "| layout |" in proc.stdout  # the tables are printed too
