"""Text helpers every stage shares: whitespace, comparison forms, words."""
from __future__ import annotations

import functools
import re

from .patterns import is_placeholder, numeric_code  # noqa: F401  (re-exported: the text helpers every stage shares)

WS = re.compile(r"\s+")
WORD = re.compile(r"[^\W_]+")

# English function words: a text does not end a sentence on one, and two texts that differ only in such words
# ("Occurs when …" / "Occurs if …") say the same thing.
FUNCTION_WORDS = frozenset("""a an the and or but nor of to in on at by for with from as that which who whose
whom than then if when while because is are was were be been being has have had do does not no your its
their our my this these those such""".split())


# Characters no document means as text: C0 controls but tab, newline and form feed (RFC text breaks pages with
# it), DEL, C1 controls (U+0085 would even split a line for str.splitlines), and whole ANSI escape sequences
# (`ESC [ 31 m` would otherwise recolour the reviewer's terminal). Linear: each alternative is a fixed prefix
# followed by disjoint classes.
CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]?|[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # every character CONTROL's matches start with
# What is shown of a character that must not reach a terminal or log (file names, ids, values in messages).
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(text: str) -> tuple[str, dict[int, list[str]]]:
    """The text with control characters and ANSI escapes removed, and what was removed on each line
    (1-based line → the characters as `\\xNN`), so the fix can be reported, never made silently."""
    if not ANY_CONTROL.search(text):  # one character class scans a document far faster than CONTROL
        return text, {}
    removed: dict[int, list[str]] = {}
    lines = text.split("\n")
    for n, line in enumerate(lines):
        found = CONTROL.findall(line)
        if found:
            removed[n + 1] = [ascii(f)[1:-1] for f in found]
            lines[n] = CONTROL.sub("", line)
    return "\n".join(lines), removed


def printable(text: str) -> str:
    """Text safe for a terminal: every control character but tab and newline shown as `\\xNN`."""
    return UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if UNPRINTABLE.search(text) else text


def collapse(text: str) -> str:
    """Whitespace (tabs, padding, line breaks) collapsed to single spaces. (`str.split` splits on exactly the
    characters `\\s` matches, without a regular expression: a hundred thousand cells a build.)"""
    return " ".join(text.split())


NOT_LOOSE = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=1 << 16)
def _loose(text: str) -> str:
    return NOT_LOOSE.sub("", text).casefold()


def loose_text(value) -> str:
    """What is left of a value when case, punctuation and whitespace do not count (a list's items in any order).
    Remembered per text: the reconciler and the reports compare the same cell texts many times over."""
    if isinstance(value, list):
        return ",".join(sorted(loose_text(v) for v in value))
    return _loose(value if isinstance(value, str) else str(value))


def nesting_depth(text: str, limit: int) -> int:
    """How deeply brackets nest outside strings (`[[[` is 3), counting no further than `limit`: a linear scan
    that lets a reader refuse a document nested deeper than it can walk, before it recurses."""
    depth = deepest = 0
    quoted = escaped = False
    for ch in text:
        if quoted:
            escaped, quoted = (not escaped and ch == "\\"), quoted if escaped or ch != '"' else False
            continue
        if ch == '"':
            quoted = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


def words(text) -> list[str]:
    """The lower-cased words of a text, punctuation dropped."""
    return WORD.findall(str(text or "").casefold())


def similarity(a: str, b: str) -> float:
    """0..100, how alike two texts are (rapidfuzz's ratio: C speed, imported where it is needed)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)
