"""Lines of an unruled PDF table → its rows: which wrapped lines belong to which row.

Each row has one line with text in the key column (its key line, found from the header's words or else from
the column whose cells have a code's shape); the other lines are wrapped cell text. Drawn rules or wider
blank space between rows show which row a line belongs to where they exist (nothing is guessed). Otherwise
the cells are top-aligned, centred or bottom-aligned in their rows; the alignment under which the fewest
cells start mid-sentence (with a lower-case word) is taken, and each line joined so is reported as a choice.
The header is the table's first row, wrapped over lines like any other (`HTTP` / `Status` is one cell).
A group row (a line over the whole table) parts the rows: wrapped lines never join across it."""
from __future__ import annotations

from ..columns import header_field
from ..patterns import code_shape
from ..settings import PdfSettings
from .pdf_geometry import PageRow, PageTable, TextLine, Vocabulary, column_name, cut_inside_word

ALIGNMENTS = ("top", "centred", "bottom")


def table_from_lines(members: list[TextLine], spanning: set[int], bounds: list[float], rules: list[dict],
                     settings: PdfSettings, vocabulary: Vocabulary | None = None,
                     continued: bool = False) -> PageTable | None:
    """A table from its lines (`spanning`: ids of its group rows) and the x-positions between its columns.
    `vocabulary`: the words of the page, evidence for a word cut at a line break of a narrow column.
    `continued`: the columns are those of a table on the page before, which this part continues: it may hold
    a single row (a tall row moved to the next page whole), when its key cell is a code."""
    vocabulary = vocabulary or Vocabulary()
    width = len(bounds) + 1
    column_of = lambda w: sum(1 for b in bounds if w["x0"] >= b)  # noqa: E731
    rights = [0.0] * width  # where each column's widest line ends

    def cells_of(group: list[TextLine]) -> list[str]:
        cols: list[list[list[dict]]] = [[] for _ in range(width)]
        for ln in group:
            per_line: list[list[dict]] = [[] for _ in range(width)]
            for w in ln.words:
                per_line[column_of(w)].append(w)
            for k in range(width):
                if per_line[k]:
                    cols[k].append(per_line[k])
        texts = []
        for k, col in enumerate(cols):
            text = ""
            for n, words in enumerate(col):
                if n:
                    text += "" if cut_inside_word(col[n - 1], words, rights[k], vocabulary) else "\n"
                text += " ".join(w["text"] for w in words)
            texts.append(text)
        return texts

    # the table as segments of lines parted by its group rows
    items: list[TextLine | list[TextLine]] = []
    for ln in members:
        if id(ln) in spanning:
            items.append(ln)
        elif items and isinstance(items[-1], list):
            items[-1].append(ln)
        else:
            items.append([ln])
    segments = [it for it in items if isinstance(it, list)]
    body = [ln for seg in segments for ln in seg]
    least = 1 if continued else settings.min_rows
    if len(body) < least:
        return None
    for ln in body:
        for w in ln.words:
            rights[column_of(w)] = max(rights[column_of(w)], w["x1"])
    key = _key_column(body, column_of, width, settings)
    keyed = {id(ln) for ln in body if any(column_of(w) == key for w in ln.words)}
    if len(keyed) < least or (len(keyed) < settings.min_rows and not all(
            code_shape(" ".join(w["text"] for w in ln.words if column_of(w) == key)) for ln in body if id(ln) in keyed)):
        return None

    header: list[TextLine] | None = _header_lines(body, keyed, column_of, key, width, settings)
    if header:
        first = next(it for it in items if isinstance(it, list))
        if any(a is not b for a, b in zip(first, header)) or len(first) < len(header):
            header = None  # a group row inside what reads as the header: leave the header to the first row group
        else:
            del first[: len(header)]
            items = [it for it in items if it is not first or first]
            segments = [it for it in items if isinstance(it, list)]
    grouped, rule, below = _row_groups(segments, keyed, cells_of, rules, settings, column_of, key)
    if below:  # lines under the last row that no cell owns: text below the table
        members = members[:-below]
    rows: list[PageRow] = []
    joins: list[tuple[str, tuple[int, ...], str]] = []
    for it in items:
        if not isinstance(it, list):
            rows.append(PageRow([it.text] + [""] * (width - 1), (it.index,), spanning=True))
            continue
        for g in grouped[id(it)]:
            if header is None:
                header = g
                continue
            rows.append(PageRow(cells_of(g), tuple(ln.index for ln in g)))
            if rule:  # wrapped lines joined on position alone: each is a choice a reviewer may overturn …
                keys = [ln for ln in g if id(ln) in keyed]
                for ln in g:
                    # … except a line beside its row's key line (a centred cell): no other row can own it
                    if id(ln) not in keyed and not any(ln.top < k.bottom and ln.bottom > k.top for k in keys):
                        joins.append((ln.text, (ln.index,), rule))
    assert header is not None
    return PageTable(members[0].page, members[0].top, members[-1].bottom, cells_of(header),
                     tuple(ln.index for ln in header), rows, ruled=False, joins=joins, below=below)


