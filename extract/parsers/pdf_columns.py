"""Unruled PDF tables: columns found from the x-positions of words aligned across rows, as Camelot's stream
mode and pdfplumber's `text` strategy do, and the lines of a page that make up each table.

Within a run of lines not parted by wide blank space, a column starts where the words of several lines start
at one x-position (or, right-aligned, end at one) and no line but a group row crosses the gutter beside it.
Header gaps are not needed: a header wrapped over lines (`HTTP` / `Status`) or centred in its cell is placed
by the columns its words fall in. A justified text column has wide gaps too, but they wander from line to line:
the other lines of the column cross each such gap, so it is no column.

A line that crosses a gutter without a wide gap inside (`Authentication errors`), starting at the table's left
edge or centred on it, is a group row when table lines follow it; any other crossing line ends the table."""
from __future__ import annotations

from dataclasses import dataclass

from ..settings import PdfSettings
from ..text import collapse
from .pdf_geometry import PageTable, TextLine, Vocabulary, column_gap, column_name, vocabulary_of, word_runs
from .pdf_rows import table_from_lines


@dataclass
class Gutter:
    """Blank space between two columns: no word of a table line intrudes into (left, right)."""

    left: float
    right: float

    @property
    def mid(self) -> float:
        return (self.left + self.right) / 2


def unruled_tables(lines: list[TextLine], rules: list[dict], settings: PdfSettings,
                   prior: list[Gutter] | None = None, verticals: list[dict] | None = None,
                   ) -> tuple[list[PageTable], list[TextLine], list[Gutter] | None]:
    """The unruled tables among a page's lines (what ruled tables left), the lines in none of them, and the
    gutters of the page's last table. `prior`: the gutters of the last table of the page before, which a
    table continued at the top of this page with too few rows to show its columns itself still has.
    `verticals`: the page's vertical rules; one between the words of table lines parts two columns for sure
    (rules between cells that close no cell, as at the top of a page a table drawn with inner lines only
    continues on)."""
    tables: list[PageTable] = []
    free: list[TextLine] = []
    last: list[Gutter] | None = None
    vocabulary = vocabulary_of(lines, settings)
    for block in _blocks(lines, settings):
        rest = block
        while rest:
            found = _first_table(rest, rules, settings, prior if not tables else None, vocabulary, verticals)
            if found is None:
                free += rest
                break
            table, start, end, last = found
            free += rest[:start]
            tables.append(table)
            rest = rest[end:]
    return tables, free, last


def _blocks(lines: list[TextLine], settings: PdfSettings) -> list[list[TextLine]]:
    """Lines in runs parted by blank space wider than a table leaves between its lines."""
    blocks: list[list[TextLine]] = []
    for ln in lines:
        if blocks and ln.top - blocks[-1][-1].bottom <= settings.table_end_gap_em * blocks[-1][-1].height:
            blocks[-1].append(ln)
        else:
            blocks.append([ln])
    return blocks


def _clusters(points: list[tuple[float, int]], tol: float) -> list[tuple[float, set[int]]]:
    """x-positions (with the line each comes from) gathered where they lie within `tol` of their neighbour:
    (mean position, lines)."""
    out: list[tuple[float, set[int]]] = []
    xs: list[float] = []
    lines: set[int] = set()
    for x, ln in sorted(points):
        if xs and x - xs[-1] > tol:
            out.append((sum(xs) / len(xs), lines))
            xs, lines = [], set()
        xs.append(x)
        lines.add(ln)
    if xs:
        out.append((sum(xs) / len(xs), lines))
    return out


def _crosses(line: TextLine, x: float) -> bool:
    return any(w["x0"] < x < w["x1"] for w in line.words)


def _group_shaped(line: TextLine, left: float, right: float, settings: PdfSettings,
                  column_starts: tuple[float, ...] = ()) -> bool:
    """A line that may span the table: one run of words, from the table's left edge or centred on it, that
    is no column name (a header cell wrapped over lines, `Error` / `Code`, may reach past the codes below it:
    a group row names rows, not a column). A centred line that starts where a column starts is that
    column's cell (a text column in the middle of the table is centred on it too)."""
    if len(word_runs(line, column_gap(line, settings))) != 1 or column_name(collapse(line.text), settings):
        return False
    tol = settings.align_tolerance
    if abs(line.x0 - left) <= tol:
        return True
    slack = settings.group_centre_em * line.height
    return (abs((line.x0 + line.x1) / 2 - (left + right) / 2) <= slack
            and not any(abs(line.x0 - x) <= tol for x in column_starts))


