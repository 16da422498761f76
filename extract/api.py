"""The Python API, for notebooks and scripts: a build's outputs as pandas DataFrames, a build as typed objects,
a diff as data. Exported by the package (`extract.load_catalog`, `extract.build`, …); README › Python API.

Errors are exceptions, never an exit: unreadable input raises `InputError` (one line naming the file, and the
line where there is one), an argument outside what the function takes (`severity="fatal"`) raises `ValueError`
naming the valid ones. Nothing here writes a file.

pandas is imported inside the functions that return DataFrames, so `import extract` stays cheap.

Column types: text columns are pandas' `string` dtype (missing text is `<NA>`, never the float NaN a plain
`object` column would hold); whole numbers that may be missing (`http_status`, a conflict's `variant`) are the
nullable `Int64`, so `http_status` never turns into floats as it does through `pd.read_csv`; lists (`operations`,
`sources`, a conflict's `values`) and dicts (`provenance`) are kept as Python objects in `object` columns.
An empty text stays `""` as in catalog.json: the catalog says "none" with an empty name, not a missing one.
"""
from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from .pipeline import Build
    from .settings import Settings

    Source = str | os.PathLike | dict | Build  # what the loaders read: a folder or file, a loaded document, a build

CATALOG_TEXT = ("catalog", "code", "name", "message", "description", "category")
CATALOG_COLUMNS = ("catalog", "code", "variant", "name", "http_status", "message", "description", "operations",
                   "category", "sources", "attested_by", "provenance", "extra")
CONFLICT_COLUMNS = ("id", "catalog", "code", "variant", "kind", "field", "severity", "message", "status",
                    "resolved_value", "rule", "note", "stale_decision", "values")
CONFLICT_TEXT = ("id", "catalog", "code", "kind", "field", "severity", "message", "status", "rule", "note",
                 "stale_decision")
PROVENANCE_COLUMNS = ("catalog", "code", "variant", "field", "source", "location", "lines", "page", "raw")


class BuildWarning(UserWarning):
    """What a build says without failing (a file the manifest does not list, a stale decision)."""


class BuildFailed(InputError):
    """One or more sources could not be read: the first error's file and reason, with all of them in `errors`."""

    def __init__(self, errors: list[InputError]):
        first = errors[0]
        more = f" (and {len(errors) - 1} more errors, in .errors)" if len(errors) > 1 else ""
        super().__init__(first.path, first.reason + more, first.line)
        self.errors = list(errors)


# ---------------------------------------------------------------------------------------------- loading

