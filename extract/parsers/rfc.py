"""RFC-style plain text: a paginated document (page footers `Postel & Reynolds   [Page 39]`, page headers
`RFC 959   October 1985` and a running title under them, form feeds) whose lists are written by indentation:
`NNN  NAME` or `NNN text` at one indent, the lines that belong to it deeper, a bare `1000` line with its text
indented below, numbered section titles (`6.1 Error Replies.`) above them.

This layout finds that structure and nothing more. Page chrome becomes layout, and the page break closes up so
an entry continues across it; a numbered section title becomes a heading (its number is layout); a line whose
first word may be a code and that stands where a list item stands (after a blank line, or as the sibling of
the item before it) becomes a list item, and a line of `CODE NAME` pairs in columns one item per pair; a
quoted reply template is read as the words it shows (its quotes and `\\` continuations are layout). What each
part of a head means — code, name, title — is decided by the item typing stage through the prose reader
(`prose.parse` on the document as this layout sees it, `extract/items.py` for the heads); every location is
mapped back to the document's own lines.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from ..documents import Document
from ..items import parse_head
from ..columns import is_error_table, type_columns
from ..model import Cell, Conflict, ConflictValue, Layout, Loc, Note, Parsed, Record, conflict_value, line_runs
from ..patterns import DOT_LEADERS, MONTH_YEAR_END, RFC_PAGE_FOOTER, RFC_PAGE_HEADER, RFC_SECTION, WIDE_GAP
from ..settings import DEFAULT, ProseSettings
from ..text import collapse
from . import Context, LayoutRule, prose
from .table import Row, table_records

# an ASCII table's rule: `-+------+------|`, `+--------+-------+` (dashes cut by `+`, maybe `|` at an end)
TABLE_RULE = re.compile(r"(?=[-|]*+\+)(?=[+|]*+-)[-+|]++")  # `+`, `-` and `|` only, at least one `+` and one `-`
# a row of an ASCII table: `| 1000       | Normal Closure  | hybi@ietf.org |`
TABLE_ROW = re.compile(r"\|.*\|")


@dataclass
class PipeTable:
    """An ASCII pipe table of the document: its header, its rows (cells over several lines joined), the
    document lines of its header and rules, and the section title above it."""

    header: list[str]
    header_lines: list[int]
    rules: list[int]
    rows: list[tuple[list[str], list[int]]]  # (cells, 1-based document lines)
    lines: list[int]
    section: tuple[str, int] | None = None
    repeated: list[int] = field(default_factory=list)  # the lines of its header repeated after a page break


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def page_chrome(lines: list[str], ps: ProseSettings) -> dict[int, str]:
    """0-based line → its role, for the page furniture of a paginated document (empty when it is not one)."""
    footers = [i for i, line in enumerate(lines) if not _indent(line.lstrip("\f")) and line.strip()
               and RFC_PAGE_FOOTER.search(line)]
    if len(footers) < ps.rfc_min_pages:
        return {}
    chrome: dict[int, str] = {i: "page footer" for i in footers}
    headers = [i for i, line in enumerate(lines) if RFC_PAGE_HEADER.match(line.lstrip("\f")) and MONTH_YEAR_END.search(line)]
    for i in headers:
        chrome[i] = "page header"
    # the running title: the same line right under every page header (`File Transfer Protocol`)
    under: dict[str, list[int]] = {}
    for i in headers:
        if i + 1 < len(lines) and lines[i + 1].strip() and not _indent(lines[i + 1]):
            under.setdefault(lines[i + 1].strip(), []).append(i + 1)
    for found in under.values():
        if len(found) >= ps.rfc_running_title_pages:
            chrome.update({i: "running title" for i in found})
    for i, line in enumerate(lines):
        if "\f" in line and not line.strip():
            chrome[i] = "form feed"
    return chrome


def _section(line: str, ps: ProseSettings) -> tuple[int, str] | None:
    """A numbered section title as (level, title): `6.1 Error Replies.` → (2, 'Error Replies')."""
    text = line.strip()
    m = RFC_SECTION.fullmatch(text)
    if not m or _indent(line) > ps.rfc_section_indent or DOT_LEADERS.search(text):
        return None
    number, title = m.group(1), collapse(m.group(2)).rstrip(".").strip()
    if "." not in number and (_indent(line) or not text[len(number):].startswith(".")):
        return None  # `1. no longer in use;` inside the text is a numbered list, `6. REPLIES` a section
    if not title or len(title.split()) > ps.rfc_section_words or title[-1] in ",;:":
        return None
    return number.count(".") + 1, title


def _pairs(text: str, first_shape: str, ps: ProseSettings) -> list[str] | None:
    """`209  RPL_TRACECLASS   217  RPL_STATSQLINE` → ['209  RPL_TRACECLASS', '217  RPL_STATSQLINE']."""
    cells = WIDE_GAP.split(text)
    if len(cells) < 4 or len(cells) % 2 or len(cells) > 2 * ps.rfc_max_columns:
        return None
    for key, name in zip(cells[0::2], cells[1::2]):
        head = parse_head(key)
        if len(key.split()) != 1 or len(name.split()) != 1 or not head.atoms or head.atoms[0].shape != first_shape:
            return None
        named = parse_head(name).atoms
        if not named or named[0].shape == first_shape:
            return None  # `1       7        8        8`: the numbers over a diagram
    return [f"{k}  {n}" for k, n in zip(cells[0::2], cells[1::2])]


def _cuts(rule: str) -> list[int]:
    return [k for k, ch in enumerate(rule) if ch in "+|"]


def _cells(line: str, cuts: list[int]) -> list[str]:
    """A table line cut at its rule's `+` (so a `+` or `|` drawn inside a row still cuts where the rule does);
    by its own bars when it does not stand under the rule."""
    if all(k >= len(line) or line[k] in "|+ " for k in cuts) and any(k < len(line) and line[k] == "|" for k in cuts):
        return [line[a + 1:b] if a < len(line) else "" for a, b in zip(cuts, cuts[1:])]
    return line.strip().strip("|").split("|")


def _table_of(block: list[tuple[int, str]]) -> PipeTable | None:
    """A block of rule and row lines as a table: the row lines before the first rule under them are the
    header; below it a row runs from rule to rule (its cells wrapped over lines), or, with no rules between
    the rows, each line is a row and a line with a blank first cell continues the row above."""
    kinds = ["rule" if TABLE_RULE.fullmatch(t.strip()) else "row" for _, t in block]
    start = next((k for k, kind in enumerate(kinds) if kind == "row"), None)
    if start is None:
        return None
    split = next((k for k in range(start, len(kinds)) if kinds[k] == "rule"), None)
    if split is None or "row" not in kinds[split:]:
        return None
    cuts = _cuts(block[split][1])
    if len(cuts) < 3:
        return None

    def joined(group: list[tuple[int, str]]) -> list[str]:
        parts = [_cells(t, cuts) for _, t in group]
        width = max(len(p) for p in parts)
        return [collapse(" ".join(p[c] for p in parts if c < len(p))) for c in range(width)]

    header_group = block[start:split]
    rules = [n for (n, _), kind in zip(block, kinds) if kind == "rule"]
    body = list(zip(block[split + 1:], kinds[split + 1:]))
    groups: list[list[tuple[int, str]]] = []
    if "rule" in [kind for _, kind in body[:-1]]:  # rules between the rows (a bottom border alone is none)
        current: list[tuple[int, str]] = []
        for line, kind in body:
            if kind == "rule":
                if current:
                    groups.append(current)
                current = []
            else:
                current.append(line)
        if current:
            groups.append(current)
    else:
        for line, kind in body:
            if kind == "rule":
                continue
            first = _cells(line[1], cuts)
            if groups and first and not first[0].strip():
                groups[-1].append(line)
            else:
                groups.append([line])
    rows = [(joined(g), [n for n, _ in g]) for g in groups]
    header = joined(header_group)
    if len(header) < 2 or not rows:
        return None
    return PipeTable(header, [n for n, _ in header_group], rules, rows, [n for n, _ in block])


def pipe_tables(kept: list[tuple[int, str]]) -> list[tuple[int, int, PipeTable]]:
    """The ASCII pipe tables among the kept lines: (first, last index into `kept`, the table) — runs of rule
    and row lines (a page break inside a run is closed up already) holding a header, a rule and rows."""
    found = []
    k = 0
    while k < len(kept):
        text = kept[k][1].strip()
        if not (TABLE_RULE.fullmatch(text) or TABLE_ROW.fullmatch(text)):
            k += 1
            continue
        j = k
        while j < len(kept) and (TABLE_RULE.fullmatch(kept[j][1].strip()) or TABLE_ROW.fullmatch(kept[j][1].strip())):
            j += 1
        table = _table_of(kept[k:j]) if j - k >= 3 else None
        if table is not None and found and found[-1][2].header == table.header \
                and all(not t.strip() for _, t in kept[found[-1][1] + 1:k]):
            # the table continued over a page break, its header repeated: one table, the repeat is layout
            first, _, before = found[-1]
            before.rows += table.rows
            before.rules += table.rules
            before.repeated += table.header_lines
            before.lines += table.lines
            found[-1] = (first, j - 1, before)
        elif table is not None:
            found.append((k, j - 1, table))
        k = j
    return found


def is_code_table(table: PipeTable) -> bool:
    """The table lists codes, as every table reader decides it (`extract/columns.py`): registries of opcodes
    or version numbers, figures drawn with bars, stay text."""
    width = len(table.header)
    columns = [[cells[i] if i < len(cells) else "" for cells, _ in table.rows] for i in range(width)]
    context = table.section[0] if table.section else ""
    typing = type_columns(table.header, columns, context=context)
    return "code" in typing.fields and is_error_table(table.header, typing.fields, context, columns)


def view_of(lines: list[str], ps: ProseSettings,
            tables: list[PipeTable] | None = None) -> tuple[list[tuple[int, str]], list[Layout | tuple[str, int]]]:
    """The document as this layout reads it: (1-based source line, text) per line — page chrome out, runs of
    blank lines closed up, section titles as headings, list items marked, quoted templates unquoted — and the
    lines that became layout (role, 1-based line). With `tables`, the ASCII pipe tables of codes are taken out
    of the view (a blank line stands for each) and listed there, for the table reader."""
    chrome = page_chrome(lines, ps)
    layout: list[tuple[str, int]] = [(role, i + 1) for i, role in sorted(chrome.items())]
    kept: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if i in chrome:
            continue
        line = line.replace("\f", "").rstrip()
        if not line.strip():
            if kept and not kept[-1][1]:
                continue
            line = ""
        kept.append((i + 1, line))

    taken: dict[int, int] = {}  # index into kept of a code table's first line → of its last
    if tables is not None:
        for first, last, table in pipe_tables(kept):
            for k in range(first - 1, -1, -1):  # the numbered section title above the table names it
                sec = _section(kept[k][1], ps)
                if sec and (k == 0 or not kept[k - 1][1].strip()) and (k + 1 >= len(kept) or not kept[k + 1][1].strip()):
                    table.section = (sec[1], kept[k][0])
                    break
            if is_code_table(table):
                tables.append(table)
                taken[first] = last

    view: list[tuple[int, str]] = []
    heads: list[tuple[int, str]] = []  # per view line: (indent, blank | text | the shape of an item's key)
    quote_open = False
    skip_to = -1
    for k, (n, line) in enumerate(kept):
        if k <= skip_to:
            continue
        if k in taken:  # a code table, read by the table reader: a blank line in the view
            skip_to = taken[k]
            if view and view[-1][1]:
                view.append((n, ""))
                heads.append((0, "blank"))
            continue
        text = line.strip()
        indent = _indent(line)
        if not text:
            view.append((n, ""))
            heads.append((0, "blank"))
            continue
        if quote_open:  # a quoted template continued with `\` (over a page break too)
            quote_open = text.endswith("\\")
            inner = text.rstrip("\\").rstrip() if quote_open else text.removesuffix('"')
            view.append((n, " " * indent + inner))
            heads.append((indent, "text"))
            continue
        before = view[-1][1] if view else ""
        after = kept[k + 1][1] if k + 1 < len(kept) else ""
        sec = _section(line, ps)
        if sec and not before.strip() and not after.strip():
            view.append((n, "#" * min(sec[0], 6) + " " + sec[1]))
            heads.append((0, "blank"))
            continue
        head = parse_head(prose.plain(text))
        if _opens_item(head, text) and _stands_as_item(heads, indent, head.atoms[0].shape):
            pairs = _pairs(text, head.atoms[0].shape, ps)
            for part in pairs or [text]:
                view.append((n, " " * indent + "- " + part))
                heads.append((indent, head.atoms[0].shape))
            continue
        if text.startswith('"') and len(text) > 1:
            if text.endswith('"'):
                text = text[1:-1]
            elif text.endswith("\\"):
                quote_open, text = True, text[1:-1].rstrip()
            view.append((n, " " * indent + text))
            heads.append((indent, "text"))
            continue
        view.append((n, line))
        heads.append((indent, "text"))
    return view, layout


def _opens_item(head, text: str) -> bool:
    """The line opens with a key-like word: not a citation label (`[RFC2119]  Bradner, S., …`), not a
    run-in label (`NOTES: 1. The data connection …`), not a list number (`1. no longer in use;`)."""
    if not head.atoms or head.atoms[0].tail or head.atoms[0].bracketed:
        return False
    first = text.split()[0]
    cells = WIDE_GAP.split(text)
    if len(cells) > 1 and all(c.isdigit() for c in cells):
        return False  # `1       7        8        8`: a row of figures (bit widths over a diagram)
    if first.endswith(":") and head.atoms[0].shape == "symbolic" and len(text.split()) > 1:
        return False
    return not (first[:-1].isdigit() and first[-1:] in ".)")


def _stands_as_item(heads: list[tuple[int, str]], indent: int, shape: str) -> bool:
    """A line stands where a list item stands: after a blank line (or a heading), or after an item at its
    indent whose key has the same shape, and the deeper lines under that item (a line of running text that
    starts with a number does not, nor `200 directory changed` under `CWD /usr/dm` in an example dialog)."""
    if not heads or heads[-1][1] == "blank":
        return True
    for at, kind in reversed(heads):
        if kind == "blank":
            continue  # a blank line inside what is under the item before
        if at <= indent:
            return kind == shape and at == indent
    return False


def _mapped(loc: Loc, numbers: list[int]) -> Loc:
    if not loc.lines:
        return loc
    return replace(loc, lines=tuple(sorted({numbers[n - 1] for n in loc.lines if 0 < n <= len(numbers)})))


def _mapped_location(location: str, path: str, numbers: list[int]) -> str:
    if not location.startswith(path + ":"):
        return location
    lines = []
    for run in location[len(path) + 1:].split(","):
        a, _, b = run.partition("-")
        if not a.isdigit() or (b and not b.isdigit()):
            return location
        lines += range(int(a), int(b or a) + 1)
    mapped = sorted({numbers[n - 1] for n in lines if 0 < n <= len(numbers)})
    return f"{path}:{line_runs(mapped)}" if mapped else location


def remap(out: Parsed, doc: Document, view: list[tuple[int, str]]) -> None:
    """Every location of what the prose reader found in the view, as the document's own lines; a raw value
    that is one view line is given back as the document's line."""
    numbers = [n for n, _ in view]
    texts = {k + 1: t for k, (_, t) in enumerate(view)}
    lines = doc.lines

    def cell(c):
        raw = c.raw
        if len(c.loc.lines) == 1 and raw == texts.get(c.loc.lines[0]):
            raw = lines[numbers[c.loc.lines[0] - 1] - 1].strip()
        return replace(c, raw=raw, loc=_mapped(c.loc, numbers))

    for rec in out.records:
        rec.cells = {k: cell(c) for k, c in rec.cells.items()}
        rec.loc = _mapped(rec.loc, numbers)
    for group in (out.notes, out.ranges, out.layout):
        for k, item in enumerate(group):
            group[k] = replace(item, loc=_mapped(item.loc, numbers))
    for c in out.conflicts:
        c.values = [replace(ConflictValue.of(v), location=_mapped_location(ConflictValue.of(v).location, doc.path, numbers))
                    for v in c.values]


