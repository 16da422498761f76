"""Checks on one reconciled catalog: what is suspicious about the catalog itself, whatever the sources."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from . import kinds
from .model import Conflict, Resolution, conflict_value
from .reconcile import CatalogResult
from .settings import DEFAULT
from .text import FUNCTION_WORDS, loose_text, numeric_code, similarity, words

CHECKS = DEFAULT.checks


def check_catalog(result: CatalogResult) -> list[Conflict]:
    return (duplicate_codes(result) + duplicate_names(result) + duplicate_texts(result)
            + range_conflicts(result))


def duplicate_codes(result: CatalogResult) -> list[Conflict]:
    by_code = defaultdict(list)
    for e in result.entries:
        by_code[e.code].append(e)
    out = []
    for code, entries in by_code.items():
        if len(entries) < 2:
            continue
        names = [e.get("name") for e in entries]
        texts = {loose_text(e.get("message") or e.get("description") or "") for e in entries}
        if all(names) and len(set(names)) == len(names):
            severity, what = "info", "under different names (aliases sharing a code)"
        elif len(texts) == 1:
            severity, what = "warning", "with the same text (a repeated row)"
        else:
            severity, what = "error", "with different meanings"
        out.append(Conflict(
            kind="duplicate_code", catalog=result.catalog, code=code, severity=severity,
            message=kinds.get("duplicate_code").message(code=code, count=len(entries), how=what),
            values=[conflict_value(e.cells.get("name") or e.cells.get("message") or e.cells.get("description")
                                   or e.cells["code"]) for e in entries],
            key=tuple(sorted(str(n or t) for n, t in zip(names, [e.get("message") or e.get("description") for e in entries]))),
        ))
    return out


def duplicate_names(result: CatalogResult) -> list[Conflict]:
    by_name = defaultdict(list)
    for e in result.entries:
        if e.get("name"):
            by_name[e.get("name")].append(e)
    out = []
    for name, entries in by_name.items():
        codes = sorted({e.code for e in entries})
        if len(codes) < 2:
            continue
        out.append(Conflict(
            kind="duplicate_name", catalog=result.catalog, field="name",
            message=kinds.get("duplicate_name").message(name=name, codes=", ".join(codes)),
            values=[conflict_value(e.cells["name"]).with_code(e.code) for e in entries],
            key=(name, *codes),
        ))
    return out


def duplicate_texts(result: CatalogResult) -> list[Conflict]:
    """The same (or nearly the same) description at unrelated codes: a copy-paste slip.

    Candidates are blocked by their first and last words, so texts are compared only with texts that could
    be copies of them, never every row with every row."""
    items = [(e, words(e.get("description"))) for e in result.entries]
    items = [(e, w) for e, w in items if len(" ".join(w)) >= CHECKS.min_copied_text]
    blocks = defaultdict(list)
    exact = defaultdict(list)
    for idx, (e, ws) in enumerate(items):
        blocks[("head", *ws[:CHECKS.block_words])].append(idx)
        blocks[("tail", *ws[-CHECKS.block_words:])].append(idx)
        exact[" ".join(ws)].append(idx)
    # Identical texts pair each with the next (a chain, not all pairs); near-copies are looked for only in
    # blocks small enough to be meaningful: a huge block is a boilerplate sentence, not a copy.
    pairs = [pair for members in exact.values() for pair in zip(members, members[1:])]
    pairs += [pair for members in blocks.values() if len(members) <= CHECKS.max_block for pair in combinations(members, 2)]
    seen, out = set(), []
    for a, b in pairs:
        ea, eb = items[a][0], items[b][0]
        if ea.code == eb.code or (a, b) in seen:
            continue
        seen.add((a, b))
        score = similarity(" ".join(items[a][1]), " ".join(items[b][1]))
        if score < CHECKS.copied_text_similarity or differs_in_substance(items[a][1], items[b][1]):
            continue
        same = "the same" if score == 100 else f"nearly the same ({int(score)}% alike)"  # never "100%" for a difference
        out.append(Conflict(
            kind="duplicate_text", catalog=result.catalog, code=eb.code, variant=eb.variant,
            field="description",
            message=kinds.get("duplicate_text").message(code_a=ea.code, code_b=eb.code, same=same),
            values=[conflict_value(ea.cells["description"]).with_code(ea.code),
                    conflict_value(eb.cells["description"]).with_code(eb.code)],
            key=(ea.code, eb.code),
        ))
    return out


def differs_in_substance(words_a: list[str], words_b: list[str]) -> bool:
    """Texts from one template ("The filter expression …" / "The sort expression …", "Local SSID FPDU …" /
    "Local SFID FPDU …") differ in content words; a copy pasted onto another code differs at most in function
    words ("Occurs when …" / "Occurs if …")."""
    return any(w not in FUNCTION_WORDS for w in set(words_a) ^ set(words_b))


def range_conflicts(result: CatalogResult) -> list[Conflict]:
    out = []
    ranges = result.ranges
    for a, b in combinations(ranges, 2):
        overlap = a.low <= b.high and b.low <= a.high
        nested = (a.low <= b.low and b.high <= a.high) or (b.low <= a.low and a.high <= b.high)
        if overlap and not nested:
            affected = sorted({e.code for e in result.entries if numeric_code(e.code) is not None
                               and a.contains(numeric_code(e.code)) and b.contains(numeric_code(e.code))}, key=int)
            # the rule of `most_specific_range`: the narrower wins, between equally wide ones the later-declared
            wins = min((a, b), key=lambda r: (r.width, -ranges.index(r)))
            why = "the narrower" if a.width != b.width else "the later-declared of two equally wide ranges"
            out.append(Conflict(
                kind="overlapping_ranges", catalog=result.catalog,
                message=kinds.get("overlapping_ranges").message(
                    a=a.text, a_label=a.label, b=b.text, b_label=b.label, codes=", ".join(affected) or "none listed",
                    wins=wins.text, wins_label=wins.label, why=why),
                values=[conflict_value(a.loc, a.text), conflict_value(b.loc, b.text)],
                resolution=Resolution.auto(wins.text, "narrowest-range-wins"),
                key=(a.text, b.text),
            ))
    if ranges:
        for e in result.entries:
            if numeric_code(e.code) is not None and not any(r.contains(numeric_code(e.code)) for r in ranges):
                out.append(Conflict(
                    kind="out_of_range", catalog=result.catalog, code=e.code, variant=e.variant, field="category",
                    values=[conflict_value(e.cells["code"])],
                    key=(e.get("name") or loose_text(e.get("message") or e.get("description") or "")[:40],),
                ))
    return out
