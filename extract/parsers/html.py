"""HTML tables: web pages, and Markdown pages that carry their error tables as raw HTML.

The document is parsed with lxml's HTML parser, which repairs broken markup the way browsers of its lineage
do (a stray `</tbody>` ends nothing, cells without a `<tr>` stay in the table, a `<th>` where `<thead>` was
meant becomes an empty cell). Each table is expanded into a grid (`colspan`/`rowspan` copy their cell into
every place they cover) and read through the shared `table_records`, so column typing is the same as for
every other table layout. A table is named by the nearest thing above it that names it: a full-width row
inside it, its `<caption>`, a short caption line right above it ("4XX Type Error"), else the nearest
`<h2>`-`<h6>` or Markdown `##` heading (an `<h1>` is the page's title). Tables without a code column
(request parameters, requirements) become notes.

Provenance is by line: every text node is given the line it sits on (lxml records where each element starts;
text is counted on from there), so every non-blank line ends in a record, a note, a layout item (markup,
headers, scripts, navigation) or an `unparsed_text` conflict. lxml is used directly rather than through
beautifulsoup4: bs4's lxml tree builder keeps no source lines (`Tag.sourceline` is None there; only its
`html.parser` builder records them, and that one does not repair broken tables).

Definition lists whose items carry codes (`<dt>NAME</dt><dd>12178 …</dd>`, as Microsoft's docs write them)
are read the same way, one item a row; other lists, and Markdown text around the HTML, are notes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from ..columns import header_field
from ..documents import Document
from ..model import Cell, Layout, Loc, Note, Parsed, unparsed
from . import Context, LayoutRule
from ..patterns import (FOOTNOTE_MARKER, LINKED_MARKER, MD_ESCAPE, MD_LINK, MD_STRONG_STARS, NUMBER_OR_HEX,
                        PHRASE_END_CHARS)
from ..settings import DEFAULT
from ..text import collapse
from .table import Row, table_records

TABLE_OPEN = re.compile(r"<table\b", re.I)
DL_OPEN = re.compile(r"<dl\b", re.I)
TABLE_BLOCK = re.compile(r"<table\b.*?(?:</table\s*>|\Z)", re.I | re.S)
TR_OPEN = re.compile(r"<tr\b", re.I)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th\s*>", re.I | re.S)
FIRST_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr\s*>|<tr\b)", re.I | re.S)
ANY_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)(?=</t[dh]\s*>|<t[dh]\b|</tr\s*>|\Z)", re.I | re.S)
TAG = re.compile(r"<[^>]*>")
HTML_PAGE = re.compile(r"\A\s*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html\b)", re.I)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
YAML_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A definition-list part that is a code alone (`12178`, `0x2F92`), in a term or a definition.
CODE_ONLY = NUMBER_OR_HEX
DL_CODE = re.compile(r"<d[td]\b[^>]*>\s*(?:[^<()]*\(\s*)?(?:" + NUMBER_OR_HEX.pattern + r")\s*\)?\s*</d[td]\s*>", re.I)
TERM_WITH_CODE = re.compile(r"^(?P<name>[^()]+?)\s*\(\s*(?P<code>" + NUMBER_OR_HEX.pattern + r")\s*\)$")  # NAME (12002)

CHROME = {"script", "style", "noscript", "template", "nav"}  # never content
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCKS = {"p", "div", "li", "ul", "ol", "pre", "blockquote", "dl", "dt", "dd", "table", "tr", "section",
          "h1", "h2", "h3", "h4", "h5", "h6"}
CAPTION_MAX_WORDS = DEFAULT.html.caption_max_words
CAPTION_MAX_DISTANCE = DEFAULT.html.caption_max_distance


# ------------------------------------------------------------------------------------------------- sniff

def _masked(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The text with Markdown fenced code and YAML front matter blanked (line numbers kept), and those blocks
    as (kind, first line, last line): an HTML example in a code block is not a table of the document."""
    lines = text.split("\n")
    blocks: list[tuple[str, int, int]] = []
    front = YAML_FRONT.match(text)
    if front:
        n = front.group(0).count("\n")
        blocks.append(("front matter", 1, n))
        for i in range(n):
            lines[i] = ""
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            fence = m.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(fence):
                j += 1
            end = min(j, len(lines) - 1)
            blocks.append(("code", i + 1, end + 1))
            for k in range(i, end + 1):
                lines[k] = ""
            i = end + 1
            continue
        i += 1
    return "\n".join(lines), blocks


