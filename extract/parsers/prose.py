"""Prose lists: the layout finds items — headings, list items, `code name. text` lines, bare code lines with
the lines below them — and their bodies (wrapped continuation lines, nested lines, fenced messages), the
sections above them and the preamble (catalog facts, category ranges such as `- 200-399. An argument is
invalid.`). What each part of a head means (code, name, status, title) is decided per block by the item typing
stage, `extract/items.py`. Markdown list markers, links, bold and code spans are read as the plain words they
show."""
from __future__ import annotations

import re

from ..documents import Document
from ..columns import ERROR_CONTEXT
from ..items import Head, Item, Typed, families, parse_head, type_block, _key_family, _title_split
from ..model import Cell, Conflict, Layout, Loc, Note, Parsed, Range, Record, conflict_value
from ..ranges import assigned_ranges
from ..patterns import (ATX_HEADING, MARKUP_ONLY, MD_DEFINITION, MD_EMPHASIS_MARKS, MD_LINK, RST_CONTAINER_DIRECTIVE,
                        RST_ROLE, RST_VALUE_DIRECTIVE, WORD_IDENT)
from ..settings import DEFAULT, ProseSettings
from ..text import collapse
from . import Context, LayoutRule

NAMED_TEXT = re.compile(r"^\s*(" + WORD_IDENT.pattern + r")(?:\.|:|\s[-–—])\s+(.*)$")
HEADING = ATX_HEADING
LIST_MARK = re.compile(r"^(\s*)(?:\d+\.|[-*+•])\s+")
LIST_MARK_FIRST = ("-", "*", "+", "•")  # a list mark opens with one of these, or with a digit
RST_UNDERLINE = re.compile(r"^([=\-~^\"'`#*+:])\1{2,}\s*$")
UNDERLINE_CHARS = frozenset("=-~^\"'`#*+:")  # the characters an underline is made of (not "": an empty line)
FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w+-]*)")
RST_DIRECTIVE = re.compile(r"^\.\.\s+(?:_[^:]*:|[\w-]+::|\[|\|)")
HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
RANGE_LINE = re.compile(r"^\s*+[-*•]?+\s*+(?P<lo>\d++)\s*+(?:(?:[-–]|to)\s*+(?P<hi>\d++)|(?P<plus>\+))?\.\s++"
                        r"(?P<label>\S.*)$")
MAX_EXPANDED_RANGE = DEFAULT.prose.max_expanded_range
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s")
WIDE_GAP_AFTER_WORD = re.compile(r"\S+\s{2,}\S")  # `404  Not Found`: a word, then columns apart
NUMBER_RANGE = re.compile(r"(\d+)-(\d+)")
CONTINUING = frozenset("abcdefghijklmnopqrstuvwxyz.,;)")  # what a wrapped line starts with


def _stops(line: str) -> bool:
    """The line ends a phrase (`.`, `:`, `!`, `?`, then blanks only)."""
    bare = line.rstrip()
    return bool(bare) and bare[-1] in ".:!?"


def _continues(line: str) -> bool:
    """The line starts (after blanks) in lower case or with punctuation: it wraps the line above."""
    return line.lstrip()[:1] in CONTINUING


def plain(line: str) -> str:
    """A line as its reader sees it: links as their text, no code-span backticks or bold, a numbered item as
    a bullet — so `1. **4001 – InvalidCursor**: …` and `- [`400 Bad Request`](url)` read like plain lists."""
    # (each pattern is tried only on a line that holds its marks: most lines of a list hold none)
    if "](" in line:
        line = MD_LINK.sub(r"\1", line)
    if ":`" in line:  # an rST role (`:py:meth:`bind()``) is kept as written; its backticks are part of it
        kept, at = [], 0
        for m in RST_ROLE.finditer(line):
            kept += [MD_EMPHASIS_MARKS.sub("", line[at:m.start()]), m.group()]
            at = m.end()
        line = "".join(kept) + MD_EMPHASIS_MARKS.sub("", line[at:])
    elif "`" in line or "**" in line or "__" in line:
        line = MD_EMPHASIS_MARKS.sub("", line)
    first = line.lstrip()[:1]
    return LIST_MARK.sub(r"\1- ", line) if first in LIST_MARK_FIRST or first.isdigit() else line


