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

The work is linear in the cells and fragments where the order places the fragments: only the fragments it
leaves unplaced are looked for among the rows, and only rows that share a key with them (`RowIndex`).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass
from heapq import heappop, heappush
from typing import Callable

from ..model import WORK, Conflict, Hints, Loc, Record, conflict_value
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
    WORK["fragment rows examined"] += len(records)
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
    for k in range(min(len(a), len(b), OVERLAP_WORDS), 0, -1):
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


# A reference ends with a fragment when its last words are the fragment's words after the first (which may be
# the tail of a word): references are indexed by their last 1..REF_WORDS words, fragments by at most as many.
REF_WORDS = 6
OVERLAP_WORDS = 6  # the most words `overlappingwords` looks for at a break


class RowIndex:
    """Which rows a fragment could continue, found by words instead of by trying every row: a row whose text
    ends on the fragment's first words (an overlap), a row that stops on a function word (mid-sentence), or a
    row whose reference text from another source ends on the fragment's words. A fragment of one word (perhaps
    the tail of a word) is looked up more loosely: a row ending on that word."""

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
            own = words(cell.value) if cell is not None and cell.value else []
            refs = self.hints.values(r.code, fld)
            # where other sources speak for the row, only their texts can place a fragment
            keys = [("ref", *ws[-k:]) for ref in refs for ws in (words(ref),) for k in range(1, REF_WORDS + 1)
                    if k <= len(ws)]
            if own and not refs:
                keys += [("ends", own[-1])] + ([("open",)] if own[-1] in FUNCTION_WORDS else [])
                keys += [("overlap", *own[-k:]) for k in range(1, min(len(own), OVERLAP_WORDS) + 1)]
            for key in keys:
                self.keys.setdefault(key, set()).add(i)
            added.update(keys)
        return added

    @staticmethod
    def keys_for(fragment: str) -> set[tuple]:
        fw = words(fragment)
        if len(fw) < 2:
            return {("ends", w) for w in fw} | {("open",)} | ({("ref", *fw)} if fw else set())
        # a reference ends on the fragment's words after its first, which may be a word's tail; a row's own
        # text ends on the fragment's first words (`overlappingwords`), or stops mid-sentence before a fragment
        # in lower case (`evidence_in_row`)
        return ({("ref", *fw[1:][-REF_WORDS:])} | {("overlap", *fw[:k]) for k in range(1, min(len(fw), OVERLAP_WORDS) + 1)}
                | ({("open",)} if fragment[:1].islower() else set()))

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
    # The order reads the rows' texts as they are and changes nothing; only the fragments it leaves unplaced
    # ever need their candidate rows (a placed fragment's candidates are never read again).
    by_order = place_by_order(fragments, records, hints, columns, fs)
    left = [i for i in range(len(fragments)) if i not in by_order]
    index = RowIndex(records, hints) if left else None
    cands = {i: candidates_for(fragments[i][1], index.near(fragments[i][1]), hints) for i in left}
    frag_keys = {i: index.keys_for(fragments[i][1]) for i in left}
    placed: dict[int, Candidate] = {}
    reasons: dict[int, str] = {}
    top = len(records) * (max(columns.values(), default=0) + 1)  # past the last cell of the last block
    placed_order: list[int] = []  # the placed fragments' indices, sorted: a fragment's bounds are its neighbours'
    # which unplaced fragments a joined row concerns: those sharing a key with it, those with a candidate on it
    by_key: dict[tuple, set[int]] = {}
    for j, keys in frag_keys.items():
        for key in keys:
            by_key.setdefault(key, set()).add(j)
    by_row: dict[int, set[int]] = {}
    for j, found in cands.items():
        for c in found:
            by_row.setdefault(row_of[id(c.record)], set()).add(j)
    rounds = _Rounds(cands, pos)  # idle until the rounds start: the order's placements need no statuses

    def bounds(i: int) -> tuple[int, int]:
        """The cells an unplaced fragment may go to: between the cells of the placed fragments around it."""
        k = bisect_left(placed_order, i)
        return (pos(placed[placed_order[k - 1]]) if k else -1,
                pos(placed[placed_order[k]]) if k < len(placed_order) else top)

    def set_cands(j: int, found: list[Candidate]) -> None:
        for c in cands[j]:
            by_row.get(row_of[id(c.record)], set()).discard(j)
        for c in found:
            by_row.setdefault(row_of[id(c.record)], set()).add(j)
        rounds.replace(j, found)
        cands[j] = found

    def place(i: int, cand: Candidate, reason: str) -> None:
        placed[i], reasons[i] = cand, reason
        cell = cand.record.cells[cand.field]
        cand.before = cell.value
        cell.value, cell.raw = cand.joined, f"{cell.raw}\n{fragments[i][1]}"
        cell.loc = cell.loc.merged(fragments[i][0])
        k = bisect_left(placed_order, i)
        placed_order.insert(k, i)
        if index is None:  # every fragment is placed by the order: no candidates to update
            return
        if i in cands:  # placed now: its candidates no longer count anywhere
            set_cands(i, [])
            rounds.drop(i)
            for key in frag_keys[i]:
                by_key[key].discard(i)
        row = row_of[id(cand.record)]
        row_keys = index.add(row)
        # the joined row's evidence changed: look at it again for the fragments it may now take
        concerned = set(by_row.get(row, ()))
        for key in row_keys:
            concerned |= by_key.get(key, set())
        WORK["fragment updates"] += len(concerned)
        for j in sorted(concerned):
            set_cands(j, [c for c in cands[j] if c.record is not cand.record]
                      + candidates_for(fragments[j][1], [cand.record], hints))
        # the fragments between this one and its placed neighbours have narrower bounds now
        lo = pos(placed[placed_order[k - 1]]) if k else -1
        hi = pos(placed[placed_order[k + 1]]) if k + 1 < len(placed_order) else top
        here = pos(cand)
        a = placed_order[k - 1] if k else -1
        b = placed_order[k + 1] if k + 1 < len(placed_order) else len(fragments)
        rounds.narrowed(concerned, (a, i), (here, hi), (i, b), (lo, here), bounds)

    for i, cand in by_order.items():
        place(i, cand, cand.evidence)
    rounds.start(bounds)
    while True:
        WORK["fragment placement rounds"] += 1
        sure = rounds.first_sure(bounds)
        if sure is not None:
            lo, hi = bounds(sure)
            opts = [c for c in cands[sure] if lo <= pos(c) <= hi]
            place(sure, opts[0], opts[0].evidence)
            continue
        options = {}
        for i in sorted(cands):
            if i not in placed:
                lo, hi = bounds(i)
                options[i] = [c for c in cands[i] if lo <= pos(c) <= hi]
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




