"""Reading a column dump into its parts: a title, a first block of short columns (one row per line, its last row
perhaps split one cell per line), then one block per remaining column (headed by its name, or not headed at
all), then the overflow of wrapped cells. Nothing here decides what a column means: the typing stage does
(`columns.value_kind` and `cell_fit` say what a value looks like; `parsers.table` types the columns).

A block may hold fewer values than rows: a PDF text layer writes nothing for a blank cell. Such a block is
aligned with the rows by the words each value shares with the rest of its row (`align_block`), in one pass
bounded by the number of blank cells, and a value whose row stays ambiguous is reported, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..columns import ROW_NUMBER, header_field, value_kind
from ..model import WORK
from ..patterns import CLAUSE_END as TERMINAL, DECIMAL, ident_words
from ..settings import DEFAULT, FragmentSettings
from ..text import FUNCTION_WORDS, words

Item = tuple[int, str]  # (line, text)


@dataclass
class Block:
    heading: Item | None
    values: list[Item]
    rows: list[int | None] = field(default_factory=list)  # per value: its row (None: beyond the last row)
    aligned: bool = False  # fewer values than rows, placed by the words they share with their rows
    candidates: dict[int, list[int]] = field(default_factory=dict)  # value index → rows it may belong to


@dataclass
class Dump:
    preamble: list[Item]
    header_line: int | None  # the first block's header line (None: the first block has no header)
    header: list[str]  # the first block's column names ("" each when it has none)
    rows: list[tuple[int, list[str]]]  # (line, cells) of the first block
    split_row: list[tuple[int, str, int]]  # (line, text, column): the last row, one cell per line
    blocks: list[Block]
    fragments: list[Item]
    headed: bool  # the blocks are headed by their column names
    n_rows: int
    number_column: int | None = None  # a running row number of a first block without header: layout

    @property
    def width(self) -> int:
        return len(self.header)


def tabbed(line: str) -> bool:
    """A line of the tab-separated first block (a pipe-table row with a tab in a cell is not one)."""
    # the bare `in` first: most lines of a dump hold no tab, and stripping each one costs a copy
    return "\t" in line and "\t" in line.strip(" \r\n") and not line.lstrip().startswith("|")


NOT_IN_TITLE = re.compile('[\t",;|]')  # one character class: a linear scan (every value of a dump is tested)


def titled(text: str, fs: FragmentSettings = DEFAULT.fragments) -> bool:
    """A line that could name a column: a few words with letters, no tab, no sentence end."""
    return bool(text) and not NOT_IN_TITLE.search(text) and len(text.split()) <= fs.heading_words \
        and not TERMINAL.search(text) and any(ch.isalpha() for ch in text)


def heading_field(text: str, fs: FragmentSettings = DEFAULT.fragments) -> str | None:
    """The field a line names when it can head a block."""
    return header_field(text) if titled(text, fs) else None


def family(text: str, fs: FragmentSettings = DEFAULT.fragments) -> str:
    """The coarse shape a block keeps down its values: key-like, symbol, label (a short phrase or a comma list
    of them, ending no sentence: operations, a category) or text."""
    kind = value_kind(text)
    if kind in ("code", "symbol"):
        return "key" if kind == "code" else "symbol"
    parts = [p.strip() for p in text.split(",")]
    if not TERMINAL.search(text) and ". " not in text and all(0 < len(p.split()) <= fs.heading_words + 1 for p in parts):
        return "label"
    return "text"


def starts_lower(text: str) -> bool:
    return text[:1].islower()


def is_open(text: str) -> bool:
    """A cell whose text stops where no sentence ends: it may continue in an overflow fragment."""
    return bool(text) and not TERMINAL.search(text.rstrip())


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip(" \r\n").split("\t")]


def _running_numbers(values: list[str]) -> bool:
    return len(values) >= 2 and all(v == str(i + 1) for i, v in enumerate(values))


def read_dump(lines: list[str], fs: FragmentSettings = DEFAULT.fragments) -> Dump | None:
    items = [(i, text) for i, line in enumerate(lines, 1) if (text := line.strip())]
    first_tab = next((k for k, (n, _) in enumerate(items[:fs.max_preamble + 1]) if tabbed(lines[n - 1])), None)
    preamble: list[Item] = []
    header_line, header, rows, split = None, [], [], []
    k = 0
    if first_tab is not None:
        preamble = items[:first_tab]
        k = first_tab
        cells = _cells(lines[items[k][0] - 1])
        if any(header_field(c) for c in cells) and not any(value_kind(c) == "code" for c in cells):
            header_line, header = items[k][0], cells
            k += 1
        end = k
        while end < len(items) and tabbed(lines[items[end][0] - 1]):
            end += 1
        if end == len(items):
            return None  # nothing after the first block (a plain tab table): no column is dumped after it
        rows = [(n, _cells(lines[n - 1])) for n, _ in items[k:end]]
        k = end
        if not rows:
            return None
        width = max([len(header)] + [len(c) for _, c in rows])
        header = header + [""] * (width - len(header))
        rows = [(n, c + [""] * (width - len(c))) for n, c in rows]
        split, k = _split_row(items, k, header, rows, fs)
    rest = items[k:]
    if any(tabbed(lines[n - 1]) for n, _ in rest):
        return None  # a tab row after the first block is another table, not a column's value
    headed = header_line is not None or (first_tab is None and bool(rest) and heading_field(rest[0][1], fs) is not None)
    n_rows = len(rows) + (1 if split else 0)
    if headed:
        blocks = _headed_blocks(rest, header, n_rows, fs)
    else:
        blocks = _headless_blocks(rest, n_rows, fs)
    if blocks is None or not blocks or (not rows and len(blocks) < 2):
        return None
    if not n_rows:
        n_rows = _rows_of_blocks(blocks)
    if not n_rows:
        return None
    fragments: list[Item] = []
    last = blocks[-1]
    if len(last.values) > n_rows or (headed and len(blocks) > 1):
        v = min(n_rows, len(last.values))
        # the overflow starts where the values start in lower case while the column's own values do not
        upper = sum(1 for _, t in last.values[:v] if not starts_lower(t))
        while v > 0 and starts_lower(last.values[v - 1][1]) and upper >= fs.min_block_share * v:
            v -= 1
        last.values, fragments = last.values[:v], last.values[v:] + fragments
    number_column = None
    if header_line is None and rows:
        first = [c[0] for _, c in rows]
        keyish = any(all(DECIMAL.fullmatch(c[j]) or not c[j] for _, c in rows) and len({c[j] for _, c in rows}) == len(rows)
                     for j in range(1, len(header)))
        if _running_numbers(first) and keyish:
            number_column = 0
    return Dump(preamble, header_line, header, rows, split, blocks, fragments, headed, n_rows, number_column)


def _split_row(items: list[Item], k: int, header: list[str], rows: list[tuple[int, list[str]]],
               fs: FragmentSettings) -> tuple[list[tuple[int, str, int]], int]:
    """The first block's last row written one cell per line (blank cells left out): each line goes to the next
    column whose values it fits by shape (a running row number must be the next number)."""
    width = len(header)
    kinds = [_KindsSeen([c[j] for _, c in rows]) for j in range(width)]
    numbered = [header_field(header[j]) == ROW_NUMBER or _running_numbers([c[j] for _, c in rows])
                for j in range(width)]
    fields = {header_field(h) for h in header}
    split: list[tuple[int, str, int]] = []
    col = 0
    while k < len(items) and col < width:
        n, text = items[k]
        said = heading_field(text, fs)
        if said is not None and said not in fields:
            break  # the heading of the next block
        fit = next((j for j in range(col, width) if (text == str(len(rows) + 1) if numbered[j]
                                                     else kinds[j].has(value_kind(text)))), None)
        if fit is None:
            break
        split.append((n, text, fit))
        col = fit + 1
        k += 1
    return split, k


class _KindsSeen:
    """The shapes (`value_kind`) of a column's values, read down the column only as far as a question needs: the
    split row asks about a few lines, and a column mostly answers from its first values (linear at worst)."""

    def __init__(self, values: list[str]):
        self.values, self.seen, self.read = values, set(), 0

    def has(self, kind: str) -> bool:
        while kind not in self.seen and self.read < len(self.values):
            value = self.values[self.read]
            self.read += 1
            if value:
                self.seen.add(value_kind(value))
        return kind in self.seen


def _rows_of_blocks(blocks: list[Block]) -> int:
    """Without a first block, the rows are as many as the values of the key block (keys are never blank)."""
    keyed = [b for b in blocks if b.values and sum(1 for _, t in b.values if family(t) == "key") == len(b.values)
             and len({t for _, t in b.values}) == len(b.values)]
    if keyed:
        return len(keyed[0].values)
    full = [len(b.values) for b in blocks[:-1]] or [len(blocks[0].values)]
    return max(full)


def _headed_blocks(rest: list[Item], header: list[str], n_rows: int, fs: FragmentSettings) -> list[Block] | None:
    # A value may look like a heading ("All data operations*"): a heading must name a field no block has yet
    # (or, a column name no synonym knows, stand right after a block of a full column), and the block before
    # it must already hold a good share of a column.
    # Each line is read once: its heading test, its shape only where it could head a block, and the shapes of the
    # block above counted as they are needed (`_Families`), never again per line.
    used = {header_field(h) for h in header} - {None}
    blocks: list[Block] = []
    seen: set[str] = set()  # every value of every block so far
    families: _Families | None = None  # of the last block's values
    for n, text in rest:
        title = titled(text, fs)
        said = header_field(text) if title else None
        if not blocks:
            if said is None and not title:
                return None
            blocks.append(Block((n, text), []))
            families = _Families(blocks[-1].values)
            used.add(said)
            continue
        rows = n_rows or max(len(b.values) for b in blocks)
        held = len(blocks[-1].values)
        if said is not None and held and (fam := family(text)) in ("key", "symbol") and families.most(fam):
            said = None  # `message_unauthorized` among names is a name, not the heading "Message"
        known = said is not None and said not in used and said != ROW_NUMBER and held >= max(1, fs.min_block_share * rows)
        unknown = said is None and title and held >= max(1, rows) and value_kind(text) in ("word", "text") \
            and text not in seen
        if known or unknown:
            used.add(said)
            blocks.append(Block((n, text), []))
            families = _Families(blocks[-1].values)
        else:
            blocks[-1].values.append((n, text))
            seen.add(text)
    if n_rows and len(blocks) > 1 and len(blocks[-1].values) < fs.min_block_share * n_rows:
        # a "heading" after the last full block with (nearly) nothing under it is trailing text (a page
        # footer): it goes with the overflow of the block before, to be placed or reported like any fragment
        tail = blocks.pop()
        blocks[-1].values += [tail.heading, *tail.values]
    return blocks


class _Families:
    """How many of a growing block's values have each shape (`family`): each value is read once, when a line
    first asks whether its shape is the block's most common (so a column of names that look like headings,
    `message_unauthorized`, costs one shape per name, not the whole block per name)."""

    def __init__(self, values: list[Item]):
        self.values, self.read, self.counts = values, 0, {}

    def most(self, fam: str) -> bool:
        """`fam` is the most common shape of the block's values (one of them, where shapes tie)."""
        for _, t in self.values[self.read:]:
            f = family(t)
            self.counts[f] = self.counts.get(f, 0) + 1
        WORK["dump block shapes read"] += len(self.values) - self.read
        self.read = len(self.values)
        return self.counts.get(fam, 0) == max(self.counts.values(), default=0) > 0


