"""Prose lists: an entry starts at a code — on its own line then `name. description`, in a heading
`NAME (code)`, on one line with its text (`E1001: text`, `404 Not Found - text`), or as a list item or heading
with a title and its text below — and its text wraps over the following lines; the preamble above the
entries holds catalog facts and category ranges (`- 200-399. An argument is invalid.`). Markdown list
markers, links, bold and code spans are read as the plain words they show."""
from __future__ import annotations

import re

from ..documents import Document
from ..model import Cell, Conflict, Layout, Loc, Note, Parsed, Range, Record, conflict_value
from ..ranges import assigned_ranges
from ..patterns import (CAPS_SYMBOL_SRC, DECIMAL_SRC, HEX_SRC, LONG_NUMBER_SRC, MARKUP_ONLY, MD_EMPHASIS_MARKS, MD_LINK,
                        MULTI_DIGIT_SRC, PREFIXED_SRC, SNAKE_CAPS_SRC, SYMBOL, WORD_IDENT)
from ..settings import DEFAULT
from ..text import collapse
from . import Context, LayoutRule

BARE_CODE = re.compile(r"^\s*(" + DECIMAL_SRC + r")\s*$")
NAMED_TEXT = re.compile(r"^\s*(" + WORD_IDENT.pattern + r")(?:\.|:|\s[-–—])\s+(.*)$")
# `## CURLE_OK (0)`, `## Obsolete errors (50-51)`, `ERROR_X (12044)`: a title, then the code in brackets.
HEADED_CODE = re.compile(r"^\s*(#{1,6}\s+)?(?P<title>[^()#]*?)\s*\((?P<code>" + DECIMAL_SRC + r"(?:\s*[-–]\s*\d+)?)\)[\"'”]?\s*$")
# One line per entry: `E1001: Unknown user.`, `- **ERR_TIMEOUT** – The call timed out.`,
# `404 Not Found - The resource does not exist.` (a code, perhaps a title, then its text after a colon or dash)
CODE_TOKEN = ("(?P<code>" + MULTI_DIGIT_SRC + "|" + HEX_SRC + "|" + PREFIXED_SRC + "|" + CAPS_SYMBOL_SRC + ")")
ONE_LINE = re.compile(r"^\s*(?:[-*•+]\s+)?(?:\*\*|__)?`?" + CODE_TOKEN + r"`?(?:\*\*|__)?"
                      r"(?:\s+(?P<title>[^:–—]+?))??\s*(?::|\s[-–—]\s)\s*(?P<text>\S.*)$")
# A numeric code, then its text after a gap: `- 200 no error` (a list item), `211  System status` (two spaces)
SPACED = re.compile(r"^\s*(?:[-*•+]\s+(?P<code>" + LONG_NUMBER_SRC + r")\s+|(?P<code2>" + LONG_NUMBER_SRC
                    + r")\s{2,})(?P<text>\S.*)$")
# A code, its symbolic name, then its text: `0x80004001 E_NOTIMPL Not implemented.`
CODE_NAME_TEXT = re.compile(r"^\s*(?P<code>" + MULTI_DIGIT_SRC + "|" + HEX_SRC + r")\s+(?P<name>" + SNAKE_CAPS_SRC
                            + r")\s+(?P<text>\S.*)$")
# A list item or heading that is a code and a short title alone, its text on the lines below:
# `- [`400 Bad Request`](url)` + `  - The server cannot …`, `### `ERR_ASSERTION``
TITLED = re.compile(r"^\s*(?:[-*+]|#{1,6})\s+(?P<code>-?" + LONG_NUMBER_SRC + "|" + SNAKE_CAPS_SRC
                    + r")(?:\s+(?P<title>[^.:!?]{1,60}))?$")
HEADING = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
LIST_MARK = re.compile(r"^(\s*)(?:\d+\.|[-*+•])\s+")

RANGE_LINE = re.compile(r"^\s*[-*•]?\s*(?P<lo>\d+)\s*(?:(?:[-–]|to)\s*(?P<hi>\d+)|(?P<plus>\+))?\.\s+(?P<label>\S.*)$")
MAX_EXPANDED_RANGE = DEFAULT.prose.max_expanded_range


def plain(line: str) -> str:
    """A line as its reader sees it: links as their text, no code-span backticks or bold, a numbered item as
    a bullet — so `1. **4001 – InvalidCursor**: …` and `- [`400 Bad Request`](url)` read like plain lists."""
    line = MD_LINK.sub(r"\1", line)
    line = MD_EMPHASIS_MARKS.sub("", line)
    return LIST_MARK.sub(r"\1- ", line)


