"""Placing a column dump's overflow fragments: the ends of wrapped cells, printed after the last block.

Two kinds of evidence, the surer first:
- *order*: the fragments come in the order of the cells they continue, and every cell left open (its text
  stops where no sentence ends) takes one. When the fragments and the open cells fit each other that way — and
  a fragment that starts a sentence may instead continue a cell as long as the cells seen cut — each fragment
  whose cell is the same in every near-best fit is placed (`place_by_order`, cells × (closed cuts + 1));
- *in the row or in other sources*: the row's text stops on a word no sentence ends with, words overlap across
  the break, or another source of the catalog gives a text this row begins and the fragment ends — with the
  order of the fragments as a constraint (`place_fragments`).
A fragment without sure evidence is kept and reported as `orphan_fragment`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import Conflict, Hints, Loc, Record, conflict_value
from ..patterns import CLAUSE_END as TERMINAL
from ..settings import DEFAULT, FragmentSettings
from ..text import FUNCTION_WORDS, collapse, loose_text, words
from .dump_blocks import is_open, starts_lower

TEXT_FIELDS = ("description", "message")
# How many characters at the junction a reference may disagree with the row's own text (a PDF text layer
# loses or garbles a few characters where a cell wraps).
JUNCTION_SLACK = DEFAULT.fragments.junction_slack


@dataclass
class Candidate:
    record: Record
    field: str
    joined: str
    evidence: str
    certain: bool  # evidence in the row itself, not only in another source
    before: str = ""  # the cell's text before the join
    rule: str = ""  # the rule's name where it is not the evidence's usual one


def candidates_for(fragment: str, records: list[Record], hints: Hints) -> list[Candidate]:
    found = []
    for r in records:
        for fld in TEXT_FIELDS:
            cell = r.cells.get(fld)
            if cell is None or not cell.value or cell.value.endswith(fragment):
                continue
            text = cell.value
            refs = hints.values(r.code, fld)
            if refs:  # other sources of the catalog decide for this cell
                ending = [ref for ref in refs if ref.endswith(fragment)]  # the cheap test first
                if not ending or any(loose_text(text) == loose_text(ref) for ref in refs):
                    continue  # no other source ends so, or the row is already complete (but for case, punctuation)
                in_row = evidence_in_row(text, fragment)
                for ref in ending:
                    joined = joined_by_reference(text, fragment, ref)
                    if joined:
                        why = f"another source gives {ref!r}"
                        found.append(Candidate(r, fld, joined, f"{in_row[1]}, and {why}" if in_row else why,
                                               bool(in_row)))
                        break
            else:
                in_row = evidence_in_row(text, fragment)
                if in_row:
                    found.append(Candidate(r, fld, in_row[0], in_row[1], True))
    return found


def evidence_in_row(text: str, fragment: str) -> tuple[str, str] | None:
    """(joined text, evidence) where the row's own text shows the fragment continues it."""
    overlap = overlappingwords(text, fragment)
    if overlap:
        head = " ".join(text.split()[:-overlap])
        return f"{head} {fragment}", "words overlap across the break"
    last = words(text)[-1:]
    if fragment[:1].islower() and not TERMINAL.search(text) and last and last[0] in FUNCTION_WORDS:
        return f"{text} {fragment}", "the row's text stops mid-sentence"
    return None


def overlappingwords(text: str, fragment: str) -> int:
    """How many words the end of `text` repeats at the start of `fragment` (a wrap printed twice)."""
    a, b = words(text), words(fragment)
    for k in range(min(len(a), len(b), 6), 0, -1):
        if a[-k:] == b[:k] and sum(len(w) for w in b[:k]) >= 4:
            return k
    return 0


def joined_by_reference(text: str, fragment: str, ref: str) -> str | None:
    """The reference text, when it ends with the fragment and the row's text is that reference up to (nearly)
    where the fragment begins: the row is the reference cut where its cell wrapped."""
    ref = collapse(ref)
    if not ref.endswith(fragment) or ref == text:
        return None
    junction = len(ref) - len(fragment)
    common = 0
    for x, y in zip(text, ref):
        if x != y:
            break
        common += 1
    if common >= junction - JUNCTION_SLACK and common >= junction // 2:
        return ref
    return None


