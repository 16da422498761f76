"""Renderers: one generated catalog written as a document in every layout the toolkit claims to read.

Each renderer takes a catalog and a `random.Random` (for the variations real documents show: a title or none,
padding, backticks, which of several equivalent forms) and returns a `Rendering`, or None where the layout
cannot express the shape at all (a Markdown table has a header row by syntax; a constant needs a name).

A rendering also says what the document carries (`expected`): the catalog projected onto the fields the
document shows. A table shows every column; an item layout (prose, bullets, headings, source constants) shows
the code, the name where it has one, and one text that no label calls a message or a description (`text`).
"""
from __future__ import annotations

import csv
import html
import io
import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from typing import Callable

from .generate import OPTIONAL_FIELDS, SHAPE_BY_NAME, Catalog, Entry, cell_text

TEXT = "text"  # the one unlabelled text of an item layout: may come back as message or description


@dataclass
class Rendering:
    filename: str
    data: bytes
    expected: list[dict]  # per entry in document order: `code` and each field the document carries
    carried: frozenset[str] = field(default_factory=frozenset)
    note: str = ""  # which variation of the layout (for the report)


def _entry_text(e: Entry, cat: Catalog) -> str:
    return (e.description if cat.has("description") else "") or (e.message if cat.has("message") else "")


def project(cat: Catalog, carried: set[str], either: bool = False, text_of: Callable | None = None) -> list[dict]:
    """The catalog as the document shows it. With `either`, message and description are one `text`."""
    out = []
    for e in cat.entries:
        d = {"code": e.code}
        for f in OPTIONAL_FIELDS:
            if f in carried and not (either and f in ("message", "description")):
                d[f] = e.value(f)
        if either:
            d[TEXT] = text_of(e) if text_of else _entry_text(e, cat)
        out.append(d)
    return out


def _table_expected(cat: Catalog, groups_shown: bool = True) -> tuple[list[dict], frozenset[str]]:
    carried = set(cat.columns) - {"code"}
    if cat.groups and groups_shown:
        carried.add("category")
    texts = {"message", "description"} & carried
    # With no header, a table's only text column is not labelled message or description.
    either = not cat.headers and len(texts) == 1
    return project(cat, carried, either), frozenset(carried | ({TEXT} if either else set()))


def _item_expected(cat: Catalog, with_name: bool = True, with_groups: bool = True,
                   text_of: Callable | None = None) -> tuple[list[dict], frozenset[str]]:
    carried = {"name"} if with_name and cat.has("name") else set()
    if with_groups and cat.groups:
        carried.add("category")
    return project(cat, carried, either=True, text_of=text_of), frozenset(carried | {TEXT})


def table_items(cat: Catalog):
    """("group", name) and ("row", [cell texts in column order]) in document order."""
    current = None
    for e in cat.entries:
        if cat.groups and e.category != current:
            current = e.category
            yield "group", current
        yield "row", [cell_text(e, f) for f in cat.columns]


def header_cells(cat: Catalog) -> list[str]:
    return [cat.headers[f] for f in cat.columns]


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _intro(cat: Catalog) -> str:
    return ("The service reports the success or failure of a request with an error code. The table below "
            "lists every code and what it means.")


def _enc(text: str) -> bytes:
    return text.encode("utf-8")


# ----------------------------------------------------------------------------------------- table layouts


def render_tab(cat: Catalog, rng: random.Random) -> Rendering:
    lines = []
    if rng.random() < 0.7:
        lines += [f"{cat.title} of the service API.", ""] if rng.random() < 0.5 else [f"{cat.title}."]
    if cat.headers:
        lines.append("\t".join(header_cells(cat)))
    for kind, value in table_items(cat):
        lines.append(value + "\t" * (len(cat.columns) - 1) if kind == "group" else "\t".join(value))
    if rng.random() < 0.4:
        lines += ["", "* Codes marked deprecated will be removed in the next major version."]
    exp, carried = _table_expected(cat)
    return Rendering("errors.tsv", _enc("\n".join(lines) + "\n"), exp, carried)