def join_wrapped(parts: list[str]) -> str:
    """Re-join lines a document wrapped mid-sentence: no space before punctuation that closes a phrase."""
    text = ""
    for part in (collapse(p) for p in parts):
        if not part:
            continue
        glued = part[0] in ".,;:!?)" and not RST_ROLE.match(part)  # `:py:meth:`x`` opens a word
        text = part if not text else text + ("" if glued else " ") + part
    return text


def parse_ranges(text: str, loc: Loc) -> list[Range]:
    m = RANGE_LINE.match(text)
    if not m:
        return []
    label = collapse(m.group("label"))
    first = SENTENCE_BREAK.split(label, maxsplit=1)[0].rstrip(".")
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
        wrapped = prev and prev[0] == n - 1 and not _stops(prev[1]) and _continues(text)
        if wrapped:
            groups[-1].append((n, text))
        else:
            groups.append([(n, text)])
    return groups


CONTAINER_LEVEL = 10  # a container directive's heading level: deeper than any section title
CODE_DIRECTIVE = re.compile(r"^\.\.\s+(?:code-block|code|sourcecode|literalinclude|highlight)::")


def classify(lines: list[str], start: int) -> list[tuple[str, int]]:
    """(role, level) per line: front, blank, heading (level), underline, bullet (indent), text (indent), fenced
    (an untagged fence's text), code (an example: a tagged fence, an rST code block), fence, markup."""
    roles: list[tuple[str, int]] = [("front", 0)] * start
    fence: tuple[str, bool] | None = None
    literal = False
    rst_levels: dict[str, int] = {}
    n = len(lines)
    for i in range(start, n):
        line = lines[i]
        if len(roles) > i:  # an underline already classified
            continue
        indent = len(line) - len(line.lstrip())
        if fence is not None:
            m = FENCE.match(line)
            if m and m.group(1)[0] == fence[0][0] and not m.group(2) and len(m.group(1)) >= len(fence[0]):
                roles.append(("fence", 0))
                fence = None
            else:
                roles.append(("code" if fence[1] else "fenced", 0))
            continue
        if literal:
            if not line.strip():
                roles.append(("blank", 0))
                continue
            if indent:
                roles.append(("code", 0))
                continue
            literal = False
        # Each pattern is tried only where the line opens with what it needs (`..`, `<`, `#`, a fence, an
        # underline's or a list mark's character): a line of plain text is told by its first character.
        bare = line[indent:]
        first = bare[:1]
        m = FENCE.match(line) if bare[:3] in ("```", "~~~") else None
        if m:
            fence = (m.group(1), bool(m.group(2)))
            roles.append(("fence", 0))
            continue
        dots = first == "." and bare.startswith("..")
        if not bare:
            roles.append(("blank", 0))
        elif dots and RST_CONTAINER_DIRECTIVE.fullmatch(line.rstrip()):
            # `.. class:: WSCloseCode`: a section of the member directives nested under it, below every title
            roles.append(("heading", CONTAINER_LEVEL + indent))
        elif dots and RST_VALUE_DIRECTIVE.fullmatch(line.rstrip()) or _is_term(lines, i, indent):
            roles.append(("term", indent))
        elif dots and RST_DIRECTIVE.match(line):
            roles.append(("markup", 0))
            literal = bool(CODE_DIRECTIVE.match(line))
        elif first == "<" and (HTML_COMMENT.match(line) or MARKUP_ONLY.fullmatch(line)):
            roles.append(("markup", 0))
        elif first == "#" and HEADING.match(line):
            roles.append(("heading", len(HEADING.match(line).group(1))))
        elif not indent and i + 1 < n and lines[i + 1][:1] in UNDERLINE_CHARS and RST_UNDERLINE.match(lines[i + 1]) \
                and len(lines[i + 1].strip()) >= len(line.strip()) > 0 and not LIST_MARK.match(line):
            ch = lines[i + 1].strip()[0]
            level = rst_levels.setdefault(ch, len(rst_levels) + 1)
            roles += [("heading", level), ("underline", 0)]
        elif line[:1] in UNDERLINE_CHARS and RST_UNDERLINE.match(line):
            roles.append(("markup", 0))
        elif (first in LIST_MARK_FIRST or first.isdigit()) and LIST_MARK.match(line):
            roles.append(("bullet", indent))
        else:
            roles.append(("text", indent))
            literal = line.rstrip().endswith("::")
    return roles


