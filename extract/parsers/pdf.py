"""Real PDFs: tables read with pdfplumber, continued over pages, and the text around them kept as notes.

This module assembles what the others find: pages → table blocks → records, captions, notes, and the
text-layer fallback for a PDF that holds no table.
- `pdf_geometry`: words → text lines (the unit of provenance), and the table blocks found on a page;
- `pdf_ruled`: tables with drawn cell borders, read by pdfplumber's `lines` strategy, which knows every cell;
- `pdf_columns`: tables without rules, whose columns are found from the x-positions of words aligned across
  rows (pdfplumber's `text` strategy would cut a justified text column at every aligned gap and make each
  wrapped line a row);
- `pdf_rows`: the lines of an unruled table → its header and rows (wrapped cells joined to the row whose key
  cell starts them, group rows).

A table that runs over several pages is one table, whether its header is repeated (the repeat is layout) or
not; a group row left at the bottom of a page, or a caption over the part on the next page, names the rows
that follow. Every word on a page ends in a record, a note (text around tables), a layout item (headers,
captions) or, when the document holds no table at all, an `unparsed_text` conflict, each with its page and line.
"""
from __future__ import annotations

from .. import kinds
from ..columns import header_field
from ..documents import Document
from ..errors import InputError
from ..model import Cell, Conflict, Layout, Loc, Note, Parsed, conflict_value, unparsed
from ..patterns import FOOTNOTE_LINE_STRICT, PHRASE_END_CHARS, code_shape
from ..settings import DEFAULT, PdfSettings, PdfTableSettings  # noqa: F401  (PdfTableSettings: the old name)
from ..text import collapse
from . import Context, LayoutRule
from .pdf_columns import unruled_tables
from .pdf_geometry import PageRow, PageTable, TextLine, text_lines
from .pdf_ruled import ruled_tables
from .table import Row, table_records

DEFAULT_SETTINGS = DEFAULT.pdf
DATA_SHAPES = ("decimal", "negative", "hex", "sqlstate", "prefixed")  # a code no header is written as

__all__ = ["DEFAULT_SETTINGS", "PdfSettings", "PdfTableSettings", "RULE", "parse", "sniff", "text_lines"]


def sniff(doc: Document) -> float:
    return 1.0 if doc.is_pdf else 0.0


