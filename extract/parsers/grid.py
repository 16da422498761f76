"""reStructuredText tables: grid tables (`+---+` borders, `|` rows whose cells wrap over several lines, a
`+===+` line under the header) and simple tables (`=====  =====` borders, a row whose first column is blank
continuing the row above), under section titles (a line underlined with `===`, `---`, `~~~`) naming the
category."""
from __future__ import annotations

import csv
import re

from ..documents import Document
from ..model import Cell, Layout, Loc, Note, Parsed
from . import Context, LayoutRule
from ..patterns import (RST_LABEL_TARGET, RST_LINE_BLOCK, RST_LIST_CELL, RST_LIST_ROW, RST_OPTION,
                        RST_TABLE_DIRECTIVE)
from ..text import collapse
from .table import DocumentTables, Row, is_data_line, keep_table, table_records

BORDER = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
SIMPLE_BORDER = re.compile(r"^\s*=+(?:\s+=+)+\s*$")
ROW = re.compile(r"^\s*\|.*\|\s*$")
UNDERLINE = re.compile(r"^([=\-~^\"'`#*+])\1{2,}\s*$")
SPAN_UNDERLINE = re.compile(r"^\s*-{3,}(?:\s+-{3,})*\s*$")
DIRECTIVE = re.compile(r"^\s*(\.\. [\w:-]+.*|:\w[\w-]*:.*)$")


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    borders = sum(1 for line in doc.lines if BORDER.match(line))
    simple = sum(1 for line in doc.lines if SIMPLE_BORDER.match(line))
    directives = sum(1 for line in doc.lines if RST_TABLE_DIRECTIVE.fullmatch(line))
    return 0.97 if borders >= 3 or simple >= 2 or directives else 0.0


UNDERLINE_CHARS = frozenset("=-~^\"'`#*+")  # what an underline is a run of (`UNDERLINE`): its first character


def _is_title(lines: list[str], i: int) -> bool:
    """A section title: a line underlined by a run of one punctuation character at least as long as it."""
    line = lines[i]
    # (the next line's first character first: most lines are underlined by no punctuation at all)
    return (i + 1 < len(lines) and lines[i + 1][:1] in UNDERLINE_CHARS and bool(line.strip())
            and bool(UNDERLINE.match(lines[i + 1]))
            and len(lines[i + 1].strip()) >= len(line.strip()) and not BORDER.match(line))


def _columns(border: str) -> list[tuple[int, int]]:
    """Character spans of the cells, from the `+` positions of a border line."""
    plus = [i for i, ch in enumerate(border) if ch == "+"]
    return list(zip(plus, plus[1:]))


# a cell line that opens with markup once stripped: a hyperlink target (`.. _name:`) or a line block (`| text`)
MARKUP_START = re.compile(r"^[^\S\n]*[.|]", re.M)  # (each line's own leading blanks only)


