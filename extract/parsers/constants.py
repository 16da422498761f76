"""Error codes declared as constants in source code (`static NAME = 101;`, `NAME = 101,` in an enum,
`#define NAME 101`, `NAME: 101`), each described by the doc comment right above it."""
from __future__ import annotations

import re

from ..documents import Document
from ..model import Cell, Layout, Loc, Parsed, Record
from . import Context, LayoutRule
from ..patterns import CAPS_SYMBOL_SRC, DECLARED_NAME_SRC, INLINE_TAG, SETTING_NAME, SOURCE_CODE_SRC, STATUS_SRC
from ..text import collapse

MODIFIERS = (r"^\s*(?:export\s+)?(?:(?:pub|public|private|protected|internal|static|readonly|final|const|val|let|var"
             r"|int|long)\s+)*")
NAME = "(?P<name>" + DECLARED_NAME_SRC + ")"
CODE = "(?P<code>" + SOURCE_CODE_SRC + ")[uUlL]*"  # C's 2L, 0x80004005UL
TAIL = r"\s*(?:(?://|#)\s*(?P<tail>.*))?$"  # a trailing comment describes the constant too
# `static NAME = 101;`, `NAME = 101,` in an enum, `Name: 101`, `#define NAME 101`
# the name may carry a type: `X: u32 = 1`, `ErrNotFound Code = 404001`
TYPED = r"(?:\s*:\s*[\w<>\[\]]+\s*=|\s+[A-Z]\w*\s*=|\s*[=:])"
CONSTANT = re.compile(MODIFIERS + r"(?:#define\s+" + NAME + r"\s+|" + NAME.replace("name", "name2") + TYPED + r"\s*)"
                      + CODE + r"\s*[;,]?" + TAIL)
# a Java-style enum constant with arguments: `NOT_FOUND(4040, 404, "The invoice was not found."),`
ENUM_CALL = re.compile(r"^\s*(?P<name>" + CAPS_SYMBOL_SRC + r")\s*\(\s*" + CODE +
                       r"\s*(?:,\s*(?P<status>" + STATUS_SRC + r")\b)?(?:[^\"]*\"(?P<message>[^\"]*)\")?[^)]*\)\s*[,;]?" + TAIL)
COMMENT_OPEN = re.compile(r"^\s*/\*\*?")
COMMENT_LINE = re.compile(r"^\s*(\*|//+|#)\s?")
DOC_TAG = re.compile(r"^@\w+")
SOURCE_DIRECTIVE = re.compile(r"^#\s*(define|include|if|ifdef|ifndef|endif|else|pragma|undef|!)")


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    found = sum(1 for line in doc.lines if CONSTANT.match(line) or ENUM_CALL.match(line))
    return 0.88 if found >= 2 else 0.0  # above prose, which would read `NAME: 1001,` as a code and its text


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    out = Parsed(doc.source, catalog, "constants")
    lines = doc.lines
    loc = lambda ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    comment: list[tuple[int, str]] = []  # the doc comment read so far, (line, text)
    in_comment = False
    for n, line in enumerate(lines, 1):
        stripped = line.strip()
        m = CONSTANT.match(line) or ENUM_CALL.match(line)
        if m and SETTING_NAME.match(m.groupdict().get("name") or m.groupdict().get("name2") or ""):
            out.layout.append(Layout("setting, not an error code", loc([n])))  # MAX_RETRIES = 3
            comment = []
            continue
        if m and not in_comment:
            found = m.groupdict()
            name = found.get("name") or found.get("name2")
            cells = {"code": Cell(m.group("code"), m.group("code"), loc([n])), "name": Cell(name, name, loc([n]))}
            if found.get("status"):
                cells["http_status"] = Cell(int(found["status"]), found["status"], loc([n]))
            if found.get("message"):
                cells["message"] = Cell(collapse(found["message"]), found["message"], loc([n]))
            text = [(k, INLINE_TAG.sub("", t).strip()) for k, t in comment if t and not DOC_TAG.match(t)]
            text = [(k, t) for k, t in text if t]
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
        if stripped.startswith("//") or (stripped.startswith("#") and not SOURCE_DIRECTIVE.match(stripped)):
            comment.append((n, COMMENT_LINE.sub("", stripped).lstrip(":").strip()))  # `#:` is Sphinx's doc comment
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
