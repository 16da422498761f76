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

from .html_cells import CHROME, HEADINGS, tag

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

    nodes = [el for el in root.iter() if isinstance(el.tag, str) or el.tag is lxml.etree.Comment]
    if all((el.sourceline or 0) < LIBXML_MAX_LINE for el in nodes):
        return {el: _start_line(el) for el in nodes}
    tags = source_tags(text)
    lines: dict = {}
    ptr, last = 0, 1
    for el in nodes:
        name = tag(el) or COMMENT
        given = _start_line(el)
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
        k, stop = ptr, min(len(tags), ptr + window)
        while k < stop and tags[k][0] != name:
            k += 1
        if k < stop:
            lines[el] = last = tags[k][1]
            ptr = k + 1
        else:  # implied by the parser: it starts where the next tag does
            lines[el] = last = max(last, tags[ptr][1] if ptr < len(tags) else last)
    return lines


@dataclass
class Piece:
    """A run of text on one line, and the element whose text or tail it is."""

    line: int
    text: str
    el: object
    kind: str = "flow"  # flow | cell | item | caption | stray | heading | chrome | comment
    owner: object = None  # the cell, list item, table, heading or chrome element it belongs to


def walk(el, line: int, pieces: list[Piece], spans: dict, lines: dict) -> int:
    """Give every text node its line: an element starts where `lines` says; its text runs on from there.
    Returns the line the element ends on; `spans` gets the (first, last) lines of tables and lists."""
    line = start = lines.get(el) or line
    if el.text:  # an element's text, or a comment's
        _emit(el, line, el.text, pieces)
        line += el.text.count("\n")
    for child in el:
        line = walk(child, line, pieces, spans, lines)
        if child.tail:
            _emit(el, line, child.tail, pieces)
            line += child.tail.count("\n")
    if tag(el) in ("table", "dl"):
        spans[el] = (start, line)
    return line


def _emit(el, line: int, text: str, pieces: list[Piece]) -> None:
    for i, seg in enumerate(text.split("\n")):
        if seg.strip():
            pieces.append(Piece(line + i, seg, el))


def classify(piece: Piece, blocks: set) -> None:
    """What a piece of text is, by its nearest containers: a cell or list item of a data block, a heading,
    page chrome, a comment, or ordinary text."""
    el = piece.el
    if not isinstance(el.tag, str):
        piece.kind, piece.owner = "comment", el
        return
    chain = [el, *el.iterancestors()]
    for a in chain:
        if tag(a) in CHROME or (a.get("role") or "").lower() == "navigation":
            piece.kind, piece.owner = "chrome", a
            return
    cell = caption = prev = None
    for a in chain:
        t = tag(a)
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
        if tag(a) in HEADINGS:
            piece.kind, piece.owner = "heading", a
            return