def _join_cell(parts: list[str]) -> str:
    """A cell's lines as one text; a line ending in a backslash continues the word on the next line."""
    if "\\" not in "".join(parts) and not MARKUP_START.search("\n".join(parts)):
        return collapse(" ".join(parts))  # the usual cell: its lines' words, nothing to read as markup
    text = ""
    for part in (p.strip() for p in parts):
        if not part or RST_LABEL_TARGET.fullmatch(part):  # a hyperlink target above the code: markup
            continue
        block = RST_LINE_BLOCK.fullmatch(part)
        if block:  # a line block (`| if authenticated 403,` / `| else 401`): the text after the bar
            part = (block.group(1) or "").strip()
            if not part:
                continue
        if text.endswith("\\"):
            text = text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return collapse(text)


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    out = Parsed(doc.source, catalog, "grid")
    lines = doc.lines
    loc = lambda ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    section: Cell | None = None
    titles = [i for i in range(len(lines) - 1) if lines[i + 1][:1] in UNDERLINE_CHARS and _is_title(lines, i)]
    # The document's title is the first title whose underline no other title shares: it names the whole
    # document, not a group of its entries, so it is a note rather than every entry's category.
    styles = [lines[i + 1].strip()[0] for i in titles]
    doc_title = titles[0] if titles and styles.count(styles[0]) == 1 else None
    out_context = collapse(lines[doc_title]) if doc_title is not None else ""
    tables = DocumentTables(out)  # per-command failure tables that list a catalog's symbols again: notes
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_title(lines, i):
            if i == doc_title:
                out.notes.append(Note("title", collapse(line), loc([i + 1])))
            else:
                section = Cell(collapse(line), line, loc([i + 1]))
            out.layout.append(Layout("section title", loc([i + 1, i + 2])))
            i += 2
            continue
        if BORDER.match(line):
            with tables.reading():
                i = _table(lines, i, out, catalog, section, loc, out_context)
            continue
        if SIMPLE_BORDER.match(line):
            with tables.reading():
                i = _simple_table(lines, i, out, catalog, section, loc, out_context)
            continue
        if RST_TABLE_DIRECTIVE.fullmatch(line):  # `.. list-table::`, `.. csv-table::`
            with tables.reading():
                i = _directive_table(lines, i, out, catalog, section, loc, out_context)
            continue
        if DIRECTIVE.match(line):
            out.layout.append(Layout("directive", loc([i + 1])))
        elif line.strip():
            start = i
            while i + 1 < len(lines) and lines[i + 1].strip() and not BORDER.match(lines[i + 1]) \
                    and not SIMPLE_BORDER.match(lines[i + 1]) \
                    and not DIRECTIVE.match(lines[i + 1]) \
                    and not (i + 2 < len(lines) and UNDERLINE.match(lines[i + 2])):
                i += 1
            out.notes.append(Note("text", collapse(" ".join(lines[start:i + 1])), loc(range(start + 1, i + 2))))
        i += 1
    tables.settle()
    return out


def _table(lines: list[str], i: int, out: Parsed, catalog: str, section: Cell | None, loc, context: str = "") -> int:
    """Read the grid table starting at border line i; return the index after it."""
    spans = _columns(lines[i])
    header: list[str] = []
    header_lines: list[int] = []
    rows: list[Row] = []
    pending: list[int] = []
    out.layout.append(Layout("table border", loc([i + 1])))
    i += 1
    while i < len(lines):
        # (a row opens with `|` and a border with `+`: each pattern is tried on its own lines only)
        first = lines[i].lstrip()[:1]
        row = first == "|" and ROW.match(lines[i])
        if not row and not (first == "+" and BORDER.match(lines[i])):
            break
        if row:
            pending.append(i)
        else:
            cells = [_join_cell([lines[n][a + 1:b] for n in pending]) for a, b in spans]
            if "=" in lines[i] and not header and not rows:
                header, header_lines = cells, [n + 1 for n in pending]
                out.layout.append(Layout("table header", loc(header_lines + [i + 1])))
            elif pending and len(spans) > 1 and all(
                    len(lines[n]) <= a or lines[n][a] != "|" for n in pending for a, _ in spans[1:]):
                # no column separator inside the row: one cell over the whole table, a group title
                text = _join_cell([lines[n].strip().strip("|") for n in pending])
                rows.append(Row([text] + [""] * (len(spans) - 1), loc([n + 1 for n in pending]), spanning=True))
                out.layout.append(Layout("table border", loc([i + 1])))
            elif pending:
                rows.append(Row(cells, loc([n + 1 for n in pending])))
                out.layout.append(Layout("table border", loc([i + 1])))
            else:
                out.layout.append(Layout("table border", loc([i + 1])))
            pending = []
        i += 1
    if not header and rows:  # no `=` header line: the first row is the header, unless it is data like the rest
        if is_data_line(rows[0].cells, rows[1:]):
            header, header_lines = [""] * len(spans), list(rows[0].loc.lines)
        else:
            first = rows.pop(0)
            header, header_lines = first.cells, list(first.loc.lines)
    records, conflicts = table_records(header, rows, source=out.source, catalog=catalog, header_loc=loc(header_lines),
                                       category=section, order_start=len(out.records), sections=out.notes,
                                       context=context)
    keep_table(out, records, conflicts, rows)
    return i