def _is_term(lines: list[str], i: int, indent: int) -> bool:
    """A definition list's term: a line that holds a code, alone after a blank line, with its definition right
    under it — indented deeper (reST) or opened by `: ` (Markdown)."""
    if i + 1 >= len(lines) or (i and lines[i - 1].strip()) or LIST_MARK.match(lines[i]):
        return False
    nxt = lines[i + 1]
    if not nxt.strip() or not (MD_DEFINITION.fullmatch(nxt) or len(nxt) - len(nxt.lstrip()) > indent):
        return False
    head = parse_head(plain(lines[i]).strip())
    return bool(head.atoms) and not head.rest or bool(head.atoms) and head.atoms[0].tail


def term_text(line: str) -> str:
    """The value a term names: a directive's argument, else the line itself."""
    m = RST_VALUE_DIRECTIVE.fullmatch(line.rstrip())
    return plain(m.group(2) if m else line).strip()


def heading_text(line: str) -> str:
    c = RST_CONTAINER_DIRECTIVE.fullmatch(line.rstrip())
    if c:
        return plain(c.group(2)).strip()
    m = HEADING.match(line)
    return plain(m.group(2) if m else line).strip()


def _is_wrapped_number(lines: list[str], roles, i: int) -> bool:
    """A number alone on a line inside a sentence ("… shorter than" / "1000" / "characters.") is text."""
    prev = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    if _stops(prev) or not _continues(nxt):
        return False
    m = NAMED_TEXT.match(nxt)
    return not (m and ("_" in m.group(1) or any(c.isupper() for c in m.group(1))))


def _marked(raw: str) -> bool:
    return raw.lstrip()[:1] in ("*", "_", "`", "[")


def candidates(lines: list[str], roles, banned: set[int], text_items: bool = True,
               heads: dict | None = None) -> list[Item]:
    """Every line that may head an entry, as an item with its head only. Without `text_items`, only headings
    and list items head entries (a layout that marked its items as list items itself, such as `rfc`).
    `heads` gets the parsed head of the items whose head was parsed here (by `id` of the item)."""
    items: list[Item] = []
    prev_bullet_indent = None
    for i, (role, level) in enumerate(roles):
        if role == "bullet":
            if prev_bullet_indent is not None and level >= prev_bullet_indent + 2:
                continue  # a nested list item: its parent's body
            prev_bullet_indent = level
        elif role in ("heading", "text") and level == 0 or role == "heading":
            if role == "heading" or lines[i].strip():
                prev_bullet_indent = None if role == "heading" else prev_bullet_indent
        if i in banned or lines[i].strip().count("\t") >= 2:
            continue
        if role == "heading" and level >= CONTAINER_LEVEL:
            continue  # a container directive (`.. class:: X`) is the section of its members, never one
        if role == "heading":
            under = (i + 2,) if i + 1 < len(roles) and roles[i + 1][0] == "underline" else ()
            items.append(Item("heading", level, heading_text(lines[i]), i + 1, (i + 1, *under),
                              marked=_marked(HEADING.sub(r"\2", lines[i]))))
        elif role == "term":
            directive = bool(RST_VALUE_DIRECTIVE.fullmatch(lines[i].rstrip()))  # its argument is a name by syntax
            items.append(Item("term", 0, term_text(lines[i]), i + 1, (i + 1,), marked=directive))
        elif role == "bullet":
            head = plain(lines[i]).strip()[2:].strip()
            items.append(Item("bullet", 0, head, i + 1, (i + 1,), marked=_marked(LIST_MARK.sub("", lines[i]))))
        elif role == "text" and text_items and (level == 0 or i and not lines[i - 1].strip()):
            text = plain(lines[i]).strip()
            h = parse_head(text)
            if not h.atoms or h.atoms[0].tail:
                continue
            if len(h.atoms) == 1 and not h.rest and h.atoms[0].shape not in ("symbolic", "range"):
                if not _is_wrapped_number(lines, roles, i):
                    items.append(Item("bare", 0, text, i + 1, (i + 1,)))
                    if heads is not None:
                        heads[id(items[-1])] = h
            elif level and len(h.atoms) < 2:
                continue
            elif (h.rest or len(h.atoms) > 1) and (h.sep or len(h.atoms) > 1 or WIDE_GAP_AFTER_WORD.match(lines[i].strip())
                             or _title_split(h.rest, DEFAULT.prose)):
                items.append(Item("line", 0, text, i + 1, (i + 1,)))
                if heads is not None:
                    heads[id(items[-1])] = h
    return items