def parse(doc: Document, ctx: Context, settings: PdfSettings | None = None) -> Parsed:
    import io

    import pdfplumber  # imported here: only PDF sources pay for it
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfplumber.utils.exceptions import PdfminerException

    settings = settings or ctx.settings.pdf
    catalog = ctx.catalog
    out = Parsed(doc.source, catalog, "pdf")
    tables: list[PageTable] = []
    free: list[TextLine] = []
    try:
        with pdfplumber.open(io.BytesIO(doc.data)) as pdf:
            pages = len(pdf.pages)
            if pages > ctx.settings.limits.max_pages:
                raise InputError(doc.path, f"has {pages:,} pages, more than --max-pages "
                                           f"{ctx.settings.limits.max_pages:,}; raise the limit to read it")
            prior = None  # the gutters of the last unruled table of the page before
            for number, page in enumerate(pdf.pages, 1):
                page_tables, page_free, prior = read_page(page, number, settings, prior)
                tables += page_tables
                free += page_free
                page.close()  # a page's parsed objects are cached: drop them, long documents stay small
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFEncryptionError):
            raise InputError(doc.path, "the PDF is encrypted; save an unprotected copy") from None
        raise InputError(doc.path, f"not a readable PDF ({cause or type(cause).__name__})") from None

    if not tables and free:  # no table drawn or spaced: the text layer itself may hold a text layout
        fallback = text_layer_fallback(doc, ctx, free)
        if fallback is not None:
            return fallback
    loc = lambda page, lines: Loc(doc.source, doc.path, tuple(lines), page)  # noqa: E731
    furniture = page_furniture(free, tables, settings)
    around = [ln for ln in free if (ln.page, ln.index) not in furniture]  # what may caption or group a table
    captions = {id(t): caption_for(t, around, settings) for t in tables}
    groups, carried = continued_tables(tables, captions, around, settings)
    used = {(c.page, c.index) for c in [*captions.values(), *carried] if c is not None}
    free = [ln for ln in free if (ln.page, ln.index) not in used]

    for group in groups:
        first = group[0]
        caption = captions[id(first)]
        category = None
        if caption is not None:
            category = Cell(collapse(caption.text), caption.text, loc(caption.page, [caption.index]))
            out.layout.append(Layout("table caption", category.loc))
        elif first.title is not None:  # the table's own title row
            category = Cell(first.title[0], first.title[0], loc(first.page, first.title[1]))
            out.layout.append(Layout("table caption", category.loc))
        if _looks_like_data(first.header):  # no header at all: the first line is a row, typed by its values
            first.rows.insert(0, PageRow(first.header, first.header_lines))
            first.header, first.header_lines = [""] * len(first.header), ()
        else:
            out.layout.append(Layout("table header", loc(first.page, first.header_lines)))
        rows: list[Row] = []
        for part in group:
            if part is not first and part.header_lines:
                out.layout.append(Layout("repeated table header", loc(part.page, part.header_lines)))
            for row in part.rows:
                rows.append(Row(row.cells, loc(row.page or part.page, row.lines), spanning=row.spanning))
            for text, lines, rule in part.joins:
                out.conflicts.append(Conflict(
                    kind="joined_fragment", catalog=catalog, severity="info",
                    message=kinds.get("joined_fragment").message("by position", rule=rule.replace("-", " ")),
                    values=[conflict_value(loc(part.page, lines), text)],
                    resolution={"status": "auto", "value": text, "rule": rule},
                    key=(doc.source, text),
                ))
        records, conflicts = table_records(
            first.header, rows, source=doc.source, catalog=catalog,
            header_loc=loc(first.page, first.header_lines), category=category, order_start=len(out.records),
            sections=out.notes,
        )
        if records:
            out.records += records
            out.conflicts += conflicts
        else:  # a table of something else (parameters, revision history): its text is a note per page
            for part in group:
                texts = [" | ".join(collapse(c) for c in row.cells) for row in part.rows]
                if part is first:
                    texts.insert(0, " | ".join(collapse(c) for c in first.header))
                where = loc(part.page, part.header_lines + tuple(i for row in part.rows for i in row.lines))
                out.notes.append(Note("table", "\n".join(texts), where))
            if category is not None:
                out.notes.append(Note("caption", category.value, category.loc))

    for paragraph in paragraphs(free, settings):
        text = collapse(" ".join(ln.text for ln in paragraph))
        where = loc(paragraph[0].page, [ln.index for ln in paragraph])
        footnote = FOOTNOTE_LINE_STRICT.fullmatch(text)
        if footnote:  # explains the rows whose cells carry its marker
            marker = footnote.group(1)
            refs = sorted({r.code for r in out.records if any(marker in c.raw for c in r.cells.values())})
            out.notes.append(Note("footnote", footnote.group(2), where, marker=marker, refs=refs))
        elif tables:
            out.notes.append(Note("text", text, where))
        else:  # no table anywhere: this text may well be the catalog, so a reviewer must see it
            out.conflicts.append(unparsed(catalog, where, text,
                                          "The PDF holds no table this reader recognises; this text went into no record."))
    return out