def _header_lines(body: list[TextLine], keyed: set[int], column_of, key: int, width: int,
                  settings: PdfSettings) -> list[TextLine] | None:
    """The header's lines, where the header is found by content: the lines above the first whose key cell is
    a code, when a key cell above it is no code (`Error` / `Code`: a header key cell wrapped over lines, which
    must not start a row of its own). Lines between the header's last key line and that first code are the
    header's where each of their cells continues a column name (`HTTP` / `Status` / `Code`), else the first
    row's (a row whose key cell is centred). None where the table opens with a code (no header, or a header
    of one line: the first row group)."""
    def key_text(ln: TextLine) -> str:
        return " ".join(w["text"] for w in ln.words if column_of(w) == key)

    def is_data(ln: TextLine) -> bool:
        """A key cell that is a code, or a line of cells mostly no column names (`APIKeyLocked` beside
        `423` and text: a code the patterns do not know), where `Fault` beside `Constant`, `HTTP`, `Text`,
        or alone above them (a header cell wrapped over lines), is a header."""
        cells: dict[int, list[str]] = {}
        for w in ln.words:
            cells.setdefault(column_of(w), []).append(w["text"])
        others = sum(1 for c in cells.values() if header_field(" ".join(c)) is None)
        if not others:
            return False  # every cell a column name or a word of one (`ID` beside `Status`)
        return bool(code_shape(key_text(ln))) or (len(cells) > 1 and others * 2 > len(cells))

    first_code = next((n for n, ln in enumerate(body) if id(ln) in keyed and is_data(ln)), None)
    if not first_code:
        return None
    last_key = max((n for n in range(first_code) if id(body[n]) in keyed), default=None)
    if last_key is None or last_key >= settings.header_max_lines:
        return None
    names = [[] for _ in range(width)]
    for ln in body[: last_key + 1]:
        for w in ln.words:
            names[column_of(w)].append(w["text"])
    end = last_key + 1
    for ln in body[last_key + 1: first_code]:
        cells: dict[int, list[str]] = {}
        for w in ln.words:
            cells.setdefault(column_of(w), []).append(w["text"])
        if not all((column_name(" ".join(c), settings) and c[0][:1].isupper())
                   or (column_name(" ".join(names[k] + c), settings) and not column_name(" ".join(names[k]), settings))
                   for k, c in cells.items()):
            break
        for k, c in cells.items():
            names[k] += c
        end += 1
    return body[:end]


