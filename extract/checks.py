"""Checks on one reconciled catalog: what is suspicious about the catalog itself, whatever the sources."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from . import kinds
from .model import WORK, Conflict, Resolution, conflict_value, gc_paused
from .reconcile import CatalogResult
from .settings import DEFAULT
from .text import FUNCTION_WORDS, loose_text, numeric_code, words

CHECKS = DEFAULT.checks


@gc_paused
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

    Identical texts are found by hashing them; near-copies are looked for among texts that share their first or
    last words (a block), never every row with every row. A block is compared pair by pair up to `max_block`
    texts; a larger one (a stock phrase many texts start or end with) is sorted and each text compared with
    the next only, a chain as for identical texts, and the catalog gets an info conflict saying so: a cap is
    never silent."""
    from rapidfuzz import fuzz, process  # imported here: only catalogs with texts long enough to be copies pay

    # each text's comparison form (its words, space-separated), made once; its words are split off it again
    # only where needed, so a large catalog does not hold a list of words per entry
    entries, texts = [], []
    for e in result.entries:
        text = " ".join(words(e.get("description")))
        if len(text) >= CHECKS.min_copied_text:
            entries.append(e)
            texts.append(text)
    n = CHECKS.block_words
    blocks: dict[tuple, list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)
    for idx, text in enumerate(texts):
        blocks[("head", *text.split(" ", n)[:n])].append(idx)
        blocks[("tail", *text.rsplit(" ", n)[-n:])].append(idx)
        exact[text].append(idx)
    cutoff = CHECKS.copied_text_similarity
    oversized = [(key, members) for key, members in blocks.items() if len(members) > CHECKS.max_block]

    def alike(members: list[int], window: int):
        """(a, b, score) for each text of `members` and the next `window` after it, at least `cutoff` alike, in
        the order of the pairs; the scores are computed in C, a call per text."""
        pool = [texts[i] for i in members]
        for k, a in enumerate(members[:-1]):
            later = pool[k + 1:k + 1 + window]
            WORK["text comparisons"] += len(later)
            found = process.extract(pool[k], later, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
            for _, score, at in sorted(found, key=lambda t: t[2]):
                b = members[k + 1 + at]
                yield (a, b, score) if a < b else (b, a, score)

    def pairs():
        # Identical texts pair each with the next (a chain, not all pairs); then every pair of a block, or, in a
        # block over the cap, each text with the next in sorted order (near-copies sort side by side: a block of
        # texts that start alike is sorted by its texts, one of texts that end alike by their words backwards).
        for members in exact.values():
            for a, b in zip(members, members[1:]):
                yield a, b, 100.0
        for key, members in blocks.items():
            if len(members) <= CHECKS.max_block:
                yield from alike(members, len(members))
            else:
                yield from alike(sorted(members, key=lambda i: (texts[i] if key[0] == "head"
                                                                else texts[i].split(" ")[::-1], i)), 1)

    seen, out = set(), []
    for a, b, score in pairs():
        ea, eb = entries[a], entries[b]
        if ea.code == eb.code or (a, b) in seen:
            continue
        seen.add((a, b))
        if differs_in_substance(texts[a].split(" "), texts[b].split(" ")):
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
    if oversized:
        out.append(capped_blocks_notice(result.catalog, oversized, entries))
    return out


def capped_blocks_notice(catalog: str, oversized: list[tuple[tuple, list[int]]], entries: list) -> Conflict:
    """One info conflict per catalog: which blocks of texts were too large to compare pair by pair."""
    key, members = max(oversized, key=lambda t: (len(t[1]), t[0]))
    where = "start" if key[0] == "head" else "end"
    example = entries[members[0]].cells["description"]
    return Conflict(
        kind="duplicate_text", catalog=catalog, severity="info", field="description",
        message=kinds.get("duplicate_text").message(
            "capped", groups=len(oversized), cap=CHECKS.max_block, words=CHECKS.block_words, size=len(members),
            where=where, words_text=" ".join(key[1:])),
        values=[conflict_value(example)],
        resolution=Resolution.auto(None, "near-copies-compared-in-capped-blocks"),
        key=("capped blocks",),
    )


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