def read_tables(out: Parsed, doc: Document, tables: list[PipeTable]) -> list[Record]:
    """Every code table through the shared table reader (`table_records`): its records, its header and rules
    as layout."""
    loc = lambda ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    found: list[Record] = []
    for table in tables:
        category = None
        if table.section:
            title, n = table.section
            category = Cell(title, doc.lines[n - 1].strip(), loc([n]))
        rows = [Row(cells, loc(ns)) for cells, ns in table.rows]
        records, conflicts = table_records(
            table.header, rows, source=doc.source, catalog=out.catalog, header_loc=loc(table.header_lines),
            category=category, order_start=len(out.records) + len(found), sections=out.notes,
            category_is_heading=True)
        out.layout.append(Layout("table header", loc(table.header_lines)))
        if table.repeated:
            out.layout.append(Layout("table header (repeated)", loc(table.repeated)))
        out.layout += [Layout("table rule", loc([n])) for n in table.rules]
        if records:
            found += records
            out.conflicts += conflicts
        else:  # typed as codes, yet no row became an entry: the table is kept as a note
            text = " / ".join(" | ".join(c for c in cells) for cells in [table.header, *(r for r, _ in table.rows)])
            out.notes.append(Note("table", text, loc(n for _, ns in table.rows for n in ns)))
    return found