def join_wrapped(parts: list[str]) -> str:
    """Re-join lines a document wrapped mid-sentence: no space before punctuation that closes a phrase."""
    text = ""
    for part in (collapse(p) for p in parts):
        if not part:
            continue
        text = part if not text else text + ("" if part[0] in ".,;:!?)" else " ") + part
    return text


def _entry_head(lines: list[str], i: int, named: bool = False) -> tuple[str, str, str, int, str] | None:
    """(code, title, first text, lines used, text on the code's own line) if an entry starts at line index i.
    `named`: the document writes every entry as `name. text` under its code, so a number on a line of its own
    followed by anything else is a wrapped piece of text ("… shorter than" / "1000" / "characters.")."""
    if lines[i].strip().count("\t") >= 2:  # cells separated by tabs: a table row, the tab layout's
        return None
    line = plain(lines[i])
    m = BARE_CODE.match(line)
    if m and i + 1 < len(lines) and lines[i + 1].strip() and not BARE_CODE.match(lines[i + 1]) \
            and (not named or NAMED_TEXT.match(lines[i + 1])):
        return m.group(1), "", lines[i + 1], 2, ""
    m = HEADED_CODE.match(line)
    if m and (m.group(1) or WORD_IDENT.fullmatch(m.group("title") or "")):
        return re.sub(r"\s+", "", m.group("code")).replace("–", "-"), m.group("title"), "", 1, ""
    m = ONE_LINE.match(line)
    if m and not HEADING.match(line):
        return m.group("code"), (m.group("title") or "").strip(" *_`"), "", 1, m.group("text")
    m = TITLED.match(line)
    if m and i + 1 < len(lines) and _continues(lines, i):
        return m.group("code"), (m.group("title") or "").strip(), "", 1, ""
    m = SPACED.match(line)
    if m:
        return m.group("code") or m.group("code2"), "", "", 1, m.group("text")
    m = CODE_NAME_TEXT.match(line)
    if m:
        return m.group("code"), m.group("name"), "", 1, m.group("text")
    return None


def _continues(lines: list[str], i: int) -> bool:
    """The text of a titled entry follows: the next non-blank line is indented under it, or plain text."""
    for nxt in lines[i + 1:i + 4]:
        if nxt.strip():
            return not HEADING.match(nxt) and (nxt[:1].isspace() or not LIST_MARK.match(nxt))
    return False


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    lines = doc.lines
    heads = sum(1 for i in range(len(lines)) if _entry_head(lines, i))
    nonblank = sum(1 for line in lines if line.strip()) or 1
    return 0.0 if heads < 3 else min(0.85, 0.3 + heads * 2 / nonblank)


def parse_ranges(text: str, loc: Loc) -> list[Range]:
    m = RANGE_LINE.match(text)
    if not m:
        return []
    label = collapse(m.group("label"))
    first = re.split(r"(?<=[.!?])\s", label, maxsplit=1)[0].rstrip(".")
    lo = int(m.group("lo"))
    hi = None if m.group("plus") else int(m.group("hi") or lo)
    # the range's text may assign sub-ranges ("Errors 340-359 are for data type errors and 360-379 …")
    return [Range(lo, hi, first, loc), *assigned_ranges(label, loc)]


def front_matter_end(lines: list[str]) -> int:
    """The 1-based line that closes a YAML front matter block opening the document, else 0."""
    if not lines or lines[0].strip() != "---":
        return 0
    for n, line in enumerate(lines[1:], 2):
        if line.strip() in ("---", "..."):
            return n
    return 0


