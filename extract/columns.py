"""Column typing shared by every table parser: what a header says, checked against what its values look like.

A header is a claim; the values are evidence. `type_columns` reads each header through a synonym list, then
scores every column against every field by the shape of its values, and overrides the header only where the
values clearly contradict it (seed 000's `Description` column holds comma lists of operations). Each override
is returned so the parser can report it as a `header_mismatch`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import permutations

from .patterns import (DATA_TYPE, BARE_HEX, CELL_END, CODES, DECIMAL, ERROR_WORDS, IDENT, IDENT_WORD,
                       NON_ERROR_WORDS, PHRASE_CODE, ROW_ID, SYMBOL, CODE_WITH_LABEL, TOKEN, code_shape, http_status_of)
from .patterns import GROUP_KEY, REGISTERED_STATUSES
from .settings import DEFAULT, TypingSettings

STATUS_DIGITS = re.compile(r"[1-5]")  # what every HTTP status written in a text holds
ROW_NUMBER = "row_number"  # a running row number column ("Sr.no", "#"): layout, not data

# Header synonyms, tried in order: the first pattern that matches the normalised header wins, so the more
# specific phrases ("http status code", "status code name") come before the bare words ("code", "name").
HEADER_SYNONYMS: list[tuple[str, str]] = [
    (r"^(sr\.?\s*no\.?|s\.?\s*no\.?|#|no\.?|row|index)$", ROW_NUMBER),
    (r"\b(http|html)\b.*\b(code|status)\b|^http$|^status$|^https? status", "http_status"),
    (r"\bdescription\b|\bexplanation\b|\bdetails?\b|\bmeaning\b|^case$|^cause$|^long text$", "description"),
    (r"\bmessage\b|\breason\b|^text$|^error text$|^title$|^summary$|^short text$", "message"),
    (r"\breturned by\b|\bfrom\s*/\s*to\b|\boperations?\b|\bapplies to\b", "operations"),
    (r"\bname\b|\bsymbol\b|\bconstant\b|\bidentifier\b|\benum\b", "name"),
    (r"\bcategory\b|\bsection\b|\bgroup\b|\berror (?:type|class|kind)\b", "category"),
    (r"\bcodes?\b|\bnumber\b|^error$|^id$", "code"),
]

EDITORIAL = re.compile(r"(?:internal |editor'?s? )?(?:notes?|remarks?)")
KEY_WORDS = re.compile(r"code|err|status|state")  # what the key column of an error table is called, in any case
# What a heading, caption or header says when the table lists errors (`Error codes`, `Fault ID`, `Return values`)
# What a caption or heading says when the table under it lists codes (`Error code encodings`, `Status words`):
# then a column of unique codes is the key whatever its header (`Encoding`, `SW`)
CODE_CONTEXT = re.compile(r"code|status|errno|cause")
ERROR_CONTEXT = re.compile(r"code|err|fault|fail|exception|status|state|result|return|reason|problem|warning")


def is_schema(columns: list[list[str]], ts: TypingSettings = DEFAULT.typing) -> bool:
    """A table with a column of data types (`string`, `int32`, `array of object`): request parameters,
    response fields, properties — never a list of errors, whatever its headers say."""
    return any(_types_column(col, ts) for col in columns)


def _types_column(col: list[str], ts: TypingSettings) -> bool:
    """At least `schema_type_share` of the column's (two or more) filled values are data types."""
    # Stops once too many values are no type for the share to be reached: a column of codes or sentences is
    # known after (1 - share) of it. (The margin of one keeps the float comparison below the only judge.)
    limit = (1 - ts.schema_type_share) * len(col) + 1
    hits = misses = 0
    for v in col:
        s = v.lstrip()
        if not s:
            continue
        # every type opens with a letter, and a type's text starts as a type does whatever its spacing: a
        # number fails at once, and the prefix is tried before the whole is normalised (sentences fail there)
        if not s[0].isdigit() and DATA_TYPE.match(s) and DATA_TYPE.fullmatch(" ".join(s.split())):
            hits += 1
        else:
            misses += 1
            if misses > limit:
                return False
    n = hits + misses
    return n >= 2 and hits >= ts.schema_type_share * n


