"""Writing `normalized/`: catalog.csv/json, datapackage.json, conflicts.json, report.md/html.

Everything is rendered in memory first and the folder is swapped in whole, so a failed build never leaves
it half-written. Output is sorted and has no timestamps: the same inputs give the same bytes.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from .patterns import DECIMAL
from .pipeline import Build
from .errors import InputError
from .model import FIELDS, Loc
from .report import render_html, render_markdown

CSV_FIELDS = ("catalog", "code", "variant", "name", "http_status", "message", "description", "operations",
              "category", "sources")


def record_loc(record) -> Loc:
    """Where a whole record stands: its row and every cell of it (a column dump scatters one row's cells)."""
    if record.loc.page is not None:
        return record.loc
    lines = set(record.loc.lines)
    for fld, cell in record.cells.items():
        if fld != "category" and cell.loc.path == record.loc.path:  # a category names its heading, not the row
            lines |= set(cell.loc.lines)
    return Loc(record.source, record.loc.path, tuple(sorted(lines)))


def entry_json(entry) -> dict:
    out: dict = {"catalog": entry.catalog, "code": entry.code, "variant": entry.variant}
    for fld in FIELDS[1:]:
        value = entry.get(fld)
        out[fld] = value if value is not None else ([] if fld == "operations" else None if fld == "http_status" else "")
    out["sources"] = entry.sources
    # every record behind the entry (the chosen values' provenance names only the winners)
    out["attested_by"] = [{"source": r.source, "location": str(record_loc(r))} for r in entry.records]
    out["provenance"] = {
        fld: {**cell.loc.to_json(), "raw": cell.raw}
        for fld, cell in sorted(entry.cells.items()) if not fld.startswith("x:")
    }
    extra = {fld[2:]: cell.value for fld, cell in sorted(entry.cells.items()) if fld.startswith("x:")}
    if extra:
        out["extra"] = extra
    return out


def catalog_document(build: Build) -> dict:
    entries = [entry_json(e) for result in build.catalogs.values() for e in result.entries]
    catalogs = []
    for name, result in sorted(build.catalogs.items()):
        catalogs.append({
            "catalog": name,
            "entries": len(result.entries),
            "sources": sorted({s.id for s in build.specs if s.catalog == name and s.id in build.parsed}),
            "notes": [n.to_json() for n in result.notes],
            "ranges": [{"range": r.text, "lo": r.lo, "hi": r.hi, "label": r.label, **r.loc.to_json()}
                       for r in result.ranges],
        })
    sources = []
    for spec in sorted(build.specs, key=lambda s: s.id):
        if spec.id not in build.parsed:
            continue
        doc, parsed = build.documents[spec.id], build.parsed[spec.id]
        sources.append({
            "id": spec.id, "path": doc.path, "catalog": spec.catalog, "format": parsed.format,
            "priority": spec.priority, "title": spec.title, "version": spec.version, "sha256": doc.sha256,
            "records": len(parsed.records),
            "layout": [item.to_json() for item in parsed.layout],
        })
    return {"catalogs": catalogs, "entries": entries, "sources": sources}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`) gets a leading `'`, as OWASP
    advises against CSV injection; numbers (`-1`) are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not DECIMAL.fullmatch(value):
        return "'" + value
    return value


def catalog_csv(doc: dict) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for e in doc["entries"]:
        row = {**e, "operations": "; ".join(e["operations"]), "sources": "; ".join(e["sources"]),
               "http_status": "" if e["http_status"] is None else e["http_status"]}
        writer.writerow([spreadsheet_safe(row[f]) for f in CSV_FIELDS])
    return buf.getvalue()


def datapackage() -> dict:
    types = {"variant": "integer", "http_status": "integer"}
    described = {
        "catalog": "catalog slug", "code": "the error code as text", "variant": "1, 2, … where one code has several entries",
        "name": "symbolic name", "http_status": "HTTP status", "message": "short error message",
        "description": "long description", "operations": "operations that return the error, joined with '; '",
        "category": "section or code-range category", "sources": "ids of the sources attesting the entry, joined with '; '",
    }
    fields = [{"name": f, "type": types.get(f, "string"), "description": described[f]} for f in CSV_FIELDS]
    for f in fields:
        if f["name"] in ("catalog", "code", "variant"):
            f["constraints"] = {"required": True}
    return {
        "name": "error-code-catalog",
        "profile": "tabular-data-package",
        "resources": [{
            "name": "catalog", "path": "catalog.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": fields, "primaryKey": ["catalog", "code", "variant"], "missingValues": [""]},
        }],
    }


def dumps(data) -> str:
    """JSON with one list item per line: reviewable in a git diff, and written by the C encoder (an indented
    dump of a 20,000-entry catalog takes seconds in the pure-Python one)."""
    def one(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def block(value, indent: str) -> str:
        if isinstance(value, dict) and value:
            inner = indent + "  "
            return "{\n" + ",\n".join(f"{inner}{one(k)}: {block(v, inner)}" for k, v in value.items()) + f"\n{indent}}}"
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = indent + "  "
            return "[\n" + ",\n".join(inner + one(item) for item in value) + f"\n{indent}]"
        return one(value)

    return block(data, "") + "\n"


def render_all(build: Build) -> dict[str, str]:
    doc = catalog_document(build)
    conflicts = [c.to_json() for c in build.conflicts]
    return {
        "catalog.json": dumps(doc),
        "catalog.csv": catalog_csv(doc),
        "datapackage.json": json.dumps(datapackage(), indent=2, ensure_ascii=False) + "\n",
        "conflicts.json": dumps({"conflicts": conflicts}),
        "report.md": render_markdown(build),
        "report.html": render_html(build),
    }


def write_atomically(files: dict[str, str], out: Path) -> None:
    """Write every file into a fresh sibling folder, then swap it in for `out` in one rename."""
    shown, out = str(out), out.resolve()
    if out.exists() and not out.is_dir():
        raise InputError(shown, "exists and is not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise InputError(shown, f"cannot write the output folder: {exc.strerror}") from None
    try:
        for name, text in files.items():
            with open(tmp / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        os.chmod(tmp, 0o755)
        if out.exists():
            keep = [p for p in out.iterdir() if p.name not in files]  # e.g. a .gitkeep stays
            for p in keep:
                (shutil.copytree if p.is_dir() else shutil.copy2)(p, tmp / p.name)
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / out.name)  # from here to the next rename `out` is briefly absent, never half-written
            os.rename(tmp, out)
            shutil.rmtree(old)
        else:
            os.rename(tmp, out)
    except OSError as exc:
        raise InputError(shown, f"cannot write the output folder: {exc.strerror}") from None
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
