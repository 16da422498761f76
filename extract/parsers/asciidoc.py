"""AsciiDoc pages: `|===` tables under `==` section titles, each perhaps with a `.Title` and a `[cols=…]`
attribute line above it.

    == Error codes                       ← a section: the category of the tables below it
    .RPMI Error Codes                    ← a block title: the category of this table's rows
    [cols="1,3,5", options="header"]
    |===
    | Name | Code | Description         ← a header: the first line holds every cell, a blank line follows
                                            (or `options="header"` / `%header` says so)
    | RPMI_ERR_FAILED                    ← or one cell per line; a line without `|` continues the cell
    | -1
    | Failed.
    3+| Reserved codes                   ← `N+|` spans N columns: over the whole table it is a group row
    |===

The layout finds cells and decides no meaning: the shared table reader types the columns. Cell specs
(`2+`, `3*`, `a`, `s`, `.2+`) are read for their spans and dropped; inline markup (`*bold*`, `_em_`,
backticks, a trailing ` +` line break) is shown as the words it marks up.
"""
from __future__ import annotations

import re

from ..documents import Document
from ..model import Cell, Layout, Loc, Note, Parsed
from ..text import collapse
from . import Context, LayoutRule
from ..columns import header_field
from .table import DocumentTables, Row, is_data_line, keep_table, table_records

DELIMITER = re.compile(r"^\s*\|={3,}\s*$")
NESTED_DELIMITER = re.compile(r"^\s*!={3,}\s*$")  # a table inside an `a|` cell: its text stays in the cell
SECTION = re.compile(r"^(={1,6}|#{1,6})\s++(\S(?:.*\S)?)\s*+$")  # `== Title`, or Markdown-style `## Title`
# the older two-line title: a line underlined with one character (`=` level 0, `-` 1, `~` 2, `^` 3, `+` 4)
TWO_LINE_UNDERLINE = re.compile(r"^([=\-~^+])\1{2,}\s*$")
UNDERLINE_CHARS = frozenset("=-~^+")  # the first character of such an underline
BLOCK_TITLE = re.compile(r"^\.([^.\s].*)$")
ATTRIBUTES = re.compile(r"^\[[^\[\]]*\]\s*$")
COLS = re.compile(r"""\bcols\s*=\s*(?:"([^"]*)"|'([^']*)'|(\d+))""")
# (the options' value ends at the next `=`, so that `options=options=…` is not read to the end once per `options`)
HEADER_OPTION = re.compile(r"""options\s*+=\s*+["']?[^"'\]=]*\bheader\b|%header""")
# a cell's spec (`2+`, `3*`, `.2+`, `2.3+`, a style letter) and a line that starts a cell with one
CELL_SPEC = re.compile(r"(?:(\d*)(?:\.(\d+))?([+*]))?[ahlmdsev]?")
CELL_START = re.compile(r"(?:\d*(?:\.\d+)?[+*])?[ahlmdsev]?\|")
INLINE_MARKS = re.compile(r"(?<![\w*_`])[*_`]{1,2}(?=\S)|(?<=\S)[*_`]{1,2}(?![\w*_`])")
LINE_BREAK = re.compile(r"\s\+$")
COMMENT = re.compile(r"^//")
PIPE_OR_ESCAPE = re.compile(r"\\.?|\|", re.S)  # what a line's cells are split at: a `|`, or an escape to skip


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    delimiters = [i for i, line in enumerate(doc.lines) if "|===" in line and DELIMITER.match(line)]
    if len(delimiters) >= 2:
        return 0.97
    # One delimiter with cell lines after it to the end: a table that runs past the head detection reads (a
    # table longer than the head), or one never closed — still a table the parser reads to the end.
    after = [line.strip() for line in doc.lines[delimiters[0] + 1:] if line.strip()] if delimiters else []
    cells = sum(1 for line in after if CELL_START.match(line))
    return 0.97 if len(after) >= 2 and cells >= len(after) / 2 else 0.0


def _two_line_title(lines: list[str], i: int) -> bool:
    """A title line followed by an underline of about its length (within 2 characters)."""
    text, under = lines[i].strip(), lines[i + 1].strip()
    return (bool(text) and not DELIMITER.match(lines[i]) and bool(TWO_LINE_UNDERLINE.match(under))
            and abs(len(under) - len(text)) <= 2 and not text.startswith(("|", "[", ".", "//")))