def is_error_table(headers: list[str], fields: list[str | None], context: str = "",
                   columns: list[list[str]] | None = None) -> bool:
    """The stated rule for a table that has a key column: it lists error codes unless a column holds data types
    (a schema: parameters, fields, properties), or its key column is headed only as an identifier (`ID`,
    `Number`, `#`, `Key`) and neither another header nor the heading or caption above it speaks of errors —
    then it is a table of command ids or section numbers; or the heading or caption above it names another kind
    of value and no error (`Gateway Opcodes`, `Message types`); or no column says anything of the codes (no
    name, status or text: key names beside their alternates). Either way it is a note, not entries. A table
    without a header lets its values decide (it is the catalog's own table)."""
    # (the checks of headers and context first: the one over every value of every column comes last)
    if names_other_values(context):
        return False
    if not any(f in fields for f in ("name", "http_status", "message", "description")):
        return False  # nothing is said of any code: a list of values (key names, ids), not of errors
    key = fields.index("code")
    said = normalise_header(headers[key])
    if said and not KEY_WORDS.search(said.replace(" ", "")):
        words = " ".join([context, *(h for h in headers)]).lower()
        if not ERROR_CONTEXT.search(words):
            return False
    return not (columns is not None and is_schema(columns))


def names_other_values(context: str) -> bool:
    """A heading or caption that names a kind of value other than errors (`Gateway Opcodes`, `Event types`)
    and says nothing of errors, codes or statuses."""
    words = {w.lower() for w in IDENT_WORD.findall(context)}
    return bool(words & NON_ERROR_WORDS) and not words & ERROR_WORDS and not ERROR_CONTEXT.search(
        " ".join(sorted(words - NON_ERROR_WORDS)))


def normalise_header(text: str) -> str:
    # snake_case and camelCase headers (`http_status`, `errorCode`, `httpStatusCode`) read as words
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text.replace("`", "").replace("*", ""))
    return re.sub(r"[\s_]+", " ", text).strip().lower()


def header_field(text: str, ts: TypingSettings = DEFAULT.typing) -> str | None:
    """The field a column name names; None for a text that is no column name (a sentence, a long phrase)."""
    head = normalise_header(text)
    if len(head.split()) > ts.label_words or head.endswith("."):
        return None
    for pattern, name in HEADER_SYNONYMS:
        if re.search(pattern, head):
            return name
    return None