def find_gutters(block: list[TextLine], settings: PdfSettings) -> list[Gutter]:
    """The gutters between the columns of the lines of a block, from the word positions aligned across them."""
    tol = settings.align_tolerance
    starts, ends = [], []
    for n, ln in enumerate(block):
        for run in word_runs(ln, column_gap(ln, settings)):
            starts.append((run[0]["x0"], n))
            ends.append((max(w["x1"] for w in run), n))
    left = min(ln.x0 for ln in block)
    right = max(ln.x1 for ln in block)
    # a position where a column starts: just left of aligned starts, just right of aligned ends
    candidates = [(x - tol, lines) for x, lines in _clusters(starts, tol)]
    column_starts = tuple(x + tol for x, lines in candidates if len(lines) >= settings.column_min_lines)
    candidates += [(x + tol, lines) for x, lines in _clusters(ends, tol)]
    def crossing_in(x: float, first: int, last: int, aligned: set[int]) -> list[int] | None:
        """The lines from `first` to `last` that cross position x, or None where one that is no group row
        does, or as many cross as align."""
        crossing = [n for n in range(first, last + 1) if _crosses(block[n], x)]
        if len(crossing) >= len(aligned) or not all(_group_shaped(block[n], left, right, settings, column_starts)
                                                   for n in crossing):
            return None
        return crossing

    # First each position among the lines it aligns (a paragraph above a table is no evidence against it) …
    kept = [(x, aligned) for x, aligned in candidates
            if len(aligned) >= settings.column_min_lines and left + tol < x < right - tol
            and crossing_in(x, min(aligned), max(aligned), aligned) is not None]
    if not kept:
        return []
    # … then over the whole table, the lines of the best-aligned column and those overlapping them: a few lines
    # that happen to align (wrapped codes of one width, names that end alike) are crossed by the rest.
    best = max(kept, key=lambda c: len(c[1]))[1]
    first, last = min(best), max(best)
    for _, aligned in sorted(kept, key=lambda c: -len(c[1])):
        if min(aligned) <= last and max(aligned) >= first:
            first, last = min(first, min(aligned)), max(last, max(aligned))
    points = []
    for x, aligned in kept:
        crossing = crossing_in(x, first, last, aligned)
        if crossing is not None:
            points.append((x, set(crossing)))
    return _gutters_at(block[first:last + 1], [(x, {n - first for n in c}) for x, c in points], settings)


def _gutters_at(block: list[TextLine], points: list[tuple[float, set[int]]], settings: PdfSettings) -> list[Gutter]:
    """The blank space around each accepted position, among the lines that do not cross it; positions in one
    blank space are one gutter. A gutter needs words on both sides and the width of a column gap."""
    gutters: dict[tuple[float, float], Gutter] = {}
    groups = set().union(*(crossing for _, crossing in points))  # a line over one gutter is a group row
    # so is a line whose one run of words straddles a position with no word over it (`Storage errors`, its
    # second word where the names start): a run is one cell, never two
    left, right = min(ln.x0 for ln in block), max(ln.x1 for ln in block)
    for n, ln in enumerate(block):
        runs = word_runs(ln, column_gap(ln, settings))
        if n not in groups and len(runs) == 1 and any(runs[0][0]["x0"] < x < runs[0][-1]["x1"] for x, _ in points) \
                and _group_shaped(ln, left, right, settings):
            groups.add(n)
    words = [w for n, ln in enumerate(block) if n not in groups for w in ln.words]
    for x, _ in points:
        lefts = [w["x1"] for w in words if w["x1"] <= x]
        rights = [w["x0"] for w in words if w["x0"] >= x]
        if not lefts or not rights:
            continue
        g = Gutter(max(lefts), min(rights))
        gutters[(round(g.left, 1), round(g.right, 1))] = g
    merged: list[Gutter] = []
    for g in sorted(gutters.values(), key=lambda g: g.left):
        if merged and g.left < merged[-1].right:  # one blank space, seen past different group rows
            merged[-1] = Gutter(max(merged[-1].left, g.left), min(merged[-1].right, g.right))
        else:
            merged.append(g)
    height = min(ln.height for ln in block)
    merged = [g for g in merged if g.right - g.left >= settings.column_gap_em * height]
    return merged


