"""`raw_sources/resolutions.toml`: a reviewer's decisions, keyed by conflict id, applied on every build.

    ["value_mismatch:backend-services:603:5d0c2a8f1e"]
    decision = "accept"            # accept a source's value: needs `source`
    source = "backend-services-table"
    note = "the current table is right"

`decision = "value"` gives a `value`; `decision = "acknowledge"` keeps the conflict as intended. A decision
may carry `values`, the competing values it was made on: when they change, the decision is stale.

The file is read strictly (tomllib) and every decision checked when read, by type and range, as strictly as
`resolve --value` checks what it is given: a hand edit cannot put into the catalog what `resolve` would refuse.
It is written with tomlkit, which keeps the reviewer's comments and layout, under an exclusive lock and through
a uniquely named temporary file (`writes.replace_file`), so two `resolve` runs both land and a full disk or a
kill leaves the old file whole.
"""
from __future__ import annotations

import datetime
import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .model import Resolution

if TYPE_CHECKING:
    from .pipeline import Build

DECISIONS = ("accept", "value", "acknowledge")
KEYS = ("decision", "source", "value", "note", "values")
HTTP_STATUS = range(100, 600)

HEADER = """# Reviewer decisions on conflicts, keyed by conflict id. Written by `python -m extract resolve`;
# edit by hand if you like. `values` are the competing values a decision was made on: when they change,
# the build warns that the decision is stale and leaves the conflict open.
"""


# ---------------------------------------------------------------------------------------------- reading


@dataclass
class Decisions:
    """The decisions of one file, with its text kept so that an error found later can name its line."""

    path: Path
    text: str
    data: dict

    def error(self, cid: str, key: str | None, reason: str) -> InputError:
        return InputError(str(self.path), f"[{_quoted(cid)}]: {reason}", decision_line(self.text, cid, key))


def load_resolutions(path: Path) -> dict[str, dict]:
    return read_decisions(path).data


def read_decisions(path: Path) -> Decisions:
    return checked_decisions(_read_text(path), path)


def _read_text(path: Path) -> str:
    if not os.path.lexists(path):
        return ""
    from .documents import read_text

    return read_text(path, "decisions file")  # a FIFO, a folder or bytes that are not UTF-8: one line


def checked_decisions(text: str, path: Path) -> Decisions:
    """Parse and check every decision; the first fault is a one-line InputError naming file and line."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason, line = _parse_error(str(exc), text)
        raise InputError(str(path), f"invalid TOML: {reason}", line) from None
    found = Decisions(path, text, data)
    for cid, d in data.items():
        if not isinstance(d, dict):
            raise found.error(cid, None, f"must be a table of a decision, not {_type_name(d)}")
        for key in d:
            if key not in KEYS:
                raise found.error(cid, key, f"unknown key {key!r} (valid: {', '.join(KEYS)})")
        if d.get("decision") not in DECISIONS:
            raise found.error(cid, "decision" if "decision" in d else None,
                              f"'decision' must be one of {', '.join(DECISIONS)}")
        if d["decision"] == "accept" and not (isinstance(d.get("source"), str) and d["source"].strip()):
            raise found.error(cid, "source" if "source" in d else None, "decision 'accept' needs 'source', a source id")
        if d["decision"] == "value" and "value" not in d:
            raise found.error(cid, None, "decision 'value' needs 'value'")
        if "value" in d and d["decision"] != "value":
            raise found.error(cid, "value", f"'value' belongs to decision 'value', not {d['decision']!r}")
        if "source" in d and d["decision"] != "accept":
            raise found.error(cid, "source", f"'source' belongs to decision 'accept', not {d['decision']!r}")
        if "note" in d and not isinstance(d["note"], str):
            raise found.error(cid, "note", f"'note' must be a string, not {_type_name(d['note'])}")
        if "values" in d and not isinstance(d["values"], list):
            raise found.error(cid, "values", f"'values' must be a list, not {_type_name(d['values'])}")
        if "value" in d:
            # The field is known only from the conflict (it is hashed into the id): its type and range are
            # checked when the decision is applied; here, what no field of the catalog can hold.
            value = d["value"]
            if not (isinstance(value, str) or _is_int(value) or _is_list_of_str(value)):
                raise found.error(cid, "value", f"'value' must be a string, an integer or a list of strings, "
                                                f"not {_type_name(value)}")
    return found


def _parse_error(message: str, text: str) -> tuple[str, int | None]:
    """tomllib's message without its position, and the line (Python 3.11 gives no `lineno` attribute)."""
    reason, _, where = message.partition(" (at ")
    if where.startswith("line "):
        digits = where[5:].split(",", 1)[0]
        return reason, int(digits) if digits.isdigit() else None
    if where.startswith("end of document"):
        return reason, text.count("\n") + 1
    return reason, None


