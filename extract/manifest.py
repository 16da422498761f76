"""`raw_sources/sources.toml`: which documents make which catalog, and in what priority."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NOT_SOURCES = {"sources.toml", "resolutions.toml", "README.md"}


@dataclass
class SourceSpec:
    id: str
    path: Path
    catalog: str
    priority: int = 100
    format: str | None = None
    title: str = ""
    version: str = ""
    problem: InputError | None = None  # what is wrong with this source's manifest entry, if anything
    root: Path | None = None  # the project folder locations are relative to (the manifest's folder's parent)


SOURCE_KEYS = frozenset({"id", "path", "catalog", "format", "priority", "title", "version"})


def load_manifest(manifest: Path) -> list[SourceSpec]:
    """The sources a manifest lists; every problem raises an `InputError` naming the manifest (and line)."""
    shown = str(manifest)
    try:
        text = manifest.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(shown, "manifest not found") from None
    except UnicodeDecodeError:
        raise InputError(shown, "manifest is not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_of(str(exc))
        raise InputError(shown, f"invalid TOML: {str(exc).split(' (at')[0]}", line) from None
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise InputError(shown, "no [[source]] tables")
    root = manifest.parent.resolve()
    specs, seen = [], set()
    unknown_top = sorted(set(data) - {"source"})
    if unknown_top:
        raise InputError(shown, f"unknown key {unknown_top[0]!r} (valid: [[source]] tables)")
    for n, table in enumerate(tables, 1):
        if not isinstance(table, dict):
            raise InputError(shown, f"[[source]] #{n} is not a table", _table_line(text, n))
        where = f"[[source]] #{n}" + (f" ({table.get('id')})" if isinstance(table, dict) and table.get("id") else "")
        line = _table_line(text, n)
        unknown = sorted(set(table) - SOURCE_KEYS)
        if unknown:  # a typo (`fromat`, `priorty`) must not be ignored silently
            raise InputError(shown, f"{where}: unknown key {unknown[0]!r} (valid: {', '.join(sorted(SOURCE_KEYS))})",
                             line)
        for key in ("id", "path", "catalog"):
            if not isinstance(table.get(key), str) or not table[key].strip():
                raise InputError(shown, f"{where}: missing or empty '{key}'", line)
        if table["id"] in seen:
            raise InputError(shown, f"{where}: duplicate source id {table['id']!r}", line)
        seen.add(table["id"])
        if not SLUG.match(table["catalog"]):
            raise InputError(shown, f"{where}: catalog {table['catalog']!r} is not a slug (a-z, 0-9, -)", line)
        path = (root / table["path"]).resolve()
        problem = None
        if not path.is_relative_to(root):  # this source fails; the others still build and report
            problem = InputError(shown, f"{where}: path {table['path']!r} lies outside {manifest.parent}/", line)
        priority = table.get("priority", 100)
        if not isinstance(priority, int) or isinstance(priority, bool):
            raise InputError(shown, f"{where}: priority must be an integer", line)
        specs.append(SourceSpec(table["id"], path, table["catalog"], priority, table.get("format"),
                                table.get("title", ""), str(table.get("version", "")), problem, root.parent))
    return specs


def unlisted_files(manifest: Path, specs: list[SourceSpec]) -> list[Path]:
    """Files beside the manifest that it does not list (a document someone forgot to add)."""
    listed = {s.path for s in specs}
    return sorted(p for p in manifest.parent.rglob("*")
                  if p.is_file() and p.resolve() not in listed and p.name not in NOT_SOURCES
                  and not any(part.startswith(".") for part in p.relative_to(manifest.parent).parts))


def _table_line(text: str, n: int) -> int | None:
    count = 0
    for i, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("[[source]]"):
            count += 1
            if count == n:
                return i
    return None


def _line_of(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None