def _simple_table(lines: list[str], i: int, out: Parsed, catalog: str, section: Cell | None, loc,
                  context: str = "") -> int:
    """Read the simple table whose first border is line i; return the index after it."""
    starts = [m.start() for m in re.finditer(r"=+", lines[i])]

    def cells_of(line: str) -> list[str]:  # a column runs from its border's start to the next one's
        return [line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line) + 1])]

    def block(k: int) -> tuple[list[int], int]:  # the non-blank lines up to the next border, and that border
        found = []
        while k < len(lines) and not SIMPLE_BORDER.match(lines[k]):
            if lines[k].strip():
                found.append(k)
            k += 1
        return found, k

    out.layout.append(Layout("table border", loc([i + 1])))
    first, border = block(i + 1)
    body, end = block(border + 1) if border < len(lines) else ([], border)
    if end >= len(lines):  # no third border: the table has no header, the first block is its rows
        header, body, end = [""] * len(starts), first, border
    else:
        header = [" ".join(col) for col in zip(*(cells_of(lines[k]) for k in first))]
        out.layout.append(Layout("table header", loc([k + 1 for k in first] + [border + 1])))
    gaps = [g for a, b in zip(starts, starts[1:]) for g in range(a + lines[i][a:].index(" "), b)] \
        if len(starts) > 1 else []
    rows: list[Row] = []
    for k in body:
        if SPAN_UNDERLINE.match(lines[k]):  # the dashes under a row that spans columns
            out.layout.append(Layout("column span underline", loc([k + 1])))
            continue
        cells = cells_of(lines[k])
        if any(g < len(lines[k]) and not lines[k][g].isspace() for g in gaps):
            # text across the gap between columns: one cell over the whole table, a group title
            rows.append(Row([lines[k].strip()] + [""] * (len(starts) - 1), loc([k + 1]), spanning=True))
        elif not cells[0] and rows and not rows[-1].spanning:  # a blank first column continues the row above
            rows[-1].cells = [f"{a} {b}".strip() for a, b in zip(rows[-1].cells, cells)]
            rows[-1].loc = rows[-1].loc.merged(loc([k + 1]))
        else:
            rows.append(Row(cells, loc([k + 1])))
    if end < len(lines):
        out.layout.append(Layout("table border", loc([end + 1])))
    header_loc = loc([k + 1 for k in first]) if any(header) else loc([i + 1])
    records, conflicts = table_records(header, rows, source=out.source, catalog=catalog, header_loc=header_loc,
                                       category=section, order_start=len(out.records), sections=out.notes,
                                       context=context)
    keep_table(out, records, conflicts, rows)
    return end + 1

