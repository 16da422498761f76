"""Helpers for the layout tests: an ad-hoc build of one document through the CLI, its entries as tuples, and
the lines of the document that ended nowhere."""
from __future__ import annotations

import json
import re
from pathlib import Path


def lines_of_location(location: str) -> list[int]:
    """The lines a location names: `file:4`, `file:4-6`, `file:247-248,339` (runs)."""
    m = re.search(r":([\d,-]+)$", location)
    if not m:
        return []
    lines = []
    for run in m.group(1).split(","):
        a, _, b = run.partition("-")
        lines += range(int(a), int(b or a) + 1)
    return lines


def build(run_cli, tmp_path: Path, name: str, text: str | None = None, source: Path | None = None) -> dict:
    path = source or tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["build", "--catalog", "demo", "--out", tmp_path / "out", path], cwd=tmp_path)
    assert code == 0, err
    catalog = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    conflicts = json.loads((tmp_path / "out" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    return {"catalog": catalog, "conflicts": conflicts, "path": path}


def rows(built) -> list[tuple]:
    return [(e["code"], e["name"], e["http_status"], e["description"], e["category"])
            for e in built["catalog"]["entries"]]


def lost_lines(built) -> list[str]:
    """Non-blank lines of the document that end in no record field, note, range, layout item or conflict."""
    owner: set[int] = set()

    def own(items):
        for item in items:
            lines = item.get("lines") or []
            if not lines:
                lines = lines_of_location(item.get("location", ""))
            owner.update(lines)

    for e in built["catalog"]["entries"]:
        own([p for f, p in e["provenance"].items() if f != "category"])
    for c in built["catalog"]["catalogs"]:
        own(c["notes"])
        own(c["ranges"])
    for s in built["catalog"]["sources"]:
        own(s["layout"])
    own([v for c in built["conflicts"] for v in c["values"]])
    text = built["path"].read_text(encoding="utf-8").split("\n")
    return [f"{n}: {line}" for n, line in enumerate(text, 1) if line.strip() and n not in owner]