class RowIndex:
    """Which rows a fragment could continue, found by words instead of by trying every row: a row whose text
    ends on one of the fragment's first words (an overlap), a row that stops on a function word (mid-sentence),
    or a row whose reference text from another source ends on the fragment's last word."""

    def __init__(self, records: list[Record], hints: Hints):
        self.records, self.hints = records, hints
        self.keys: dict[tuple, set[int]] = {}
        for i in range(len(records)):
            self.add(i)

    def add(self, i: int) -> set[tuple]:
        """Index row i (again, after its text changed); returns its keys."""
        r, added = self.records[i], set()
        for fld in TEXT_FIELDS:
            cell = r.cells.get(fld)
            last = words(cell.value)[-1:] if cell is not None and cell.value else []
            refs = self.hints.values(r.code, fld)
            # where other sources speak for the row, only their texts can place a fragment
            keys = [key for ref in refs for key in (("ref", *words(ref)[-1:]), ("ref", *words(ref)[-2:]))]
            if last and not refs:
                keys += [("ends", last[0])] + ([("open",)] if last[0] in FUNCTION_WORDS else [])
            for key in keys:
                self.keys.setdefault(key, set()).add(i)
            added.update(keys)
        return added

    @staticmethod
    def keys_for(fragment: str) -> set[tuple]:
        # a reference ends on the fragment's last two words; not on its first, which may be a word's tail
        fw = words(fragment)
        tail = fw[-2:] if len(fw) >= 3 else fw[-1:]
        return {("ends", w) for w in fw[:6]} | {("open",)} | ({("ref", *tail)} if tail else set())

    def near(self, fragment: str) -> list[Record]:
        found = set().union(*(self.keys.get(k, set()) for k in self.keys_for(fragment)))
        return [self.records[i] for i in sorted(found)]


