"""Tab-separated tables (wiki exports, .tsv files): one header row, one row per line, text around the table."""
from __future__ import annotations

from collections import Counter

from ..documents import Document
from ..errors import InputError
from ..model import Loc, Note, Parsed, unparsed
from . import Context, LayoutRule
from ..text import collapse
from .delimited import QUOTED_FIELD
from .table import Row, footnote_notes, read_rows



def _tab_count(line: str) -> int:
    """Tabs between cells: indentation (tab-indented source code) and pipe-table rows do not count, while the
    tabs around a blank first or last cell do."""
    text = line.rstrip("\r\n").lstrip(" ")
    if not text.strip() or text.lstrip().startswith("|") or "\t" not in text.lstrip("\t"):
        return 0
    return text.count("\t")


def _modal_tabs(lines: list[str]) -> tuple[int, int]:
    counts = Counter(n for n in map(_tab_count, lines) if n)
    return counts.most_common(1)[0] if counts else (0, 0)


def sniff(doc: Document) -> float:
    if doc.is_pdf or QUOTED_FIELD.search(doc.text):  # quoted fields may span lines: the csv reader's job
        return 0.0
    nonblank = [line for line in doc.lines if line.strip()]
    tabs, count = _modal_tabs(doc.lines)
    if count < 2 or not nonblank:
        return 0.0
    return 0.9 * count / len(nonblank)


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    out = Parsed(doc.source, catalog, "tab")
    lines = doc.lines
    loc = lambda *ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731

    # the table runs from the first line with tabs to the last (each found from its end of the document)
    first = next((i for i, line in enumerate(lines, 1) if _tab_count(line)), None)
    if first is None:  # only when the manifest forces `format = "tab"` on a document without tabs
        raise InputError(doc.path, "no tab-separated lines, so no table to read as tab")
    last = next(i for i in range(len(lines), 0, -1) if _tab_count(lines[i - 1]))
    header_cells = lines[first - 1].split("\t")
    width = len(header_cells)
    source, path = doc.source, doc.path
    rows: list[Row] = []
    stray: list[tuple[int, str]] = []
    for i in range(first + 1, last + 1):
        line = lines[i - 1]
        if not line.strip():
            continue
        if "\t" not in line:
            stray.append((i, line))
            continue
        cells = line.split("\t")
        if len(cells) > width:  # a stray tab at the end of a row is no column
            extra = cells[width:]
            if any(c.strip() for c in extra):
                cells = cells[: width - 1] + ["\t".join(cells[width - 1:])]
            else:
                cells = cells[:width]
        rows.append(Row(cells, Loc(source, path, (i,))))
    read_rows(out, header_cells, rows, loc(first))

    before = [(i, lines[i - 1]) for i in range(1, first) if lines[i - 1].strip()]
    after = [(i, lines[i - 1]) for i in range(last + 1, len(lines) + 1) if lines[i - 1].strip()]
    out.notes += [Note("preamble", collapse(text), loc(i)) for i, text in before]
    footnotes, rest = footnote_notes(after, doc, out.records)
    out.notes += footnotes
    for i, text in stray + rest:
        inside = i < last
        out.conflicts.append(unparsed(
            catalog, loc(i), text, "A line inside the table has no tab separators and went into no row." if inside
            else "Text after the table that is not a footnote.", "warning" if inside else "info"))
    return out


RULE = LayoutRule("tab", sniff, parse, "tab-separated table with a header row")
