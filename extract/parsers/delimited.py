"""Comma- or semicolon-separated exports (.csv), and tab-separated ones that quote their fields the way
spreadsheets do: a header row, quoted fields that may hold the separator or span several lines, and text
around the table (a title above, footnotes below)."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter

from ..settings import DEFAULT
from ..columns import header_field
from ..documents import Document
from ..errors import InputError
from ..model import Conflict, Loc, Note, Parsed, conflict_value, unparsed
from . import Context, LayoutRule
from ..patterns import SENTENCE_END
from ..text import collapse
from .table import Row, footnote_notes, read_rows

SEPARATORS = (",", ";", "\t")
QUOTED_FIELD = re.compile(r'(?:^|\t)"')  # a tab-separated field that opens with a quote
SAMPLE_LINES = DEFAULT.detection.head_lines


def _records(text: str, sep: str) -> list[tuple[int, int, list[str]]]:
    """(first line, last line, fields) of every CSV record; a quoted field may span lines, and a separator
    escaped with a backslash (`\\,`, as exports that never quote write it) stays in its field."""
    escaped = "\\" + sep in text
    reader = csv.reader(io.StringIO(text), delimiter=sep, escapechar="\\" if escaped else None)
    out, start = [], 1
    try:
        for fields in reader:
            out.append((start, reader.line_num, fields))
            start = reader.line_num + 1
    except csv.Error:  # an unclosed quote: what was read so far stands, the rest is reported by the parser
        pass
    return out


def _shape(doc: Document) -> tuple[str, int, float]:
    """The separator, its modal field count and the share of non-blank records that have it."""
    sample = "\n".join(doc.lines[:SAMPLE_LINES])
    best = (",", 0, 0.0)
    for sep in SEPARATORS:
        rows = [f for _, _, f in _records(sample, sep) if any(x.strip() for x in f)]
        counts = Counter(len(f) for f in rows if len(f) > 1)
        if not counts or not rows:
            continue
        width, n = counts.most_common(1)[0]
        share = n / len(rows)
        if (share, width) > (best[2], best[1]):
            best = (sep, width, share)
    return best


def sniff(doc: Document) -> float:
    if doc.is_pdf or doc.text.lstrip().startswith(("<", "|", "{", "[")):
        return 0.0
    if "\t" in doc.text and not QUOTED_FIELD.search(doc.text):
        return 0.0  # plain tab-separated text is the tab layout's, line by line
    sep, width, share = _shape(doc)
    # prose has commas too, but not the same number on most lines: demand a regular table of 3+ columns, or
    # of two under a header that names the code (`Error Code,Description`)
    if width == 2:
        records = [f for _, _, f in _records("\n".join(doc.lines[:SAMPLE_LINES]), sep) if any(x.strip() for x in f)]
        start = next((i for i, f in enumerate(records) if len(f) == 2), len(records))
        table = records[start:]  # a title above the table does not count against it
        regular = sum(1 for f in table if len(f) == 2) / len(table) if table else 0.0
        named = "code" in (header_field(c) for c in table[0]) if table else False
        return 0.85 * regular if named and regular >= 0.9 else 0.0
    return 0.85 * share if width >= 3 and share >= 0.6 else 0.0


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog = ctx.catalog
    sep, width, _ = _shape(doc)
    out = Parsed(doc.source, catalog, "tab (quoted)" if sep == "\t" else "csv")
    loc = lambda a, b: Loc(doc.source, doc.path, tuple(range(a, b + 1)))  # noqa: E731
    records = [(a, b, f) for a, b, f in _records(doc.text, sep) if "".join(f).strip()]  # (a field not blank)
    table = [i for i, (_, _, f) in enumerate(records) if len(f) == width]
    if not table:  # `--format csv` forced on a document none of whose records is a row as wide as its header
        raise InputError(doc.path, f"no record has the {width} fields a {out.format} table needs")
    first, last = table[0], table[-1]
    # a header naming more columns than most rows fill: the rows leave their trailing blank cells unwritten
    short_rows = 0
    if first > 0 and len(records[first - 1][2]) > width and any(header_field(c) for c in records[first - 1][2]):
        first, width = first - 1, len(records[first - 1][2])
        padded = []
        for a, b, f in records:
            if (a, b) > records[first][:2] and 1 < len(f) < width:
                f, short_rows = f + [""] * (width - len(f)), short_rows + 1
            padded.append((a, b, f))
        records = padded
        last = max(i for i, (_, _, f) in enumerate(records) if len(f) == width)
    header_a, header_b, header = records[first]
    rows, stray = [], []
    if short_rows:
        out.conflicts.append(Conflict(
            kind="normalized_value", catalog=catalog, field=None, severity="info",
            message=f"{short_rows} rows have fewer fields than the header's {width}; their unwritten last cells "
                    "read as blank.",
            values=[conflict_value(loc(header_a, header_b), sep.join(header))],
            resolution={"status": "auto", "value": width, "rule": "short-rows-padded"},
            key=(doc.source, "short rows")))
    # (asked only of a table with a line wider than its header: what that line's surplus fields are)
    wider = any(len(f) > width for _, _, f in records[first + 1:last + 1])
    regular = [f for _, _, f in records[first + 1:last + 1] if len(f) == width] if wider else []
    # only the last column holds free text (spaces), every other one single words: a line with more fields
    # wrote the separator unquoted inside that text (`…combination of value, status and timestamps…`)
    # and those texts are sentences (`…timestamps provided.`), the surplus fields each a clause after the
    # separator and a space, as prose writes a comma
    texts_last = bool(regular) and width >= 2 and all(
        sum(1 for f in regular if " " in f[i].strip()) <= 0.05 * len(regular) for i in range(width - 1)) \
        and sum(1 for f in regular if SENTENCE_END.search(f[-1].strip())) >= 0.5 * len(regular)
    for a, b, fields in records[first + 1:last + 1]:
        if len(fields) == width:
            rows.append(Row(fields, loc(a, b)))
        elif texts_last and len(fields) > width and not any(" " in f.strip() for f in fields[:width - 1]) \
                and all(f.startswith(" ") for f in fields[width:]) and SENTENCE_END.search(fields[-1].strip()):
            joined = fields[:width - 1] + [sep.join(fields[width - 1:])]
            rows.append(Row(joined, loc(a, b)))
            out.conflicts.append(Conflict(
                kind="normalized_value", catalog=catalog, field=None, severity="info",
                message=f"A line has {len(fields)} fields, not {width}; the separators after field {width - 1} "
                        "sit unquoted in the last column's text and were kept in it.",
                values=[conflict_value(loc(a, b), sep.join(fields))],
                resolution={"status": "auto", "value": joined[-1], "rule": "unquoted-separator-in-last-text"},
                key=(doc.source, sep.join(fields))))
        else:
            stray.append((a, b, fields))
    read_rows(out, header, rows, loc(header_a, header_b))
    sep_text = lambda f: sep.join(f)  # noqa: E731
    out.notes += [Note("preamble", collapse(sep_text(f)), loc(a, b)) for a, b, f in records[:first]]
    footnotes, rest = footnote_notes([(a, sep_text(f)) for a, b, f in records[last + 1:]], doc, out.records)
    out.notes += footnotes
    for a, b, fields in stray:
        out.conflicts.append(unparsed(catalog, loc(a, b), sep_text(fields),
                                      f"A line inside the table has {len(fields)} fields, not {width}; it went into no row."))
    for a, text in rest:
        out.conflicts.append(unparsed(catalog, loc(a, a), text, "Text after the table that is not a footnote.", "info"))
    return out


RULE = LayoutRule("csv", sniff, parse, "comma- or semicolon-separated table with a header row")
