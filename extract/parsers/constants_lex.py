"""Line-level reading of source code for the constants layout: a line's code and its trailing comment, its
brackets, its parts at top-level commas, one declaration read from a part, and a value read as a code."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..patterns import IDENTIFIER_SRC, SNAKE_CAPS_SRC, SOURCE_NUMBER, STATUS_SRC, STRING_LITERAL, code_shape

PAIRS = {"(": ")", "[": "]", "{": "}"}
CLOSERS = {v: k for k, v in PAIRS.items()}
COMMENT_LEAD = re.compile(r"^(?:/\*+!?<?|//+[!<]?<?|#+:?)\s?")
MODIFIERS = re.compile(r"^\s*(?:(?:export|pub(?:\([\w:]+\))?|public|private|protected|internal|static|readonly|final"
                       r"|const|constexpr|val|let|var|declare|default|unsafe|new|override|sealed|abstract"
                       r"|inline)\s+)*")
IDENTIFIER = re.compile(IDENTIFIER_SRC)
DEFINE = re.compile(r"^\s*#\s*define\s+(?P<name>" + IDENTIFIER_SRC + r")(?:\s+(?P<value>\S.*))?$")
CALL = re.compile(r"^(?P<name>" + IDENTIFIER_SRC + r")\s*\((?P<args>.*)\)$")
SYMBOL_VALUE = re.compile(SNAKE_CAPS_SRC)
DOTTED = re.compile(IDENTIFIER_SRC + r"(?:\." + IDENTIFIER_SRC + r")+")
IOTA = re.compile(r"iota(?:\s*\+\s*(?P<a>\d+))?|(?P<b>\d+)\s*\+\s*iota")
# a type written before the name (`const string X`, `static final int X`, `uint32_t X`); else `X Code` is Go
TYPE_WORDS = frozenset({"int", "long", "short", "string", "String", "char", "byte", "sbyte", "uint", "ulong", "ushort",
                        "bool", "boolean", "float", "double", "unsigned", "signed", "Integer", "Long", "Int", "str",
                        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "u8", "u16", "u32",
                        "u64", "i8", "i16", "i32", "i64", "usize", "isize", "auto", "enum", "decimal"})
CODE_SHAPES = ("decimal", "negative", "hex", "sqlstate", "prefixed")
# what a class attribute of an exception class holds, by its name with `_` and a `default` lead dropped
# (`code`, `CODE`, `error_code`, `default_code`; `default_description`, `MESSAGE`, `default_detail`)
ATTRIBUTE_ROLES = {"code": "code", "errorcode": "code", "errcode": "code",
                   "message": "message", "msg": "message", "errormessage": "message",
                   "description": "description", "desc": "description", "detail": "description",
                   "statuscode": "http_status", "httpstatus": "http_status", "httpstatuscode": "http_status",
                   "status": "http_status"}
STRING_PREFIXES = frozenset({"r", "u", "f", "b", "rb", "br", "fr", "rf", "@", "$"})
# a call or bracket around a value: `_(`, `gettext(`, `(`
WRAPPER = re.compile(r"(?:[A-Za-z_][\w.]*\s*)?\(")
STATUS_IN_NAME = re.compile(r"(?:^|_)(?P<status>" + STATUS_SRC + r")(?:_|$)")


def comment_text(comment: str) -> str:
    """`/**< The format is invalid. */` → `The format is invalid.`"""
    text = COMMENT_LEAD.sub("", comment.strip()).strip()
    return text.removesuffix("*/").strip()


def mask_strings(line: str) -> tuple[str, int | None]:
    """The line with the inside of its string literals blanked (same length), and where a trailing comment
    starts (None: no comment). `#` starts a comment only after a space (`x = 1  # text`), not in `#define`."""
    out = list(line)
    quote = None
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if quote:
            if ch == "\\":
                out[i] = " "
                if i + 1 < n:
                    out[i + 1] = " "
                i += 2
                continue
            if ch == quote:
                quote = None
            else:
                out[i] = " "
        elif ch in "\"`" or (ch == "'" and not (i and (line[i - 1].isalnum() or line[i - 1] == "&"))):
            quote = ch  # `&'a str` and `don't` are no strings
        elif ch == "/" and i + 1 < n and line[i + 1] in "/*":
            return "".join(out[:i]), i
        elif ch == "#" and i and line[i - 1] in " \t" and (i + 1 == n or line[i + 1] in " :"):
            return "".join(out[:i]), i
        i += 1
    return "".join(out), None


def pieces(masked: str) -> list[tuple[int, int, str]]:
    """(start, end, event) over a masked line: the spans between brackets left open or closed by the line.
    event: '' at the end, an opener the line leaves open, or a closer of a bracket opened before the line.
    Brackets closed on the same line stay inside their span (a call's arguments, a one-line object)."""
    stack: list[int] = []
    unmatched: dict[int, str] = {}
    for i, ch in enumerate(masked):
        if ch in PAIRS:
            stack.append(i)
        elif ch in CLOSERS:
            if stack and masked[stack[-1]] == CLOSERS[ch]:
                stack.pop()
            else:
                unmatched[i] = ch
    for i in stack:
        unmatched[i] = masked[i]
    out, start = [], 0
    for i in sorted(unmatched):
        out.append((start, i, unmatched[i]))
        start = i + 1
    out.append((start, len(masked), ""))
    return out


def split_parts(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of masked[start:end] between commas outside brackets."""
    out, depth, s = [], 0, start
    for i in range(start, end):
        ch = masked[i]
        if ch in PAIRS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
        elif ch == "," and depth == 0:
            out.append((s, i))
            s = i + 1
    out.append((s, end))
    return out


@dataclass
class Declared:
    name: str
    value: str | None  # the value as written; None for a bare enum member
    args: list[str] | None = None  # a call member's arguments: `NOT_FOUND(4040, 404, "text")`
    define: bool = False
    colon: bool = False  # `NAME: value` (an object's entry)
    annotation: str = ""  # `X: u32 = 1`, `size: int = 0`


def declaration(raw: str, masked: str) -> Declared | None:
    """One declaration read from one part of a line (raw text, and the same with strings masked)."""
    raw, masked = raw.strip().rstrip(";,").strip(), masked.strip().rstrip(";,").strip()
    if not raw:
        return None
    m = DEFINE.match(raw)
    if m:
        return Declared(m.group("name"), (m.group("value") or "").strip() or "", define=True)
    lead = MODIFIERS.match(masked).end()
    raw, masked = raw[lead:], masked[lead:]
    m = CALL.match(masked)
    if m:
        args_raw = raw[m.start("args"):m.end("args")]
        args_masked = masked[m.start("args"):m.end("args")]
        args = [args_raw[a:b].strip() for a, b in split_parts(args_masked, 0, len(args_masked))]
        return Declared(m.group("name"), None, args=[a for a in args if a])
    op = _operator(masked)
    if op is None:
        return Declared(masked, None) if IDENTIFIER.fullmatch(masked) else None
    left, value = masked[:op], raw[op + 1:].strip()
    colon = masked[op] == ":"
    annotation = ""
    if not colon and ":" in left:
        left, annotation = left.split(":", 1)  # `X: u32 = 1`, `type: Final[int] = 3`
    tokens = left.split()
    if not tokens or len(tokens) > 3:
        return None
    if len(tokens) == 1:
        name = tokens[0]
        # `WebSocketConnection.CLOSE_REASON_NORMAL = 1000;`: a constant set on its owner (JS statics)
        if not colon and DOTTED.fullmatch(name) and SYMBOL_VALUE.fullmatch(name.rsplit(".", 1)[1]):
            name = name.rsplit(".", 1)[1]
    elif tokens[0] in TYPE_WORDS or tokens[0].endswith("_t") or "<" in tokens[0] or "[" in tokens[0]:
        name = tokens[-1]
    elif len(tokens) == 2:
        name = tokens[0]  # Go: `ErrNotFound Code = 404001`
    else:
        return None
    if not IDENTIFIER.fullmatch(name):
        return None
    return Declared(name, value, colon=colon, annotation=annotation.strip())


def _operator(masked: str) -> int | None:
    """Where `=` (or, in an object, `:`) assigns: not `==`, `=>`, `<=`, `!=`."""
    depth = 0
    colon = None
    for i, ch in enumerate(masked):
        if ch in PAIRS:
            depth += 1
        elif ch in CLOSERS:
            depth -= 1
        elif depth == 0 and ch == "=":
            nxt = masked[i + 1:i + 2]
            prev = masked[i - 1:i]
            if nxt not in ("=", ">") and prev not in ("=", "!", "<", ">"):
                return i
            return None
        elif depth == 0 and ch == ":" and colon is None and masked[i + 1:i + 2] != ":":
            colon = i
    return colon


@dataclass
class Value:
    kind: str  # code | symbolic | prose | empty | alias | iota
    text: str = ""  # the code as the catalog writes it, the prose, or the alias's target
    step: int = 0  # iota + step


def read_value(text: str) -> Value | None:
    """What a constant's value is: a code (a number, hex, or a string shaped like a code), prose (a message),
    a reference to another constant, Go's iota, or nothing readable (None)."""
    t = text.strip()
    m = SOURCE_NUMBER.fullmatch(t)
    if m:
        num = m.group("num").replace("_", "").replace(" ", "")
        return Value("code", num)
    m = STRING_LITERAL.fullmatch(t)
    if m:
        s = next(g for g in m.groups() if g is not None)
        if not s.strip():
            return Value("empty")
        shape = code_shape(s)
        if shape in CODE_SHAPES:
            return Value("code", s.strip())
        if shape == "symbolic":
            return Value("symbolic", s.strip())
        return Value("prose", s)
    m = IOTA.fullmatch(t)
    if m:
        return Value("iota", step=int(m.group("a") or m.group("b") or 0))
    m = CALL.match(t)
    if m and "," not in m.group("args"):  # a newtype: `Reason(1)`
        inner = read_value(m.group("args"))
        return inner if inner and inner.kind == "code" else None
    if IDENTIFIER.fullmatch(t) or DOTTED.fullmatch(t):
        return Value("alias", t)
    return None


def attribute_role(name: str) -> str | None:
    """What an attribute of an exception class holds (code, message, description, http_status), by its name."""
    key = name.lower().replace("_", "")
    if key.startswith("default") and key != "default":
        key = key[len("default"):]
    return ATTRIBUTE_ROLES.get(key)


def literal_text(value: str) -> str | None:
    """The text of a value made only of string literals: one, or several joined by juxtaposition or `+`
    (Python's `("An internal error " "occurred")`), perhaps inside brackets or a call (`_('Not found.')`)."""
    t = value.strip().rstrip(",;").strip()
    m = WRAPPER.match(t)
    if m and t.endswith(")"):
        t = t[m.end():-1].strip()
    pos, parts = 0, []
    for s in STRING_LITERAL.finditer(t):
        gap = t[pos:s.start()].strip(" \t+\\")
        if gap and gap.lower() not in STRING_PREFIXES:
            return None
        parts.append(next(g for g in s.groups() if g is not None))
        pos = s.end()
    if not parts or t[pos:].strip(" \t+\\"):
        return None
    return "".join(parts).replace('\\"', '"').replace("\\'", "'")


def status_of_value(value: str) -> int | None:
    """An HTTP status given as a number (`404`) or by a constant naming it (`status.HTTP_404_NOT_FOUND`)."""
    t = value.strip().rstrip(",;").strip()
    if t.isdigit() and len(t) == 3 and t[0] in "12345":
        return int(t)
    if not (IDENTIFIER.fullmatch(t) or DOTTED.fullmatch(t)):
        return None
    m = STATUS_IN_NAME.search(t.rsplit(".", 1)[-1])
    return int(m.group("status")) if m else None