def _headless_blocks(rest: list[Item], n_rows: int, fs: FragmentSettings) -> list[Block] | None:
    """Blocks without headings: a column is a run of values of one shape, as long as there are rows; a change
    of shape before that ends it early (its blank cells were left out)."""
    if not rest:
        return None
    n = n_rows or _headless_rows(rest)
    if not n:
        return None
    # Blocks may be short (a change of shape ends one early), so nothing here reads a window of n values per
    # block: the lower-case starts are prefix sums, each value's shape is read once, the open cells are counted
    # as blocks are made.
    lower = [0]
    for _, t in rest:
        lower.append(lower[-1] + starts_lower(t))
    fams: list[str] = []  # the shapes of rest[:len(fams)]

    def fam_at(i: int) -> str:
        while len(fams) <= i:
            fams.append(family(rest[len(fams)][1]))
            WORK["dump block shapes read"] += 1
        return fams[i]

    blocks: list[Block] = []
    opened = 0  # open values in the blocks so far
    p = 0
    while p < len(rest):
        remaining = len(rest) - p
        end = min(len(rest), p + n)
        if blocks and (remaining < fs.min_block_share * n
                       or opened and lower[end] - lower[p] >= fs.fragment_lower_share * (end - p)):
            break  # the overflow of wrapped cells
        q = next((i for i in range(p + 1, end) if fam_at(i) != fam_at(p)), end) - p
        blocks.append(Block(None, rest[p:p + q]))
        opened += sum(1 for _, t in rest[p:p + q] if is_open(t))
        p += q
    if p < len(rest):
        blocks[-1].values += rest[p:]  # split into values and overflow by the caller
    return blocks