def _is_code_header(cells: list[str]) -> bool:
    return any(header_field(collapse(TAG.sub(" ", c))) == "code" for c in cells)


def _error_rows(masked: str) -> tuple[int, int]:
    """Rows of HTML tables and of pipe tables that have a code column (a cheap look, before parsing)."""
    html_rows = 0
    for block in TABLE_BLOCK.finditer(masked):
        body = block.group(0)
        heads = HEADER_CELL.findall(body)
        if not heads:
            first = FIRST_ROW.search(body)
            heads = ANY_CELL.findall(first.group(1)) if first else []
        if _is_code_header(heads):
            html_rows += max(len(TR_OPEN.findall(body)) - 1, 1)
    pipe_rows = 0
    lines = masked.split("\n")
    for i in range(1, len(lines)):
        if PIPE_SEPARATOR.match(lines[i]) and "|" in lines[i - 1]:
            if not _is_code_header(lines[i - 1].strip().strip("|").split("|")):
                continue
            j = i + 1
            while j < len(lines) and "|" in lines[j]:
                j += 1
            pipe_rows += j - i - 1
    # Definition lists whose terms or definitions hold a code alone (`<dt>12178</dt>`) count as rows too.
    html_rows += len(DL_CODE.findall(masked))
    return html_rows, pipe_rows


def sniff(doc: Document) -> float:
    if doc.is_pdf or not (TABLE_OPEN.search(doc.text) or DL_OPEN.search(doc.text)):
        return 0.0
    masked, _ = _masked(doc.text)
    if not TABLE_OPEN.search(masked) and len(DL_CODE.findall(masked)) < 2:
        return 0.0
    if HTML_PAGE.match(masked):
        return 0.99
    # A Markdown page with raw HTML tables: ours when its HTML tables hold more error rows than its pipe
    # tables (the Markdown layout says 0.95 for any pipe table), else a weak claim.
    html_rows, pipe_rows = _error_rows(masked)
    if html_rows > pipe_rows:
        return 0.97
    return 0.5 if not pipe_rows else 0.3


# ------------------------------------------------------------------------------------------------- parse

@dataclass
class Piece:
    """A run of text on one line, and the element whose text or tail it is."""

    line: int
    text: str
    el: object
    kind: str = "flow"  # flow | cell | item | caption | stray | heading | chrome | comment
    owner: object = None  # the cell, list item, table, heading or chrome element it belongs to


@dataclass
class Context:
    doc: Document
    catalog: str
    out: Parsed
    markdown: bool  # a Markdown page with HTML in it (not a web page): Markdown inline syntax is read too
    accounted: set[int] = field(default_factory=set)
    markers: dict[str, list[str]] = field(default_factory=dict)  # footnote marker → codes whose rows carry it
    read_blocks: set = field(default_factory=set)  # the tables and lists read as data

    def loc(self, lines) -> Loc:
        return Loc(self.doc.source, self.doc.path, tuple(sorted(set(lines))))

    def layout(self, role: str, lines) -> None:
        lines = sorted(set(lines))
        if lines:
            self.out.layout.append(Layout(role, self.loc(lines)))
            self.accounted.update(lines)

    def text(self, el, markers: list[str] | None = None) -> str:
        return self.plain(_cell_text(el, [] if markers is None else markers))

    def plain(self, text: str) -> str:
        return _unmarkdown(text) if self.markdown else text


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _unmarkdown(text: str) -> str:
    return MD_ESCAPE.sub(r"\1", MD_STRONG_STARS.sub(r"\1", MD_LINK.sub(r"\1", text)))


def _walk(el, line: int, pieces: list[Piece], spans: dict) -> int:
    """Give every text node its line: an element starts where lxml says; its text runs on from there.
    Returns the line the element ends on; `spans` gets the (first, last) lines of tables and lists."""
    line = start = el.sourceline or line
    if not isinstance(el.tag, str) and el.sourceline and el.text:
        line = start = el.sourceline - el.text.count("\n")  # libxml2 gives a comment the line it ends on
    if el.text:  # an element's text, or a comment's
        _emit(el, line, el.text, pieces)
        line += el.text.count("\n")
    for child in el:
        line = _walk(child, line, pieces, spans)
        if child.tail:
            _emit(el, line, child.tail, pieces)
            line += child.tail.count("\n")
    if _tag(el) in ("table", "dl"):
        spans[el] = (start, line)
    return line