def _empty(cell: Cell | None) -> bool:
    return cell is None or cell.value in (None, "", [])


def merge_table_records(out: Parsed, table: list[Record]) -> None:
    """**The stated rule for a list and a table of the same codes in one RFC:** the list (`1000` then its
    text, section 7.4.1) and a registry table (`| 1000 | Normal Closure |`, section 11.7) that give the same
    code describe one entry, not two variants. The table's record fills in every field the list's record lacks
    (the name a `Meaning` column gives); where both give a field, the list's value stands — a different value
    in the table is reported as a `value_mismatch` with both places, and the table's category never replaces
    the list's section. A table code the list does not give stays an entry of its own; a code the list gives
    twice (in two sections) is filled in in both."""
    listed: dict[str, list[Record]] = defaultdict(list)
    for rec in out.records:
        if rec.code:
            listed[rec.code].append(rec)
    for row in table:
        same = listed.get(row.code)
        if not same:
            out.records.append(row)
            continue
        used = False
        for rec in same:
            for fld, cell in row.cells.items():
                if fld in ("code", "category") or _empty(cell):
                    continue
                mine = rec.cells.get(fld)
                if _empty(mine):
                    rec.cells[fld] = cell
                    used = True
                elif collapse(str(mine.value)).lower() != collapse(str(cell.value)).lower():
                    out.conflicts.append(Conflict(
                        kind="value_mismatch", catalog=rec.catalog, code=rec.code, field=fld, severity="info",
                        message=f"The list and the table of this document give {rec.code} a different {fld}; "
                                f"the list's is kept.",
                        values=[conflict_value(mine), conflict_value(cell)],
                        resolution={"status": "auto", "value": mine.value, "rule": "rfc-list-over-table"},
                        key=(rec.source, rec.code, fld)))
                    used = True
        if not used:  # the row restates what the list says: its line is layout
            out.layout.append(Layout("table row (as listed)", row.loc))


