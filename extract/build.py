"""The pipeline: documents → parsers → reconciler → checks → conflicts with ids. No file writing here."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import parsers
from .checks import check_catalog
from .documents import Document, load
from .errors import InputError
from .manifest import SourceSpec
from .model import Conflict, Parsed
from .reconcile import CatalogResult, code_sort_key, reconcile

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Build:
    specs: list[SourceSpec]
    documents: dict[str, Document] = field(default_factory=dict)
    parsed: dict[str, Parsed] = field(default_factory=dict)
    catalogs: dict[str, CatalogResult] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_source(spec: SourceSpec) -> tuple[Document, Parsed]:
    doc = load(spec.path, spec.id)
    rule = parsers.by_name(spec.format, doc.path) if spec.format else parsers.detect(doc)
    try:
        parsed = rule.parse(doc, spec.catalog)
    except InputError:
        raise
    except Exception as exc:  # a parser bug must still name the file, never end in a traceback
        raise InputError(doc.path, f"could not be read as {rule.name}: {type(exc).__name__}: {exc}") from exc
    return doc, parsed


def run(specs: list[SourceSpec]) -> Build:
    """Parse every source (collecting every error, not just the first), then reconcile what parsed."""
    build = Build(specs)
    for spec in specs:
        try:
            doc, parsed = parse_source(spec)
        except InputError as exc:
            build.errors.append(exc)
            continue
        build.documents[spec.id] = doc
        build.parsed[spec.id] = parsed
        if not parsed.records:
            build.warnings.append(f"{doc.path}: no entries found (read as {parsed.format})")
    build.catalogs = reconcile(list(build.parsed.values()), {s.id: s.priority for s in specs})
    for result in build.catalogs.values():
        result.conflicts += check_catalog(result)
        build.conflicts += result.conflicts
    for c in build.conflicts:
        c.assign_id()
    _dedupe_ids(build.conflicts)
    build.conflicts.sort(key=conflict_sort_key)
    return build


def conflict_sort_key(c: Conflict) -> tuple:
    return (c.catalog, code_sort_key(c.code) if c.code is not None else (-1, 0, ""), c.variant or 0,
            c.kind, c.field or "", c.id)


def _dedupe_ids(conflicts: list[Conflict]) -> None:
    """Two conflicts with the same key (the same text repeated on two lines) get `~2`, `~3` in document order."""
    seen: dict[str, int] = {}
    for c in conflicts:
        if c.id in seen:
            seen[c.id] += 1
            c.id = f"{c.id}~{seen[c.id]}"
        else:
            seen[c.id] = 1