def _emit(el, line: int, text: str, pieces: list[Piece]) -> None:
    for i, seg in enumerate(text.split("\n")):
        if seg.strip():
            pieces.append(Piece(line + i, seg, el))


def _classify(piece: Piece, blocks: set) -> None:
    """What a piece of text is, by its nearest containers: a cell or list item of a data block, a heading,
    page chrome, a comment, or ordinary text."""
    el = piece.el
    if not isinstance(el.tag, str):
        piece.kind, piece.owner = "comment", el
        return
    chain = [el, *el.iterancestors()]
    for a in chain:
        if _tag(a) in CHROME or (a.get("role") or "").lower() == "navigation":
            piece.kind, piece.owner = "chrome", a
            return
    cell = caption = prev = None
    for a in chain:
        t = _tag(a)
        if t in ("td", "th") and cell is None:
            cell = a
        elif t == "caption" and caption is None:
            caption = a
        elif t == "table":
            if a in blocks:
                if cell is not None:
                    piece.kind, piece.owner = "cell", cell
                elif caption is not None:
                    piece.kind, piece.owner = "caption", a
                else:
                    piece.kind, piece.owner = "stray", a
                return
            break  # a layout table (it holds tables): its own text is ordinary text
        elif t == "dl" and a in blocks:  # in a <dt> or <dd> of the list (prev), or loose in the list itself
            piece.kind, piece.owner = ("item", prev) if prev is not None else ("stray", a)
            return
        prev = a
    for a in chain:
        if _tag(a) in HEADINGS:
            piece.kind, piece.owner = "heading", a
            return


def _is_marker(el) -> bool:
    text = el.text_content().strip()
    linked = any(_tag(a) == "a" and (a.get("href") or "").startswith("#") for a in el.iter())
    if _tag(el) == "a":
        return linked and bool(FOOTNOTE_MARKER.fullmatch(text))
    return bool(FOOTNOTE_MARKER.fullmatch(text) or (linked and LINKED_MARKER.fullmatch(text)))


def _cell_text(cell, markers: list[str]) -> str:
    """A cell's text: `<br>` and block elements break lines, footnote markers are taken out (into `markers`)."""
    parts: list[str] = []

    def visit(el) -> None:
        t = _tag(el)
        if not isinstance(el.tag, str) or t in CHROME:
            pass
        elif t == "br":
            parts.append("\n")
        elif t in ("sup", "a") and _is_marker(el):
            markers.append(el.text_content().strip())
        else:
            block = t in BLOCKS
            if block:
                parts.append("\n")
            contents(el)
            if block:
                parts.append("\n")

    def contents(el) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            visit(child)
            if child.tail:
                parts.append(child.tail)

    contents(cell)
    text = "".join(parts)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _span(cell, name: str, limit: int) -> int:
    given = cell.get(name)
    if given is None:
        return 1
    digits = re.sub(r"\D", "", given)
    n = int(digits) if digits else 1
    if name == "rowspan" and n == 0:
        return limit  # rowspan=0: to the end of the table
    return max(1, min(n, limit))


def _table_rows(table) -> tuple[list[tuple[list, bool]], list]:
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
            t = _tag(child)
            if t in ("thead", "tbody", "tfoot"):
                flush()
                visit(child, t == "thead")
            elif t == "tr":
                flush()
                rows.append(([c for c in child if _tag(c) in ("td", "th")], head))
            elif t in ("td", "th"):
                loose.append(child)
            elif t == "caption":
                captions.append(child)
        flush()

    visit(table, False)
    return rows, captions


