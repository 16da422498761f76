"""A source document is updated after a reviewer decided some conflicts: the untouched conflicts keep their ids
and decisions (even where the edit moved their lines), the touched ones come back new or with a stale decision.

Works on a copy of raw_sources/ (the `project` fixture), running the CLI the way a user does (cwd = the copy).
"""
from __future__ import annotations

import json
from pathlib import Path

TABLE = "backend-services-table"
PDF = "backend-services-pdf-dump"
SCRAPE = "backend-services-web-scrape"
TSV = "raw_sources/backend-services-table.tsv"


def conflicts_of(root: Path) -> list[dict]:
    return json.loads((root / "normalized" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]


def entries_of(root: Path) -> dict[tuple, dict]:
    doc = json.loads((root / "normalized" / "catalog.json").read_text(encoding="utf-8"))
    return {(e["catalog"], e["code"], e["variant"]): e for e in doc["entries"]}


def find(conflicts, kind, code, field=None, **extra) -> dict:
    found = [c for c in conflicts if c["kind"] == kind and c["catalog"] == "backend-services" and c["code"] == code
             and (field is None or c["field"] == field) and all(c[k] == v for k, v in extra.items())]
    assert len(found) == 1, (kind, code, field, len(found))
    return found[0]


def test_untouched_conflicts_keep_ids_and_decisions_touched_ones_are_new_or_stale(project, run_cli):
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    before = conflicts_of(project)
    dup107 = find(before, "duplicate_code", "107")["id"]
    msg902 = find(before, "value_mismatch", "902", "message")["id"]
    status607 = find(before, "missing_value", "607", "http_status")["id"]
    lacks219 = find(before, "missing_in_source", "219")["id"]
    fill610 = find(before, "missing_value", "610", "http_status")["id"]
    decisions = [
        [dup107, "--acknowledge", "--note", "three meanings, listed three times on purpose"],
        [msg902, "--accept", PDF, "--note", "the old wording is what the server sends"],
        [status607, "--value", "404", "--note", "checked against the service"],
        [lacks219, "--acknowledge", "--note", "219 is newer than the PDF"],
        [fill610, "--accept", PDF, "--note", "400, as the PDF says"],
    ]
    for args in decisions:
        code, out, err = run_cli(["resolve", *args], cwd=project)
        assert code == 0, err
        assert "recorded in raw_sources/resolutions.toml" in out
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0 and "warning" not in err, err
    decided = {c["id"]: c for c in conflicts_of(project)}
    assert all(decided[cid]["resolution"]["status"] == "manual" for cid in (dup107, msg902, status607, lacks219, fill610))

    # The update: the table drops row 219 (every row below moves up a line) and gives 610 a status.
    tsv = project / TSV
    lines = tsv.read_text(encoding="utf-8").split("\n")
    assert sum(line.startswith("219\t") for line in lines) == 1
    lines = [line for line in lines if not line.startswith("219\t")]
    lines = [line.replace("610\t\t", "610\t415\t", 1) if line.startswith("610\t") else line for line in lines]
    tsv.write_text("\n".join(lines), encoding="utf-8")

    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    after = conflicts_of(project)
    by_id = {c["id"]: c for c in after}

    # Untouched: same ids, same decisions, though their table lines moved.
    gone = {c["id"] for c in before} - set(by_id)
    assert gone == {fill610}
    for cid, rule in ((dup107, "acknowledge"), (msg902, "accept"), (status607, "value")):
        assert by_id[cid]["resolution"]["status"] == "manual" and by_id[cid]["resolution"]["rule"] == rule
    assert by_id[msg902]["values"][0]["location"] == f"{TSV}:61"  # was line 62
    entries = entries_of(project)
    assert entries[("backend-services", "902", 1)]["message"] == "Server timed Out"
    assert entries[("backend-services", "607", 1)]["http_status"] == 404

    # Touched: the decision on 219's absence was made on values that changed → stale, warned, not manual.
    assert f"decision for {lacks219} is stale" in err
    stale = by_id[lacks219]
    assert stale["resolution"]["status"] == "open" and stale["resolution"]["status"] != "manual"
    assert stale["resolution"]["stale_decision"] == "219 is newer than the PDF"
    assert [v["source"] for v in stale["values"]] == [SCRAPE]
    # … the 610 fill is no more: its decision matches nothing and says so.
    assert f"decision for {fill610} matches no conflict any more" in err
    assert err.count("warning:") == 2

    # … and what the edit brought is new and open.
    new = {c["id"]: c for c in after if c["id"] not in {b["id"] for b in before}}
    assert sorted((c["kind"], c["code"]) for c in new.values()) == [("missing_in_source", "219"),
                                                                    ("value_mismatch", "610")]
    mismatch = find(after, "value_mismatch", "610", "http_status")
    assert mismatch["severity"] == "error" and mismatch["resolution"]["status"] == "open"
    assert [(v["source"], v["value"]) for v in mismatch["values"]] == [(TABLE, 415), (SCRAPE, None), (PDF, 400)]
    lacks = [c for c in new.values() if c["kind"] == "missing_in_source"][0]
    assert lacks["message"] == f"Code 219 is listed by {SCRAPE} but not by {TABLE}."
    assert lacks["resolution"]["status"] == "open"

    # The new error and the stale decision keep the gate shut.
    code, out, _ = run_cli(["check"], cwd=project)
    assert code == 1 and mismatch["id"] in out


def test_ids_are_the_same_on_a_rebuild(project, run_cli):
    assert run_cli(["build"], cwd=project)[0] == 0
    first = (project / "normalized" / "conflicts.json").read_bytes()
    assert run_cli(["build"], cwd=project)[0] == 0
    assert (project / "normalized" / "conflicts.json").read_bytes() == first
    ids = [c["id"] for c in conflicts_of(project)]
    assert len(ids) == len(set(ids))
