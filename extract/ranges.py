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
