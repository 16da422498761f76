"""Turning a table (header + rows of cell texts) into records: shared by every table-shaped parser."""
from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass

from ..columns import ROW_NUMBER, ColumnTyping, header_field, is_error_table, normalise_header, split_operations, type_columns, value_kind
from ..patterns import (MD_EMPHASIS_MARKS, CODE_LIST_SEP, CODE_SPAN_OR_BOUND, RESERVED_TEXT, CODE_LIST_WHOLE, CODE_SPAN_LIST, DATA_CODE, FOOTNOTE_LINE,
                        SENTENCE_END, STATUS, WILDCARD_DECIMAL, CODE_WITH_LABEL, PLACEHOLDERS, code_shape, http_status_of)
from ..settings import DEFAULT
from ..model import WORK, Cell, Conflict, Layout, Loc, Note, Parsed, Record, conflict_value, unparsed
from ..text import collapse

TEXT_FIELDS = frozenset({"message", "description"})  # fields whose cell reads as its text, nothing more
SPAN_FIELDS = frozenset({"code", "name", "category"})  # … and those that read so too when no code span is in it


def collapsed_cells(cells: list[str]) -> list[str]:
    """Each cell's text with its whitespace collapsed (`collapse`); not to be changed (it may be `cells`).
    Most rows hold no whitespace but single spaces inside their cells: that is tested once for the whole row,
    and such a row is its own collapsed texts (every whitespace character but the space is unprintable)."""
    joined = "|".join(cells)
    if joined.isprintable() and "  " not in joined and "| " not in joined and " |" not in joined \
            and joined[:1] != " " and joined[-1:] != " ":
        return cells
    return [" ".join(c.split()) for c in cells]


def unquote_code_span(text: str) -> tuple[str, bool]:
    """Strip backticks (also an unclosed one) and report whether whitespace sat inside the code span."""
    text = collapse(text)
    return _unquote(text)


def _unquote(text: str) -> tuple[str, bool]:
    """`unquote_code_span` of a text already collapsed."""
    if "`" not in text:
        return text, False
    inner = text.strip("`")
    return inner.strip(), inner != inner.strip()


@dataclass
class Row:
    cells: list[str]
    loc: Loc  # the row's line(s) (or page)
    cell_locs: list[Loc] | None = None  # where a layout scatters one row's cells over the page
    # a row whose one cell spans the table (an HTML `colspan`, a reST line across the columns, a PDF line over
    # the whole width): a group title, the category of the rows below it, not an entry
    spanning: bool = False

    def loc_of(self, i: int) -> Loc:
        return self.cell_locs[i] if self.cell_locs and i < len(self.cell_locs) else self.loc


