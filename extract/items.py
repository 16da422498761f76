"""Item blocks and their typing: the item half of the typing stage (`columns.py` is the table half).

A layout that reads lists (prose, bullets, headings, definition terms) finds *items*: a head (the text of a
heading, a bullet's lead, a `code name. text` line, a bare code line) and a body (the lines under it), with the
lines they came from. It decides nothing about meaning. `type_block` reads the heads of one block **together**,
as `type_columns` reads a column: the block's key is the family of code shapes (number, hex, prefixed,
SQLSTATE-like; symbolic only when no other key) that most of its heads hold, so in `### 100: QUOTA_DISABLED` the
number is the code and the symbol the name, while in `### QUOTA_DISABLED` (a block of symbols) the symbol is
the code. The other parts of a head are a name (a symbol), an HTTP status, a title (message) or the start of the
text; a title is split off a bullet or a line only when the block writes its heads that way. The body is the
description; a bare code's body may open with `name. text` or a name alone on its line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .patterns import (ACRONYM_SYMBOL, CODE_RANGE, HEAD_SEPARATOR, KEBAB_CODE, SENTENCE_END, SNAKE_CAPS_SRC, SQLSTATE, STATUS,
                       SYMBOL, TITLE_THEN_TEXT, WORD_IDENT, code_shape)
from .settings import DEFAULT, ProseSettings

SNAKE_CAPS = re.compile(SNAKE_CAPS_SRC)
# `name. text`, `name: text`, `name - text` opening a bare code's body
NAMED_TEXT = re.compile(r"\s*(" + WORD_IDENT.pattern + r")(?:\.|:|\s[-–—])\s+(\S.*)")
FAMILY_ORDER = ("number", "hex", "prefixed", "sqlstate")  # ties go to the earlier family
WRAPPERS = "([{<*_"
CLOSERS = ")]}>*_\"'”"
# compiled once: `parse_head` runs on every head of a document, several times a line on prose
TOKEN = re.compile(r"\S+")
# `Title (code)`, `Title [code]`: a bracketed key of at most 60 characters closing the head
TAIL_KEY = re.compile(r"[(\[]([^()\[\]]{1,60})[)\]][\"'”]?\s*$")
TAIL_KEY_SPAN = 63  # the most non-space characters a TAIL_KEY match holds: its bracket, 60, its closer, a quote


@dataclass
class Item:
    """One entry candidate as a layout found it: its head and its body, with provenance (1-based lines)."""

    kind: str  # heading | bullet | line | bare
    level: int  # heading level; 0 for the other kinds
    head: str  # the head's text, markup read as the plain words it shows
    line: int
    head_lines: tuple[int, ...] = ()  # every line of the head (an underline, a wrapped lead)
    wrapped: list[tuple[int, str]] = field(default_factory=list)  # the head's own text wrapped over lines
    body: list[tuple[int, str]] = field(default_factory=list)  # the lines under the head
    marked: bool = False  # the head opens with markup that sets its first word apart (`**E101**`, `` `X` ``)


@dataclass
class Atom:
    """A key-like token of a head: `E101`, `(100)`, `QUOTA_DISABLED`, `[attr-defined]`."""

    text: str
    shape: str  # decimal | negative | hex | sqlstate | prefixed | symbolic | range
    sep: bool = False  # a separator (`:`, a dash, `.`) follows it
    bracketed: bool = False
    tail: bool = False  # written at the end of the head: `Title (code)`, `Title [code]`


@dataclass
class Head:
    atoms: list[Atom]
    rest: str  # the head's text besides its atoms
    sep: bool  # the rest was introduced by a separator: it is text, not a title


@dataclass
class Typed:
    """An item read as an entry."""

    item: Item
    code: str
    name: str = ""
    name_line: int = 0
    status: int | None = None
    title: str = ""
    text: list[tuple[int, str]] = field(default_factory=list)  # the description's lines


def atom_shape(core: str) -> str | None:
    if not core:
        return None
    if CODE_RANGE.fullmatch(core):
        return "range"
    if KEBAB_CODE.fullmatch(core):
        return "symbolic"
    shape = code_shape(core)
    if shape is None and ACRONYM_SYMBOL.fullmatch(core):
        return "symbolic"
    return shape


def is_name(text: str) -> bool:
    """A symbolic name: `QUOTA_DISABLED`, `fileTooLarge`, `APIKeyExpired`, `attr-defined`."""
    return atom_shape(text.strip()) == "symbolic"


def families(atom: Atom) -> set[str]:
    """The key families an atom can belong to: a five-digit number or `HY000` may be SQLSTATE-like too."""
    s = atom.shape
    if s in ("decimal", "negative", "range"):
        return {"number", "sqlstate"} if len(atom.text) == 5 and s == "decimal" else {"number"}
    if s == "prefixed":
        return {"prefixed", "sqlstate"} if SQLSTATE.fullmatch(atom.text) else {"prefixed"}
    if s in ("hex", "sqlstate", "symbolic"):
        return {s}
    return set()


def _core(token: str) -> tuple[str, bool, bool]:
    """A token without its wrappers: (core, a separator follows it, it was in brackets)."""
    sep = False
    t = token
    if t[-1:] in ":,." and len(t) > 1:
        sep, t = t[-1] in ":.", t[:-1]
    bracketed = t[:1] in "([{<" and t[-1:] in ")]}>"
    t = t.lstrip(WRAPPERS).rstrip(CLOSERS)
    if t[-1:] in ":." and len(t) > 1:  # `(**100**):` → `100` with its colon
        sep, t = True, t[:-1]
    return t, sep, bracketed


def parse_head(head: str, max_atoms: int = 3) -> Head:
    """Split a head into its leading key-like atoms and the rest; a head with no leading atom may end in one
    (`Obsolete errors (50-51)`, `Check that attribute exists [attr-defined]`)."""
    tokens = list(TOKEN.finditer(head))
    atoms: list[Atom] = []
    i, rest_at, sep = 0, 0, False
    while i < len(tokens) and len(atoms) < max_atoms:
        tok = tokens[i].group()
        if HEAD_SEPARATOR.fullmatch(tok):
            if not atoms:
                break
            atoms[-1].sep = sep = True
            i += 1
            rest_at = tokens[i].start() if i < len(tokens) else len(head)
            continue
        core, tsep, bracketed = _core(tok)
        shape = atom_shape(core)
        if shape is None:
            break
        last = i + 1 == len(tokens)
        dash_next = not last and bool(HEAD_SEPARATOR.fullmatch(tokens[i + 1].group()))
        if atoms and not (tsep or last or dash_next or bracketed or SNAKE_CAPS.fullmatch(core)):
            break  # a symbol-like first word of the text: `E101: HTTP request failed`
        if not atoms and shape == "range" and not bracketed:
            break  # `200-399. An argument is invalid.`: a range line of a preamble
        atoms.append(Atom(core, shape, tsep, bracketed))
        sep = tsep
        i += 1
        rest_at = tokens[i].start() if i < len(tokens) else len(head)
    rest = head[rest_at:].strip()
    if atoms and (sep or not rest):
        return Head(atoms, rest, sep)
    # `Title (code)`, `Title [code]`: the code at the end, the title before it
    m = _tail_key(head)
    if m:
        core = m.group(1).strip().strip("`")
        core = core.replace(" ", "") if CODE_RANGE.fullmatch(core) else core
        shape = atom_shape(core) or ("symbolic" if WORD_IDENT.fullmatch(core) and core.islower() else None)
        if shape and (not atoms or shape != "symbolic" or core.islower()):
            return Head([Atom(core, shape, bracketed=True, tail=True)], head[:m.start()].strip(), False)
    if atoms:
        return Head(atoms, rest, sep)
    return Head([], head.strip(), False)


def _tail_key(head: str) -> re.Match | None:
    """TAIL_KEY's match in `head`: only a head whose last non-space character closes a bracket (or quotes
    one) can hold it, and the match starts within TAIL_KEY_SPAN characters of that end, so only those are
    searched (the same leftmost match as a search of the whole head)."""
    end = head.rstrip()
    if end[-1:] not in ")]" and not (end[-1:] in "\"'”" and end[-2:-1] in ")]"):
        return None
    return TAIL_KEY.search(head, max(0, len(end) - TAIL_KEY_SPAN))


def _key_family(heads: list[Head], ps: ProseSettings) -> str | None:
    n = len(heads)
    counts = {f: 0 for f in (*FAMILY_ORDER, "symbolic")}
    for h in heads:
        seen: set[str] = set()
        for a in h.atoms:
            seen |= families(a)
        for f in seen:
            counts[f] += 1
    best = max(FAMILY_ORDER, key=lambda f: (counts[f], -FAMILY_ORDER.index(f)))
    need = max(1, ps.key_share * n)
    if counts[best] >= need:
        return best
    if counts["symbolic"] >= need:
        return "symbolic"
    return None


def block_family(items: list[Item], ps: ProseSettings = DEFAULT.prose) -> str | None:
    return _key_family([parse_head(it.head) for it in items], ps)


def _alone(key: Atom, head: Head, marked: bool = False) -> bool:
    """A symbol is a key only where the head sets it apart: alone, before a separator, in brackets, or as a
    snake_case or dashed word (`API error reference` is a title that starts with an acronym)."""
    return (marked and head.atoms.index(key) == 0) or key.sep or key.bracketed or key.tail or not head.rest or head.atoms.index(key) < len(head.atoms) - 1 \
        or "_" in key.text or "-" in key.text


def _title_split(rest: str, ps: ProseSettings) -> tuple[str, str] | None:
    m = TITLE_THEN_TEXT.fullmatch(rest)
    if not m or len(m.group(1).split()) > ps.title_words:
        return None
    return m.group(1).strip(), m.group(2).strip()


def type_block(items: list[Item], ps: ProseSettings = DEFAULT.prose, family: str | None = None,
               heads: list[Head] | None = None) -> list[Typed | None]:
    """Each item of one block as an entry, or None where its head holds no code of the block's key family.
    `heads`: the items' heads (`parse_head` of each), where the layout has parsed them already; they are
    only read here, never changed."""
    if heads is None:
        heads = [parse_head(it.head) for it in items]
    family = family or _key_family(heads, ps)
    if family is None:
        return [None] * len(items)
    # Does the block write `code Title - text` (a title, then the text after a dash or colon)?
    open_rests = [h.rest for h, it in zip(heads, items) if h.atoms and not h.sep and h.rest and it.kind != "heading"]
    titled = len(open_rests) >= 2 and sum(1 for r in open_rests if _title_split(r, ps)) >= ps.title_share * len(open_rests)
    # Does the block write a bare code's name as the first word of its body (`name. text`)?
    out: list[Typed | None] = []
    for head, item in zip(heads, items):
        key = next((a for a in head.atoms if family in families(a)), None)
        if key is None and family == "symbolic" and item.marked and WORD_IDENT.fullmatch(item.head):
            key = Atom(item.head, "symbolic")  # `## `enum``: a word set apart as code in a block of symbols
            head = Head([key], "", False)
        if key is None or (family == "symbolic" and (item.kind == "bare" or not _alone(key, head, item.marked))):
            out.append(None)
            continue
        t = Typed(item, key.text.replace("–", "-"))
        for a in head.atoms:
            if a is key:
                continue
            if a.shape == "symbolic" and not t.name:
                t.name, t.name_line = a.text, item.line
            elif a.shape == "decimal" and STATUS.fullmatch(a.text) and t.status is None:
                t.status = int(a.text)
        rest = head.rest
        wrapped = list(item.wrapped)
        if item.kind == "heading":
            t.title, rest = rest, ""
        elif rest and not head.sep and titled and _title_split(rest, ps):
            t.title, rest = _title_split(rest, ps)
        elif rest and not head.sep and item.body and not wrapped and not SENTENCE_END.search(rest) \
                and len(rest.split()) <= ps.title_words:
            t.title, rest = rest, ""  # `- 400 Bad Request` with its text on the lines below
        text = ([(item.line, rest)] if rest else []) + wrapped + list(item.body)
        if item.kind == "bare" and text and not t.name:
            text = _body_name(t, text)
        t.text = text
        out.append(t)
    return out


def _body_name(t: Typed, text: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A bare code's body may open with its name: `file_too_large. The size …`, or the name alone on a line."""
    n, first = text[0]
    m = NAMED_TEXT.fullmatch(first)
    if m and (is_name(m.group(1)) or m.group(1).islower()):
        t.name, t.name_line = m.group(1), n
        return [(n, m.group(2))] + text[1:]
    if WORD_IDENT.fullmatch(first.strip()) and len(text) > 1 and (is_name(first) or "_" in first):
        t.name, t.name_line = first.strip(), n
        return text[1:]
    if first.strip().endswith(".") and is_name(first.strip()[:-1]) and len(text) == 1:
        t.name, t.name_line = first.strip()[:-1], n  # `name.` with no text
        return []
    return text
