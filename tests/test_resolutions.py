"""Reviewer decisions (`resolve ID --accept SOURCE | --value V | --acknowledge`), as a user records them, and the
`check` gate. Each test works in its own copy of raw_sources/ (the `project` fixture)."""
from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest

PDF = "backend-services-pdf-dump"
TABLE = "backend-services-table"


def load(root: Path) -> tuple[dict, dict]:
    conflicts = json.loads((root / "normalized" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    doc = json.loads((root / "normalized" / "catalog.json").read_text(encoding="utf-8"))
    return {c["id"]: c for c in conflicts}, {(e["catalog"], e["code"], e["variant"]): e for e in doc["entries"]}


def cid(conflicts: dict, kind: str, code: str, field: str | None = None, catalog="backend-services") -> str:
    found = [c["id"] for c in conflicts.values() if c["kind"] == kind and c["code"] == code
             and c["catalog"] == catalog and (field is None or c["field"] == field)]
    assert len(found) == 1, (kind, code, field)
    return found[0]


@pytest.fixture
def built(project, run_cli):
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    return project


def resolve(run_cli, root, *args) -> str:
    code, out, err = run_cli(["resolve", *args], cwd=root)
    assert code == 0, err
    return out


def rebuild(run_cli, root) -> str:
    code, _, err = run_cli(["build"], cwd=root)
    assert code == 0, err
    return err


def test_accept_takes_the_sources_value_into_the_catalog(built, run_cli):
    conflicts, _ = load(built)
    mismatch = cid(conflicts, "value_mismatch", "902", "message")
    out = resolve(run_cli, built, mismatch, "--accept", PDF, "--note", "what the server really sends")
    assert out.strip() == f"recorded in raw_sources/resolutions.toml: {mismatch} → accept {PDF}"
    saved = tomllib.loads((built / "raw_sources" / "resolutions.toml").read_text(encoding="utf-8"))[mismatch]
    assert saved["decision"] == "accept" and saved["source"] == PDF and saved["note"] == "what the server really sends"
    assert "warning" not in rebuild(run_cli, built)
    conflicts, entries = load(built)
    assert conflicts[mismatch]["resolution"] == {"status": "manual", "value": "Server timed Out", "rule": "accept",
                                                 "note": "what the server really sends"}
    entry = entries[("backend-services", "902", 1)]
    assert entry["message"] == "Server timed Out"
    # the accepted value keeps its own provenance: the PDF's line, not the decision file
    assert (entry["provenance"]["message"]["source"], entry["provenance"]["message"]["location"]) == (
        PDF, "raw_sources/backend-services-pdf-dump.txt:143")
    rows = list(csv.DictReader(io.StringIO((built / "normalized" / "catalog.csv").read_text(encoding="utf-8"))))
    assert next(r for r in rows if r["code"] == "902")["message"] == "Server timed Out"


def test_value_gives_a_typed_value(built, run_cli):
    conflicts, _ = load(built)
    missing = cid(conflicts, "missing_value", "617", "http_status")
    ops = cid(conflicts, "value_mismatch", "107", "operations")
    resolve(run_cli, built, missing, "--value", "508", "--note", "loop detected")
    resolve(run_cli, built, ops, "--value", "Create, Create User")
    rebuild(run_cli, built)
    conflicts, entries = load(built)
    assert conflicts[missing]["resolution"]["status"] == "manual"
    assert conflicts[missing]["resolution"]["value"] == 508
    assert entries[("backend-services", "617", 1)]["http_status"] == 508
    assert entries[("backend-services", "107", 2)]["operations"] == ["Create", "Create User"]
    assert entries[("backend-services", "107", 1)]["operations"] == ["All"]  # the other variants are untouched


def test_acknowledge_keeps_the_catalog_as_it_is(built, run_cli):
    conflicts, entries_before = load(built)
    dup = cid(conflicts, "duplicate_code", "107")
    ops = cid(conflicts, "value_mismatch", "611", "operations")
    resolve(run_cli, built, dup, "--acknowledge", "--note", "three entries on purpose")
    resolve(run_cli, built, ops, "--acknowledge")
    rebuild(run_cli, built)
    conflicts, entries = load(built)
    assert conflicts[dup]["resolution"] == {"status": "manual", "value": None, "rule": "acknowledge",
                                            "note": "three entries on purpose"}
    assert conflicts[ops]["resolution"]["status"] == "manual"
    assert entries == entries_before


def test_decision_for_an_unknown_id_warns(built, run_cli):
    path = built / "raw_sources" / "resolutions.toml"
    path.write_text('["value_mismatch:backend-services:999:0000000000"]\ndecision = "acknowledge"\n',
                    encoding="utf-8")
    err = rebuild(run_cli, built)
    assert ("warning: raw_sources/resolutions.toml: decision for value_mismatch:backend-services:999:0000000000 "
            "matches no conflict any more") in err
    conflicts, _ = load(built)
    assert all(c["resolution"]["status"] != "manual" for c in conflicts.values())


def test_resolve_refuses_an_unknown_id_and_a_source_without_a_value(built, run_cli):
    code, _, err = run_cli(["resolve", "no-such-id", "--acknowledge"], cwd=built)
    assert code == 2 and "no conflict with id 'no-such-id'" in err
    conflicts, _ = load(built)
    lacks = cid(conflicts, "missing_in_source", "219")
    code, _, err = run_cli(["resolve", lacks, "--accept", PDF], cwd=built)
    assert code == 2 and f"{PDF!r} gives no value" in err
    code, _, err = run_cli(["resolve", lacks, "--acknowledge", "--value", "x"], cwd=built)
    assert code == 2 and "exactly one of" in err
    assert not (built / "raw_sources" / "resolutions.toml").exists()


def test_a_malformed_decision_is_bad_input(built, run_cli):
    (built / "raw_sources" / "resolutions.toml").write_text('["x"]\ndecision = "maybe"\n', encoding="utf-8")
    code, _, err = run_cli(["check"], cwd=built)
    assert code == 2
    assert err.count("\n") == 1 and "resolutions.toml" in err and "decision" in err


def test_check_fails_while_an_error_is_open_and_passes_once_all_are_decided(built, run_cli):
    code, out, err = run_cli(["check"], cwd=built)
    assert code == 1
    conflicts, _ = load(built)
    errors = [c for c in conflicts.values() if c["severity"] == "error" and c["resolution"]["status"] == "open"]
    assert sorted((c["kind"], c["code"]) for c in errors) == [
        ("duplicate_code", "107"), ("missing_value", "107"), ("missing_value", "607"), ("missing_value", "617"),
        ("value_mismatch", "902")]
    assert out.splitlines() == [f"{c['id']}: {c['message']}" for c in errors]
    assert "check failed: 5 open conflicts of severity error" in err

    *rest, last = errors
    for c in rest:
        if c["kind"] == "value_mismatch":
            resolve(run_cli, built, c["id"], "--accept", TABLE)
        elif c["kind"] == "missing_value":
            resolve(run_cli, built, c["id"], "--value", "500")
        else:
            resolve(run_cli, built, c["id"], "--acknowledge")
    code, out, _ = run_cli(["check"], cwd=built)
    assert code == 1 and out.strip() == f"{last['id']}: {last['message']}"
    resolve(run_cli, built, last["id"], "--accept", TABLE)
    code, out, _ = run_cli(["check"], cwd=built)
    assert code == 0 and "check passed" in out


def test_a_later_decision_replaces_the_earlier_one(built, run_cli):
    conflicts, _ = load(built)
    mismatch = cid(conflicts, "value_mismatch", "902", "message")
    resolve(run_cli, built, mismatch, "--accept", PDF)
    resolve(run_cli, built, mismatch, "--accept", TABLE, "--note", "second thoughts")
    text = (built / "raw_sources" / "resolutions.toml").read_text(encoding="utf-8")
    assert text.count(f'["{mismatch}"]') == 1
    rebuild(run_cli, built)
    _, entries = load(built)
    assert entries[("backend-services", "902", 1)]["message"] == "The execution of the custom server code timed out."