def table_records(
    header: list[str],
    rows: list[Row],
    *,
    source: str,
    catalog: str,
    header_loc: Loc,
    category: Cell | None = None,
    order_start: int = 0,
    sections: list[Note] | None = None,
    lists: frozenset[int] = frozenset(),
    context: str = "",
    category_is_heading: bool = False,
    typings: list[ColumnTyping] | None = None,
) -> tuple[list[Record], list[Conflict]]:
    """Type the columns, then read every row into a record. Returns records and what the table alone shows.

    With `sections` (the parser's notes), a row whose code cell holds a title among single-word codes
    ("100 Series", "Class 08 — Connection Exception") is a section: it becomes the category of the rows below
    it and a note, not an entry. `context`: what the document says above the table besides its category (the
    document's title), read for what the table lists (`HTTP Status Codes`). `category_is_heading`: the category
    is a section heading of the page, not the table's own caption — a category column inside the table is
    then the more specific and wins (a caption names every row's category, over any column). `typings`: a list
    the column typing is appended to, for a layout that needs to know which column holds each field too
    (typing the columns again would do the work twice)."""
    width = len(header)
    columns = table_columns([r for r in rows if not r.spanning], width)
    typing = type_columns(header, columns, lists=lists, context=category.value if category else "")
    if typings is not None:
        typings.append(typing)
    conflicts: list[Conflict] = []
    if "code" not in typing.fields or not is_error_table(header, typing.fields, category.value if category else "",
                                                          columns):
        return [], conflicts  # no error codes here: the layout keeps the table as a note
    for col, said, now in typing.mismatches:
        if said is None or (now and now.split("_")[-1] in normalise_header(header[col])):
            # an unknown header, or one whose words name what it holds ("Status Code" of statuses): only read
            severity = "info"
            message = (f"Column {col + 1} is headed '{header[col]}'; its values read as {now}." if header[col].strip()
                       else f"Column {col + 1} has no header; its values read as {now}.")
        else:
            severity = "warning"
            message = (f"Column {col + 1} is headed '{header[col]}' but its values are {now or 'unrecognised'}; "
                       f"read as {now or 'an extra column'}.")
        conflicts.append(Conflict(
            kind="header_mismatch", catalog=catalog, severity=severity, field=now, message=message,
            values=[conflict_value(header_loc, header[col]),
                    conflict_value(rows[0].loc_of(col) if rows else header_loc, now)],  # where its values start
            resolution={"status": "auto", "value": now, "rule": "columns-typed-by-values"},
            key=(source, normalise_header(header[col]), now),
        ))

    code_col = typing.fields.index("code")
    # every cell's text, its whitespace collapsed, once: the checks of the key column and each cell's reading
    # below use it (collapsing a cell again per use was most of the work of a large table)
    texts = [collapsed_cells(r.cells) for r in rows]
    code_texts = [t[code_col] if code_col < len(t) else "" for t in texts]
    titles = section_titles(code_texts) if sections is not None else set()
    context = " ".join([context, category.value if category else "", *header]).lower()
    key_values = [t.strip("`") for t, r in zip(code_texts, rows) if not r.spanning]
    filled_keys = [v for v in key_values if v]
    # `200 (OK)`, `5xx (SERVER ERROR)`: the code, then its name in brackets — in most of the column
    labelled_codes = bool(filled_keys) and sum(
        1 for v in filled_keys if v.endswith(")") and (m := CODE_WITH_LABEL.fullmatch(v))
        and code_shape(m.group(1)) not in (None, "symbolic")) >= len(filled_keys) / 2
    if labelled_codes:
        key_values = [m.group(1) if m else v for v, m in ((v, CODE_WITH_LABEL.fullmatch(v)) for v in key_values)]
    # a table of HTTP statuses (`HTTP Status Codes`, `HTTP Response Codes`): each code is its own status
    codes_are_statuses = "http_status" not in typing.fields and "http" in context \
        and ("status" in context or "response" in context) and statuses_only(key_values)
    catch_alls = catch_all_words(key_values)
    # A category column left blank under its filled cells groups the rows (an error domain written once for the
    # rows below it): an inner group, as a group row is, so it carries down and the heading does not override it.
    # A category column filled in every row stays under the table's heading or caption.
    group_column = "category" in typing.fields and (category_is_heading or any(
        not v.strip() for v in columns[typing.fields.index("category")]) and bool(
        columns[typing.fields.index("category")][0].strip())) if columns and columns[0] else False
    # what each column is read as, decided once: (column, field, the key its cell is stored under)
    plan = [(i, fld, "x:" + normalise_header(header[i]) if fld is None else fld)
            for i, fld in enumerate(typing.fields) if fld != ROW_NUMBER]
    statuses: dict[str, int | None] = {}  # a status column repeats a few texts: each is read once
    carried: Cell | None = None  # a group column's value, carried down over its blank cells
    records = []
    for n, row in enumerate(rows):
        if row.spanning:
            title = group_title(row.cells)
            category = Cell(title, " ".join(row.cells), row.loc)
            if sections is not None:
                sections.append(Note("section", title, row.loc))
            continue
        if n in titles:
            category = Cell(code_texts[n], row.cells[code_col], row.loc)
            sections.append(Note("section", " | ".join(t for t in texts[n] if t), row.loc))
            continue
        raws, text, locs = row.cells, texts[n], row.cell_locs
        cells: dict[str, Cell] = {}
        problems: list[Conflict] = []
        for i, fld, key in plan:
            raw, value = (raws[i], text[i]) if i < len(raws) else ("", "")
            where = locs[i] if locs and i < len(locs) else row.loc
            if fld is None:
                if value:
                    cells[key] = Cell(value, raw, where)
                continue
            if fld in TEXT_FIELDS or fld in SPAN_FIELDS and "`" not in value and not (
                    fld == "code" and value.lower() in PLACEHOLDERS):
                cell, problem = Cell(value, raw, where), None  # (`read_text_cell` of a cell without markup)
            elif fld == "http_status":
                cell, problem = read_status(value, raw, where, catalog, statuses)
            else:
                cell, problem = read_text_cell(fld, value, raw, where, catalog)
            if fld in cells and cells[fld].value:  # two columns for one field: keep both texts
                cell = Cell(f"{cells[fld].value} {cell.value}".strip(), cells[fld].raw + "\t" + raw, where)
            cells[fld] = cell
            if problem:
                problems.append(problem)
        if not group_column:
            if category is not None:
                cells["category"] = category
        elif cells.get("category") and cells["category"].value:
            carried = cells["category"]
        elif carried is not None:
            cells["category"] = carried
        elif category is not None:
            cells["category"] = category
        code = cells.get("code")
        named = CODE_WITH_LABEL.fullmatch(code.value) if labelled_codes and code is not None and code.value else None
        if named and code_shape(named.group(1)) not in (None, "symbolic"):
            code = cells["code"] = Cell(named.group(1), code.raw, code.loc)
            if not (cells.get("name") and cells["name"].value):
                cells["name"] = Cell(collapse(named.group(2)), code.raw, code.loc)
        # (a list of code spans opens with a backtick: a raw cell without one is none)
        spans = code is not None and "`" in code.raw and bool(CODE_SPAN_LIST.fullmatch(collapse(code.raw)))
        if code is not None and code.value and not spans and (
                code.value[-1:] in SENTENCE_LAST and is_sentence_cell(code.value) or code.value in catch_alls):
            # a sentence where the code stands ("A SASL error code.") or a catch-all word ("other") among
            # codes: the row says where codes come from, it names none
            conflicts.append(Conflict(
                kind="missing_value", catalog=catalog, field="code", severity="info",
                message=f"The code cell {code.value!r} holds no code, so the row became no entry; its text is kept here.",
                values=[conflict_value(row.loc, " | ".join(collapse(c) for c in row.cells))],
                key=(source, " | ".join(collapse(c) for c in row.cells)),
            ))
            continue
        if code is not None and code.value and may_be_span(code.value) and CODE_SPAN_OR_BOUND.fullmatch(code.value) and any(
                RESERVED_TEXT.search(c.value) for f, c in cells.items() if f != "code" and isinstance(c.value, str)):
            # `28 - 63 | Reserved for future standard use`, `< -127 | Vendor specific`: codes set aside, not an
            # error; kept as a note of the catalog
            if sections is not None:
                sections.append(Note("reserved range", " | ".join(collapse(c) for c in row.cells if c.strip()),
                                     row.loc))
            else:
                conflicts.append(unparsed(catalog, row.loc, " | ".join(row.cells),
                                          "A range of codes set aside (reserved), not an entry.", "info"))
            continue
        if code is None or not code.value:
            conflicts.append(Conflict(
                kind="missing_value", catalog=catalog, field="code", severity="warning",
                message="A row has no code, so it cannot become an entry; its text is kept here.",
                values=[conflict_value(row.loc, " | ".join(collapse(c) for c in row.cells))],
                key=(source, " | ".join(collapse(c) for c in row.cells)),
            ))
            continue
        if problems:
            for problem in problems:
                problem.code = code.value
            conflicts.extend(problems)
        listed = code.value
        if spans:  # ``A``, ``B``, ``C``. : the spans and the stop are markup
            listed = collapse(code.raw).replace("`", "").rstrip(".")
        # (a list holds a separator: a code without one is no list, and the pattern need not be tried)
        codes = CODE_LIST_SEP.split(listed) if ("," in listed or "/" in listed or ";" in listed) \
            and CODE_LIST_WHOLE.fullmatch(listed) else [code.value]
        if codes_are_statuses and "http_status" not in cells and STATUS.fullmatch(code.value):
            # a table of HTTP statuses (`HTTP Status Codes`: 200 OK, 404 Not Found): each code is its status
            cells["http_status"] = Cell(int(code.value), code.raw, code.loc)
        if len(codes) > 1:  # "401, 403": one entry per code, the row's other cells shared
            conflicts.append(Conflict(
                kind="normalized_value", catalog=catalog, field="code", severity="info", code=codes[0],
                message=f"The code cell {code.value!r} lists {len(codes)} codes; each became an entry of its own.",
                values=[conflict_value(code)], resolution={"status": "auto", "value": codes, "rule": "split-code-list"},
                key=(source, code.value)))
            for part in codes:
                records.append(Record(source, catalog, {**cells, "code": Cell(part, code.raw, code.loc)}, row.loc,
                                      order_start + n))
        else:
            records.append(Record(source, catalog, cells, row.loc, order_start + n))
    return records, conflicts