def _key_column(body: list[TextLine], column_of, width: int, settings: PdfSettings) -> int:
    """The column whose cells start rows: the one the header calls the code, else the leftmost whose cells
    all have a code's shape, else the first."""
    first_multi = next((n for n, ln in enumerate(body) if len({column_of(w) for w in ln.words}) > 1), 0)

    def named(ln: TextLine) -> bool:  # every cell of the line a column name or a word of one (`HTTP`, `Error`)
        cells: dict[int, list[str]] = {}
        for w in ln.words:
            cells.setdefault(column_of(w), []).append(w["text"])
        return all(header_field(" ".join(c)) for c in cells.values())

    depth = first_multi + 1
    while depth < min(len(body), settings.header_max_lines) and named(body[depth]):
        depth += 1  # a header wrapped over lines: `Error` over `Message` in one column, `Code` beside it below
    head = body[: min(depth, settings.header_max_lines)]
    texts = [" ".join(w["text"] for ln in head for w in ln.words if column_of(w) == k) for k in range(width)]
    # a column name, not any text naming a code (`Retry after the number of`, the top line of a table
    # continued from the page before, is a wrapped cell)
    said = next((k for k, t in enumerate(texts) if t and column_name(t, settings) and header_field(t) == "code"),
                None)
    if said is not None:
        return said
    for k in range(width):
        cells = [" ".join(w["text"] for w in ln.words if column_of(w) == k) for ln in body[first_multi + 1:]]
        cells = [c for c in cells if c]
        if len(cells) >= settings.min_rows - 1 and cells and all(code_shape(c) for c in cells):
            return k
    return 0


def _row_groups(segments: list[list[TextLine]], keyed: set[int], cells_of, rules: list[dict],
                settings: PdfSettings, column_of=None, key: int = 0) -> tuple[dict[int, list[list[TextLine]]], str, int]:
    """Each segment's lines → rows (keyed by the segment's id), the rule that joined wrapped lines ("" where
    rules, blank space or one line per row left nothing to guess), and how many lines at the end of the last
    segment no row owns (text below the table)."""
    lines = [ln for seg in segments for ln in seg]
    x0 = min(w["x0"] for ln in lines for w in ln.words)
    x1 = max(w["x1"] for ln in lines for w in ln.words)
    mid = x0 + 0.5 * (x1 - x0)

    def ruled_between(a: TextLine, b: TextLine) -> bool:
        return any(a.bottom - 1 <= e["top"] <= b.top + 1 and e["x0"] <= mid <= e["x1"] for e in rules)

    cut_after = {id(a) for seg in segments for a, b in zip(seg, seg[1:]) if ruled_between(a, b)}
    if not cut_after:
        # blank space above each line (below everything before it: a centred line may overlap its neighbours)
        space: list[tuple[int, float]] = []
        for seg in segments:
            low = seg[0].bottom
            for a, b in zip(seg, seg[1:]):
                space.append((id(a), b.top - low))
                low = max(low, b.bottom)
        small = min((g for _, g in space if g > 0), default=0)
        if small > 0:
            cut_after = {i for i, g in space if g >= settings.row_band_ratio * small}
    if cut_after:
        banded: dict[int, list[list[TextLine]]] = {}
        for seg in segments:
            bands, band = [], []
            for ln in seg:
                band.append(ln)
                if id(ln) in cut_after:
                    bands.append(band)
                    band = []
            if band:
                bands.append(band)
            if not all(any(id(ln) in keyed for ln in b) for b in bands):
                break
            banded[id(seg)] = bands
        else:
            # Where most bands hold one key line, the rules (or the space) part every row: a band with two
            # is one row whose key cell wraps (`HTTP` / `Status`, a long name). Otherwise they part groups
            # of rows (a rule under the header only), and key lines start the rows inside a band.
            bands = [b for bs in banded.values() for b in bs]
            single = sum(1 for b in bands if sum(1 for ln in b if id(ln) in keyed) == 1)
            coded = {id(ln) for ln in lines if id(ln) in keyed and column_of is not None
                     and code_shape(" ".join(w["text"] for w in ln.words if column_of(w) == key))}
            below = _set_apart(banded[id(segments[-1])], coded, settings)
            if below:
                banded[id(segments[-1])][-1] = banded[id(segments[-1])][-1][:-below]
            if single * 2 > len(bands):
                return {i: bs for i, bs in banded.items()}, "", below
            return {i: [g for b in bs for g in _join(b, keyed, "top")] for i, bs in banded.items()}, "", below
    if all(id(ln) in keyed for ln in lines):
        return {id(seg): [[ln] for ln in seg] for seg in segments}, "", 0

    def mid_sentence_starts(groups: list[list[TextLine]]) -> int:
        return sum(1 for g in groups for c in cells_of(g) if c[:1].islower())

    tried = []
    if column_of is not None:
        # Every cell of a row shares the row's top, centre or bottom with its key cell: where one alignment
        # places every wrapped line of every column so, the rows are read off the geometry.
        tol = settings.row_anchor_em * min(ln.height for ln in lines)
        for order, how in enumerate(ALIGNMENTS):
            found = [_anchored(seg, keyed, column_of, key, how, tol, settings.row_band_ratio) for seg in segments]
            if all(f is not None for f in found) and not any(f[1] for f in found[:-1]):
                per_segment = {id(seg): f[0] for seg, f in zip(segments, found)}
                score = sum(mid_sentence_starts(g) for g in per_segment.values())
                tried.append((score, order, per_segment, how, found[-1][1]))
    for order, how in enumerate(ALIGNMENTS if not tried else ()):
        per_segment = {id(seg): _join(seg, keyed, how) for seg in segments}
        if all(g is not None for g in per_segment.values()):
            score = sum(mid_sentence_starts(g) for g in per_segment.values())
            tried.append((score, order, per_segment, how, 0))
    if not tried:  # no alignment fits every segment: each line opens or continues by the top rule
        per_segment = {id(seg): _join(seg, keyed, "top") for seg in segments}
        return per_segment, "unruled-rows-top-aligned", 0
    _, _, per_segment, how, below = min(tried, key=lambda t: (t[0], t[1]))
    return per_segment, f"unruled-rows-{how}-aligned" if how != "centred" else "unruled-rows-centred", below