def cell_text(parts: list[str]) -> str:
    """A cell's lines as the words a reader sees."""
    # (each pattern only where what it needs is there: a line break is a final `+`, inline markup a mark)
    if len(parts) == 1:  # (the usual cell: one line)
        text = parts[0].strip()
        text = LINE_BREAK.sub("", text) if text.endswith("+") else text
    else:
        text = " ".join(LINE_BREAK.sub("", q) if (q := p.strip()).endswith("+") else q for p in parts)
    if "*" in text or "_" in text or "`" in text:
        text = INLINE_MARKS.sub("", text)
    return collapse(text.replace("\\|", "|"))


def split_cells(line: str) -> list[tuple[int, str]] | None:
    """The cells that start on a line, each with its column span; None for a line that starts no cell (it
    continues the cell above). Every unescaped `|` ends a cell; the word right before it is the next cell's
    spec (`2+`, `a`) where it is one and stands alone."""
    stripped = line.strip()
    if not CELL_START.match(stripped):
        return None
    cells: list[tuple[int, str]] = []
    span, text_start = None, 0
    for m in PIPE_OR_ESCAPE.finditer(stripped):  # (a backslash escapes the character after it)
        i = m.start()
        if stripped[i] != "|":
            continue
        before = stripped[text_start:i]
        word = "" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1]
        spec = CELL_SPEC.fullmatch(word) if word else None
        cut = i - len(word) if spec else i
        if span is not None:
            cells.append((span, stripped[text_start:cut]))
        span, text_start = _span(spec) if spec else 1, i + 1
    cells.append((span or 1, stripped[text_start:]))
    return cells


def _span(m: re.Match) -> int:
    count, kind = m.group(1), m.group(3)
    return int(count) if kind == "+" and count else 1


def _width(attributes: str) -> int | None:
    m = COLS.search(attributes)
    if not m:
        return None
    if m.group(3):
        return int(m.group(3))
    spec = (m.group(1) or m.group(2) or "").strip()
    if not spec:
        return None
    total = 0
    for part in spec.split(","):
        part = part.strip()
        mult = re.match(r"(\d+)\*", part)
        total += int(mult.group(1)) if mult else 1
    return total


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    out = Parsed(doc.source, catalog, "asciidoc")
    lines = doc.lines
    loc = lambda ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    sections = [(i, m) for i, line in enumerate(lines) if line[:1] in ("=", "#") and (m := SECTION.match(line))]
    # the document title (`= Title`, the only one of its level) names the document, not a group of entries
    top = [i for i, m in sections if len(m.group(1)) == 1]
    underlined = {i for i in range(len(lines) - 1)
                  if lines[i + 1].lstrip()[:1] in UNDERLINE_CHARS and _two_line_title(lines, i)}
    if not top and underlined and lines[min(underlined) + 1].strip()[0] == "=":
        top = [min(underlined)]
    section: Cell | None = None
    title: tuple[str, int] | None = None  # a `.Title` above the next block
    attributes = ""
    tables = DocumentTables(out)  # tables that list another table's codes again (per operation): notes
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        m = SECTION.match(line)
        if m or i in underlined:
            text = collapse(m.group(2) if m else line)
            where = [i + 1] if m else [i + 1, i + 2]
            if len(top) == 1 and i == top[0]:
                out.notes.append(Note("title", text, loc(where)))
            else:
                section = Cell(text, line, loc(where))
                out.layout.append(Layout("section title", loc(where)))
            title, attributes = None, ""
            i += len(where)
            continue
        elif DELIMITER.match(line):
            end = next((k for k in range(i + 1, len(lines)) if "|===" in lines[k] and DELIMITER.match(lines[k])),
                       len(lines))
            category = Cell(title[0], title[0], loc([title[1] + 1])) if title else section
            with tables.reading():
                _table(out, lines, i, end, attributes, category, loc, catalog)
            i, title, attributes = end + 1, None, ""
            continue
        elif BLOCK_TITLE.match(line) and not line.startswith(".."):
            title = (collapse(BLOCK_TITLE.match(line).group(1)), i)
            out.notes.append(Note("caption", title[0], loc([i + 1])))
        elif ATTRIBUTES.match(line) or COMMENT.match(line):
            attributes = line if ATTRIBUTES.match(line) else attributes
            out.layout.append(Layout("attribute line" if ATTRIBUTES.match(line) else "comment", loc([i + 1])))
        else:
            start = i
            while i + 1 < len(lines) and lines[i + 1].strip() and not SECTION.match(lines[i + 1]) \
                    and not DELIMITER.match(lines[i + 1]) and not ATTRIBUTES.match(lines[i + 1]) \
                    and not BLOCK_TITLE.match(lines[i + 1]):
                i += 1
            out.notes.append(Note("text", collapse(" ".join(lines[start:i + 1])), loc(range(start + 1, i + 2))))
            title = None
        i += 1
    tables.settle()
    return out