def table_columns(rows: list[Row], width: int) -> list[list[str]]:
    """The table's columns of raw cell texts (a short row's missing cells blank), for the typing stage."""
    if all(len(r.cells) == width for r in rows):  # the usual table: every row as wide as the header
        return [list(col) for col in zip(*(r.cells for r in rows))] if rows else [[] for _ in range(width)]
    return [[r.cells[i] if i < len(r.cells) else "" for r in rows] for i in range(width)]


def may_be_span(code: str) -> bool:
    """What every `CODE_SPAN_OR_BOUND` holds, tested before the pattern (most codes hold none of it): a dash,
    en dash or `to` after the first number, or a bound's `<` or `>` first."""
    return code[:1] in ("<", ">") or "-" in code[1:] or "–" in code or "to" in code


def is_sentence_cell(text: str) -> bool:
    """A cell of several words that ends with a full stop: a sentence, never a code or a title."""
    # (what `SENTENCE_END` can end on, tried first: most cells are codes, which end on none of it)
    return text[-1:] in SENTENCE_LAST and len(text.split()) >= 2 and bool(SENTENCE_END.search(text))


SENTENCE_LAST = frozenset(".!?\"')]\n")  # the last character of a text `SENTENCE_END` finds an end in


def statuses_only(values: list[str]) -> bool:
    """Every filled value is an HTTP status (`200` … `599`) or a class of them (`5xx`)."""
    filled = [v for v in values if v]
    return bool(filled) and all(STATUS.fullmatch(v) or WILDCARD_DECIMAL.fullmatch(v) and v[0] in "12345"
                                for v in filled)