def text_layer_fallback(doc: Document, ctx: Context, free: list[TextLine]) -> Parsed | None:
    """A PDF with no table may still be a catalog: its text layer read as a document of its own (a column dump
    like seed 001, a prose list, …) by whichever text layout recognises it. Its lines are numbered through the
    whole text layer; a layout item per page says which lines each page holds."""
    from . import layouts

    text = "\n".join(ln.text for ln in free)
    layer = Document(doc.source, f"{doc.path} (text layer)", text.encode("utf-8"), text)
    rules = [(rule.sniff(layer), -i, rule) for i, rule in enumerate(layouts()) if rule.name != "pdf"]
    score, _, rule = max(rules, key=lambda t: (t[0], t[1]))
    if score <= 0:
        return None
    parsed = rule.parse(layer, ctx)
    parsed.format = f"pdf text layer: {parsed.format}"
    pages: dict[int, list[int]] = {}
    for n, ln in enumerate(free, 1):
        pages.setdefault(ln.page, []).append(n)
    parsed.layout += [Layout(f"page {page} of {doc.path}", Loc(doc.source, layer.path, tuple(ns)))
                      for page, ns in pages.items()]
    return parsed


def inside_edge(e: dict, boxes: list[tuple]) -> bool:
    """Whether a drawn edge lies within one of the ruled tables found (it is theirs)."""
    return any(x0 - 1 <= e["x0"] and e["x1"] <= x1 + 1 and top - 1 <= e["top"] and e["bottom"] <= bottom + 1
               for x0, top, x1, bottom in boxes)


def read_page(page, number: int, settings: PdfSettings, prior=None) -> tuple[list[PageTable], list[TextLine], list]:
    """The tables on a page (ruled first, then unruled among the words left), its free lines, and the
    gutters of its last unruled table (`prior`: those of the page before)."""
    words = page.extract_words(x_tolerance=settings.word_x_tolerance, y_tolerance=settings.line_y_tolerance,
                               keep_blank_chars=False)
    lines = text_lines(words, number, settings)

    found = ruled_tables(page, number, lines, settings)
    tables: list[PageTable] = [table for table, _ in found]
    boxes = [bbox for _, bbox in found]

    def inside(w) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest: list[TextLine] = []
    for ln in lines:
        kept = [w for w in ln.words if not inside(w)]
        if kept:
            rest.append(TextLine(number, ln.index, kept))
    unruled, free, gutters = unruled_tables(rest, list(page.horizontal_edges), settings, prior,
                                            [e for e in page.vertical_edges if not inside_edge(e, boxes)])
    tables += unruled
    tables.sort(key=lambda t: t.top)
    return tables, free, gutters


# ------------------------------------------------------------------------------ across pages, around tables

def page_furniture(free: list[TextLine], tables: list[PageTable], settings: PdfSettings) -> set[tuple[int, int]]:
    """(page, line) of the running headers and footers: the top or bottom line of a page whose text, its
    numbers aside (`4.2. Fault/Event-Queue (FQ) | Page 60`), comes back at the top or bottom of at least
    `furniture_min_pages` pages. They caption no table and name no rows."""
    def shape(ln: TextLine) -> str:
        return "".join("#" if ch.isdigit() else ch for ch in collapse(ln.text)).casefold()

    edges: dict[int, list[TextLine]] = {}
    for page in {ln.page for ln in free}:
        lines = [ln for ln in free if ln.page == page]
        tops = [t.top for t in tables if t.page == page]
        bottoms = [t.bottom for t in tables if t.page == page]
        first = min(lines, key=lambda ln: ln.top)
        last = max(lines, key=lambda ln: ln.bottom)
        edges[page] = [ln for ln, ok in ((first, all(first.top < t for t in tops)),
                                         (last, all(last.bottom > b for b in bottoms))) if ok]
    pages: dict[str, set[int]] = {}
    for page, lines in edges.items():
        for ln in lines:
            pages.setdefault(shape(ln), set()).add(page)
    return {(ln.page, ln.index) for lines in edges.values() for ln in lines
            if len(pages[shape(ln)]) >= settings.furniture_min_pages}


def _same_header(a: list[str], b: list[str]) -> bool:
    return [collapse(x).casefold() for x in a] == [collapse(x).casefold() for x in b]


def _looks_like_header(cells: list[str]) -> bool:
    filled = [c for c in cells if collapse(c)]
    return bool(filled) and sum(1 for c in filled if header_field(c)) * 2 >= len(filled)