def load_catalog(path: Source = "normalized", catalog: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The entries of a catalog.json as a DataFrame: one row per (catalog, code, variant), in the file's order.

    `path`: a folder holding catalog.json, a catalog.json, `git:REV` (the committed normalized/catalog.json),
    a catalog document already loaded (a dict), or a `Build` from `extract.build()`.
    `catalog`: keep only this catalog (or these catalogs); a name the document does not hold is refused.

    Columns: catalog, code, variant (Int64), name, http_status (Int64, <NA> where no source gives one), message,
    description, operations (list of str), category, sources (list of source ids), attested_by (list of
    {source, location}: every record behind the entry), provenance (dict field → {source, location, lines,
    page, raw}: where each chosen value was read; `load_provenance` gives it as rows), extra (dict of the
    columns a source has beyond the catalog's fields, {} where none)."""
    doc = _catalog_document(path)
    entries = _only_catalogs(doc["entries"], catalog, _catalog_names(doc), "catalog")
    rows = [{**{c: e.get(c) for c in CATALOG_COLUMNS}, "extra": e.get("extra") or {}} for e in entries]
    return _frame(rows, CATALOG_COLUMNS, CATALOG_TEXT, ("variant", "http_status"))


def load_provenance(path: Source = "normalized", catalog: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Where every chosen value of every entry was read: one row per (catalog, code, variant, field).

    Columns: catalog, code, variant (Int64), field, source, location (`path:LINES` or `path:page N`), lines
    (list of int, [] where the location names none), page (Int64, <NA> outside PDFs), raw (the text as the
    document has it, before normalising). `path` and `catalog` as for `load_catalog`."""
    doc = _catalog_document(path)
    rows = []
    for e in _only_catalogs(doc["entries"], catalog, _catalog_names(doc), "catalog"):
        for fld, where in (e.get("provenance") or {}).items():
            rows.append({"catalog": e["catalog"], "code": e["code"], "variant": e["variant"], "field": fld,
                         "source": where.get("source"), "location": where.get("location"),
                         "lines": list(where.get("lines", [])), "page": where.get("page"), "raw": where.get("raw")})
    return _frame(rows, PROVENANCE_COLUMNS, ("catalog", "code", "field", "source", "location", "raw"),
                  ("variant", "page"))


def load_conflicts(path: Source = "normalized", *, catalog: str | Iterable[str] | None = None,
                   severity: str | Iterable[str] | None = None, kind: str | Iterable[str] | None = None,
                   status: str | Iterable[str] | None = None) -> pd.DataFrame:
    """The conflicts of a conflicts.json as a DataFrame, one row per conflict, in the file's order (catalog,
    code, variant, kind, field, id). With no filter every conflict is kept, resolved ones too; each filter takes
    one value or several: `status="open"`, `severity=["error", "warning"]`, `kind="value_mismatch"`.

    `path`: a folder holding conflicts.json, a conflicts.json, a document already loaded (a dict), or a `Build`.

    Columns: id, catalog, code (<NA> for a conflict about no one code), variant (Int64), kind, field, severity,
    message, status (open, auto or manual), resolved_value (the value in use, as the catalog holds it: str, int,
    list or None), rule (the automatic rule, or the reviewer's decision: accept, value, acknowledge), note (the
    reviewer's note), stale_decision (the note of a decision that no longer applies), values (list of
    {source, value, location[, code]}: the competing values)."""
    from . import kinds
    from .model import RESOLUTION_STATUSES

    conflicts = _conflicts_document(path)["conflicts"]
    wanted = {
        "catalog": _wanted(catalog, sorted({c["catalog"] for c in conflicts}), "catalog", strict=False),
        "severity": _wanted(severity, kinds.SEVERITIES, "severity"),
        "kind": _wanted(kind, kinds.NAMES, "kind"),
        "status": _wanted(status, RESOLUTION_STATUSES, "status"),
    }
    rows = []
    for c in conflicts:
        r = c.get("resolution") or {}
        row = {**{k: c.get(k) for k in ("id", "catalog", "code", "variant", "kind", "field", "severity", "message")},
               "status": r.get("status"), "resolved_value": r.get("value"), "rule": r.get("rule"),
               "note": r.get("note"), "stale_decision": r.get("stale_decision"), "values": list(c.get("values", []))}
        if all(allowed is None or row[key] in allowed for key, allowed in wanted.items()):
            rows.append(row)
    return _frame(rows, CONFLICT_COLUMNS, CONFLICT_TEXT, ("variant",))


# ---------------------------------------------------------------------------------------------- building

def build(manifest: str | os.PathLike = "raw_sources/sources.toml", *, catalog: str | None = None,
          files: Iterable[str | os.PathLike] | None = None, decisions: bool = True,
          settings: Settings | None = None, jobs: int = 1) -> Build:
    """Parse and reconcile in memory, as `python -m extract build` does, and return the `Build` (nothing is
    written, no cache is read or kept).

    The manifest's build applies the reviewer's decisions of the `resolutions.toml` beside it (`decisions=False`
    leaves every conflict as the documents make it). `catalog=NAME, files=[…]` builds those documents ad hoc as
    catalog NAME, like `build --catalog NAME FILE…` (no manifest, no decisions).

    Raises `InputError` for a bad manifest or decision, and `BuildFailed` (an `InputError` holding every error
    in `.errors`) when a source cannot be read. What the build says without failing is in `.warnings` and is
    also issued as a `BuildWarning`.

    The `Build`: `.catalogs` (slug → result with `.entries`: `Entry` objects with `.code`, `.variant`,
    `.get(field)`, `.cells` (field → `Cell` with `.value`, `.raw`, `.loc`), `.records`, `.sources`),
    `.conflicts` (`Conflict` objects with `.id`, `.kind`, `.severity`, `.values`, `.resolution`), `.specs`
    (the manifest's sources), `.parsed` and `.documents` (by source id), `.warnings`.
    `extract.load_catalog(build)` and `extract.load_conflicts(build)` turn it into DataFrames."""
    from .pipeline import adhoc_specs, run
    from .settings import DEFAULT

    settings = settings or DEFAULT
    if files is not None or catalog is not None:
        files = [str(f) for f in files or ()]
        if not (files and catalog):
            raise ValueError("an ad-hoc build needs both catalog=NAME and at least one file in files=[…]")
        specs, manifest, said = adhoc_specs(catalog, files), None, []
    else:
        from .manifest import load_manifest, unlisted_files

        manifest = Path(manifest)
        specs = load_manifest(manifest)
        said = [f"{p}: not listed in {manifest}, not built" for p in unlisted_files(manifest, specs)]
    result = run(specs, settings, None, jobs)
    if result.errors:
        raise BuildFailed(result.errors)
    result.warnings[:0] = said
    if manifest is not None and decisions:
        from .resolutions import apply_resolutions

        result.warnings += apply_resolutions(result, manifest.parent / "resolutions.toml")
    for warning in result.warnings:
        warnings.warn(warning, BuildWarning, stacklevel=2)
    return result


def diff(old: Source, new: Source) -> dict:
    """What changed from `old` to `new`, as `python -m extract diff --format json` prints it: `summary` (counts of
    breaking, changed, added, removed), `catalogs` (per catalog), and the `added`, `removed` and `changed` items,
    each with `breaking`. `old` and `new`: each a catalog.json, a folder holding one, `git:REV`, a catalog
    document already loaded, or a `Build`. `pd.DataFrame(result["changed"])` tabulates one list."""
    from .catalog_diff import diff_catalogs

    return diff_catalogs(_catalog_document(old), _catalog_document(new), _label(old, "OLD"), _label(new, "NEW"))


# ---------------------------------------------------------------------------------------------- helpers

def _label(source: Any, default: str) -> str:
    return str(source) if isinstance(source, (str, os.PathLike)) else default


def _catalog_document(source: Any) -> dict:
    from .catalog_diff import _checked, load_catalog

    if isinstance(source, dict):
        return _checked(source, "the catalog document given")
    if isinstance(source, (str, os.PathLike)):
        return load_catalog(os.fspath(source))
    if _is_build(source):
        from .outputs import catalog_document

        return catalog_document(source)
    raise TypeError(f"a catalog is read from a path, git:REV, a dict or a Build, not {type(source).__name__}")


def _conflicts_document(source: Any) -> dict:
    if _is_build(source):
        return {"conflicts": [c.to_json() for c in source.conflicts]}
    if isinstance(source, dict):
        return _checked_conflicts(source, "the conflicts document given")
    if not isinstance(source, (str, os.PathLike)):
        raise TypeError(f"conflicts are read from a path, a dict or a Build, not {type(source).__name__}")
    shown = os.fspath(source)
    if shown.startswith("git:"):
        raise InputError(shown, "conflicts are read from a folder or a conflicts.json (git:REV is for catalogs)")
    file = Path(shown)
    if file.is_dir():
        file = file / "conflicts.json"
        if not file.is_file():
            raise InputError(shown, "folder holds no conflicts.json")
    from .documents import read_text

    text = read_text(file, "conflicts.json", shown if file == Path(shown) else str(file),
                     missing="no such file or folder")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(file, f"not JSON ({exc.msg})", line=exc.lineno) from None
    return _checked_conflicts(doc, str(file))


def _checked_conflicts(doc: Any, label: str) -> dict:
    """Just enough of the layout to tabulate: a `conflicts` list of objects with an id, a catalog and a kind."""
    if not isinstance(doc, dict) or not isinstance(doc.get("conflicts"), list):
        raise InputError(label, 'not a conflicts.json: no "conflicts" list')
    for i, c in enumerate(doc["conflicts"], 1):
        if not isinstance(c, dict) or not all(isinstance(c.get(k), str) for k in ("id", "catalog", "kind")):
            raise InputError(label, f"not a conflicts.json: conflict {i} has no id, catalog and kind")
    return doc


def _is_build(source: Any) -> bool:
    from .pipeline import Build

    return isinstance(source, Build)


def _catalog_names(doc: dict) -> list[str]:
    return sorted({c["catalog"] for c in doc.get("catalogs", []) if isinstance(c, dict) and "catalog" in c}
                  | {e["catalog"] for e in doc["entries"]})


def _only_catalogs(entries: list[dict], catalog, known: list[str], what: str) -> list[dict]:
    allowed = _wanted(catalog, known, what)
    return entries if allowed is None else [e for e in entries if e["catalog"] in allowed]


def _wanted(value, valid, what: str, strict: bool = True) -> set[str] | None:
    """The values a filter keeps (None: no filter). A value outside `valid` is refused with the valid ones, as
    the command line refuses `--kind bogus`; `strict=False` accepts any (a catalog with no conflict is fine)."""
    if value is None:
        return None
    chosen = {value} if isinstance(value, str) else set(value)
    unknown = sorted(v for v in chosen if not isinstance(v, str) or (strict and v not in valid))
    if unknown:
        raise ValueError(f"unknown {what} {unknown[0]!r}; valid: {', '.join(valid) or '(none)'}")
    return chosen


def _frame(rows: list[dict], columns: tuple[str, ...], text: tuple[str, ...], integers: tuple[str, ...]):
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    types = {c: "string" for c in text} | {c: "Int64" for c in integers}
    frame = frame.astype(types)
    for c in columns:
        if c not in types:  # lists and dicts stay Python objects, also in an empty frame
            frame[c] = frame[c].astype(object)
    return frame