def _first_table(block: list[TextLine], rules: list[dict], settings: PdfSettings, prior: list[Gutter] | None = None,
                 vocabulary: Vocabulary | None = None, verticals: list[dict] | None = None,
                 ) -> tuple[PageTable, int, int, list[Gutter]] | None:
    """The first table among a block's lines: (table, index of its first line, index after its last, its
    gutters)."""
    gutters = find_gutters(block, settings)
    drawn = _drawn_gutters(block, verticals or [], gutters, settings)
    if drawn:
        gutters = sorted(gutters + drawn, key=lambda g: g.left)
    # The table of the page before, continued: its first line keeps to its columns. Only one side of each of
    # its gutters is sure: a longer word on this page may reach further into a gutter than any there did.
    narrowed = [_prior_side(g, block, settings.align_tolerance) for g in prior or []]
    continued = len(narrowed) > len(gutters) and not any(
        _crosses_gutter(block[0], g, settings.align_tolerance) for g in narrowed)
    if continued:
        gutters = narrowed
    continued = continued or bool(drawn)  # columns the page before showed, or drawn: a table for sure
    if len(gutters) + 1 < settings.min_columns:
        return None
    left = min(ln.x0 for ln in block)
    right = max(ln.x1 for ln in block)

    def columns_of(ln: TextLine) -> set[int]:
        return {sum(1 for g in gutters if w["x0"] >= g.mid) for w in ln.words}

    kinds = []  # per line: "multi" (cells in several columns), "single", "group", "other" (crosses a gutter)
    for ln in block:
        if any(_crosses_gutter(ln, g, settings.align_tolerance) for g in gutters) or _straddles(ln, gutters, settings):
            kinds.append("group" if _group_shaped(ln, left, right, settings) else "other")
        else:
            kinds.append("multi" if len(columns_of(ln)) > 1 else "single")
    multi = [n for n, k in enumerate(kinds) if k == "multi"]
    if not multi:
        return None
    start = multi[0]
    # lines above the first line with several cells that belong to it: a header cell wrapped over lines
    # (`HTTP` over `Status`), a centred cell above its row's other cells; not a title further up
    gaps = [block[n + 1].top - block[n].bottom for n in range(start, len(block) - 1)
            if kinds[n] != "other" and kinds[n + 1] != "other"]
    small = min((g for g in gaps if g > 0), default=0.0)
    while (start > 0 and kinds[start - 1] == "single"
           and block[start].top - block[start - 1].bottom <= max(small * settings.row_band_ratio, 0.0)):
        start -= 1
    end = start
    head_text = collapse(block[multi[0]].text)
    header_like = any(column_name(collapse(" ".join(w["text"] for w in run)), settings)
                      for run in word_runs(block[multi[0]], column_gap(block[multi[0]], settings)))
    for n in range(start, len(block)):
        if kinds[n] == "other":
            break
        if n > multi[0] and collapse(block[n].text) == head_text and kinds[n] == "multi" and header_like:
            break  # the header again: the next table starts here (not two rows whose cells open alike)
        end = n + 1
    while end > start and kinds[end - 1] == "group":
        end -= 1  # a line over the table after its last row is text below it, not a group row
    members = block[start:end]
    spanning = {id(ln) for ln, k in zip(members, kinds[start:end]) if k == "group"}
    table = table_from_lines(members, spanning, [g.mid for g in gutters], rules, settings, vocabulary,
                             continued=continued)
    if table is None:
        return None
    table.left = left
    return table, start, end - table.below, gutters


def _crosses_gutter(line: TextLine, g: Gutter, tol: float) -> bool:
    """Whether a word of the line reaches into the gutter, which no word of the table's rows does."""
    return any(w["x1"] > g.left + tol and w["x0"] < g.right - tol for w in line.words)


def _prior_side(g: Gutter, block: list[TextLine], tol: float) -> Gutter:
    """A gutter of the page before narrowed to the side its columns keep on this page: just left of where
    the next column starts (left-aligned cells) or just right of where the column before ends (right-aligned),
    whichever fewer of the block's lines cross. A word crosses the narrowed gutter where it crosses its middle."""
    def crossing(x: float) -> int:
        return sum(1 for ln in block if _crosses(ln, x))
    x = min((g.right - tol, g.left + tol), key=crossing)
    return Gutter(x - tol, x + tol)


def _straddles(line: TextLine, gutters: list[Gutter], settings: PdfSettings) -> bool:
    """Whether the line is one run of words (no blank space a column leaves) over a column boundary: a
    group row or text beside the table (`Codes not listed here are reserved.`), not cells."""
    runs = word_runs(line, column_gap(line, settings))
    return len(runs) == 1 and any(runs[0][0]["x0"] < g.mid < runs[0][-1]["x1"] for g in gutters)


def _drawn_gutters(block: list[TextLine], verticals: list[dict], found: list[Gutter],
                   settings: PdfSettings) -> list[Gutter]:
    """Vertical rules between the words of at least `column_min_lines` lines of the block (or of all of them,
    when fewer) that no word crosses: column boundaries for sure, where the aligned words show none."""
    tol = settings.align_tolerance
    left, right = min(ln.x0 for ln in block), max(ln.x1 for ln in block)
    out: list[Gutter] = []
    for e in sorted(verticals, key=lambda e: e["x0"]):
        x = (e["x0"] + e["x1"]) / 2
        if not left + tol < x < right - tol or any(g.left - tol <= x <= g.right + tol for g in found + out):
            continue
        beside = [ln for ln in block if e["top"] <= (ln.top + ln.bottom) / 2 <= e["bottom"]]
        if len(beside) < min(settings.column_min_lines, len(block)) or any(_crosses(ln, x) for ln in beside):
            continue
        if not any(w["x1"] <= x for ln in beside for w in ln.words) or not any(
                w["x0"] >= x for ln in beside for w in ln.words):
            continue
        out.append(Gutter(x - tol, x + tol))
    return out