def render_csv(cat: Catalog, rng: random.Random) -> Rendering:
    sep = rng.choice([",", ",", ";"])
    buf = io.StringIO()
    if rng.random() < 0.3:
        buf.write(f"{cat.title}\n")
    w = csv.writer(buf, delimiter=sep, lineterminator="\n",
                   quoting=rng.choice([csv.QUOTE_MINIMAL, csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    if cat.headers:
        w.writerow(header_cells(cat))
    multiline = rng.random() < 0.3  # a spreadsheet cell with line breaks typed into it
    for kind, value in table_items(cat):
        if kind == "group":
            w.writerow([value] + [""] * (len(cat.columns) - 1))
        else:
            if multiline:
                value = ["\n".join(wrap(v, 60)) if len(v) > 80 else v for v in value]
            w.writerow(value)
    if rng.random() < 0.3:
        buf.write("\nGenerated from the error registry.\n")
    exp, carried = _table_expected(cat)
    return Rendering("errors.csv", _enc(buf.getvalue()), exp, carried)


def _md_cell(cat: Catalog, fld: str, text: str, ticks: dict) -> str:
    if text and ticks.get(fld):
        return f"`{text}`"
    return text


def render_markdown(cat: Catalog, rng: random.Random) -> Rendering | None:
    if not cat.headers:
        return None  # a pipe table has a header row by syntax
    ticks = {"code": rng.random() < 0.4, "name": rng.random() < 0.6}
    pad = rng.random() < 0.5
    out = [f"# {cat.title}", "", _intro(cat), ""]

    def table(rows):
        cells = [[_md_cell(cat, f, c, ticks) for f, c in zip(cat.columns, r)] for r in rows]
        head = header_cells(cat)
        widths = [max(len(x) for x in col) for col in zip(head, *cells)] if pad else [0] * len(head)
        fmt = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
        out.append(fmt(head))
        out.append("|" + "|".join("-" * max(3, w + 2) for w in widths) + "|")
        out.extend(fmt(r) for r in cells)
        out.append("")

    rows: list = []
    for kind, value in table_items(cat):
        if kind == "group":
            if rows:
                table(rows)
                rows = []
            out += [f"## {value}", ""]
            if rng.random() < 0.3:
                out += [f"Errors of the {value.lower()} group.", ""]
        else:
            rows.append(value)
    table(rows)
    exp, carried = _table_expected(cat)
    return Rendering("errors.md", _enc("\n".join(out)), exp, carried)


def render_html(cat: Catalog, rng: random.Random) -> Rendering:
    e = html.escape
    code_tag = rng.random() < 0.4
    head_in_thead = rng.random() < 0.7
    group_style = rng.choice(["colspan", "heading", "caption"]) if cat.groups else ""
    wrap_source = rng.random() < 0.5  # the HTML source breaks long cell texts over lines
    out = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
           f"<title>{e(cat.title)}</title>", "<style>table { border-collapse: collapse; }</style>",
           "<script>window.dataLayer = [];</script>", "</head>", "<body>",
           "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/docs\">Docs</a></li></ul></nav>",
           "<main>", f"<h1>{e(cat.title)}</h1>", f"<p>{e(_intro(cat))}</p>"]
    n = len(cat.columns)

    def td(fld, text):
        body = e(text)
        if code_tag and fld in ("code", "name") and text:
            body = f"<code>{body}</code>"
        elif wrap_source and len(text) > 70:
            body = "\n      ".join(wrap(body, 60))
        return f"    <td>{body}</td>"

    def open_table(caption=""):
        out.append("<table class=\"errors\">")
        if caption:
            out.append(f"  <caption>{e(caption)}</caption>")
        if cat.headers:
            cells = "".join(f"<th>{e(h)}</th>" for h in header_cells(cat))
            out.append(f"  <thead><tr>{cells}</tr></thead>" if head_in_thead else f"  <tr>{cells}</tr>")
        out.append("  <tbody>")

    def close_table():
        out.extend(["  </tbody>", "</table>"])

    started = False
    for kind, value in table_items(cat):
        if kind == "group":
            if group_style == "colspan":
                if not started:
                    open_table()
                    started = True
                out.append(f"  <tr><td colspan=\"{n}\"><strong>{e(value)}</strong></td></tr>")
            else:
                if started:
                    close_table()
                if group_style == "heading":
                    out.append(f"<h2>{e(value)}</h2>")
                    open_table()
                else:
                    open_table(value)
                started = True
        else:
            if not started:
                open_table()
                started = True
            out.append("  <tr>")
            out.extend(td(f, c) for f, c in zip(cat.columns, value))
            out.append("  </tr>")
    close_table()
    out += ["</main>", "<footer>&copy; Example Corp</footer>", "</body>", "</html>", ""]
    exp, carried = _table_expected(cat)
    return Rendering("errors.html", _enc("\n".join(out)), exp, carried)


def render_asciidoc(cat: Catalog, rng: random.Random) -> Rendering:
    """`|===` tables: a header on one line then a blank line, or `options="header"`, or none; cells one row per
    line or one cell per line; group rows as `N+|` spans or `==` sections; a `.Title` and `[cols=…]` above."""
    n = len(cat.columns)
    per_line = rng.random() < 0.5  # one cell per line, rows separated by blank lines
    by_sections = cat.groups and rng.random() < 0.4
    out = [f"= {cat.title}", "", _intro(cat), ""]

    def open_table(title: str | None):
        if title:
            out.append(f".{title}")
        opts = ', options="header"' if cat.headers and rng.random() < 0.5 else ""
        out.append(f'[cols="{",".join(str(rng.randint(1, 5)) for _ in range(n))}"{opts}]')
        out.append("|===")
        if cat.headers:
            out.append(" ".join(f"| {h}" for h in header_cells(cat)))
            out.append("")

    def row(cells):
        if per_line:
            out.extend(f"| {c}" if c else "|" for c in cells)
            out.append("")
        else:
            out.append(" ".join(f"| {c}" if c else "|" for c in cells))

    started = False
    # a `.Title` above a table without groups names its rows' category, as a caption does
    caption = "Error codes of the service" if not cat.groups and rng.random() < 0.3 else None
    for kind, value in table_items(cat):
        if kind == "group" and by_sections:
            if started:
                out += ["|===", ""]
            out += [f"== {value}", ""]
            open_table(None)
            started = True
            continue
        if not started:
            open_table(caption)
            started = True
        if kind == "group":
            out.append(f"{n}+| {value}")
        else:
            row(value)
    out += ["|===", "", "Codes not listed here are reserved."]
    exp, carried = _table_expected(cat)
    if caption:
        exp, carried = [{**d, "category": caption} for d in exp], carried | {"category"}
    return Rendering("errors.adoc", _enc("\n".join(out) + "\n"), exp, carried,
                     note="one cell per line" if per_line else "one row per line")


def _col_widths(cat: Catalog, rows: list[list[str]], cap: int) -> list[int]:
    widths = []
    for i, f in enumerate(cat.columns):
        vals = [r[i] for r in rows] + ([cat.headers[f]] if cat.headers else [])
        longest_word = max((len(w) for v in vals for w in v.split()), default=1)
        natural = max((len(v) for v in vals), default=1)
        widths.append(max(longest_word, min(natural, cap), 2))
    return widths


def _rst_title(text: str, ch: str) -> list[str]:
    return [text, ch * len(text), ""]


def render_rst_grid(cat: Catalog, rng: random.Random) -> Rendering:
    cap = rng.choice([24, 30, 40])
    indent = "   " if rng.random() < 0.3 else ""
    out = _rst_title(cat.title, "=") + [_intro(cat), ""]
    rows_all = [v for k, v in table_items(cat) if k == "row"]
    widths = _col_widths(cat, rows_all, cap)
    border = lambda ch: indent + "+" + "+".join(ch * (w + 2) for w in widths) + "+"

    def row_lines(cells):
        wrapped = [wrap(c, w) if c else [""] for c, w in zip(cells, widths)]
        height = max(len(x) for x in wrapped)
        return [indent + "|" + "|".join(" " + (col[i] if i < len(col) else "").ljust(w) + " "
                                       for col, w in zip(wrapped, widths)) + "|" for i in range(height)]

    def table(rows):
        out.append(border("-"))
        if cat.headers:
            out.extend(row_lines(header_cells(cat)))
            out.append(border("="))
        for r in rows:
            out.extend(row_lines(r))
            out.append(border("-"))
        out.append("")

    rows: list = []
    for kind, value in table_items(cat):
        if kind == "group":
            if rows:
                table(rows)
                rows = []
            out += _rst_title(value, "-")
        else:
            rows.append(value)
    table(rows)
    exp, carried = _table_expected(cat)
    return Rendering("errors.rst", _enc("\n".join(out)), exp, carried)


def render_rst_simple(cat: Catalog, rng: random.Random) -> Rendering | None:
    rows_all = [v for k, v in table_items(cat) if k == "row"]
    if any(not r[0] for r in rows_all):
        return None  # a blank first cell makes a continuation line: the syntax cannot say it
    cap = rng.choice([30, 40, 50])
    widths = _col_widths(cat, rows_all, cap)
    widths[0] = max(len(r[0]) for r in rows_all + ([header_cells(cat)] if cat.headers else []))
    group_rows = cat.groups and rng.random() < 0.6  # full-width class rows, else section titles
    out = _rst_title(cat.title, "=") + [_intro(cat), ""]
    total = sum(widths) + 2 * (len(widths) - 1)
    border = "  ".join("=" * w for w in widths)

    def row_lines(cells):
        wrapped = [[c] if i == 0 else (wrap(c, w) if c else [""]) for i, (c, w) in enumerate(zip(cells, widths))]
        height = max(len(x) for x in wrapped)
        return ["  ".join((col[i] if i < len(col) else "").ljust(w) for col, w in zip(wrapped, widths)).rstrip()
                for i in range(height)]

    def open_table():
        out.append(border)
        if cat.headers:
            out.extend(row_lines(header_cells(cat)))
            out.append(border)

    def close_table():
        out.extend([border, ""])

    started = False
    for kind, value in table_items(cat):
        if kind == "group":
            if group_rows:
                if not started:
                    open_table()
                    started = True
                label = f"**{value}**"
                out.extend([label, "-" * max(total, len(label))])
            else:
                if started:
                    close_table()
                out += _rst_title(value, "-")
                open_table()
                started = True
        else:
            if not started:
                open_table()
                started = True
            out.extend(row_lines(value))
    close_table()
    exp, carried = _table_expected(cat)
    return Rendering("errors.rst", _enc("\n".join(out)), exp, carried)


def render_rst_directive(cat: Catalog, rng: random.Random) -> Rendering:
    """`.. list-table::` (`* - cell` rows) or `.. csv-table::` (quoted CSV rows), `:header-rows: 1` or `:header:`
    where the catalog has headers; groups as section titles with a table each."""
    kind = rng.choice(["list-table", "csv-table"])
    out = _rst_title(cat.title, "=") + [_intro(cat), ""]

    def quote(c: str) -> str:
        return '"' + c.replace('"', '""') + '"'

    def open_table(title: str | None):
        out.append(f".. {kind}::" + (f" {title}" if title else ""))
        if kind == "list-table":
            out.append(f"   :widths: {' '.join(str(rng.randint(1, 5)) for _ in cat.columns)}")
            if cat.headers:
                out.append("   :header-rows: 1")
            out.append("")
            if cat.headers:
                row(header_cells(cat))
        else:
            if cat.headers:
                out.append("   :header: " + ", ".join(quote(h) for h in header_cells(cat)))
            out.append("")

    def row(cells):
        if kind == "list-table":
            out.extend([f"   * - {cells[0]}".rstrip()] + [f"     - {c}".rstrip() for c in cells[1:]])
        else:
            out.append("   " + ", ".join(quote(c) for c in cells))

    started = False
    for k, value in table_items(cat):
        if k == "group":
            if started:
                out.append("")
            out += _rst_title(value, "-")
            open_table(None)
            started = True
        else:
            if not started:
                open_table(None)
                started = True
            row(value)
    out.append("")
    exp, carried = _table_expected(cat)
    return Rendering("errors.rst", _enc("\n".join(out)), exp, carried, note=kind)


def _key_name(header: str, style: str) -> str:
    words = re.findall(r"[A-Za-z]+", header)
    if style == "camel":
        return words[0].lower() + "".join(w.capitalize() for w in words[1:])
    return "_".join(w.lower() for w in words)


STANDARD_KEYS = {"code": "code", "name": "name", "http_status": "http_status", "message": "message",
                 "description": "description", "operations": "operations", "category": "category"}


def _objects(cat: Catalog, rng: random.Random) -> tuple[object, frozenset, list[dict]] | None:
    """The JSON/YAML data of a catalog: a list of objects, groups of lists, or an object keyed by code."""
    if not cat.headers:
        return None  # object keys are the header: an object without keys does not exist
    style = rng.choice(["snake", "camel"])
    plain = cat.shape.header == "standard" and rng.random() < 0.5  # `http_status`, else the header's words
    keys = {f: STANDARD_KEYS[f] if plain else _key_name(cat.headers[f], style) for f in cat.columns}
    blank_style = rng.choice(["omit", "null", "empty"])
    numeric = cat.key in ("decimal", "negative")

    def obj(e: Entry, skip_code=False):
        d = {}
        for f in cat.columns:
            if f == "code":
                if not skip_code:
                    d[keys[f]] = int(e.code) if numeric else e.code
                continue
            v = e.value(f)
            if v in ("", None, []):
                if blank_style == "omit":
                    continue
                v = None if blank_style == "null" else ([] if f == "operations" else "")
            d[keys[f]] = v
        return d

    dup = len({e.code for e in cat.entries}) < len(cat.entries)
    if cat.groups:
        data = {}
        for e in cat.entries:
            data.setdefault(e.category, []).append(obj(e))
    elif not dup and rng.random() < 0.3:
        data = {e.code: obj(e, skip_code=True) for e in cat.entries}
    else:
        data = [obj(e) for e in cat.entries]
        if rng.random() < 0.7:
            data = {"errors": data}
    if isinstance(data, dict) and rng.random() < 0.5 and "errors" in data:
        data = {"service": "example", "version": "2.3", **data}
    exp, carried = _table_expected(cat)
    return data, carried, exp


def render_json(cat: Catalog, rng: random.Random) -> Rendering | None:
    made = _objects(cat, rng)
    if made is None:
        return None
    data, carried, exp = made
    text = json.dumps(data, indent=rng.choice([2, 4]), ensure_ascii=False) + "\n"
    return Rendering("errors.json", _enc(text), exp, carried)


def render_yaml(cat: Catalog, rng: random.Random) -> Rendering | None:
    import yaml

    made = _objects(cat, rng)
    if made is None:
        return None
    data, carried, exp = made
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=rng.choice([80, 100, 1000]))
    if rng.random() < 0.5:
        text = f"# {cat.title}\n" + text
    return Rendering("errors.yaml", _enc(text), exp, carried)


def render_openapi(cat: Catalog, rng: random.Random) -> Rendering | None:
    """An OpenAPI 3 document (YAML or JSON) whose error codes are an enum schema: `enum` with `x-enum-varnames`
    (names) and the texts in `x-enum-descriptions` or in the schema's description, one `* `CODE` - text` line
    per code; groups are one enum schema each, titled with the group (the category). Around it what real API
    descriptions hold: paths whose error responses carry a status and a description only (the codes' transport,
    not entries), an Error body schema, a success response."""
    if SHAPE_BY_NAME[cat.shape.name].table_only:
        return None  # column order and header words do not exist here: the same as `basic`
    if len({e.code for e in cat.entries}) < len(cat.entries):
        return None  # an enum lists each value once: duplicate codes cannot be written
    import yaml

    numeric = cat.key in ("decimal", "negative")
    listing = rng.random() < 0.4
    groups = [(g, [e for e in cat.entries if e.category == g]) for g in cat.groups] if cat.groups else \
        [("", cat.entries)]
    schemas: dict = {}
    for group, entries in groups:
        key = (re.sub(r"[^A-Za-z0-9]", "", group.title()) + "Code") if group else rng.choice(
            ["ErrorCode", "ErrorCodes", "ApiErrorCode"])
        schema: dict = {"title": group} if group else {}
        schema["type"] = "integer" if numeric else "string"
        texts = [_entry_text(e, cat) for e in entries]
        if listing:
            lines = [f"* `{e.code}` - {t}" for e, t in zip(entries, texts) if t]
            schema["description"] = "Error codes returned in the `code` field of an error body:\n\n" + "\n".join(lines)
        else:
            schema["description"] = "Error codes returned in the `code` field of an error body."
        schema["enum"] = [int(e.code) if numeric else e.code for e in entries]
        if cat.has("name"):
            schema["x-enum-varnames"] = [e.name for e in entries]
        if not listing and any(texts):
            schema["x-enum-descriptions"] = texts
        schemas[key] = schema
    schemas["Error"] = {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"$ref": f"#/components/schemas/{next(iter(schemas))}"} if len(schemas) == 1 else
                {"oneOf": [{"$ref": f"#/components/schemas/{k}"} for k in schemas]},
        "message": {"type": "string", "example": "The request is invalid."}}}
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    data = {
        "openapi": rng.choice(["3.0.3", "3.1.0"]),
        "info": {"title": cat.title or "Example API", "version": "1.0.0"},
        "paths": {"/items/{id}": {"get": {
            "operationId": "getItem", "summary": "Read an item",
            "responses": {"200": {"description": "The item."},
                          "400": {"description": "Bad request", "content": error_ref},
                          "404": {"$ref": "#/components/responses/NotFound"}}}}},
        "components": {"schemas": schemas,
                       "responses": {"NotFound": {"description": "Not found", "content": error_ref}}},
    }
    if rng.random() < 0.5:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=rng.choice([80, 1000]))
        name = "openapi.yaml"
    else:
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        name = "openapi.json"
    exp, carried = _item_expected(cat, with_name=cat.has("name"))
    return Rendering(name, _enc(text), exp, carried, note="listed texts" if listing else "x-enum-descriptions")