def decision_line(text: str, cid: str, key: str | None = None) -> int | None:
    """The line of `key` in the decision for `cid` (of its table header for key None); best effort, on the
    shapes `resolve` writes and a reviewer edits: `["id"]` tables, their `key = …` lines, or `"id" = {…}`."""
    table, header = None, None
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if s.startswith("[") and not s.startswith("[["):
            table = _first_key(s)
            if table == cid and header is None:
                header = n
                if key is None:
                    return n
        elif "=" in s and not s.startswith("#"):
            name = _first_key(s.split("=", 1)[0] + "= 0")
            if table is None and name == cid:
                return n  # an inline table or a dotted key at the top: the line holds the decision
            if table == cid and name == key:
                return n
    return header


def _first_key(toml_text: str) -> str | None:
    try:
        return next(iter(tomllib.loads(toml_text)), None)
    except tomllib.TOMLDecodeError:
        return None


def _quoted(cid: str) -> str:
    import json

    return json.dumps(cid, ensure_ascii=False)


def _type_name(value) -> str:
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return f"a TOML date or time ({value.isoformat()})"
    if isinstance(value, float):
        return f"a float ({value!r})"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int):
        return f"an integer ({value})"
    return f"a string ({value!r})"


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_list_of_str(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


# ---------------------------------------------------------------------------------------------- values


def field_value_problem(value, field: str | None) -> str | None:
    """Why `value` cannot stand in `field` of the catalog (None when it can): the one check for `resolve --value`
    and for a hand-edited `value`. http_status is an integer 100–599, operations a list of non-empty strings,
    every other field a string; values are one line of text, so no control characters."""
    if field is None:
        return "the conflict is on no field, so a value has nowhere to go (acknowledge it instead)"
    if field == "http_status":
        if not (_is_int(value) and value in HTTP_STATUS):
            return f"{_shown(value)} is not an HTTP status (an integer from 100 to 599)"
        return None
    if field == "operations":
        if not _is_list_of_str(value) or any(not v.strip() for v in value):
            return f"{_shown(value)} is not a list of operation names (non-empty strings)"
        texts = value
    elif not isinstance(value, str):
        return f"{_shown(value)} is not text, as {field} must be"
    else:
        texts = [value]
    for text in texts:
        bad = next((ch for ch in text if _is_control(ch)), None)
        if bad is not None:
            return f"{text!r} holds the control character U+{ord(bad):04X}; a value is one line of text"
    return None


def _shown(value) -> str:
    return repr(value) if isinstance(value, str) else str(value) if _is_int(value) else _type_name(value)


def _is_control(ch: str) -> bool:
    return ch < " " or "\x7f" <= ch <= "\x9f"


def _typed(argument: str, field: str | None):
    """`resolve --value` text as the field holds it: an HTTP status as a number, operations as a comma list."""
    if field == "http_status":
        value = int(argument) if argument.strip().isascii() and argument.strip().isdigit() else argument
    elif field == "operations":
        value = [p.strip() for p in argument.split(",") if p.strip()]
    else:
        value = argument
    problem = field_value_problem(value, field)
    if problem:
        raise InputError("--value", problem)
    return value


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _blank(value) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


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


# ---------------------------------------------------------------------------------------------- writing


def record_decision(build: "Build", path: Path, cid: str, decision: str, argument, note: str):
    """Add (or replace) the decision for one conflict, with the values it was made on.

    Closing a conflict of severity error needs a note, and never by a blank value (accepting a source that
    gives none, or `--value ""`): a blank that is right is said with `--acknowledge --note`."""
    from .writes import exclusive_lock, remove_leftover_temps, replace_file

    conflict = next((c for c in build.conflicts if c.id == cid), None)
    if conflict is None:
        raise InputError(str(path), f"no conflict with id {cid!r} in the current build (see `extract review`)")
    note = note or ""
    for flag, text in (("--note", note), (f"--{decision}", argument if isinstance(argument, str) else "")):
        if not _is_utf8(text):  # a non-UTF-8 command-line argument arrives with surrogates
            raise InputError(flag, "is not valid UTF-8 text")
    table: dict = {"decision": decision}
    if decision == "accept":
        given = [v.value for v in conflict.values if v.source == argument]
        if not given:
            sources = ", ".join(sorted({v.source for v in conflict.values}))
            raise InputError(str(path), f"{argument!r} gives no value in {cid} (sources: {sources})")
        if conflict.severity == "error" and _blank(given[0]):
            raise InputError("--accept", f"{argument} gives a blank value in {cid}, an error: give the value with "
                                         f"--value, or keep it blank with --acknowledge --note WHY")
        table["source"] = argument
    elif decision == "value":
        table["value"] = _typed(str(argument), conflict.field)
        if conflict.severity == "error" and _blank(table["value"]):
            raise InputError("--value", f"a blank value does not close {cid}, an error: give the value, or keep "
                                        f"it blank with --acknowledge --note WHY")
    if conflict.severity == "error" and not note.strip():
        raise InputError("--note", f"{cid} is an error: closing it needs --note saying why")
    table["note"] = note
    table["values"] = value_texts(conflict)

    real = Path(os.path.realpath(path)) if path.is_symlink() else path  # a linked file is written where it lies
    with exclusive_lock(real, str(path)):
        remove_leftover_temps(real)
        text = _read_text(real) or HEADER
        new_text = _with_decision(text, path, cid, table)
        # What every verb will read: never write a file they would refuse, or a decision that reads back changed.
        if checked_decisions(new_text, path).data.get(cid) != table:
            raise RuntimeError(f"{path}: the decision for {cid} would not read back as written")
        replace_file(real, new_text, str(path))
    return conflict


def _with_decision(text: str, path: Path, cid: str, table: dict) -> str:
    """`text` with the decision for `cid` set, everything else (comments, order, layout) as it was."""
    import tomlkit
    from tomlkit.exceptions import ParseError
    from tomlkit.items import Table

    try:
        doc = tomlkit.parse(text)
    except ParseError as exc:
        reason = str(exc).split(" at line ")[0]
        raise InputError(str(path), f"invalid TOML: {reason}", getattr(exc, "line", None)) from None
    existing = doc.get(cid)
    if isinstance(existing, Table) and not existing.is_super_table():
        # Update in place: the table keeps its place in the file and the comments around its keys.
        for key in [k for k in existing if k not in table]:
            del existing[key]
        for key, value in table.items():
            existing[key] = value
    else:
        if cid in doc:
            del doc[cid]
        new = tomlkit.table()
        for key, value in table.items():
            new.add(key, value)
        doc[cid] = new
    return tomlkit.dumps(doc)


# ---------------------------------------------------------------------------------------------- applying


def apply_resolutions(build: "Build", path: Path) -> list[str]:
    """Mark decided conflicts `manual`; return warnings for unknown and stale decisions. A decided value that
    its conflict's field cannot hold is refused (InputError naming the file and the line of the value)."""
    found = read_decisions(path)
    warnings = []
    by_id = {c.id: c for c in build.conflicts}
    for cid, d in sorted(found.data.items()):
        conflict = by_id.get(cid)
        if conflict is None:
            warnings.append(f"{path}: decision for {cid} matches no conflict any more (remove it)")
            continue
        if d["decision"] == "value":
            problem = field_value_problem(d["value"], conflict.field)
            if problem:
                raise found.error(cid, "value", f"'value' for {conflict.field or 'this conflict'}: {problem}")
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

    decided_at = Loc("resolutions", display_path(path, path.parent.parent))

    def change(entries) -> None:
        for entry in entries:
            if entry.code == conflict.code and entry.variant == (conflict.variant or 1):
                accepted = [r.cells[conflict.field] for r in entry.records
                            if decision["decision"] == "accept" and r.source == decision["source"]
                            and conflict.field in r.cells]
                entry.cells[conflict.field] = accepted[0] if accepted else Cell(value, str(value), decided_at)

    result = build.catalogs.get(conflict.catalog)
    if result is not None:  # a build of conflicts only (check, review) has no entries to change
        result.edit(change)