def catch_all_words(values: list[str]) -> set[str]:
    """A lower-case word without digits (`other`, `default`) in a key column whose other values nearly all
    hold digits (`23503`, `08*`, `P0001`): a catch-all row, not a code."""
    filled = [v.strip("`") for v in values if v]
    words = {v for v in filled if v.isalpha() and v.islower()}
    if not words:  # (the usual key column: the digits below need not be counted)
        return set()
    rest = [v for v in filled if v not in words]
    digits = sum(1 for v in rest if any(ch.isdigit() for ch in v))
    if not words or len(rest) < 3 * len(words) or digits < 0.8 * len(rest):
        return set()
    return words


def group_title(cells: list[str]) -> str:
    """The text of a group row as a category: its cells' words, inline markup (`**Class 22**`) dropped."""
    return collapse(MD_EMPHASIS_MARKS.sub("", " ".join(c for c in cells if c.strip())))


def section_rows(rows: list[Row], code_col: int) -> set[int]:
    """Rows whose code cell is a title of several words in a column of one-word codes."""
    return section_titles([collapse(r.cells[code_col]) if code_col < len(r.cells) else "" for r in rows])


def section_titles(texts: list[str]) -> set[int]:
    """`section_rows` over the code cells' texts, whitespace collapsed (blank for a row without the cell)."""
    filled = [t for t in texts if t]
    if not filled or sum(1 for t in filled if " " not in t) <= len(filled) / 2:  # titles are the few
        return set()
    return {n for n, t in enumerate(texts) if len(t.split()) >= 2 and any(ch.isalpha() for ch in t)
            and not is_sentence_cell(t)}


ONE_WORD_KINDS = {"word", "symbol"}


def is_data_line(cells: list[str], rows: list[Row] | None = None) -> bool:
    """A table's first line that is no header: no cell is a column name, and either the first cell holds a
    code or the line has the shapes of the rows below it — every cell of the kind (code, symbol, text, …)
    most of its column holds, and one of them a code (`E_FAIL,0x80004005,"Unspecified failure."`)."""
    if any(header_field(c) is not None for c in cells if c.strip()):
        return False
    first = collapse(cells[0]) if cells else ""
    if DATA_CODE.fullmatch(first):
        return True
    if not rows:
        return False
    kinds = [value_kind(c) for c in cells]
    agree = 0
    for i, kind in enumerate(kinds):
        column = Counter(value_kind(r.cells[i]) for r in rows[:50] if i < len(r.cells))
        modal = column.most_common(1)[0][0] if column else None
        if modal == kind or {modal, kind} <= ONE_WORD_KINDS:  # `Good` atop `BadUnexpectedError`: one word each
            agree += 1
    return "code" in kinds and agree == len(kinds)