class _Rounds:
    """Which unplaced fragments are sure (exactly one candidate cell within their bounds), kept up to date as
    fragments are placed, so each round finds the first sure fragment without looking at every fragment again.

    A placement changes two things: the candidates of the fragments its row concerns (`replace`), and the bounds
    of the unplaced fragments between it and its placed neighbours. Of those, only fragments with a candidate
    where the bound moved can change; they are found through the candidates sorted by cell, or by walking the
    fragments in between, whichever is shorter."""

    def __init__(self, cands: dict[int, list[Candidate]], pos: Callable[[Candidate], int]):
        self.cands, self.pos = cands, pos
        self.active = False
        self.unplaced: list[int] = []  # sorted
        self.by_cell: list[tuple[int, int]] = []  # (cell, fragment), sorted, for the candidates of unplaced ones
        self.heap: list[int] = []
        self.sure: set[int] = set()

    def start(self, bounds) -> None:
        self.active = True
        self.unplaced = sorted(self.cands)
        self.by_cell = sorted((self.pos(c), j) for j, found in self.cands.items() for c in found)
        for j in self.unplaced:
            self._refresh(j, bounds)

    def _refresh(self, j: int, bounds) -> None:
        lo, hi = bounds(j)
        WORK["fragment status checks"] += 1
        opts = {(id(c.record), c.field) for c in self.cands[j] if lo <= self.pos(c) <= hi}
        if len(opts) == 1:
            if j not in self.sure:
                self.sure.add(j)
                heappush(self.heap, j)
        else:
            self.sure.discard(j)

    def replace(self, j: int, found: list[Candidate]) -> None:
        if not self.active:
            return
        for c in self.cands[j]:
            k = bisect_left(self.by_cell, (self.pos(c), j))
            if k < len(self.by_cell) and self.by_cell[k] == (self.pos(c), j):
                del self.by_cell[k]
        for c in found:
            insort(self.by_cell, (self.pos(c), j))

    def drop(self, j: int) -> None:
        if not self.active:
            return
        k = bisect_left(self.unplaced, j)
        if k < len(self.unplaced) and self.unplaced[k] == j:
            del self.unplaced[k]
        self.sure.discard(j)

    def narrowed(self, concerned: set[int], left: tuple[int, int], left_cut: tuple[int, int],
                 right: tuple[int, int], right_cut: tuple[int, int], bounds) -> None:
        """After a placement: fragments strictly inside `left` lost the cells in `left_cut` (exclusive at its
        start), those inside `right` the cells in `right_cut` (exclusive at its end); `concerned` changed
        candidates."""
        if not self.active:
            return
        todo = set(concerned)
        for (a, b), (lo, hi), after in ((left, left_cut, True), (right, right_cut, False)):
            i0, i1 = bisect_right(self.unplaced, a), bisect_left(self.unplaced, b)
            # (cell, fragment) pairs: (c, -1) sorts before every fragment at cell c, (c, past) after every one
            past = max(self.cands, default=0) + 1
            c0 = bisect_right(self.by_cell, (lo, past)) if after else bisect_left(self.by_cell, (lo, -1))
            c1 = bisect_right(self.by_cell, (hi, past)) if after else bisect_left(self.by_cell, (hi, -1))
            if i1 - i0 <= c1 - c0:
                todo.update(self.unplaced[i0:i1])
            else:
                todo.update(j for _, j in self.by_cell[c0:c1] if a < j < b)
        for j in todo:
            if self._is_unplaced(j):
                self._refresh(j, bounds)

    def _is_unplaced(self, j: int) -> bool:
        k = bisect_left(self.unplaced, j)
        return k < len(self.unplaced) and self.unplaced[k] == j

    def first_sure(self, bounds) -> int | None:
        while self.heap:
            j = self.heap[0]
            if j in self.sure and self._is_unplaced(j):
                return j
            heappop(self.heap)
        return None


