"""The pipeline: documents → parsers → reconciler → checks → conflicts with ids. No file writing here."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import kinds, parsers
from .cache import parse_key
from .checks import check_catalog
from .documents import Document, load
from .errors import InputError, ToolkitBug
from .manifest import SourceSpec
from .model import Conflict, ConflictValue, Hints, Loc, Parsed, SourceFacts, gc_paused, line_runs
from .reconcile import CatalogResult, code_sort_key, reconcile_catalog
from .settings import DEFAULT, Settings

if TYPE_CHECKING:
    from .cache import Cache


@dataclass
class Build:
    specs: list[SourceSpec]
    documents: dict[str, Document] = field(default_factory=dict)
    parsed: dict[str, Parsed] = field(default_factory=dict)
    catalogs: dict[str, CatalogResult] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    layouts: dict[str, str] = field(default_factory=dict)  # sha256 → the layout its bytes were read as
    # what the summaries say of every source built, by id in manifest order: from its parse, or kept with a
    # catalog taken whole from the cache (whose sources are then in `documents` but not in `parsed`)
    sources: dict[str, SourceFacts] = field(default_factory=dict)
    output_keys: dict[str, str] = field(default_factory=dict)  # catalog → its rendered output's cache key
    rendered: dict = field(default_factory=dict)  # catalog → its `outputs.CatalogOutput`, once rendered


def read_source(spec: SourceSpec, settings: Settings = DEFAULT,
                known: dict[str, str] | None = None) -> tuple[Document, parsers.LayoutRule]:
    """The document and its layout: the manifest's `format`, the layout detected for the same bytes by the last
    build (`known`, sha256 → layout, from the cache), or detected now."""
    if spec.problem:
        raise spec.problem
    doc = load(spec.path, spec.id, spec.root, settings.limits.max_bytes)
    if spec.format or (known and doc.sha256 in known):
        return doc, parsers.by_name(spec.format or known[doc.sha256], doc.path)
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
    finally:
        doc._lines = None  # split for the parse; the build keeps the document, not its lines
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


@gc_paused  # parsing makes millions of small objects and no cycles: the collector would walk them again and again
def run(specs: list[SourceSpec], settings: Settings = DEFAULT, cache: "Cache | None" = None, jobs: int = 1,
        progress=None) -> Build:
    """Parse every source (collecting every error, not just the first), then reconcile what parsed, catalog by
    catalog.

    With a cache, a catalog whose sources, code and settings are unchanged is taken whole from the last build
    (its conflicts at once, its entries only if something asks for them) and its sources are not read as
    records at all; in a catalog that changed, only the sources whose parse key changed are parsed again. With
    `jobs` > 1 the sources left to parse are parsed in that many processes (the result is the same as parsed one
    by one). `progress(stage, done, total)` is told how far the build is."""
    step = progress or (lambda stage, done, total: None)
    build = Build(specs)
    read = {}
    known = cache.known_layouts(settings) if cache is not None else {}
    for n, spec in enumerate(specs):
        step("reading sources", n, len(specs))
        try:
            read[spec.id] = read_source(spec, settings, known)
        except InputError as exc:
            build.errors.append(exc)
    keys = parse_keys(specs, read, settings) if cache is not None else {}
    names = sorted({s.catalog for s in specs})
    members = {name: [s for s in specs if s.catalog == name] for name in names}
    saved, catalog_keys = {}, {}
    for name in names:
        if cache is not None and all(s.id in read for s in members[name]):
            catalog_keys[name] = catalog_key(name, members[name], keys)
            found = cache.get_catalog(catalog_keys[name])
            if found is not None:
                saved[name] = found
                cache.used.update(keys[s.id] for s in members[name])  # its parses stay for when one changes
    _parse_sources(build, [s for s in specs if s.id in read and s.catalog not in saved], read, keys, settings,
                   cache, jobs, step)
    facts = {}
    for name in names:
        if name in saved:
            result = saved[name]
            facts.update(result.facts)
            build.documents.update((s.id, read[s.id][0]) for s in members[name])
        else:
            parts = [build.parsed[s.id] for s in members[name] if s.id in build.parsed]
            if not parts:
                continue
            step("reconciling", names.index(name), len(names))
            result = reconcile_catalog(name, parts, {s.id: s.priority for s in specs})
            result.conflicts += check_catalog(result)
            for c in result.conflicts:
                c.assign_id()
            _dedupe_ids(result.conflicts)
            result.conflicts.sort(key=conflict_sort_key)
            result.facts = {p.source: p.facts(_nothing_found(build.documents[p.source], p)) for p in parts}
            facts.update(result.facts)
            if name in catalog_keys and len(parts) == len(members[name]):
                result.key = catalog_keys[name]
                cache.put_catalog(result)
        build.catalogs[name] = result
        build.conflicts += result.conflicts
    build.sources = {s.id: facts[s.id] for s in specs if s.id in facts}  # manifest order
    build.warnings += [w for f in build.sources.values() for w in f.warnings]
    build.layouts = {doc.sha256: read[sid][1].name for sid, doc in build.documents.items()}
    return build


def parse_keys(specs: list[SourceSpec], read: dict, settings: Settings) -> dict[str, str]:
    """Every readable source's parse key. A layout that learns from the other sources of its catalog is keyed by
    theirs too (the sources that do not learn first, then the learners in manifest order), so a changed source
    changes the key of every source that learned from it."""
    keys: dict[str, str] = {}
    for wave in (False, True):
        for spec in specs:
            if spec.id in read and read[spec.id][1].uses_hints == wave:
                doc, rule = read[spec.id]
                learned = tuple(keys[s.id] for s in specs if s.id in keys and s.catalog == spec.catalog) \
                    if rule.uses_hints else ()
                keys[spec.id] = parse_key(doc, spec, rule.name, settings, learned)
    return keys


def catalog_key(name: str, members: list[SourceSpec], keys: dict[str, str]) -> str:
    """Everything a catalog's reconciled result depends on: its name and its sources' ids, priorities and parse
    keys (which hold the code and the settings)."""
    material = "\x1f".join([name, *(f"{s.id}\x1e{s.priority}\x1e{keys[s.id]}" for s in members)])
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def _parse_sources(build: Build, specs: list[SourceSpec], read: dict, keys: dict[str, str], settings: Settings,
                   cache, jobs: int, step) -> None:
    """Parse `specs` into `build.parsed` (from the cache where their key is known). Layouts that read other
    sources as evidence are parsed after the ones they learn from, and learn from every source of their catalog
    parsed before them (a fixed order: the manifest's, within each group)."""
    for wave in (False, True):
        todo = {}
        for spec in specs:
            doc, rule = read[spec.id]
            if rule.uses_hints != wave:
                continue
            if cache is not None:
                parsed = cache.get_parsed(keys[spec.id])
                if parsed is not None:
                    build.parsed[spec.id], build.documents[spec.id] = parsed, doc
                    continue
            hints = None
            if rule.uses_hints:
                hints = Hints.from_records([r for p in build.parsed.values() if p.catalog == spec.catalog
                                            for r in p.records])
            todo[spec.id] = (doc, rule, spec.catalog, hints)
        for sid, outcome in _parse_all(todo, settings, jobs, step):
            if isinstance(outcome, InputError):
                build.errors.append(outcome)
                continue
            build.parsed[sid], build.documents[sid] = outcome, todo[sid][0]
            if cache is not None:
                cache.put_parsed(keys[sid], outcome)
    build.parsed = {s.id: build.parsed[s.id] for s in specs if s.id in build.parsed}  # manifest order


def _nothing_found(doc: Document, parsed: Parsed) -> tuple[str, ...]:
    """The warnings of a source that gave no entries (kept in its facts, so a reused catalog says them too)."""
    if parsed.records:
        return ()
    return (f"{doc.path}: no entries found (read as {parsed.format})",
            f"{doc.path}: {nothing_found_because(doc, parsed)}")


def _parse_one(job: tuple, settings: Settings):
    doc, rule, catalog, hints = job
    try:
        return parse_document(doc, rule, catalog, hints, settings)
    except InputError as exc:
        return exc


def _parse_all(todo: dict, settings: Settings, jobs: int, step):
    """(source id, Parsed or InputError) for every job, in the order given; in `jobs` processes where the work
    is worth a process (more than one source, and enough bytes to outweigh starting the workers)."""
    size = sum(len(job[0].data) for job in todo.values())
    if jobs <= 1 or len(todo) < 2 or size < settings.limits.parallel_min_bytes:
        done = []
        for sid, job in todo.items():
            step("parsing sources", len(done), len(todo))
            done.append((sid, _parse_one(job, settings)))
        return done
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context) as pool:
        futures = {sid: pool.submit(_parse_one, job, settings) for sid, job in todo.items()}
        done = []
        for sid, future in futures.items():
            step(f"parsing sources ({jobs} processes)", len(done), len(todo))
            done.append((sid, future.result()))
        return done


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
