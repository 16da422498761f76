"""Error codes declared as constants in source code (`static NAME = 101;`, `NAME = 101,` in an enum,
`#define NAME 101`, `NAME: 101`), each described by the doc comment right above it."""
from __future__ import annotations

import re

from ..documents import Document
from ..model import Cell, Layout, Loc, Parsed, Record
from . import LayoutRule
from ..text import collapse

CONSTANT = re.compile(
    r"^\s*(?:export\s+)?(?:(?:public|private|static|readonly|final|const|let|var|int|long)\s+)*(?:#define\s+)?"
    r"(?P<name>[A-Z][A-Z0-9_]{2,})\s*(?:=|:)?\s*(?P<code>-?\d+|0x[0-9A-Fa-f]+)\s*[;,]?\s*(?://\s*(?P<tail>.*))?$")
COMMENT_OPEN = re.compile(r"^\s*/\*\*?")
COMMENT_LINE = re.compile(r"^\s*(\*|//+|#)\s?")
DOC_TAG = re.compile(r"^@\w+")


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    found = sum(1 for line in doc.lines if CONSTANT.match(line))
    return 0.8 if found >= 3 else 0.0


def parse(doc: Document, catalog: str) -> Parsed:
    out = Parsed(doc.source, catalog, "constants")
    lines = doc.lines
    loc = lambda ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    comment: list[tuple[int, str]] = []  # the doc comment read so far, (line, text)
    in_comment = False
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        m = CONSTANT.match(line)
        if m and not in_comment:
            cells = {"code": Cell(m.group("code"), m.group("code"), loc([n])),
                     "name": Cell(m.group("name"), m.group("name"), loc([n]))}
            text = [(k, t) for k, t in comment if t and not DOC_TAG.match(t)]
            tags = [k for k, t in comment if DOC_TAG.match(t)]
            if m.group("tail"):
                text.append((n, m.group("tail")))
            if text:
                cells["description"] = Cell(collapse(" ".join(t for _, t in text)), "\n".join(t for _, t in text),
                                            loc([k for k, _ in text]))
            if tags:
                out.layout.append(Layout("doc comment tag", loc(tags)))
            out.records.append(Record(doc.source, catalog, cells, loc([n]), len(out.records)))
            comment = []
            continue
        if COMMENT_OPEN.match(line):
            in_comment, comment = True, []
            body = COMMENT_OPEN.sub("", stripped).removesuffix("*/").strip()
            comment.append((n, body))
            in_comment = "*/" not in stripped
            continue
        if in_comment:
            in_comment = "*/" not in stripped
            body = COMMENT_LINE.sub("", stripped.removesuffix("*/")).strip()
            comment.append((n, body))
            continue
        if stripped.startswith("//"):
            comment.append((n, COMMENT_LINE.sub("", stripped).strip()))
            continue
        if stripped:
            comment = []
    # Whatever no constant took (code, comments on classes and methods) is the program around the codes.
    taken = {n for r in out.records for c in r.cells.values() for n in c.loc.lines}
    taken |= {n for item in out.layout for n in item.loc.lines}
    rest = [n for n, line in enumerate(lines, 1) if line.strip() and n not in taken]
    if rest:
        out.layout.append(Layout("source code and comments", loc(rest)))
    return out


RULE = LayoutRule("constants", sniff, parse, "error-code constants in source code with doc comments")