def read_rows(out: Parsed, header: list[str], rows: list[Row], header_loc: Loc, **kwargs) -> None:
    """The table's records into `out`, for the layouts whose tables hold nothing but the catalog (tab, CSV):
    a first line that is data (no header at all: `23000<TAB>integrity_constraint_violation`) is a row, a
    header repeated further down is layout, and when no column reads as the code every row is reported
    rather than dropped."""
    if is_data_line(header, rows):
        rows = [Row(header, header_loc), *rows]
        header = [""] * len(header)
    else:
        out.layout.append(Layout("table header", header_loc))
    key = [collapse(h).lower() for h in header]
    kept = []
    for row in rows:
        # (the first cell alone first: most rows differ there, and each cell compared costs a collapse)
        if (not key or (row.cells and collapse(row.cells[0]).lower() == key[0])) and \
                [collapse(c).lower() for c in row.cells[: len(key)]] == key:
            out.layout.append(Layout("repeated table header", row.loc))
        else:
            kept.append(row)
    records, conflicts = table_records(header, kept, source=out.source, catalog=out.catalog, header_loc=header_loc,
                                       sections=out.notes, **kwargs)
    out.records += records
    out.conflicts += conflicts
    if not records:
        out.conflicts += [unparsed(out.catalog, row.loc, " | ".join(row.cells),
                                   "The table has no column that reads as the code, so this row became no entry.")
                          for row in kept]


def read_cell(fld: str, raw: str, loc: Loc, catalog: str) -> tuple[Cell, Conflict | None]:
    """One cell's typed value, and a conflict where reading it needed a fix or failed."""
    text = collapse(raw)
    if fld == "http_status":
        return read_status(text, raw, loc, catalog, {})
    return read_text_cell(fld, text, raw, loc, catalog)


def read_text_cell(fld: str, text: str, raw: str, loc: Loc, catalog: str) -> tuple[Cell, Conflict | None]:
    """`read_cell` of any field but the HTTP status, from the cell's text already collapsed."""
    # (`is_placeholder` of a collapsed text: its lower case among the placeholders)
    if fld == "code" and text.lower() in PLACEHOLDERS:
        return Cell("", raw, loc), None
    if fld in ("code", "name"):
        value, inner_space = _unquote(text)
        problem = None
        if inner_space:
            problem = Conflict(
                kind="normalized_value", catalog=catalog, field=fld, severity="info",
                code=value if fld == "code" else None,
                message=f"Whitespace inside the code span {text!r} was removed.",
                values=[conflict_value(loc, text)],
                resolution={"status": "auto", "value": value, "rule": "strip-code-span-whitespace"},
                key=(loc.source, text),
            )
        return Cell(value, raw, loc), problem
    if fld == "operations":
        return Cell(split_operations(text), raw, loc), None
    if fld == "category":  # a group written as a code span (``MONGOC_ERROR_CLIENT``): the span is markup
        return Cell(_unquote(text)[0], raw, loc), None
    return Cell(text, raw, loc), None


def read_status(text: str, raw: str, loc: Loc, catalog: str,
                seen: dict[str, tuple[int | None, bool]]) -> tuple[Cell, Conflict | None]:
    """`read_cell` of an HTTP status, from the cell's text already collapsed. `seen`: the table's status texts
    read so far (text → status, and whether the text reads as one), as a status column repeats a few."""
    found = seen.get(text)
    if found is None:
        found = seen[text] = (None, True) if text.lower() in PLACEHOLDERS else (
            (status := http_status_of(text)), status is not None)
    status, ok = found
    if not ok:
        return Cell(None, raw, loc), Conflict(
            kind="invalid_value", catalog=catalog, field="http_status", severity="error",
            message=f"{text!r} is not an HTTP status.", values=[conflict_value(loc, text)],
            key=(loc.source, text),
        )
    return Cell(status, raw, loc), None