def _set_apart(bands: list[list[TextLine]], coded: set[int], settings: PdfSettings) -> int:
    """How many lines at the end of a segment's last band (no rule below it) stand apart from the lines
    above them, further than `row_band_ratio` times the widest space between two lines of one band (of one
    row), with no code among them (`coded`: the lines whose key cell is a code): text below the table
    (`Codes not listed here are reserved.`), not a wrapped cell."""
    last = bands[-1]
    for n in range(1, len(last)):
        gap = last[n].top - last[n - 1].bottom
        others = [b.top - a.bottom for band in bands for a, b in zip(band, band[1:]) if b is not last[n]]
        widest = max(others, default=None)
        if widest is not None and gap > settings.row_band_ratio * max(widest, 0.0) \
                and not any(id(ln) in coded for ln in last[n:]):
            return len(last) - n
    return 0


def _anchored(lines: list[TextLine], keyed: set[int], column_of, key: int, how: str, tol: float,
              ratio: float) -> tuple[list[list[TextLine]], int] | None:
    """Rows under one alignment read from the geometry: each row's anchor is its key cell's top, centre or
    bottom (`how`), and in every column the lines of a cell form a run whose own top, centre or bottom lies
    at its row's anchor (within `tol`). A cell's lines are assigned column by column; a line belongs to the
    row its cells were given, which must agree across its columns and keep the rows in order. None where
    the lines cannot be laid out so (a key cell over several lines, a run that fits no row). The lines of a
    cell follow each other at the line pitch (a gap at most `ratio` times the smallest between lines). With
    the rows, the number of lines at the end that no row owns (text below the table)."""
    keys = [ln for ln in lines if id(ln) in keyed]
    if not keys:
        return [lines], 0
    width = 1 + max(column_of(w) for ln in lines for w in ln.words)
    # per column, its runs of words line by line: (line position, top, bottom)
    fragments: list[list[tuple[int, float, float]]] = [[] for _ in range(width)]
    for n, ln in enumerate(lines):
        per: dict[int, list[dict]] = {}
        for w in ln.words:
            per.setdefault(column_of(w), []).append(w)
        for k, ws in per.items():
            fragments[k].append((n, min(w["top"] for w in ws), max(w["bottom"] for w in ws)))
    gaps = [b[1] - a[2] for frags in fragments for a, b in zip(frags, frags[1:])]
    pitch_gap = max(min((g for g in gaps if g > 0), default=0.0) * ratio, tol)
    anchors = []
    key_rows: dict[int, int] = {}
    for n, top, bottom in fragments[key]:
        key_rows[n] = len(anchors)
        anchors.append(top if how == "top" else bottom if how == "bottom" else (top + bottom) / 2)
    if any(b - a <= tol for a, b in zip(anchors, anchors[1:])):
        return None
    row_of: dict[int, int] = dict(key_rows)
    for k, frags in enumerate(fragments):
        if k == key or not frags:
            continue
        given = _runs_to_rows(frags, anchors, how, tol, pitch_gap)
        if given is None:
            return None
        for n, r in given.items():
            if row_of.setdefault(n, r) != r:
                return None
    placed = sum(1 for n in range(len(lines)) if n in row_of)
    if any(n not in row_of for n in range(placed)):
        return None  # a line left between rows
    order = [row_of[n] for n in range(placed)]
    if any(b < a for a, b in zip(order, order[1:])):
        return None
    groups: list[list[TextLine]] = [[] for _ in anchors]
    for n, r in enumerate(order):
        groups[r].append(lines[n])
    return [g for g in groups if g], len(lines) - placed


