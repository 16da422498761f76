"""YAML error catalogs: the shapes the JSON layout reads (a list of error objects, groups of them under keys,
an object keyed by code or by name), written in YAML."""
from __future__ import annotations

import re

from ..documents import Document
from ..settings import DEFAULT
from ..errors import InputError
from ..model import Parsed
from . import Context, LayoutRule
from .jsondoc import _table, parse_data


YAML_START = re.compile(r"""^(?:[\w"'.-][\w"' .-]*:(?:\s|$)|-\s|---)""")  # `key:`, `Some group:`, `- item`, `---`


class TooLarge(Exception):
    """A YAML document whose aliases expand past any catalog (an alias bomb), or that nests past any."""


def _load(doc: Document):
    """The document's data, by the safe loader (libyaml where present), after checking that its node graph,
    with every alias expanded, stays within `max_yaml_nodes` nodes and `max_depth` levels: the layouts walk
    the expanded tree, and a few hundred bytes of aliases can expand to billions of nodes."""
    import yaml  # imported here: only YAML sources pay for it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    node = yaml.compose(doc.text, Loader=loader)
    budget, limit = DEFAULT.detection.max_yaml_nodes, DEFAULT.detection.max_depth
    stack, seen = [(node, 1)], 0
    while stack:  # iterative: a deep document cannot exhaust the call stack
        current, depth = stack.pop()
        seen += 1
        if seen > budget or depth > limit:
            raise TooLarge(f"its aliases expand past {budget:,} values" if seen > budget
                           else f"it nests more than {limit} levels deep")
        if isinstance(current, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in current.value]
        elif isinstance(current, yaml.MappingNode):
            stack += [(part, depth + 1) for pair in current.value for part in pair]
    return yaml.load(doc.text, Loader=loader)


def sniff(doc: Document) -> float:
    if doc.is_pdf or doc.text.lstrip().startswith(("{", "[", "<", "|")):
        return 0.0
    first = next((line for line in doc.lines if line.strip() and not line.lstrip().startswith("#")), "")
    if not YAML_START.match(first):  # the cheap look first: most documents are not YAML, and parsing is slow
        return 0.0
    try:
        data = _load(doc)
    except TooLarge:
        return 0.5  # YAML, and too large to read: parse says so in one line
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
    except TooLarge as exc:
        raise InputError(doc.path, f"YAML too large to read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(doc.path, f"invalid YAML: {getattr(exc, 'problem', exc)}", mark.line + 1 if mark else None)
    return parse_data(doc, catalog, data, "yaml")


RULE = LayoutRule("yaml", sniff, parse, "YAML list of error objects, or mapping keyed by code")