def attach_bodies(lines: list[str], roles, items: list[Item]) -> None:
    """Give each item its wrapped lines and its body: up to the next item (or heading, for a list item or a
    line); a list item's body is what is indented under it; a line's text stops at a blank line."""
    starts = {it.line - 1 for it in items}
    for k, it in enumerate(items):
        it.wrapped, it.body = [], []
        i = max(it.head_lines)  # 0-based index of the line after the head
        end = items[k + 1].line - 1 if k + 1 < len(items) else len(lines)
        blank_seen = False
        base = len(lines[it.line - 1]) - len(lines[it.line - 1].lstrip())
        while i < end:
            role, level = roles[i]
            if role == "heading" and (it.kind != "heading" or level <= it.level) or i in starts:
                break
            if role == "blank":
                blank_seen = True
                i += 1
                continue
            indent = len(lines[i]) - len(lines[i].lstrip())
            if it.kind in ("bullet", "line", "term") and blank_seen and indent <= base \
                    and role not in ("code", "fenced", "fence"):
                break
            if it.kind == "bullet" and not blank_seen and indent <= base and role == "bullet":
                break
            if role in ("text", "bullet"):
                text = plain(lines[i]).strip()
                if role == "bullet" or it.kind != "heading":
                    text = text.removeprefix("- ")
                if it.kind == "term":
                    m = MD_DEFINITION.fullmatch(text)
                    text = m.group(1) if m else text
                if it.kind in ("bullet", "line") and not blank_seen and role == "text" and not it.body:
                    it.wrapped.append((i + 1, text))
                else:
                    it.body.append((i + 1, text))
            elif role == "fenced":
                it.body.append((i + 1, lines[i].strip()))
            i += 1


def read_items(lines: list[str], roles, ps: ProseSettings, text_items: bool = True) -> list[Typed]:
    """Find the items, type them block by block, drop the heads that hold no code of their block's key (and
    blocks whose key is not the document's), and find the bodies again without them."""
    banned: set[int] = set()
    typed: list[Typed] = []
    # Whether a line heads an item does not depend on the lines banned (they are only left out), so the
    # candidates are found once; each head is parsed once; a block is typed again only where it changed (its
    # items, their bodies or its family): a pass after a ban re-reads only what the ban touched.
    heads: dict[int, Head] = {}
    every = candidates(lines, roles, set(), text_items, heads)
    typed_blocks: dict[tuple, list] = {}

    def head_of(it: Item) -> Head:
        h = heads.get(id(it))
        if h is None:
            h = heads[id(it)] = parse_head(it.head)
        return h

    def typed_block(b: list[Item], f: str) -> list:
        key = (f, *((id(it), tuple(it.wrapped), tuple(it.body)) for it in b))
        res = typed_blocks.get(key)
        if res is None:
            res = typed_blocks[key] = type_block(b, ps, f, [head_of(it) for it in b])
        return res

    for _ in range(3):
        items = [it for it in every if it.line - 1 not in banned] if banned else list(every)
        attach_bodies(lines, roles, items)
        blocks = _blocks(items, roles)
        fams = [None if _range_list(b, lines) else _key_family([head_of(it) for it in b], ps)
                for b in blocks]
        fams = [None if f == "symbolic" and (not _speaks_of_errors(b, lines, roles) or not _texted(b, head_of)) else f
                for b, f in zip(blocks, fams)]
        results = [typed_block(b, f) if f else [None] * len(b) for b, f in zip(blocks, fams)]
        count: dict[str, int] = {}
        for f, res in zip(fams, results):
            if f and f != "symbolic":
                count[f] = count.get(f, 0) + sum(1 for r in res if r)
        doc_family = max(count, key=lambda f: count[f]) if count else None
        typed, rejected = [], set()
        seen_codes: dict[str, str] = {}  # code → the kind of item that first listed it
        for b, f, res in zip(blocks, fams, results):
            codes = [r.code for r in res if r]
            repeats = sum(1 for c in codes if c in seen_codes and seen_codes[c] != b[0].kind)
            again = bool(codes) and repeats >= ps.repeat_share * len(codes)  # examples, an index: listed before
            for c in codes:
                seen_codes.setdefault(c, b[0].kind)
            for it, r in zip(b, res):
                if r is None or (doc_family and f != doc_family) or again or _over_terms(it, roles):
                    rejected.add(it.line - 1)
                else:
                    typed.append(r)
        if not rejected - banned:
            break
        banned |= rejected
    typed.sort(key=lambda t: t.item.line)
    return typed


