"""The pipeline: documents → parsers → reconciler → checks → conflicts with ids. No file writing here."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import kinds, parsers
from .checks import check_catalog
from .documents import Document, load
from .errors import InputError, ToolkitBug
from .manifest import SourceSpec
from .model import Conflict, ConflictValue, Hints, Loc, Parsed, line_runs
from .reconcile import CatalogResult, code_sort_key, reconcile
from .settings import DEFAULT, Settings


@dataclass
class Build:
    specs: list[SourceSpec]
    documents: dict[str, Document] = field(default_factory=dict)
    parsed: dict[str, Parsed] = field(default_factory=dict)
    catalogs: dict[str, CatalogResult] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_source(spec: SourceSpec, settings: Settings = DEFAULT) -> tuple[Document, parsers.LayoutRule]:
    if spec.problem:
        raise spec.problem
    doc = load(spec.path, spec.id, spec.root, settings.limits.max_bytes)
    if spec.format:
        return doc, parsers.by_name(spec.format, doc.path)
    try:
        return doc, parsers.detect(doc)
    except InputError:
        raise
    except Exception as exc:  # a sniffer's bug: this source fails with one line, the others still build
        raise ToolkitBug(doc.path, "detecting its layout", exc) from exc


def parse_document(doc: Document, rule: parsers.LayoutRule, catalog: str, hints: Hints | None = None,
                   settings: Settings = DEFAULT) -> Parsed:
    try:
        parsed = rule.parse(doc, parsers.Context(catalog, hints or Hints(), settings))
    except InputError:
        raise
    except Exception as exc:  # a parser bug must still name the file, never end in a traceback
        raise ToolkitBug(doc.path, f"reading it as {rule.name}", exc) from exc
    if doc.controls:
        parsed.conflicts.append(controls_removed(doc, catalog))
    return parsed


def adhoc_specs(catalog: str, files: list[str]) -> list[SourceSpec]:
    """The sources of an ad-hoc build (`--catalog NAME FILE…`): ids are the files' stems, made unique by position."""
    from .manifest import SLUG

    if not SLUG.match(catalog):
        raise InputError("--catalog", f"{catalog!r} is not a slug (a-z, 0-9, -)")
    stems = [Path(f).stem for f in files]
    return [SourceSpec(stem if stems.count(stem) == 1 else f"{stem}-{i}", Path(f), catalog, priority=i)
            for i, (stem, f) in enumerate(zip(stems, files), 1)]


def controls_removed(doc: Document, catalog: str) -> Conflict:
    """The one conflict that says which control characters a document's reading dropped, and from where."""
    found = [c for chars in doc.controls.values() for c in chars]
    shown = sorted(set(found))
    lines = sorted(doc.controls)
    where = f"line{'s' if len(lines) > 1 else ''} {line_runs(lines)}"
    return Conflict(
        kind="normalized_value", catalog=catalog, severity="info",
        message=kinds.get("normalized_value").message(
            "control characters", count=len(found), chars=", ".join(shown[:8]) + (" …" if len(shown) > 8 else ""),
            lines=where),
        values=[ConflictValue(doc.source, " ".join(shown), str(Loc(doc.source, doc.path, tuple(lines[:50]))))],
        resolution={"status": "auto", "value": "", "rule": "control-characters-removed"},
        key=(doc.source, "control characters"))


def run(specs: list[SourceSpec], settings: Settings = DEFAULT) -> Build:
    """Parse every source (collecting every error, not just the first), then reconcile what parsed."""
    build = Build(specs)
    read = {}
    for spec in specs:
        try:
            read[spec.id] = read_source(spec, settings)
        except InputError as exc:
            build.errors.append(exc)
    # Layouts that read other sources as evidence are parsed after the ones they learn from, and learn from
    # every source of their catalog parsed before them (a fixed order: the manifest's, within each group).
    ordered = sorted((s for s in specs if s.id in read), key=lambda s: read[s.id][1].uses_hints)
    for spec in ordered:
        doc, rule = read[spec.id]
        hints = None
        if rule.uses_hints:
            hints = Hints.from_records([r for p in build.parsed.values() if p.catalog == spec.catalog
                                        for r in p.records])
        try:
            build.parsed[spec.id] = parse_document(doc, rule, spec.catalog, hints, settings)
            build.documents[spec.id] = doc
        except InputError as exc:
            build.errors.append(exc)
    build.parsed = {s.id: build.parsed[s.id] for s in specs if s.id in build.parsed}  # manifest order
    for sid, parsed in build.parsed.items():
        if not parsed.records:
            doc = build.documents[sid]
            build.warnings.append(f"{doc.path}: no entries found (read as {parsed.format})")
            build.warnings.append(f"{doc.path}: {nothing_found_because(doc, parsed)}")
    build.catalogs = reconcile(list(build.parsed.values()), {s.id: s.priority for s in specs})
    for result in build.catalogs.values():
        result.conflicts += check_catalog(result)
        build.conflicts += result.conflicts
    for c in build.conflicts:
        c.assign_id()
    _dedupe_ids(build.conflicts)
    build.conflicts.sort(key=conflict_sort_key)
    return build


def nothing_found_because(doc: Document, parsed: Parsed) -> str:
    """Why a document gave no entries: what its layout kept instead, and how sure every other layout was."""
    kept = {}
    for note in parsed.notes:
        kept[note.kind] = kept.get(note.kind, 0) + 1
    tables = kept.get("table", 0)
    said = (f"{tables} table rows without error codes (fields, parameters, ids) were kept as notes"
            if tables else f"{parsed.format} found nothing with a code's shape")
    others = [(rule.name, rule.sniff(doc)) for rule in parsers.layouts() if parsed.format.split(" ")[0] != rule.name]
    tried = ", ".join(f"{name} {score:.2f}" for name, score in sorted(others, key=lambda t: -t[1]) if score > 0)
    return f"{said}; other layouts, by certainty: {tried or 'none recognised the document'}"


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
