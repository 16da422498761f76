"""Writing `normalized/`: catalog.csv/json, datapackage.json, conflicts.json, report.md/html.

Everything is rendered in memory first and the folder is swapped in whole, so a failed build never leaves
it half-written. Output is sorted and has no timestamps: the same inputs give the same bytes.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .patterns import DECIMAL
from .pipeline import Build
from .errors import InputError
from .model import FIELDS, Loc
from .report import render_html, render_markdown
from .writes import Parts, write_atomically  # noqa: F401  (the swap lives in writes.py; callers import it here)

CSV_FIELDS = ("catalog", "code", "variant", "name", "http_status", "message", "description", "operations",
              "category", "sources")


# One encoder for every item: `json.dumps` with options builds a new encoder per call, which a catalog of a
# hundred thousand entries (and their provenance) pays for a hundred thousand times.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
BLANK = {"operations": [], "http_status": None}  # what a field no source gives is written as ("" for the rest)


def record_loc(record) -> Loc:
    """Where a whole record stands: its row and every cell of it (a column dump scatters one row's cells)."""
    loc = record.loc
    if loc.page is not None:
        return loc
    path = loc.path
    # most rows keep every cell on the row's own lines (often the very same Loc): nothing to merge
    if all(cell.loc is loc or fld == "category" or cell.loc.path != path or cell.loc.lines == loc.lines
           for fld, cell in record.cells.items()):
        return loc
    lines = set(loc.lines)
    for fld, cell in record.cells.items():
        if fld != "category" and cell.loc.path == path:  # a category names its heading, not the row
            lines.update(cell.loc.lines)
    return Loc(record.source, path, tuple(sorted(lines)))


def entry_json(entry) -> dict:
    out: dict = {"catalog": entry.catalog, "code": entry.code, "variant": entry.variant}
    cells = entry.cells
    for fld in FIELDS[1:]:
        cell = cells.get(fld)
        value = None if cell is None else cell.value
        out[fld] = value if value is not None else BLANK.get(fld, "")
    out["sources"] = entry.sources
    # every record behind the entry (the chosen values' provenance names only the winners)
    out["attested_by"] = [{"source": r.source, "location": str(record_loc(r))} for r in entry.records]
    # provenance is kept as line numbers and written out here, once per location (a row's cells share one)
    provenance, extra, written = {}, {}, {}
    for fld, cell in sorted(cells.items()):
        if fld.startswith("x:"):
            extra[fld[2:]] = cell.value
        else:
            where = written.get(id(cell.loc))
            if where is None:
                where = written[id(cell.loc)] = cell.loc.to_json()
            provenance[fld] = {**where, "raw": cell.raw}
    out["provenance"] = provenance
    if extra:
        out["extra"] = extra
    return out


from .model import gc_paused  # noqa: E402  (the rendering functions below run with the collector paused)


@gc_paused
def catalog_document(build: Build) -> dict:
    entries = [entry_json(e) for result in build.catalogs.values() for e in result.entries]
    return {"catalogs": catalog_summaries(build), "entries": entries, "sources": source_summaries(build)}


def catalog_summaries(build: Build) -> list[dict]:
    """catalog.json's `catalogs`: per catalog, its entry count, sources, notes and ranges."""
    return [catalog_summary(result) for _, result in sorted(build.catalogs.items())]


def catalog_summary(result) -> dict:
    return {
        "catalog": result.catalog,
        "entries": result.count,
        "sources": sorted(result.facts),
        "notes": [n.to_json() for n in result.notes],
        "ranges": [{"range": r.text, "lo": r.lo, "hi": r.hi, "label": r.label, **r.loc.to_json()}
                   for r in result.ranges],
    }


def source_summaries(build: Build) -> list[dict]:
    """catalog.json's `sources`: every source parsed, with its path, layout, sha256 and record count."""
    sources = []
    for spec in sorted(build.specs, key=lambda s: s.id):
        if spec.id not in build.sources:
            continue
        doc, facts = build.documents[spec.id], build.sources[spec.id]
        sources.append({
            "id": spec.id, "path": doc.path, "catalog": spec.catalog, "format": facts.format,
            "priority": spec.priority, "title": spec.title, "version": spec.version, "sha256": doc.sha256,
            "records": facts.records, "layout": list(facts.layout),
        })
    return sources


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`) gets a leading `'`, as OWASP
    advises against CSV injection; numbers (`-1`) are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not DECIMAL.fullmatch(value):
        return "'" + value
    return value


def csv_row(e: dict) -> tuple:
    """An entry's row of catalog.csv, from its catalog.json form."""
    safe = spreadsheet_safe
    return (safe(e["catalog"]), safe(e["code"]), e["variant"], safe(e["name"]),
            "" if e["http_status"] is None else safe(e["http_status"]), safe(e["message"]), safe(e["description"]),
            safe("; ".join(e["operations"])), safe(e["category"]), safe("; ".join(e["sources"])))


class _Lines(list):
    """A file-like list the csv writer appends its lines to: joined once at the end, no growing buffer."""

    write = list.append


def csv_text(rows) -> str:
    return csv_parts(rows).text()


def csv_parts(rows, header: bool = True) -> Parts:
    """catalog.csv's lines (with its header row, or only the rows' lines)."""
    out = _Lines()
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(CSV_FIELDS)
    writer.writerows(rows)
    return Parts(out)


def catalog_csv(doc: dict) -> str:
    return csv_text(csv_row(e) for e in doc["entries"])


from .package import datapackage  # noqa: E402  (datapackage.json is described in package.py)


def _block(value, indent: str) -> str:
    one = _ENCODE
    if isinstance(value, dict) and value:
        inner = indent + "  "
        return "{\n" + ",\n".join(f"{inner}{one(k)}: {_block(v, inner)}" for k, v in value.items()) + f"\n{indent}}}"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + one(item) for item in value) + f"\n{indent}]"
    return one(value)


