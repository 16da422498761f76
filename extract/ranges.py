"""Code ranges stated in running text: "Error code range: `>= 5000 and <= 8999`", "codes 200-399"."""
from __future__ import annotations

import re

from .model import Loc, Range

# Tried in order; the first that matches is the statement's range.
FORMS = [
    (re.compile(r">=\s*(-?\d+)\s*(?:and|,|&&)\s*<=\s*(-?\d+)"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"<=\s*(-?\d+)"), lambda m: (None, int(m[1]))),
    (re.compile(r">=\s*(-?\d+)"), lambda m: (int(m[1]), None)),
    (re.compile(r"(?<![\w.])(-?\d+)\s*(?:-|–|to)\s*(\d+)(?![\w.])"), lambda m: (int(m[1]), int(m[2]))),
]
MENTIONS_RANGE = re.compile(r"\brange\b", re.I)
# A range a sentence assigns to a purpose: "Errors 340-359 are for data type errors", "9000-9999 is reserved
# for custom errors".
ASSIGNED = re.compile(r"(?<!\d)(?P<lo>\d+)\s*[-–]\s*(?P<hi>\d+)\s+(?:are|is)\s+(?:reserved\s+|used\s+)?for\s+"
                      r"(?P<label>.+?)(?=\s+and\s+\d|[.;,]|$)")


def assigned_ranges(text: str, loc: Loc) -> list[Range]:
    """Every range the text assigns to a purpose, labelled with that purpose."""
    return [Range(int(m["lo"]), int(m["hi"]), " ".join(m["label"].split()), loc) for m in ASSIGNED.finditer(text)
            if int(m["lo"]) <= int(m["hi"])]


def stated_range(text: str, label: str, loc: Loc) -> Range | None:
    """The range a sentence states, when it speaks of a range at all."""
    if not MENTIONS_RANGE.search(text):
        return None
    for pattern, bounds in FORMS:
        m = pattern.search(text)
        if m:
            lo, hi = bounds(m)
            if lo is not None and hi is not None and lo > hi:
                return None
            return Range(lo, hi, label, loc)
    return None
