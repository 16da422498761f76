"""Error-code modules: a Python enum, a TypeScript enum, Go constants of a named type, a Java enum.

Each entry is one member, named by the catalog (or by a derived identifier, see `identifiers.py`, listed in the
file's header), valued by its code, under a doc comment in the language's own style holding the message, the
description and an `HTTP Status: N` line (the form the toolkit's constants layout reads back as the status).
A Java enum also carries the status and the message as constructor arguments. Codes are numbers where every
code of the catalog is an integer literal the language reads the same way (no leading zeros; within the
language's range), otherwise text.

Escaping, per language: doc comment text never ends its comment (`*/` in a block comment is broken, Javadoc is
HTML so `& < > @` are references), characters a source file should not hold raw (controls, U+FEFF, line
separators) are written as `U+XXXX`, string literals use the language's own escapes.
"""
from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass

from ..errors import InputError
from ..patterns import HTTP_MAPPING
from .catalog import Catalog, Entry, generated_notice
from .identifiers import KEYWORDS, Identifier, derivations, identifiers, type_name

DECIMAL_LITERAL = re.compile(r"-?(?:0|[1-9][0-9]*)")
HEX_LITERAL = re.compile(r"0[xX][0-9A-Fa-f]+")
UNSAFE_IN_SOURCE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]")
DOC_TAG_START = re.compile(r"[@\\]\w")
WIDTH = 96
INT_RANGES = {"python": None, "typescript": (-(2 ** 53) + 1, 2 ** 53 - 1), "go": (-(2 ** 63), 2 ** 63 - 1),
              "java": (-(2 ** 63), 2 ** 63 - 1)}


@dataclass(frozen=True)
class Options:
    type_name: str = ""  # the enum's or type's name (default: from the catalog's slug)
    package: str = ""  # Java package / Go package name


# ------------------------------------------------------------------------------------------------ shared
def numeric_codes(catalog: Catalog, language: str) -> bool:
    """Whether every code is an integer literal that reads back as written, within the language's range."""
    bounds = INT_RANGES[language]
    for e in catalog.entries:
        if HEX_LITERAL.fullmatch(e.code):
            value = int(e.code, 16)
        elif DECIMAL_LITERAL.fullmatch(e.code):
            value = int(e.code)
        else:
            return False
        if bounds and not bounds[0] <= value <= bounds[1]:
            return False
    return bool(catalog.entries)


def visible(text: str) -> str:
    """Characters a source file should not hold raw, written as `U+XXXX` (in a comment, where no escape works)."""
    return UNSAFE_IN_SOURCE.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def paragraphs(e: Entry, with_message: bool = True) -> list[str]:
    """The doc comment of one entry: the message (unless the language carries it elsewhere), the description,
    and the HTTP status in the form the constants layout reads back."""
    texts = []
    if with_message and e.message and e.message != e.description:
        texts.append(e.message)
    if e.description:
        texts.append(e.description)
    elif not texts and e.message:
        texts.append(e.message)
    if e.http_status is not None:
        texts.append(f"HTTP Status: {e.http_status}")
    return texts


def wrapped(paras: list[str], width: int = WIDTH) -> list[str]:
    """Comment lines: paragraphs wrapped at spaces only (so joining the lines gives the text back), a blank line
    between them. A line that would start like a doc tag (`@x`, `\\x`) or like an `HTTP Status:` line stays on
    the line before it, so the text is never read as a tag or a status."""
    out: list[str] = []
    for i, para in enumerate(paras):
        if i:
            out.append("")
        status_line = i == len(paras) - 1 and para.startswith("HTTP Status: ")
        lines: list[str] = []
        for source_line in para.strip().split("\n"):
            for line in textwrap.wrap(source_line, width, break_long_words=False, break_on_hyphens=False) or [""]:
                if lines and (DOC_TAG_START.match(line) or (HTTP_MAPPING.match(line) and not status_line)):
                    lines[-1] += " " + line
                else:
                    lines.append(line)
        out += lines
    return out


def header_lines(target: str, catalog: Catalog, entries, idents: list[Identifier], extra: list[str]) -> list[str]:
    """The header comment's lines (without comment markers): the notice, what else a reader must know, then the
    identifiers that are not the catalog's names and why."""
    def wrap(text: str, indent: str = "") -> list[str]:
        return textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False, subsequent_indent=indent)

    lines = wrap(generated_notice(target, catalog))
    for text in extra:
        lines += [""] + wrap(text)
    derived = derivations(entries, idents)
    if derived:
        lines += ["", "Identifiers that are not the catalog's names, and why:"]
        for text in derived:
            lines += wrap("- " + text, "  ")
    return [visible(line) for line in lines]


def shared_note(catalog: Catalog, how: str) -> list[str]:
    shared = len(catalog.shared_codes())
    if not shared:
        return []
    return [f"{shared} {'code is' if shared == 1 else 'codes are'} listed more than once (the catalog's "
            f"variants): {how}"]


