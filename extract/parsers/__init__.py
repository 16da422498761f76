"""The parser registry: one rule per layout, tried in order, like markdown-it's rule chains.

Each parser module defines a `LayoutRule` with a `sniff` (how sure it is, 0..1, that a document has its layout)
and a `parse`. Detection takes the surest layout; ties go to the one registered first. It reads a bounded head
of the document, and asks the layouts from the highest score they can give down, stopping as soon as none left
could beat the best so far (`detect`).
Heavy libraries (pdfplumber, lxml, markdown-it) are imported inside the parsers that use them, never here.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field, fields
from functools import cached_property, lru_cache
from typing import Callable

from ..documents import Document
from ..errors import InputError
from ..model import WORK, Hints, Parsed
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


# Module names in tie-break order; each module defines RULE = LayoutRule(...). A layout's module is named as the
# layout but for these (a build of known layouts imports only the modules of its sources' layouts).
MODULE_OF = {"json": "jsondoc", "yaml": "yamldoc", "csv": "delimited"}
MODULES = ("pdf", "html", "openapi", "jsondoc", "yamldoc", "dump", "collapsed", "tab", "delimited", "markdown", "asciidoc", "grid", "rfc", "prose", "constants")


# The highest score each layout's sniff returns, read off its code. A sniff's answer is capped at it, so
# detection may stop as soon as no layout left to ask can beat the best so far; a layout not listed here can
# give anything up to 1.0 and is asked among the first.
CEILINGS = {"pdf": 1.0, "html": 0.99, "rfc": 0.99, "openapi": 0.98, "asciidoc": 0.97, "grid": 0.97, "json": 0.96,
            "yaml": 0.96, "dump": 0.95, "markdown": 0.95, "collapsed": 0.9, "tab": 0.9,
            "constants": DEFAULT.constants.confidence, "csv": 0.85, "prose": 0.85}
# Layouts whose sniff must see the whole document to say anything: JSON and YAML are parsed (a cut document does
# not parse), an OpenAPI components file may open `components:` anywhere, and a column dump shows as one only
# past its first block (a head of it is a short tab table).
WHOLE_DOCUMENT = frozenset({"openapi", "json", "yaml", "dump"})


@lru_cache(maxsize=None)
def layouts() -> tuple[LayoutRule, ...]:
    return tuple(importlib.import_module(f"{__name__}.{m}").RULE for m in MODULES)


class _Sniffed(Document):
    """A document as the sniffers see it: its lines split once for all of them, not once per sniffer."""

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")


def _view(doc: Document, text: str) -> Document:
    return _Sniffed(**{**{f.name: getattr(doc, f.name) for f in fields(doc) if f.init}, "text": text})


def head_of(text: str, chars: int) -> str:
    """The first `chars` characters of a text, cut back to a line end (a sniff reads whole lines)."""
    if len(text) <= chars:
        return text
    cut = text.rfind("\n", 0, chars)
    return text[:cut] if cut > 0 else text[:chars]


def detect(doc: Document, settings: Settings = DEFAULT) -> LayoutRule:
    """The layout of a document: the surest sniff (ties to the layout registered first), over the head of the
    document (`detection.sniff_chars`), or over all of it where no layout recognises the head."""
    rules = layouts()
    whole = _view(doc, doc.text)
    head = head_of(doc.text, settings.detection.sniff_chars)
    views = [_view(doc, head), whole] if len(head) < len(doc.text) else [whole]
    done: dict[int, float] = {}  # layouts that saw the whole document already: their answer stands
    for view in views:
        best = _surest(rules, view, whole, done)
        if best is not None:
            return rules[best]
    names = ", ".join(r.name for r in rules)
    raise InputError(doc.path, f"no known layout recognised (tried {names})")


def _surest(rules: tuple[LayoutRule, ...], view: Document, whole: Document, done: dict[int, float]) -> int | None:
    """The index of the surest layout for a view, asking the layouts from the highest ceiling down and stopping
    once the best so far beats every ceiling left (or equals it and was registered first); None: none is sure
    at all."""
    order = sorted(range(len(rules)), key=lambda i: (-CEILINGS.get(rules[i].name, 1.0), i))
    best, best_score = None, 0.0
    for i in order:
        if best is not None and (CEILINGS.get(rules[i].name, 1.0), -i) < (best_score, -best):
            break  # the layouts left are in descending (ceiling, -index): none of them can win
        rule = rules[i]
        if i not in done:
            sees = whole if rule.name in WHOLE_DOCUMENT else view
            WORK["sniff calls"] += 1
            if rule.name in WHOLE_DOCUMENT:
                WORK["whole-document sniffs"] += 1
            else:
                WORK["head characters sniffed"] += len(sees.text)
            score = min(rule.sniff(sees), CEILINGS.get(rule.name, 1.0))
            if sees is whole:
                done[i] = score
        else:
            score = done[i]
        if score > 0 and (best is None or (score, -i) > (best_score, -best)):
            best, best_score = i, score
    return best


# The layouts that read their catalog's other sources as evidence (their rules say `uses_hints=True`; a test
# holds the two equal): known here so a build can key a source by its layout without importing the layout.
USES_HINTS = frozenset({"pdf", "dump", "collapsed"})


class NamedRule:
    """A layout named by the manifest or by the last build: its name and whether it uses hints at once, its
    module imported only when the source is sniffed or parsed (a rebuild that reuses every catalog imports no
    layout at all)."""

    def __init__(self, name: str, module: str):
        self.name, self.uses_hints, self._module = name, name in USES_HINTS, module

    @cached_property
    def rule(self) -> LayoutRule:
        return importlib.import_module(f"{__name__}.{self._module}").RULE

    def parse(self, doc: Document, ctx: Context) -> Parsed:
        return self.rule.parse(doc, ctx)

    def sniff(self, doc: Document) -> float:
        return self.rule.sniff(doc)

    @property
    def summary(self) -> str:
        return self.rule.summary


def by_name(name: str, path: str) -> "LayoutRule | NamedRule":
    module = MODULE_OF.get(name, name)
    if module in MODULES and name not in MODULE_OF.values():  # `jsondoc` names a module, not a layout
        return NamedRule(name, module)
    for rule in layouts():
        if rule.name == name:
            return rule
    names = ", ".join(r.name for r in layouts())
    raise InputError(path, f"unknown format {name!r} (known: {names})")