def _grid(rows: list[list]) -> list[list[tuple[object, bool]]]:
    """Rows of cells → rows of (cell, is a spanned copy), every `colspan`/`rowspan` expanded."""
    pending: dict[int, tuple[object, int]] = {}  # column → (cell, rows still covered)
    out = []
    for cells in rows:
        row: list[tuple[object, bool]] = []
        col = 0

        def take_pending() -> None:
            nonlocal col
            while col in pending:
                cell, left = pending.pop(col)
                row.append((cell, True))
                if left > 1:
                    pending[col] = (cell, left - 1)
                col += 1

        placed: dict[int, tuple[object, int]] = {}
        for cell in cells:
            take_pending()
            cs, rs = _span(cell, "colspan", 1000), _span(cell, "rowspan", len(rows))
            for k in range(cs):
                row.append((cell, k > 0))
                if rs > 1:
                    placed[col] = (cell, rs - 1)
                col += 1
        take_pending()
        for c in sorted(k for k in pending if k > col):
            while col < c:
                row.append((None, True))
                col += 1
            take_pending()
        pending.update(placed)
        out.append(row)
    return out


def _dl_items(dl) -> list[list]:
    """A definition list's items: each the <dt> term(s) and the <dd> definition(s) that follow them."""
    items: list[list] = []
    term_open = False
    for child in dl:
        t = _tag(child)
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


def _dl_rows(ctx: Context, dl) -> tuple[list[str], list[tuple[list[str], list]]] | None:
    """A definition list read as a table, or None where it is no list of codes (a glossary, links).

    Terms that are codes give `Code | Description`; otherwise a term is a name and the code is the part of
    its definition that is a code alone (`<dt>ERROR_X</dt><dd><dl><dt>12178</dt><dt>text</dt>…`)."""
    items = _dl_items(dl)
    read = []
    for item in items:
        terms = [collapse(ctx.text(e)) for e in item if _tag(e) == "dt"]
        parts = [p for e in item if _tag(e) == "dd" for p in ctx.text(e).split("\n") if p.strip()]
        read.append((" ".join(t for t in terms if t), parts, item))
    named = [TERM_WITH_CODE.match(term) for term, _, _ in read]
    if sum(1 for m in named if m) >= 2 and sum(1 for m in named if m) * 2 > len(read):
        return ["Name", "Code", "Description"], [
            ([m["name"], m["code"], "\n".join(parts)] if m else [term, "", "\n".join(parts)], item)
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


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    import lxml.etree
    import lxml.html  # imported here: only HTML sources pay for it

    out = Parsed(doc.source, catalog, "html")
    masked, blocks = _masked(doc.text)
    ctx = Context(doc, catalog, out, markdown=not HTML_PAGE.match(masked))
    lines = doc.lines
    for kind, a, b in blocks:
        body = "\n".join(lines[a - 1:b])
        if kind == "front matter":
            body = body.strip("-\n")
        out.notes.append(Note(kind, body.strip() if kind == "code" else collapse(body), ctx.loc(range(a, b + 1))))
        ctx.accounted.update(range(a, b + 1))

    spans: dict = {}
    if masked.strip():
        # Bytes with a stated encoding: lxml refuses a str that carries an XML encoding declaration.
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False)
        try:
            root = lxml.html.document_fromstring(masked.encode("utf-8"), parser=parser)
        except (lxml.etree.ParserError, ValueError):
            root = None
        if root is not None:
            pieces: list[Piece] = []
            _walk(root, 1, pieces, spans)
            # A table that holds tables lays out a page; the innermost tables hold the data. A definition
            # list is data where its items carry codes.
            data = {t for t in root.iter("table") if next(t.iterdescendants("table"), None) is None}
            dl_rows = {}
            for dl in root.iter("dl"):
                if next((a for a in dl.iterancestors() if _tag(a) in ("dl", "table")), None) is None:
                    read = _dl_rows(ctx, dl)
                    if read is not None:
                        dl_rows[dl] = read
            data |= set(dl_rows)
            kinds: dict = {}  # an element's pieces all have its kind: classify each element once
            for p in pieces:
                if p.el not in kinds:
                    _classify(p, data)
                    kinds[p.el] = (p.kind, p.owner)
                p.kind, p.owner = kinds[p.el]
            _read(ctx, pieces, dl_rows, lines)

    # Whatever is left: lines of markup alone are layout (one item per table); text nobody took is
    # reported, never dropped.
    markup, unread = [], []
    for n, line in enumerate(lines, 1):
        if line.strip() and n not in ctx.accounted:
            (markup if _only_markup(line) else unread).append(n)
    read = [(a, b, el) for el, (a, b) in spans.items() if el in ctx.read_blocks]
    inside: dict[object, list[int]] = {}
    outside = []
    for n in markup:
        block = next((el for a, b, el in read if a <= n <= b), None)
        (inside.setdefault(block, []) if block is not None else outside).append(n)
    for block, numbers in inside.items():
        ctx.layout(f"{_tag(block)} markup", numbers)
    for run in _runs(outside):
        ctx.layout("markup", run)
    for n in unread:
        text = collapse(TAG.sub(" ", lines[n - 1]))
        out.conflicts.append(unparsed(catalog, ctx.loc([n]), text, "Text on this line went into no record or note."))
    out.notes.sort(key=lambda note: note.loc.lines[:1])
    out.layout.sort(key=lambda item: item.loc.lines[:1])
    return out