# ------------------------------------------------------------------------------------------------ Python
def render_python(catalog: Catalog, options: Options = Options()) -> str:
    entries = catalog.entries
    idents = identifiers(entries, "python")
    name = options.type_name or type_name(catalog.name)
    numeric = numeric_codes(catalog, "python")
    base = "IntEnum" if numeric else "str, Enum"
    head = header_lines("python", catalog, entries, idents,
                        shared_note(catalog, "each is its own member; Python makes the later ones aliases of the "
                                             "first member of their code."))
    out = [("# " + line).rstrip() for line in head]
    out += [f'"""The error codes of catalog {catalog.name!r}: {len(entries)} entries."""', "",
            f"from enum import {base.split(', ')[-1]}", "", "",
            f"class {name}({base}):",
            f'    """One member per entry of catalog {catalog.name!r}, valued by its code."""', ""]
    names = dict(zip(entries, idents))
    for title, members in catalog.sections():
        if title:  # the folding marker editors know (and the toolkit reads as the category)
            out.append(f"    #region {one_line(title)}")
        for e in members:
            out += [("    #: " + visible(line)).rstrip() for line in wrapped(paragraphs(e))]
            value = e.code if numeric else repr(e.code)
            out.append(f"    {names[e].text} = {value}")
        if title:
            out.append("    #endregion")
    return "\n".join(out) + "\n"


def one_line(text: str) -> str:
    return visible(" ".join(text.split()))


# ------------------------------------------------------------------------------------------------ TypeScript
def jsdoc(lines: list[str], indent: str, html: bool = False) -> list[str]:
    """A `/** … */` block whose text cannot end it: `*/` is broken, a line cannot open a tag."""
    def safe(line: str) -> str:
        line = visible(line)
        if html:  # Javadoc is HTML: `&`, `<`, `>` and `@` (a tag) as references, `\u` is no escape
            line = (line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
                    .replace("\\u", "&#92;u"))
        if not html and line.startswith("@"):
            line = "\\" + line  # TSDoc's escape: text, not a tag
        return line.replace("*/", "*&#47;" if html else "*\\/")

    if not lines:
        return []
    return [f"{indent}/**"] + [f"{indent} * {safe(line)}".rstrip() for line in lines] + [f"{indent} */"]


def group_open(title: str, indent: str, escape=lambda text: text) -> list[str]:
    """A Doxygen member group (`@name` title, `@{` … `@}`) for one category, in line comments so no doc tool
    takes it for a member's documentation; the toolkit reads its title as the category."""
    return [f"{indent}// @name {escape(one_line(title))}", f"{indent}// @{{"] if title else []


def java_line_comment(text: str) -> str:
    """Text for a Java `//` comment. javac turns `\\u000a` into a line break before it sees comments, ending the
    comment; a `\\` preceded by another `\\` starts no such escape, so every backslash is doubled."""
    return text.replace("\\", "\\\\")


def group_close(title: str, indent: str) -> list[str]:
    return [f"{indent}// @}}"] if title else []


def render_typescript(catalog: Catalog, options: Options = Options()) -> str:
    entries = catalog.entries
    idents = identifiers(entries, "typescript")
    name = options.type_name or type_name(catalog.name)
    numeric = numeric_codes(catalog, "typescript")
    head = header_lines("typescript", catalog, entries, idents,
                        shared_note(catalog, "each is its own member of the same value."))
    out = [("// " + line).rstrip() for line in head] + [""]
    out += jsdoc([f"The error codes of catalog {catalog.name!r}: one member per entry, valued by its code."], "")
    out.append(f"export enum {name} {{")
    names = dict(zip(entries, idents))
    for title, members in catalog.sections():
        out += group_open(title, "  ")
        for e in members:
            out += jsdoc(wrapped(paragraphs(e)), "  ")
            value = e.code if numeric else json.dumps(e.code, ensure_ascii=False)
            out.append(f"  {names[e].text} = {visible_string(value)},")
        out += group_close(title, "  ")
    out.append("}")
    return "\n".join(out) + "\n"


def visible_string(literal: str) -> str:
    """A JSON/JS string literal with the characters JSON leaves raw but a source should not hold escaped."""
    return UNSAFE_IN_SOURCE.sub(lambda m: f"\\u{ord(m.group()):04x}", literal)


# ------------------------------------------------------------------------------------------------ Go
GO_PACKAGE = re.compile(r"[a-z][a-z0-9]*")


def go_string(text: str) -> str:
    out = ['"']
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif UNSAFE_IN_SOURCE.match(c):
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out) + '"'


def go_package(catalog: Catalog, options: Options) -> str:
    if options.package:
        if not GO_PACKAGE.fullmatch(options.package) or options.package in KEYWORDS["go"]:
            raise InputError("--package", f"{options.package!r} is not a Go package name (lower-case letters and "
                                          f"digits, starting with a letter)")
        return options.package
    words = re.sub(r"[^a-z0-9]", "", catalog.name.lower())
    return (words if words[:1].isalpha() else "e" + words) + "errors"


