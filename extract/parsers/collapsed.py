"""Collapsed rows: a table scraped from a web page whose cell separators became single spaces.

    Error Code HTTP Status Code Error Message Description Returned By        ← header, phrases run together
    201 400 A user with the same username already exists. Register user, Update user The name of …

The header is split into known column phrases; each row into code, status and the text columns. Where the
text columns meet nothing marks the cut, so every possible cut is scored: the cells other sources of the
catalog give for the code (sure evidence), the vocabulary of operation names learned from the rows' own comma
lists, sentence ends, and the shape of a sentence start. The column order the rows really follow is chosen by
how many rows it splits cleanly, and a header that says otherwise is reported. Every split not confirmed by
another source or a clear margin is reported as uncertain.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import permutations

from ..columns import header_field
from ..documents import Document
from ..errors import InputError
from ..model import Conflict, Hints, Layout, Loc, Note, Parsed, conflict_value, unparsed
from . import Context, LayoutRule
from ..columns import key_shape_share
from ..patterns import DOTTED_IDENT, SENTENCE_END, SENTENCE_START, STATUS, code_shape
from ..settings import DEFAULT
from ..text import collapse, loose_text
from .table import Row, footnote_notes, table_records

TEXT_FIELDS = ("name", "message", "operations", "description")
MAX_ITEM_WORDS = DEFAULT.split.max_item_words


def split_header(line: str) -> list[str] | None:
    """The header's words cut into as many column phrases as possible, each naming a different field."""
    words = line.split()
    if not 2 <= len(words) <= 40 or "\t" in line:
        return None
    best: dict[int, tuple[int, list[str], frozenset]] = {0: (0, [], frozenset())}
    for end in range(1, len(words) + 1):
        options = []
        for start in range(max(0, end - 4), end):
            if start not in best:
                continue
            phrase = " ".join(words[start:end])
            fld = header_field(phrase)
            count, phrases, used = best[start]
            if fld and fld not in used:
                options.append((count + 1, phrases + [phrase], used | {fld}))
        if options:
            best[end] = max(options, key=lambda o: o[0])
    found = best.get(len(words))
    # two phrases will do ("Code Description"), so long as one is the code and one a text to split into
    if not found or found[0] < 2 or "code" not in found[2] or not found[2] & set(TEXT_FIELDS):
        return None
    return found[1]


def find_header(lines: list[str]) -> tuple[int, list[str]] | None:
    for i, line in enumerate(lines):
        header = split_header(line)
        if not header:
            continue
        orders = lead_orders([header_field(p) for p in header])
        if sum(1 for nxt in lines[i + 1:i + 6] if any(lead_split(nxt, o) for o in orders)) \
                >= DEFAULT.detection.min_rows_after_header:
            return i, header
    return None


# Columns whose cell is one word: they stand at the start of a collapsed row, before the texts to split.
ONE_WORD_FIELDS = ("code", "http_status", "name")


def lead_fields(fields: list[str | None]) -> tuple[str, ...]:
    """The one-word columns the header names before its first text column (`Name Code Description`: name,
    code); the code always among them."""
    lead = []
    for f in fields:
        if f not in ONE_WORD_FIELDS:
            break
        lead.append(f)
    lead = lead if "code" in lead else ["code"]
    if "http_status" in fields and "http_status" not in lead:  # a status is one word wherever it is named
        lead.append("http_status")
    return tuple(lead)


def lead_orders(fields: list[str | None]) -> list[tuple[str, ...]]:
    """Every order the rows may give their one-word cells in; the header's first. Values decide among them."""
    lead = lead_fields(fields)
    return [lead] + [o for o in permutations(lead) if o != lead]


def fits(field: str, token: str) -> bool:
    if field == "code":
        return code_shape(token) is not None
    if field == "http_status":
        return bool(STATUS.fullmatch(token))
    return bool(DOTTED_IDENT.fullmatch(token))  # a name is one identifier


def lead_split(line: str, order: tuple[str, ...]) -> tuple[dict[str, str], str] | None:
    """A row's one-word cells in `order` and the text after them, or None where the line is no such row. A
    blank HTTP status leaves no word behind, so a status that is not there is read as blank."""
    tokens = line.split(None, len(order))
    cells: dict[str, str] = {}
    pos = 0
    for f in order:
        if pos < len(tokens) - 1 and fits(f, tokens[pos]):
            cells[f] = tokens[pos]
            pos += 1
        elif f == "http_status":
            cells[f] = ""
        else:
            return None
    if pos >= len(tokens):
        return None
    rest = line.split(None, pos)[pos] if pos else line.strip()
    return cells, rest


def sniff(doc: Document) -> float:
    if doc.is_pdf or "\t" in doc.text:
        return 0.0
    return 0.9 if find_header(doc.lines[:DEFAULT.detection.head_lines]) else 0.0  # the header stands near the top


def _items(text: str) -> list[str]:
    return [t.strip() for t in text.split(",")]


@dataclass
class Split:
    cells: dict[str, str]
    score: float
    confirmed: bool  # another source gives exactly these cells


