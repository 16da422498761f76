"""The CI gates: what `check --format text|json|github --severity-threshold S` prints and its exit code, and
which files of `normalized/` are not what a build would write (`build --check`).

`check` fails (exit 1) while an open conflict at or above the threshold exists; the default threshold, `error`,
is the contract's gate. Three formats of the same list, most severe first:
  text    `ID: message` per conflict, the lines `check` has always printed;
  json    a list of {id, severity, kind, catalog, code, message, location}, for scripts;
  github  GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), which GitHub shows as
          annotations on the pull request's files.
Every function takes conflicts as `Conflict` objects or as their conflicts.json dicts.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from .kinds import SEVERITIES
from .text import printable
from .writes import encoded, same_bytes

FORMATS = ("text", "json", "github")
THRESHOLDS = SEVERITIES  # most severe first
# GitHub Actions has three annotation levels; `notice` is its word for info.
GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def _plain(conflict) -> dict:
    return conflict.to_json() if hasattr(conflict, "to_json") else conflict


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def gated(conflicts: Iterable, threshold: str = "error") -> list[dict]:
    """The open conflicts at or above `threshold`, most severe first (build order kept within a severity)."""
    if threshold not in THRESHOLDS:
        raise ValueError(f"severity threshold {threshold!r} is not one of {', '.join(THRESHOLDS)}")
    found = [c for c in map(_plain, conflicts)
             if (c.get("resolution") or {}).get("status", "open") == "open"
             and _rank(c["severity"]) <= _rank(threshold)]
    return sorted(found, key=lambda c: _rank(c["severity"]))


def location_of(conflict) -> str | None:
    """Where a conflict points: the location of its first value that has one (`raw_sources/x.tsv:12`)."""
    return next((v["location"] for v in _plain(conflict).get("values") or [] if v.get("location")), None)


def split_location(location: str) -> tuple[str, int | None, int | None]:
    """(file, line, end line) of a location as provenance writes it (`model.Loc`):
    `path:12`, `path:4-6`, `path:247-248,339` (the first run), `path.pdf:page 3 line 2` (a page, no file line),
    `path.pdf (text layer):12` (a line of extracted text, no file line), or a bare path."""
    path, sep, where = location.rpartition(":")
    if not sep:
        path, where = location, ""
    line = end = None
    if where[:1].isdigit() and all(ch.isdigit() or ch in "-," for ch in where):
        first = where.split(",", 1)[0]
        start, _, stop = first.partition("-")
        line = int(start)
        end = int(stop) if stop.isdigit() and int(stop) > line else None
    elif not where.startswith("page "):
        path = location  # a colon that is part of the name
    if path.endswith(")") and " (" in path:  # derived text (a PDF's text layer): its lines are not the file's
        path, line, end = path[:path.rindex(" (")], None, None
    return path, line, end


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's actions/toolkit does (`escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (`escapeProperty`): also `:` and `,`, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_command(conflict) -> str:
    """One conflict as a GitHub Actions annotation: level from its severity, file and lines from its first
    value's location, its id as the title (the id `extract resolve` takes)."""
    c = _plain(conflict)
    props = []
    location = location_of(c)
    path, line, end = split_location(location) if location else ("", None, None)
    if path:
        props.append(("file", path))
    if path and line is not None:
        props.append(("line", str(line)))
    if path and end is not None:
        props.append(("endLine", str(end)))
    props.append(("title", c["id"]))
    head = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    # printable() last: after GitHub's own escapes, what control characters are left are shown as `\x1b`
    return printable(f"::{GITHUB_COMMAND[c['severity']]} {head}::{escape_data(c['message'])}")


def _json_item(c: dict) -> dict:
    return {"id": c["id"], "severity": c["severity"], "kind": c["kind"], "catalog": c["catalog"],
            "code": c.get("code"), "message": c["message"], "location": location_of(c)}


def format_check(conflicts: Iterable, fmt: str = "text", threshold: str = "error") -> tuple[str, int]:
    """(what `check` prints on stdout, its exit code): 1 while an open conflict at or above `threshold` exists.
    The verdict line (`check_verdict`) is not part of it: json and github output stay machine-readable."""
    if fmt not in FORMATS:
        raise ValueError(f"check format {fmt!r} is not one of {', '.join(FORMATS)}")
    found = gated(conflicts, threshold)
    if fmt == "json":
        text = json.dumps([_json_item(c) for c in found], indent=2, ensure_ascii=False) + "\n"
    elif fmt == "github":
        text = "".join(github_command(c) + "\n" for c in found)
    else:
        text = "".join(printable(f"{c['id']}: {c['message']}") + "\n" for c in found)
    return text, 1 if found else 0


def check_verdict(conflicts: Iterable, threshold: str = "error") -> str:
    """The last line of `check`: `check failed: 5 open conflicts of severity error` or `check passed: …`."""
    found = gated(conflicts, threshold)
    scope = "error" if threshold == "error" else f"{threshold} or above"
    if not found:
        return f"check passed: no open conflicts of severity {scope}"
    count = f"{len(found)} open conflict{'' if len(found) == 1 else 's'} of severity {scope}"
    if threshold != "error":
        by = [f"{n} {s}" for s in SEVERITIES if (n := sum(1 for c in found if c["severity"] == s))]
        count += f" ({', '.join(by)})"
    return f"check failed: {count}"


def outputs_differ(expected: dict[str, str], folder: Path, outputs: Iterable[str] = ()) -> list[str]:
    """The files of `folder` that are not what a build would write, each as `NAME (why)`, sorted by name:
    a file of `expected` (name → text) missing or with other bytes, and a file named in `outputs` (every name
    a build can write) that this build does not write. Anything else in the folder (a .gitkeep) is not the
    build's and is ignored. [] when the folder is up to date."""
    folder = Path(folder)
    found = []
    for name in sorted(expected):
        try:
            if same_bytes(folder / name, expected[name]):
                continue
            have = (folder / name).read_bytes()
        except FileNotFoundError:
            found.append(f"{name} (missing)")
            continue
        except OSError as exc:
            found.append(f"{name} (unreadable: {exc.strerror or exc})")
            continue
        crlf = have.replace(b"\r\n", b"\n") == b"".join(encoded(expected[name]))  # only its line endings differ?
        found.append(f"{name} (CRLF line endings; a build writes LF)" if crlf else f"{name} (changed)")
    for name in sorted(set(outputs) - set(expected)):
        if (folder / name).exists():
            found.append(f"{name} (not written by this build)")
    return sorted(found)
