"""Ruled PDF tables: cell borders drawn, so pdfplumber's `lines` strategy knows every cell for sure.

A row of which pdfplumber finds only the first cell (the others merged into it: a cell over the whole
width) is a group row."""
from __future__ import annotations

from ..settings import PdfSettings
from .pdf_geometry import PageRow, PageTable, TextLine


def ruled_table(found, page: int, lines: list[TextLine], settings: PdfSettings) -> PageTable | None:
    texts = found.extract(x_tolerance=settings.word_x_tolerance, y_tolerance=settings.line_y_tolerance)
    width = max((len(r) for r in texts), default=0)
    if len(texts) < settings.min_rows or width < settings.min_columns:
        return None

    def lines_in(top: float, bottom: float) -> tuple[int, ...]:
        return tuple(ln.index for ln in lines if top <= (ln.top + ln.bottom) / 2 <= bottom)

    rows = []
    for cells, row in zip(texts, found.rows):
        cells = [c or "" for c in cells]
        if not any(c.strip() for c in cells):
            continue  # a blank spacer row
        present = [c is not None for c in row.cells]
        spanning = width >= settings.min_columns and present[0] and not any(present[1:])
        rows.append(PageRow(cells, lines_in(row.bbox[1], row.bbox[3]), spanning))
    if len(rows) < settings.min_rows:
        return None
    header, body = rows[0], rows[1:]
    return PageTable(page, found.bbox[1], found.bbox[3], header.cells, header.lines, body, ruled=True,
                     left=found.bbox[0])
