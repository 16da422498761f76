"""HTML cell text and table geometry: what a cell says (`<br>` and blocks break lines, footnote markers taken
out), and a table's rows expanded into a grid (`colspan`/`rowspan` copied into every place they cover).

Nothing here decides what a cell means; `html_tables` reads the grid and the shared typing stage types it."""
from __future__ import annotations

import re

from ..settings import DEFAULT
from ..patterns import FOOTNOTE_MARKER, LINKED_MARKER, MD_ESCAPE, MD_LINK, MD_STRONG_STARS

CHROME = {"script", "style", "noscript", "template", "nav"}  # never content
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "div", "li", "ul", "ol", "pre", "blockquote", "dl", "dt", "dd", "table", "tr", "section",
          "h1", "h2", "h3", "h4", "h5", "h6"}
NON_DIGITS = re.compile(r"\D")
SPAN_LIMIT = DEFAULT.detection.max_colspan


def tag(el) -> str:
    """An element's tag in lower case; "" for a comment or a processing instruction."""
    return el.tag.lower() if isinstance(el.tag, str) else ""


def unmarkdown(text: str) -> str:
    """Markdown inline markup taken out (links keep their text), for HTML written inside a Markdown page."""
    return MD_ESCAPE.sub(r"\1", MD_STRONG_STARS.sub(r"\1", MD_LINK.sub(r"\1", text)))


def is_marker(el) -> bool:
    """A `<sup>` or `<a>` that is a footnote marker (`*`, `†`, `[1]`, a linked `1`)."""
    text = el.text_content().strip()
    linked = any(tag(a) == "a" and (a.get("href") or "").startswith("#") for a in el.iter())
    if tag(el) == "a":
        return linked and bool(FOOTNOTE_MARKER.fullmatch(text))
    return bool(FOOTNOTE_MARKER.fullmatch(text) or (linked and LINKED_MARKER.fullmatch(text)))


def cell_text(cell, markers: list[str]) -> str:
    """A cell's text: `<br>` and block elements break lines, footnote markers are taken out (into `markers`)."""
    if len(cell):
        parts: list[str] = []
        _contents(cell, parts, markers)
        text = "".join(parts)
    else:  # most cells hold text alone
        text = cell.text or ""
    if "\n" not in text:
        return text.strip()
    return "\n".join(s for s in (line.strip() for line in text.split("\n")) if s)


def _contents(el, parts: list[str], markers: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        _visit(child, parts, markers)
        if child.tail:
            parts.append(child.tail)


def _visit(el, parts: list[str], markers: list[str]) -> None:
    if not isinstance(el.tag, str):
        return
    t = el.tag.lower()
    if t in CHROME:
        pass
    elif t == "br":
        parts.append("\n")
    elif t in ("sup", "a") and is_marker(el):
        markers.append(el.text_content().strip())
    else:
        block = t in BLOCKS
        if block:
            parts.append("\n")
        _contents(el, parts, markers)
        if block:
            parts.append("\n")


def span(cell, name: str, limit: int) -> int:
    """A cell's `colspan` or `rowspan`, read as browsers do (`3px` is 3, `0` rows reach the table's end)."""
    given = cell.get(name)
    if given is None:
        return 1
    digits = NON_DIGITS.sub("", given)
    n = int(digits) if digits else 1
    if name == "rowspan" and n == 0:
        return limit
    return max(1, min(n, limit))


def table_rows(table) -> tuple[list[tuple[list, bool]], list]:
    """The table's rows in order as (cells, in <thead>), cells outside any row joined into implied rows,
    and its <caption> elements."""
    rows: list[tuple[list, bool]] = []
    captions = []
    loose: list = []

    def flush() -> None:
        if loose:
            rows.append((list(loose), False))
            loose.clear()

    def visit(parent, head: bool) -> None:
        for child in parent:
            t = tag(child)
            if t in ("thead", "tbody", "tfoot"):
                flush()
                visit(child, t == "thead")
            elif t == "tr":
                flush()
                rows.append(([c for c in child if tag(c) in ("td", "th")], head))
            elif t in ("td", "th"):
                loose.append(child)
            elif t == "caption":
                captions.append(child)
        flush()

    visit(table, False)
    return rows, captions


def grid(rows: list[list]) -> list[list[tuple[object, bool]]]:
    """Rows of cells → rows of (cell, is a spanned copy), every `colspan`/`rowspan` expanded; a place no cell
    covers (left of a cell pushed right by a rowspan from above) is (None, True)."""
    pending: dict[int, tuple[object, int]] = {}  # column → (cell, rows still covered)
    out = []
    for cells in rows:
        row: list[tuple[object, bool]] = []
        col = 0
        placed: dict[int, tuple[object, int]] = {}
        for cell in cells:
            while col in pending:  # places a rowspan from above covers
                above, left = pending.pop(col)
                row.append((above, True))
                if left > 1:
                    pending[col] = (above, left - 1)
                col += 1
            cs, rs = span(cell, "colspan", SPAN_LIMIT), span(cell, "rowspan", len(rows))
            for k in range(cs):
                row.append((cell, k > 0))
                if rs > 1:
                    placed[col] = (cell, rs - 1)
                col += 1
        if pending:  # (a table with no rowspan has none: most tables)
            col = _take_pending(pending, row, col)
            for c in sorted(k for k in pending if k > col):
                while col < c:
                    row.append((None, True))
                    col += 1
                col = _take_pending(pending, row, col)
        pending.update(placed)
        out.append(row)
    return out


def _take_pending(pending: dict, row: list, col: int) -> int:
    while col in pending:
        cell, left = pending.pop(col)
        row.append((cell, True))
        if left > 1:
            pending[col] = (cell, left - 1)
        col += 1
    return col


def dl_items(dl) -> list[list]:
    """A definition list's items: each the <dt> term(s) and the <dd> definition(s) that follow them."""
    items: list[list] = []
    term_open = False
    for child in dl:
        t = tag(child)
        if t == "dt":
            if not term_open:
                items.append([])
            items[-1].append(child)
            term_open = True
        elif t == "dd":
            if not items:
                items.append([])
            items[-1].append(child)
            term_open = False
    return items
