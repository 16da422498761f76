"""Column dumps: the text layer of a PDF table that lists one column after another.

    Sr.no  Error Code  Html Code      ← a first block of short columns, one row per line
    1      107         400
    …
    46                                ← its last row, one cell per line
    1000
    400
    Error Message                     ← then each remaining column as a block headed by its name
    The operation results in …
    …
    an item with such value …         ← then the overflow of wrapped cells, in row order

Rows are rebuilt by position. An overflow fragment is joined to a row only on evidence — the row's text
stops on a word no sentence ends with, words overlap across the break, or another source of the catalog
gives a text that this row begins and the fragment ends — and with the order of the fragments as a
constraint. A fragment without sure evidence is kept and reported as `orphan_fragment`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..columns import ROW_NUMBER, header_field
from ..documents import Document
from ..errors import InputError
from ..model import Conflict, Hints, Layout, Loc, Note, Parsed, Record, conflict_value, unparsed
from . import Context, LayoutRule
from ..patterns import CLAUSE_END as TERMINAL
from ..settings import DEFAULT
from ..text import FUNCTION_WORDS, collapse, loose_text, words
from .table import Row, table_records

TEXT_FIELDS = ("description", "message")
# How many characters at the junction a reference may disagree with the row's own text (a PDF text layer
# loses or garbles a few characters where a cell wraps).
JUNCTION_SLACK = DEFAULT.fragments.junction_slack
MAX_PREAMBLE = DEFAULT.fragments.max_preamble


def holds_a_column(count: int, n_rows: int) -> bool:
    """A block of `count` values holds about one value per row: a column (perhaps a value short, which is
    reported), not text after a table."""
    return count >= min(0.8 * n_rows, n_rows - 1)


def _is_block_heading(line: str) -> bool:
    text = line.strip()
    return bool(text) and "\t" not in text and len(text.split()) <= 4 and not TERMINAL.search(text) \
        and header_field(text) not in (None, "row_number", "code")


@dataclass
class Dump:
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line, cells) of the first block
    split_row: list[tuple[int, str]]  # the last row, one cell per line
    blocks: list[tuple[int, str, list[tuple[int, str]]]]  # (heading line, heading, values)
    stray: list[tuple[int, str]]  # lines between the first block and the first heading that make no row
    preamble: list[tuple[int, str]]  # a title above the first block


def _titled(line: str) -> bool:
    """A line that could name a column: a few words with letters, no tab, no sentence end."""
    text = line.strip()
    return bool(text) and "\t" not in text and len(text.split()) <= 4 and not TERMINAL.search(text) \
        and any(ch.isalpha() for ch in text)


def _tabbed(line: str) -> bool:
    """A line of the tab-separated first block (a pipe-table row with a tab in a cell is not one)."""
    return "\t" in line and not line.lstrip().startswith("|")


def read_dump(lines: list[str]) -> Dump | None:
    numbered = [(i, line) for i, line in enumerate(lines, 1) if line.strip()]
    preamble = []
    while numbered and not _tabbed(numbered[0][1]) and len(preamble) < MAX_PREAMBLE:  # a title above the dump
        preamble.append(numbered.pop(0))
    if not numbered or not _tabbed(numbered[0][1]):
        return None
    header_line, first = numbered[0]
    header = first.split("\t")
    if not any(header_field(h) for h in header):  # the first block has a header of column names
        return None
    k = 1
    rows = []
    while k < len(numbered) and _tabbed(numbered[k][1]):
        rows.append((numbered[k][0], numbered[k][1].split("\t")))
        k += 1
    loose = []  # the last row split one cell per line, before the first block's heading
    while k < len(numbered) and not _is_block_heading(numbered[k][1]) and \
            not (len(loose) in (0, len(header)) and _titled(numbered[k][1])):
        loose.append(numbered[k])
        k += 1
    blocks: list[tuple[int, str, list[tuple[int, str]]]] = []
    # A value may look like a heading ("All data operations*"): a heading must name a field no block has yet
    # (or, a column name no synonym knows, stand right after a block of exactly one value per row), and the
    # block before it must already hold about one value per row.
    used = {header_field(h) for h in header}
    n_rows = len(rows) + (1 if len(loose) == len(header) else 0)  # the last row split one cell per line
    for n, line in numbered[k:]:
        known = _is_block_heading(line) and header_field(line) not in used
        unknown = _titled(line) and header_field(line) is None and blocks and len(blocks[-1][2]) == n_rows
        if not blocks or ((known or unknown) and holds_a_column(len(blocks[-1][2]), n_rows)):
            used.add(header_field(line))
            blocks.append((n, collapse(line), []))
        else:
            blocks[-1][2].append((n, line))
    if not rows or not blocks or any(_tabbed(line) for _, _, values in blocks for _, line in values):
        return None  # a tab row after the first block is another table, not a column's value
    if len(blocks) > 1 and not holds_a_column(len(blocks[-1][2]), n_rows):
        # a "heading" after the last full block with (nearly) nothing under it is trailing text (a page
        # footer): it goes with the overflow of the block before, to be placed or reported like any fragment
        line, heading, values = blocks.pop()
        blocks[-1][2].extend([(line, heading), *values])
    split_row, stray = (loose, []) if len(loose) == len(header) else ([], loose)
    return Dump(header_line, header, rows, split_row, blocks, stray, preamble)


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    dump = read_dump(doc.lines)
    if dump is None:
        return 0.0
    n = len(dump.rows) + (1 if dump.split_row else 0)
    # Each block must hold about one value per row: then it is a column, not text after a table.
    columns = sum(1 for _, _, values in dump.blocks if holds_a_column(len(values), n))
    return 0.95 if columns >= 1 and columns == len(dump.blocks) else 0.0


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog, hints = ctx.catalog, ctx.hints
    out = Parsed(doc.source, catalog, "dump")
    dump = read_dump(doc.lines)
    if dump is None:  # only when the manifest forces this format on another layout
        raise InputError(doc.path, "no column dump here: no tab-separated first block followed by column blocks")
    loc = lambda *ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    out.layout.append(Layout("table header (first block)", loc(dump.header_line)))
    out.notes += [Note("preamble", collapse(text), loc(n)) for n, text in dump.preamble]

    row_cells = [(loc(n), cells, [loc(n)] * len(cells)) for n, cells in dump.rows]
    if dump.split_row:
        row_cells.append((loc(*[n for n, _ in dump.split_row]), [t.strip() for _, t in dump.split_row],
                          [loc(n) for n, _ in dump.split_row]))
        # a running row number on a line of its own goes into no field: it is layout
        out.layout += [Layout("row number", loc(n)) for (n, _), h in zip(dump.split_row, dump.header)
                       if header_field(h) == ROW_NUMBER]
    n_rows = len(row_cells)
    fragments: list[tuple[int, str]] = []
    header = list(dump.header)
    for b, (line, heading, values) in enumerate(dump.blocks):
        out.layout.append(Layout("column block heading", loc(line)))
        header.append(heading)
        last = b == len(dump.blocks) - 1
        if last and len(values) > n_rows:
            values, fragments = values[:n_rows], values[n_rows:]
        if len(values) != n_rows:
            out.conflicts.append(Conflict(
                kind="block_length_mismatch", catalog=catalog, field=header_field(heading), severity="error",
                message=(f"The '{heading}' block has {len(values)} values for {n_rows} rows; they are matched by "
                         f"position up to the shorter length and the rest is reported."),
                values=[conflict_value(loc(line), heading)], key=(doc.source, heading),
            ))
            for n, text in values[n_rows:]:
                out.conflicts.append(unparsed(catalog, loc(n), text, "A value beyond the last row of its block."))
            values = values[:n_rows]
        for r, (n, text) in enumerate(values):
            row_cells[r][1].append(text)
            row_cells[r][2].append(loc(n))
        for r in range(len(values), n_rows):
            row_cells[r][1].append("")
            row_cells[r][2].append(row_cells[r][0])

    rows = [Row(cells, row_loc, cell_locs) for row_loc, cells, cell_locs in row_cells]
    out.records, conflicts = table_records(header, rows, source=doc.source, catalog=catalog,
                                           header_loc=loc(dump.header_line))
    out.conflicts += conflicts
    if not out.records:  # no column reads as the code: every row is kept in the report, never dropped
        out.conflicts += [unparsed(catalog, Loc(doc.source, doc.path, tuple(sorted({n for c in r.cell_locs or [r.loc]
                                                                                   for n in c.lines}))),
                                   " | ".join(r.cells), "The dump has no column that reads as the code, so this "
                                   "row became no entry.") for r in rows]
    for n, text in dump.stray:
        out.conflicts.append(unparsed(catalog, loc(n), text, "A line between the blocks that makes no row."))
    out.conflicts += place_fragments([(loc(n), collapse(t)) for n, t in fragments], out.records, hints, catalog)
    return out


@dataclass
class Candidate:
    record: Record
    field: str
    joined: str
    evidence: str
    certain: bool  # evidence in the row itself, not only in another source
    before: str = ""  # the cell's text before the join


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
                    catalog: str) -> list[Conflict]:
    """Join each fragment to the row it belongs to where the evidence is sure; report all the rest.

    Fragments come in row order, so a placed fragment bounds where the others may go. After every join the
    joined row is looked at again for the remaining fragments: it may no longer stop mid-sentence."""
    order = {id(r): i for i, r in enumerate(records)}
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
                lo = order[id(placed[i].record)]
            else:
                out[i] = [lo, len(records)]
        hi = len(records)
        for i in reversed(range(len(fragments))):
            if i in placed:
                hi = order[id(placed[i].record)]
            else:
                out[i][1] = hi
        return out

    def place(i: int, cand: Candidate, reason: str) -> None:
        placed[i], reasons[i] = cand, reason
        cell = cand.record.cells[cand.field]
        cand.before = cell.value
        cell.value, cell.raw = cand.joined, f"{cell.raw}\n{fragments[i][1]}"
        cell.loc = cell.loc.merged(fragments[i][0])
        row_keys = index.add(order[id(cand.record)])
        for j in cands:  # the joined row's evidence changed: look at it again for the fragments it may now take
            if j not in placed and (row_keys & frag_keys[j] or any(c.record is cand.record for c in cands[j])):
                cands[j] = [c for c in cands[j] if c.record is not cand.record] + \
                    candidates_for(fragments[j][1], [cand.record], hints)

    while True:
        limits = bounds()
        options = {i: [c for c in cands[i] if lo <= order[id(c.record)] <= hi] for i, (lo, hi) in limits.items()}
        sure = next((i for i, opts in options.items() if len({(id(c.record), c.field) for c in opts}) == 1), None)
        if sure is not None:
            place(sure, options[sure][0], options[sure][0].evidence)
            continue
        # k fragments that share the same k candidate rows: their order places them.
        groups: dict[tuple, list[int]] = {}
        for i, opts in options.items():
            if opts:
                groups.setdefault(tuple(sorted({order[id(c.record)] for c in opts})), []).append(i)
        group = next(((rows, members) for rows, members in groups.items() if len(rows) == len(members) > 1), None)
        if group is None:
            break
        rows, members = group
        for i, row in zip(members, rows):
            pick = [c for c in options[i] if order[id(c.record)] == row][0]
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
                            "rule": "fragment-joined-in-row" if c.certain else "fragment-joined-by-other-source"},
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


RULE = LayoutRule("dump", sniff, parse, "PDF text dump: one table column after another, then wrapped overflow",
                  uses_hints=True)