def _over_terms(it: Item, roles) -> bool:
    """A heading over definition terms of its own (`API` above `.. c:macro::` directives) is their section."""
    if it.kind != "heading":
        return False
    for role, level in roles[max(it.head_lines):]:
        if role == "heading" and level <= it.level:
            return False
        if role == "term":
            return True
    return False


def _speaks_of_errors(block: list[Item], lines: list[str], roles) -> bool:
    """Symbols alone are a catalog's keys only under words of errors: the section heading above the block and
    the text between them (`## Methods` over `### eth_accounts` is an API reference, not a catalog). A block with
    no heading above it is judged by its document's opening text."""
    first = block[0]
    said = []
    for i in range(first.line - 2, -1, -1):
        role, level = roles[i]
        if role in ("text", "heading"):
            said.append(lines[i])
        if role == "heading" and (first.kind != "heading" or level < first.level):
            return bool(ERROR_CONTEXT.search(" ".join(said).lower()))
    return True


def _texted(block: list[Item], head_of=lambda it: parse_head(it.head)) -> bool:
    """A list of bare symbols with no text (`- eth_call`) names things; a catalog says what each one means."""
    said = sum(1 for it in block if it.body or it.wrapped or head_of(it).rest)
    return said * 2 >= len(block)


def _range_list(block: list[Item], lines: list[str]) -> bool:
    """A list whose items all read `lo-hi. label` (one at least a true range) declares ranges, not entries."""
    found = [RANGE_LINE.match(lines[it.line - 1]) for it in block]
    return all(found) and any(m.group("hi") or m.group("plus") for m in found)


def _blocks(items: list[Item], roles) -> list[list[Item]]:
    """Items of one kind and level that follow each other: a list, a run of headings of one level, the lines
    of a prose list. A list ends at a heading or at a paragraph outside it."""
    blocks: list[list[Item]] = []
    keyed: dict[tuple, list[Item]] = {}
    for it in items:
        group = "plain" if it.kind in ("bare", "line", "term") else it.kind
        key = (group, it.level)
        if group == "heading":
            if key not in keyed:
                keyed[key] = []
                blocks.append(keyed[key])
            keyed[key].append(it)
            continue
        last = blocks[-1] if blocks else None
        if last and ("plain" if last[-1].kind in ("bare", "line", "term") else last[-1].kind) == group \
                and not _broken(roles, last[-1], it):
            last.append(it)
        else:
            blocks.append([it])
    return blocks


def _broken(roles, a: Item, b: Item) -> bool:
    """Is there a heading between two list items, or (for list items) a paragraph outside the list?"""
    blank = False
    for i in range(max(a.head_lines), b.line - 1):
        role, level = roles[i]
        if role == "heading" or (a.kind == "bullet" and blank and role == "text" and level == 0):
            return True
        blank = role == "blank"
    return False