def split_operations(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _is_list_like(value: str, ts: TypingSettings) -> bool:
    """A short comma list of short names: `Register user, Link user`, `All`, `N/A`."""
    # (a text that ends on a stop ends its last item on one: no list, as a sentence is none)
    if len(value) > ts.list_max_chars or value.rstrip().endswith("."):
        return False
    if "," not in value:  # one item: the text itself
        item = value.strip()
        return bool(item) and len(item.split()) <= ts.list_item_words and not item.endswith(".")
    parts = split_operations(value)
    return bool(parts) and all(
        len(p.split()) <= ts.list_item_words and not p.endswith(".") for p in parts)


def _is_label(value: str, ts: TypingSettings) -> bool:
    return len(value.split()) <= ts.label_words and any(ch.isalpha() for ch in value)


def _is_sentence(value: str) -> bool:
    return len(value.split()) >= 3 or bool(CELL_END.search(value) and " " in value)


def shape_scores(values: list[str], ts: TypingSettings = DEFAULT.typing) -> dict[str, float]:
    """How well a column's non-blank values fit each field, 0..1."""
    # code spans (`0x8007`, `InvalidArgument`) show their text: the backticks are markup, not shape
    vals = [t for v in values if v and (t := v.strip().strip("`").strip())]
    if len(vals) > ts.sample:
        vals = vals[:: len(vals) // ts.sample + 1]
    if not vals:
        return {}
    n, w = len(vals), ts.weights
    # Every shape counted in one pass over the values, each value's words split once (a pass per shape cost a
    # call per value and shape).
    words = numeric = http = ident = token = listy = sentence = codes = bare_hex = shaped = labelled = phrase \
        = label = short = 0
    comma = False
    for v in vals:
        count = len(v.split())
        words += count
        bare = v.strip("`").strip()
        # A text of several words (whitespace inside it, after the backticks too) has none of the one-word
        # shapes — a number, an identifier, a token, hex, a code's shape: their patterns hold no whitespace
        # (`test_columns` guards this), so they are tried on one-word texts only.
        if count < 2 or len(bare) != len(v):
            decimal = DECIMAL.fullmatch(v) is not None
            numeric += decimal
            ident += IDENT.fullmatch(bare) is not None
            token += TOKEN.fullmatch(bare) is not None  # could be a key, not a field
            bare_hex += BARE_HEX.fullmatch(v) is not None
            shaped += code_shape(v) not in (None, "symbolic")
        else:
            decimal = False
        # (a status is three digits, the first 1 to 5: a text without one of those holds none)
        if decimal and 100 <= int(v) <= 599 or (len(v) < ts.status_text_chars and STATUS_DIGITS.search(v)
                                                  and http_status_of(v) is not None):
            http += 1
        if "," in v:
            comma = True
        listy += _is_list_like(v, ts)
        sentence += count >= 3 or bool(" " in v and CELL_END.search(v))  # `_is_sentence`
        codes += CODES.fullmatch(v) is not None
        labelled += v.endswith(")") and labelled_code(v)  # `200 (OK)`: a code, its name in brackets
        phrase += PHRASE_CODE.fullmatch(v) is not None
        if count <= ts.label_words:
            short += 1
            label += v[:1].isalpha() or any(ch.isalpha() for ch in v)  # `_is_label`
    mean_words = words / n
    numeric, ident, sentence = numeric / n, ident / n, sentence / n
    listy /= n
    # Short labels alone ("Not found", "Conflict") are as much messages as operations; a column is a list of
    # operations only where some cell lists several or the names repeat down the column (a vocabulary).
    if not comma and len(set(vals)) == n:
        listy *= w.unique_labels_as_list
    return {
        ROW_NUMBER: numeric * w.row_number,
        "token": token / n,
        "code": max(numeric, codes / n * w.code_list, bare_hex / n * w.bare_hex, shaped / n,
                    ident * w.identifier_as_code, labelled / n, phrase / n * w.phrase_as_code),
        "http_status": http / n,
        "name": ident * (w.identifier_as_name if numeric < 0.5 else w.number_as_name),
        "operations": listy * (1.0 if mean_words <= w.list_mean_words else w.long_list),
        # A short label ("Unauthorized", "Not found") is a message too, if a weak one: it never contradicts the header.
        "message": max(sentence * (1.0 if mean_words <= w.message_mean_words else w.long_message),
                       label / n * w.label_as_message),
        "description": sentence * (1.0 if mean_words > w.list_mean_words else w.short_description),
        "category": short / n * w.label_as_category,
    }


def labelled_code(value: str) -> bool:
    """A code followed by its name in brackets: `200 (OK)`, `5xx (SERVER ERROR)`."""
    m = CODE_WITH_LABEL.fullmatch(value.strip())
    return bool(m) and code_shape(m.group(1)) not in (None, "symbolic")


def key_shape_share(values: list[str], ts: TypingSettings = DEFAULT.typing) -> float:
    """The share of a column's values that have a code's shape other than a bare symbol (decimal, negative,
    hex, SQLSTATE-like, prefixed): how surely the column is the key of an error table."""
    vals = [t for v in values if v and (t := v.strip())]
    if len(vals) > ts.sample:
        vals = vals[:: len(vals) // ts.sample + 1]
    if not vals:
        return 0.0
    return sum(1 for v in vals if code_shape(v) not in (None, "symbolic")) / len(vals)


def value_kind(text: str) -> str:
    """A coarse shape for comparing a line with the rows below it: blank, code, symbol, status, text or word."""
    t = text.strip()
    if not t:
        return "blank"
    shape = code_shape(t)
    if shape == "symbolic":
        return "symbol"
    if shape is not None:
        return "code"
    return "text" if len(t.split()) >= 2 else "word"


@dataclass
class ColumnTyping:
    fields: list[str | None]  # per column: the field it holds, None for an unknown column (kept as extra)
    header_fields: list[str | None]  # what the header alone said
    mismatches: list[tuple[int, str | None, str]]  # (column, header said, values say)


def type_columns(headers: list[str], columns: list[list[str]], ts: TypingSettings = DEFAULT.typing,
                 lists: frozenset[int] = frozenset(), context: str = "") -> ColumnTyping:
    """`lists`: the columns whose cells the document itself writes as lists (JSON arrays, YAML sequences) —
    structure, not a guess: such a column is the operations wherever its header leaves it open.
    `context`: the caption or heading above the table; where it speaks of error codes, a column of unique
    codes is the key whatever its header says (`Encoding` under `.Error code encodings`)."""
    said = [header_field(h) for h in headers]
    scores = [shape_scores(col, ts) for col in columns]
    # a column of row anchors (`code-1`, `code-2`, …) not headed as a code is the rows' numbering, not a key
    said_numbering = [i for i in range(len(said)) if not KEY_WORDS.search(normalise_header(headers[i]).replace(" ", ""))
                      and is_row_id_column(columns[i], ts)]
    for i in lists:
        if scores[i]:
            scores[i]["operations"] = 1.0
    fields = list(said)
    for i in said_numbering:
        fields[i] = ROW_NUMBER
    for i, f in enumerate(fields):  # a category groups rows: a column of distinct values headed so is something else
        if f != "category":
            continue
        vals = [t for v in columns[i] if (t := v.strip())]
        if len(vals) >= 4 and len(set(vals)) >= ts.key_distinct * len(vals):
            fields[i] = None
    for i in lists:
        if fields[i] is None:
            fields[i] = list_column_field(headers[i], fields)

    def fit(col: int, name: str | None) -> float:
        if name is None or not scores[col]:
            return 0.5  # nothing to contradict
        return scores[col].get(name, 0.0)

    # A column whose values contradict its header may trade places with another such column (the swapped
    # header of seed 000), or take a field no header claimed. Only a clear gain counts, never a hair's breadth.
    doubtful = [i for i, f in enumerate(fields) if f not in (None, ROW_NUMBER) and fit(i, f) < ts.doubtful_fit]
    if doubtful:
        pool = sorted({fields[i] for i in doubtful})
        # (the code too, where no header claims it: `CAUSE` over unique numbers under `… CAUSE field encodings`)
        free = [f for f in ("message", "description", "operations", "name", "http_status") if f not in fields]
        if "code" not in fields and CODE_CONTEXT.search(context.lower()):
            free.append("code")
        candidates = pool + free
        best, best_score = [fields[i] for i in doubtful], sum(fit(i, fields[i]) for i in doubtful)
        needed = best_score + ts.override_gain * len(doubtful)  # a clear gain over what the header says
        for perm in permutations(candidates, len(doubtful)):
            score = sum(fit(i, f) for i, f in zip(doubtful, perm))
            if score > needed and score > best_score:
                best, best_score = list(perm), score
        for i, f in zip(doubtful, best):
            fields[i] = f

    _settle_shared_claims(fields, columns, fit, ts, headers)
    _statuses_are_no_key(fields, columns, scores, ts)
    _symbols_as_name(fields, columns, ts)
    _type_unknown_headers(fields, headers, columns, scores, ts, context)
    if _carried_down_group(fields, columns, scores, ts):
        _type_unknown_headers(fields, headers, columns, scores, ts, context)  # the key's old field is free now
    _meaning_labels_as_name(fields, headers, columns, ts)
    mismatches = [(i, said[i], fields[i]) for i in range(len(fields)) if fields[i] != said[i]]
    return ColumnTyping(fields, said, mismatches)


def _statuses_are_no_key(fields: list[str | None], columns: list[list[str]], scores: list[dict],
                         ts: TypingSettings) -> None:
    """A column claimed as the code that holds HTTP statuses repeated down the table (`codes`: 400, 400, 403)
    is no key — a key is unique — when a column of distinct symbols stands beside it (`FLOOD_WAIT_X`): the
    symbols are the codes and the numbers their HTTP statuses."""
    if "code" not in fields or "http_status" in fields:
        return
    key = fields.index("code")
    vals = [v.strip() for v in columns[key] if v.strip()]
    if not vals or len(set(vals)) > len(vals) / 2 or not scores[key] or scores[key]["http_status"] < ts.status_share:
        return
    registered = sum(1 for v in vals if DECIMAL.fullmatch(v) and int(v) in REGISTERED_STATUSES)
    if registered < ts.status_share * len(vals):  # Parse's 111, 142 are codes of their own, not statuses
        return
    def symbols(col: list[str]) -> float:
        filled = [v.strip().strip("`") for v in col if v.strip()]
        return sum(1 for v in filled if SYMBOL.fullmatch(v)) / len(filled) if filled else 0.0
    names = [i for i, f in enumerate(fields) if f in (None, "name") and i != key
             and symbols(columns[i]) >= ts.symbol_share
             and len({v.strip() for v in columns[i] if v.strip()}) >= ts.key_distinct * len([v for v in columns[i] if v.strip()])]
    if names:
        fields[key], fields[names[0]] = "http_status", "code"


def share_at_least(vals: list[str], pred, share: float) -> bool:
    """Whether `share` of the values may hold `pred`: False as soon as too many fail for it (with a margin of
    one value, so that a caller's own float comparison stays the judge), True where it can still be reached."""
    limit = (1 - share) * len(vals) + 1
    misses = 0
    for v in vals:
        if not pred(v):
            misses += 1
            if misses > limit:
                return False
    return True


def is_row_id_column(values: list[str], ts: TypingSettings = DEFAULT.typing) -> bool:
    """Row anchors: one prefix and the row's running number (`code-1` … `code-14`, `end-4a`, `end-4b`), the
    numbers starting at 0 or 1 and rising by at most one from row to row."""
    # One pass that stops at the first value that breaks the run (another prefix, a number that jumps) or once
    # too many values are no anchor for the share to be reached (a margin of one keeps the float comparison at
    # the end the only judge): a column of codes or words is known after a few values.
    limit = (1 - ts.row_id_share) * len(values) + 1
    prefix, last, n, misses = None, 0, 0, 0
    for v in values:
        if not v.strip():
            continue
        n += 1
        m = ROW_ID.fullmatch(v.strip().strip("`").strip())
        if not m:
            misses += 1
            if misses > limit:
                return False
            continue
        number = int(m.group(2))
        if prefix is None:
            if number not in (0, 1):
                return False
            prefix = m.group(1).lower()
        elif m.group(1).lower() != prefix or not 0 <= number - last <= 1:
            return False
        last = number
    return n >= 3 and prefix is not None and n - misses >= ts.row_id_share * n


def _carried_down_group(fields: list[str | None], columns: list[list[str]], scores: list[dict],
                        ts: TypingSettings) -> bool:
    """The code column is blank in many rows, each blank under a filled cell: its value carries down (the
    error domain, the group of the rows below it), which a key never does. Beside it, a column filled in
    (nearly) every row with code-like words is the key; the carried column is the category. True when the
    key moved."""
    if "code" not in fields:
        return False
    key = fields.index("code")
    col = columns[key]
    filled = [v.strip() for v in col if v.strip()]
    if len(col) < 4 or not col[0].strip() or len(filled) > ts.carried_fill * len(col):
        return False

    def fill(i: int) -> float:
        return sum(1 for v in columns[i] if v.strip()) / len(columns[i]) if columns[i] else 0.0

    keys = [i for i, f in enumerate(fields) if i != key and scores[i] and f not in ("http_status", ROW_NUMBER)
            and fill(i) >= ts.key_fill and scores[i]["token"] >= ts.key_words_share
            and scores[i]["http_status"] < ts.status_share]
    if not keys:
        return False
    new_key = max(keys, key=lambda i: (scores[i]["token"], -i))
    fields[new_key] = "code"
    fields[key] = "category" if "category" not in fields else None
    return True


def list_column_field(header: str, fields: list[str | None]) -> str | None:
    """The field of a column the document writes as lists (JSON arrays, YAML sequences) whose header names no
    field: a key that groups the entry (`tags`, `labels`, `groups`) is its category (`General, Data
    Processing`), any other the operations that return it — each only while no other column holds it."""
    words = normalise_header(header).split()
    if words and GROUP_KEY.fullmatch(words[-1]) and "category" not in fields:
        return "category"
    return "operations" if "operations" not in fields else None


def _settle_shared_claims(fields: list[str | None], columns: list[list[str]], fit, ts: TypingSettings,
                          headers: list[str] | None = None) -> None:
    """Two headers claiming one field ("Error | Code", where Code holds HTTP statuses): the column that fits
    best keeps it — for the code, the one whose values are most nearly unique, as a key must be — and the
    others take the free field their values fit clearly, or stay extra."""
    headers = headers or [""] * len(fields)

    def distinct(col: int) -> float:
        vals = [v.strip() for v in columns[col] if v.strip()]
        return len(set(vals)) / len(vals) if vals else 0.0

    for name in sorted({f for f in fields if f not in (None, ROW_NUMBER) and fields.count(f) > 1}):
        claimants = [i for i, f in enumerate(fields) if f == name]
        def claim(i: int) -> float:
            if name != "code":
                return fit(i, name)
            # a key is unique and has a code's shape (a number, hex, prefixed: more surely than a symbol), and a
            # column of HTTP statuses beside another code column is the status
            if fit(i, "http_status") >= ts.status_share:
                return fit(i, name) + distinct(i) - 1.0
            return fit(i, name) + distinct(i) + key_shape_share(columns[i], ts)

        # of equal claims the more specific header keeps the key (`JSON Error Code` over `Error Code`)
        keeper = max(claimants, key=lambda i: (round(claim(i), 6), len(normalise_header(headers[i]).split()), -i))
        for i in claimants:
            if i == keeper:
                continue
            free = [f for f in ("http_status", "name", "message", "description", "operations") if f not in fields]
            best = max(free, key=lambda f: fit(i, f), default=None)
            if name == "code" and "name" in free and distinct(i) >= ts.key_distinct and fit(i, "http_status") < ts.status_share \
                    and all(len(v.split()) <= ts.label_words for v in columns[i] if v.strip()):
                fields[i] = "name"  # a second unique key column: the name the document gives each code
                continue
            # of two description columns the shorter texts are the message ("Description | … | Details")
            sibling = {"description": "message", "message": "description"}.get(name)
            if sibling in free and fit(i, sibling) >= ts.sibling_fit:
                best = sibling
            fields[i] = best if best is not None and fit(i, best) >= (ts.sibling_fit if best == sibling else ts.claim_fit) else None


def _symbols_as_name(fields: list[str | None], columns: list[list[str]], ts: TypingSettings) -> None:
    """A column headed as a text (`Summary`) whose values are nearly all distinct one-word identifiers, most
    of them compound (`NoSuchElement`, `IMENotAvailable`), beside a description: the codes' names."""
    if "name" in fields or "description" not in fields or "code" not in fields:
        return
    for i, f in enumerate(fields):
        if f != "message":
            continue
        vals = [v.strip().strip("`") for v in columns[i] if v.strip()]
        if len(vals) < 3 or len(set(vals)) < ts.key_distinct * len(vals):
            continue
        # (a column of texts is known by its first values that are no identifier: the share is out of reach)
        if not share_at_least(vals, IDENT.fullmatch, ts.symbol_share):
            continue
        words = sum(1 for v in vals if IDENT.fullmatch(v))
        compound = sum(1 for v in vals if name_token(v))
        if words >= ts.symbol_share * len(vals) and compound >= len(vals) / 2:
            fields[i] = "name"
            return


# a short label: a few words, no sentence inside it; a final stop only after an abbreviation (`Mandatory Ext.`)
NAME_LABEL_WORDS = 4  # the most words such a name has (`Invalid frame payload data`)
SHORT_LABEL = re.compile(r"(?:[^.,;:!?()]*\s)?(?:[A-Z][a-z]{0,3}\.|[^.,;:!?()\s]+)")


def _meaning_labels_as_name(fields: list[str | None], headers: list[str], columns: list[list[str]],
                            ts: TypingSettings) -> None:
    """A column headed `Meaning` whose values are all short distinct labels (`Normal Closure`, `Going Away`),
    beside a code column that holds nothing but codes and with no name or other text column: the names the
    document gives its codes (an IANA registry table), not their descriptions. A `Meaning` of sentences stays
    the description."""
    if "code" not in fields or "name" in fields or "message" in fields or fields.count("description") != 1:
        return
    i = fields.index("description")
    if normalise_header(headers[i]) != "meaning":
        return
    key = [v.strip().strip("`") for v in columns[fields.index("code")] if v.strip()]
    if not key or any(len(v.split()) != 1 or CODE_WITH_LABEL.fullmatch(v) for v in key):
        return  # `200 (OK)`: the code cell already names its code
    vals = [" ".join(v.split()) for v in columns[i] if v.strip()]
    if len(vals) < 2 or len(set(vals)) < ts.key_distinct * len(vals):
        return
    if all(len(v.split()) <= NAME_LABEL_WORDS and SHORT_LABEL.fullmatch(v) for v in vals):
        fields[i] = "name"


def _type_unknown_headers(fields: list[str | None], headers: list[str], columns: list[list[str]],
                          scores: list[dict], ts: TypingSettings,
                          context: str = "") -> None:
    """Headers no synonym knows ("Fehlercode", "SQLSTATE", "Meldung"): when the table has no code column
    otherwise, a nearly unique column of codes whose header still speaks of a code, an error or a status is
    the key (a parameter table's "Field" or "Name" is not), and then the values decide the rest — a column of
    statuses is the HTTP status, text columns the message (the shorter) and the description (the longer)."""
    def distinct(col: int) -> float:
        vals = [v.strip() for v in columns[col] if v.strip()]
        return len(set(vals)) / len(vals) if vals else 0.0

    if "code" not in fields:
        # a name column may be the key where nothing else is ("Error code name": `missing`, `invalid`)
        candidates = [i for i, f in enumerate(fields) if f in (None, "name") and scores[i]]
        # (a table with no header at all lets its values alone decide)
        about_errors = bool(CODE_CONTEXT.search(context.lower()))
        # a column without a header is a key candidate in a table without one (its values decide); in a table
        # whose other columns are headed (`Required | yes`), a blank header is evidence of nothing, and a
        # column of symbols alone under it is no key
        headless = not any(h.strip() for h in headers)
        keyish = [i for i in candidates if not headers[i].strip() and (headless or key_shape_share(columns[i], ts) > 0)
                  or about_errors and key_shape_share(columns[i], ts) >= ts.key_shape
                  or KEY_WORDS.search(normalise_header(headers[i]).replace(" ", ""))
                  or re.search(r"\b(id|key)\b", normalise_header(headers[i]))]
        keys = [i for i in keyish if max(scores[i]["code"], scores[i]["token"]) >= ts.key_shape
                and distinct(i) >= ts.key_distinct]
        if not keys:
            return
        if all(key_shape_share(columns[i], ts) == 0 for i in keys):
            # the column headed as the error holds symbols (`Error Type`: SBI_ERR_FAILED): a column of unique
            # codes beside it (`Value`: -1) is the key, and the symbols its names
            coded = [i for i in candidates if i not in keys and distinct(i) >= ts.key_distinct
                     and key_shape_share(columns[i], ts) >= ts.key_shape and scores[i]["http_status"] < ts.status_share]
            if coded:
                keys = coded
        # the key is the column whose values look most like codes (hex, SQLSTATE, prefixed, numbers) over a
        # column of symbols, which is then the name — wherever the columns stand
        code = max(keys, key=lambda i: (key_shape_share(columns[i], ts), -i))
        fields[code] = "code"
    unknown = [i for i, f in enumerate(fields) if f is None and scores[i]]
    status = next((i for i in unknown if scores[i]["http_status"] >= ts.status_share), None)
    if status is not None and "http_status" not in fields:
        fields[status] = "http_status"
        unknown.remove(status)
    def symbols(col: int) -> float:  # snake_case, camelCase, ALL_CAPS: names, not words ("No", "Both")
        vals = [v.strip().strip("`") for v in columns[col]]
        return sum(1 for v in vals if SYMBOL.fullmatch(v)) / len(vals) if vals else 0.0

    def one_word(col: int) -> float:  # `OK`, `Failure`, `DataErr`: single words, never phrases
        vals = [v.strip().strip("`") for v in columns[col] if v.strip()]
        return sum(1 for v in vals if TOKEN.fullmatch(v) and not DECIMAL.fullmatch(v)) / len(vals) if vals else 0.0

    # a column of distinct identifiers (`unique_violation`) is the name; with no header at all, a column of
    # distinct single words beside the key is too (`OK`, `Usage`, `DataErr`)
    symbol = next((i for i in unknown if distinct(i) >= ts.key_distinct and (
        symbols(i) >= ts.symbol_share or not headers[i].strip() and one_word(i) >= ts.key_shape)), None)
    if symbol is not None and "name" not in fields:  # a column of distinct identifiers: `unique_violation`
        fields[symbol] = "name"
        unknown.remove(symbol)

    def sentences(col: int) -> float:  # a text column holds phrases, not labels ("Yes", "Both", "INVALID")
        vals = [v for v in columns[col] if v.strip()]
        return sum(1 for v in vals if len(v.split()) >= 2) / len(vals) if vals else 0.0

    def labels(col: int) -> bool:  # short phrases that end no sentence: a group name or a list of operations
        vals = [v.strip() for v in columns[col] if v.strip()]
        return bool(vals) and all(len(v.split()) <= ts.label_words and not CELL_END.search(v) for v in vals)

    # Among columns of labels without a header, one whose few values repeat down the table is the category
    # (`Billing errors`), one of comma lists of short names the operations; neither is a message. (A header no
    # synonym knows, such as `Type`, names something else: such a column stays extra.)
    for i in [i for i in unknown if labels(i) and not headers[i].strip()]:
        vals = [v.strip() for v in columns[i] if v.strip()]
        if "operations" not in fields and any("," in v for v in vals) and scores[i]["operations"] >= ts.claim_fit:
            fields[i] = "operations"
            unknown.remove(i)
        elif "category" not in fields and len(vals) >= 4 and len(set(vals)) <= len(vals) / 2:
            fields[i] = "category"
            unknown.remove(i)

    # a column headed as the editors' remarks (`Notes`, `Remarks`) is about the entry, not its text: extra
    texts = sorted((i for i in unknown if sentences(i) >= ts.sentence_share
                    and not EDITORIAL.fullmatch(normalise_header(headers[i]))),
                   key=lambda i: sum(len(v.split()) for v in columns[i]) / max(1, len(columns[i])))
    if "description" in fields:
        return  # beside a known description an unknown text is something else (advice, notes): kept as extra
    if "message" in fields:  # beside a known message, the longest unknown text is the description
        texts = texts[-1:]
    for i, name in zip(texts, [f for f in ("message", "description") if f not in fields]):
        fields[i] = name


# ---------------------------------------------------------------------------------------------- one-word cells
# (for layouts that must cut cells out of running text: a collapsed row, a column dump's first block)
def name_token(text: str) -> bool:
    """A one-word cell that is a symbolic name: snake_case, ALL_CAPS, CamelCase, or an identifier whose capitals
    run together (`APIKeyLocked`, `OAuthTokenExpired`) — never a capitalised word (`The`, `Login`)."""
    t = text.strip().strip("`").strip()
    if SYMBOL.fullmatch(t):
        return True
    if not IDENT.fullmatch(t) or not any(ch.islower() for ch in t):
        return False
    # a capital after the first character, or an underscore: the mark of a compound identifier
    return "_" in t or any(ch.isupper() for ch in t[1:])


def key_token_shape(text: str) -> str | None:
    """The code shape of a one-word cell (`code_shape`), counting run-together capitals as symbolic."""
    shape = code_shape(text)
    if shape is None and name_token(text):
        return "symbolic"
    return shape


def cell_fit(fld: str, value: str, ts: TypingSettings = DEFAULT.typing) -> float:
    """How well one cell fits a field, 0..1: the per-value side of `shape_scores`, for scoring where a cell
    of running text may end before the column around it is known."""
    v = value.strip()
    if not v:
        return 0.0
    if fld == "code":
        shape = key_token_shape(v) if " " not in v else None
        return 0.0 if shape is None else (0.6 if shape == "symbolic" else 1.0)
    if fld == "http_status":
        return 1.0 if DECIMAL.fullmatch(v) and 100 <= int(v) <= 599 else 0.0
    if fld == "name":
        return 1.0 if " " not in v and name_token(v) else 0.0
    if fld == "operations":
        return 1.0 if _is_list_like(v, ts) else 0.0
    if fld == "category":
        return 0.8 if len(v.split()) <= ts.label_words and not CELL_END.search(v) else 0.0
    if fld in ("message", "description"):
        return 1.0 if _is_sentence(v) and CELL_END.search(v) else (0.5 if _is_label(v, ts) else 0.0)
    return 0.0


# ---------------------------------------------------------------------------------------------- nested objects
# (for the JSON/YAML layouts: an entry's value that is itself an object, `comment: {doc: …, description: …}`)
def nested_text_leaf(leaves: list[str], columns: list[list[str]], ts: TypingSettings = DEFAULT.typing) -> str | None:
    """The one leaf of a nested object that is its text, when the object is a text with extras beside it
    (`comment: {doc: "Official Documentation @ …", description: "…"}`): typed as a small table of its own, its
    leaves give exactly one field, a message or a description, and the rest stay extra. Then the object stands
    for that text, and its header (`comment`) is read with the entry's other keys. None when the object holds
    more than a text (`error: {code: …, message: …}`): its leaves are columns of their own."""
    typing = type_columns(leaves, columns, ts)
    named = [(i, f) for i, f in enumerate(typing.fields) if f not in (None, ROW_NUMBER)]
    if len(named) == 1 and named[0][1] in ("message", "description"):
        return leaves[named[0][0]]
    return None