def _table(out: Parsed, lines: list[str], start: int, end: int, attributes: str, category: Cell | None,
           loc, catalog: str) -> None:
    """Read the table between the delimiters at `start` and `end` into records (or a note)."""
    out.layout.append(Layout("table delimiter", loc([start + 1] + ([end + 1] if end < len(lines) else []))))
    # cells in order, each with its span and lines
    cells: list[list] = []  # [span, [text parts], [line numbers]]
    first_line_cells = 0
    first_line = None
    nested = False
    for k in range(start + 1, end):
        line = lines[k]
        if "!===" in line and NESTED_DELIMITER.match(line):
            nested = not nested
            if cells:
                cells[-1][2].append(k + 1)
            continue
        if not line.strip():
            if cells:
                cells[-1][2].append(k + 1) if nested else None
            continue
        found = None if nested else split_cells(line)
        if found is None:
            if cells:
                cells[-1][1].append(line)
                cells[-1][2].append(k + 1)
            else:
                out.layout.append(Layout("table text before its first cell", loc([k + 1])))
            continue
        if first_line is None:
            first_line, first_line_cells = k, len(found)
        for span, text in found:
            cells.append([span, [text], [k + 1]])
    width = _width(attributes) or first_line_cells
    if not cells or width < 1:
        return
    # the header: said by the options, or the first line holding a whole row followed by a blank line
    implicit = (first_line is not None and first_line_cells == width and first_line + 1 < end
                and not lines[first_line + 1].strip())
    rows: list[Row] = []
    current: list[list] = []
    used = 0
    for cell in cells + [None]:
        if cell is not None:
            current.append(cell)
            used += cell[0]
        if current and (cell is None or used >= width):
            if not rows:  # the first row as written, for its bold cells below
                first_raw = [" ".join(p.strip() for p in c[1]).strip() for c in current]
            rows.append(_row(current, width, loc))
            current, used = [], 0
    # Without the option, a first row written as headers still is one: every cell bold (`*Code*`), or cells
    # naming columns over rows that are data (the shared test of a table's first line).
    bold = bool(rows) and all(len(t) > 2 and t.startswith("*") and t.endswith("*") for t in first_raw)
    named = bool(rows) and any(header_field(c) for c in rows[0].cells) and not is_data_line(rows[0].cells, rows[1:])
    has_header = bool(HEADER_OPTION.search(attributes)) or implicit or bold or named
    header = [""] * width
    header_loc = loc([start + 1])
    if has_header and rows:
        head = rows.pop(0)
        header, header_loc = head.cells, head.loc
        out.layout.append(Layout("table header", head.loc))
    records, conflicts = table_records(header, rows, source=out.source, catalog=catalog, header_loc=header_loc,
                                       category=category, order_start=len(out.records), sections=out.notes)
    keep_table(out, records, conflicts, rows)


def _row(cells: list[list], width: int, loc) -> Row:
    texts: list[str] = []
    for span, parts, _ in cells:
        texts.append(cell_text(parts))
        texts += [""] * (span - 1)
    texts = (texts + [""] * width)[:width]
    spanning = len(cells) == 1 and cells[0][0] >= width and width > 1
    return Row(texts, loc(sorted({n for _, _, ns in cells for n in ns})), spanning=spanning)


RULE = LayoutRule("asciidoc", sniff, parse, "AsciiDoc `|===` tables under section titles")
