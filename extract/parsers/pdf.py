"""Real PDFs: tables read with pdfplumber, continued over pages, and the text around them kept as notes.

A ruled table (cell borders drawn) is read by pdfplumber's `lines` strategy, which knows every cell for sure.
An unruled table has only whitespace between its columns; pdfplumber's `text` strategy cuts such a table at
every run of aligned words (a justified description column becomes a dozen columns) and makes each wrapped
line a row of its own, so unruled tables are read here from the words: the header line's wide gaps give the
columns, the gutters are checked against every line below, and the code column tells where a row starts.

A table that runs over several pages with its header repeated is one table: a repeated header is layout.
Every word on a page ends in a record, a note (text around tables), a layout item (headers, captions) or,
when the document holds no table at all, an `unparsed_text` conflict, each with its page and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..columns import header_field
from ..documents import Document
from ..errors import InputError
from ..model import Cell, Conflict, Hints, Layout, Loc, Note, Parsed, conflict_value, unparsed
from . import Context, LayoutRule
from ..patterns import FOOTNOTE_LINE_STRICT
from ..text import collapse
from .table import Row, table_records

SENTENCE_END = (".", ":", ";", ",", "!", "?")
# A footnote below a table: a marker that is no word (`*`, `†`, `[1]`) and its text.


@dataclass(frozen=True)
class PdfTableSettings:
    """Every knob of PDF table reading, named and in one place (as pdfplumber's `TableSettings`).

    Lengths are PDF points unless the name ends in `_em`: a multiple of the height of the text line at hand,
    so the same settings work for 8pt and 12pt documents.
    """

    # Ruled tables (pdfplumber `lines` strategy): drawn edges this close are snapped / joined / made to meet.
    snap_tolerance: float = 3.0
    join_tolerance: float = 3.0
    intersection_tolerance: float = 3.0
    edge_min_length: float = 3.0
    # Words: characters closer than `word_x_tolerance` form one word; words whose tops differ by no more
    # than `line_y_tolerance` share a text line (the unit of a provenance line index).
    word_x_tolerance: float = 1.5
    line_y_tolerance: float = 3.0
    # Unruled tables: in a header line, a gap at least this wide between two words separates two columns
    # (a space between words is about 0.28 em in Helvetica; fpdf2 and word processors leave ≥ 0.5 em).
    column_gap_em: float = 0.5
    # A gutter narrowed below this width by the lines under the header means the line is not in the table.
    min_gutter: float = 1.0
    # Blank space between lines this many times the smallest such space in the table separates two rows, so
    # wrapped lines are joined by the row bands the whitespace shows, not by guesswork.
    row_band_ratio: float = 1.3
    # An unruled table ends where the blank space below its last line is wider than this.
    table_end_gap_em: float = 2.5
    # A short line (at most `caption_max_words`, no closing punctuation) at most this far above a table is
    # its caption: the category of its rows.
    caption_gap_em: float = 2.0
    caption_max_words: int = 8
    # Smaller tables are not tables (a boxed note, a two-column page footer).
    min_rows: int = 2  # header row + data rows
    min_columns: int = 2
    # Consecutive free lines closer than this form one paragraph (one note).
    paragraph_gap_em: float = 0.8

    def ruled(self) -> dict:
        """pdfplumber table settings for tables with drawn cell borders."""
        return {
            "vertical_strategy": "lines", "horizontal_strategy": "lines",
            "snap_tolerance": self.snap_tolerance, "join_tolerance": self.join_tolerance,
            "intersection_tolerance": self.intersection_tolerance, "edge_min_length": self.edge_min_length,
            "text_x_tolerance": self.word_x_tolerance, "text_y_tolerance": self.line_y_tolerance,
        }


DEFAULT_SETTINGS = PdfTableSettings()


@dataclass
class TextLine:
    """One line of words on a page; `index` (1-based, top to bottom) is the line given in provenance."""

    page: int
    index: int
    words: list[dict]

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class PageTable:
    """A table as found on one page: header and rows of cell texts, each with its page line indexes."""

    page: int
    top: float
    bottom: float
    header: list[str]
    header_lines: tuple[int, ...]
    rows: list[tuple[list[str], tuple[int, ...]]]
    ruled: bool
    joins: list[tuple[str, tuple[int, ...], str]] = field(default_factory=list)  # (text, lines, rule)


def sniff(doc: Document) -> float:
    return 1.0 if doc.is_pdf else 0.0


def parse(doc: Document, ctx: Context, settings: PdfTableSettings = DEFAULT_SETTINGS) -> Parsed:
    import io

    import pdfplumber  # imported here: only PDF sources pay for it
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfplumber.utils.exceptions import PdfminerException

    catalog = ctx.catalog
    out = Parsed(doc.source, catalog, "pdf")
    tables: list[PageTable] = []
    free: list[TextLine] = []
    try:
        with pdfplumber.open(io.BytesIO(doc.data)) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                page_tables, page_free = read_page(page, number, settings)
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
    captions = {id(t): caption_for(t, free, settings) for t in tables}
    used_captions = {(c.page, c.index) for c in captions.values() if c is not None}
    free = [ln for ln in free if (ln.page, ln.index) not in used_captions]

    for group in continued_tables(tables, captions):
        first = group[0]
        caption = captions[id(first)]
        category = None
        if caption is not None:
            category = Cell(collapse(caption.text), caption.text, loc(caption.page, [caption.index]))
            out.layout.append(Layout("table caption", category.loc))
        out.layout.append(Layout("table header", loc(first.page, first.header_lines)))
        rows: list[Row] = []
        for part in group:
            if part is not first and part.header_lines:
                out.layout.append(Layout("repeated table header", loc(part.page, part.header_lines)))
            for cells, lines in part.rows:
                rows.append(Row(cells, loc(part.page, lines)))
            for text, lines, rule in part.joins:
                out.conflicts.append(Conflict(
                    kind="orphan_fragment", catalog=catalog, severity="info",
                    message=("A wrapped line of an unruled table was joined to a row by its position alone "
                             f"({rule.replace('-', ' ')})."),
                    values=[conflict_value(loc(part.page, lines), text)],
                    resolution={"status": "auto", "value": text, "rule": rule},
                    key=(doc.source, text),
                ))
        records, conflicts = table_records(
            first.header, rows, source=doc.source, catalog=catalog,
            header_loc=loc(first.page, first.header_lines), category=category, order_start=len(out.records),
        )
        if records:
            out.records += records
            out.conflicts += conflicts
        else:  # a table of something else (parameters, revision history): its text is a note per page
            for part in group:
                texts = [" | ".join(collapse(c) for c in cells) for cells, _ in part.rows]
                if part is first:
                    texts.insert(0, " | ".join(collapse(c) for c in first.header))
                where = loc(part.page, part.header_lines + tuple(i for _, ls in part.rows for i in ls))
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


# ---------------------------------------------------------------------------------------------- one page

def read_page(page, number: int, settings: PdfTableSettings) -> tuple[list[PageTable], list[TextLine]]:
    """The tables on a page (ruled first, then unruled among the words left) and its free lines."""
    words = page.extract_words(x_tolerance=settings.word_x_tolerance, y_tolerance=settings.line_y_tolerance,
                               keep_blank_chars=False)
    lines = text_lines(words, number, settings)

    tables: list[PageTable] = []
    boxes = []
    for found in page.find_tables(settings.ruled()):
        table = ruled_table(found, number, lines, settings)
        if table is not None:
            tables.append(table)
            boxes.append(found.bbox)

    def inside(w) -> bool:
        cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    rest: list[TextLine] = []
    for ln in lines:
        kept = [w for w in ln.words if not inside(w)]
        if kept:
            rest.append(TextLine(number, ln.index, kept))
    rules = list(page.horizontal_edges)
    unruled, free = unruled_tables(rest, rules, settings)
    tables += unruled
    tables.sort(key=lambda t: t.top)
    return tables, free


def text_lines(words: list[dict], page: int, settings: PdfTableSettings) -> list[TextLine]:
    groups: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if groups and abs(w["top"] - groups[-1][0]["top"]) <= settings.line_y_tolerance:
            groups[-1].append(w)
        else:
            groups.append([w])
    return [TextLine(page, i, sorted(g, key=lambda w: w["x0"])) for i, g in enumerate(groups, 1)]


def ruled_table(found, page: int, lines: list[TextLine], settings: PdfTableSettings) -> PageTable | None:
    texts = found.extract(x_tolerance=settings.word_x_tolerance, y_tolerance=settings.line_y_tolerance)
    rows = [[c or "" for c in r] for r in texts]
    width = max((len(r) for r in rows), default=0)
    if len(rows) < settings.min_rows or width < settings.min_columns:
        return None
    bands = [r.bbox for r in found.rows]

    def lines_in(top: float, bottom: float) -> tuple[int, ...]:
        return tuple(ln.index for ln in lines if top <= (ln.top + ln.bottom) / 2 <= bottom)

    cells_lines = [(cells, lines_in(b[1], b[3])) for cells, b in zip(rows, bands)]
    cells_lines = [(c, ls) for c, ls in cells_lines if any(x.strip() for x in c)]  # blank spacer rows
    if len(cells_lines) < settings.min_rows:
        return None
    (header, header_lines), body = cells_lines[0], cells_lines[1:]
    return PageTable(page, found.bbox[1], found.bbox[3], header, header_lines, body, ruled=True)


# ------------------------------------------------------------------------------------------ unruled tables

def _chunks(line: TextLine, gap: float) -> list[list[dict]]:
    """A line's words in runs separated by gaps of at least `gap` (header cells, in an unruled table)."""
    runs: list[list[dict]] = []
    for w in line.words:
        if runs and w["x0"] - runs[-1][-1]["x1"] < gap:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def _narrowed(gutters: list[list[float]], line: TextLine, settings: PdfTableSettings) -> list[list[float]] | None:
    """The gutters left free by one more line, or None where the line is no table line: a word bridges a
    gutter, or two neighbouring words on either side of one are only a word space apart (running text)."""
    out = [list(g) for g in gutters]
    for w in line.words:
        for g in out:
            a, b = g
            if w["x1"] <= a or w["x0"] >= b:
                continue
            if w["x0"] < a and w["x1"] > b:
                return None
            # The word belongs to the side it touches (left-aligned cells run right, right-aligned ones left).
            if w["x0"] <= a or (w["x1"] < b and (w["x0"] - a) < (b - w["x1"])):
                g[0] = max(a, w["x1"])
            else:
                g[1] = min(b, w["x0"])
            if g[1] - g[0] < settings.min_gutter:
                return None
    bounds = [(a + b) / 2 for a, b in out]
    gap = settings.column_gap_em * line.height
    for left, right in zip(line.words, line.words[1:]):
        crossed = any(left["x1"] <= m <= right["x0"] for m in bounds)
        if crossed and right["x0"] - left["x1"] < gap:
            return None
    return out


def unruled_tables(lines: list[TextLine], rules: list[dict],
                   settings: PdfTableSettings) -> tuple[list[PageTable], list[TextLine]]:
    """Tables among a page's lines: a line of at least two widely spaced runs of words opens one; the lines
    below belong to it while no word bridges a gutter between its columns, no wide blank space intervenes
    and the header does not come again (that opens the next table)."""
    tables: list[PageTable] = []
    free: list[TextLine] = []
    i = 0
    while i < len(lines):
        head = lines[i]
        runs = _chunks(head, settings.column_gap_em * head.height)
        if len(runs) < settings.min_columns:
            free.append(head)
            i += 1
            continue
        gutters = [[runs[k][-1]["x1"], runs[k + 1][0]["x0"]] for k in range(len(runs) - 1)]
        members = [head]
        j = i + 1
        while j < len(lines):
            ln = lines[j]
            if ln.top - members[-1].bottom > settings.table_end_gap_em * members[-1].height:
                break
            if collapse(ln.text) == collapse(head.text):
                break
            narrowed = _narrowed(gutters, ln, settings)
            if narrowed is None:
                break
            gutters = narrowed
            members.append(ln)
            j += 1
        table = _unruled_table(members, gutters, runs, rules, settings)
        if table is None:
            free.append(head)
            i += 1
            continue
        tables.append(table)
        i = j
    return tables, free


def _unruled_table(members: list[TextLine], gutters: list[list[float]], runs: list[list[dict]],
                   rules: list[dict], settings: PdfTableSettings) -> PageTable | None:
    if len(members) < settings.min_rows:
        return None
    bounds = [(a + b) / 2 for a, b in gutters]
    width = len(bounds) + 1
    column_of = lambda w: sum(1 for b in bounds if w["x0"] >= b)  # noqa: E731
    header_texts = [" ".join(w["text"] for w in run) for run in runs]
    key = next((k for k, h in enumerate(header_texts) if header_field(h) == "code"), 0)
    is_key = [any(column_of(w) == key for w in ln.words) for ln in members]
    if sum(is_key[1:]) < settings.min_rows - 1:
        return None

    def cells_of(group: list[TextLine]) -> list[str]:
        cols: list[list[str]] = [[] for _ in range(width)]
        for ln in group:
            per_line: list[list[str]] = [[] for _ in range(width)]
            for w in ln.words:
                per_line[column_of(w)].append(w["text"])
            for k in range(width):
                if per_line[k]:
                    cols[k].append(" ".join(per_line[k]))
        return ["\n".join(c) for c in cols]

    groups, rule = _row_groups(members, is_key, cells_of, rules, settings)
    header_group, body = groups[0], groups[1:]
    rows = [(cells_of(g), tuple(ln.index for ln in g)) for g in body]
    joins = []
    if rule:  # wrapped lines joined on position alone: each is a choice a reviewer may overturn …
        keyed = {id(ln) for ln, k in zip(members, is_key) if k}
        for g in body:
            keys = [ln for ln in g if id(ln) in keyed]
            for ln in g:
                # … except a line that overlaps its row's key line (beside a centred cell): no other row can own it
                if id(ln) not in keyed and not any(ln.top < k.bottom and ln.bottom > k.top for k in keys):
                    joins.append((ln.text, (ln.index,), rule))
    return PageTable(members[0].page, members[0].top, members[-1].bottom, cells_of(header_group),
                     tuple(ln.index for ln in header_group), rows, ruled=False, joins=joins)


def _row_groups(members: list[TextLine], is_key: list[bool], cells_of, rules: list[dict],
                settings: PdfTableSettings) -> tuple[list[list[TextLine]], str]:
    """Lines → rows. Each row has one line with text in the code column (its key line); the other lines
    are wrapped cell text. Drawn rules or wider gaps between rows show which row a line belongs to where they
    exist (no rule is returned: nothing was guessed). Otherwise the cells are top-aligned, centred or
    bottom-aligned in their rows; the alignment under which the fewest cells start mid-sentence (with a
    lower-case word) is taken, and returned as the rule that joined the wrapped lines."""
    n = len(members)
    x0 = min(w["x0"] for ln in members for w in ln.words)
    x1 = max(w["x1"] for ln in members for w in ln.words)
    cuts = set()
    for k in range(n - 1):
        lo, hi = members[k].bottom, members[k + 1].top
        if any(lo - 1 <= e["top"] <= hi + 1 and e["x0"] <= x0 + 0.5 * (x1 - x0) <= e["x1"] for e in rules):
            cuts.add(k)
    if not cuts:
        # Blank space above each line (below everything before it: a centred line may overlap its neighbours).
        space, low = [], members[0].bottom
        for ln in members[1:]:
            space.append(ln.top - low)
            low = max(low, ln.bottom)
        small = min((g for g in space if g > 0), default=0)
        cuts = {k for k, g in enumerate(space) if small > 0 and g >= settings.row_band_ratio * small}
    if cuts:
        bands, band = [], [members[0]]
        for k in range(1, n):
            if k - 1 in cuts:
                bands.append(band)
                band = []
            band.append(members[k])
        bands.append(band)
        keyed = {id(ln) for ln, key in zip(members, is_key) if key}
        if all(any(id(ln) in keyed for ln in b) for b in bands):
            groups = []
            for b in bands:
                groups += _join(b, [id(ln) in keyed for ln in b], "top")
            return groups, ""
    if all(is_key):
        return [[ln] for ln in members], ""

    def mid_sentence_starts(groups: list[list[TextLine]]) -> int:
        return sum(1 for g in groups for c in cells_of(g) if c[:1].islower())

    tried = []
    for order, how in enumerate(("top", "centred", "bottom")):
        groups = _join(members, is_key, how)
        if groups is not None:
            tried.append((mid_sentence_starts(groups), order, groups, how))
    _, _, groups, how = min(tried, key=lambda t: (t[0], t[1]))
    return groups, f"unruled-rows-{how}-aligned" if how != "centred" else "unruled-rows-centred"


def _join(lines: list[TextLine], is_key: list[bool], how: str) -> list[list[TextLine]] | None:
    """Rows under one alignment: `top` (a key line opens its row), `bottom` (it closes it) or `centred`
    (a key line sits in the middle of its row: as many wrapped lines above it as below); None where the
    lines cannot be laid out so."""
    keys = [k for k, key in enumerate(is_key) if key]
    between = [list(range(a + 1, b)) for a, b in zip(keys, keys[1:])]
    lead, tail = list(range(keys[0])), list(range(keys[-1] + 1, len(lines)))
    groups: list[list[int]] = []
    if how == "top":
        groups = [([*lead, k] if r == 0 else [k]) + (between[r] if r < len(between) else tail)
                  for r, k in enumerate(keys)]
    elif how == "bottom":
        groups = [(lead if r == 0 else between[r - 1]) + [k] + (tail if r == len(keys) - 1 else [])
                  for r, k in enumerate(keys)]
    else:
        above = lead
        for r, k in enumerate(keys):
            rest = between[r] if r < len(between) else tail
            below = len(above)
            if below > len(rest) or (r == len(keys) - 1 and below != len(rest)):
                return None
            groups.append([*above, k, *rest[:below]])
            above = rest[below:]
    return [[lines[i] for i in g] for g in groups]


# ------------------------------------------------------------------------------ across pages, around tables

def _same_header(a: list[str], b: list[str]) -> bool:
    return [collapse(x).casefold() for x in a] == [collapse(x).casefold() for x in b]


def _looks_like_header(cells: list[str]) -> bool:
    filled = [c for c in cells if collapse(c)]
    return bool(filled) and sum(1 for c in filled if header_field(c)) * 2 >= len(filled)


def continued_tables(tables: list[PageTable], captions: dict) -> list[list[PageTable]]:
    """Tables grouped into logical tables. A table that opens the page after the previous table's page, has
    no caption of its own and as many columns continues that table: its first row is then either the header
    repeated (layout) or, where it reads as data rather than a header, the next row."""
    groups: list[list[PageTable]] = []
    for t in tables:
        prev = groups[-1][-1] if groups else None
        if (prev is not None and t.page == prev.page + 1 and captions.get(id(t)) is None
                and not any(u.page == t.page for u in groups[-1])
                and len(t.header) == len(groups[-1][0].header)):
            if _same_header(t.header, groups[-1][0].header):
                groups[-1].append(t)
                continue
            if not _looks_like_header(t.header):
                t.rows.insert(0, (t.header, t.header_lines))
                t.header, t.header_lines = groups[-1][0].header, ()
                groups[-1].append(t)
                continue
        groups.append([t])
    return groups


def caption_for(table: PageTable, free: list[TextLine], settings: PdfTableSettings) -> TextLine | None:
    above = [ln for ln in free if ln.page == table.page and ln.bottom <= table.top + 0.5]
    if not above:
        return None
    ln = max(above, key=lambda ln: ln.bottom)
    text = collapse(ln.text)
    if (table.top - ln.bottom > settings.caption_gap_em * ln.height or len(text.split()) > settings.caption_max_words
            or text.endswith(SENTENCE_END)):
        return None
    return ln


def paragraphs(lines: list[TextLine], settings: PdfTableSettings) -> list[list[TextLine]]:
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
