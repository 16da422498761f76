"""JSON error catalogs: a list of objects (`[{"code": 1001, "message": …}, …]`, possibly under a key such as
`"errors"`), or an object keyed by code (`{"E1001": "message", …}` or `{"E1001": {"message": …}}`).

The object keys are read as column headers through the shared column typing, so `status`, `http_status`,
`description`, `name` mean what they mean in a table. Provenance is the line each value stands on."""
from __future__ import annotations

import json
import re

from ..columns import header_field
from ..documents import Document
from ..errors import InputError
from ..model import Layout, Loc, Note, Parsed
from . import Context, LayoutRule
from ..patterns import CODE_KEY
from .table import Row, table_records


def _entry_lists(data, path=()) -> list[tuple[tuple, list[dict]]]:
    """Every list of objects in the document, with where it sits (a key path)."""
    found = []
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        found.append((path, data))
    if isinstance(data, dict):
        for k, v in data.items():
            found += _entry_lists(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _entry_lists(v, path + (i,))
    return found


# a key that can be a code or a name: `E1001`, `404`, `AccountNotFound`, `not_found` (not a sentence)


def _has_code(item: dict) -> bool:
    return any(header_field(str(k)) == "code" for k in item)


def _table(data) -> tuple[list[dict], str] | None:
    """The objects that are the catalog's entries, each with a `category` where the document groups them:
    every list of objects with a code key (several lists, e.g. under "auth" and "validation", are categories),
    or the entries of an object keyed by code (or by name, when its objects carry the code). None when the
    document holds no such thing; the second item names where the entries sit."""
    lists = [(p, items) for p, items in _entry_lists(data) if any(_has_code(item) for item in items)]
    if lists:
        grouped = len(lists) > 1
        items = [{**item, "category": str(p[-1])} if grouped and p and "category" not in item else item
                 for p, group in lists for item in group]
        return items, ", ".join("/".join(map(str, p)) for p, _ in lists)
    if isinstance(data, dict) and len(data) >= 2 and all(CODE_KEY.fullmatch(str(k)) for k in data):
        values = list(data.values())
        if all(isinstance(v, str) for v in values):
            return [{"code": k, "message": v} for k, v in data.items()], ""
        if all(isinstance(v, dict) for v in values):
            if all(_has_code(v) for v in values):  # keyed by name: {"AccountNotFound": {"code": 1001, …}}
                return [{"name": k, **v} for k, v in data.items()], ""
            return [{"code": k, **v} for k, v in data.items()], ""
    return None


def sniff(doc: Document) -> float:
    if doc.is_pdf or not doc.text.lstrip().startswith(("{", "[")):
        return 0.0
    try:
        data = json.loads(doc.text)
    except ValueError:  # JSON with a slip: say where, rather than "no layout"
        return 0.5 if doc.text.rstrip().endswith(("}", "]")) else 0.0
    return 0.96 if _table(data) else 0.0


class _Lines:
    """Finds the line of each value, reading forward through the text as the values come in document order."""

    def __init__(self, text: str):
        self.text, self.pos = text, 0

    def line_of(self, value) -> int:
        needle = json.dumps(value, ensure_ascii=False) if not isinstance(value, (int, float)) else str(value)
        at = self.text.find(needle, self.pos)
        if at < 0 and isinstance(value, str):  # written with escapes: look for its first plain words
            at = self.text.find(value[:20], self.pos)
        if at < 0:
            return self.text.count("\n", 0, self.pos) + 1
        self.pos = at + len(needle)
        return self.text.count("\n", 0, at) + 1


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    try:
        data = json.loads(doc.text)
    except ValueError as exc:
        raise InputError(doc.path, f"invalid JSON: {exc.msg}", getattr(exc, "lineno", None)) from None
    return parse_data(doc, catalog, data, "json")


def parse_data(doc: Document, catalog: str, data, format_name: str) -> Parsed:
    """The entries of a parsed JSON (or YAML) document, with the line each value stands on."""
    out = Parsed(doc.source, catalog, format_name)
    found = _table(data)
    if found is None:
        raise InputError(doc.path, f"no list of error objects with a code (or object keyed by code) in this "
                                   f"{format_name.upper()}")
    items, where = found
    keys = list(dict.fromkeys(k for item in items for k in item))
    finder = _Lines(doc.text)
    rows = []
    for item in items:
        cells, locs = [], []
        for k in keys:
            value = item.get(k)
            text = (", ".join(map(str, value)) if isinstance(value, list) else "" if value is None
                    else json.dumps(value) if isinstance(value, bool) else str(value))
            line = finder.line_of(value) if k in item and not isinstance(value, (dict, list)) else None
            cells.append(text)
            locs.append(Loc(doc.source, doc.path, (line,) if line else ()))
        lines = tuple(sorted({n for loc in locs for n in loc.lines}))
        rows.append(Row(cells, Loc(doc.source, doc.path, lines), locs))
    header_loc = Loc(doc.source, doc.path, ())
    lists = frozenset(i for i, k in enumerate(keys)
                      if any(isinstance(item.get(k), list) for item in items)
                      and all(isinstance(item.get(k), (list, type(None))) for item in items))
    out.records, out.conflicts = table_records([str(k) for k in keys], rows, source=doc.source, catalog=catalog,
                                               header_loc=header_loc, lists=lists)
    taken = {n for r in rows for n in r.loc.lines}
    if isinstance(data, dict) and where:  # facts beside the entries ("version": 2) are catalog notes
        for k, v in data.items():
            if not isinstance(v, (dict, list)):
                line = next((n for n, text in enumerate(doc.lines, 1)
                             if json.dumps(k) in text or text.startswith(f"{k}:")), None)  # JSON or YAML key
                out.notes.append(Note("preamble", f"{k}: {json.dumps(v, ensure_ascii=False)}",
                                      Loc(doc.source, doc.path, (line,) if line else ())))
                taken.add(line)
    rest = [n for n, line in enumerate(doc.lines, 1) if line.strip() and n not in taken]
    if rest:  # brackets, braces, keys and comments: the document's structure around the values
        out.layout.append(Layout(f"{format_name.upper()} structure{' around ' + where if where else ''}",
                                 Loc(doc.source, doc.path, tuple(rest))))
    return out


RULE = LayoutRule("json", sniff, parse, "JSON list of error objects, or object keyed by code")