def dumps(data) -> str:
    """JSON with one list item per line: reviewable in a git diff, and written by the C encoder (an indented
    dump of a 20,000-entry catalog takes seconds in the pure-Python one)."""
    return _block(data, "") + "\n"


def dumps_listing(head: dict, key: str, items, tail: dict) -> tuple[str, int]:
    """`dumps({**head, key: [...items], **tail})` for a long list of dicts, made one item at a time: each item
    is encoded as it is made and dropped, never a document of every item at once. Returns the text and the
    number of items."""
    parts, count = dumps_encoded(head, key, (_ENCODE(item) for item in items), tail)
    return parts.text(), count


def dumps_encoded(head: dict, key: str, lines, tail: dict) -> tuple[Parts, int]:
    """`dumps_listing` of items already encoded, one JSON text each, as the parts of the file: one per item."""
    parts = Parts(["{\n"])
    for k, v in head.items():
        parts.append(f"  {_ENCODE(k)}: {_block(v, '  ')},\n")
    parts.append(f"  {_ENCODE(key)}: ")
    start = len(parts)
    # each item is its own part, between shared separators: never copied into a new line string
    for line in lines:
        parts += ("    ", line, ",\n")
    count = (len(parts) - start) // 3
    if count:
        parts[start] = "[\n    "
        parts[-1] = "\n  ]"
    else:
        parts.append("[]")
    rest = [f"  {_ENCODE(k)}: {_block(v, '  ')}" for k, v in tail.items()]
    parts.append(",\n" + ",\n".join(rest) + "\n}\n" if rest else "\n}\n")
    return parts, count