@dataclass(slots=True)  # one per text cell of the document
class _Cell:
    record: Record
    field: str
    text: str
    open: bool  # must take a fragment
    cut_cost: float | None  # a closed cell that may have been cut where a sentence ended: its cost, else None


def _complete(record: Record, fld: str, text: str, hints: Hints) -> bool:
    """Another source gives this very text (but for case and punctuation): the cell was never cut. Asked only of
    the cells where it decides something; the same text needs no normalising."""
    refs = hints.values(record.code, fld)
    if not refs:
        return False
    if any(ref == text for ref in refs):
        return True
    own = loose_text(text)
    return any(own == loose_text(ref) for ref in refs)


def _order_cells(records: list[Record], hints: Hints, columns: dict[str, int]) -> list[_Cell]:
    """The text cells in document order (block, then row), open or not (`_mark_cuts` says which closed ones may
    have been cut)."""
    cells: list[_Cell] = []
    for fld in sorted((f for f in TEXT_FIELDS if f in columns), key=lambda f: columns[f]):
        for r in records:
            cell = r.cells.get(fld)
            if cell is None or not cell.value:
                continue
            text = cell.value
            cells.append(_Cell(r, fld, text, is_open(text) and not _complete(r, fld, text, hints), None))
    return cells


def _mark_cuts(cells: list[_Cell], hints: Hints, fs: FragmentSettings) -> None:
    """The closed cells that may have been cut where a sentence ended (as long as the open cells), with their
    cost."""
    cut = [len(c.text) for c in cells if c.open]
    if not cut:
        return
    lo, hi = min(cut) - fs.cut_length_slack, max(cut) + fs.cut_length_slack
    middle = sorted(cut)[len(cut) // 2]
    wrapped = {c.field for c in cells if c.open}  # a column none of whose cells is seen cut was not cut
    for c in cells:
        if not c.open and c.field in wrapped and lo <= len(c.text) <= hi \
                and not _complete(c.record, c.field, c.text, hints):
            c.cut_cost = abs(len(c.text) - middle) / max(1, middle)


def place_by_order(fragments: list[tuple[Loc, str]], records: list[Record], hints: Hints,
                   columns: dict[str, int], fs: FragmentSettings = DEFAULT.fragments) -> dict[int, Candidate]:
    """Fragments placed by their order alone: every open cell takes the next fragment, and a fragment that starts
    a sentence may go to a closed cell as long as the cells seen cut. Only a fragment whose cell is the same in
    every fit within `order_margin` of the best is placed; where no fit exists, nothing is."""
    F = len(fragments)
    if not F:
        return {}
    cells = _order_cells(records, hints, columns)
    opened = sum(1 for c in cells if c.open)
    extra = F - opened
    if not F or extra < 0 or extra > fs.max_closed_cuts:
        return {}
    if extra:  # with as many fragments as open cells no closed cell is cut: its cost is never asked
        _mark_cuts(cells, hints, fs)
    # A cell that can take no fragment (closed, and not a possible cut) leaves every fit as it is: the fits are
    # found among the others only, so the work is the open cells (and possible cuts) × (closed cuts + 1).
    cells = [c for c in cells if c.open or c.cut_cost is not None]
    texts = [t for _, t in fragments]
    INF = float("inf")
    M = len(cells)
    WORK["fragment order steps"] += M * (extra + 1)
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