def parse(doc: Document, ctx: Context, text_items: bool = True) -> Parsed:
    catalog = ctx.catalog
    ps = ctx.settings.prose
    out = Parsed(doc.source, catalog, "prose")
    lines = doc.lines
    loc = lambda ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731

    front = front_matter_end(lines)
    if front:  # YAML front matter (`---` … `---`): one note, not a preamble line by line
        out.notes.append(Note("front matter", collapse(" ".join(lines[1:front - 1])), loc(range(1, front + 1))))
    roles = classify(lines, front)
    typed = read_items(lines, roles, ps, text_items)

    owner: dict[int, Typed] = {}  # 0-based line → the entry it belongs to
    for t in typed:
        for n in (*t.item.head_lines, *(n for n, _ in t.item.wrapped), *(n for n, _ in t.item.body)):
            owner[n - 1] = t
    heads = {t.item.line - 1: t for t in typed}
    title_line = _document_title(lines, roles, heads, owner)

    # Walk the document: sections, layout lines, loose text.
    loose: list[tuple[int, str]] = []
    section: Cell | None = None
    category: dict[int, Cell | None] = {}
    current: Typed | None = None
    for i, (role, level) in enumerate(roles):
        if i in heads:
            current = heads[i]
            category[i] = section
            continue
        mine = owner.get(i)
        if role == "heading" and mine is None:
            if i != title_line:
                section = Cell(collapse(heading_text(lines[i])), lines[i], loc([i + 1]))
            out.layout.append(Layout(f"heading h{level}", loc([i + 1])))
            current = None
        elif role in ("front", "blank") or (mine is not None and role in ("text", "bullet", "fenced")):
            continue
        elif role == "heading":
            out.layout.append(Layout(f"heading h{level}", loc([i + 1])))
        elif role == "underline":
            if i - 1 not in owner:
                out.layout.append(Layout("heading underline", loc([i + 1])))
        elif role in ("code", "fence"):
            out.layout.append(Layout("code example", loc([i + 1])))
        elif role in ("markup", "term"):
            out.layout.append(Layout("markup", loc([i + 1])))
        elif lines[i].strip():
            loose.append((i + 1, lines[i]))
            if role == "text" and not level and lines[i].rstrip().endswith(":") and _leads_list(roles, heads, i):
                lead = collapse(plain(lines[i]).strip().rstrip(":"))
                section = Cell(lead, lines[i], loc([i + 1]))

    for para in paragraphs(loose):
        numbers = [n for n, _ in para]
        text = join_wrapped([t for _, t in para])
        ranges = parse_ranges(text, loc(numbers))
        out.ranges += ranges
        out.notes.append(Note("range" if ranges else "preamble", text, loc(numbers),
                              marker="; ".join(r.text for r in ranges)))

    for order, t in enumerate(typed):
        start = t.item.line
        head_lines = list(t.item.head_lines)
        raw_head = lines[start - 1]
        cells: dict[str, Cell] = {}
        if t.name:
            cells["name"] = Cell(t.name, lines[t.name_line - 1], loc([t.name_line]))
        if t.status is not None:
            cells["http_status"] = Cell(t.status, raw_head, loc([start]))
        if t.title:
            cells["message"] = Cell(collapse(t.title), raw_head, loc([start]))
        parts = [x for _, x in t.text if x.strip()]
        text_lines = sorted({n for n, x in t.text if x.strip()})
        if parts:
            cells["description"] = Cell(join_wrapped(parts), "\n".join(parts), loc(text_lines))
        sec = category.get(start - 1)
        if sec is not None:
            cells["category"] = sec
        all_lines = sorted(set(head_lines + text_lines + ([t.name_line] if t.name else [])))
        codes = expand_code_range(t.code)
        if len(codes) > 1:  # `## Obsolete errors (50-51)`: the text holds for each code of the range
            out.conflicts.append(Conflict(
                kind="normalized_value", catalog=catalog, field="code", severity="info",
                message=(f"The entry is headed by the code range {t.code}; "
                         f"it became one entry per code ({', '.join(codes)})."),
                values=[conflict_value(loc([start]), t.code)],
                resolution={"status": "auto", "value": codes, "rule": "expand-code-range"},
                key=(doc.source, t.code, t.title),
            ))
        for one in codes:
            cells["code"] = Cell(one, raw_head, loc([start]))
            out.records.append(Record(doc.source, catalog, dict(cells), loc(all_lines), order))
    return out


def _leads_list(roles, heads, i: int) -> bool:
    """A line ending in a colon right above a list of entries (`Python-specific rules:`) names their group."""
    for j in range(i + 1, len(roles)):
        if roles[j][0] != "blank":
            return j in heads and heads[j].item.kind == "bullet"
    return False


def _document_title(lines, roles, heads, owner) -> int | None:
    """The document's own title — its first heading, the only one of its level or above, with a paragraph
    of its own under it — is no category. A heading right above the entries is their section."""
    headings = [(i, level) for i, (role, level) in enumerate(roles) if role == "heading" and i not in owner]
    if not headings:
        return None
    first, top = headings[0]
    if any(level <= top for i, level in headings[1:]) or any(i < first for i in heads):
        return None
    for i in range(first + 1, len(roles)):
        role = roles[i][0]
        if i in heads or role == "heading":
            return None
        if role == "text" and i not in owner:
            return first
    return None


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    ps = DEFAULT.prose
    lines = doc.lines[:ps.sniff_lines]
    front = front_matter_end(lines)
    roles = classify(lines, front)
    heads = len(read_items(lines, roles, ps))
    nonblank = sum(1 for line in lines if line.strip()) or 1
    return 0.0 if heads < 3 else min(0.85, 0.3 + heads * 2 / nonblank)


def expand_code_range(code: str) -> list[str]:
    """`50-51` → ["50", "51"]; a single code, or a range wider than MAX_EXPANDED_RANGE codes, stays as it is."""
    m = NUMBER_RANGE.fullmatch(code)
    if not m or not 0 < int(m.group(2)) - int(m.group(1)) < MAX_EXPANDED_RANGE:
        return [code]
    return [str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1)]


RULE = LayoutRule("prose", sniff, parse, "prose list: a code, then `name. description` wrapping over lines")
