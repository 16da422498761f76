"""Column dumps: the text layer of a PDF table that lists one column after another.

    Sr.no  Error Code  Html Code      ← a first block of short columns, one row per line (or none at all)
    1      107         400
    …
    46                                ← its last row, one cell per line (blank cells left out)
    1000
    400
    Error Message                     ← then each remaining column as a block headed by its name (or not headed)
    The operation results in …
    …
    an item with such value …         ← then the overflow of wrapped cells, in the order of their cells

The parts are found by shape (`dump_blocks`): a block is a column when it holds about one value per row, a
split last row's lines go to the columns whose values they look like, a block with fewer values than rows is
aligned with the rows by the words its values share with them. Which column is the code, the name, the status
or the texts is decided by the typing stage shared by every table (`parsers.table`, `columns.type_columns`).
Overflow fragments are placed on evidence (`dump_fragments`); a fragment without sure evidence is kept and
reported as `orphan_fragment`.
"""
from __future__ import annotations

from ..columns import ROW_NUMBER, header_field
from ..documents import Document
from ..errors import InputError
from ..model import Conflict, Layout, Loc, Note, Parsed, conflict_value, unparsed
from ..patterns import code_shape
from ..settings import DEFAULT
from ..text import collapse
from . import Context, LayoutRule
from .dump_blocks import Block, Dump, align_block, read_dump, row_words
from .dump_fragments import place_fragments
from .table import Row, table_records

MAX_PREAMBLE = DEFAULT.fragments.max_preamble
# The dump the last sniff that recognised one read, for the parse that follows it, so detection and parsing
# share their work: [the text it was read from, the settings it was read with, the dump].
_SNIFFED: list = [None, None, None]


def holds_a_column(count: int, n_rows: int) -> bool:
    """A block of `count` values holds about one value per row: a column (perhaps a value short, which is
    reported), not text after a table."""
    return count >= min(DEFAULT.fragments.min_block_share * n_rows, n_rows - 1)


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    lines = doc.lines  # split once: `Document.lines` splits the whole text at every call
    # a line that opens or closes a brace block is source code's structure, never a table cell
    if any(line.rstrip().endswith(("{", "}")) for line in lines[:DEFAULT.detection.head_lines]):
        return 0.0
    # a column dump lists a column's values one after another; lines that take turns starting with a code and
    # with text are entries (a definition list: `28001 NAME` / `    text`), not columns
    heads = [code_shape(line.split()[0]) not in (None, "symbolic")
             for line in lines[:DEFAULT.detection.head_lines] if line.strip()]
    turns = sum(1 for a, b in zip(heads, heads[1:]) if a != b)
    if len(heads) > 4 and turns > DEFAULT.detection.max_turn_share * (len(heads) - 1):
        return 0.0
    dump = read_dump(lines)
    if dump is None:
        return 0.0
    # Each block must hold about one value per row: then it is a column, not text after a table.
    columns = sum(1 for b in dump.blocks if holds_a_column(len(b.values), dump.n_rows))
    if not columns or columns != len(dump.blocks) or dump.n_rows < 2:
        return 0.0
    if not dump.rows and (len(dump.blocks) < 2 or dump.n_rows < 3):
        return 0.0
    # the overflow continues cells: it cannot outnumber them (a document of running text is no dump)
    if len(dump.fragments) > dump.n_rows * len(dump.blocks):
        return 0.0
    _SNIFFED[:] = [doc.text, DEFAULT.fragments, dump]
    return 0.95


def _first_block_rows(dump: Dump, loc) -> tuple[list[tuple[Loc, list[str], list[Loc]]], list[Layout]]:
    out, layout = [], []
    for n, cells in dump.rows:
        where = loc(n)  # a Loc is frozen: the row and its cells share one
        out.append((where, list(cells), [where] * len(cells)))
    if dump.split_row:
        cells, locs = [""] * dump.width, [None] * dump.width
        row_loc = loc(*[n for n, _, _ in dump.split_row])
        for n, text, col in dump.split_row:
            cells[col], locs[col] = text, loc(n)
            if header_field(dump.header[col]) == ROW_NUMBER or col == dump.number_column:
                layout.append(Layout("row number", loc(n)))  # a running row number is layout
        out.append((row_loc, cells, [l or row_loc for l in locs]))
    return out, layout


