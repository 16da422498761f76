"""Which blocks of constants are error codes: the stated rule of the constants layout.

Constants are grouped per block: an enum, a class, a Go const group, an object; the file's loose constants
(`#define`, module constants) form one more, whose members are judged one by one. An exception class that
carries its code as an attribute (`code = "NotImplemented"`, `static final String CODE = "x"`) is one constant
of a block named by its base class (`OCPPError`, `ApiException`).

1. A block speaks of errors when its name (or, for a Go const group, its members' declared type; for a Python
   class, its bases) has an error word (`ERROR_WORDS`: Error, Code, Status, Reason, Result, Errno, SQLSTATE…),
   or when more than `member_error_share` of its members' names carry a failure word (`FAILURE_WORDS`).
   A loose constant speaks of errors when its own name has an error word (`MBEDTLS_ERR_…`).
2. When something speaks of errors, only what speaks gives entries.
3. Otherwise every block gives entries, except blocks named as another kind of value (`NON_ERROR_WORDS`:
   `Locale`, `MsgType`, `PollMode`) when some block is not so named.
What gives no entries becomes a note per block, kept apart (never dropped, never entries)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Note
from ..patterns import ERROR_WORDS, FAILURE_WORDS, NON_ERROR_WORDS, ident_words


@dataclass
class Decl:
    name: str
    line: int
    code: str | None = None
    status: int | None = None
    message: str | None = None
    comment: list = field(default_factory=list)
    tail: tuple | None = None
    category: tuple | None = None
    empty: bool = False
    implicit: bool = False
    iota: bool = False
    symbolic: bool = False
    by_name: bool = False
    alias_of: str | None = None
    # an exception class read as one constant: its text attribute or docstring (text, lines), the lines of its
    # message attribute, and whether its name is kept (not where the code is itself a name)
    text: tuple[str, tuple[int, ...]] | None = None
    message_lines: tuple[int, ...] = ()
    named: bool = True


@dataclass
class Block:
    name: str
    kind: str
    line: int
    loose: bool = False
    bases: str = ""
    member_type: str = ""
    decls: list[Decl] = field(default_factory=list)


def _words(text: str) -> set[str]:
    return set(ident_words(text))


def speaks_of_errors(block: Block, share: float) -> bool:
    if _words(block.name) & ERROR_WORDS or _words(block.bases) & ERROR_WORDS:
        return True
    if not block.decls:
        return False
    failing = sum(1 for d in block.decls if _words(d.name) & (FAILURE_WORDS | ERROR_WORDS))
    return failing > share * len(block.decls)


def decl_speaks(decl: Decl) -> bool:
    return bool(_words(decl.name) & ERROR_WORDS)


def other_kind(block: Block) -> bool:
    words = _words(block.name)
    return bool(words & NON_ERROR_WORDS) and not words & ERROR_WORDS


def blocks_of_errors(blocks: list[Block], settings) -> tuple[list[Decl], list[Block]]:
    """(the declarations that give entries, in document order; the blocks set apart)."""
    blocks = [b for b in blocks if b.decls]
    for b in blocks:  # a Go const group is named by its members' type: `OK Code = 0`
        if b.kind == "group" and not b.name and b.member_type:
            b.name = b.member_type
    loose = next((b for b in blocks if b.loose), None)
    named = [b for b in blocks if not b.loose]
    speaking = [b for b in named if speaks_of_errors(b, settings.member_error_share)]
    loose_speaking = [d for d in loose.decls if decl_speaks(d)] if loose else []
    keep: list[Decl] = []
    apart: list[Block] = []
    if speaking or loose_speaking:
        for b in named:
            (keep.extend(b.decls) if b in speaking else apart.append(b))
        if loose:
            if loose_speaking:
                keep.extend(loose_speaking)
                rest = [d for d in loose.decls if d not in loose_speaking]
            else:
                rest = loose.decls
            if rest:
                apart.append(Block("", "loose", rest[0].line, loose=True, decls=rest))
    else:
        others = [b for b in named if other_kind(b)]
        if len(others) == len(named) and not loose:
            others = []
        for b in blocks:
            (apart.append(b) if b in others else keep.extend(b.decls))
    keep.sort(key=lambda d: d.line)
    return keep, apart


def note_of(block: Block, reader) -> Note | None:
    lines = [d.line for d in block.decls] + [k for d in block.decls for k, _ in d.comment]
    lines += [d.tail[0] for d in block.decls if d.tail]
    names = ", ".join(d.name for d in block.decls[:6]) + (", …" if len(block.decls) > 6 else "")
    what = f"`{block.name}`" if block.name else "loose constants"
    text = f"{what}: {len(block.decls)} constants that are not error codes ({names})"
    return Note("preamble", text, reader.loc(lines))