def footnote_notes(texts: list[tuple[int, str]], doc, records) -> tuple[list[Note], list[tuple[int, str]]]:
    """Footnotes among trailing lines, each linked to the operations whose text carries its marker."""
    notes, rest = [], []
    for lineno, text in texts:
        m = FOOTNOTE_LINE.fullmatch(text)
        if not m:
            rest.append((lineno, text))
            continue
        marker, body = m.group(1), collapse(m.group(2))
        refs = sorted({op for r in records for op in (r.get("operations") or []) if marker in op})
        notes.append(Note("footnote", body, Loc(doc.source, doc.path, (lineno,)), marker=marker, refs=refs))
    return notes, rest


# ---------------------------------------------------------------------------------------------- tables of references
REFERENCE_SHARE = DEFAULT.typing.reference_share
REFERENCE_MIN_KEYS = DEFAULT.typing.reference_min_keys
KEPT_WHEN_SET_APART = ("missing_value", "unparsed_text")  # conflicts that hold a row's text: still its account


@dataclass
class TableRead:
    records: list[Record]
    conflicts: list[Conflict]
    apart: bool = False


def _ref_key(value) -> str:
    return collapse(str(value or "")).strip("`").strip().lower()


def _names(record: Record) -> str:
    """The record's name where it is not its code: what the record defines beside the code."""
    name = _ref_key(record.get("name"))
    return name if name and name != _ref_key(record.code) else ""


def reference_tables(tables: list[list[Record]], share: float = REFERENCE_SHARE) -> list[int]:
    """The stated rule for tables of references, over one document's tables (each a list of its records):

    A table *defines* codes when most of its rows pair a code with a name (`E_RMM_BAD_ADDR | -2`). A table
    whose rows give no name beside their key (`E_RMM_BAD_ADDR | PA is not a granule address`), whose keys are
    all or nearly all (`share`, and at least `REFERENCE_MIN_KEYS`) names or codes that another, defining table
    of the document lists, and whose other keys are names rather than codes (it gives no new code), refers to
    that catalog: per-command failure conditions, the errors one operation returns. It is a note, not entries.
    Returns the indexes of those tables."""
    refs = References(share)
    for table in tables:
        refs.add(table)
    return refs.settle()


@dataclass
class _Candidate:
    """A table whose rows name nothing beside their keys, while it may still prove to refer."""

    keys: dict[str, str]  # its keys (`_ref_key`) → the code written
    known: int  # how many of its keys the defining tables define so far
    own_codes: set[str]  # its keys not defined so far that are codes rather than names


class References:
    """`reference_tables` kept as the tables come (`add`), for a layout that settles after each table: what the
    defining tables define and each candidate's count of defined keys are kept from one `settle` to the next,
    so each table's records are read once and a candidate is judged again only when it is new or a key of its
    own became defined — settling after every table of a document stays linear in its records. Each `settle`
    answers as `reference_tables` over the tables so far (less the tables it answered before)."""

    def __init__(self, share: float = REFERENCE_SHARE):
        self.share = share
        self.count = 0  # tables added
        self.defining: list[list[Record]] = []  # defining tables whose keys are not in `defined` yet
        self.new: list[tuple[int, list[Record]]] = []  # candidates added since the last `settle`
        self.defined: set[str] = set()
        self.pending: dict[int, _Candidate] = {}  # candidates not found to refer yet, by table index
        self.waiting: dict[str, list[int]] = {}  # a key not defined yet → the pending candidates that hold it
        self.changed: set[int] = set()  # pending candidates with a newly defined key

    def add(self, table: list[Record]) -> None:
        i, self.count = self.count, self.count + 1
        if not table:
            return
        named = 0
        for r in table:  # (a table is known to define once half its rows have named a code)
            if _names(r):
                named += 1
                if named * 2 >= len(table):
                    break
        if named * 2 >= len(table):
            self.defining.append(table)
        elif not named:  # no row names anything beside its key: it may refer
            self.new.append((i, table))

    def settle(self) -> list[int]:
        """The indexes of the tables found to refer since the last call, in order (each found once)."""
        if not self.pending and not self.new:  # (the usual document: what the defining tables define need not
            return []                          # be gathered)
        # what the defining tables define (a table that refers never defines: it names nothing beside its keys)
        for table in self.defining:
            WORK["reference records read"] += len(table)
            for r in table:
                for k in (_ref_key(r.code), _names(r)):
                    if k and k not in self.defined:
                        self.defined.add(k)
                        for j in self.waiting.pop(k, ()):
                            c = self.pending.get(j)
                            if c is not None:
                                c.known += 1
                                c.own_codes.discard(k)
                                self.changed.add(j)
        self.defining.clear()
        for i, table in self.new:
            WORK["reference records read"] += len(table)
            keys = {_ref_key(r.code): r.code for r in table if r.code}
            unknown = keys.keys() - self.defined
            for k in unknown:
                self.waiting.setdefault(k, []).append(i)
            self.pending[i] = _Candidate(keys, len(keys) - len(unknown),
                                         {k for k in unknown if code_shape(keys[k]) != "symbolic"})
            self.changed.add(i)
        self.new.clear()
        out = []
        for i in sorted(self.changed):
            c = self.pending.get(i)
            if c is None:
                continue
            WORK["reference candidates judged"] += 1
            if c.known < REFERENCE_MIN_KEYS or c.known < self.share * len(c.keys) or c.own_codes:
                continue  # too few keys known, or a code of its own: the table adds to the catalog
            del self.pending[i]
            out.append(i)
        self.changed.clear()
        return out


