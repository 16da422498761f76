"""Where every piece of an HTML document's text sits: its source line, and the element it belongs to.

lxml records the line each element starts on, but libxml2 keeps that number in 16 bits: from line 65,535 on
every element says 65,535. Past it the lines are counted here from the source itself: the start tags and
comments of the (masked) text are listed with their lines, in order, and matched one by one to the elements
of the tree in document order (an element the parser implied, such as `<tbody>`, has no tag of its own and
takes the line of the tag after it; a tag the parser dropped is passed over). Below the limit lxml's numbers
are exact and used as they are.

Text nodes have no line of their own: an element's text runs on from the line it starts on, counted by its
newlines (`walk`), so every non-blank line of the document can be accounted for."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .html_cells import CHROME, HEADINGS

LIBXML_MAX_LINE = 65535  # libxml2 stores an element's line in an unsigned short and stops counting there
SOURCE_TAG = re.compile(r"<(!--|[A-Za-z][A-Za-z0-9:-]*)")
# elements whose content the parser reads as text, not markup: a `<div>` in a script is no element
RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
RAW_TEXT_END = {name: re.compile(r"</" + name + r"\b", re.I) for name in RAW_TEXT}
COMMENT = "!--"


def source_tags(text: str) -> list[tuple[str, int]]:
    """(tag name in lower case, or "!--" for a comment; line of its `<`) for every start tag and comment of
    the text, in order. Raw text (scripts, styles) and comments are skipped as the parser skips them."""
    found: list[tuple[str, int]] = []
    pos, line, counted = 0, 1, 0
    while True:
        m = SOURCE_TAG.search(text, pos)
        if m is None:
            return found
        line += text.count("\n", counted, m.start())
        counted = m.start()
        name = m.group(1).lower()
        found.append((name, line))
        if name == COMMENT:
            end = text.find("-->", m.end())
            pos = len(text) if end < 0 else end + 3
        elif name == "plaintext":
            return found
        elif name in RAW_TEXT_END:
            end = RAW_TEXT_END[name].search(text, m.end())
            pos = len(text) if end is None else end.start()
        else:
            pos = m.end()


def _start_line(el) -> int | None:
    """The line lxml gives, as the line the element starts on: libxml2 gives a comment the line it ends on."""
    line = el.sourceline
    if line and not isinstance(el.tag, str) and el.text:
        line -= el.text.count("\n")
    return line


def element_lines(root, text: str, window: int) -> dict:
    """The start line of every element and comment of the tree. lxml's lines where they are below libxml2's
    limit; past it, the line of the source tag matched to the element (looked for among the next `window`
    tags, so a tag the parser dropped cannot pull the rest of the document out of step)."""
    import lxml.etree

    nodes = list(root.iter(lxml.etree.Element, lxml.etree.Comment))
    if all((el.sourceline or 0) < LIBXML_MAX_LINE for el in nodes):
        return {el: _start_line(el) for el in nodes}
    tags = source_tags(text)
    lines: dict = {}
    ptr, last = 0, 1
    for el in nodes:
        if isinstance(el.tag, str):
            name, given = el.tag.lower(), el.sourceline
        else:
            name, given = COMMENT, _start_line(el)
        if given and el.sourceline < LIBXML_MAX_LINE:
            # exact: keep step with the source by consuming this element's own tag, if it has one
            j = ptr
            while j < len(tags) and tags[j][1] < given:
                j += 1
            k = j
            while k < len(tags) and tags[k][1] == given and tags[k][0] != name:
                k += 1
            ptr = k + 1 if k < len(tags) and tags[k] == (name, given) else j
            lines[el] = last = given
            continue
        if window > 0 and ptr < len(tags) and tags[ptr][0] == name:  # the next tag is its own: the usual case
            lines[el] = last = tags[ptr][1]
            ptr += 1
            continue
        k, stop = ptr, min(len(tags), ptr + window)
        while k < stop and tags[k][0] != name:
            k += 1
        if k < stop:
            lines[el] = last = tags[k][1]
            ptr = k + 1
        else:  # implied by the parser: it starts where the next tag does
            lines[el] = last = max(last, tags[ptr][1] if ptr < len(tags) else last)
    return lines


@dataclass(slots=True)
class Piece:
    """A run of text on one line, and the element whose text or tail it is."""

    line: int
    text: str
    el: object
    kind: str = "flow"  # flow | cell | item | caption | stray | heading | chrome | comment
    owner: object = None  # the cell, list item, table, heading or chrome element it belongs to
    block: object = None  # the table or list a cell, item, caption or stray text is read in


def walk(root, lines: dict, blocks: set) -> tuple[list[Piece], dict]:
    """Every text node as pieces, one per non-blank line, each with its line and its kind (`blocks`: the data
    tables and lists). An element starts where `lines` says; its text runs on from there. Also returns the
    (first, last) lines of every table and list.

    What a piece is, is decided by its nearest containers, carried down the tree as it is walked (one look at
    each element, never a climb up its ancestors): page chrome (`<script>`, `<nav>`, `role=navigation`); else
    in a data table its nearest cell (or caption; else text astray in the table), in a data list the item
    (the list's child) it is in; else a heading; else ordinary text. A layout table (not a data block) hides
    the containers above it: its own text is ordinary text."""
    pieces: list[Piece] = []
    spans: dict = {}
    # Above an element: chrome, heading, the nearest table or data list (`box`) and whether it is data, the
    # innermost cell and caption below the box, the cell's nearest table or list, the box's child on the path,
    # and the nearest table or list of any kind.
    top = (None, None, None, False, None, None, None, None, None)

    def emit(text: str, line: int, el, kind) -> None:
        if "\n" not in text:  # (a text that is not blank, on one line: one piece)
            pieces.append(Piece(line, text, el, *kind))
            return
        for i, seg in enumerate(text.split("\n")):
            if seg.strip():
                pieces.append(Piece(line + i, seg, el, *kind))

    def visit(el, line: int, above: tuple) -> int:
        line = start = lines.get(el) or line
        text = el.text
        if not isinstance(el.tag, str):  # a comment (or a processing instruction): its own kind
            if text:
                emit(text, line, el, ("comment", el, None))
                line += text.count("\n")
            return line
        t = el.tag.lower()
        chrome, heading, box, data, cell, cell_box, caption, child, near = above
        if t in CHROME or (el.get("role") or "").lower() == "navigation":
            chrome = el
        if t in HEADINGS:
            heading = el
        if t == "table" or (t == "dl" and el in blocks):
            box, data, cell, cell_box, caption, child = el, el in blocks, None, None, None, None
        else:
            if box is not None and child is None:
                child = el
            if t in ("td", "th"):
                cell, cell_box = el, near
            elif t == "caption":
                caption = el
        if chrome is not None:
            kind = ("chrome", chrome, None)
        elif data:
            if box.tag.lower() == "dl":  # in a <dt> or <dd> of the list (its child), or loose in the list itself
                kind = ("stray", box, box) if child is None else ("item", child, box)
            elif cell is not None:
                kind = ("cell", cell, cell_box)
            else:
                kind = ("caption", box, box) if caption is not None else ("stray", box, box)
        elif heading is not None:
            kind = ("heading", heading, None)
        else:
            kind = ("flow", None, None)
        if text:  # (text between tags is mostly blank: no pieces, only its line breaks)
            if not text.isspace():
                emit(text, line, el, kind)
            line += text.count("\n")
        below = (chrome, heading, box, data, cell, cell_box, caption, child,
                 el if t in ("table", "dl") else near)
        for c in el:
            line = visit(c, line, below)
            tail = c.tail
            if tail:
                if not tail.isspace():
                    emit(tail, line, el, kind)
                line += tail.count("\n")
        if t in ("table", "dl"):
            spans[el] = (start, line)
        return line

    visit(root, 1, top)
    return pieces, spans
