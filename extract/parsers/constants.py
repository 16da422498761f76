"""Error codes declared as constants in source code: enums (C, C#, Java, TypeScript, Rust, protobuf), `#define`,
typed and `iota` consts (Go), class and module constants (Python, C#, Java, Kotlin), object literals and maps of
code → message. The code is decided by the value's shape, the name by the declared identifier; the doc comment
above (`/** */`, `///`, `//`, `#:`) and the comment beside (`/**< */`, `// `, `# `) describe the constant.

Exception classes that carry their code as a class attribute (Python `class NotFound(ApiError): code = "NotFound";
default_description = "..."`, Java/C# `static final String CODE = "x"`) are read one constant per class: the code
from the attribute named as a code (`code`, `CODE`, `error_code`, `default_code`), the text from those named as a
message or description (`message`, `description`, `default_description`, `default_detail`; a value written over
several lines as adjacent literals is joined) or else the class docstring, an HTTP status from `status_code`; the
class name is the entry's name only where the code is not itself a name (`code = 4001`). A class without a code
attribute (the base class) gives no entry; the other constants of a class with one are a note.

The stated rule for blocks that are not errors (`extract/parsers/constants_blocks.py`): constants are grouped
per block (an enum, a class, a const group, an object; the file's loose constants form one more). A block
speaks of errors when its name has an error word (Error, Code, Status, Reason, Result, Errno, SQLSTATE…) or
most of its members' names carry a failure word (`_FAILED`, `INVALID_`); loose constants speak one by one.
When some block speaks of errors, only the blocks (and loose constants) that speak give entries; otherwise
every block does but those named as another kind of value (`Locale`, `MsgType`, `Mode`). The rest become a
note each: kept apart, never entries."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..documents import Document
from ..model import Cell, Layout, Loc, Parsed, Record
from ..patterns import HEX_SRC, HTTP_MAPPING, INLINE_TAG, SETTING_NAME
from ..text import collapse
from . import Context, LayoutRule
from .constants_blocks import Block, Decl, blocks_of_errors, note_of
from .constants_lex import (attribute_role, comment_text, declaration, literal_text, mask_strings, pieces,
                            read_value, split_parts, status_of_value, Value)

COMMENT_OPEN = re.compile(r"^\s*/\*")
COMMENT_LINE = re.compile(r"^\s*(\*|//+!?|#+:?)\s?")
DOC_TAG = re.compile(r"^[@\\]\w+")
LINK_TAG = re.compile(r"\{@\w+\s++([^{}]*)\}")
DOXYGEN_INLINE = re.compile(r"\\[cpab]\s+")
GROUP_NAME = re.compile(r"^[@\\]name\s+(?P<name>\S.*)$")
GROUP_END = re.compile(r"^[@\\]\}")
GROUP_OPEN = re.compile(r"^[@\\]\{")
# a preprocessor or C# directive (`#define`, `#region`), not a `# comment`: the word follows `#` directly, or is one
# only C writes after a space (`# include`)
DIRECTIVE = re.compile(r"^#(?:define|include|if|ifdef|ifndef|endif|else|elif|pragma|undef|region|endregion|nullable"
                       r"|line|error|warning|import|!)\b|^#\s+(?:define|include|ifdef|ifndef|endif|pragma|undef)\b")
REGION = re.compile(r"^\s*#\s*region\b\s*(?P<name>.*)$")
ENDREGION = re.compile(r"^\s*#\s*endregion\b")
PY_BLOCK = re.compile(r"^\s*(?P<word>class|def|async\s+def|if|elif|else|for|while|with|try|except|finally|match"
                      r"|case)\b(?P<rest>.*):\s*$")
PY_CLASS = re.compile(r"^\s*class\s+(?P<name>\w+)")
# the base class of a class header: Python `(Base)`, Java `extends Base`, C#/Kotlin `: Base`
BASE_CLASS = re.compile(r"\bclass\s+\w+\s*(?:<[^<>]*>\s*)?(?:\(\s*(?P<py>[\w.]+)|extends\s+(?P<java>[\w.]+)"
                        r"|:\s*(?P<cs>[\w.]+))")
ENUM_HEAD = re.compile(r"\benum\b\s*(?:(?:class|struct)\s+)?(?P<name>\w+)?")
CONTAINER_HEAD = re.compile(r"\b(?P<word>class|struct|object|interface|namespace|module|message|record|impl|trait"
                            r"|union)\s+(?P<name>\w+)")
# An assignment's head (`const Codes =`, `errors: Record<K, V> =`, `x = new Map<K, V>(`) ends on its last `=` or
# `:`, then perhaps `Object.freeze(` or `new T(`; `assigned_name` finds the name before it in one pass.
ASSIGN_TAIL = re.compile(r"\s*+(?:Object\.freeze\(\s*+|new\s++[\w<>, ]*+\(\s*+)?")
WORD_THEN_SPACE = re.compile(r"(\w+)\s*+")
MAP_HEAD = re.compile(r"\bmap\[|Dictionary<|\bMap<|HashMap|\bdict\(")
GO_GROUP = re.compile(r"^\s*(?:const|var)\s*$")
TYPEDEF_NAME = re.compile(r"^\s*+(?P<name>\w++)\s*+;?\s*+$")
# a key that names a member of an enum (`CloseCode.SERVICE_RESTART`), and how such an arm is held until the
# members' codes are known
MEMBER_REF_SRC = r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+"
MEMBER_REF = re.compile(MEMBER_REF_SRC)
NAMED = "\x00name:"
ARM = re.compile(r"^\s*(?P<key>-?(?:" + HEX_SRC + r"|\d+)|\"[^\"]+\"|'[^']+'|" + MEMBER_REF_SRC
                 + r")\s*(?:=>|:)\s*(?P<value>.*)$")
# a reST directive (`.. code-block:: python`) or a heading underline: a document about code, not code
DOC_MARKUP = re.compile(r"\.\.\s+[\w-]+::|[=\-~^]{4,}\s*$")
# a sentence outside any comment: a letter, then at least 7 more words, ending with a full stop
PROSE_LINE = re.compile(r"[A-Za-z][\w'’,-]*(?:\s+[^\s=;{}]+){7,}[.:]\s*$")
STRING_PIECE = re.compile(r"(?<!\\)\"((?:[^\"\\]|\\.)*+)\"")  # (not after a backslash: see patterns.STRING_LITERAL)
IDENTIFIER_WORD = re.compile(r"[A-Za-z_][\w.-]*")

ENTRY_FRAMES = (None, "enum", "container", "group", "object")


@dataclass
class Frame:
    kind: str  # enum | container | group | object | body | call
    name: str = ""
    closer: str | None = None  # None: a Python block, closed by indentation
    indent: int = 0
    block: Block | None = None
    last: Decl | None = None  # the member before, for auto-increment and iota
    bases: str = ""
    line: int = 0  # the header's line
    base: str = ""  # a class's base class
    # a class's attributes named as a code, message, description or status: role → (value as written, lines)
    attrs: dict = field(default_factory=dict)
    docstring: list = field(default_factory=list)  # a Python class's docstring lines: (line, text)


def sniff(doc: Document) -> float:
    """Cheap: declarations with a code's value in the first lines, against the signs of a document about code
    (a Markdown fence, a reST directive or underline) and its running prose (sentences outside comments)."""
    if doc.is_pdf:
        return 0.0
    settings = Context("").settings.constants
    found = prose = 0
    for line in doc.lines[:settings.sniff_lines]:
        s = line.lstrip()
        if not s:
            continue
        if s.startswith("```") or DOC_MARKUP.match(s):
            return 0.0  # Markdown or reST with code samples: their own layouts read them
        if PROSE_LINE.match(s):
            prose += 1
            continue
        masked, cut = mask_strings(line)
        code = line[:cut] if cut is not None else line
        d = declaration(code, masked)
        a = ARM.match(code)
        if a and a.group("key")[0] not in "\"'":  # `404: "Not found.",`, `1 => "text",` (not JSON's quoted keys)
            v = read_value(a.group("value").strip().rstrip(",;"))
            found += bool(v and v.kind == "prose")
        elif d and (d.value or d.args) and not d.colon:
            v = read_value(d.value) if d.value is not None else _call_code(d.args)
            # an exception class's `code = "NotFound"`: the attribute's name says a code, so a name is one too
            found += bool(v and v.kind in ("code", "iota")
                          or attribute_role(d.name) == "code" and _attribute_code(d.value or "") is not None)
        elif d and d.colon and code.rstrip().endswith(",") and d.value:
            v = read_value(d.value)
            found += bool(v and v.kind == "code")
    if found >= settings.min_declarations and prose <= found * settings.prose_per_declaration:
        return settings.confidence
    return 0.0


def _call_code(args):
    v = read_value(args[0]) if args else None
    return v if v and v.kind == "code" else None


def parse(doc: Document, ctx: Context) -> Parsed:
    out = Parsed(doc.source, ctx.catalog, "constants")
    reader = _Reader(doc, ctx, out)
    reader.read()
    return out


class _Reader:
    def __init__(self, doc: Document, ctx: Context, out: Parsed):
        self.doc, self.ctx, self.out = doc, ctx, out
        self.settings = ctx.settings.constants
        self.frames: list[Frame] = []
        self.loose = Block("", "loose", 0, loose=True)
        self.blocks: list[Block] = [self.loose]
        self.comment: list[tuple[int, str]] = []
        self.category: tuple[str, int] | None = None  # (name, line) of a `#region` or Doxygen `\name` group
        self.arms: list[tuple[str, str, list[int]]] = []  # (code, message, lines) from maps and match arms
        self.layout: dict[str, list[int]] = {}
        self.last_header = ""
        self.header_comment: list[tuple[int, str]] = []  # the doc comment above the last header
        self.class_blocks: dict[str, Block] = {}  # exception classes, one block per base class
        self.apart: list[Block] = []  # the other constants of exception classes
        # an attribute whose value runs over lines: (name, the class frame, the bracket's frame, lines, texts)
        self.pending: tuple[str, Frame, Frame, list[int], list[str]] | None = None
        self.doc_lines: list[tuple[int, str]] | None = None  # a class docstring being read

    def loc(self, ns) -> Loc:
        return Loc(self.doc.source, self.doc.path, tuple(sorted(set(ns))))

    def mark(self, role: str, n: int) -> None:
        self.layout.setdefault(role, []).append(n)

    # ------------------------------------------------------------------------------------------ the scan
    def read(self) -> None:
        lines = self.doc.lines
        in_comment = False
        docstring: str | None = None
        arm: tuple[str, list[int], list[str]] | None = None
        for n, line in enumerate(lines, 1):
            stripped = line.strip()
            if docstring:
                self.mark("source code and comments", n)
                if self.doc_lines is not None:
                    self.doc_lines.append((n, stripped.split(docstring)[0].strip()))
                if docstring in stripped:
                    docstring = None
                    self._docstring_done()
                continue
            if in_comment:
                in_comment = "*/" not in stripped
                self._comment_line(n, COMMENT_LINE.sub("", stripped.removesuffix("*/")).strip())
                continue
            if not stripped:
                continue
            if arm is not None:  # `10 => {` … the arm's string, perhaps `\`-continued … `}`
                code, ns, texts = arm
                ns.append(n)
                if stripped.startswith("}") or len(ns) > self.settings.arm_lines:
                    joined = "".join(t[:-1] if t.endswith("\\") else t + " " for t in texts)
                    found = [_unescape(t) for t in STRING_PIECE.findall(joined)]
                    if found:
                        self.arms.append((code, collapse("".join(found)), ns))
                    if self.frames and self.frames[-1].closer == "}":
                        self.frames.pop()
                    arm = None
                else:
                    texts.append(stripped)
                continue
            if stripped.startswith("/*"):
                body = comment_text(stripped)
                in_comment = "*/" not in stripped[2:]
                self._comment_line(n, body, opening=True)
                continue
            if stripped.startswith("//") or (stripped.startswith("#") and not DIRECTIVE.match(stripped)
                                             and not stripped.startswith("#[")):
                self._comment_line(n, comment_text(stripped).lstrip(":").strip())
                continue
            if stripped.startswith(('"""', "'''", 'r"""')):
                quote = stripped.lstrip("r")[:3]
                self.mark("source code and comments", n)
                if stripped.count(quote) == 1:
                    docstring = quote
                if self._docstring_owner(line) is not None:
                    self.doc_lines = [(n, stripped.lstrip("r")[3:].split(quote)[0].strip())]
                    if docstring is None:
                        self._docstring_done()
                self.comment = []
                continue
            m = REGION.match(line)
            if m:
                self.category = (m.group("name").strip(), n) if m.group("name").strip() else None
                self.mark("region heading", n)
                self.comment = []
                continue
            if ENDREGION.match(line):
                self.category = None
                self.mark("region heading", n)
                continue
            arm = self._code_line(n, line)
        while self.frames:  # what the end of the file closes (a Python class at the end)
            self._close(self.frames.pop())

    def _docstring_owner(self, line: str) -> Frame | None:
        """The Python class a docstring opening on this line documents: its first statement."""
        frame = self._frame()
        if frame is None or frame.kind != "container" or frame.closer is not None or frame.docstring \
                or frame.attrs or (frame.block and frame.block.decls) or self._indent(line) <= frame.indent:
            return None
        return frame

    def _docstring_done(self) -> None:
        frame = self._frame()
        lines, self.doc_lines = self.doc_lines or [], None
        if frame is not None:
            frame.docstring = [(k, t) for k, t in lines if t]
    def _comment_line(self, n: int, text: str, opening: bool = False) -> None:
        if opening:
            self.comment = []
        g = GROUP_NAME.match(text)
        if g:
            self.category = (g.group("name").strip().removesuffix("*/").strip(), n)
            self.mark("group heading", n)
            return
        if GROUP_OPEN.match(text):
            self.mark("group heading", n)
            return
        if GROUP_END.match(text):
            self.category = None
            self.mark("group heading", n)
            return
        self.comment.append((n, text))

    def _indent(self, line: str) -> int:
        return len(line) - len(line.lstrip())

    def _code_line(self, n: int, line: str):
        ind = self._indent(line)
        while self.frames and self.frames[-1].closer is None and self.frames[-1].indent >= ind:
            self._close(self.frames.pop())
        masked, cut = mask_strings(line)
        code = line[:cut] if cut is not None else line
        tail = (n, comment_text(line[cut:])) if cut is not None else None
        taken = False
        arm = None
        if self.pending is not None and any(f is self.pending[2] for f in self.frames):  # a value continued
            self.pending[3].append(n)
            self.pending[4].append(code)
            taken = True
        spans = pieces(masked)
        if len(spans) == 1 and self._one_line_block(n, code, masked, ind, tail):
            spans = []
        for start, end, event in spans:
            taken |= self._members(n, code, masked, start, end, tail)
            if event in ("(", "[", "{"):
                header = masked[:start] + masked[start:end] if start else masked[:end]
                above = self.comment
                if not masked[:end].strip():  # a brace on its own line: the header and its doc comment before
                    header, above = self.last_header, self.header_comment
                a = ARM.match(masked[:end])
                if event == "{" and a and not a.group("value").strip():
                    arm = (code[a.start("key"):a.end("key")].strip("\"'"), [n], [])
                owner = self._frame()
                self._open(event, header, ind, n, above)
                if event == "(" and owner is not None and owner.kind == "container" and self.pending is None:
                    d = declaration(code[start:end], masked[start:end])  # `default_description = (`
                    if d is not None and d.value == "" and attribute_role(d.name):
                        self.pending = (d.name, owner, self.frames[-1], [n], [code[end:]])
                        taken = True
            elif event:
                if self.frames and self.frames[-1].closer == event:
                    frame = self.frames.pop()
                    if self.pending is not None and frame is self.pending[2]:
                        name, owner, _, ns, texts = self.pending
                        owner.attrs.setdefault(attribute_role(name), (" ".join(texts), tuple(ns)))
                        self.pending = None
                    rest = TYPEDEF_NAME.match(masked[end + 1:]) if end + 1 <= len(masked) else None
                    if frame.kind == "enum" and not frame.name and rest:
                        frame.name = rest.group("name")
                        if frame.block:
                            frame.block.name = frame.name
                    self._close(frame)
        m = PY_BLOCK.match(masked)
        if m:
            cls = PY_CLASS.match(masked)
            kind = "container" if cls else "body"
            frame = Frame(kind, cls.group("name") if cls else "", None, ind, line=n)
            if cls:
                frame.name = cls.group("name")
                frame.bases = m.group("rest")
                frame.base = _base_class(masked)
            self.frames.append(frame)
        if masked.strip():
            self.last_header = masked
            self.header_comment = self.comment
        if not taken:
            role = "source code and comments"
            self.mark(role, n)
            for k, _ in self.comment:
                self.mark(role, k)
            self.comment = []
        return arm

    def _one_line_block(self, n: int, code: str, masked: str, ind: int, tail) -> bool:
        """`enum demo_state { IDLE = 0x10, BUSY = 0x11 };`, `const E = { A: 1, B: 2 };` on one line."""
        i = masked.find("{")
        if i < 0:
            return False
        h = masked[:i]
        if not (ENUM_HEAD.search(h) or h.rstrip().endswith(("=", ":"))):
            return False
        depth, j = 0, i
        for j in range(i, len(masked)):
            depth += {"{": 1, "}": -1}.get(masked[j], 0)
            if depth == 0:
                break
        self._open("{", h, ind)
        took = self._members(n, code, masked, i + 1, j, tail)
        frame = self.frames.pop()
        rest = TYPEDEF_NAME.match(masked[j + 1:])
        if frame.kind == "enum" and not frame.name and rest and frame.block:
            frame.block.name = rest.group("name")
        if not took:
            self.mark("source code and comments", n)
        return True

    def _open(self, bracket: str, header: str, ind: int, n: int = 0, above: list | None = None) -> None:
        h = header.rstrip()
        if bracket == "(":
            kind = "group" if GO_GROUP.match(h) else "call"
            self.frames.append(Frame(kind, "", ")", ind))
            return
        if bracket == "[":
            self.frames.append(Frame("call", "", "]", ind))
            return
        e = ENUM_HEAD.search(h)
        c = CONTAINER_HEAD.search(h)
        assigned = assigned_name(h)
        if e:
            frame = Frame("enum", e.group("name") or "", "}", ind)
        elif MAP_HEAD.search(h):
            frame = Frame("object", assigned or "", "}", ind)
        elif c and c.group("word") != "impl" or (c and "(" not in h):
            frame = Frame("container", c.group("name"), "}", ind, line=n, base=_base_class(h))
            frame.docstring = [(k, t) for k, t in (above or []) if t]  # the doc comment above the class
        elif assigned is not None or h.strip().endswith(("=", ":", "(")) or not h.strip():
            frame = Frame("object", assigned or "", "}", ind)
        else:
            frame = Frame("body", "", "}", ind)
        self.frames.append(frame)

    def _close(self, frame: Frame) -> None:
        """A class that carries its code as an attribute becomes one constant of its base class's block."""
        if frame.kind != "container" or "code" not in frame.attrs:
            return
        value, ns = frame.attrs["code"]
        v = _attribute_code(value)
        if v is None:
            return
        decl = Decl(frame.name, ns[0], code=v.text, symbolic=v.kind == "symbolic", named=v.kind != "symbolic")
        if "http_status" in frame.attrs:
            decl.status = status_of_value(frame.attrs["http_status"][0])
        if "message" in frame.attrs:
            text = literal_text(frame.attrs["message"][0])
            if text and text.strip():
                decl.message, decl.message_lines = collapse(text), frame.attrs["message"][1]
        if "description" in frame.attrs:
            text = literal_text(frame.attrs["description"][0])
            if text and text.strip():
                decl.text = (collapse(text), frame.attrs["description"][1])
        if decl.message is None and decl.text is None and frame.docstring:  # or the doc comment above it
            text, _, _ = _describe(Decl("", 0, comment=frame.docstring))
            if text:
                decl.text = (collapse(" ".join(t for _, t in text)), tuple(k for k, _ in text))
        if frame.block is not None and any(b is frame.block for b in self.blocks):  # its attributes: this constant
            self.blocks = [b for b in self.blocks if b is not frame.block]
            rest = [d for d in frame.block.decls if not attribute_role(d.name)]
            if rest:
                frame.block.decls = rest
                self.apart.append(frame.block)
        base = frame.base or frame.name
        block = self.class_blocks.get(base)
        if block is None:
            block = self.class_blocks[base] = Block(base, "classes", decl.line, bases=base)
            self.blocks.append(block)
        block.decls.append(decl)

    def _frame(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def _block(self, frame: Frame | None) -> Block:
        if frame is None:
            return self.loose
        if frame.block is None:
            frame.block = Block(frame.name, frame.kind, 0, bases=getattr(frame, "bases", ""))
            self.blocks.append(frame.block)
        return frame.block

    # ------------------------------------------------------------------------------------------ one line's members
    def _members(self, n: int, code: str, masked: str, start: int, end: int, tail) -> bool:
        if not masked[start:end].strip():
            return False
        frame = self._frame()
        kind = frame.kind if frame else None
        text = masked[start:end]
        a = ARM.match(text)
        if a and a.group("value").strip():
            v = read_value(code[a.start("value") + 0:a.end("value")].strip().rstrip(",;"))
            raw_key = code[a.start("key"):a.end("key")]
            quoted = code[a.start("value"):a.end("value")].strip()[:1] in ("'", '"')
            if v and (v.kind == "prose" or quoted) and MEMBER_REF.fullmatch(raw_key):
                # `CloseCode.SERVICE_RESTART: "service restart"`: a map keyed by an enum's members
                self.arms.append((NAMED + raw_key.rsplit(".", 1)[1], collapse(v.text), [n]))
                return True
            key = read_value(raw_key)
            if v and v.kind == "prose" and key and key.kind == "code":
                self.arms.append((key.text, collapse(v.text), [n]))
                return True
        if kind not in ENTRY_FRAMES:
            return False
        parts = split_parts(masked, start, end) if kind == "enum" else [(start, end)]
        took = False
        for s, e in parts:
            raw, msk = code[s:min(e, len(code))], masked[s:e]
            if not msk.strip():
                continue
            d = declaration(raw, msk)
            if d is None:
                continue
            decl = self._decl(n, d, frame, len(parts) == 1 or (s, e) == parts[-1])
            if decl is None:
                continue
            if tail and (s, e) == parts[-1] or (tail and len([p for p in parts if masked[p[0]:p[1]].strip()]) == 1):
                decl.tail = tail
            took = True
        return took

    def _decl(self, n: int, d, frame: Frame | None, last_part: bool) -> Decl | None:
        kind = frame.kind if frame else None
        if kind == "container" and d.value and attribute_role(d.name) \
                and not (frame.closer is None and d.annotation and "Final" not in d.annotation):
            # `code = "NotFound"` in a class (not `code: int = 0`, a field of a Python record type)
            frame.attrs.setdefault(attribute_role(d.name), (d.value, (n,)))
        block = self._block(frame)
        decl = Decl(d.name, n)
        if d.args is not None:
            if kind != "enum":
                return None
            self._call_member(decl, d.args)
            if decl.code is None and not decl.empty:
                return None
        elif d.value is None:  # a bare member: `UnknownApplication,` counts on from the one before
            if kind not in ("enum", "group") or d.name in ("const", "var"):
                return None
            prev = frame.last if frame else None
            if prev is None and kind == "enum":
                decl.code, decl.implicit = "0", True
            elif prev is not None and prev.code is not None and _is_int(prev.code) and (kind == "enum" or prev.iota):
                decl.code, decl.implicit, decl.iota = str(int(prev.code, 0) + 1), True, prev.iota
                if prev.code.lower().startswith(("0x", "-0x")):
                    decl.code = hex(int(prev.code, 0) + 1)
            else:
                return None
        else:
            if d.define and not d.value:
                return None
            if frame is not None and frame.closer is None and d.annotation and "Final" not in d.annotation:
                return None  # `size: int = 0` in a Python class: a field of a record type, not a constant
            if d.colon and kind not in ("object",):
                return None
            v = read_value(d.value)
            if v is None:
                return None
            if v.kind == "code":
                decl.code = v.text
            elif v.kind == "symbolic":
                decl.code = v.text
                decl.symbolic = True
            elif v.kind == "prose":
                decl.code, decl.message, decl.symbolic, decl.by_name = d.name, v.text, True, True
            elif v.kind == "empty":
                decl.empty = True
            elif v.kind == "iota":
                count = len(block.decls) if block and kind == "group" else 0
                decl.code, decl.iota = str(count + v.step), True
            elif v.kind == "alias":
                target = self._lookup(v.text, block)
                if target is not None and target.code is not None:
                    decl.code, decl.alias_of = target.code, target.name
                elif re.fullmatch(r"[A-Z][A-Z0-9]*_[A-Z0-9_]+", v.text) and d.define:
                    decl.code, decl.symbolic = v.text, True  # `#define X PSA_ERROR_Y`: the code as written
                else:
                    return None
        decl.comment = self.comment
        self.comment = []
        decl.category = self.category
        block.decls.append(decl)
        if not block.line:
            block.line = n
        if frame is not None:
            frame.last = decl
            if not block.member_type and frame.kind == "group" and d.value is not None:
                pass
        return decl

    def _call_member(self, decl: Decl, args: list[str]) -> None:
        values = [read_value(a) for a in args]
        for i, v in enumerate(values):
            if v is None:
                continue
            if v.kind == "empty" and decl.code is None and i == 0:
                decl.empty = True
            elif v.kind == "code" and decl.code is None:
                decl.code = v.text
            elif v.kind == "code" and decl.status is None and re.fullmatch(r"[1-5]\d\d", v.text):
                decl.status = int(v.text)
            elif v.kind == "prose" and decl.message is None:
                decl.message = collapse(v.text)

    def _lookup(self, ref: str, block: Block) -> Decl | None:
        parts = ref.split(".")
        if len(parts) > 2:
            return None
        if len(parts) == 2:
            if parts[0] != block.name:
                return None  # `WSMsgType.ERROR` in another block: a use of that block's member, no constant
            
        for d in reversed(block.decls):
            if d.name == parts[-1]:
                return d
        if len(parts) == 1:
            for b in self.blocks:
                for d in b.decls:
                    if d.name == parts[0]:
                        return d
        return None

    # ------------------------------------------------------------------------------------------ results
    def finish(self) -> None:
        pass


def _attribute_code(value: str):
    """The code an exception class's code attribute gives: a code, or a name (`"NotImplemented"`, `'throttled'`:
    the attribute's name says it is the code, so one word is one too)."""
    v = read_value(value)
    if v is not None and v.kind == "prose" and IDENTIFIER_WORD.fullmatch(v.text.strip()):
        return Value("symbolic", v.text.strip())
    return v if v is not None and v.kind in ("code", "symbolic") else None


def assigned_name(head: str) -> str | None:
    """The name an assignment's head gives its value: the first word that is followed (after spaces) by the head's
    last `=` or `:`, or by a `:` (a type) with no `=` between it and that last one; None where the head does not
    end as an assignment. One pass: a pattern searched from every word would read the rest of the head again
    for each word, quadratic on a long line."""
    last = max(head.rfind("="), head.rfind(":"))
    if last < 0 or not ASSIGN_TAIL.fullmatch(head, last + 1):
        return None
    equals = head.rfind("=", 0, last)  # a typed name's `:` must come after every `=` but the last
    for m in WORD_THEN_SPACE.finditer(head, 0, last):
        after = m.end()
        if after == last or (head[after] == ":" and equals < after):
            return m.group(1)
    return None


def _base_class(header: str) -> str:
    m = BASE_CLASS.search(header)
    return (m.group("py") or m.group("java") or m.group("cs") or "") if m else ""


def _is_int(code: str) -> bool:
    try:
        int(code, 0)
        return True
    except ValueError:
        return False


def _unescape(text: str) -> str:
    return text.replace("\\\"", "\"")


def _finish(reader: _Reader) -> None:
    out, catalog = reader.out, reader.ctx.catalog
    loc = reader.loc
    for block in list(reader.blocks):  # the base of exception classes with codes: its constants are no codes
        if block.kind == "container" and block.name in reader.class_blocks:
            reader.blocks = [b for b in reader.blocks if b is not block]
            reader.apart.append(block)
    keep, apart = blocks_of_errors(reader.blocks, reader.settings)
    by_code: dict[str, list[Record]] = {}
    for decl in keep:
        if decl.empty or decl.code is None:
            reader.mark("constant without a code", decl.line)
            for k, _ in decl.comment:
                reader.mark("constant without a code", k)
            continue
        if SETTING_NAME.match(decl.name) or decl.name.startswith("_"):
            reader.mark("setting, not an error code", decl.line)
            for k, _ in decl.comment:
                reader.mark("setting, not an error code", k)
            continue
        cells = {"code": Cell(decl.code, decl.code, loc([decl.line]))}
        if decl.named:
            cells["name"] = Cell(decl.name, decl.name, loc([decl.line]))
        text, status, tags = _describe(decl)
        if status:
            cells["http_status"] = Cell(status[0], status[1], loc([status[2]]))
        if decl.status is not None:
            cells["http_status"] = Cell(decl.status, str(decl.status), loc([decl.line]))
        if decl.message:
            cells["message"] = Cell(decl.message, decl.message, loc(decl.message_lines or [decl.line]))
        if decl.text:
            cells["description"] = Cell(decl.text[0], decl.text[0], loc(decl.text[1]))
        elif text:
            cells["description"] = Cell(collapse(" ".join(t for _, t in text)), "\n".join(t for _, t in text),
                                        loc([k for k, _ in text]))
        for k in tags:
            reader.mark("doc comment tag", k)
        if decl.category:
            cells["category"] = Cell(decl.category[0], decl.category[0], loc([decl.category[1]]))
        record = Record(reader.doc.source, catalog, cells, loc([decl.line]), len(out.records))
        out.records.append(record)
        by_code.setdefault(decl.code, []).append(record)
    by_name = {r.get("name"): r.code for r in out.records if r.get("name")}
    for code, message, ns in reader.arms:
        if code.startswith(NAMED):  # keyed by a member: the member's code
            code = by_name.get(code[len(NAMED):], "")
            if not code:
                for k in ns:
                    reader.mark("map keyed by members of another block", k)
                continue
        records = by_code.get(code)
        if records and len(records) >= 1 and "message" not in records[0].cells:
            for r in records[:1]:
                r.cells["message"] = Cell(message, message, loc(ns))
        elif not records and not keep:
            record = Record(reader.doc.source, catalog, {"code": Cell(code, code, loc(ns[:1])),
                                                         "message": Cell(message, message, loc(ns))},
                            loc(ns[:1]), len(out.records))
            out.records.append(record)
            by_code[code] = [record]
        else:
            for k in ns:
                reader.mark("map of codes repeated", k)
    for block in [*apart, *reader.apart]:
        note = note_of(block, reader)
        if note is not None:
            out.notes.append(note)
    for role, ns in reader.layout.items():
        out.layout.append(Layout(role, loc(ns)))
    taken = {k for r in out.records for c in r.cells.values() for k in c.loc.lines}
    taken |= {k for item in out.layout for k in item.loc.lines}
    taken |= {k for note in out.notes for k in note.loc.lines}
    rest = [k for k, line in enumerate(reader.doc.lines, 1) if line.strip() and k not in taken]
    if rest:
        out.layout.append(Layout("source code and comments", loc(rest)))


def _describe(decl: Decl):
    """The doc comment's text lines, the HTTP status it maps to, and its tag lines. A comment made of tags
    alone (`@deprecated Use X instead`) is the text; beside prose, tags (`@static`, `@property`) are layout."""
    lines = list(decl.comment) + ([decl.tail] if decl.tail and decl.tail[1] else [])
    status = None
    text, tags = [], []
    for k, t in lines:
        t = DOXYGEN_INLINE.sub("", LINK_TAG.sub(r"\1", INLINE_TAG.sub("", t))).strip()
        m = HTTP_MAPPING.match(t)
        if m:
            status = (int(m.group("status")), t, k)
            continue
        if not t:
            continue
        (tags if DOC_TAG.match(t) else text).append((k, t))
    if not text and tags:
        text, tags = tags, []
    return text, status, [k for k, _ in tags]


def _parse(doc: Document, ctx: Context) -> Parsed:
    out = Parsed(doc.source, ctx.catalog, "constants")
    reader = _Reader(doc, ctx, out)
    reader.read()
    _finish(reader)
    return out


parse = _parse  # noqa: F811

RULE = LayoutRule("constants", sniff, parse, "error-code constants in source code with doc comments")
