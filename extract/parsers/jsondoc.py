"""JSON error catalogs: a list of objects (`[{"code": 1001, "message": …}, …]`, possibly under a key such as
`"errors"`), or an object keyed by code (`{"E1001": "message", …}` or `{"E1001": {"message": …}}`).

The object keys are read as column headers through the shared column typing, so `status`, `http_status`,
`description`, `name` mean what they mean in a table. Provenance is the line each value stands on."""
from __future__ import annotations

import json
import re

from ..columns import header_field, nested_text_leaf, normalise_header
from ..documents import Document
from ..settings import DEFAULT
from ..errors import InputError
from ..text import collapse, nesting_depth
from ..model import Cell, Layout, Loc, Note, Parsed
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


class _Grouped(dict):
    """An entry of a grouped list, its `category` taken from the key the list stands under."""


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
        items = [_Grouped({**item, "category": str(p[-1])}) if grouped and p and "category" not in item else item
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
    if nesting_depth(doc.text, DEFAULT.detection.max_depth) > DEFAULT.detection.max_depth:
        # nested past any catalog: JSON only if it ends like JSON, and then parse says so in one line
        return 0.5 if doc.text.rstrip().endswith(("}", "]")) else 0.0
    try:
        data = load_json(doc.text)
    except ValueError:  # JSON with a slip: say where, rather than "no layout"
        return 0.5 if doc.text.rstrip().endswith(("}", "]")) else 0.0
    return 0.96 if _table(data) else 0.0


def _finite(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text} is not finite")
    return value


def _no_constant(name: str):
    raise ValueError(f"{name} is no JSON number")


def load_json(text: str):
    """JSON, refusing what would become a code such as `inf` or `nan`: `1e10000`, `NaN`, `Infinity`."""
    return json.loads(text, parse_float=_finite, parse_constant=_no_constant)


class _Lines:
    """Finds the line of each value, reading forward through the text as the values come in document order."""

    def __init__(self, text: str):
        self.text, self.pos = text, 0

    def line_of(self, value) -> int:
        needle = (str(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
                  else json.dumps(value, ensure_ascii=False))
        at = self.text.find(needle, self.pos)
        if at < 0 and isinstance(value, str):  # written with escapes: look for its first plain words
            at = self.text.find(value[:20], self.pos)
        if at < 0:
            return self.text.count("\n", 0, self.pos) + 1
        self.pos = at + len(needle)
        return self.text.count("\n", 0, at) + 1


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    limit = ctx.settings.detection.max_depth
    if nesting_depth(doc.text, limit) > limit:
        raise InputError(doc.path, f"JSON nested more than {limit} levels deep; no error catalog nests so deep")
    try:
        data = load_json(doc.text)
    except ValueError as exc:
        raise InputError(doc.path, f"invalid JSON: {getattr(exc, 'msg', exc)}", getattr(exc, "lineno", None)) from None
    return parse_data(doc, catalog, data, "json")


def _leaves(value, path: tuple = ()):
    """The scalar and list leaves of a value, in document order, each with its key path below the value."""
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from _leaves(v, path + (str(k),))
    else:
        yield path, value


def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if v is not None and not isinstance(v, (dict, list)))
    if value is None or isinstance(value, dict):
        return ""
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _columns(items: list[dict]) -> tuple[list[tuple[str, tuple]], list[tuple[str, tuple]]]:
    """The table's columns as (header, key path) and the extra leaves left beside them. A key whose values are
    objects is flattened into one column per leaf (`error.code`, `error.message`), unless the typing stage
    reads the object as one text with extras (`comment: {doc, description}`): then the key is one column of
    that text, its other leaves extras."""
    keys = list(dict.fromkeys(k for item in items for k in item))
    columns, extras = [], []
    for k in keys:
        objects = [item[k] for item in items if isinstance(item.get(k), dict)]
        if not objects:
            columns.append((str(k), (k,)))
            continue
        leaves = list(dict.fromkeys(path for obj in objects for path, _ in _leaves(obj)))
        names = [".".join(path) for path in leaves]
        values = [[_text(_get(item.get(k), path)) for item in items] for path in leaves]
        picked = nested_text_leaf(names, values) if header_field(str(k)) is None else None
        for path, name in zip(leaves, names):
            if picked == name:
                columns.append((str(k), (k, *path)))
            elif picked is not None:
                extras.append((f"{k}.{name}", (k, *path)))
            else:
                columns.append((f"{k}.{name}", (k, *path)))
    return columns, extras


def _get(value, path: tuple):
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def parse_data(doc: Document, catalog: str, data, format_name: str) -> Parsed:
    """The entries of a parsed JSON (or YAML) document, with the line each value stands on."""
    out = Parsed(doc.source, catalog, format_name)
    found = _table(data)
    if found is None:
        raise InputError(doc.path, f"no list of error objects with a code (or object keyed by code) in this "
                                   f"{format_name.upper()}")
    items, where = found
    columns, extras = _columns(items)
    finder = _Lines(doc.text)
    rows, extra_cells = [], []
    for item in items:
        lines: dict[tuple, tuple[int, ...]] = {}
        for key, value in item.items():  # in document order, so the finder reads forward
            if key == "category" and isinstance(item, _Grouped):
                continue  # the group's key, not a value of this object
            for path, leaf in _leaves(value, (key,)):
                scalars = leaf if isinstance(leaf, list) else [leaf]
                found_lines = [finder.line_of(v) for v in scalars if not isinstance(v, (dict, list))]
                lines[path] = tuple(sorted(set(found_lines)))
        cells, locs = [], []
        for _, path in columns:
            value = _get(item, path)
            cells.append(_text(value))
            locs.append(Loc(doc.source, doc.path, lines.get(path, ())))
        row_lines = tuple(sorted({n for loc in locs for n in loc.lines}))
        rows.append(Row(cells, Loc(doc.source, doc.path, row_lines), locs))
        extra_cells.append([(header, _text(_get(item, path)), lines.get(path, ())) for header, path in extras])
    header_loc = Loc(doc.source, doc.path, ())
    lists = frozenset(i for i, (_, path) in enumerate(columns)
                      if any(isinstance(_get(item, path), list) for item in items)
                      and all(isinstance(_get(item, path), (list, type(None))) for item in items))
    out.records, out.conflicts = table_records([h for h, _ in columns], rows, source=doc.source, catalog=catalog,
                                               header_loc=header_loc, lists=lists)
    # the lines of contract fields, and of rows that became no entry (a conflict names them); an extra
    # field's line stays in the structure item too, as the report's provenance names contract fields only
    taken = {n for record in out.records for fld, cell in record.cells.items()
             if not fld.startswith("x:") and fld != "category" for n in cell.loc.lines}
    read = {record.order for record in out.records}
    taken |= {n for i, row in enumerate(rows) if i not in read for n in row.loc.lines}
    for record in out.records:  # a nested object's leaves beside its text: extra fields of the entry
        for header, text, lines in extra_cells[record.order] if record.order < len(extra_cells) else ():
            if text:
                record.cells["x:" + normalise_header(header)] = Cell(collapse(text), text,
                                                                      Loc(doc.source, doc.path, lines))
    # (an extra field's line stays in the structure item too: the report's provenance names contract fields)
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