PDF_WEIGHTS = {"message": 2.0, "description": 3.0, "operations": 1.6, "category": 1.4}
PDF_FORMATS = {"A5": 128.0, "A4": 190.0}  # usable width in mm with 10 mm margins


def _render_pdf(cat: Catalog, rng: random.Random, ruled: bool) -> Rendering:
    """fpdf2 tables: short columns (code, name, status) as wide as their longest word, text columns narrow so
    their cells wrap, on A5 or A4 pages so the table runs over several pages."""
    import warnings

    from fpdf import FPDF

    warnings.filterwarnings("ignore", message="Dimensions for page format", category=UserWarning)
    borders = rng.choice(["ALL", "ALL", "ALL", "INTERNAL", "HORIZONTAL_LINES"]) if ruled else \
        rng.choice(["NONE", "NONE", "NONE", "SINGLE_TOP_LINE"])
    probe = FPDF()
    probe.set_font("Helvetica", "B", 9)
    rows = [v for k, v in table_items(cat) if k == "row"]
    fixed = {}
    for i, f in enumerate(cat.columns):
        if f in PDF_WEIGHTS:
            continue
        words = [r[i] for r in rows] + (cat.headers[f].split() if cat.headers else [])
        fixed[f] = max(probe.get_string_width(w) for w in words) + 4
    n_text = len(cat.columns) - len(fixed)
    fmt = "A5" if PDF_FORMATS["A5"] - sum(fixed.values()) >= 28 * n_text and rng.random() < 0.7 else "A4"
    rest = PDF_FORMATS[fmt] - sum(fixed.values())
    weight_sum = sum(PDF_WEIGHTS[f] for f in cat.columns if f in PDF_WEIGHTS) or 1
    widths = [fixed[f] if f in fixed else rest * PDF_WEIGHTS[f] / weight_sum for f in cat.columns]
    if not n_text:
        widths = [w * PDF_FORMATS[fmt] / sum(widths) for w in widths]
    repeat = rng.choice([0, 1])
    v_align = rng.choice(["TOP", "MIDDLE", "MIDDLE"])
    pdf = FPDF(format=fmt)
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, cat.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    pdf.multi_cell(0, 5, _intro(cat), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    n = len(cat.columns)
    with pdf.table(col_widths=widths, width=sum(widths), line_height=4.5, text_align="LEFT",
                   first_row_as_headings=bool(cat.headers), repeat_headings=repeat, borders_layout=borders,
                   v_align=v_align, align="LEFT") as table:
        if cat.headers:
            row = table.row()
            for h in header_cells(cat):
                row.cell(h)
        for kind, value in table_items(cat):
            row = table.row()
            if kind == "group":
                row.cell(value, colspan=n)
            else:
                for c in value:
                    row.cell(c)
    pdf.ln(3)
    pdf.multi_cell(0, 5, "Codes not listed here are reserved.", new_x="LMARGIN", new_y="NEXT")
    exp, carried = _table_expected(cat)
    note = f"{fmt}, {pdf.pages_count} page(s), borders {borders}, repeated header {bool(repeat)}, v_align {v_align}"
    return Rendering("errors.pdf", bytes(pdf.output()), exp, carried, note)


def render_pdf_ruled(cat: Catalog, rng: random.Random) -> Rendering:
    return _render_pdf(cat, rng, ruled=True)


def render_pdf_unruled(cat: Catalog, rng: random.Random) -> Rendering:
    return _render_pdf(cat, rng, ruled=False)


SHORT_FIELDS = ("code", "name", "http_status")


def render_dump(cat: Catalog, rng: random.Random) -> Rendering | None:
    """Seed 001's shape: a first block of short columns (one row per line), then every other column as a
    block of paragraphs headed by its name, then the overflow of cells that wrapped, in row order."""
    if cat.groups:
        return None  # a PDF text layer of a grouped table is another layout (page text)
    rows = [v for k, v in table_items(cat) if k == "row"]
    lead = []
    for f in cat.columns:
        if f not in SHORT_FIELDS:
            break
        lead.append(f)
    if "code" not in lead:
        lead = []
    numbers = bool(lead) and rng.random() < 0.5
    out = []
    overflow = []
    idx = {f: i for i, f in enumerate(cat.columns)}
    if lead:
        head = (["Sr.no"] if numbers else []) + [cat.headers[f] for f in lead] if cat.headers else None
        if head:
            out.append("\t".join(head))
        split_last = rng.random() < 0.5
        page_break = rng.randint(1, max(1, len(rows) - 1)) if rng.random() < 0.5 else -1
        for i, r in enumerate(rows):
            cells = ([str(i + 1)] if numbers else []) + [r[idx[f]] for f in lead]
            if i == page_break:
                out.append("")
            if split_last and i == len(rows) - 1:
                out.append("")
                out.append("\n\n".join(c for c in cells if c))
            else:
                out.append("\t".join(cells))
    cut = 60 if cat.shape.long else 0
    for f in cat.columns:
        if f in lead:
            continue
        out.append("")
        if cat.headers:
            out += [cat.headers[f], ""]
        paras = []
        for r in rows:
            v = r[idx[f]]
            if not v:
                continue
            if cut and len(v) > cut + 20:
                head_part = v[:cut].rsplit(" ", 1)[0]
                overflow.append(v[len(head_part):].strip())
                v = head_part
            paras.append(v)
        out.append("\n\n".join(paras))
    if overflow:
        out.append("")
        out.append("\n\n".join(overflow))
    exp, carried = _table_expected(cat)
    return Rendering("errors-dump.txt", _enc("\n".join(out) + "\n"), exp, carried)


CHROME = ["Skip to content", "You must be signed in to change notification settings - Fork 0", "{file}",
          "{n} lines ({m} loc) · 9.74 KB", "Raw Blame History", "{file}"]


def render_collapsed(cat: Catalog, rng: random.Random) -> Rendering:
    """Seed 002's shape: a web page scraped with its cell separators collapsed into single spaces."""
    name = rng.choice(["error_codes.txt", "errors for logging.txt", "api-errors.txt"])
    out = []
    if rng.random() < 0.8:
        n = len(cat.entries) + 4
        out += [c.format(file=name, n=n, m=n - 2) for c in CHROME if rng.random() < 0.8]
    out.append(f"{cat.title} of the REST API.")
    if cat.headers:
        out.append(" ".join(header_cells(cat)))
    for kind, value in table_items(cat):
        out.append(value if kind == "group" else " ".join(c for c in value if c))
    if rng.random() < 0.4:
        out.append("* Data operations are all CRUD requests to custom or built-in content types.")
    exp, carried = _table_expected(cat)
    return Rendering("scrape.txt", _enc("\n".join(out) + "\n"), exp, carried)


# ------------------------------------------------------------------------------------------ item layouts


def _numeric_ranges(cat: Catalog) -> list[tuple[str, str]] | None:
    """(range text, label) per group, for a prose preamble; None where codes are not plain numbers."""
    if cat.key not in ("decimal",):
        return None
    spans: dict[str, list[int]] = {}
    for e in cat.entries:
        spans.setdefault(e.category, []).append(int(e.code))
    out = []
    for g in cat.groups:
        lo, hi = min(spans[g]), max(spans[g])
        out.append((str(lo) if lo == hi else f"{lo}-{hi}", g))
    return out


def render_prose(cat: Catalog, rng: random.Random) -> Rendering | None:
    """Seed 004's shape: the code on its own line, then `name. text` wrapped mid-sentence."""
    if cat.key == "symbolic":
        return None
    ranges = _numeric_ranges(cat) if cat.groups else []
    if ranges is None:
        return None
    width = rng.choice([60, 80, 100, 1000])
    out = [f"The service reports the success or failure of an operation with its own error codes. These are "
           f"similar to HTTP status codes, but not identical to them. See the list below for the codes and what "
           f"they mean.", "Error codes"]
    if ranges:
        out.append("Error codes are grouped into the following categories:")
        out += [f"- {span}. {label}." for span, label in ranges]
    for e in cat.entries:
        text = _entry_text(e, cat)
        body = f"{e.name}. {text}" if cat.has("name") and e.name else text
        out.append(e.code)
        out.extend(wrap(body, width))
    exp, carried = _item_expected(cat)
    return Rendering("errors.txt", _enc("\n".join(out) + "\n"), exp, carried)


def _md_groups(cat: Catalog, lines_of: Callable[[Entry], list[str]], title_level: str = "#",
               gap: bool = False) -> list[str]:
    out = [f"{title_level} {cat.title}", "", _intro(cat).replace("table", "list"), ""]
    current = None
    for e in cat.entries:
        if cat.groups and e.category != current:
            current = e.category
            if out[-1] != "":
                out.append("")
            out += [f"## {current}", ""]
        out.extend(lines_of(e))
        if gap:
            out.append("")
    return out


def render_bullets(cat: Catalog, rng: random.Random) -> Rendering:
    named = cat.has("name")
    form = rng.choice([0, 1]) if named else rng.choice([2, 3, 4])
    marker = rng.choice(["*", "-"])
    width = rng.choice([80, 1000])

    def lines(e: Entry) -> list[str]:
        text = _entry_text(e, cat)
        if named and e.name:
            head = [f"{marker} **{e.code}** `{e.name}` – ", f"{marker} `{e.name}` (**{e.code}**): "][form]
        else:
            head = [f"{marker} **{e.code}** ", f"{marker} **{e.code}** – ", f"{marker} `{e.code}`: "][form % 3]
        first, *rest = wrap(head + text, width)
        return [first] + ["  " + x for x in rest]

    exp, carried = _item_expected(cat)
    return Rendering("errors.md", _enc("\n".join(_md_groups(cat, lines, gap=rng.random() < 0.3)) + "\n"),
                     exp, carried)


def render_headings(cat: Catalog, rng: random.Random) -> Rendering:
    named = cat.has("name")
    form = rng.choice([0, 1])
    width = rng.choice([80, 1000])

    def lines(e: Entry) -> list[str]:
        if named and e.name:
            head = [f"### {e.name} ({e.code})", f"### {e.code}: {e.name}"][form]
        else:
            head = [f"### {e.code}", f"### `{e.code}`"][form]
        return [head, "", *wrap(_entry_text(e, cat), width)]

    exp, carried = _item_expected(cat)
    return Rendering("errors.md", _enc("\n".join(_md_groups(cat, lines, gap=True)) + "\n"), exp, carried)


def _rfc_pages(body: list[str], rng: random.Random, lines_per_page: int) -> list[str]:
    """Body lines cut into pages: blank lines, a footer, a form feed (or none), a header and a running title."""
    month = rng.choice(["October 1985", "May 1993", "December 2011"])
    title = "Example Service Protocol"
    out: list[str] = []
    page = 1
    for k, line in enumerate(body):
        if k and k % lines_per_page == 0:
            out += ["", "", f"Author & Editor{' ' * 40}[Page {page}]"]
            out += ["\f"] if rng.random() < 0.5 else []
            out += [f"RFC 9999{' ' * 20}{title}{' ' * 10}{month}", ""]
            page += 1
        out.append(line)
    out += ["", "", f"Author & Editor{' ' * 40}[Page {page}]"]
    return out


def render_rfc_text(cat: Catalog, rng: random.Random) -> Rendering | None:
    """RFC-style plain text: numbered section titles, `CODE  NAME` (or `CODE text`, or a bare `CODE`) at one
    indent with the text indented deeper, page footers, headers and form feeds between pages (an entry may
    continue over a page break)."""
    if cat.key == "symbolic":
        return None
    named = cat.has("name")
    form = rng.choice([0, 3]) if named else rng.choice([1, 2])
    width = rng.choice([50, 60, 68])
    intro = ["   " + x for x in wrap(_intro(cat).replace("table", "list"), 66)]
    # numbered sections only where the catalog has groups: a section title is its entries' category
    body = ["", "1.  Introduction", "", *intro, "", "2.  Reply Codes", ""] if cat.groups else ["", *intro, ""]
    current, group_no = None, 0
    for e in cat.entries:
        if cat.groups and e.category != current:
            current, group_no = e.category, group_no + 1
            body += [f"2.{group_no}.  {current}", ""]
        text = _entry_text(e, cat)
        if form == 0:  # `401     ERR_NAME` then the text as a `- ` description
            body.append(f"        {e.code}     {e.name}".rstrip())
            lines = wrap(text, width) if text else []
            body += ["                - " + lines[0], *["                  " + x for x in lines[1:]]] if lines else []
            body.append("")
        elif form == 1:  # `200 Command okay.` with its continuation lines indented deeper
            first, *rest = wrap(text, width) if text else [""]
            body.append(f"         {e.code} {first}".rstrip())
            body += ["             " + x for x in rest]
        else:  # a bare code (or `CODE  NAME`), a blank line, the text indented below
            body += [f"   {e.code}    {e.name}".rstrip() if form == 3 else f"   {e.code}", ""]
            body += ["      " + x for x in wrap(text, width)] if text else []
            body.append("")
    body += ["", "3.  Security Considerations", "", "   None.", ""] if cat.groups else [""]
    out = [f"Network Working Group{' ' * 30}A. Author", "Request for Comments: 9999", "",
           "                     Example Service Protocol", ""]
    out += _rfc_pages(body, rng, rng.choice([23, 40, 54]))
    exp, carried = _item_expected(cat)
    return Rendering("rfc9999.txt", _enc("\n".join(out) + "\n"), exp, carried,
                     note=["NNN  NAME, - text", "NNN text", "bare NNN", "NNN  NAME, text below"][form])


def render_definition_list(cat: Catalog, rng: random.Random) -> Rendering | None:
    """Definition lists: reST (`CODE` then its definition indented), Markdown (`CODE` then `: text`), reST
    domain directives (`.. c:macro:: NAME` for symbolic codes) and HTML `<dl>` (a term `NAME (CODE)`)."""
    named = cat.has("name")
    forms = ["rst", "markdown"]
    if cat.key == "symbolic":
        forms.append("directive")
    if cat.key in ("decimal", "hex") and named and all(e.name for e in cat.entries):
        forms.append("html")
    form = rng.choice(forms)
    width = rng.choice([60, 80, 1000])

    def term(e: Entry) -> str:
        return f"{e.code} {e.name}" if named and e.name else e.code

    exp, carried = _item_expected(cat)
    if form == "html":
        out = ["<!DOCTYPE html>", "<html><head><title>Errors</title></head><body>", f"<h1>{html.escape(cat.title)}</h1>",
               f"<p>{html.escape(_intro(cat))}</p>"]
        current = None
        for e in cat.entries:
            if cat.groups and e.category != current:
                if current is not None:
                    out.append("</dl>")
                current = e.category
                out += [f"<h2>{html.escape(current)}</h2>", "<dl>"]
            elif current is None and e is cat.entries[0]:
                out.append("<dl>")
            out.append(f"  <dt>{html.escape(e.name)} ({html.escape(e.code)})</dt>")
            out.append(f"  <dd>{html.escape(_entry_text(e, cat))}</dd>")
        out += ["</dl>", "</body></html>"]
        return Rendering("errors.html", _enc("\n".join(out) + "\n"), exp, carried, note=form)

    out = _rst_title(cat.title, "=") + ["", _intro(cat).replace("table", "list"), ""]
    current = None
    for e in cat.entries:
        if cat.groups and e.category != current:
            current = e.category
            out += _rst_title(current, "-") + [""]
        text = _entry_text(e, cat)
        lines = wrap(text, width) if text else []
        if form == "directive":
            out += [f".. c:macro:: {e.code}", ""] + ["    " + x for x in lines]
        elif form == "rst":
            out += [term(e)] + ["    " + x for x in lines]
        else:
            out += [term(e)] + ([": " + lines[0]] + ["  " + x for x in lines[1:]] if lines else [])
        out.append("")
    return Rendering("errors.md" if form == "markdown" else "errors.rst", _enc("\n".join(out) + "\n"), exp, carried,
                     note=form)


def _constants_ok(cat: Catalog) -> bool:
    return cat.key != "symbolic" and cat.has("name") and all(e.name for e in cat.entries) \
        and len({e.name for e in cat.entries}) == len(cat.entries)


def _upper_names(cat: Catalog) -> bool:
    """Names written as constants usually are (`NOT_FOUND`); other styles only as enum members."""
    return all(re.fullmatch(r"[A-Z][A-Z0-9_]*", e.name) for e in cat.entries)


def _literal(cat: Catalog, code: str) -> str:
    return code if cat.key in ("decimal", "negative", "hex") else json.dumps(code)


def _comment_block(text: str, width: int, lead: str, first: str | None = None, last: str | None = None,
                   indent: str = "") -> list[str]:
    body = [f"{indent}{lead}{x}" for x in wrap(text, width)]
    return ([f"{indent}{first}"] if first else []) + body + ([f"{indent}{last}"] if last else [])


def render_constants_c(cat: Catalog, rng: random.Random) -> Rendering | None:
    if not _constants_ok(cat) or cat.key in ("sqlstate", "prefixed"):
        return None
    form = rng.choice(["enum", "define"]) if _upper_names(cat) else "enum"
    trailing = rng.random() < 0.4
    out = ["/* Error codes of the example client library. */", "#ifndef EXAMPLE_ERRORS_H",
           "#define EXAMPLE_ERRORS_H", ""]
    if form == "enum":
        out.append("typedef enum {")
    for e in cat.entries:
        text = _entry_text(e, cat)
        decl = f"    {e.name} = {e.code}," if form == "enum" else f"#define {e.name} {e.code}"
        if trailing and text:
            out.append(f"{decl}  /* {text} */" if form == "enum" else f"{decl}  // {text}")
            continue
        if text:
            ind = "    " if form == "enum" else ""
            if len(text) < 70:
                out.append(f"{ind}/** {text} */")
            else:
                out += _comment_block(text, 72, " * ", "/**", " */", ind)
        out.append(decl)
    if form == "enum":
        out.append("} example_error;")
    out += ["", "#endif"]
    exp, carried = _item_expected(cat, with_groups=False)
    return Rendering("errors.h", _enc("\n".join(out) + "\n"), exp, carried)


def render_constants_py(cat: Catalog, rng: random.Random) -> Rendering | None:
    if not _constants_ok(cat):
        return None
    form = rng.choice(["enum", "module"]) if _upper_names(cat) else "enum"
    trailing = rng.random() < 0.5
    out = ['"""Error codes of the example client."""', ""]
    ind = ""
    if form == "enum":
        base = "IntEnum" if cat.key in ("decimal", "negative", "hex") else "str, Enum"
        out += [f"from enum import {base.split(', ')[-1]}", "", "", f"class ErrorCode({base}):"]
        ind = "    "
    for e in cat.entries:
        text = _entry_text(e, cat)
        decl = f"{ind}{e.name} = {_literal(cat, e.code)}"
        if trailing and text:
            out.append(f"{decl}  # {text}")
        else:
            if text:
                out += _comment_block(text, 76, "#: " if form == "module" else "# ", indent=ind)
            out.append(decl)
    exp, carried = _item_expected(cat, with_groups=False)
    return Rendering("errors.py", _enc("\n".join(out) + "\n"), exp, carried)


def render_constants_go(cat: Catalog, rng: random.Random) -> Rendering | None:
    if not _constants_ok(cat):
        return None
    trailing = rng.random() < 0.4
    out = ["// Package errcodes lists the error codes of the example service.", "package errcodes", "",
           "const ("]
    for e in cat.entries:
        text = _entry_text(e, cat)
        decl = f"\t{e.name} = {_literal(cat, e.code)}"
        if trailing and text:
            out.append(f"{decl} // {text}")
        else:
            if text:
                out += _comment_block(text, 76, "// ", indent="\t")
            out.append(decl)
    out.append(")")
    exp, carried = _item_expected(cat, with_groups=False)
    return Rendering("errors.go", _enc("\n".join(out) + "\n"), exp, carried)


def render_constants_ts(cat: Catalog, rng: random.Random) -> Rendering | None:
    if not _constants_ok(cat):
        return None
    form = rng.choice(["enum", "class", "const"]) if _upper_names(cat) else "enum"
    out = ["/**", " * Error codes of the example SDK.", " */"]
    ind = "  " if form in ("enum", "class") else ""
    if form == "enum":
        out.append("export enum ErrorCode {")
    elif form == "class":
        out.append("export class ErrorCode {")
    for e in cat.entries:
        text = _entry_text(e, cat)
        lit = _literal(cat, e.code)
        decl = {"enum": f"{ind}{e.name} = {lit},", "class": f"{ind}static {e.name} = {lit};",
                "const": f"export const {e.name} = {lit};"}[form]
        if text:
            if len(text) < 70:
                out.append(f"{ind}/** {text} */")
            else:
                out += _comment_block(text, 72, " * ", "/**", " */", ind)
        out.append(decl)
    if form in ("enum", "class"):
        out.append("}")
    exp, carried = _item_expected(cat, with_groups=False)
    return Rendering("errors.ts", _enc("\n".join(out) + "\n"), exp, carried)


# The layouts of the matrix, in the order the report shows them; TABLE_LAYOUTS are the ones the issue's
# "none below 99.5% for the table layouts" speaks of.
RENDERERS: dict[str, Callable[[Catalog, random.Random], Rendering | None]] = {
    "tab": render_tab,
    "csv": render_csv,
    "markdown": render_markdown,
    "html": render_html,
    "rst-grid": render_rst_grid,
    "rst-simple": render_rst_simple,
    "rst-directive": render_rst_directive,
    "asciidoc": render_asciidoc,
    "json": render_json,
    "yaml": render_yaml,
    "openapi": render_openapi,
    "pdf-ruled": render_pdf_ruled,
    "pdf-unruled": render_pdf_unruled,
    "dump": render_dump,
    "collapsed": render_collapsed,
    "prose": render_prose,
    "bullets": render_bullets,
    "headings": render_headings,
    "constants-c": render_constants_c,
    "constants-py": render_constants_py,
    "constants-go": render_constants_go,
    "constants-ts": render_constants_ts,
    "rfc-text": render_rfc_text,
    "definition-list": render_definition_list,
}
TABLE_LAYOUTS = ("tab", "csv", "markdown", "html", "rst-grid", "rst-simple", "rst-directive", "asciidoc", "json", "yaml", "pdf-ruled",
                 "pdf-unruled")
ITEM_LAYOUTS = ("prose", "bullets", "headings", "constants-c", "constants-py", "constants-go", "constants-ts",
                "rfc-text", "definition-list")


def render(layout: str, cat: Catalog, rng: random.Random) -> Rendering | None:
    if layout in ITEM_LAYOUTS and SHAPE_BY_NAME[cat.shape.name].table_only:
        return None  # column order and header words do not exist in an item layout: same as `basic`
    return RENDERERS[layout](cat, rng)