def read(doc: Document, ctx: Context) -> tuple[Parsed, list[tuple[int, str]]]:
    ps = ctx.settings.prose
    tables: list[PipeTable] = []
    view, layout = view_of(doc.lines, ps, tables)
    seen = Document(doc.source, doc.path, doc.data, "\n".join(t for _, t in view))
    out = prose.parse(seen, ctx, text_items=False)
    remap(out, doc, view)
    out.format = "rfc text"
    loc = lambda n: Loc(doc.source, doc.path, (n,))  # noqa: E731
    out.layout += [Layout(role, loc(n)) for role, n in layout]
    merge_table_records(out, read_tables(out, doc, tables))
    return out, view


def parse(doc: Document, ctx: Context) -> Parsed:
    return read(doc, ctx)[0]


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    ps = DEFAULT.prose
    lines = doc.lines[:ps.sniff_lines * 2]
    if not page_chrome(lines, ps):
        return 0.0
    view, _ = view_of(lines, ps)
    texts = [t for _, t in view]
    roles = prose.classify(texts, 0)
    heads = len(prose.read_items(texts, roles, ps, text_items=False))
    # page footers and headers are surer than any table shape an RFC draws in ASCII (`+---+`, `|`)
    return 0.99 if heads else 0.0


RULE = LayoutRule("rfc", sniff, parse, "RFC-style plain text: paginated, lists written by indentation")
