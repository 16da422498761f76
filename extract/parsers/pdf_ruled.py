"""Ruled PDF tables: cell borders drawn, so pdfplumber's `lines` strategy knows every cell for sure.

A table drawn with inner lines only (no frame: the rules between cells, not around them) is found by the
`lines` strategy only where rules close cells on every side, which leaves out its first and last rows and
columns. The rules themselves still reach over the whole table (a rule between two rows runs from the
table's left edge to its right edge), so the table is read again inside the frame its rules span.

A row of which pdfplumber finds only the first cell (the others merged into it: a cell over the whole
width) is a group row."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter

from ..settings import PdfSettings
from .pdf_geometry import PageRow, PageTable, TextLine, Vocabulary, cut_inside_word, vocabulary_of


def ruled_tables(page, number: int, lines: list[TextLine], settings: PdfSettings) -> list[tuple[PageTable, tuple]]:
    """The ruled tables of a page, each with its bounding box, framed by the reach of their own rules."""
    found = page.find_tables(settings.ruled())
    frames = [frame for t in found if (frame := _rule_frame(t.bbox, page.edges, settings, lines)) is not None]
    if frames:
        extra = [edge for frame in frames for edge in _frame_edges(frame)]
        found = page.find_tables({**settings.ruled(), "explicit_vertical_lines": [e for e in extra if e["x0"] == e["x1"]],
                                  "explicit_horizontal_lines": [e for e in extra if e["top"] == e["bottom"]]})
    out = []
    if not found:
        return out
    vocabulary = vocabulary_of(lines, settings)
    index = PageIndex(page.chars, lines)
    for t in found:
        table = ruled_table(t, number, lines, settings, vocabulary, index)
        if table is not None:
            out.append((table, t.bbox))
    return out


def _rule_frame(bbox: tuple, edges: list[dict], settings: PdfSettings, lines: list[TextLine] = ()) -> tuple | None:
    """The box that the rules touching a found table reach over, where it is larger than the table: the
    frame of a table drawn without one. None where the table's own borders already enclose its rules.

    A group row of such a table (a cell over the whole width) has no vertical rule that would touch the rows
    around it: a rule across the whole frame one text line (`group_band_em`) above or below it, with that
    one line between, reaches over the group row to the rows beyond."""
    tol = settings.snap_tolerance
    x0, top, x1, bottom = bbox

    def over_group_row(e: dict) -> bool:
        if e["top"] != e["bottom"] or abs(e["x0"] - x0) > tol or abs(e["x1"] - x1) > tol:
            return False
        a, b = (e["top"], top) if e["top"] < top else (bottom, e["top"])
        between = [ln for ln in lines if a < (ln.top + ln.bottom) / 2 < b and ln.x1 > x0 and ln.x0 < x1]
        return len(between) == 1 and b - a <= settings.group_band_em * between[0].height

    grown = True
    while grown:
        grown = False
        for e in edges:
            if (e["x1"] < x0 - tol or e["x0"] > x1 + tol or e["bottom"] < top - tol or e["top"] > bottom + tol) \
                    and not (x1 - x0 > 0 and over_group_row(e)):
                continue
            nx0, ntop, nx1, nbottom = min(x0, e["x0"]), min(top, e["top"]), max(x1, e["x1"]), max(bottom, e["bottom"])
            if (nx0, ntop, nx1, nbottom) != (x0, top, x1, bottom):
                x0, top, x1, bottom = nx0, ntop, nx1, nbottom
                grown = True
    if all(abs(a - b) <= tol for a, b in zip((x0, top, x1, bottom), bbox)):
        return None
    return x0, top, x1, bottom


def _frame_edges(frame: tuple) -> list[dict]:
    x0, top, x1, bottom = frame
    line = lambda a, t, b, m: {"object_type": "line", "x0": a, "x1": b, "top": t, "bottom": m,  # noqa: E731
                               "width": b - a, "height": m - t}
    return [line(x0, top, x1, top), line(x0, bottom, x1, bottom), line(x0, top, x0, bottom), line(x1, top, x1, bottom)]


class PageIndex:
    """A page's chars and text lines sorted by position, so that a table's rows and cells find theirs by
    bisection: pdfplumber's `Table.extract` tests every char of the page against every row, and a cell's
    lines were looked for among all the page's lines, work that grows with the square of a page's rows.
    Every lookup answers exactly what the scan it replaces did (same items, in page order)."""

    def __init__(self, chars: list[dict], lines: list[TextLine]):
        self.chars = chars
        self._mids = mids = [(c["top"] + c["bottom"]) / 2 for c in chars]
        self._by_mid = sorted(range(len(chars)), key=mids.__getitem__)
        self._mid = [mids[i] for i in self._by_mid]
        self._by_x0: list[int] | None = None  # made on first use: few cells ask for it
        self._x0: list[float] = []
        self.lines = lines
        tops = [ln.top for ln in lines]
        self._by_top = sorted(range(len(lines)), key=tops.__getitem__)
        self._top = [tops[n] for n in self._by_top]
        self._tallest = max((ln.bottom - ln.top for ln in lines), default=0.0)

    def chars_in_band(self, top: float, bottom: float) -> list[tuple[float, dict]]:
        """The chars whose vertical middle is in [top, bottom), each with that middle, in page order."""
        lo, hi = bisect_left(self._mid, top), bisect_left(self._mid, bottom)
        return [(self._mids[i], self.chars[i]) for i in sorted(self._by_mid[lo:hi])]

    def chars_at_x0(self, x0: float, tolerance: float) -> list[dict]:
        """The chars whose left edge is within `tolerance` of x0 (a superset: callers test exactly), in page order."""
        if self._by_x0 is None:
            lefts = [c["x0"] for c in self.chars]
            self._by_x0 = sorted(range(len(lefts)), key=lefts.__getitem__)
            self._x0 = [lefts[i] for i in self._by_x0]
        lo, hi = bisect_left(self._x0, x0 - 2 * tolerance), bisect_right(self._x0, x0 + 2 * tolerance)
        return [self.chars[i] for i in sorted(self._by_x0[lo:hi])]

    def lines_near(self, top: float, bottom: float) -> list[TextLine]:
        """The lines whose top lies within [top - tallest line, bottom]: every line that reaches into the band
        (and some that do not: callers test exactly), in page order."""
        lo, hi = bisect_left(self._top, top - self._tallest - 1.0), bisect_right(self._top, bottom + 1.0)
        return [self.lines[n] for n in sorted(self._by_top[lo:hi])]


def table_texts(found, index: PageIndex, settings: PdfSettings) -> list[list[str | None]]:
    """What `found.extract(x_tolerance=…, y_tolerance=…)` returns (a row's chars are those whose middle is in
    its box, a cell's those of its row in its own box, read as `extract_text` reads them), with the chars of
    each row found by bisection instead of a scan of the page's chars, and one word extractor for all cells."""
    cell_text = _cell_reader(settings)
    out = []
    for row in found.rows:
        # pdfplumber's `char_in_bbox`: a char is in a box when its middle (h, v) is, right and bottom edges out
        x0, top, x1, bottom = row.bbox
        row_chars = [(h, v, c) for v, c in index.chars_in_band(top, bottom)
                     if top <= v < bottom and x0 <= (h := (c["x0"] + c["x1"]) / 2) < x1]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            cx0, ctop, cx1, cbottom = cell
            cell_chars = [c for h, v, c in row_chars if cx0 <= h < cx1 and ctop <= v < cbottom]
            texts.append(cell_text(cell_chars) if cell_chars else "")
        out.append(texts)
    return out


def _cell_reader(settings: PdfSettings):
    """chars → text as pdfplumber's `extract_text(chars, x_tolerance=…, y_tolerance=…)` gives it: words
    clustered into lines by their tops. Its left-to-right, top-to-bottom rendering is the joined text itself,
    so the per-character text map it builds around it is left out where those are the directions."""
    from pdfplumber.utils import cluster_objects, extract_text
    from pdfplumber.utils.text import WordExtractor

    x_tol, y_tol = settings.word_x_tolerance, settings.line_y_tolerance
    extractor = WordExtractor(x_tolerance=x_tol, y_tolerance=y_tol)
    if (extractor.line_dir, extractor.char_dir) != ("ttb", "ltr"):
        return lambda chars: extract_text(chars, x_tolerance=x_tol, y_tolerance=y_tol)
    top = itemgetter("top")

    def read(chars: list[dict]) -> str:
        lines = cluster_objects(extractor.extract_words(chars), top, y_tol)
        return "\n".join(" ".join(w["text"] for w in line) for line in lines)
    return read


def ruled_table(found, page: int, lines: list[TextLine], settings: PdfSettings,
                vocabulary: Vocabulary | None = None, index: PageIndex | None = None) -> PageTable | None:
    vocabulary = vocabulary or Vocabulary()
    index = index or PageIndex(found.page.chars, lines)
    texts = table_texts(found, index, settings)
    width = max((len(r) for r in texts), default=0)
    if len(texts) < settings.ruled_min_rows or width < settings.min_columns:
        return None

    def lines_in(top: float, bottom: float) -> tuple[int, ...]:
        return tuple(ln.index for ln in index.lines_near(top, bottom) if top <= (ln.top + ln.bottom) / 2 <= bottom)

    rows = []
    for cells, row in zip(texts, found.rows):
        cells = [_rejoin_cut_words(c, box, index, vocabulary, settings) if c and box else c or ""
                 for c, box in zip(cells, row.cells)]
        if not any(c.strip() for c in cells):
            continue  # a blank spacer row
        present = [c is not None for c in row.cells]
        spanning = width >= settings.min_columns and present[0] and not any(present[1:])
        rows.append(PageRow(cells, lines_in(row.bbox[1], row.bbox[3]), spanning))
    if len(rows) < settings.ruled_min_rows:
        return None
    rows = _nested_folded(rows)
    title = None
    if rows[0].spanning and len(rows) > 2 and not rows[1].spanning:
        # a title over the whole table (`Version History`) above its column names: its caption, not its header
        title, rows = (" ".join(rows[0].cells[0].split()), rows[0].lines), rows[1:]
    header, body = rows[0], rows[1:]
    return PageTable(page, found.bbox[1], found.bbox[3], header.cells, header.lines, body, ruled=True,
                     left=found.bbox[0], title=title)


def _rejoin_cut_words(text: str, box: tuple, index: PageIndex, vocabulary: Vocabulary,
                      settings: PdfSettings) -> str:
    """A cell's text with the words cut at a line break joined again: the cell's borders say where its text
    had to stop (as far in from the right border as it starts from the left one)."""
    parts = text.split("\n")
    if len(parts) < 2:
        return text  # one line: no break to join across
    x0, top, x1, bottom = box
    inside = [[w for w in ln.words if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and top <= (w["top"] + w["bottom"]) / 2 <= bottom]
              for ln in index.lines_near(top, bottom) if ln.bottom >= top and ln.top <= bottom]
    inside = [ws for ws in inside if ws]
    if len(inside) < 2 or len(parts) != len(inside):
        return text
    starts = [ws[0]["x0"] for ws in inside]
    if max(starts) - min(starts) > settings.align_tolerance:
        return text  # centred or right-aligned text: its lines end anywhere, no edge to reach
    right = x1 - (min(starts) - x0)

    def first_char_width(word: dict) -> float:
        chars = [c for c in index.chars_at_x0(word["x0"], 0.05)
                 if abs(c["x0"] - word["x0"]) < 0.05 and abs(c["top"] - word["top"]) < 0.5]
        return chars[0]["x1"] - chars[0]["x0"] if chars else 0.0

    out = parts[0]
    for n in range(1, len(parts)):
        cut = cut_inside_word(inside[n - 1], inside[n], right, vocabulary, first_char_width)
        out += ("" if cut else "\n") + parts[n]
    return out


def _nested_folded(rows: list[PageRow]) -> list[PageRow]:
    """A table drawn inside a cell (a register field's `Value | Name | Description` encodings) gives the outer
    table columns its header leaves blank at the end. The rows that fill only those columns and the one
    before them (their leading cells blank) are the inner table: its rows are text of the cell above them,
    one line each, not rows of the outer table."""
    header = rows[0].cells
    named = max((i + 1 for i, c in enumerate(header) if c.strip()), default=0)
    width = len(header)
    if named < 2 or named == width:
        return rows
    host = named - 1  # the last named column holds the inner table
    out: list[PageRow] = [rows[0]]
    for row in rows[1:]:
        inner = not any(c.strip() for c in row.cells[:host]) and any(c.strip() for c in row.cells[named:])
        if inner and len(out) > 1 and not out[-1].spanning:
            above = out[-1]
            text = " | ".join(" ".join(c.split()) for c in row.cells[host:] if c.strip())
            cells = above.cells[:host] + ["\n".join(t for t in (above.cells[host], text) if t)]
            out[-1] = PageRow(cells, tuple(sorted(set(above.lines) | set(row.lines))), above.spanning, above.page)
            continue
        if any(c.strip() for c in row.cells[named:]):
            return rows  # the blank-headed columns hold cells of their own: no inner table
        out.append(PageRow(row.cells[:named], row.lines, row.spanning, row.page))
    return [PageRow(rows[0].cells[:named], rows[0].lines, rows[0].spanning, rows[0].page)] + out[1:]