def candidate_cuts(words: list[str]) -> list[int]:
    """Word positions where a cell may begin: after a sentence end, or at a capitalised word or a number."""
    return [i for i in range(1, len(words))
            if SENTENCE_END.search(words[i - 1]) or words[i][:1].isupper() or words[i][:1].isdigit()
            or words[i][:1] in "\"'*"]


def score_split(cells: dict[str, str], vocabulary: set[str]) -> float | None:
    """How plausible a split is; None when a cell cannot be what its column holds."""
    score = 0.0
    name = cells.get("name")
    if name is not None:
        if not DOTTED_IDENT.fullmatch(name):
            return None
        score += 2
    ops = cells.get("operations")
    if ops is not None:
        items = _items(ops)
        if not ops or any(not it or len(it.split()) > MAX_ITEM_WORDS or SENTENCE_END.search(it) for it in items):
            return None
        score += sum(2 if loose_text(it) in vocabulary else -1 for it in items)
    msg = cells.get("message")
    if msg is not None:
        if not msg:
            return None
        score += 3 if SENTENCE_END.search(msg) else 0
    desc = cells.get("description")
    if desc is not None:
        if not desc:
            return None
        score += 1 if SENTENCE_START.match(desc) else -1
    return score


def split_text(text: str, order: tuple[str, ...], vocabulary: set[str], references: list[dict]) -> list[Split]:
    """Every plausible split of a row's text into the columns of `order`, best first."""
    words = text.split()
    cuts = candidate_cuts(words)
    splits = []
    for chosen in _cut_sets(cuts, len(order) - 1):
        bounds = [0, *chosen, len(words)]
        cells = {fld: " ".join(words[a:b]) for fld, a, b in zip(order, bounds, bounds[1:])}
        score = score_split(cells, vocabulary)
        if score is None:
            continue
        confirmed = any(all(loose_text(ref.get(f, "")) == loose_text(v) for f, v in cells.items()) for ref in references)
        splits.append(Split(cells, score + (100 if confirmed else 0), confirmed))
    return sorted(splits, key=lambda s: -s.score)


def _cut_sets(cuts: list[int], k: int):
    if k == 0:
        yield ()
        return
    for i, c in enumerate(cuts):
        for rest in _cut_sets(cuts[i + 1:], k - 1):
            yield (c, *rest)


def learn_vocabulary(texts: list[str], hints: Hints) -> set[str]:
    """Operation names the document itself proves: every item before a comma in a row (the comma ends it),
    plus what the catalog's other sources list."""
    vocab = {loose_text(op) for ops in hints.all_values("operations") for op in ops}
    for text in texts:
        for part in text.split(",")[:-1]:
            words = part.split()
            # the item before a comma starts at the last capitalised word that follows a sentence end, or is short
            for n in range(1, min(len(words), MAX_ITEM_WORDS) + 1):
                item = words[-n:]
                if item[0][:1].isupper() and (n == len(words) or SENTENCE_END.search(words[-n - 1])):
                    vocab.add(loose_text(" ".join(item)))
                    break
            else:
                if words and len(words) <= 2:
                    vocab.add(loose_text(" ".join(words)))
    # single words that stand alone as a whole item list elsewhere ("All", "N/A") show up between a sentence
    # end and a capitalised sentence start; keep those seen at least twice
    seen: dict[str, int] = {}
    for text in texts:
        words = text.split()
        for i in range(1, len(words) - 1):
            if SENTENCE_END.search(words[i - 1]) and SENTENCE_START.match(words[i + 1]) and "," not in words[i]:
                seen[loose_text(words[i])] = seen.get(loose_text(words[i]), 0) + 1
    vocab |= {w for w, n in seen.items() if n >= 2}
    return vocab