def keep_table(out: Parsed, records: list[Record], conflicts: list[Conflict], rows: list[Row]) -> None:
    """A table's records and what it showed into `out`; a table that holds no error codes (no records: the
    typing stage's stated rule) is kept as notes, one per row, so none of its lines is lost."""
    if records:
        out.records += records
        out.conflicts += conflicts
    else:
        out.notes += [Note("table", " | ".join(c for c in r.cells if c.strip()), r.loc) for r in rows]


class DocumentTables:
    """The tables of one document as a layout reads them, for the document-level pass that sets apart tables
    of references (`reference_tables`). A layout `add`s each table's records and conflicts as it appends them
    to its `Parsed`, and calls `settle` once it has read all its tables (or after each: settling is monotone,
    and incremental (`References`), so a layout without an end-of-document hook may settle as it goes)."""

    def __init__(self, out: Parsed):
        self.out = out
        self.tables: list[TableRead] = []
        self.refs = References()

    def add(self, records: list[Record], conflicts: list[Conflict]) -> None:
        if records:
            self.tables.append(TableRead(records, conflicts))
            self.refs.add(records)

    @contextmanager
    def reading(self):
        """Around a reader that appends one table's records and conflicts to the layout's `Parsed`."""
        records, conflicts = len(self.out.records), len(self.out.conflicts)
        yield
        self.add(self.out.records[records:], self.out.conflicts[conflicts:])

    def settle(self) -> None:
        apart = [self.tables[i] for i in self.refs.settle()]
        if not apart:
            return
        gone = {id(r) for t in apart for r in t.records}
        dropped = {id(c) for t in apart for c in t.conflicts if c.kind not in KEPT_WHEN_SET_APART}
        _drop(self.out.records, gone)
        _drop(self.out.conflicts, dropped)
        for table in apart:
            self._set_apart(table)

    def _set_apart(self, table: TableRead) -> None:
        """The table's note (its records and conflicts are gone from the layout's `Parsed` already)."""
        table.apart = True
        rows, lines, seen = [], set(), set()
        for r in table.records:
            if r.loc.lines in seen:  # a row listing several codes gave several records
                continue
            seen.add(r.loc.lines)
            lines.update(r.loc.lines)
            own = set(r.loc.lines)
            rows.append(" | ".join(collapse(str(c.raw)) for c in r.cells.values() if c.raw and set(c.loc.lines) <= own))
        first = table.records[0].loc
        where = Loc(first.source, first.path, tuple(sorted(lines)), first.page)
        self.out.notes.append(Note("references", "Refers to codes another table of the document defines: "
                                   + " / ".join(rows), where))


def _drop(items: list, ids: set[int]) -> None:
    """Remove the objects whose `id` is in `ids` from `items`, in place. They were appended with their table,
    mostly of late (a layout settling after each table drops the table just read): only the end of the list
    from the earliest of them on is rebuilt, not the whole list at every settle (a layout appends each record
    and conflict once)."""
    if not ids:
        return
    start, left = len(items), len(ids)
    for k in range(len(items) - 1, -1, -1):
        if id(items[k]) in ids:
            start, left = k, left - 1
            if not left:
                break
    WORK["set-apart items scanned"] += len(items) - start
    items[start:] = [x for x in items[start:] if id(x) not in ids]