def place_fragments(fragments: list[tuple[Loc, str]], records: list[Record], hints: Hints,
                    catalog: str, columns: dict[str, int] | None = None,
                    fs: FragmentSettings = DEFAULT.fragments) -> list[Conflict]:
    """Join each fragment to the row it belongs to where the evidence is sure; report all the rest.

    Fragments come in row order, so a placed fragment bounds where the others may go. After every join the
    joined row is looked at again for the remaining fragments: it may no longer stop mid-sentence."""
    columns = columns or {}
    row_of = {id(r): i for i, r in enumerate(records)}
    # a cell's place in the document: its column's block, then its row
    pos: Callable[[Candidate], int] = lambda c: columns.get(c.field, 0) * len(records) + row_of[id(c.record)]  # noqa: E731
    index = RowIndex(records, hints)
    cands = {i: candidates_for(text, index.near(text), hints) for i, (_, text) in enumerate(fragments)}
    frag_keys = {i: index.keys_for(text) for i, (_, text) in enumerate(fragments)}
    placed: dict[int, Candidate] = {}
    reasons: dict[int, str] = {}

    def bounds() -> dict[int, tuple[int, int]]:
        """Per unplaced fragment: the rows it may go to, between the rows of the placed fragments around it."""
        lo, out = -1, {}
        for i in range(len(fragments)):
            if i in placed:
                lo = pos(placed[i])
            else:
                out[i] = [lo, len(records) * (max(columns.values(), default=0) + 1)]
        hi = len(records) * (max(columns.values(), default=0) + 1)
        for i in reversed(range(len(fragments))):
            if i in placed:
                hi = pos(placed[i])
            else:
                out[i][1] = hi
        return out

    def place(i: int, cand: Candidate, reason: str) -> None:
        placed[i], reasons[i] = cand, reason
        cell = cand.record.cells[cand.field]
        cand.before = cell.value
        cell.value, cell.raw = cand.joined, f"{cell.raw}\n{fragments[i][1]}"
        cell.loc = cell.loc.merged(fragments[i][0])
        row_keys = index.add(row_of[id(cand.record)])
        for j in cands:  # the joined row's evidence changed: look at it again for the fragments it may now take
            if j not in placed and (row_keys & frag_keys[j] or any(c.record is cand.record for c in cands[j])):
                cands[j] = [c for c in cands[j] if c.record is not cand.record] + \
                    candidates_for(fragments[j][1], [cand.record], hints)

    for i, cand in place_by_order(fragments, records, hints, columns, fs).items():
        place(i, cand, cand.evidence)
    while True:
        limits = bounds()
        options = {i: [c for c in cands[i] if lo <= pos(c) <= hi] for i, (lo, hi) in limits.items()}
        sure = next((i for i, opts in options.items() if len({(id(c.record), c.field) for c in opts}) == 1), None)
        if sure is not None:
            place(sure, options[sure][0], options[sure][0].evidence)
            continue
        # k fragments that share the same k candidate rows: their order places them.
        groups: dict[tuple, list[int]] = {}
        for i, opts in options.items():
            if opts:
                groups.setdefault(tuple(sorted({pos(c) for c in opts})), []).append(i)
        group = next(((rows, members) for rows, members in groups.items() if len(rows) == len(members) > 1), None)
        if group is None:
            break
        rows, members = group
        for i, row in zip(members, rows):
            pick = [c for c in options[i] if pos(c) == row][0]
            place(i, pick, f"{pick.evidence}; fragments come in row order ({len(rows)} fragments for {len(rows)} rows)")

    conflicts = []
    for i, (where, text) in enumerate(fragments):
        if i in placed:
            c = placed[i]
            cell, before = c.record.cells[c.field], c.before
            conflicts.append(Conflict(
                kind="joined_fragment", catalog=catalog, code=c.record.code, field=c.field,
                severity="info" if c.certain else "warning",
                message=f"The loose fragment {text!r} was joined to the {c.field} of code {c.record.code}: {reasons[i]}.",
                values=[conflict_value(where, text), {"source": where.source, "value": before, "location": str(cell.loc)}],
                resolution={"status": "auto", "value": c.joined,
                            "rule": c.rule or ("fragment-joined-in-row" if c.certain else "fragment-joined-by-other-source")},
                key=(where.source, text),
            ))
        else:
            options = cands[i]
            listed = ", ".join(f"{c.record.code} ({c.field})" for c in options)
            conflicts.append(Conflict(
                kind="orphan_fragment", catalog=catalog, severity="warning",
                message=(f"The loose fragment {text!r} could not be placed for sure; candidate rows: {listed}."
                         if options else f"The loose fragment {text!r} matches no row's text; kept here."),
                values=[conflict_value(where, text)] + [
                    {"source": where.source, "value": c.record.cells[c.field].value, "location": str(c.record.loc),
                     "code": c.record.code} for c in options],
                key=(where.source, text),
            ))
    return conflicts




@dataclass
class _Cell:
    record: Record
    field: str
    text: str
    open: bool  # must take a fragment
    cut_cost: float | None  # a closed cell that may have been cut where a sentence ended: its cost, else None