def _looks_like_data(cells: list[str]) -> bool:
    """A first row that is no header: no cell is a column name and one holds a number-like code."""
    return not _looks_like_header(cells) and any(
        code_shape(collapse(c)) in DATA_SHAPES for c in cells if collapse(c))


def _group_row(line: TextLine, width: int) -> PageRow:
    return PageRow([line.text] + [""] * (width - 1), (line.index,), spanning=True, page=line.page)


def continued_tables(tables: list[PageTable], captions: dict, free: list[TextLine],
                     settings: PdfSettings) -> tuple[list[list[PageTable]], list[TextLine]]:
    """Tables grouped into logical tables, and the free lines that became their group rows.

    A table that opens the page after the previous table's page with as many columns continues that table:
    its first row is then either the header repeated (layout) or, where it reads as data rather than a
    header, the next row. Its caption, and a short line left below the previous part at the bottom of its
    page, are group rows: they name the rows that follow, as a caption would."""
    groups: list[list[PageTable]] = []
    carried: list[TextLine] = []
    for t in tables:
        prev = groups[-1][-1] if groups else None
        if (prev is not None and t.page == prev.page + 1 and not any(u.page == t.page for u in groups[-1])
                and len(t.header) == len(groups[-1][0].header)):
            repeated = _same_header(t.header, groups[-1][0].header)
            if repeated or not _looks_like_header(t.header):
                width = len(t.header)
                lead = []
                below = _line_below(prev, free, settings)
                if below is not None:
                    lead.append(_group_row(below, width))
                    carried.append(below)
                if captions.get(id(t)) is not None:
                    lead.append(_group_row(captions[id(t)], width))
                    carried.append(captions[id(t)])
                    captions[id(t)] = None
                if not repeated:
                    lead.append(PageRow(t.header, t.header_lines))
                    t.header, t.header_lines = groups[-1][0].header, ()
                t.rows[:0] = lead
                groups[-1].append(t)
                continue
        groups.append([t])
    return groups, carried


def _is_title(line: TextLine, settings: PdfSettings) -> bool:
    text = collapse(line.text)
    return len(text.split()) <= settings.caption_max_words and not text.endswith(PHRASE_END_CHARS)


def caption_for(table: PageTable, free: list[TextLine], settings: PdfSettings) -> TextLine | None:
    above = [ln for ln in free if ln.page == table.page and ln.bottom <= table.top + 0.5]
    if not above:
        return None
    ln = max(above, key=lambda ln: ln.bottom)
    if table.top - ln.bottom > settings.caption_gap_em * ln.height or not _is_title(ln, settings):
        return None
    return ln


def _line_below(table: PageTable, free: list[TextLine], settings: PdfSettings) -> TextLine | None:
    """A short line just below a table that continues on the next page, the last line of its page and
    starting where the table does: a group row whose rows were moved to the next page."""
    below = [ln for ln in free if ln.page == table.page and ln.top >= table.bottom - 0.5]
    if len(below) != 1:
        return None
    ln = below[0]
    if (ln.top - table.bottom > settings.caption_gap_em * ln.height or not _is_title(ln, settings)
            or abs(ln.x0 - table.left) > settings.group_centre_em * ln.height):
        return None
    return ln


def paragraphs(lines: list[TextLine], settings: PdfSettings) -> list[list[TextLine]]:
    out: list[list[TextLine]] = []
    for ln in sorted(lines, key=lambda ln: (ln.page, ln.top)):
        last = out[-1][-1] if out else None
        if (last is not None and last.page == ln.page and ln.index == last.index + 1
                and ln.top - last.bottom <= settings.paragraph_gap_em * last.height):
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


RULE = LayoutRule("pdf", sniff, parse, "PDF tables (ruled or unruled, over pages) read with pdfplumber",
                  uses_hints=True)  # its text-layer fallback may be a column dump, which reads other sources
