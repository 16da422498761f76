"""`raw_sources/resolutions.toml`: a reviewer's decisions, keyed by conflict id, applied on every build.

    ["value_mismatch:backend-services:603:5d0c2a8f1e"]
    decision = "accept"            # accept a source's value: needs `source`
    source = "backend-services-table"
    note = "the current table is right"

`decision = "value"` gives a `value`; `decision = "acknowledge"` keeps the conflict as intended. A decision
may carry `values`, the competing values it was made on: when they change, the decision is stale.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .build import Build

DECISIONS = ("accept", "value", "acknowledge")


def load_resolutions(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"invalid resolutions file: {exc}") from None
    for cid, decision in data.items():
        if not isinstance(decision, dict) or decision.get("decision") not in DECISIONS:
            raise InputError(str(path), f"[{cid!r}]: 'decision' must be one of {', '.join(DECISIONS)}")
        if decision["decision"] == "accept" and not decision.get("source"):
            raise InputError(str(path), f"[{cid!r}]: decision 'accept' needs 'source'")
        if decision["decision"] == "value" and "value" not in decision:
            raise InputError(str(path), f"[{cid!r}]: decision 'value' needs 'value'")
    return data


def value_texts(conflict) -> list:
    return [v.get("value") for v in conflict.values]


def apply_resolutions(build: "Build", path: Path) -> list[str]:
    """Mark decided conflicts `manual`; return warnings for unknown and stale decisions."""
    decisions = load_resolutions(path)
    warnings = []
    by_id = {c.id: c for c in build.conflicts}
    for cid, d in sorted(decisions.items()):
        conflict = by_id.get(cid)
        if conflict is None:
            warnings.append(f"{path}: decision for {cid} matches no conflict any more (remove it)")
            continue
        if "values" in d and d["values"] != value_texts(conflict):
            warnings.append(f"{path}: decision for {cid} is stale: the competing values changed since it was made")
            conflict.resolution = {**conflict.resolution, "stale_decision": d.get("note", "")}
            continue
        if d["decision"] == "accept":
            chosen = [v["value"] for v in conflict.values if v.get("source") == d["source"]]
            if not chosen:
                warnings.append(f"{path}: decision for {cid} accepts {d['source']}, which gives no value here")
                continue
            value = chosen[0]
        elif d["decision"] == "value":
            value = d["value"]
        else:
            value = conflict.resolution.get("value")
        conflict.resolution = {"status": "manual", "value": value, "rule": d["decision"], "note": d.get("note", "")}
        _apply_to_entry(build, conflict, value, d["decision"])
    return warnings


def _apply_to_entry(build: "Build", conflict, value, decision: str) -> None:
    """A decided field value replaces the chosen one in the catalog (acknowledging changes nothing)."""
    if decision == "acknowledge" or not conflict.field or conflict.code is None:
        return
    from .model import Cell, Loc

    result = build.catalogs.get(conflict.catalog)
    for entry in result.entries if result else []:
        if entry.code == conflict.code and entry.variant == (conflict.variant or 1):
            entry.cells[conflict.field] = Cell(value, str(value), Loc("resolutions", "raw_sources/resolutions.toml"))
