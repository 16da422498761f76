"""Collapsed rows: a table scraped from a web page whose cell separators became single spaces.

    Error Code HTTP Status Code Error Message Description Returned By        ← header, phrases run together
    201 400 A user with the same username already exists. Register user, Update user The name of …

The header (when there is one) is split into known column phrases. Each row is then cut into one cell per
column by a bounded search over the places a cell may end (a sentence end, a capitalised word, a number), every
cut scored by how well each cell fits its column (`columns.cell_fit`, the per-value side of the typing stage),
what other sources of the catalog give for the code (sure evidence), the vocabulary of operation names
learned from the rows' own comma lists, and the lengths of the texts each column holds. Which column order the
rows really follow — the header's, the header's with two columns swapped, or, with no header at all, an order
of the fields the rows show — is chosen by how well the resulting columns fit their fields over the whole
table (`columns.shape_scores`); a header that says otherwise is reported. The columns then go through the
typing stage like any table's. Lines between rows that are short labels are group rows (the category of the
rows below them). Every split not confirmed by another source or a clear margin is reported as uncertain.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from bisect import bisect_right
from functools import lru_cache
from itertools import permutations

from ..columns import cell_fit, header_field, key_token_shape, name_token, shape_scores
from ..documents import Document
from ..errors import InputError
from ..model import Conflict, Hints, Layout, Loc, Note, Parsed, conflict_value, unparsed
from . import Context, LayoutRule
from ..patterns import CLAUSE_END, SENTENCE_END, SENTENCE_START, STATUS, ident_words
from ..settings import DEFAULT, Settings
from ..text import FUNCTION_WORDS, collapse, loose_text
from .table import Row, footnote_notes, table_records

TEXT_FIELDS = ("name", "message", "operations", "description")
SENTENCE_FIELDS = ("message", "description")
SPLIT_FIELDS = ("code", "http_status", "name", "message", "description", "operations", "category")
ONE_WORD_FIELDS = ("code", "http_status", "name")
MAX_ITEM_WORDS = DEFAULT.split.max_item_words


def _phrase_fields(phrase: str) -> tuple[str | None, ...]:
    """The fields a header phrase may name: its own, and for a lone `Error` also the name (`Error Number Error
    HTTP Code`: the code column, then the name column headed `Error`)."""
    fld = header_field(phrase)
    return (fld, "name") if phrase.lower() == "error" and fld != "name" else (fld,)


def header_readings(line: str, settings: Settings = DEFAULT, keep: int = 4,
                    error_names: bool = False) -> list[list[str]]:
    """The ways the header's words cut into as many column phrases as possible, each naming a different
    field, the plainest first (`Error Name Message Error Code Description` reads as `Error Name | Message |
    Error Code | Description` or as `Error | Name | Message | Error Code Description`: the rows decide)."""
    words = line.split()
    if not 2 <= len(words) <= settings.split.max_header_words or "\t" in line:
        return []
    # per end word: the `keep` best readings so far, by (phrases, -sum of squared phrase lengths)
    best: dict[int, list[tuple[int, int, list[str], frozenset]]] = {0: [(0, 0, [], frozenset())]}
    for end in range(1, len(words) + 1):
        options = []
        for start in range(max(0, end - settings.split.max_phrase_words), end):
            phrase = " ".join(words[start:end])
            for fld in (_phrase_fields(phrase) if error_names else (header_field(phrase),)):
                if fld not in SPLIT_FIELDS:
                    continue
                for count, loose, phrases, used in best.get(start, []):
                    if fld not in used:
                        options.append((count + 1, loose - (end - start) ** 2, phrases + [phrase], used | {fld}))
        if options:
            options.sort(key=lambda o: (-o[0], -o[1]))
            best[end] = options[: keep * 2]
    # two phrases will do ("Code Description"), so long as one is the code and one a text to split into
    final = best.get(len(words), [])
    return [found[2] for found in final[:keep]
            if found[0] == final[0][0] and found[0] >= 2 and "code" in found[3] and found[3] & set(TEXT_FIELDS)]


def split_header(line: str, settings: Settings = DEFAULT) -> list[str] | None:
    """The header's words cut into as many column phrases as possible, each naming a different field (the
    first such reading, left to right); `header_readings` gives the others."""
    words = line.split()
    if not 2 <= len(words) <= settings.split.max_header_words or "\t" in line:
        return None
    best: dict[int, tuple[int, list[str], frozenset]] = {0: (0, [], frozenset())}
    for end in range(1, len(words) + 1):
        options = []
        for start in range(max(0, end - settings.split.max_phrase_words), end):
            if start not in best:
                continue
            phrase = " ".join(words[start:end])
            fld = header_field(phrase)
            count, phrases, used = best[start]
            if fld in SPLIT_FIELDS and fld not in used:
                options.append((count + 1, phrases + [phrase], used | {fld}))
        if options:
            best[end] = max(options, key=lambda o: o[0])
    found = best.get(len(words))
    # two phrases will do ("Code Description"), so long as one is the code and one a text to split into
    if not found or found[0] < 2 or "code" not in found[2] or not found[2] & set(TEXT_FIELDS):
        return None
    return found[1]


def header_variants(header: list[str]) -> list[list[str]]:
    """`Error` heads the code alone and the name beside another code column (`Fault Code Error`,
    `Error Number Error`): where a phrase reads the same without a leading or trailing `Error` and no phrase
    names the name, the header may also be read with `Error` as the name column. The values decide."""
    fields = [header_field(p) for p in header]
    if "name" in fields:
        return []
    out = []
    for i, phrase in enumerate(header):
        words = phrase.split()
        if len(words) < 2:
            continue
        for err, rest, first in ((words[0], words[1:], True), (words[-1], words[:-1], False)):
            if err.lower() == "error" and header_field(" ".join(rest)) == fields[i]:
                parts = [err, " ".join(rest)] if first else [" ".join(rest), err]
                out.append(header[:i] + parts + header[i + 1:])
    return out


# ---------------------------------------------------------------------------------------------- row model
def _items(text: str) -> list[str]:
    return [t.strip() for t in text.split(",")]


@dataclass
class Model:
    """What the table as a whole says about its columns: evidence for cutting any one row."""

    vocabulary: set[str] = field(default_factory=set)  # operation names the rows' comma lists prove
    categories: set[str] = field(default_factory=set)  # labels repeated down a category column
    lengths: dict[str, float] = field(default_factory=dict)  # mean words per text column
    strict: bool = False  # no header vouches for the rows: every text cell must end a sentence
    settings: Settings = DEFAULT
    key_coded: bool = False  # the key column holds codes (numbers, hex, prefixed), so a bare word is no key
    ends: dict[str, float] = field(default_factory=dict)  # per text column: the share of its texts that end a sentence
    seen: dict[str, Counter] = field(default_factory=dict)  # per text column: how often each sentence stands in it
    # per text column: how often each sentence stands in it with the row's own name words masked (`The * is
    # down for maintenance.`), so a sentence template the table repeats votes though its noun changes
    templates: dict[str, Counter] = field(default_factory=dict)
    tails: set[str] = field(default_factory=set)  # sentences the table repeats only after another in their cell
    one_sentence: float = 0.0  # the share of messages (beside a description) that are one sentence
    # each cell's score once per model: every candidate order cuts the sample rows into the same cells again, and
    # rows repeat cells (`Create user`). (field, key_coded, text) → score, or (…, row, start, end) for a long
    # cell, whose text is not worth keeping; cleared when it grows past _MAX_REMEMBERED
    scores: dict = field(default_factory=dict, repr=False, compare=False)
    votes: dict | None = field(default=None, repr=False, compare=False)  # `_votes`, made on first use


def _sentences(words: list[str]) -> int:
    return sum(1 for w in words if SENTENCE_END.search(w))


def cell_score(fld: str, words: list[str], model: Model, sentences: int | None = None) -> float | None:
    """How plausible `words` are as this column's cell; None where they cannot be. `sentences`: how many of the
    words end a sentence, where the caller knows (`split_row` counts them once per row)."""
    st = model.settings.split
    if not words:
        return None if fld == "code" else -st.blank_cost
    text = " ".join(words)
    if fld in ONE_WORD_FIELDS:
        if len(words) != 1:
            return None
        fit = cell_fit(fld, text, model.settings.typing)
        if fld == "code" and model.key_coded and key_token_shape(text) == "symbolic":
            return None
        return None if not fit else WORD_WEIGHT[fld] * fit
    if fld == "operations":
        items = _items(text)
        if any(not it or len(it.split()) > st.max_item_words or SENTENCE_END.search(it) for it in items):
            return None
        return float(sum(KNOWN_ITEM if _loose_item(it) in model.vocabulary else -1 for it in items))
    if fld == "category":
        if len(words) > model.settings.typing.label_words or CLAUSE_END.search(text):
            return None
        return 1.0 + (KNOWN_LABEL if loose_text(text) in model.categories else 0.0)
    # message, description
    ends = bool(SENTENCE_END.search(words[-1]))
    if not ends and (model.strict or words[-1].endswith(",") and model.ends.get(fld, 0.0) >= st.comma_end_share):
        return None  # the column's texts end their sentences: a cell that ends on a comma is a list's item
    score = ENDS_SENTENCE if ends else 0.0
    if model.seen:
        score += sentence_evidence(fld, text, model)
    if fld == "message":
        score -= st.extra_sentence_cost * max(0, (_sentences(words) if sentences is None else sentences) - 1)
    else:
        score += 1 if SENTENCE_START.match(text) else -1
    return score


# what `cell_score` gives at most: a one-word cell its weight times its fit (0..1), a known operation name or
# category label its bonus, a text that ends a sentence its gain
WORD_WEIGHT = {"code": 3.0, "http_status": 2.0, "name": 2.0}
KNOWN_ITEM, KNOWN_LABEL, ENDS_SENTENCE = 2, 2.0, 3.0


def cell_cap(fld: str, commas: int, sentences: int, model: Model) -> float:
    """No cell of `fld` cut from a row with this many commas and sentence ends scores more than this under
    `model` (`cell_score`, term by term): the order search drops an order whose best possible total is already
    beaten, so this must never be below a score `cell_score` can give."""
    st = model.settings.split
    if fld in ONE_WORD_FIELDS:
        cap = WORD_WEIGHT[fld]
    elif fld == "operations":
        cap = float(max(KNOWN_ITEM, -1) * (commas + 1))  # one item per comma, and one more
    elif fld == "category":
        cap = 1.0 + max(KNOWN_LABEL, 0.0)
    else:
        # each sentence of the cell votes at most the evidence weight; a description may start like a sentence
        cap = max(ENDS_SENTENCE, 0.0) + (abs(st.sentence_evidence_weight) * sentences if model.seen else 0.0) \
            + (1.0 if fld == "description" else max(0.0, -st.extra_sentence_cost) * sentences)
    return cap if fld == "code" else max(cap, -st.blank_cost)


_MISSING = object()
_loose_item = lru_cache(maxsize=65_536)(loose_text)  # operation names repeat down the column and across cuts
_MAX_REMEMBERED = 200_000  # cell scores a model keeps (a bounded memory, whatever the document's size)
_TEXT_KEY_WORDS = 40  # a cell of up to this many words is remembered by its text, a longer one by its place


_loose = lru_cache(maxsize=65_536)(loose_text)  # a row's texts recur in every cut tried over it


def _sentence_list(text: str) -> list[str]:
    out, cur = [], []
    for w in text.split():
        cur.append(w)
        if SENTENCE_END.search(w):
            out.append(_loose(" ".join(cur)))
            cur = []
    return out


def sentence_evidence(fld: str, text: str, model: Model) -> float:
    """Sentences the table repeats (a stock sentence, a template without a noun) stand in one text column
    rather than the other: each such sentence votes for the column it was seen in."""
    votes = _votes(model)[fld]
    if not votes:  # no sentence the table repeats: nothing to look for in the text
        return 0.0
    score = 0.0
    for sent in _sentence_list(text):
        vote = votes.get(sent)
        if vote is not None:
            score += vote
    return score


def _votes(model: Model) -> dict[str, dict[str, float]]:
    """Per text column, the vote of each sentence the table repeats (seen at least 3 times in its two text
    columns): worked out once per model, not once per candidate cell."""
    if model.votes is None:
        model.votes = {}
        for fld, other in (("message", "description"), ("description", "message")):
            mine, theirs = model.seen.get(fld, Counter()), model.seen.get(other, Counter())
            model.votes[fld] = {sent: model.settings.split.sentence_evidence_weight * (2 * a / (a + b) - 1)
                                for sent in (mine.keys() | theirs.keys())
                                for a, b in [(mine[sent], theirs[sent])] if a + b >= 3}
    return model.votes


def length_misfit(fld: str, text: str, model: Model) -> float:
    """How far a text's length is from its column's mean (0 when the column's texts are not known yet)."""
    mean = model.lengths.get(fld)
    if not mean or not text:
        return 0.0
    return model.settings.split.length_weight * abs(math.log((len(text.split()) + 1) / (mean + 1)))


def settle_lone_text(cells: dict[str, str], model: Model) -> float | None:
    """A row with a message and a description column but one text: which of the two it is, told by its length
    against each column's texts (a blank cell leaves nothing else to tell them apart). Moves the text where it
    fits better; returns by how much, or None where the row is not such a case."""
    if "message" not in cells or "description" not in cells or bool(cells["message"]) == bool(cells["description"]):
        return None
    text = cells["message"] or cells["description"]
    as_msg, as_desc = length_misfit("message", text, model), length_misfit("description", text, model)
    if not model.lengths:
        return None
    if as_msg <= as_desc:
        cells["message"], cells["description"] = text, ""
    else:
        cells["message"], cells["description"] = "", text
    return abs(as_msg - as_desc)


def _template(sentence: str, name: str) -> str:
    """A sentence with the words of its row's name masked, case and punctuation left out: the sentence's
    template (`The * is locked`), the same whichever entity the row is about."""
    stems = {w[:4] for w in ident_words(name) if len(w) > 2} if name else set()
    out = []
    for w in sentence.split():
        bare = loose_text(w)
        out.append("*" if bare and bare[:4] in stems else bare)
    return " ".join(out)


def _sentence_texts(text: str) -> list[str]:
    out, cur = [], []
    for w in text.split():
        cur.append(w)
        if SENTENCE_END.search(w):
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def settle_texts(cells: dict[str, str], order: tuple[str, ...], model: Model) -> float | None:
    """Which sentences of a row's text are the message and which the description, told by what the table's
    rows with both cells filled show about each column: a message is one sentence (where the table's messages
    are), a sentence the table repeats only after another in its cell never starts a cell, and a sentence
    template (the row's name words masked) seen in one column votes for it; lengths decide what is left.
    Rewrites the two cells; returns the margin over the next best reading, or None where the row is not such a
    case (the two columns not side by side, or the text not cut at a sentence end)."""
    if "message" not in cells or "description" not in cells or not model.templates:
        return None
    i, j = order.index("message"), order.index("description")
    if abs(i - j) != 1:
        return None
    first, second = ("message", "description") if i < j else ("description", "message")
    text = " ".join(t for t in (cells[first], cells[second]) if t)
    sents = _sentence_texts(text)
    if not sents or not SENTENCE_END.search(sents[-1].split()[-1]) or len(sents) > 12:
        return None
    st = model.settings.split
    name = cells.get("name", "")
    keys = [_template(x, name) for x in sents]
    looses = [loose_text(x) for x in sents]

    def vote(k: str, fld: str) -> float:
        other = "description" if fld == "message" else "message"
        a, b = model.templates[fld][k], model.templates[other][k]
        return st.sentence_evidence_weight * (2 * a / (a + b) - 1) if a + b >= 2 else 0.0

    scored = []
    for c in range(len(sents) + 1):
        parts = {first: sents[:c], second: sents[c:]}
        msg, desc = parts["message"], parts["description"]
        lo = 0 if first == "message" else c
        msg_keys = keys[lo:lo + len(msg)] if first == "message" else keys[c:]
        desc_keys = keys[c:] if first == "message" else keys[:c]
        msg_loose = looses[:c] if first == "message" else looses[c:]
        desc_loose = looses[c:] if first == "message" else looses[:c]
        score = 0.0
        for fld, part in (("message", msg), ("description", desc)):
            if not part:
                score -= st.lone_text_blank_cost
        if len(msg) > 1:
            score -= st.extra_sentence_cost * (len(msg) - 1) * (1 + 4 * model.one_sentence)
        for loose in (msg_loose[:1] + desc_loose[:1]):
            if loose in model.tails:
                score -= st.tail_start_cost
        score += sum(vote(k, "message") for k in msg_keys) + sum(vote(k, "description") for k in desc_keys)
        score -= length_misfit("message", " ".join(msg), model) + length_misfit("description", " ".join(desc), model)
        scored.append((score, c, parts))
    scored.sort(key=lambda t: -t[0])
    best = scored[0]
    cells[first], cells[second] = " ".join(best[2][first]), " ".join(best[2][second])
    return best[0] - scored[1][0] if len(scored) > 1 else None


def cut_places(words: list[str]) -> list[int]:
    """The places inside a row where a cell may begin: after a sentence end, or at a capitalised word, a number
    or a quote — never right after a word no cell ends with (`The`, `of`: the sentence goes on). Worked out
    once per row and handed to `split_row` by every order and pass that cuts the same row."""
    out, search = [], SENTENCE_END.search
    for i in range(1, len(words)):
        before, first = words[i - 1], words[i][:1]
        if before.lower() in FUNCTION_WORDS:
            continue
        if first.isupper() or first.isdigit() or first in "\"'*-" or search(before):
            out.append(i)
    return out


@dataclass
class Split:
    cells: dict[str, str]
    score: float
    confirmed: bool  # another source gives exactly these cells


def split_row(words: list[str], order: tuple[str, ...], model: Model, keep: int = 3,
              cuts: list[int] | None = None, cache: dict | None = None,
              kept: set | None = None) -> list[tuple[float, tuple]]:
    """The best `keep` cuts of a row's words into the columns of `order` (score, cut positions), best first.
    Dynamic programming over (column, word): each state keeps its `keep` best partial cuts, and each cell has
    a bounded number of ends, so the work is linear in the words of the row; a row of more than
    `max_row_words` words is not searched at all, and each cell is scored once per model (`Model.scores`).
    `cuts` are the row's `cut_places` when the caller has them; `cache` ((field, start, end) → score) is the
    row's own memory of its cells under this model, for a caller that cuts the same row in many orders;
    `kept` collects the text fields of which a cell that ends on a comma was ever kept as a partial cut (the
    cells a refined model may rule out: see `same_cuts`).
    Among partial cuts of equal score the one found first stays first (the order states and ends are tried
    in), so the result is the same whoever calls."""
    n, k = len(words), len(order)
    st = model.settings.split
    if n > st.max_row_words:  # too long to be a row: never searched (see `parse`)
        return []
    if cuts is None:
        cuts = cut_places(words)
    memo, coded, row, stops = model.scores, model.key_coded, None, None
    max_cuts = st.max_cell_cuts
    limits = {"operations": st.max_list_words, "category": model.settings.typing.label_words}
    states: dict[int, list[tuple[float, tuple]]] = {0: [(0.0, ())]}
    for j, fld in enumerate(order):
        nxt: dict[int, list[tuple[float, tuple]]] = {}
        last, one_word, blank = j == k - 1, fld in ONE_WORD_FIELDS, fld != "code"
        limit = limits.get(fld, n)
        listed, message = fld == "operations", fld == "message"
        if stops is None and (listed or message):
            stops = [0]  # sentence ends among the row's first i words, for every i
            for w in words:
                stops.append(stops[-1] + 1 if SENTENCE_END.search(w) else stops[-1])
        commas = kept is not None and fld in SENTENCE_FIELDS and fld not in kept
        for p, partials in states.items():
            # where a cell that starts at p may end: blank (p itself), one word, or up to `max_cell_cuts` cuts
            if last:
                ends = (n,) if p < n else ((p,) if blank else ())
            elif one_word:
                ends = ((p, p + 1) if blank else (p + 1,)) if p < n else ((p,) if blank else ())
            else:
                at = bisect_right(cuts, p)
                ends = [q for q in cuts[at: at + max_cuts] if q - p <= limit]
                if blank:
                    ends.insert(0, p)
            for q in ends:
                s = _MISSING if cache is None else cache.get((fld, p, q), _MISSING)
                if s is _MISSING:
                    if listed and q > p and stops[q] > stops[q - 1]:
                        continue  # its last item ends a sentence: no list (`cell_score`), looked up or not
                    if q - p <= _TEXT_KEY_WORDS:
                        key = (fld, coded, " ".join(words[p:q]))
                    else:
                        row = " ".join(words) if row is None else row
                        key = (fld, coded, row, p, q)
                    s = memo.get(key, _MISSING)
                    if s is _MISSING:
                        if len(memo) >= _MAX_REMEMBERED:
                            memo.clear()
                        s = memo[key] = cell_score(fld, words[p:q], model, stops[q] - stops[p] if message else None)
                    if cache is not None:
                        cache[(fld, p, q)] = s
                if s is None:
                    continue
                if commas and q > p and words[q - 1][-1] == ",":
                    kept.add(fld)  # (marked when tried: a superset of the cells kept, which is all it needs)
                    commas = False
                bucket = nxt.get(q)
                if bucket is None:
                    nxt[q] = [(score + s, done + (q,)) for score, done in partials] if len(partials) <= keep \
                        else [(score + s, done + (q,)) for score, done in partials[:keep]]
                    continue
                # the bucket stays best first, a new cut after every one it ties with, `keep` long at most;
                # partials come best first, so once one cannot enter neither can the rest
                for score, done in partials:
                    v = score + s
                    if len(bucket) >= keep and v <= bucket[-1][0]:
                        break
                    at = len(bucket)
                    while at and bucket[at - 1][0] < v:
                        at -= 1
                    bucket.insert(at, (v, done + (q,)))
                    del bucket[keep:]
        if not nxt:
            return []
        states = nxt
    return states.get(n, [])


def cells_of(words: list[str], order: tuple[str, ...], cuts: tuple) -> dict[str, str]:
    bounds = (0, *cuts)
    return {f: " ".join(words[a:b]) for f, a, b in zip(order, bounds, bounds[1:])}


def best_splits(line: str, order: tuple[str, ...], model: Model, references: list[dict],
                places: list[int] | None = None, kept: set | None = None) -> list[Split]:
    """The row's best cuts (`split_row`) as cells, a cut that another source gives exactly first; `places` are
    the row's `cut_places` when the caller has them (both passes over the rows cut the same row)."""
    words = line.split()
    return confirm([Split(cells_of(words, order, cuts), score, False)
                    for score, cuts in split_row(words, order, model, cuts=places, kept=kept)], references)


def confirm(splits: list[Split], references: list[dict]) -> list[Split]:
    """The splits, each confirmed where another source gives exactly its cells (and then first)."""
    out = []
    for split in splits:
        cells = dict(split.cells)
        confirmed = any(all(_loose(ref.get(f, "") if not isinstance(ref.get(f), list) else ", ".join(ref[f]))
                            == _loose(v) for f, v in cells.items() if f in TEXT_FIELDS and f != "name")
                        and _loose(str(ref.get("code", ""))) == _loose(cells.get("code", ""))
                        for ref in references)
        out.append(Split(cells, split.score + (100 if confirmed else 0), confirmed))
    return sorted(out, key=lambda s: -s.score)


def same_cuts(words: list[str], order: tuple[str, ...], before: Model, after: Model, kept: set) -> bool:
    """Whether `after` (the refined model) scores every cell that matters in this row as `before` (the first
    pass's) did, so the first pass's cuts stand and the row need not be searched again. The refined model
    changes three things in `cell_score`: category labels, the rule that a text column whose texts end
    sentences takes no cell ending on a comma (which only matters where the first pass kept such a cell:
    `kept`), and the votes of the sentences the table repeats (which only matter where one of them can stand
    in the row: every run of words that ends a sentence is looked up)."""
    if not (before.settings is after.settings and before.vocabulary is after.vocabulary and before.strict ==
            after.strict and before.key_coded == after.key_coded and not before.seen and not before.votes):
        return False
    if "category" in order and before.categories != after.categories:
        return False
    share = after.settings.split.comma_end_share
    texts = [f for f in order if f in SENTENCE_FIELDS]
    for f in texts:
        rule = before.ends.get(f, 0.0) >= share, after.ends.get(f, 0.0) >= share
        if rule[0] and not rule[1] or rule[1] and not rule[0] and f in kept:
            return False
    voters = set().union(*(_votes(after)[f] for f in texts)) if texts and after.seen else set()
    if not voters:
        return True
    prev = -1  # a sentence of a cell starts after the row's previous sentence end, or where the cell does
    for e, word in enumerate(words):
        if SENTENCE_END.search(word):
            run = ""  # loose text joins words without spaces: a run's is its words' loose texts end to end
            for start in range(e, prev, -1):
                run = _loose(words[start]) + run
                if run in voters:
                    return False
            prev = e
    return True


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


def refine(model: Model, splits: list[dict[str, str]]) -> Model:
    """A second look with what the first cut of every row shows: the texts' mean lengths (only where a column
    has two texts to tell apart), which sentences each text column repeats, whether its texts end sentences,
    and the labels a category column repeats (the shortest form: `Account errors`, not `ID Account errors`)."""
    lengths, seen, ends = {}, {}, {}
    both = [c for c in splits if c.get("message") and c.get("description")]
    if both:
        for f in ("message", "description"):
            lengths[f] = sum(len(c[f].split()) for c in both) / len(both)
            seen[f] = Counter(sent for c in both for sent in _sentence_list(c[f]))
    for f in ("message", "description"):
        texts = [c[f] for c in splits if c.get(f)]
        if texts:
            ends[f] = sum(1 for t in texts if SENTENCE_END.search(t)) / len(texts)
    counts = Counter(loose_text(c["category"]) for c in splits if c.get("category"))
    labels = {c for c, n in counts.items() if n >= 2}
    labels = {c for c in labels if not any(c != o and c.endswith(" " + o) for o in labels)}
    templates: dict[str, Counter] = {}
    tails: set[str] = set()
    one = 0.0
    if both:
        templates = {f: Counter(_template(x, c.get("name", "")) for c in both for x in _sentence_texts(c[f]))
                     for f in ("message", "description")}
        one = sum(1 for c in both if len(_sentence_texts(c["message"])) == 1) / len(both)
        # sentences seen at least twice in the table's descriptions and never first in their cell
        at: dict[str, list[int]] = {}
        for c in both:
            for k, x in enumerate(_sentence_texts(c["description"])):
                at.setdefault(loose_text(x), []).append(k)
        tails = {x for x, ks in at.items() if len(ks) >= 2 and min(ks) > 0}
    return Model(model.vocabulary, labels, lengths, model.strict, model.settings, model.key_coded, ends, seen,
                 templates, tails, one)


# ---------------------------------------------------------------------------------------------- column orders
def candidate_orders(fields: tuple[str, ...], settings: Settings) -> list[tuple[str, ...]]:
    """The header's order first, then that order with two columns swapped."""
    out = [fields]
    for i in range(len(fields)):
        for j in range(i + 1, len(fields)):
            o = list(fields)
            o[i], o[j] = o[j], o[i]
            if tuple(o) not in out:
                out.append(tuple(o))
    return out[: settings.split.max_orders]


def headerless_orders(lines: list[str], settings: Settings) -> list[tuple[str, ...]]:
    """With no header, the fields the rows show — a code always, a name, a status, a comma list, a label at the
    end, one or two texts — in every order (two texts keep theirs: the typing stage tells them apart)."""
    rows = [ln.split() for ln in lines]
    share = lambda pred: sum(1 for r in rows if pred(r)) / max(1, len(rows))  # noqa: E731
    fields = ["code"]
    if share(lambda r: sum(1 for w in r if name_token(w)) >= 1) >= 0.3:
        fields.append("name")
    if share(lambda r: sum(1 for w in r if STATUS.fullmatch(w)) >= 2 or
             any(STATUS.fullmatch(w) for w in r[1:])) >= 0.3:
        fields.append("http_status")
    if share(lambda r: any(w.endswith(",") and i + 1 < len(r) and r[i + 1][:1].isupper()
                           for i, w in enumerate(r))) >= 0.3:
        fields.append("operations")
    if share(lambda r: not SENTENCE_END.search(r[-1])) >= 0.5:
        fields.append("category")
    texts = [("description",)] if _one_text_column(rows, settings) else [("description",), ("message", "description")]
    out = []
    for t in texts:
        for perm in permutations(fields + list(t)):
            if "message" in perm and perm.index("message") > perm.index("description"):
                continue
            out.append(perm)
            if len(out) >= settings.split.max_orders:
                return out
    return out


def _one_text_column(rows: list[list[str]], settings: Settings) -> bool:
    """With no header: do the rows' texts hold one column, not a message and a description? A message column
    is short: its sentence is clearly shorter than the sentence that follows it. Where the rows' first sentences
    are about as long as their second ones (and most rows have two), the first sentence is no column of its
    own."""
    firsts, seconds = [], []
    for r in rows:
        k = 0
        while k < len(r) and (key_token_shape(r[k]) not in (None, "symbolic") or STATUS.fullmatch(r[k])
                              or name_token(r[k])):
            k += 1
        sents = _sentence_texts(" ".join(r[k:]))
        if len(sents) >= 3 or len(sents) == 2 and SENTENCE_END.search(sents[1].split()[-1]):
            firsts.append(len(sents[0].split()))
            seconds.append(len(sents[1].split()))
    if len(firsts) < max(2, settings.split.one_text_rows * len(rows)):
        return False
    return sum(firsts) >= settings.split.message_length_ratio * sum(seconds)


UNSPLIT_COST = 10.0  # what a sample row that an order cannot cut at all costs that order


@dataclass
class SampleRow:
    """A row the order search reads: its words and cut places worked out once, its cells' scores and its best
    cut per order remembered across the candidate orders (one model throughout a search; a bounded sample, so
    a bounded memory)."""

    words: list[str]
    cuts: list[int]
    commas: int  # bound the score of an operations cell (`cell_cap`)
    sentences: int  # … and of a text cell where the model knows sentences
    scores: dict = field(default_factory=dict)  # (field, start, end) → `cell_score`, shared with `split_row`
    found: dict = field(default_factory=dict)  # order → its best cut of the row (`split_row`, keep=1)
    caps: dict = field(default_factory=dict)  # set of fields → the most a cut into them scores here

    @classmethod
    def of(cls, line: str) -> "SampleRow":
        words = line.split()
        return cls(words, cut_places(words), line.count(","), sum(1 for w in words if SENTENCE_END.search(w)))

    def best(self, order: tuple[str, ...], model: Model) -> list[tuple[float, tuple]]:
        found = self.found.get(order)
        if found is None:
            found = self.found[order] = split_row(self.words, order, model, keep=1, cuts=self.cuts,
                                                  cache=self.scores)
        return found

    def cap(self, fields: frozenset, model: Model) -> float:
        """The most a cut of this row into these fields scores, in any order (`cell_cap` per cell)."""
        cap = self.caps.get(fields)
        if cap is None:
            cap = self.caps[fields] = sum(cell_cap(f, self.commas, self.sentences, model) for f in sorted(fields))
        return cap


def order_fit(order: tuple[str, ...], lines: list, model: Model, hints: Hints, beat: float | None = None
              ) -> float | None:
    """How well `order` reads a sample of rows (lines, or `SampleRow`s): each row's best cut, plus how well every
    resulting column fits its field over the whole column (the typing stage's `shape_scores`). With `beat`,
    None as soon as the order cannot reach it: its rows so far plus the most the other rows could add
    (`SampleRow.cap`) and the columns' fit (`shape_scores` are 0..1, times one value per row) fall short."""
    st = model.settings.split
    rows = [line if isinstance(line, SampleRow) else SampleRow.of(line) for line in lines]
    total, columns = 0.0, {f: [] for f in order}
    if beat is not None:
        # `shape_scores` are 0..1 (a share of the values times a weight of at most 1), one value per row
        column_cap = max(0.0, st.column_fit_weight) * len(order)
        fields = frozenset(order)
        caps = [max(-UNSPLIT_COST, r.cap(fields, model) + column_cap) for r in rows]
        after = [0.0] * (len(rows) + 1)  # what the rows after each row can add at most
        for i in range(len(rows) - 1, -1, -1):
            after[i] = after[i + 1] + caps[i]
        margin = 1e-6 * (1.0 + abs(beat))  # the bound is summed in another order than the total: no near tie is cut
    done = 0
    for i, r in enumerate(rows):
        found = r.best(order, model)
        if not found:
            total -= UNSPLIT_COST
        else:
            total += found[0][0]
            done += 1
            for f, v in cells_of(r.words, order, found[0][1]).items():
                columns[f].append(v)
        if beat is not None and total + after[i + 1] + column_cap * done < beat - margin:
            return None
    for f, vals in columns.items():
        scores = shape_scores(vals, model.settings.typing)
        if not scores:
            continue
        fit = max(scores.get("message", 0), scores.get("description", 0)) if f in ("message", "description") \
            else scores.get(f, 0.0)
        if f == "code":
            fit = max(fit, scores.get("token", 0.0) * 0.9)
        total += st.column_fit_weight * fit * len(vals)
    return total


def choose_order(orders: list[tuple[str, ...]], lines: list[str], model: Model, hints: Hints) -> tuple[str, ...]:
    """The order that reads a sample of the rows best (`order_fit`), the header's (the first) unless another
    reads them clearly better (by `order_override_gain` per row); ties go to the earlier order. The other orders
    are judged those that read the first rows best first, and an order that can no longer beat the best so far
    is dropped unfinished; the header's is judged last, dropped once it cannot come within the gain of that
    best. The choice is the same as judging every order on every sample row."""
    st = model.settings.split
    sample = [SampleRow.of(ln) for ln in lines[:: max(1, len(lines) // st.order_sample_rows)]]
    gain = st.order_override_gain * len(sample)
    look = sample[: st.order_preview_rows]
    preview = {i: sum(r.best(orders[i], model)[0][0] if r.best(orders[i], model) else -UNSPLIT_COST
                      for r in look) for i in range(1, len(orders))}
    best, at = None, 0
    for i in sorted(preview, key=lambda i: (-preview[i], i)):
        fit = order_fit(orders[i], sample, model, hints, beat=best)
        if fit is not None and (best is None or fit > best or fit == best and i < at):
            best, at = fit, i
    first = order_fit(orders[0], sample, model, hints, beat=None if best is None else best - gain)
    if first is None:  # cannot come within the gain of the best: the best overrules the header
        return orders[at]
    if best is None or first >= best:
        return orders[0]
    if orders[at] != orders[0] and best - first < gain:
        return orders[0]
    return orders[at]


# ---------------------------------------------------------------------------------------------- finding the table
def _key_words(line: str) -> bool:
    return any(key_token_shape(w) not in (None, "symbolic") for w in line.split())


def find_header(lines: list[str], settings: Settings = DEFAULT) -> tuple[int, list[str]] | None:
    for i, line in enumerate(lines):
        header = split_header(line, settings)
        if not header:
            continue
        fields = tuple(header_field(p) for p in header)
        model = Model(settings=settings)
        orders = candidate_orders(fields, settings)
        # rows that some order cuts, counted until there are enough (each row's cells scored once for all orders)
        rows, need = 0, settings.detection.min_rows_after_header
        for ln in lines[i + 1:i + 6]:
            if rows >= need:
                break
            if ln.strip():
                row = SampleRow.of(ln)
                rows += any(row.best(o, model) for o in orders)
        if rows >= need:
            return i, header
    return None


def find_headerless(lines: list[str], settings: Settings = DEFAULT) -> tuple[int, int] | None:
    """The first run of lines that each hold a code (a number, hex, prefixed: not a bare word) and a whole
    sentence, allowing short labels between them (group rows): (first line, end)."""
    def row_like(ln: str) -> bool:
        words = ln.split()
        return len(words) >= 3 and _key_words(ln) and any(SENTENCE_END.search(w) for w in words[1:]) and \
            SENTENCE_END.search(words[-1]) is not None or (len(words) >= 3 and _key_words(ln) and "," in ln)

    start, count, end = None, 0, None
    for i, ln in enumerate(lines):
        if row_like(ln):
            if start is None:
                start = i
            count += 1
            end = i + 1
        elif ln.strip() and start is not None and not _label(ln, settings):
            break
    if start is None or count < settings.detection.min_rows_after_header:
        return None
    return start, end


def _label(line: str, settings: Settings) -> bool:
    words = line.split()
    return 0 < len(words) <= settings.typing.label_words and not CLAUSE_END.search(line.strip()) and \
        any(ch.isalpha() for ch in line)


def sniff(doc: Document) -> float:
    if doc.is_pdf or "\t" in doc.text:
        return 0.0
    head = doc.lines[:DEFAULT.detection.head_lines]
    if find_header(head):  # the header stands near the top
        return 0.9
    return DEFAULT.split.headerless_confidence if find_headerless(head) else 0.0


# ---------------------------------------------------------------------------------------------- parse
def parse(doc: Document, ctx: Context) -> Parsed:
    catalog, hints, settings = ctx.catalog, ctx.hints, ctx.settings
    out = Parsed(doc.source, catalog, "collapsed")
    lines = doc.lines
    loc = lambda *ns: Loc(doc.source, doc.path, tuple(ns))  # noqa: E731
    found = find_header(lines, settings)
    if found is not None:
        h, header = found
        first = h + 1
        out.layout.append(Layout("table header (collapsed)", loc(h + 1)))
        fields = tuple(header_field(p) for p in header)
        orders = candidate_orders(fields, settings)
        readings: dict[tuple[str, ...], tuple[list[str], tuple[str, ...]]] = {}  # order → the header it reads
        for reading in header_readings(lines[h], settings)[1:]:
            orders += [o for o in candidate_orders(tuple(header_field(p) for p in reading), settings) if o not in orders]
        for variant in header_variants(header):
            named = tuple("name" if p.lower() == "error" else header_field(p) for p in variant)
            orders += [o for o in candidate_orders(named, settings) if o not in orders]
        # a lone `Error` may head the name column beside a code column named otherwise (`Error Number Error`)
        if "name" not in fields:
            for reading in header_readings(lines[h], settings, error_names=True):
                if not any(p.lower() == "error" for p in reading):
                    continue
                named = tuple("name" if p.lower() == "error" else header_field(p) for p in reading)
                if "code" in named and len(set(named)) == len(named):
                    for o in candidate_orders(named, settings):
                        if o not in orders:
                            orders.append(o)
                            readings[o] = (reading, named)
        orders = orders[: settings.split.max_orders]
        strict = False
    else:
        run = find_headerless(lines, settings)
        if run is None:  # only when the manifest forces this format on another layout
            raise InputError(doc.path, "no collapsed table here: no header line of column names followed by rows")
        h, header, first = run[0] - 1, [], run[0]
        orders = headerless_orders([ln for ln in lines[run[0]:run[1]] if _key_words(ln)], settings)
        strict = True
    out.notes += [Note("preamble", collapse(lines[i]), loc(i + 1)) for i in range(max(0, h if found else first))
                  if lines[i].strip()]

    body = [(i, lines[i]) for i in range(first, len(lines)) if lines[i].strip()]
    model = Model(learn_vocabulary([ln for _, ln in body], hints), strict=strict, settings=settings)
    sample = [ln for _, ln in body[: settings.detection.head_lines] if not _label(ln, settings)]
    order = choose_order(orders, sample, model, hints)
    keys = [cells_of(ln.split(), order, f[0][1])["code"] for ln in sample
            for f in [split_row(ln.split(), order, model, keep=1)] if f]
    model.key_coded = bool(keys) and sum(1 for k in keys if key_token_shape(k) not in (None, "symbolic")) \
        >= settings.typing.key_shape * len(keys)
    said = orders[0]
    if found is not None and order in readings:
        header, said = readings[order]
    if found is not None and order != said:
        for phrase, was, now in zip(header, said, order):
            if was != now:
                out.conflicts.append(Conflict(
                    kind="header_mismatch", catalog=catalog, field=now, severity="warning",
                    message=(f"The header names '{phrase}' where the rows hold {now}; the rows are split in the "
                             f"order {', '.join(order)}."),
                    values=[conflict_value(loc(h + 1), phrase),
                            conflict_value(loc(body[0][0] + 1) if body else loc(h + 1), now)],
                    resolution={"status": "auto", "value": now, "rule": "columns-typed-by-values"},
                    key=(doc.source, phrase, now)))

    # rows, group rows between them, then what follows the table
    # (each row's cut places are kept for the second pass, which cuts the same words under the refined model)
    first_pass: list[tuple[int, str, list[Split] | None, list[int]]] = []
    trailing: list[tuple[int, str]] = []
    too_long: list[tuple[int, str]] = []
    for j, (i, line) in enumerate(body):
        if trailing:
            trailing.append((i + 1, line))
            continue
        words = line.split()
        if len(words) > settings.split.max_row_words:  # said below; the rows after it are still rows
            too_long.append((i + 1, line))
            continue
        places, kept = cut_places(words), set()
        splits = best_splits(line, order, model, [], places, kept)
        if splits:
            first_pass.append((i, line, splits, places, kept))
        elif _label(line, settings) and j + 1 < len(body) and split_row(body[j + 1][1].split(), order, model, 1):
            first_pass.append((i, line, None, places, kept))  # a group row
        else:
            trailing.append((i + 1, line))
    first_model, model = model, refine(model, [s[0].cells for _, _, s, _, _ in first_pass if s])

    table_rows = []
    for i, line, splits, places, kept in first_pass:
        if splits is None:
            table_rows.append(Row([line.strip()], loc(i + 1), spanning=True))
            continue
        code0 = splits[0].cells["code"]
        references = hints.by_code.get(code0, [])
        # the second look: the row searched again under the refined model, unless that scores its cells alike
        if same_cuts(line.split(), order, first_model, model, kept):
            splits = confirm(splits, references)
        else:
            splits = best_splits(line, order, model, references, places) or splits
        best = splits[0]
        code = best.cells["code"]
        texts = [f for f in order if f not in ONE_WORD_FIELDS]
        # uncertain: a close alternative that cuts the same cells elsewhere, or a lone text that fits either
        # text column about as well
        filled = lambda s: tuple(bool(s.cells[f]) for f in order)  # noqa: E731
        runner_up = next((s for s in splits[1:] if s.cells != best.cells and filled(s) == filled(best)), None)
        lone = None
        if not best.confirmed:
            lone = settle_texts(best.cells, order, model)
            lone = settle_lone_text(best.cells, model) if lone is None else lone
        if len(texts) > 1 and not best.confirmed and (
                runner_up is not None and best.score - runner_up.score < settings.split.uncertain_margin
                or lone is not None and lone < settings.split.lone_text_margin):
            out.conflicts.append(_uncertain(catalog, code, loc(i + 1), line, best, splits[1:3], texts))
        table_rows.append(Row([best.cells[f] for f in order], loc(i + 1)))
    typed_header = [{"operations": "Returned by", "http_status": "HTTP status"}.get(f, f) for f in order] \
        if found is not None else [""] * len(order)
    out.records, conflicts = table_records(typed_header, table_rows, source=doc.source, catalog=catalog,
                                           header_loc=loc(h + 1 if found else first + 1))
    out.conflicts += conflicts
    footnotes, rest_lines = footnote_notes(trailing, doc, out.records)
    out.notes += footnotes
    for n, text in rest_lines:
        out.conflicts.append(unparsed(catalog, loc(n), text, "Text after the table that is not a footnote.", "info"))
    for n, text in too_long:
        out.conflicts.append(unparsed(catalog, loc(n), text, (
            f"A line of {len(text.split())} words inside the table: longer than any row the split search reads "
            f"({settings.split.max_row_words} words), so it was not cut into cells.")))
    return out


def _uncertain(catalog: str, code: str, where: Loc, rest: str, best: Split, others: list[Split],
               texts: list[str]) -> Conflict:
    shown = " | ".join(best.cells[f] for f in texts)
    alternatives = "; ".join(" | ".join(s.cells[f] for f in texts) for s in others)
    text = " ".join(rest.split())
    for f in best.cells:
        if f in ONE_WORD_FIELDS and best.cells[f] and text.startswith(best.cells[f] + " "):
            text = text[len(best.cells[f]) + 1:]
    return Conflict(
        kind="uncertain_split", catalog=catalog, code=code, severity="info",
        message=(f"The collapsed row of code {code} was split as [{shown}] by the document's own regularities; "
                 f"no other source confirms it" + (f" (next best: {alternatives})." if alternatives else ".")),
        values=[conflict_value(where, text)],
        resolution={"status": "auto", "value": {f: best.cells[f] for f in texts}, "rule": "split-by-document-regularities"},
        key=(where.source, text),
    )


RULE = LayoutRule("collapsed", sniff, parse, "web-scraped table whose cell separators became single spaces",
                  uses_hints=True)
