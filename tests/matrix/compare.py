"""Field-by-field comparison of what the toolkit read with what the document carries.

Normalised only as the contract allows: whitespace collapsed (so wrapped lines re-joined with one space), codes
compared as text, HTTP statuses as integers, operations as a set of names, and None / "" / [] all blank.

- Every expected entry is checked on its code and on every field the document carries (`Rendering.expected`),
  including the blank ones: a blank cell must come back blank.
- A field the document does not carry must come back blank; where the toolkit fills it anyway, that is one
  more field checked and wrong (a message cut into a message and operations shows up here).
- An item layout's one unlabelled text (`text`) is exact when it comes back whole as the message or as the
  description, with the other blank.
- Duplicate codes: the toolkit's variants of a code are paired with the catalog's rows of that code by the
  assignment that makes the most fields exact (the variant numbers themselves are not compared: the contract
  only says 1, 2, …). A catalog row left without a variant is a *missing* entry (all its fields wrong); a
  variant left without a row, or a code the catalog does not list, is an *invented* entry.
- Categories are compared like any other field: group rows, section headings, captions and range labels are
  the category of the rows below them (or in them), and a catalog without groups expects a blank category.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import permutations

from .render import TEXT

FIELDS = ("name", "http_status", "message", "description", "operations", "category")


def blank(v) -> bool:
    return v is None or v == "" or v == []


def norm(fld: str, v):
    if blank(v):
        return None
    if fld == "http_status":
        try:
            return int(v)
        except (TypeError, ValueError):
            return str(v)
    if fld == "operations":
        items = v if isinstance(v, list) else [v]
        return tuple(sorted(" ".join(str(x).split()) for x in items if str(x).strip())) or None
    return " ".join(str(v).split()) or None


@dataclass
class Score:
    checked: int = 0
    exact: int = 0
    entries: int = 0  # expected entries
    missing: int = 0
    invented: int = 0
    spurious: int = 0  # values in fields the document does not carry
    examples: list[tuple] = field(default_factory=list)  # (code, field, expected, got)

    def add(self, other: "Score") -> None:
        self.checked += other.checked
        self.exact += other.exact
        self.entries += other.entries
        self.missing += other.missing
        self.invented += other.invented
        self.spurious += other.spurious

    @property
    def accuracy(self) -> float:
        return self.exact / self.checked if self.checked else 1.0


def _fields_of(exp: dict) -> list[str]:
    return [f for f in exp if f != "code"]


def _row_score(exp: dict, got: dict, carried: frozenset) -> tuple[int, int, list[tuple]]:
    """(checked, exact, wrong fields as (field, expected, got)) for one expected row and one toolkit entry."""
    checked, exact, wrong = 1, 1, []  # the code: paired by it
    for f in _fields_of(exp):
        if f == TEXT:
            t = norm("description", exp[TEXT])
            m, d = norm("message", got.get("message")), norm("description", got.get("description"))
            ok = (d == t and m is None) or (m == t and d is None) or (t is None and m is None and d is None)
            shown = d if m is None else m if d is None else f"message={m!r} description={d!r}"
        else:
            ok = norm(f, exp[f]) == norm(f, got.get(f))
            shown = got.get(f)
        checked += 1
        exact += ok
        if not ok:
            wrong.append((f, exp[f], shown))
    covered = set(exp) | ({"message", "description"} if TEXT in exp else set())
    for f in FIELDS:
        if f not in covered and not blank(got.get(f)):
            checked += 1
            wrong.append((f, None, got.get(f)))
    return checked, exact, wrong


def compare(expected: list[dict], got: list[dict], carried: frozenset, max_examples: int = 6) -> Score:
    score = Score(entries=len(expected))
    exp_by: dict[str, list[dict]] = {}
    for e in expected:
        exp_by.setdefault(e["code"], []).append(e)
    got_by: dict[str, list[dict]] = {}
    for g in got:
        got_by.setdefault(str(g["code"]), []).append(g)

    def note(*example):
        if len(score.examples) < max_examples:
            score.examples.append(example)

    for code, rows in exp_by.items():
        cands = got_by.get(code, [])
        pairs = _pairing(rows, cands, carried)
        used = set()
        for i, e in enumerate(rows):
            j = pairs.get(i)
            if j is None:
                score.missing += 1
                score.checked += 1 + len(_fields_of(e))
                note(code, "(entry)", "present", "missing")
                continue
            used.add(j)
            checked, exact, wrong = _row_score(e, cands[j], carried)
            score.checked += checked
            score.exact += exact
            score.spurious += sum(1 for w in wrong if w[1] is None)
            for w in wrong:
                note(code, *w)
        extra = len(cands) - len(used)
        if extra:
            score.invented += extra
            note(code, "(variant)", f"{len(rows)} variant(s)", f"{len(cands)} variant(s)")
    for code, cands in got_by.items():
        if code not in exp_by:
            score.invented += len(cands)
            note(code, "(entry)", "absent", "invented: " + "; ".join(
                f"{k}={v!r}" for k, v in cands[0].items() if k != "code" and not blank(v))[:160])
    return score


def _pairing(rows: list[dict], cands: list[dict], carried: frozenset) -> dict[int, int]:
    """Expected row index → toolkit entry index, the assignment with the most exact fields."""
    if not cands:
        return {}
    if len(rows) == 1 and len(cands) == 1:
        return {0: 0}
    gain = [[_row_score(e, g, carried)[1] for g in cands] for e in rows]
    n, m = len(rows), len(cands)
    if max(n, m) <= 6:
        best, best_total = {}, -1
        if n <= m:
            for perm in permutations(range(m), n):
                total = sum(gain[i][perm[i]] for i in range(n))
                if total > best_total:
                    best, best_total = {i: perm[i] for i in range(n)}, total
        else:
            for perm in permutations(range(n), m):
                total = sum(gain[perm[j]][j] for j in range(m))
                if total > best_total:
                    best, best_total = {perm[j]: j for j in range(m)}, total
        return best
    out, taken = {}, set()  # many variants: greedy, best pairs first
    for total, i, j in sorted(((gain[i][j], i, j) for i in range(n) for j in range(m)), reverse=True):
        if i not in out and j not in taken:
            out[i] = j
            taken.add(j)
    return out