def _directive_table(lines: list[str], i: int, out: Parsed, catalog: str, section: Cell | None, loc,
                     context: str = "") -> int:
    """Read the `.. list-table::` or `.. csv-table::` directive at line i; return the index after it.

    The directive's body is every line indented deeper than it (blank lines inside). Its options (`:header-rows:`,
    `:header:`, `:delim:`) come first; its title names the rows' category, as a caption does."""
    m = RST_TABLE_DIRECTIVE.fullmatch(lines[i])
    indent, kind, title = len(m.group(1)), m.group(2), m.group(3).strip()
    out.layout.append(Layout("directive", loc([i + 1])))
    k = i + 1
    options: dict[str, str] = {}
    while k < len(lines) and lines[k].strip() and RST_OPTION.fullmatch(lines[k]) \
            and len(lines[k]) - len(lines[k].lstrip()) > indent:
        opt = RST_OPTION.fullmatch(lines[k])
        options[opt.group(1).lower()] = (opt.group(2) or "").strip()
        out.layout.append(Layout("directive option", loc([k + 1])))
        k += 1
    body: list[int] = []
    end = k
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        if lines[end].strip():
            body.append(end)
        end += 1
    rows = _list_rows(lines, body) if kind == "list-table" else _csv_rows(lines, body, options)
    rows = [Row(cells, loc([n + 1 for n in ns]), [loc([n + 1 for n in c]) for c in cell_lines] or None)
            for cells, ns, cell_lines in rows]
    width = max((len(r.cells) for r in rows), default=0)
    for r in rows:
        r.cells += [""] * (width - len(r.cells))
    header: list[str] = []
    header_lines: list[int] = [i + 1]
    if kind == "csv-table" and options.get("header"):
        header = next(csv.reader([options["header"]], skipinitialspace=True), [])
        header_lines = [n + 1 for n in range(i + 1, k) if RST_OPTION.fullmatch(lines[n]).group(1) == "header"]
    try:
        header_rows = int(options.get("header-rows", "0"))
    except ValueError:
        header_rows = 0
    if header_rows and rows:
        heads, rows = rows[:header_rows], rows[header_rows:]
        header = [" ".join(c for c in col if c) for col in zip(*(h.cells for h in heads))]
        header_lines = [n for h in heads for n in h.loc.lines]
        out.layout.append(Layout("table header", loc(header_lines)))
    width = max(width, len(header))
    header += [""] * (width - len(header))
    for r in rows:
        r.cells += [""] * (width - len(r.cells))
    category = Cell(collapse(title), lines[i], loc([i + 1])) if title else section
    if not rows:
        if title:
            out.notes.append(Note("table", collapse(title), loc([i + 1])))
        return end
    if not any(h.strip() for h in header) and not is_data_line(rows[0].cells, rows[1:]) and not header_rows:
        first = rows.pop(0)  # no header stated: a first row of column names is the header
        header, header_lines = first.cells, list(first.loc.lines)
    records, conflicts = table_records(header, rows, source=out.source, catalog=catalog, header_loc=loc(header_lines),
                                       category=category, order_start=len(out.records), sections=out.notes,
                                       context=context)
    keep_table(out, records, conflicts, rows)
    return end


def _list_rows(lines: list[str], body: list[int]) -> list[tuple[list[str], list[int], list[list[int]]]]:
    """A list-table's rows (cells, the row's lines, each cell's lines): `* - cell` opens a row, `- cell` at the
    same depth the next cell, deeper lines continue the cell above (a wrapped text, a nested list)."""
    rows: list[tuple[list[list[str]], list[int], list[list[int]]]] = []
    cell_indent = None
    for n in body:
        line = lines[n]
        row = RST_LIST_ROW.fullmatch(line)
        cell = RST_LIST_CELL.fullmatch(line)
        if row:
            cell_indent = line.index("-")
            rows.append(([[row.group(2) or ""]], [n], [[n]]))
        elif cell and rows and cell_indent is not None and len(cell.group(1)) == cell_indent:
            rows[-1][0].append([cell.group(2) or ""])
            rows[-1][1].append(n)
            rows[-1][2].append([n])
        elif rows:
            rows[-1][0][-1].append(line.strip())
            rows[-1][1].append(n)
            rows[-1][2][-1].append(n)
    return [([_join_cell(parts) for parts in cells], ns, cell_lines) for cells, ns, cell_lines in rows]


def _csv_rows(lines: list[str], body: list[int],
              options: dict[str, str]) -> list[tuple[list[str], list[int], list[list[int]]]]:
    """A csv-table's rows: comma-separated (or `:delim:`) records, quoted cells over several lines."""
    delim = options.get("delim", ",") or ","
    delim = {"tab": "\t", "space": " "}.get(delim, delim[0])
    quote = (options.get("quote") or '"')[0]
    escape = (options.get("escape") or None)
    if not body:
        return []
    text = [lines[n].strip() + "\n" for n in body]
    reader = csv.reader(text, delimiter=delim, quotechar=quote, escapechar=escape and escape[0],
                        skipinitialspace=True)
    out = []
    seen = 0
    try:
        for record in reader:
            upto = reader.line_num
            out.append(([collapse(c) for c in record], body[seen:upto], []))
            seen = upto
    except csv.Error:
        pass  # an unclosed quote: the rows read so far; the rest stays a note through the layout's accounting
    return out


RULE = LayoutRule("grid", sniff, parse, "reStructuredText grid tables under section titles")