def _align(dump: Dump, row_cells: list, fs) -> None:
    """Rows for the values of every block: by position when it is full, else by the words each value shares
    with the rest of its row (the full blocks first, so that their words help align the others)."""
    n = len(row_cells)
    full = [b for b in dump.blocks if len(b.values) >= n]
    for b in full:
        b.rows = list(range(min(n, len(b.values)))) + [None] * max(0, len(b.values) - n)
    short = sorted((b for b in dump.blocks if len(b.values) < n), key=lambda b: n - len(b.values))
    if not short:
        return  # every block is full: no row's words are needed
    known = [[c for c in cells] for _, cells, _ in row_cells]
    for b in full:
        for (_, text), r in zip(b.values, b.rows):
            if r is not None:
                known[r].append(text)
    for b in short:
        if n - len(b.values) > fs.max_align_skips:
            b.rows = list(range(len(b.values)))
            continue
        b.rows, b.candidates = align_block([t for _, t in b.values], [row_words(k) for k in known], fs)
        b.aligned = True
        for (_, text), r in zip(b.values, b.rows):
            if r is not None:
                known[r].append(text)


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog, hints, fs = ctx.catalog, ctx.hints, ctx.settings.fragments
    out = Parsed(doc.source, catalog, "dump")
    text, read_with, dump = _SNIFFED
    _SNIFFED[:] = [None, None, None]  # parsing changes the dump: it is used once
    if text is not doc.text or read_with != fs:
        dump = read_dump(doc.lines, fs)
    if dump is None:  # only when the manifest forces this format on another layout
        raise InputError(doc.path, "no column dump here: no first block or column blocks one value per row")
    loc = lambda *ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    if dump.header_line is not None:
        out.layout.append(Layout("table header (first block)", loc(dump.header_line)))
    out.notes += [Note("preamble", collapse(text), loc(n)) for n, text in dump.preamble]

    row_cells, layout = _first_block_rows(dump, loc)
    out.layout += layout
    if not row_cells:  # no first block: the rows are made by the blocks alone
        row_cells = [(None, [], []) for _ in range(dump.n_rows)]
    n_rows = len(row_cells)
    _align(dump, row_cells, fs)
    header = list(dump.header)
    for b in dump.blocks:
        heading = b.heading[1] if b.heading else ""
        if b.heading:
            out.layout.append(Layout("column block heading", loc(b.heading[0])))
        header.append(collapse(heading))
        column: list[tuple[str, Loc] | None] = [None] * n_rows
        for (n, text), r in zip(b.values, b.rows):
            if r is not None:
                column[r] = (text, loc(n))
        for (row_loc, cells, locs), value in zip(row_cells, column):
            if value:
                cells.append(value[0])
                locs.append(value[1])
            else:
                cells.append("")
                locs.append(None)
        _report_block(out, catalog, b, heading, n_rows, loc, row_cells)
    rows = []
    for r, (row_loc, cells, locs) in enumerate(row_cells):
        if row_loc is None:  # a row made by the blocks alone: its lines are its cells' lines
            lines = sorted({n for l in locs if l is not None for n in l.lines})
            row_loc = loc(*lines)
        locs = [l or row_loc for l in locs]
        if dump.number_column is not None:
            cells, locs = cells[1:], locs[1:]
        rows.append(Row(cells, row_loc, locs))
    if dump.number_column is not None:
        header = header[1:]
    header_loc = loc(dump.header_line) if dump.header_line is not None else (rows[0].loc if rows else loc(1))
    typings: list = []  # the columns' typing, which orders the fragments' cells below
    out.records, conflicts = table_records(header, rows, source=doc.source, catalog=catalog, header_loc=header_loc,
                                           typings=typings)
    out.conflicts += conflicts
    if not out.records:  # no column reads as the code: every row is kept in the report, never dropped
        out.conflicts += [unparsed(catalog, Loc(doc.source, doc.path, tuple(sorted({n for c in r.cell_locs or [r.loc]
                                                                                   for n in c.lines}))),
                                   " | ".join(r.cells), "The dump has no column that reads as the code, so this "
                                   "row became no entry.") for r in rows]
    columns = {}
    if out.records and dump.fragments:  # the fields' blocks order the fragments' cells
        columns = {f: i for i, f in enumerate(typings[0].fields) if f}
    out.conflicts += place_fragments([(loc(n), collapse(t)) for n, t in dump.fragments], out.records, hints,
                                     catalog, columns, fs)
    return out


def _report_block(out: Parsed, catalog: str, b: Block, heading: str, n_rows: int, loc, row_cells) -> None:
    """A block with more or fewer values than rows: how its values were matched, and every value left over."""
    count = len(b.values)
    if count == n_rows:
        return
    name = heading or "unheaded"
    where = loc(b.heading[0]) if b.heading else loc(b.values[0][0]) if b.values else loc(1)
    placed = [r for r in b.rows if r is not None]
    blank = sorted(set(range(n_rows)) - set(placed))
    codes = lambda rs: ", ".join(str(r + 1) for r in rs)  # noqa: E731
    if b.aligned and not b.candidates:
        message = (f"The '{name}' block has {count} values for {n_rows} rows; each value was matched to its row by "
                   f"the words it shares with the row's other cells (blank: row {codes(blank)}).")
        resolution = {"status": "auto", "value": None, "rule": "block-aligned-by-row-words"}
    elif b.aligned and len(b.candidates) < count:
        unsure = "; ".join(f"{b.values[i][1]!r}: rows {codes(rs)}" for i, rs in sorted(b.candidates.items()))
        message = (f"The '{name}' block has {count} values for {n_rows} rows; the words they share with their rows "
                   f"match all but {len(b.candidates)} of them, which keep their place in the order ({unsure}).")
        resolution = None
    else:
        message = (f"The '{name}' block has {count} values for {n_rows} rows; they are matched by position up to "
                   f"the shorter length and the rest is reported.")
        resolution = None
    out.conflicts.append(Conflict(
        kind="block_length_mismatch", catalog=catalog, field=header_field(heading) if heading else None,
        severity="error", message=message, values=[conflict_value(where, heading or b.values[0][1] if b.values else "")],
        key=(out.source, name, b.values[0][1] if b.values and not heading else ""),
        **({"resolution": resolution} if resolution else {}),
    ))
    for (n, text), r in zip(b.values, b.rows):
        if r is None:
            out.conflicts.append(unparsed(catalog, loc(n), text, "A value beyond the last row of its block."))


RULE = LayoutRule("dump", sniff, parse, "PDF text dump: one table column after another, then wrapped overflow",
                  uses_hints=True)