def _runs_to_rows(frags: list[tuple[int, float, float]], anchors: list[float], how: str,
                  tol: float, pitch_gap: float) -> dict[int, int] | None:
    """One column's fragments (line position, top, bottom) → the row of each, runs of consecutive fragments
    anchored at their row's anchor, no more than `pitch_gap` apart; None where a run fits no row. Fragments
    below the last row are left without one."""
    out: dict[int, int] = {}
    i, r = 0, 0
    while i < len(frags):
        if r >= len(anchors):
            return out  # below the last row: text under the table, if nothing else is left on its lines
        a = anchors[r]
        if how == "top":
            if frags[i][1] > a + tol:
                r += 1  # this row's cell is blank in this column
                continue
            if abs(frags[i][1] - a) > tol:
                return None
            j = i
            while (j + 1 < len(frags) and (r + 1 >= len(anchors) or frags[j + 1][1] < anchors[r + 1] - tol)
                   and frags[j + 1][1] - frags[j][2] <= pitch_gap):
                j += 1
        elif how == "bottom":
            # the run ends at the first fragment whose bottom is this row's anchor
            j = next((m for m in range(i, len(frags)) if abs(frags[m][2] - a) <= tol), None)
            if j is None or frags[j][2] > a + tol or any(frags[m][2] > a + tol for m in range(i, j)):
                if frags[i][2] > a + tol:
                    r += 1
                    continue
                return None
        else:
            if frags[i][1] > a + tol:
                r += 1
                continue
            j = next((m for m in range(i, len(frags)) if abs((frags[i][1] + frags[m][2]) / 2 - a) <= tol), None)
            if j is None:
                return None
        if any(frags[m + 1][1] - frags[m][2] > pitch_gap for m in range(i, j)):
            return None  # a cell's lines follow each other at the line pitch
        for m in range(i, j + 1):
            out[frags[m][0]] = r
        i, r = j + 1, r + 1
    return out


def _join(lines: list[TextLine], keyed: set[int], how: str) -> list[list[TextLine]] | None:
    """Rows under one alignment: `top` (a key line opens its row), `bottom` (it closes it) or `centred`
    (a key line sits in the middle of its row: as many wrapped lines above it as below); None where the
    lines cannot be laid out so. Lines without any key line are one row (it has no key: reported later)."""
    keys = [k for k, ln in enumerate(lines) if id(ln) in keyed]
    if not keys:
        return [lines]
    between = [list(range(a + 1, b)) for a, b in zip(keys, keys[1:])]
    lead, tail = list(range(keys[0])), list(range(keys[-1] + 1, len(lines)))
    groups: list[list[int]] = []
    if how == "top":
        groups = [([*lead, k] if r == 0 else [k]) + (between[r] if r < len(between) else tail)
                  for r, k in enumerate(keys)]
    elif how == "bottom":
        groups = [(lead if r == 0 else between[r - 1]) + [k] + (tail if r == len(keys) - 1 else [])
                  for r, k in enumerate(keys)]
    else:
        above = lead
        for r, k in enumerate(keys):
            rest = between[r] if r < len(between) else tail
            below = len(above)
            if below > len(rest) or (r == len(keys) - 1 and below != len(rest)):
                return None
            groups.append([*above, k, *rest[:below]])
            above = rest[below:]
    return [[lines[i] for i in g] for g in groups]
