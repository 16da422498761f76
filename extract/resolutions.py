"""`raw_sources/resolutions.toml`: a reviewer's decisions, keyed by conflict id, applied on every build.

    ["value_mismatch:backend-services:603:5d0c2a8f1e"]
    decision = "accept"            # accept a source's value: needs `source`
    source = "backend-services-table"
    note = "the current table is right"

`decision = "value"` gives a `value`; `decision = "acknowledge"` keeps the conflict as intended. A decision
may carry `values`, the competing values it was made on: when they change, the decision is stale.
"""
from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .model import Resolution

if TYPE_CHECKING:
    from .build import Build

DECISIONS = ("accept", "value", "acknowledge")


def load_resolutions(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(str(path), f"invalid TOML: {str(exc).split(' (at')[0]}", line) from None
    for cid, decision in data.items():
        line = next((n for n, t in enumerate(text.splitlines(), 1) if t.strip() == f"[{json.dumps(cid)}]"), None)
        if not isinstance(decision, dict) or decision.get("decision") not in DECISIONS:
            raise InputError(str(path), f"[{cid!r}]: 'decision' must be one of {', '.join(DECISIONS)}", line)
        if decision["decision"] == "accept" and not decision.get("source"):
            raise InputError(str(path), f"[{cid!r}]: decision 'accept' needs 'source'", line)
        if decision["decision"] == "value" and "value" not in decision:
            raise InputError(str(path), f"[{cid!r}]: decision 'value' needs 'value'", line)
    return data


def value_texts(conflict) -> list:
    """The competing values as TOML can hold them (no null): what a decision was made on."""
    return [_plain(v.value) for v in conflict.values]


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def record_decision(build: "Build", path: Path, cid: str, decision: str, argument, note: str):
    """Append (or replace) the decision for one conflict, with the values it was made on."""
    conflict = next((c for c in build.conflicts if c.id == cid), None)
    if conflict is None:
        raise InputError(str(path), f"no conflict with id {cid!r} in the current build (see `extract review`)")
    if decision == "accept" and argument not in {v.source for v in conflict.values}:
        sources = ", ".join(sorted({v.source for v in conflict.values}))
        raise InputError(str(path), f"{argument!r} gives no value in {cid} (sources: {sources})")
    lines = [f"[{json.dumps(cid)}]", f"decision = {json.dumps(decision)}"]
    if decision == "accept":
        lines.append(f"source = {json.dumps(argument)}")
    elif decision == "value":
        lines.append(f"value = {_toml_value(_typed(argument, conflict.field))}")
    lines.append(f"note = {json.dumps(note, ensure_ascii=False)}")
    lines.append(f"values = {_toml_value(value_texts(conflict))}")
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    text = _without_table(text, cid).rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return conflict


HEADER = """# Reviewer decisions on conflicts, keyed by conflict id. Written by `python -m extract resolve`;
# edit by hand if you like. `values` are the competing values a decision was made on: when they change,
# the build warns that the decision is stale and leaves the conflict open.
"""


def _typed(argument: str, field: str | None):
    if field == "http_status":
        if not (str(argument).isdigit() and 100 <= int(argument) <= 599):
            raise InputError("--value", f"{argument!r} is not an HTTP status (a number from 100 to 599)")
        return int(argument)
    if field == "operations":
        return [p.strip() for p in str(argument).split(",") if p.strip()]
    return argument


def _without_table(text: str, cid: str) -> str:
    """The file without the table of one conflict id (so a new decision replaces the old one)."""
    out, skipping = [], False
    for line in text.splitlines():
        if line.startswith("["):
            skipping = line.strip() == f"[{json.dumps(cid)}]"
        if not skipping:
            out.append(line)
    return "\n".join(out)


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
            conflict.resolution = replace(conflict.resolution, stale_decision=d.get("note", ""))
            continue
        if d["decision"] == "accept":
            chosen = [v.value for v in conflict.values if v.source == d["source"]]
            if not chosen:
                warnings.append(f"{path}: decision for {cid} accepts {d['source']}, which gives no value here")
                continue
            value = chosen[0]
        elif d["decision"] == "value":
            value = d["value"]
        else:
            value = conflict.resolution.value
        conflict.resolution = Resolution("manual", value, d["decision"], note=d.get("note", ""))
        _apply_to_entry(build, conflict, value, d, path)
    return warnings


def _apply_to_entry(build: "Build", conflict, value, decision: dict, path: Path) -> None:
    """A decided field value replaces the chosen one in the catalog (acknowledging changes nothing). An accepted
    source's value keeps that source's provenance; a given value points at the decision."""
    if decision["decision"] == "acknowledge" or not conflict.field or conflict.code is None:
        return
    from .documents import display_path
    from .model import Cell, Loc

    result = build.catalogs.get(conflict.catalog)
    for entry in result.entries if result else []:
        if entry.code == conflict.code and entry.variant == (conflict.variant or 1):
            accepted = [r.cells[conflict.field] for r in entry.records
                        if decision["decision"] == "accept" and r.source == decision["source"]
                        and conflict.field in r.cells]
            entry.cells[conflict.field] = accepted[0] if accepted else Cell(
                value, str(value), Loc("resolutions", display_path(path, path.parent.parent)))
