"""A valid, unique identifier for every entry in one language, and why it differs from the catalog's name.

The catalog's name is kept as it is wherever the language allows it. Otherwise, one rule at a time:
  - no name: `CODE_` and the code (`CODE_107`; `CODE_107_2` for its second variant; `-1` → `CODE_MINUS_1`);
  - letters outside ASCII lose their accents (`é` → `e`); any other character that cannot stand in an
    identifier becomes `_` (runs of them one `_`, none at either end, since a leading `_` means private);
  - a name that starts with a digit gets an `E` in front (`3DSecure` → `E3DSecure`);
  - a keyword (or a name the generated module uses itself) gets a `_` after it (`class` → `class_`);
  - Go exports only names that start with an upper-case letter: `missing_argument` → `MissingArgument`;
  - a name already taken by an earlier entry gets `_` and its code (`unknown_application_352`), then the variant.
Case, `_` and a trailing `_` are naming style to the toolkit: `class_` and `MissingArgument` read back as the
same names as `class` and `missing_argument`.
"""
from __future__ import annotations

import keyword
import re
import unicodedata
from dataclasses import dataclass

from ..parsers.constants_lex import MODIFIERS, attribute_role
from .catalog import Entry

NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]+")
UNDERSCORES = re.compile(r"_+")
IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*")

# Words each language reserves. Python's soft keywords (`match`, `case`, `type`, `_`) are valid names.
KEYWORDS = {
    "python": frozenset(keyword.kwlist) | {"mro"},  # `mro` is refused as an Enum member's name
    "typescript": frozenset("""break case catch class const continue debugger default delete do else enum export
        extends false finally for function if import in instanceof new null return super switch this throw true try
        typeof var void while with implements interface let package private protected public static yield any
        boolean constructor declare get module require number set string symbol type from of as async await
        undefined NaN Infinity""".split()),
    "go": frozenset("""break default func interface select case defer go map struct chan else goto package switch
        const fallthrough if range type continue for import return var""".split()),
    "java": frozenset("""abstract assert boolean break byte case catch char class const continue default do double
        else enum extends final finally float for goto if implements import instanceof int interface long native
        new package private protected public return short static strictfp super switch synchronized this throw
        throws transient try void volatile while true false null var record yield sealed permits non""".split()),
}


@dataclass(frozen=True)
class Identifier:
    text: str
    why: str = ""  # empty: the catalog's name as it is


def identifiers(entries: tuple[Entry, ...] | list[Entry], language: str,
                reserved: frozenset[str] = frozenset()) -> list[Identifier]:
    """One identifier per entry, in entry order. `reserved`: names the generated module declares itself."""
    taken: set[str] = set()
    out = []
    for e in entries:
        text, why = _one(e, language, reserved)
        if language == "python" and attribute_role(text):
            # in a Python class, `code = 5` or `message = …` is how an exception class states its own code or
            # message, and the toolkit (like a reader) takes it so: the member keeps a `_` after its name
            name, text = text, f"{text}_{_code_part(e.code)}"
            why = (why + "; " if why else "") + f"in a Python class `{name}` reads as the class's own code, " \
                                                 "message or status attribute: `_` and the code put after it"
        if text in taken:
            base = text
            text = f"{base}_{_code_part(e.code)}"
            if text in taken:
                text = f"{text}_{e.variant}"
            n = 2
            while text in taken:
                text, n = f"{base}_{_code_part(e.code)}_{e.variant}_{n}", n + 1
            why = (why + "; " if why else "") + f"`{base}` is already the identifier of an earlier entry"
        taken.add(text)
        out.append(Identifier(text, why))
    return out


def _one(e: Entry, language: str, reserved: frozenset[str]) -> tuple[str, str]:
    name = e.name
    reasons = []
    if not name.strip():
        text = f"CODE_{_code_part(e.code)}" + (f"_{e.variant}" if e.variant > 1 else "")
        return text, "the catalog gives no name: `CODE_` and the code"
    text = UNDERSCORES.sub("_", NOT_IDENTIFIER.sub("_", ascii_letters(name))).strip("_")
    if not text:
        text = f"CODE_{_code_part(e.code)}" + (f"_{e.variant}" if e.variant > 1 else "")
        return text, "the name has no letter or digit an identifier can hold: `CODE_` and the code"
    if text != name:
        reasons.append("characters an identifier cannot hold replaced")
    if text[0].isdigit():
        text = "E" + text
        reasons.append("an identifier cannot start with a digit: `E` put in front")
    if language == "go" and not text[0].isupper():
        text = "".join(part[:1].upper() + part[1:] for part in text.split("_") if part)
        reasons.append("Go exports names that start with a capital: written in CamelCase")
    if text in KEYWORDS.get(language, frozenset()) or text in reserved or MODIFIERS.match(text + " ").end():
        # a declaration modifier of some language (`private`, `static`, `default`) is read as one, not as a name
        text += "_"
        reasons.append(f"`{text[:-1]}` is a reserved word here: `_` put after it")
    return text, "; ".join(reasons)


def ascii_letters(text: str) -> str:
    """Accents dropped from letters (`é` → `e`); other non-ASCII characters left for the caller to replace."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _code_part(code: str) -> str:
    text = code.strip()
    if text.startswith("-"):
        text = "MINUS_" + text[1:]
    part = UNDERSCORES.sub("_", NOT_IDENTIFIER.sub("_", ascii_letters(text))).strip("_")
    return part.upper() or "X"


def type_name(catalog: str, suffix: str = "ErrorCode") -> str:
    """`backend-services` → `BackendServicesErrorCode` (a slug's words, each capitalised; a leading digit
    gets `Catalog` in front)."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", catalog) if w]
    text = "".join(w[:1].upper() + w[1:] for w in words)
    if not text or text[0].isdigit():
        text = "Catalog" + text
    return text + suffix


def derivations(entries, idents: list[Identifier]) -> list[str]:
    """The identifiers that are not the catalog's names, grouped by why: `why: 107 → CODE_107, …`."""
    groups: dict[str, list[str]] = {}
    for e, ident in zip(entries, idents):
        if ident.why:
            shown = f"{e.label} `{e.name}`" if e.name else e.label
            groups.setdefault(ident.why, []).append(f"{shown} → {ident.text}")
    return [f"{why}: {', '.join(items)}." for why, items in groups.items()]
