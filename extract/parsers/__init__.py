"""The parser registry: one rule per layout, tried in order, like markdown-it's rule chains.

Each parser module defines a `LayoutRule` with a `sniff` (how sure it is, 0..1, that a document has its layout)
and a `parse`. Detection asks every layout and takes the surest; ties go to the one registered first.
Heavy libraries (pdfplumber, lxml, markdown-it) are imported inside the parsers that use them, never here.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ..documents import Document
from ..errors import InputError
from ..model import Hints, Parsed
from ..settings import DEFAULT, Settings


@dataclass(frozen=True)
class Context:
    """What every layout's `parse(doc, ctx)` receives besides the document: the catalog it describes, what the
    catalog's other sources already said (evidence for layouts that cannot split their own text for sure), and
    the tuning numbers."""

    catalog: str
    hints: Hints = field(default_factory=Hints)
    settings: Settings = DEFAULT


@dataclass(frozen=True)
class LayoutRule:
    name: str
    sniff: Callable[[Document], float]
    parse: Callable[[Document, Context], Parsed]
    summary: str
    # A layout that cannot be split for sure from its own text (a column dump, a collapsed row) reads the other
    # sources of its catalog as evidence; the build parses it after the sources it can learn from.
    uses_hints: bool = False


# Module names in tie-break order; each module defines RULE = LayoutRule(...).
MODULES = ("pdf", "html", "openapi", "jsondoc", "yamldoc", "dump", "collapsed", "tab", "delimited", "markdown", "asciidoc", "grid", "rfc", "prose", "constants")


@lru_cache(maxsize=None)
def layouts() -> tuple[LayoutRule, ...]:
    return tuple(importlib.import_module(f"{__name__}.{m}").RULE for m in MODULES)


def detect(doc: Document) -> LayoutRule:
    scored = [(rule.sniff(doc), -i, rule) for i, rule in enumerate(layouts())]
    best, _, rule = max(scored, key=lambda t: (t[0], t[1]))
    if best <= 0:
        names = ", ".join(r.name for r in layouts())
        raise InputError(doc.path, f"no known layout recognised (tried {names})")
    return rule


def by_name(name: str, path: str) -> LayoutRule:
    for rule in layouts():
        if rule.name == name:
            return rule
    names = ", ".join(r.name for r in layouts())
    raise InputError(path, f"unknown format {name!r} (known: {names})")
