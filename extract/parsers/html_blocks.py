"""HTML tables and definition lists read into a header and rows, then into records by the shared typing stage.

What a row is, is decided by content, never by position alone:
- the header is the rows of `<thead>`, else the leading rows of `<th>` cells, else the first row — cells `th`
  or `td` alike (`<tr><th>Name</th><td><b>Code</b></td>…`) — unless that row reads as data (no cell names a
  column, and its cells have the shapes of the rows below it): then the table has no header;
- a row that is one cell across the table (`<td colspan=3>Socket</td>`, a lone `<th>` in a short row) is a
  group row: above the header it is the table's title, below it the category of the rows under it;
- a table whose first column is `<th>` cells naming fields (`Code`, `Name`, `Description`) and no header row
  lists one entry per column: it is read turned by a quarter;
- a `<caption>` that is a label names the category of the table's rows; a caption sentence is a note;
- a table with no code column, or with a column of data types (`string`, `integer`: request parameters,
  response fields, properties), is a note, never entries.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..columns import header_field
from ..documents import Document
from ..model import Cell, Layout, Loc, Note, Parsed, unparsed
from ..patterns import LABELLED_CODE, NUMBER_OR_HEX, PHRASE_END_CHARS, RESPEC_IDL, RESPEC_TERM, code_shape
from ..settings import Settings
from ..text import collapse
from .html_cells import cell_text, dl_items, grid, table_rows, tag, unmarkdown
from .table import DocumentTables, Row, is_data_line, table_records

CODE_ONLY = NUMBER_OR_HEX  # a definition-list part that is a code alone (`12178`, `0x2F92`)


@dataclass
class Reading:
    """One HTML document being read: where its elements start, what has been accounted for, what was found."""

    doc: Document
    catalog: str
    out: Parsed
    markdown: bool  # a Markdown page with HTML in it (not a web page): Markdown inline syntax is read too
    settings: Settings
    lines: dict = field(default_factory=dict)  # element → the line it starts on
    accounted: set[int] = field(default_factory=set)
    markers: dict[str, list[str]] = field(default_factory=dict)  # footnote marker → codes whose rows carry it
    read_blocks: set = field(default_factory=set)  # the tables and lists read as data
    tables: DocumentTables | None = None  # the tables read so far, for the document-level pass

    def loc(self, lines) -> Loc:
        return Loc(self.doc.source, self.doc.path, tuple(sorted(set(lines))))

    def layout(self, role: str, lines) -> None:
        lines = sorted(set(lines))
        if lines:
            self.out.layout.append(Layout(role, self.loc(lines)))
            self.accounted.update(lines)

    def text(self, el, markers: list[str] | None = None) -> str:
        return self.plain(cell_text(el, [] if markers is None else markers))

    def plain(self, text: str) -> str:
        return unmarkdown(text) if self.markdown else text

    def line_of(self, el) -> int:
        return self.lines.get(el) or el.sourceline or 0


def is_label(text: str, max_words: int) -> bool:
    """A short title, not a sentence: "4XX Type Error", "Socket"."""
    return 0 < len(text.split()) <= max_words and not text.endswith(PHRASE_END_CHARS)


def emit_records(st: Reading, header: list[str], header_lines: list[int], body: list[Row],
                 category: Cell | None, row_markers: dict, anchor: int) -> bool:
    """Rows → records through the shared table reader (a `spanning` group row names the rows under it).
    Returns False (and writes nothing) where the table is no error table."""
    out, doc = st.out, st.doc
    records, conflicts = table_records(
        header, body, source=doc.source, catalog=st.catalog, header_loc=st.loc(header_lines or [anchor]),
        category=category, order_start=len(out.records),
    )
    if not records:
        return False
    out.records += records
    out.conflicts += conflicts
    if st.tables is None:
        st.tables = DocumentTables(out)
    st.tables.add(records, conflicts)  # settled once, after the last table (`html._read`)
    for rec in records if row_markers else ():
        for m in row_markers.get(rec.loc, []):
            st.markers.setdefault(m, []).append(rec.code)
    return True


def as_note(st: Reading, header: list[str], body: list[Row], lines: list[int]) -> None:
    """A table of something else (request fields, parameters, requirements): its text is a note."""
    rows = ([" | ".join(header)] if any(header) else []) + [collapse(r.cells[0]) if r.spanning else " | ".join(collapse(v) for v in r.cells) for r in body]
    st.out.notes.append(Note("table", "\n".join(rows), st.loc(lines)))
    st.accounted.update(lines)


def _group_cell(r: list[tuple[object, bool]], width: int):
    """The one cell of a group row — a row that is a single cell across the table (`colspan`), or a lone
    cell in a short row that is a `<th>` or no code — else None."""
    if width < 2:
        return None
    cell = None
    for c, _ in r:  # one cell only (a data row has another by its second place: the look stops there)
        if c is not None and c is not cell:
            if cell is not None:
                return None
            cell = c
    if cell is None:
        return None
    if r[0][0] is not None and r[0][1]:
        return None  # a rowspan from above: the row continues a row, it names nothing
    if len(r) == width and all(c is cell for c, _ in r):
        return cell
    if len(r) < width and all(c is cell or c is None for c, _ in r):
        if len(r) >= 2 or tag(cell) == "th" or code_shape(cell.text_content()) is None:
            return cell
    return None


def _is_transposed(rows: list[tuple[list, bool]], rest: list[int], texts: dict) -> bool:
    """A table turned by a quarter: no header row, every row led by a `<th>` that names a field."""
    if len(rest) < 2 or any(rows[i][1] for i in rest):
        return False
    cells = [rows[i][0] for i in rest]
    if not all(len(c) >= 2 and tag(c[0]) == "th" and any(tag(x) == "td" for x in c[1:]) for c in cells):
        return False
    named = [header_field(collapse(texts.get(c[0], ""))) for c in cells]
    known = sum(1 for n in named if n)
    return known >= 2 and 2 * known >= len(cells)


def read_table(st: Reading, table, by_owner: dict, category: Cell | None) -> None:
    hs = st.settings.html
    rows, captions = table_rows(table)

    own = by_owner.get(table, [])
    caption_lines = sorted({p.line for p in own if p.kind == "caption"})
    if captions and caption_lines:
        text = st.plain(collapse(" ".join(c.text_content() for c in captions)))
        if is_label(text, hs.caption_max_words):
            category = Cell(text, text, st.loc(caption_lines))
            st.layout("table caption", caption_lines)
        else:  # a sentence about the table ("The following errors may be returned.") names nothing
            st.out.notes.append(Note("caption", text, st.loc(caption_lines)))
            st.accounted.update(caption_lines)
    for p in own:  # text the parser left in the table but in no cell
        if p.kind == "stray":
            st.out.conflicts.append(unparsed(st.catalog, st.loc([p.line]), p.text,
                                             "Text inside a table but outside its cells went into no record."))
            st.accounted.add(p.line)

    g = grid([cells for cells, _ in rows])
    width = max((len(r) for r in g), default=0)
    # every cell read once: its text (footnote markers taken out) and its lines
    markers: dict[object, list[str]] = {}
    texts: dict[object, str] = {}
    cell_lines: dict[object, list[int]] = {}
    for r in g:
        for cell, _ in r:
            if cell is not None and cell not in texts:
                markers[cell] = []
                texts[cell] = st.text(cell, markers[cell])
                cell_lines[cell] = sorted({p.line for p in by_owner.get(cell, ())})
    lines_of = lambda el: cell_lines[el] if el in cell_lines else sorted({p.line for p in by_owner.get(el, ())})  # noqa: E731

    def row_texts(r) -> list[str]:
        vals = [texts.get(cell, "") if cell is not None else "" for cell, _ in r]
        return vals + [""] * (width - len(vals))

    def row_lines(r) -> list[int]:
        own = [cell_lines[cell] for cell, copy in r if cell is not None and not copy]
        return own[0] if len(own) == 1 else sorted({n for ls in own for n in ls})

    def row_markers_of(r) -> list[str]:
        return [m for cell, copy in r if cell is not None and not copy for m in markers.get(cell, [])]

    g_texts = [row_texts(r) for r in g]
    g_lines = [row_lines(r) for r in g]
    filled = [i for i, vals in enumerate(g_texts) if any(t.strip() for t in vals)]  # (what collapse keeps)
    for i in sorted(set(range(len(g))) - set(filled)):
        st.layout("blank table row", g_lines[i])
    if not filled:
        return
    anchor = st.line_of(table)

    # Title rows: one cell across the table above everything else ("Socket errors"), nearest to the rows.
    rest = list(filled)
    while len(rest) > 1 and _group_cell(g[rest[0]], width) is not None:
        i = rest.pop(0)
        text = st.plain(collapse(g_texts[i][0] or next(t for t in g_texts[i] if t)))
        if is_label(text, hs.caption_max_words):
            category = Cell(text, text, st.loc(g_lines[i]))
            st.layout("table title row", g_lines[i])
        else:
            st.out.notes.append(Note("caption", text, st.loc(g_lines[i])))
            st.accounted.update(g_lines[i])

    if _is_transposed(rows, rest, texts):
        _read_transposed(st, g, rest, texts, row_texts, lines_of, markers, category, anchor)
        return

    # Header: the rows in <thead>, else the leading rows of <th> cells only, else the first row unless it
    # reads as data.
    head = [i for i in rest if rows[i][1]]
    if not head:
        for i in rest:
            if not (len(rows[i][0]) > 1 and all(tag(c) == "th" for c in rows[i][0])):
                break
            head.append(i)
    if not head:
        first, below = rest[0], rest[1:1 + st.settings.typing.sample]
        cells = g_texts[first]
        if not (below and is_data_line([collapse(c) for c in cells],
                                       [Row([collapse(c) for c in g_texts[i]], st.loc([anchor])) for i in below])):
            head = [first]
    header = [""] * width
    for i in head:  # the lowest header row names a column; rows above it name groups of columns
        for k, t in enumerate(g_texts[i]):
            if collapse(t):
                header[k] = collapse(t)
    header_lines = sorted({n for i in head for n in g_lines[i]})

    body: list[Row] = []
    row_markers: dict[Loc, list[str]] = {}
    head_set = set(head)
    folded = [h.casefold() for h in header] if any(header) else None
    for i in rest:
        if i in head_set:
            continue
        r, vals, here = g[i], g_texts[i], g_lines[i]
        if folded is not None and all(collapse(v).casefold() == h for v, h in zip(vals, folded)):
            st.layout("repeated table header", here)
            continue
        group = _group_cell(r, width)
        if group is not None:  # the category of the rows below it, read by the shared stage
            body.append(Row([st.plain(texts[group])] + [""] * (width - 1), st.loc(here), spanning=True))
            continue
        loc = st.loc(here or [anchor])
        found = row_markers_of(r)
        if found:
            row_markers[loc] = found
        body.append(Row(vals, loc))

    table_lines = sorted({n for r in body for n in r.loc.lines} | set(header_lines))
    if emit_records(st, header, header_lines, body, category, row_markers, anchor):
        st.layout("table header", header_lines)
        for r in body:
            if r.spanning:
                st.layout("table section row", r.loc.lines)
        st.accounted.update(table_lines)
    else:
        as_note(st, header, body, table_lines or [anchor])


def _read_transposed(st: Reading, g, rest: list[int], texts: dict, row_texts, lines_of, markers: dict,
                     category: Cell | None, anchor: int) -> None:
    """A table whose first column names the fields: every other column is one entry."""
    width = max(len(g[i]) for i in rest)
    header = [collapse(row_texts(g[i])[0]) for i in rest]
    header_lines = sorted({n for i in rest for n in lines_of(g[i][0][0])})
    body: list[Row] = []
    row_markers: dict[Loc, list[str]] = {}
    for k in range(1, width):
        column = [(g[i][k] if k < len(g[i]) else (None, True)) for i in rest]
        vals = [texts.get(cell, "") if cell is not None else "" for cell, _ in column]
        if not any(collapse(v) for v in vals):
            continue
        cell_lines = [lines_of(cell) if cell is not None and not copy else [] for cell, copy in column]
        here = sorted({n for ls in cell_lines for n in ls}) or [anchor]
        loc = st.loc(here)
        found = [m for cell, copy in column if cell is not None and not copy for m in markers.get(cell, [])]
        if found:
            row_markers[loc] = found
        body.append(Row(vals, loc, [st.loc(ls) if ls else loc for ls in cell_lines]))
    lines = sorted({n for r in body for n in r.loc.lines} | set(header_lines))
    if emit_records(st, header, header_lines, body, category, row_markers, anchor):
        st.layout("table header column", header_lines)
        st.accounted.update(lines)
    else:
        as_note(st, header, body, lines or [anchor])


# ------------------------------------------------------------------------------------------- definition lists

def dl_rows(st: Reading, dl) -> tuple[list[str], list[tuple[list[str], list]]] | None:
    """A definition list read as a table, or None where it is no list of codes (a glossary, links).

    Terms that are codes give `Code | Description`; a term that carries its code (`NAME (12002)`) gives
    `Name | Code | Description`; otherwise a term is a name and the code is the part of its definition that
    is a code alone (`<dt>ERROR_X</dt><dd><dl><dt>12178</dt><dt>text</dt>…`)."""
    items = dl_items(dl)
    read = []
    for item in items:
        terms = [collapse(_shown(st.text(e))) for e in item if tag(e) == "dt"]
        parts = [p for e in item if tag(e) == "dd" for p in _shown(st.text(e)).split("\n") if p.strip()]
        read.append((" ".join(t for t in terms if t), parts, item))
    named = [_term_with_code(term) for term, _, _ in read]
    found = sum(1 for m in named if m)
    # most terms carry a code, two at least — or every term does (one list per section may hold one entry)
    if (found >= 2 and found * 2 > len(read)) or (read and found == len(read)):
        return ["Name", "Code", "Description"], [
            ([m[0], m[1], "\n".join(parts)] if m else [term, "", "\n".join(parts)], item)
            for (term, parts, item), m in zip(read, named)]
    coded = sum(1 for term, parts, _ in read if CODE_ONLY.fullmatch(term) or any(CODE_ONLY.fullmatch(p) for p in parts))
    if coded < 2 or coded * 2 < len(read):
        return None
    if sum(1 for term, _, _ in read if CODE_ONLY.fullmatch(term)) * 2 > len(read):
        return ["Code", "Description"], [([term, "\n".join(parts)], item) for term, parts, item in read]
    rows = []
    for term, parts, item in read:
        code = next((p for p in parts if CODE_ONLY.fullmatch(p.strip())), "")
        rest = list(parts)
        if code:
            rest.remove(code)
        rows.append(([term, code.strip(), "\n".join(rest)], item))
    return ["Name", "Code", "Description"], rows


def _shown(text: str) -> str:
    """ReSpec's link shorthands as the words they show: `[=acquire a position=]`, `{{PositionOptions/timeout}}`."""
    text = RESPEC_TERM.sub(lambda m: m.group(2) or m.group(1), text)
    return RESPEC_IDL.sub(r"\1", text)


def _term_with_code(term: str) -> tuple[str, str] | None:
    """`NAME (12002)` → (NAME, 12002): a term that carries its code in brackets at its end, perhaps after a
    label (`PERMISSION_DENIED (numeric value 1)`)."""
    if not term.endswith(")") or "(" not in term:
        return None
    name, _, code = term[:-1].rpartition("(")
    name, code = name.strip(), code.strip()
    if not name or "(" in name or ")" in name:
        return None
    m = LABELLED_CODE.fullmatch(code)
    if not CODE_ONLY.fullmatch(code) and not m:
        return None
    return name, (code if CODE_ONLY.fullmatch(code) else m.group(1))


def read_dl(st: Reading, dl, read: tuple, by_owner: dict, category: Cell | None) -> None:
    header, rows = read
    body = []
    anchor = st.line_of(dl)
    for cells, item in rows:
        here = sorted({p.line for e in item for p in by_owner.get(e, [])})
        body.append(Row(cells, st.loc(here or [anchor])))
    lines = sorted({n for r in body for n in r.loc.lines})
    if emit_records(st, header, [], body, category, {}, anchor):
        st.accounted.update(lines)
    else:
        as_note(st, header, body, lines or [anchor])