def _only_markup(line: str) -> bool:
    """A line whose text is inside tags only (`<span id="x"></span>`, `</td></tr>`, `&nbsp;`)."""
    return not unescape(TAG.sub("", line)).strip()


def _runs(numbers: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return runs


@dataclass
class Event:
    """A thing in document order: a heading, a paragraph of text, or a data block (table, list)."""

    line: int
    order: int
    kind: str  # heading | para | block
    text: str = ""
    lines: list[int] = field(default_factory=list)
    level: int = 0
    el: object = None


def _events(pieces: list[Piece], by_owner: dict, lines: list[str]) -> list[Event]:
    events: list[Event] = []
    order = 0

    def add(**kw) -> None:
        nonlocal order
        events.append(Event(order=order, **kw))
        order += 1

    blocks, headings = {}, set()
    flow_lines: dict[int, list[str]] = {}
    other_lines: set[int] = set()
    for p in pieces:
        if p.kind == "flow":
            flow_lines.setdefault(p.line, []).append(p.text)
            continue
        other_lines.add(p.line)
        if p.kind in ("caption", "stray"):
            blocks.setdefault(p.owner, p.line)
        elif p.kind in ("cell", "item"):
            block = next(a for a in p.owner.iterancestors() if _tag(a) in ("table", "dl"))
            blocks.setdefault(block, p.line)
        elif p.kind == "heading" and p.owner not in headings:
            headings.add(p.owner)
            add(line=p.line, kind="heading", text=collapse(p.owner.text_content()),
                lines=sorted({q.line for q in by_owner[p.owner]}), level=int(_tag(p.owner)[1]))
    for block, first in blocks.items():
        add(line=block.sourceline or first, kind="block", el=block)

    # Ordinary text, line by line: Markdown headings, and paragraphs of consecutive lines.
    para: list[int] = []

    def flush() -> None:
        if para:
            add(line=para[0], kind="para", text=collapse(" ".join("".join(flow_lines[n]) for n in para)),
                lines=list(para))
            para.clear()

    skip: set[int] = set()
    for n in sorted(flow_lines):
        if n in skip:
            continue
        text = "".join(flow_lines[n])
        m = MD_HEADING.match(text)
        nxt = lines[n] if n < len(lines) else ""
        if m and n not in other_lines:
            flush()
            add(line=n, kind="heading", text=collapse(m.group(2)), lines=[n], level=len(m.group(1)))
            continue
        if (not para and collapse(text) and SETEXT.match(nxt) and n + 1 in flow_lines
                and n not in other_lines and n + 1 not in other_lines):
            add(line=n, kind="heading", text=collapse(text), lines=[n, n + 1], level=1 if "=" in nxt else 2)
            skip.add(n + 1)
            continue
        if para and (n != para[-1] + 1 or n in other_lines):
            flush()
        para.append(n)
        if n in other_lines:  # a line shared with a table or heading is a paragraph of its own
            flush()
    flush()
    events.sort(key=lambda e: (e.line, e.order))
    return events


def _is_caption(event: Event, block_line: int) -> bool:
    """A one-line paragraph right above a table, short and not a sentence: "4XX Type Error"."""
    text = event.text
    return (event.kind == "para" and len(event.lines) == 1
            and 0 < block_line - event.lines[-1] <= CAPTION_MAX_DISTANCE
            and len(text.split()) <= CAPTION_MAX_WORDS and not text.endswith(PHRASE_END_CHARS)
            and not text.startswith(("|", "-", "*", "+", ">")))


def _read(ctx: Context, pieces: list[Piece], dl_rows: dict, lines: list[str]) -> None:
    out = ctx.out
    by_owner: dict[object, list[Piece]] = {}
    for p in pieces:
        by_owner.setdefault(p.owner, []).append(p)
        if p.kind == "chrome":
            ctx.layout(f"ignored <{_tag(p.owner)}>", [p.line])
        elif p.kind == "comment":
            ctx.layout("html comment", [p.line])

    heading: Cell | None = None
    last: Event | None = None
    paragraph_notes: dict[int, Note] = {}
    for ev in _events(pieces, by_owner, lines):
        if ev.kind == "heading":
            ctx.layout(f"heading h{ev.level}", ev.lines)
            heading = None if ev.level == 1 else Cell(ctx.plain(ev.text), lines[ev.lines[0] - 1], ctx.loc(ev.lines))
        elif ev.kind == "para":
            note = Note("text", ev.text, ctx.loc(ev.lines))
            out.notes.append(note)
            paragraph_notes[ev.order] = note
            ctx.accounted.update(ev.lines)
        elif ev.kind == "block":
            caption = None
            if last is not None and _is_caption(last, ev.line):
                out.notes.remove(paragraph_notes.pop(last.order))
                caption = Cell(ctx.plain(last.text), lines[last.lines[0] - 1], ctx.loc(last.lines))
                ctx.layout("table caption", last.lines)
            ctx.read_blocks.add(ev.el)
            if _tag(ev.el) == "dl":
                _read_dl(ctx, ev.el, dl_rows[ev.el], by_owner, caption or heading)
            else:
                _read_table(ctx, ev.el, by_owner, caption or heading)
        last = ev

    # Footnotes: a paragraph that starts with a marker some cell carried explains that cell.
    for i, note in enumerate(out.notes):
        if note.kind != "text":
            continue
        for marker, codes in ctx.markers.items():
            bare = re.escape(marker.strip("[]()"))
            m = re.match(r"^[\[(]?" + bare + r"[\])]?[.:)]?\s+(\S.*)$", note.text)
            if m:
                out.notes[i] = Note("footnote", m.group(1), note.loc, marker=marker, refs=sorted(set(codes)))
                break


def _emit_records(ctx: Context, header: list[str], header_lines: list[int], body: list[Row],
                  sections: dict[int, Cell], category: Cell | None, row_markers: dict, anchor: int) -> bool:
    """Rows → records through the shared table reader; a full-width section row names the rows under it.
    Returns False (and writes nothing) where the table has no code column."""
    out, doc = ctx.out, ctx.doc
    starts = sorted(sections)
    chunks = [(0, starts[0] if starts else len(body), category)]
    chunks += [(s, starts[k + 1] if k + 1 < len(starts) else len(body), sections[s]) for k, s in enumerate(starts)]
    records_all, conflicts_all = [], []
    for a, b, cat in chunks:
        if a == b:
            continue
        records, conflicts = table_records(
            header, body[a:b], source=doc.source, catalog=ctx.catalog, header_loc=ctx.loc(header_lines or [anchor]),
            category=cat, order_start=len(out.records) + len(records_all),
        )
        records_all += records
        conflicts_all += conflicts
    if not records_all:
        return False
    out.records += records_all
    out.conflicts += conflicts_all
    for rec in records_all:
        for m in row_markers.get(rec.loc, []):
            ctx.markers.setdefault(m, []).append(rec.code)
    return True


def _as_note(ctx: Context, header: list[str], body: list[Row], lines: list[int]) -> None:
    """A table of something else (request fields, parameters, requirements): its text is a note."""
    text = "\n".join([" | ".join(header)] + [" | ".join(collapse(v) for v in r.cells) for r in body])
    ctx.out.notes.append(Note("table", text, ctx.loc(lines)))
    ctx.accounted.update(lines)


def _read_table(ctx: Context, table, by_owner: dict, category: Cell | None) -> None:
    rows, captions = _table_rows(table)
    lines_of = lambda el: sorted({p.line for p in by_owner.get(el, [])})  # noqa: E731

    own = by_owner.get(table, [])
    caption_lines = sorted({p.line for p in own if p.kind == "caption"})
    if captions and caption_lines:
        text = collapse(" ".join(c.text_content() for c in captions))
        category = Cell(text, text, ctx.loc(caption_lines))
        ctx.layout("table caption", caption_lines)
    for p in own:  # text the parser left in the table but in no cell
        if p.kind == "stray":
            ctx.out.conflicts.append(unparsed(ctx.catalog, ctx.loc([p.line]), p.text,
                                              "Text inside a table but outside its cells went into no record."))
            ctx.accounted.add(p.line)

    grid = _grid([cells for cells, _ in rows])
    width = max((len(r) for r in grid), default=0)
    markers: dict[object, list[str]] = {}
    texts: dict[object, str] = {}
    for r in grid:
        for cell, _ in r:
            if cell is not None and cell not in texts:
                markers[cell] = []
                texts[cell] = ctx.text(cell, markers[cell])

    def row_texts(r) -> list[str]:
        vals = [texts.get(cell, "") if cell is not None else "" for cell, _ in r]
        return vals + [""] * (width - len(vals))

    def row_lines(r) -> list[int]:
        return sorted({n for cell, copy in r if cell is not None and not copy for n in lines_of(cell)})

    filled = [i for i, r in enumerate(grid) if any(collapse(t) for t in row_texts(r))]
    for i in sorted(set(range(len(grid))) - set(filled)):
        ctx.layout("blank table row", row_lines(grid[i]))
    if not filled:
        return
    # Header: the rows in <thead>, else the leading rows of <th> cells only, else the first row.
    head = [i for i in filled if rows[i][1]]
    if not head:
        for i in filled:
            if not (rows[i][0] and all(_tag(c) == "th" for c in rows[i][0])):
                break
            head.append(i)
    head = head or [filled[0]]
    header = [""] * width
    for i in head:  # the lowest header row names a column; rows above it name groups of columns
        for k, t in enumerate(row_texts(grid[i])):
            if collapse(t):
                header[k] = collapse(t)
    header_lines = sorted({n for i in head for n in row_lines(grid[i])})

    body: list[Row] = []
    sections: dict[int, Cell] = {}
    row_markers: dict[Loc, list[str]] = {}
    head_set = set(head)
    for i in filled:
        if i in head_set:
            continue
        r, vals, here = grid[i], row_texts(grid[i]), row_lines(grid[i])
        if [collapse(v).casefold() for v in vals] == [h.casefold() for h in header]:
            ctx.layout("repeated table header", here)
            continue
        if width > 1 and len(r) == width and all(cell is r[0][0] for cell, _ in r):
            sections[len(body)] = Cell(collapse(vals[0]), vals[0], ctx.loc(here))  # a full-width row: a section
            ctx.layout("table section row", here)
            continue
        loc = ctx.loc(here or [table.sourceline or 0])
        found = [m for cell, copy in r if cell is not None and not copy for m in markers.get(cell, [])]
        if found:
            row_markers[loc] = found
        body.append(Row(vals, loc))

    anchor = table.sourceline or 0
    table_lines = sorted({n for r in body for n in r.loc.lines} | set(header_lines))
    if _emit_records(ctx, header, header_lines, body, sections, category, row_markers, anchor):
        ctx.layout("table header", header_lines)
        ctx.accounted.update(table_lines)
    else:
        _as_note(ctx, header, body, table_lines or [anchor])


def _read_dl(ctx: Context, dl, read: tuple, by_owner: dict, category: Cell | None) -> None:
    header, rows = read
    body = []
    for cells, item in rows:
        here = sorted({p.line for e in item for p in by_owner.get(e, [])})
        body.append(Row(cells, ctx.loc(here or [dl.sourceline or 0])))
    anchor = dl.sourceline or 0
    lines = sorted({n for r in body for n in r.loc.lines})
    if _emit_records(ctx, header, [], body, {}, category, {}, anchor):
        ctx.accounted.update(lines)
    else:
        _as_note(ctx, header, body, lines or [anchor])


RULE = LayoutRule("html", sniff, parse, "HTML tables and definition lists (web pages, raw HTML in Markdown)")