def parse(doc: Document, ctx: Context) -> Parsed:
    catalog, hints = ctx.catalog, ctx.hints
    out = Parsed(doc.source, catalog, "collapsed")
    lines = doc.lines
    loc = lambda *ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    found = find_header(lines)
    if found is None:  # only when the manifest forces this format on another layout
        raise InputError(doc.path, "no collapsed table here: no header line of column names followed by rows")
    h, header = found
    out.layout.append(Layout("table header (collapsed)", loc(h + 1)))
    out.notes += [Note("preamble", collapse(lines[i]), loc(i + 1)) for i in range(h) if lines[i].strip()]

    fields = [header_field(p) for p in header]
    text_cols = [(p, f) for p, f in zip(header, fields) if f in TEXT_FIELDS]
    if not text_cols:
        raise InputError(doc.path, f"line {h + 1}: the header names no text column to split rows into")
    # The one-word cells (code, status, name) start each row, in the order the values show: the header's, or
    # the one that reads the most rows with each cell of its shape (a header `Name Code` over rows `1001 x`).
    orders = lead_orders(fields)
    body = [lines[i] for i in range(h + 1, min(len(lines), h + 1 + DEFAULT.detection.head_lines))]
    def reads(o):
        splits = [lead_split(ln, o) for ln in body]
        return (sum(1 for sp in splits if sp), sum(key_shape_share([sp[0]["code"]]) for sp in splits if sp))
    lead = max(orders, key=lambda o: (*reads(o), o == orders[0]))
    if lead != orders[0]:
        out.conflicts.append(Conflict(
            kind="header_mismatch", catalog=catalog, field="code", severity="warning",
            message=(f"The header names its first columns in the order {', '.join(orders[0])}; the rows give "
                     f"{', '.join(lead)}, and are read so."),
            values=[conflict_value(loc(h + 1), " ".join(orders[0])), conflict_value(loc(h + 2), " ".join(lead))],
            resolution={"status": "auto", "value": list(lead), "rule": "columns-typed-by-values"},
            key=(doc.source, "lead", lead)))
    rows, trailing = [], []
    for i in range(h + 1, len(lines)):
        split = lead_split(lines[i], lead)
        if split and not trailing:
            rows.append((i + 1, split[0], split[1]))
        elif lines[i].strip():
            trailing.append((i + 1, lines[i]))
    parsed_rows = [(n, cells["code"], cells.get("http_status", ""), cells.get("name"), rest)
                   for n, cells, rest in rows]
    text_cols = [(p, f) for p, f in text_cols if f not in lead]
    if not text_cols:
        raise InputError(doc.path, f"line {h + 1}: the header names no text column to split rows into")

    vocabulary = learn_vocabulary([r[4] for r in parsed_rows], hints)
    header_order = tuple(f for _, f in text_cols)
    # The column order the rows follow: the header's, or the permutation that splits the most rows
    # (judged on a sample of rows spread over the table: the order is the table's, not a row's).
    sample = parsed_rows[:: max(1, len(parsed_rows) // 60)]

    def clean_rows(order):
        return sum(1 for _, code, _, _, rest in sample
                   if split_text(rest, order, vocabulary, hints.by_code.get(code, [])))
    order = max(permutations(header_order), key=lambda o: (clean_rows(o), o == header_order))
    if order != header_order:
        for (phrase, said), now in zip(text_cols, order):
            if said != now:
                out.conflicts.append(Conflict(
                    kind="header_mismatch", catalog=catalog, field=now, severity="warning",
                    message=(f"The header names '{phrase}' where the rows hold {now}; the rows are split in the "
                             f"order {', '.join(order)}."),
                    values=[conflict_value(loc(h + 1), phrase),
                            conflict_value(loc(parsed_rows[0][0]) if parsed_rows else loc(h + 1), now)],
                    resolution={"status": "auto", "value": now, "rule": "columns-typed-by-values"},
                    key=(doc.source, phrase, now)))

    table_rows = []
    for n, code, status, name, rest in parsed_rows:
        refs = hints.by_code.get(code, [])
        splits = split_text(rest, order, vocabulary, refs)
        cells_by_field = dict.fromkeys(order, "")
        if splits:
            best = splits[0]
            cells_by_field = best.cells
            runner_up = splits[1].score if len(splits) > 1 else None
            if len(order) > 1 and not best.confirmed and (
                    runner_up is not None and best.score - runner_up < 2 or best.score < 3):
                out.conflicts.append(_uncertain(catalog, code, loc(n), rest, best, splits[1:3]))
        else:
            out.conflicts.append(Conflict(
                kind="uncertain_split", catalog=catalog, code=code, severity="warning",
                message=f"The text of code {code} could not be split into {', '.join(order)}; it is kept whole "
                        f"as the {order[-1]}.", values=[conflict_value(loc(n), rest)], key=(doc.source, rest)))
            cells_by_field[order[-1]] = rest
        cells = [code, status] + ([name or ""] if "name" in lead else []) + [cells_by_field[f] for f in order]
        table_rows.append(Row(cells, loc(n)))
    typed_header = (["Code", "HTTP status"] + (["Name"] if "name" in lead else [])
                    + [{"operations": "Returned by"}.get(f, f) for f in order])
    out.records, conflicts = table_records(typed_header, table_rows, source=doc.source, catalog=catalog,
                                           header_loc=loc(h + 1))
    out.conflicts += conflicts
    footnotes, rest_lines = footnote_notes(trailing, doc, out.records)
    out.notes += footnotes
    for n, text in rest_lines:
        out.conflicts.append(unparsed(catalog, loc(n), text, "Text after the table that is not a footnote.", "info"))
    return out


def _uncertain(catalog: str, code: str, where: Loc, rest: str, best: Split, others: list[Split]) -> Conflict:
    shown = " | ".join(best.cells.values())
    alternatives = "; ".join(" | ".join(s.cells.values()) for s in others)
    return Conflict(
        kind="uncertain_split", catalog=catalog, code=code, severity="info",
        message=(f"The collapsed row of code {code} was split as [{shown}] by the document's own regularities; "
                 f"no other source confirms it" + (f" (next best: {alternatives})." if alternatives else ".")),
        values=[conflict_value(where, rest)],
        resolution={"status": "auto", "value": best.cells, "rule": "split-by-document-regularities"},
        key=(where.source, rest),
    )


RULE = LayoutRule("collapsed", sniff, parse, "web-scraped table whose cell separators became single spaces",
                  uses_hints=True)
