"""HTML tables: web pages, and Markdown pages that carry their error tables as raw HTML.

The document is parsed with lxml's HTML parser, which repairs broken markup the way browsers of its lineage
do (a stray `</tbody>` ends nothing, cells without a `<tr>` stay in the table, a `<th>` where `<thead>` was
meant becomes an empty cell). lxml is used directly rather than through beautifulsoup4: bs4's lxml tree
builder keeps no source lines, and its `html.parser` builder does not repair broken tables.

The layout is split along its seams:
- `html_detect`: is the document ours (fenced code and front matter masked first);
- `html_lines`: the line of every piece of text (lxml's lines, counted on past libxml2's 65,535), and what
  it is (a cell, a list item, a heading, chrome), told in one walk down the tree;
- `html_cells`: cell text, and tables expanded into grids (`colspan`/`rowspan`);
- `html_blocks`: tables and definition lists read into headers and rows, typed by the shared `table_records`;
- here: the assembly — the page read in order, each table named by the nearest thing above it that names
  it (a title or group row inside it, its `<caption>`, a short caption line right above it, else the nearest
  `<h2>`-`<h6>` or Markdown `##` heading; an `<h1>` is the page's title), footnotes linked to the rows whose
  cells carry their marker, and every non-blank line accounted for: a record, a note, a layout item (markup,
  headers, scripts, navigation) or an `unparsed_text` conflict.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from ..documents import Document
from ..model import Cell, Note, Parsed, unparsed
from ..patterns import ATX_HEADING, PHRASE_END_CHARS
from ..settings import HtmlSettings
from ..text import collapse
from . import Context, LayoutRule
from .html_blocks import Reading, dl_rows, read_dl, read_table
from .html_cells import tag
from .html_detect import is_page, masked, sniff, without_tags
from .html_lines import Piece, element_lines, walk

MD_HEADING = ATX_HEADING
SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")

__all__ = ["RULE", "parse", "sniff"]


def parse(doc: Document, ctx: Context) -> Parsed:
    import lxml.etree
    import lxml.html  # imported here: only HTML sources pay for it

    catalog = ctx.catalog
    out = Parsed(doc.source, catalog, "html")
    text, blocks = masked(doc.text)
    st = Reading(doc, catalog, out, markdown=not is_page(text), settings=ctx.settings)
    lines = doc.lines
    for kind, a, b in blocks:
        body = "\n".join(lines[a - 1:b])
        if kind == "front matter":
            body = body.strip("-\n")
        out.notes.append(Note(kind, body.strip() if kind == "code" else collapse(body), st.loc(range(a, b + 1))))
        st.accounted.update(range(a, b + 1))

    spans: dict = {}
    if text.strip():
        # Bytes with a stated encoding: lxml refuses a str that carries an XML encoding declaration.
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False)
        try:
            root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
        except (lxml.etree.ParserError, ValueError):
            root = None
        if root is not None:
            st.lines = element_lines(root, text, ctx.settings.html.line_match_window)
            # A table that holds tables lays out a page; the innermost tables hold the data. A definition
            # list is data where its items carry codes.
            data = {t for t in root.iter("table") if next(t.iterdescendants("table"), None) is None}
            dl_read = {}
            for dl in root.iter("dl"):
                if next((a for a in dl.iterancestors() if tag(a) in ("dl", "table")), None) is None:
                    read = dl_rows(st, dl)
                    if read is not None:
                        dl_read[dl] = read
            data |= set(dl_read)
            pieces, spans = walk(root, st.lines, data)
            _read(st, pieces, dl_read, lines)

    # Whatever is left: lines of markup alone are layout (one item per table); text nobody took is
    # reported, never dropped.
    markup, unread = [], []
    for n, line in enumerate(lines, 1):
        if line.strip() and n not in st.accounted:
            (markup if _only_markup(line) else unread).append(n)
    # the block each markup line is inside (the first in walk order where blocks share a line): one pass over
    # the blocks' lines, never every block for every line
    markup_set, block_of = set(markup), {}
    for el in reversed([el for el in spans if el in st.read_blocks]):
        a, b = spans[el]
        block_of.update((n, el) for n in range(a, b + 1) if n in markup_set)
    inside: dict[object, list[int]] = {}
    outside = []
    for n in markup:
        block = block_of.get(n)
        (inside.setdefault(block, []) if block is not None else outside).append(n)
    for block, numbers in inside.items():
        st.layout(f"{tag(block)} markup", numbers)
    for run in _runs(outside):
        st.layout("markup", run)
    for n in unread:
        line_text = collapse(without_tags(lines[n - 1]))
        out.conflicts.append(unparsed(catalog, st.loc([n]), line_text, "Text on this line went into no record or note."))
    out.notes.sort(key=lambda note: note.loc.lines[:1])
    out.layout.sort(key=lambda item: item.loc.lines[:1])
    return out


def _only_markup(line: str) -> bool:
    """A line whose text is inside tags only (`<span id="x"></span>`, `</td></tr>`, `&nbsp;`)."""
    bare = line.strip()
    if bare[:1] == "<" and bare[-1:] == ">" and bare.count("<") == 1 and bare.count(">") == 1:
        return True  # one tag alone (`<tr>`, `</table>`): the most common line of markup, no search needed
    return not unescape(without_tags(line, "")).strip()


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


def _events(st: Reading, pieces: list[Piece], by_owner: dict, lines: list[str]) -> list[Event]:
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
        if p.block is not None:  # a cell, item, caption or stray text of a table or list
            blocks.setdefault(p.block, p.line)
        elif p.kind == "heading" and p.owner not in headings:
            headings.add(p.owner)
            add(line=p.line, kind="heading", text=collapse(p.owner.text_content()),
                lines=sorted({q.line for q in by_owner[p.owner]}), level=int(tag(p.owner)[1]))
    for block, first in blocks.items():
        add(line=st.line_of(block) or first, kind="block", el=block)

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


def _is_caption(event: Event, block_line: int, hs: HtmlSettings) -> bool:
    """A one-line paragraph right above a table, short and not a sentence: "4XX Type Error"."""
    text = event.text
    return (event.kind == "para" and len(event.lines) == 1
            and 0 < block_line - event.lines[-1] <= hs.caption_max_distance
            and len(text.split()) <= hs.caption_max_words and not text.endswith(PHRASE_END_CHARS)
            and not text.startswith(("|", "-", "*", "+", ">")))


def _read(st: Reading, pieces: list[Piece], dl_read: dict, lines: list[str]) -> None:
    out = st.out
    by_owner: dict[object, list[Piece]] = {}
    for p in pieces:
        by_owner.setdefault(p.owner, []).append(p)
        if p.kind == "chrome":
            st.layout(f"ignored <{tag(p.owner)}>", [p.line])
        elif p.kind == "comment":
            st.layout("html comment", [p.line])

    heading: Cell | None = None
    last: Event | None = None
    paragraph_notes: dict[int, Note] = {}
    for ev in _events(st, pieces, by_owner, lines):
        if ev.kind == "heading":
            st.layout(f"heading h{ev.level}", ev.lines)
            heading = None if ev.level == 1 else Cell(st.plain(ev.text), lines[ev.lines[0] - 1], st.loc(ev.lines))
        elif ev.kind == "para":
            note = Note("text", ev.text, st.loc(ev.lines))
            out.notes.append(note)
            paragraph_notes[ev.order] = note
            st.accounted.update(ev.lines)
        elif ev.kind == "block":
            caption = None
            if last is not None and _is_caption(last, ev.line, st.settings.html):
                out.notes.remove(paragraph_notes.pop(last.order))
                caption = Cell(st.plain(last.text), lines[last.lines[0] - 1], st.loc(last.lines))
                st.layout("table caption", last.lines)
            st.read_blocks.add(ev.el)
            if tag(ev.el) == "dl":
                read_dl(st, ev.el, dl_read[ev.el], by_owner, caption or heading)
            else:
                read_table(st, ev.el, by_owner, caption or heading)
        last = ev
    if st.tables is not None:  # tables of references, over all the page's tables at once (settling is monotone)
        st.tables.settle()

    # Footnotes: a paragraph that starts with a marker some cell carried explains that cell.
    for i, note in enumerate(out.notes):
        if note.kind != "text":
            continue
        for marker, codes in st.markers.items():
            m = _footnote_body(note.text, marker)
            if m is not None:
                out.notes[i] = Note("footnote", m, note.loc, marker=marker, refs=sorted(set(codes)))
                break


def _footnote_body(text: str, marker: str) -> str | None:
    """The text of a footnote that starts with `marker` (`*`, `[1]`, `(2)`, `1.`), else None."""
    bare = marker.strip("[]()")
    rest = text
    if rest[:1] in "[(":
        rest = rest[1:]
    if not rest.startswith(bare):
        return None
    rest = rest[len(bare):]
    if rest[:1] in "])":
        rest = rest[1:]
    if rest[:1] in ".:)":
        rest = rest[1:]
    if not rest[:1].isspace():
        return None
    body = rest.strip()
    return body or None


RULE = LayoutRule("html", sniff, parse, "HTML tables and definition lists (web pages, raw HTML in Markdown)")
