"""Placeholder: the pdf layout is being written; it recognises nothing yet."""
from __future__ import annotations

from ..documents import Document
from ..model import Parsed
from . import LayoutRule


def sniff(doc: Document) -> float:
    return 0.0


def parse(doc: Document, catalog: str) -> Parsed:
    return Parsed(doc.source, catalog, "pdf")


RULE = LayoutRule("pdf", sniff, parse, "pdf (not yet written)")