@dataclass
class CatalogOutput:
    """One catalog's part of `normalized/`, rendered: what catalog.json, catalog.csv and the reports take from
    its entries. Kept in the cache by the catalog's result and the decisions applied to it, so a rebuild renders
    only the catalogs that changed."""

    summary: dict  # its item of catalog.json's `catalogs`
    entry_lines: list[str]  # catalog.json's `entries` items, encoded
    csv_lines: list[str]  # catalog.csv's rows, written
    in_use: dict[str, Any]  # conflict id → the value the catalog uses (report.html)
    agreement: dict[str, tuple[int, int]]  # source → (cells agreeing with the chosen value, cells compared)
    conflict_lines: list[str]  # conflicts.json's items, encoded
    conflict_items: list[str]  # report.html's data of each conflict
    blocks: dict[str, str]  # report.md's open conflicts, by severity


@gc_paused
def render_catalog(result) -> CatalogOutput:
    from .report import agreement, open_conflict_blocks
    from .report_html import conflict_item, values_in_use

    lines, rows = [], []
    for e in result.entries:
        item = entry_json(e)
        rows.append(csv_row(item))
        lines.append(_ENCODE(item))
    return CatalogOutput(
        summary=catalog_summary(result), entry_lines=lines, csv_lines=list(csv_parts(rows, header=False)),
        in_use=values_in_use(result.conflicts, result.entries), agreement=agreement(result),
        conflict_lines=[_ENCODE(c.to_json()) for c in result.conflicts],
        conflict_items=[conflict_item(c) for c in result.conflicts], blocks=open_conflict_blocks(result.conflicts))


def decisions_digest(result) -> str:
    """What the reviewer's decisions did to a catalog: the ids and resolutions of its decided conflicts and of
    those whose decision went stale (every other resolution follows from the catalog's key)."""
    material = repr([(c.id, c.resolution) for c in result.conflicts
                     if c.resolution.status == "manual" or c.resolution.stale_decision is not None])
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def catalog_outputs(build: Build, cache=None) -> dict[str, CatalogOutput]:
    """Every catalog's output, from the cache where its result and decisions are unchanged."""
    outputs = {}
    for name, result in sorted(build.catalogs.items()):
        key = f"{result.key}-{decisions_digest(result)}" if cache is not None and result.key else ""
        found = cache.get_output(key) if key else None
        if not isinstance(found, CatalogOutput):
            found = render_catalog(result)
            if key:
                cache.put_output(key, found)
        outputs[name] = found
        build.output_keys[name] = key
    build.rendered = outputs
    return outputs


@gc_paused
def render_all(build: Build, cache=None) -> dict[str, "str | Parts"]:
    """Every file of `normalized/` by name: the large ones (catalog.json, catalog.csv, conflicts.json) as
    `Parts`, written part by part."""
    from .report import source_quality

    outputs = catalog_outputs(build, cache)
    catalogs, sources = [o.summary for o in outputs.values()], source_summaries(build)
    quality = source_quality(build, [o.agreement for o in outputs.values()])
    in_use = {cid: value for o in outputs.values() for cid, value in o.in_use.items()}
    catalog_json, count = dumps_encoded({"catalogs": catalogs}, "entries",
                                        (line for o in outputs.values() for line in o.entry_lines),
                                        {"sources": sources})
    conflicts_json, _ = dumps_encoded({}, "conflicts", (line for o in outputs.values() for line in o.conflict_lines), {})
    # what datapackage.json says of the catalog: its catalogs, sources and how many entries
    summary = {"catalogs": catalogs, "entries": range(count), "sources": sources}
    return {
        "catalog.json": catalog_json,
        "catalog.csv": Parts([*csv_parts((), header=True), *(line for o in outputs.values() for line in o.csv_lines)]),
        "datapackage.json": json.dumps(datapackage(summary), indent=2, ensure_ascii=False) + "\n",
        "conflicts.json": conflicts_json,
        "report.md": render_markdown(build, quality, [o.blocks for o in outputs.values()]),
        "report.html": render_html(build, quality, in_use, [item for o in outputs.values() for item in o.conflict_items]),
    }