def render_go(catalog: Catalog, options: Options = Options()) -> str:
    entries = catalog.entries
    tname = options.type_name or "ErrorCode"
    idents = identifiers(entries, "go", reserved=frozenset({tname}))
    numeric = numeric_codes(catalog, "go")
    package = go_package(catalog, options)
    head = header_lines("go", catalog, entries, idents,
                        shared_note(catalog, "each is its own constant of the same value."))
    # the first line is the form `go generate` and linters recognise: `^// Code generated .* DO NOT EDIT\.$`
    out = [f"// Code generated by python -m extract generate go from catalog {visible(catalog.name)}; DO NOT EDIT.",
           ""]
    out += [("// " + line).rstrip() for line in head] + [""]
    out += [f"// Package {package} holds the error codes of catalog {visible(catalog.name)!r}.", f"package {package}",
            "", f"// {tname} is one error code of catalog {visible(catalog.name)!r}.",
            f"type {tname} {'int64' if numeric else 'string'}", "",
            "// The error codes, one constant per entry of the catalog.", "const ("]
    names = dict(zip(entries, idents))
    for title, members in catalog.sections():
        # one block: the toolkit (like a reader) takes separate blocks for separate kinds of constant. A
        # category is a member group, apart from the doc comments by a blank line so `go doc` leaves it out.
        out += [f"\t{line}" for line in group_open(title, "")] + ([""] if title else [])
        for e in members:
            out += [("\t// " + visible(line)).rstrip() for line in wrapped(paragraphs(e))]
            value = e.code if numeric else go_string(e.code)
            out.append(f"\t{names[e].text} {tname} = {value}")
        out += [f"\t{line}" for line in group_close(title, "")]
    out.append(")")
    if not entries:  # gofmt writes an empty block on one line
        out[-2:] = ["const ()"]
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------ Java
JAVA_PACKAGE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
JAVA_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
JAVA_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def java_string(text: str) -> str:
    """A Java string literal. Never a `\\uXXXX` escape for a control: javac reads those before the literal, so
    `\\u000a` would end the line; controls are octal escapes instead."""
    out = ['"']
    for c in text:
        if c in JAVA_ESCAPES:
            out.append(JAVA_ESCAPES[c])
        elif ord(c) < 0x20 or ord(c) == 0x7f:
            out.append(f"\\{ord(c):03o}")
        elif UNSAFE_IN_SOURCE.match(c):
            out.append(f"\\u{ord(c):04x}")  # not a line terminator in Java: safe as a Unicode escape
        else:
            out.append(c)
    return "".join(out) + '"'


def java_names(catalog: Catalog, options: Options) -> tuple[str, str]:
    name = options.type_name or type_name(catalog.name)
    if not JAVA_IDENTIFIER.fullmatch(name) or name in KEYWORDS["java"]:
        raise InputError(name, "a Java enum's name must be an identifier (the file is named after it)")
    if options.package and (not JAVA_PACKAGE.fullmatch(options.package)
                            or any(p in KEYWORDS["java"] for p in options.package.split("."))):
        raise InputError("--package", f"{options.package!r} is not a Java package name")
    return name, options.package


def render_java(catalog: Catalog, options: Options = Options()) -> str:
    entries = catalog.entries
    name, package = java_names(catalog, options)
    idents = identifiers(entries, "java", reserved=frozenset({"code", "httpStatus", "message", name}))
    numeric = numeric_codes(catalog, "java")
    wide = numeric and any(not -(2 ** 31) <= int(e.code, 0) <= 2 ** 31 - 1 for e in entries)
    code_type = ("long" if wide else "int") if numeric else "String"
    head = header_lines("java", catalog, entries, idents,
                        ["UTF-8 source: compile with javac -encoding UTF-8 (the default from JDK 18 on)."]
                        + shared_note(catalog, "each is its own constant with the same code."))
    out = [("// " + java_line_comment(line)).rstrip() for line in head] + [""]
    if package:
        out += [f"package {package};", ""]
    out += jsdoc(wrapped([f"The error codes of catalog {catalog.name!r}: one constant per entry, with its code, its "
                          "HTTP status (null where the catalog gives none) and its message (null where none)."]), "",
                 html=True)
    out.append(f"public enum {name} {{")
    names = dict(zip(entries, idents))
    for title, members in catalog.sections():
        out += group_open(title, "    ", java_line_comment)
        for e in members:
            out += jsdoc(wrapped(paragraphs(e, with_message=False)), "    ", html=True)
            code = (e.code + ("L" if wide else "")) if numeric else java_string(e.code)
            status = str(e.http_status) if e.http_status is not None else "null"
            message = java_string(e.message) if e.message else "null"
            out.append(f"    {names[e].text}({code}, {status}, {message}),")
        out += group_close(title, "    ")
    out.append("    ;")  # Java allows the comma after the last constant: every constant ends alike
    out += ["", "    /** The error code. */", f"    public final {code_type} code;",
            "    /** The HTTP status the error comes with, or null. */", "    public final Integer httpStatus;",
            "    /** The error's message, or null. */", "    public final String message;", "",
            f"    {name}({code_type} code, Integer httpStatus, String message) {{", "        this.code = code;",
            "        this.httpStatus = httpStatus;", "        this.message = message;", "    }", "}"]
    return "\n".join(out) + "\n"