def paragraphs(numbered: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Group lines into paragraphs: a line continues the one before when that one stops mid-sentence and it
    starts in lower case or with punctuation (a wrapped line). Lines merely next to each other stay apart: a
    preamble lists one fact per line, and a short title line ("Error codes") stops mid-sentence too."""
    groups: list[list[tuple[int, str]]] = []
    for n, text in numbered:
        prev = groups[-1][-1] if groups else None
        wrapped = prev and prev[0] == n - 1 and not re.search(r"[.:!?]\s*$", prev[1]) and re.match(r"^\s*[a-z.,;)]", text)
        if wrapped:
            groups[-1].append((n, text))
        else:
            groups.append([(n, text)])
    return groups


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    out = Parsed(doc.source, catalog, "prose")
    lines = doc.lines
    loc = lambda ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731

    # Split the document into blocks: an entry head and its following lines, or loose text between entries.
    entries: list[tuple[tuple[str, str, str, int], int, list[tuple[int, str]], Cell | None]] = []
    loose: list[tuple[int, str]] = []
    section: Cell | None = None
    i = 0
    current = None
    front = front_matter_end(lines)
    if front:  # YAML front matter (`---` … `---`): one note, not a preamble line by line
        out.notes.append(Note("front matter", collapse(" ".join(lines[1:front - 1])), loc(range(1, front + 1))))
        i = front
    # Does the document write its entries as `code` + `name. text`? Then it always does.
    bare = [i for i in range(len(lines) - 1) if BARE_CODE.match(lines[i]) and lines[i + 1].strip()]
    named = sum(1 for i in bare if NAMED_TEXT.match(lines[i + 1])) >= max(3, 0.6 * len(bare))
    while i < len(lines):
        head = _entry_head(lines, i, named)
        heading = HEADING.match(lines[i])
        if head:
            current = (head, i + 1, [], section)
            entries.append(current)
            i += head[3]
            continue
        if heading:
            current = None
            section = Cell(collapse(heading.group(2)), lines[i], loc([i + 1]))
            out.layout.append(Layout(f"heading h{len(heading.group(1))}", loc([i + 1])))
        elif MARKUP_ONLY.fullmatch(lines[i]):
            out.layout.append(Layout("markup", loc([i + 1])))
        elif lines[i].strip():
            # an entry's text: list markers and link targets are presentation, the words are the text
            (current[2] if current else loose).append((i + 1, plain(lines[i]).strip().removeprefix("- ")
                                                       if current else lines[i]))
        i += 1

    for para in paragraphs(loose):
        numbers = [n for n, _ in para]
        text = join_wrapped([t for _, t in para])
        ranges = parse_ranges(text, loc(numbers))
        out.ranges += ranges
        out.notes.append(Note("range" if ranges else "preamble", text, loc(numbers),
                              marker="; ".join(r.text for r in ranges)))

    for order, ((code, title, first, used, inline), start, body, sec) in enumerate(entries):
        head_lines = list(range(start, start + used))
        cells: dict[str, Cell] = {"code": Cell(code, lines[start - 1], loc([start]))}
        name, text_parts, text_lines = "", [], []
        if inline:  # `E1001: text` — the text starts on the code's own line
            named_inline = NAMED_TEXT.match(inline)  # `4001 – InvalidCursor: text`
            if named_inline and SYMBOL.fullmatch(named_inline.group(1)) and not title:
                name, inline = named_inline.group(1), named_inline.group(2)
            text_parts, text_lines = [inline], [start]
        if first:
            m = NAMED_TEXT.match(first)
            if m:
                name = m.group(1)
                first = m.group(2)
                text_parts, text_lines = [first], [start + 1]
            elif WORD_IDENT.fullmatch(first.strip()) and body:  # the name alone on its line, the text below it
                name = first.strip()
            else:
                text_parts, text_lines = [first], [start + 1]
        elif title:
            if SYMBOL.fullmatch(title):
                name = title
            else:
                cells["message"] = Cell(collapse(title), lines[start - 1], loc([start]))
        if name:
            cells["name"] = Cell(name, lines[head_lines[-1] - 1], loc([head_lines[-1]]))
        text_parts += [t for _, t in body]
        text_lines += [n for n, _ in body]
        if text_parts:
            cells["description"] = Cell(join_wrapped(text_parts), "\n".join(text_parts), loc(text_lines))
        if sec is not None:
            cells["category"] = sec
        codes = expand_code_range(code)
        if len(codes) > 1:  # `## Obsolete errors (50-51)`: the text holds for each code of the range
            out.conflicts.append(Conflict(
                kind="normalized_value", catalog=catalog, field="code", severity="info",
                message=(f"The entry is headed by the code range {code}; "
                         f"it became one entry per code ({', '.join(codes)})."),
                values=[conflict_value(loc([start]), code)],
                resolution={"status": "auto", "value": codes, "rule": "expand-code-range"},
                key=(doc.source, code, title),
            ))
        for one in codes:
            cells["code"] = Cell(one, lines[start - 1], loc([start]))
            out.records.append(Record(doc.source, catalog, dict(cells), loc(head_lines + text_lines), order))
    return out


def expand_code_range(code: str) -> list[str]:
    """`50-51` → ["50", "51"]; a single code, or a range wider than MAX_EXPANDED_RANGE codes, stays as it is."""
    m = re.fullmatch(r"(\d+)-(\d+)", code)
    if not m or not 0 < int(m.group(2)) - int(m.group(1)) < MAX_EXPANDED_RANGE:
        return [code]
    return [str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1)]


RULE = LayoutRule("prose", sniff, parse, "prose list: a code, then `name. description` wrapping over lines")
