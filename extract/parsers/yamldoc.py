"""YAML error catalogs: the shapes the JSON layout reads (a list of error objects, groups of them under keys,
an object keyed by code or by name), written in YAML."""
from __future__ import annotations

import re

from ..documents import Document
from ..errors import InputError
from ..model import Parsed
from . import Context, LayoutRule
from .jsondoc import _table, parse_data


YAML_START = re.compile(r"""^(?:[\w"'.-][\w"' .-]*:(?:\s|$)|-\s|---)""")  # `key:`, `Some group:`, `- item`, `---`


def _load(doc: Document):
    import yaml  # imported here: only YAML sources pay for it

    return yaml.load(doc.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml where present


def sniff(doc: Document) -> float:
    if doc.is_pdf or doc.text.lstrip().startswith(("{", "[", "<", "|")):
        return 0.0
    first = next((line for line in doc.lines if line.strip() and not line.lstrip().startswith("#")), "")
    if not YAML_START.match(first):  # the cheap look first: most documents are not YAML, and parsing is slow
        return 0.0
    try:
        data = _load(doc)
    except Exception:  # not YAML at all: most documents are not
        return 0.0
    # a flat mapping of texts ("E1001: Unknown user." line by line) is as much a prose list: leave it to prose
    flat = isinstance(data, dict) and not any(isinstance(v, (dict, list)) for v in data.values())
    # a document that parses as YAML and holds a table of error objects is surely YAML: as sure as JSON is
    return 0.96 if isinstance(data, (dict, list)) and not flat and _table(data) else 0.0


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    import yaml

    try:
        data = _load(doc)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(doc.path, f"invalid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None)
    return parse_data(doc, catalog, data, "yaml")


RULE = LayoutRule("yaml", sniff, parse, "YAML list of error objects, or mapping keyed by code")
