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
    role: str = "docs"  # "code": the source is source code the catalog is compared with by `drift`


@dataclass(frozen=True)
class GenerateSpec:
    """A `[[generate]]` table: write TARGET for CATALOG to OUT (relative to the project folder) after a build."""
    target: str
    catalog: str
    out: Path
    shown_out: str  # as the manifest writes it
    base_uri: str = ""
    package: str = ""
    line: int | None = None


SOURCE_KEYS = frozenset({"id", "path", "catalog", "format", "priority", "title", "version", "role"})
ROLES = ("docs", "code")
GENERATE_KEYS = frozenset({"target", "catalog", "out", "base_uri", "package"})
TOP_LEVEL = ("source", "generate")


def _read(manifest: Path) -> tuple[dict, str, str]:
    """The manifest's TOML (data, text, the name errors show); an unreadable or invalid one raises `InputError`."""
    shown = str(manifest)
    from .documents import read_text

    text = read_text(manifest, "manifest", shown, missing="manifest not found")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_of(str(exc))
        raise InputError(shown, f"invalid TOML: {str(exc).split(' (at')[0]}", line) from None
    return data, text, shown


def load_manifest(manifest: Path) -> list[SourceSpec]:
    """The sources a manifest lists; every problem raises an `InputError` naming the manifest (and line).
    Its `[[generate]]` tables are checked too, so a mistyped one fails every verb, not only `build`."""
    data, text, shown = _read(manifest)
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise InputError(shown, "no [[source]] tables")
    root = manifest.parent.resolve()
    specs, seen = [], set()
    unknown_top = sorted(set(data) - set(TOP_LEVEL))
    if unknown_top:
        raise InputError(shown, f"unknown key {unknown_top[0]!r} (valid: [[source]] and [[generate]] tables)")
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
        role = table.get("role", "docs")
        if role not in ROLES:
            raise InputError(shown, f"{where}: role must be one of {', '.join(map(repr, ROLES))}, not {role!r}", line)
        if "\x00" in table["path"]:  # no file name holds one; the OS would refuse it with a ValueError
            raise InputError(shown, f"{where}: path {table['path']!r} holds a NUL byte", line)
        path = (root / table["path"]).resolve()
        problem = None
        if role == "code":  # the code lives where the project keeps it (`../src/errors.ts`), not in a copy
            if not path.is_relative_to(root.parent):
                problem = InputError(shown, f"{where}: path {table['path']!r} lies outside the project folder "
                                            f"{root.parent.name}/", line)
        elif not path.is_relative_to(root):  # this source fails; the others still build and report
            problem = InputError(shown, f"{where}: path {table['path']!r} lies outside {manifest.parent}/", line)
        priority = table.get("priority", 100)
        if not isinstance(priority, int) or isinstance(priority, bool):
            raise InputError(shown, f"{where}: priority must be an integer", line)
        specs.append(SourceSpec(table["id"], path, table["catalog"], priority, table.get("format"),
                                table.get("title", ""), str(table.get("version", "")), problem, root.parent, role))
    _generate_specs(data, text, shown, manifest, {s.catalog for s in specs})
    return specs


def load_generates(manifest: Path) -> list[GenerateSpec]:
    """The manifest's `[[generate]]` tables, checked (none is fine)."""
    specs = load_manifest(manifest)
    data, text, shown = _read(manifest)
    return _generate_specs(data, text, shown, manifest, {s.catalog for s in specs})


def _generate_specs(data: dict, text: str, shown: str, manifest: Path, catalogs: set[str]) -> list[GenerateSpec]:
    from .generate.targets import TARGET_NAMES

    tables = data.get("generate", [])
    if not isinstance(tables, list):
        raise InputError(shown, "'generate' must be [[generate]] tables")
    folder = manifest.parent.resolve()
    project = folder.parent
    out = []
    for n, table in enumerate(tables, 1):
        line = _table_line(text, n, "[[generate]]")
        if not isinstance(table, dict):
            raise InputError(shown, f"[[generate]] #{n} is not a table", line)
        where = f"[[generate]] #{n}"
        unknown = sorted(set(table) - GENERATE_KEYS)
        if unknown:
            raise InputError(shown, f"{where}: unknown key {unknown[0]!r} (valid: {', '.join(sorted(GENERATE_KEYS))})",
                             line)
        for key in ("target", "catalog", "out"):
            if not isinstance(table.get(key), str) or not table[key].strip():
                raise InputError(shown, f"{where}: missing or empty '{key}'", line)
        for key in ("base_uri", "package"):
            if key in table and not isinstance(table[key], str):
                raise InputError(shown, f"{where}: {key} must be a string", line)
        if table["target"] not in TARGET_NAMES:
            raise InputError(shown, f"{where}: unknown target {table['target']!r} (valid: {', '.join(TARGET_NAMES)})",
                             line)
        if table["catalog"] not in catalogs:
            raise InputError(shown, f"{where}: no [[source]] describes catalog {table['catalog']!r}", line)
        path = (project / table["out"]).resolve()
        if not path.is_relative_to(project) or path == project:
            raise InputError(shown, f"{where}: out {table['out']!r} lies outside the project folder {project.name}/",
                             line)
        if path.is_relative_to(folder):  # generated files beside the sources would be read as unlisted sources
            raise InputError(shown, f"{where}: out {table['out']!r} lies inside {manifest.parent}/, where the "
                                    "sources are", line)
        out.append(GenerateSpec(table["target"], table["catalog"], path, table["out"], table.get("base_uri", ""),
                                table.get("package", ""), line))
    return out


def unlisted_files(manifest: Path, specs: list[SourceSpec]) -> list[Path]:
    """Files beside the manifest that it does not list (a document someone forgot to add)."""
    listed = {s.path for s in specs}
    return sorted(p for p in manifest.parent.rglob("*")
                  if p.is_file() and p.resolve() not in listed and p.name not in NOT_SOURCES
                  and not any(part.startswith(".") for part in p.relative_to(manifest.parent).parts))


def _table_line(text: str, n: int, header: str = "[[source]]") -> int | None:
    count = 0
    for i, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith(header):
            count += 1
            if count == n:
                return i
    return None


def _line_of(message: str) -> int | None:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else None