def _headless_rows(rest: list[Item]) -> int:
    """Rows of a headless dump without a first block: the length of its run of distinct keys."""
    p = 0
    while p < len(rest):
        fam = family(rest[p][1])
        q = p + 1
        while q < len(rest) and family(rest[q][1]) == fam:
            q += 1
        if fam == "key":
            vals = [t for _, t in rest[p:q]]
            for parts in (1, 2, 3):
                size = len(vals) // parts
                if size >= 2 and len(vals) % parts == 0 and len(set(vals[:size])) == size:
                    return size
        p = q
    return 0


# ------------------------------------------------------------------------------------------------- alignment
def row_words(cells: list[str]) -> set[str]:
    """The content words of a row's cells: the words of its names (`fileTooLarge` → file, too, large) and texts."""
    out: set[str] = set()
    for c in cells:
        if not c:
            continue
        if " " not in c.strip():
            out.update(w for w in ident_words(c) if len(w) > 2)
        out.update(w for w in words(c) if len(w) > 2 and w not in FUNCTION_WORDS)
    return out


def align_block(values: list[str], anchors: list[set[str]], fs: FragmentSettings = DEFAULT.fragments
                ) -> tuple[list[int | None], dict[int, list[int]]]:
    """Rows for the values of a block that holds fewer values than rows, in order: the alignment that shares
    the most rare words with the rows' other cells (a word shared by many rows counts little). A value is
    sure only where every alignment near the best puts it on the same row; else it keeps its place in the order
    (the first row it may have) and is listed with its candidate rows. Work is rows × (blank cells + 1)."""
    n, m = len(anchors), len(values)
    skip = n - m
    df: dict[str, int] = {}
    for a in anchors:
        for w in a:
            df[w] = df.get(w, 0) + 1
    vw = [row_words([v]) for v in values]

    def score(i: int, r: int) -> float:
        return sum(1.0 / df[w] for w in vw[i] & anchors[r])

    NEG = float("-inf")
    fwd = [[NEG] * (skip + 1) for _ in range(m)]
    bwd = [[NEG] * (skip + 1) for _ in range(m)]
    for i in range(m):
        best = NEG
        for s in range(skip + 1):
            prev = 0.0 if i == 0 else fwd[i - 1][s]
            best = max(best, prev)
            fwd[i][s] = best + score(i, i + s)
    for i in reversed(range(m)):
        best = NEG
        for s in reversed(range(skip + 1)):
            nxt = 0.0 if i == m - 1 else bwd[i + 1][s]
            best = max(best, nxt)
            bwd[i][s] = best + score(i, i + s)
    total = max(fwd[m - 1]) if m else 0.0
    rows: list[int | None] = []
    candidates: dict[int, list[int]] = {}
    for i in range(m):
        near = [i + s for s in range(skip + 1)
                if fwd[i][s] + bwd[i][s] - score(i, i + s) >= total - fs.align_margin]
        if len(near) != 1:
            candidates[i] = near
        # an ambiguous value keeps its place in the order: the first row it may have after the value before it
        floor = rows[-1] + 1 if rows else 0
        rows.append(next((r for r in near if r >= floor), max(floor, i)))
    return rows, candidates
