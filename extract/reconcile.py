"""From the records of every source to one catalog: group by code, match variants across sources, choose
each field by priority and agreement, and emit a conflict for every disagreement, gap and automatic choice.

Knows nothing of file layouts: it sees `Parsed` results and source priorities only.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from . import kinds
from .settings import DEFAULT
from .text import is_placeholder, loose_text, numeric_code, similarity, words
from .model import (FIELDS, WORK, Cell, Conflict, Entry, Note, Parsed, Range, Record, Resolution, SourceFacts,
                    conflict_value, gc_paused)

LABELS = {"http_status": "an HTTP status", "operations": "operations", "name": "a name", "message": "a message",
          "description": "a description"}
MISSING, MISMATCH = kinds.get("missing_value"), kinds.get("value_mismatch")
SEVERITY_OF_DISAGREEMENT = {"http_status": "error", "message": "error", "name": "error",
                            "description": "warning", "operations": "warning"}


@dataclass
class CatalogResult:
    catalog: str
    entries: list[Entry] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    ranges: list[Range] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    key: str = ""  # the cache's key for this result (pipeline.catalog_key); "" when it is not cached
    facts: dict[str, SourceFacts] = field(default_factory=dict)  # its sources, by id

    @property
    def count(self) -> int:
        return len(self.entries)

    def edit(self, change) -> None:
        """`change(entries)` applied to the entries (a reviewer's decided value). A saved catalog whose entries
        are still on disk applies it when they are read, so a decision alone never loads them."""
        change(self.entries)


def code_sort_key(code: str) -> tuple:
    number = numeric_code(code)
    return (0, number, "") if number is not None else (1, 0, code)


def is_blank(value) -> bool:
    return value is None or value == "" or value == []


def most_specific_range(ranges: list[Range], code: str) -> Range | None:
    number = numeric_code(code)
    if number is None:
        return None
    inside = [(r.width, -i, r) for i, r in enumerate(ranges) if r.contains(number)]
    # The narrowest range wins; between equally narrow ones, the later-declared (usually the finer statement).
    return min(inside, key=lambda t: (t[0], t[1]))[2] if inside else None


def loose_texts():
    """`loose_text` remembering what it computed: a text repeated over cells, variants and checks is
    normalised once per reconcile, not once per comparison."""
    seen: dict[str, str] = {}

    def loose(value) -> str:
        if type(value) is not str:
            return loose_text(value)
        out = seen.get(value)
        if out is None:
            out = seen[value] = loose_text(value)
        return out

    return loose


def _match_score(record: Record, variant: list[Record], prefixes: dict[str, str], loose=loose_text) -> float:
    WORK["variant comparisons"] += 1
    ref = variant[0]
    a, b = record.get("name"), ref.get("name")
    if a and b:  # the same name whatever its style (`ObjectNotFound`, `OBJECT_NOT_FOUND`, `CLOSE_REASON_…`)
        return 100.0 if name_key(record, prefixes, loose) == name_key(ref, prefixes, loose) else 0.0
    for fld in ("message", "description"):
        x, y = record.get(fld), ref.get(fld)
        if x and y:
            return similarity(loose(x), loose(y))
    return DEFAULT.match.no_evidence


def namespace_prefixes(parts: list[Parsed]) -> dict[str, str]:
    """Per source, the namespace its names all carry (`CLOSE_REASON_NORMAL`, `CLOSE_REASON_GOING_AWAY`: the
    `CLOSE_REASON_` of a library's constants). It is naming style, like case: names are compared without it."""
    out = {}
    for p in parts:
        names = sorted({str(r.get("name")) for r in p.records if r.get("name") and "_" in str(r.get("name"))})
        if len(names) < DEFAULT.match.namespace_min_names:
            continue
        prefix = names[0]
        for n in names[1:]:
            while prefix and not n.startswith(prefix):
                prefix = prefix[:prefix.rfind("_", 0, len(prefix) - 1) + 1] if "_" in prefix[:-1] else ""
        if prefix.endswith("_") and all(len(n) > len(prefix) for n in names):
            out[p.source] = prefix
    return out


def name_key(record_or_cell, prefixes: dict[str, str], loose=loose_text) -> str:
    """A name as compared across sources: case, separators and the source's namespace prefix do not count."""
    value = str(record_or_cell.value if isinstance(record_or_cell, Cell) else record_or_cell.get("name") or "")
    source = record_or_cell.loc.source if isinstance(record_or_cell, Cell) else record_or_cell.source
    prefix = prefixes.get(source, "")
    return loose(value[len(prefix):] if prefix and value.startswith(prefix) else value)


def group_variants(by_source: list[list[Record]], prefixes: dict[str, str] | None = None,
                   loose=loose_text) -> list[list[Record]]:
    """One code's records, per source in priority order → variants, each a list of matching records.

    The first source that lists the code sets the variants; each later record joins the variant it matches
    best (same name, else the most alike message), and one that matches none becomes a variant of its own.
    Only records of one code are compared: the work grows with the records a code has, never with the catalog."""
    if len(by_source) == 1:  # one source: each of its records is a variant, there is nothing to match
        return [[r] for r in by_source[0]]
    variants: list[list[Record]] = []
    for records in by_source:
        if len(records) == 1 and len(variants) == 1:  # one record and one variant: the same entry, whatever
            variants[0].append(records[0])           # their scores (see below), so none is computed
            continue
        taken: set[int] = set()
        pairs = sorted(
            ((_match_score(r, v, prefixes or {}, loose), -ri, -vi, ri, vi) for ri, r in enumerate(records)
             for vi, v in enumerate(variants)),
            reverse=True,
        )
        placed: set[int] = set()
        for score, _, _, ri, vi in pairs:
            if ri in placed or vi in taken:
                continue
            # one record for a code in each source is the same entry, whatever it is called: a name that
            # differs is then a disagreement for choose() to report, not a second entry
            if score >= DEFAULT.match.same_variant or (len(records) == 1 and len(variants) == 1):
                variants[vi].append(records[ri])
                placed.add(ri)
                taken.add(vi)
        variants += [[r] for ri, r in enumerate(records) if ri not in placed]
    return variants


def _missing(cell: Cell, fld: str, catalog: str, code: str, variant: int, key: tuple) -> Conflict:
    """A column that expects a value is blank and no source fills it."""
    return Conflict(kind="missing_value", severity="error" if fld == "http_status" else "warning",
                    message=MISSING.message(what=LABELS.get(fld, "a " + fld), code=code),
                    values=[conflict_value(cell)], catalog=catalog, code=code, variant=variant, field=fld, key=key)


def choose_alone(record: Record, catalog: str, code: str, variant: int, key: tuple,
                 expected: set[tuple[str, str]]) -> tuple[dict[str, Cell], list[Conflict]]:
    """`choose` for every field of an entry that one record attests (the common case): its cells are the
    entry's, and the only thing to report is a blank where its column expects a value."""
    cells: dict[str, Cell] = {}
    conflicts: list[Conflict] = []
    for fld in FIELDS:
        cell = record.cells.get(fld)
        if cell is None:
            continue
        cells[fld] = cell
        if is_blank(cell.value) and (cell.loc.source, fld) in expected and is_placeholder(cell.raw):
            conflicts.append(_missing(cell, fld, catalog, code, variant, key))
    return cells, conflicts


def choose(entry_records: list[Record], fld: str, catalog: str, code: str, variant: int,
           key: tuple, expected: set[tuple[str, str]] = frozenset(),
           prefixes: dict[str, str] | None = None, loose=loose_text) -> tuple[Cell | None, list[Conflict]]:
    """The value of one field of one entry, and what the choice needs to tell a reviewer.

    `expected`: the (source, field) columns that are mostly filled; a blank there is a gap worth reporting,
    a blank in a mostly empty column ("Solution", "Retry") is the column's normal state. A conflict's
    details (its values with their locations) are built only for a conflict that is emitted."""
    WORK["fields chosen among records"] += 1
    cells = [r.cells[fld] for r in entry_records if fld in r.cells]
    filled = [c for c in cells if not is_blank(c.value)]
    conflicts: list[Conflict] = []
    # A cell with text that is no valid value (a status "abc") was reported as invalid_value when read: it is
    # not also a blank.
    blank = [c for c in cells if is_blank(c.value) and is_placeholder(c.raw)]
    if not filled:
        if any((c.loc.source, fld) in expected for c in blank):  # a column that expects a value is blank
            conflicts.append(Conflict(
                kind="missing_value", severity="error" if fld == "http_status" else "warning",
                message=MISSING.message(what=LABELS.get(fld, "a " + fld), code=code),
                values=[conflict_value(c) for c in cells], catalog=catalog, code=code, variant=variant,
                field=fld, key=key))
        return (cells[0] if cells else None), conflicts
    chosen = filled[0]
    exact = {repr(c.value) for c in filled}
    if len(exact) == 1 and not blank:  # the sources agree: nothing to tell
        return chosen, conflicts
    base = dict(catalog=catalog, code=code, variant=variant, field=fld, key=key)
    values = [conflict_value(c) for c in cells]
    if blank and cells.index(blank[0]) < cells.index(chosen):  # a higher-priority source left it blank
        who = ", ".join(c.loc.source for c in blank)
        conflicts.append(Conflict(
            kind="missing_value", severity="info",
            message=MISSING.message("filled", blank=who, verb="leaves" if len(blank) == 1 else "leave",
                                    what=_noun(fld), code=code, source=chosen.loc.source, value=chosen.value),
            values=values, resolution=Resolution.auto(chosen.value, "fill-blank-from-other-source"), **base))
    if len(exact) > 1:
        distinct = {repr(c.value) if fld == "http_status" else name_key(c, prefixes or {}, loose) if fld == "name"
                    else loose(c.value): c for c in filled}
        if len(distinct) == 1 and fld == "name":
            # `INVALID_ARGUMENT`, `InvalidArgument`, `invalid_argument`: each language's style for one name
            conflicts.append(Conflict(
                kind="normalized_value", severity="info",
                message=kinds.get("normalized_value").message(
                    "name style", code=code, names=", ".join(sorted({str(c.value) for c in filled})),
                    chosen=chosen.value),
                values=values, resolution=Resolution.auto(chosen.value, "same-name-in-another-style"), **base))
        elif len(distinct) == 1:
            conflicts.append(Conflict(
                kind="value_mismatch", severity="info",
                message=MISMATCH.message("cosmetic", what=_noun(fld), code=code),
                values=values, resolution=Resolution.auto(chosen.value, "cosmetic-take-priority"), **base))
        elif fld in ("message", "description") and _is_cut_off(filled, loose):
            longest = max(filled, key=lambda c: len(loose(c.value)))
            cut = [c for c in filled if loose(c.value) != loose(longest.value)]
            conflicts.append(Conflict(
                kind="truncated_value",
                message=kinds.get("truncated_value").message(
                    field=fld, code=code, cut=", ".join(c.loc.source for c in cut), full=longest.loc.source),
                values=values, resolution=Resolution.auto(longest.value, "keep-untruncated"), **base))
            chosen = longest
        else:
            conflicts.append(Conflict(
                kind="value_mismatch", severity=SEVERITY_OF_DISAGREEMENT.get(fld, "info"),
                message=MISMATCH.message(what=_noun(fld), code=code, source=chosen.loc.source),
                values=values, **base))
    return chosen, conflicts


def _noun(fld: str) -> str:
    """The field as a message names it: `HTTP status`, `message` (`the message of code 7`)."""
    return LABELS.get(fld, fld).split(" ", 1)[-1]


# a text that another continues with one of these words is a complete phrase the other extends, not cut off
CLAUSE_JOINERS = frozenset({"or", "and", "but", "nor", "unless", "except"})


def _is_cut_off(cells: list[Cell], loose=loose_text) -> bool:
    """Every shorter text is a prefix of the longest that stops mid-sentence: cut off, not a different text.
    ("…an unknown reason." before "…an unknown reason or Radar blocked it." is a complete, different sentence;
    two different continuations of one prefix disagree.)"""
    longest = max((loose(c.value) for c in cells), key=len)
    longest_words = words(max((c.value for c in cells), key=lambda v: len(loose(v))))
    shorter = [c for c in cells if loose(c.value) != longest]

    def extends_a_clause(value) -> bool:  # "… is incorrect" / "… is incorrect or structure …": a new clause
        own = words(value)
        return len(longest_words) > len(own) and longest_words[len(own)] in CLAUSE_JOINERS

    return all(longest.startswith(loose(c.value)) and not str(c.value).rstrip().endswith((".", "!", "?"))
               and not extends_a_clause(c.value) for c in shorter)


def reconcile(parsed: list[Parsed], priority: dict[str, int]) -> dict[str, CatalogResult]:
    """Every catalog's entries, notes, ranges and conflicts. `priority`: lower number wins."""
    by_catalog: dict[str, list[Parsed]] = defaultdict(list)
    for p in parsed:
        by_catalog[p.catalog].append(p)
    return {catalog: reconcile_catalog(catalog, parts, priority) for catalog, parts in sorted(by_catalog.items())}


@gc_paused
def reconcile_catalog(catalog: str, parts: list[Parsed], priority: dict[str, int]) -> CatalogResult:
    """One catalog from the records of its sources (each catalog is reconciled on its own: a rebuild reconciles
    only the catalogs whose sources changed)."""
    parts = sorted(parts, key=lambda p: (priority.get(p.source, 0), p.source))
    result = CatalogResult(catalog)
    for p in parts:
        result.notes += p.notes
        result.ranges += p.ranges
        result.conflicts += p.conflicts
    _assign_range_categories(parts, result.ranges)

    expected = mostly_filled(parts)
    prefixes = namespace_prefixes(parts)
    loose = loose_texts()
    codes: dict[str, list[list[Record]]] = defaultdict(lambda: [[] for _ in parts])
    for si, p in enumerate(parts):
        for r in p.records:
            codes[r.code][si].append(r)
    for code in sorted(codes, key=code_sort_key):
        per_source = codes[code]
        for si, records in enumerate(per_source):
            if not records and len(parts) > 1:
                present = [parts[j].source for j, rs in enumerate(per_source) if rs]
                result.conflicts.append(Conflict(
                    kind="missing_in_source", catalog=catalog, code=code,
                    message=kinds.get("missing_in_source").message(
                        code=code, present=", ".join(present), absent=parts[si].source),
                    values=[conflict_value(rs[0].loc, rs[0].get('message') or rs[0].get('description'))
                            for rs in per_source if rs],
                    key=(parts[si].source,)))
        for vi, records in enumerate(group_variants([rs for rs in per_source if rs], prefixes, loose), 1):
            first = records[0]
            vkey = (first.get("name") or loose_text(first.get("message") or first.get("description") or "")[:40]
                    or vi,)
            if len(records) == 1:
                cells, conflicts = choose_alone(first, catalog, code, vi, vkey, expected)
                result.conflicts += conflicts
            else:
                cells = {}
                for fld in FIELDS:
                    cell, conflicts = choose(records, fld, catalog, code, vi, vkey, expected, prefixes, loose)
                    if cell is not None:
                        cells[fld] = cell
                    result.conflicts += conflicts
            for r in records:  # columns no contract field holds (kept in catalog.json as `extra`)
                for name, cell in r.cells.items():
                    if name.startswith("x:") and name not in cells:
                        cells[name] = cell
            result.entries.append(Entry(catalog, code, vi, cells, records))
    _attach_variants(result)
    return result


def mostly_filled(parts: list[Parsed]) -> set[tuple[str, str]]:
    """(source, field) for every column that at least half of the source's records fill."""
    filled: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for p in parts:
        for r in p.records:
            for fld, cell in r.cells.items():
                counts = filled[(p.source, fld)]
                counts[0] += not is_blank(cell.value)
                counts[1] += 1
    return {key for key, (full, seen) in filled.items() if full * 2 >= seen}


def _attach_variants(result: CatalogResult) -> None:
    """A parser's conflict names a code but not a variant; give it the variant whose record (or one of whose
    cells, e.g. a text a fragment was joined to) one of its values came from. Only the entries of the codes
    such conflicts name have their locations written out, and each of those once."""
    wanting = [c for c in result.conflicts if c.code is not None and c.variant is None]
    if not wanting:
        return
    named = {c.code for c in wanting}
    by_code: dict[str, list[Entry]] = defaultdict(list)
    for e in result.entries:
        if e.code in named:
            by_code[e.code].append(e)
    places: dict[int, set[tuple[str, str]]] = {}

    def where(e: Entry) -> set[tuple[str, str]]:
        found = places.get(id(e))
        if found is None:
            found = places[id(e)] = {(loc.source, str(loc)) for r in e.records
                                     for loc in (r.loc, *(cell.loc for cell in r.cells.values()))}
        return found

    for c in wanting:
        # the first value that lies in an entry of the code decides; among entries, the first listed
        c.variant = next((e.variant for v in c.values for e in by_code.get(c.code, ())
                          if (v.source, v.location) in where(e)), None)


def _assign_range_categories(parts: list[Parsed], ranges: list[Range]) -> None:
    """Records with no section of their own take the most specific declared range that holds their code."""
    if not ranges:
        return
    for p in parts:
        for r in p.records:
            if "category" in r.cells:
                continue
            best = most_specific_range(ranges, r.code)
            if best is not None:
                r.cells["category"] = Cell(best.label, best.text, best.loc)
