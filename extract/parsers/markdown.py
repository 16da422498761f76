"""Markdown pages: pipe tables (read with markdown-it-py) under headings that name their category."""
from __future__ import annotations

import html
import re

from ..documents import Document
from ..ranges import stated_range
from ..model import Cell, Layout, Loc, Note, Parsed
from . import Context, LayoutRule
from ..patterns import INLINE_BREAK, INLINE_TAG, MD_LINK, MD_STRONG
from ..text import collapse
from .table import DocumentTables, Row, table_records

# a delimiter row: `|---|:---:|`, or with pipes between its cells, as short as `|-|-|`
# (every run possessive: a line of spaces, as deep list indentation makes, would otherwise be split between the
# `\s*` on either side of the optional bar in every way, 23 s for a list nested 1,000 levels)
SEPARATOR = re.compile(r"^\s*+\|?+\s*+:?+-{3,}+:?+\s*+(?:\|\s*+:?+-{3,}+:?+\s*+)*+\|?+\s*+$"
                       r"|^\s*+\|?+\s*+:?+-++:?+\s*+(?:\|\s*+:?+-++:?+\s*+)++\|?+\s*+$")
KRAMDOWN_ATTR = re.compile(r"^\s*\{:.*\}\s*$")
FRONT_MATTER = re.compile(r"\A(---\n.*?\n---\n)", re.S)
# a character that plain() changes or strips needs one of these: a tag or `<br>`, `**`/`__`, a link, an entity
MARKUP_MARK = re.compile(r"[<\[&]|\*\*|__")




def plain(cell: str) -> str:
    """A cell's text as a reader sees it: entities decoded, `<br>` a space, tags, bold and link targets gone.
    Code spans keep their backticks: the table reader knows what they mean in a code or name column."""
    if not MARKUP_MARK.search(cell):  # most cells: none of the patterns below could change them
        return cell
    text = INLINE_BREAK.sub(" ", cell)
    text = INLINE_TAG.sub("", text)
    text = MD_STRONG.sub(r"\2", text)
    text = MD_LINK.sub(r"\1", text)
    return html.unescape(text)


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    lines = doc.lines
    seps = sum(1 for i, line in enumerate(lines[1:], 1) if SEPARATOR.match(line) and "|" in lines[i - 1])
    return 0.95 if seps else 0.0


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    from .markdown_blocks import block_tokens, row_cells  # imported here: only Markdown sources pay for markdown-it

    out = Parsed(doc.source, catalog, "markdown")
    lines = doc.lines
    loc = lambda a, b: Loc(doc.source, doc.path, tuple(range(a + 1, b + 1)))  # noqa: E731  (map → 1-based lines)
    text = doc.text
    front = FRONT_MATTER.match(text)
    covered: set[int] = set()
    if front:
        n = front.group(1).count("\n")
        out.notes.append(Note("front matter", collapse(front.group(1).strip("-\n")), loc(0, n)))
        covered.update(range(1, n + 1))
        text = "\n" * n + text[front.end():]  # keep line numbers

    tokens = block_tokens(text)
    tables = DocumentTables(out)  # tables that list another table's codes again (per operation): notes
    heading: Cell | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open":
            # An h1 is the page's title; sections (h2 and below) are the categories of the tables under them.
            title = collapse(tokens[i + 1].content)
            heading = Cell(title, lines[tok.map[0]], loc(*tok.map)) if tok.tag != "h1" else None
            out.layout.append(Layout(f"heading {tok.tag}", loc(*tok.map)))
            covered.update(range(tok.map[0] + 1, tok.map[1] + 1))
            i += 3
            continue
        if tok.type == "table":
            header_line = tok.map[0]
            header = [plain(c) for c in tok.meta["header"]]
            rows: list[Row] = []
            for n, row in enumerate(tok.meta["rows"], header_line + 2):
                if KRAMDOWN_ATTR.match(lines[n]):
                    out.layout.append(Layout("kramdown attribute line", loc(n, n + 1)))
                else:
                    rows.append(Row([plain(c) for c in row_cells(row, len(header))], loc(n, n + 1)))
            tok.meta = None  # the rows are read: a long page's tables need not all be held until its end
            out.layout.append(Layout("table header", loc(header_line, header_line + 2)))
            records, conflicts = table_records(
                header, rows, source=doc.source, catalog=catalog, header_loc=loc(header_line, header_line + 1),
                category=heading, order_start=len(out.records), sections=out.notes, category_is_heading=True,
            )
            if records:
                out.records += records
                out.conflicts += conflicts
                tables.add(records, conflicts)
            else:  # a table of something else (request fields, requirements): a note, not entries
                table = [header] + [r.cells for r in rows]
                text = " / ".join(" | ".join(collapse(c) for c in cells) for cells in table)
                out.notes.append(Note("table", text, loc(*tok.map)))
            covered.update(range(tok.map[0] + 1, tok.map[1] + 1))
            i += 1
            continue
        if tok.map and tok.level == 0 and tok.nesting in (1, 0) and tok.type not in ("inline",):
            a, b = tok.map
            body = collapse(" ".join(lines[a:b]))
            if body:
                out.notes.append(Note("text", body, loc(a, b)))
                found = stated_range(body, heading.value, loc(a, b)) if heading is not None else None
                if found:  # a section that states a code range ("Error code range: `<= 4999`")
                    out.ranges.append(found)
                    out.notes[-1].kind, out.notes[-1].marker = "range", found.text
            covered.update(range(a + 1, b + 1))
        i += 1

    tables.settle()
    # Whatever markdown-it put in no block we looked at (html blocks inside lists, stray lines) is still a note.
    for n, line in enumerate(lines, 1):
        if line.strip() and n not in covered:
            out.notes.append(Note("text", collapse(line), loc(n - 1, n)))
    out.notes.sort(key=lambda note: note.loc.lines[:1])
    return out


RULE = LayoutRule("markdown", sniff, parse, "Markdown pipe tables under headings")