def _order_cells(records: list[Record], hints: Hints, columns: dict[str, int],
                 fs: FragmentSettings) -> list[_Cell]:
    """The text cells in document order (block, then row), each open, a possible cut, or neither."""
    cells: list[_Cell] = []
    for fld in sorted((f for f in TEXT_FIELDS if f in columns), key=lambda f: columns[f]):
        column = []
        for r in records:
            cell = r.cells.get(fld)
            if cell is None or not cell.value:
                continue
            refs = hints.values(r.code, fld)
            complete = any(loose_text(cell.value) == loose_text(ref) for ref in refs)
            column.append(_Cell(r, fld, cell.value, is_open(cell.value) and not complete, None))
        cells += column
    cut = [len(c.text) for c in cells if c.open]
    if not cut:
        return cells
    lo, hi = min(cut) - fs.cut_length_slack, max(cut) + fs.cut_length_slack
    middle = sorted(cut)[len(cut) // 2]
    wrapped = {c.field for c in cells if c.open}  # a column none of whose cells is seen cut was not cut
    for c in cells:
        refs = hints.values(c.record.code, c.field)
        complete = any(loose_text(c.text) == loose_text(ref) for ref in refs)
        if not c.open and c.field in wrapped and lo <= len(c.text) <= hi and not complete:
            c.cut_cost = abs(len(c.text) - middle) / max(1, middle)
    return cells


def place_by_order(fragments: list[tuple[Loc, str]], records: list[Record], hints: Hints,
                   columns: dict[str, int], fs: FragmentSettings = DEFAULT.fragments) -> dict[int, Candidate]:
    """Fragments placed by their order alone: every open cell takes the next fragment, and a fragment that starts
    a sentence may go to a closed cell as long as the cells seen cut. Only a fragment whose cell is the same in
    every fit within `order_margin` of the best is placed; where no fit exists, nothing is."""
    cells = _order_cells(records, hints, columns, fs)
    F = len(fragments)
    opened = sum(1 for c in cells if c.open)
    extra = F - opened
    if not F or extra < 0 or extra > fs.max_closed_cuts:
        return {}
    texts = [t for _, t in fragments]
    INF = float("inf")
    M = len(cells)
    before = [0] * (M + 1)  # open cells before cell c
    for c in range(M):
        before[c + 1] = before[c] + cells[c].open

    def take_cost(c: int, j: int) -> float:
        if j >= F:
            return INF
        if cells[c].open:
            return 0.0 if starts_lower(texts[j]) else fs.capital_after_open_cost
        if cells[c].cut_cost is not None and not starts_lower(texts[j]):
            return cells[c].cut_cost
        return INF

    # fwd[c][e]: least cost of cells[:c] with e closed cells cut; bwd[c][e]: of cells[c:] given e so far
    fwd = [[INF] * (extra + 1) for _ in range(M + 1)]
    fwd[0][0] = 0.0
    for c in range(M):
        for e in range(extra + 1):
            here = fwd[c][e]
            if here == INF:
                continue
            j = before[c] + e
            if cells[c].open:
                fwd[c + 1][e] = min(fwd[c + 1][e], here + take_cost(c, j))
                continue
            fwd[c + 1][e] = min(fwd[c + 1][e], here)
            if e < extra:
                fwd[c + 1][e + 1] = min(fwd[c + 1][e + 1], here + take_cost(c, j))
    best = fwd[M][extra]
    if best == INF:
        return {}
    bwd = [[INF] * (extra + 1) for _ in range(M + 1)]
    bwd[M][extra] = 0.0
    for c in reversed(range(M)):
        for e in range(extra + 1):
            j = before[c] + e
            if cells[c].open:
                bwd[c][e] = take_cost(c, j) + bwd[c + 1][e]
            else:
                bwd[c][e] = min(bwd[c + 1][e], take_cost(c, j) + bwd[c + 1][e + 1] if e < extra else INF)
    where: dict[int, set[int]] = {}
    for c in range(M):
        for e in range(extra + 1):
            if fwd[c][e] == INF:
                continue
            j = before[c] + e
            nxt = e if cells[c].open else e + 1
            if nxt > extra:
                continue
            total = fwd[c][e] + take_cost(c, j) + bwd[c + 1][nxt]
            if total <= best + fs.order_margin:
                where.setdefault(j, set()).add(c)
    out = {}
    for j, found in where.items():
        if len(found) != 1:
            continue
        cell = cells[found.pop()]
        fragment = texts[j]
        in_row = evidence_in_row(cell.text, fragment)
        why = (f"fragments come in the order of the cells left open ({F} fragments, {opened} open cells"
               + (f", {extra} cut where a sentence ended" if extra else "") + ")")
        if in_row:
            out[j] = Candidate(cell.record, cell.field, in_row[0], f"{in_row[1]}; {why}", True)
        else:
            out[j] = Candidate(cell.record, cell.field, f"{cell.text} {fragment}", why, False,
                               rule="fragment-joined-by-order")
    return out
