"""Word geometry of a PDF page: pdfplumber's words gathered into text lines, and the table blocks the PDF
layout finds among them (a page's part of a table: header, rows of cell texts, each with its line indexes).

A text line is the unit of provenance: `file.pdf:page N line K` names the K-th line from the top."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..columns import header_field
from ..patterns import code_shape
from ..settings import PdfSettings


@dataclass
class TextLine:
    """One line of words on a page; `index` (1-based, top to bottom) is the line given in provenance.
    Its words are never changed once it is made, so its measures are worked out once: they are asked for
    by every cell and row band of its page."""

    page: int
    index: int
    words: list[dict]

    @cached_property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @cached_property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @cached_property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @cached_property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @cached_property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


def text_lines(words: list[dict], page: int, settings: PdfSettings) -> list[TextLine]:
    """Words → lines: a word whose top is within `line_y_tolerance` of a line's first word joins that line."""
    groups: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if groups and abs(w["top"] - groups[-1][0]["top"]) <= settings.line_y_tolerance:
            groups[-1].append(w)
        else:
            groups.append([w])
    return [TextLine(page, i, sorted(g, key=lambda w: w["x0"])) for i, g in enumerate(groups, 1)]


def column_name(text: str, settings: PdfSettings) -> bool:
    """Whether a text is a column name (`Code`, `HTTP Status`): a short label that names a field. Stricter
    than the typing stage's header words, since a wrapped line of a cell must not pass for one."""
    return len(text.split()) <= settings.column_name_words and header_field(text) is not None


def cut_inside_word(before: list[dict], after: list[dict], right: float, vocabulary: Vocabulary,
                    first_char_width=None) -> bool:
    """Whether a cell's line break falls inside a word (`Authenticati` / `on errors`, `ROLE_ACCESS_DENIE` /
    `D`): the line before is one word that reaches the right edge of the cell's text (`right`) within one
    character of the word after it — `first_char_width(word)` gives that character's own width where the
    cell's edge is drawn; else the average. A line breaker cuts a word only when it is wider than the cell,
    and such a word fills its line.

    A whole word that happens to fill its line looks the same, so the text must agree: the joined word is an
    identifier or a word the document uses elsewhere, or (where the edge is drawn) the piece after the break
    is no word the document uses inside a line."""
    if len(before) != 1 or not after:
        return False
    head, tail = before[0]["text"], after[0]["text"]
    if head == tail:
        return False  # a list of like values, one a line (`Ratified` / `Ratified`, `1.0` / `1.0`)
    if not (head[-1:].isalnum() or head.endswith("_")) or not (tail[:1].isalnum() or tail.startswith("_")):
        return False
    char = (after[0]["x1"] - after[0]["x0"]) / max(len(tail), 1)
    if first_char_width is not None:
        char = first_char_width(after[0]) or char
    if before[0]["x1"] < right - char:
        return False
    joined = head + tail.rstrip(".,;:)")
    if not any(ch.islower() for ch in head) and any(ch.islower() for ch in tail):
        return False  # `EMAIL_ADDRESS_LIMIT_EXCEEDED` / `Codes`: an upper-case identifier goes on in upper case
    if code_shape(joined) == "symbolic" or _bare(joined) in vocabulary.words:
        return True
    if _spells_on(head, tail, vocabulary):
        return True
    return first_char_width is not None and _bare(tail) not in vocabulary.inside


def _spells_on(head: str, tail: str, vocabulary: Vocabulary) -> bool:
    """Whether the letters around the break (two before, two after: `ti|on`) run on inside a word the
    document uses (`operation`): the break splits a word the way the document's words are spelled, where a
    break between two words would put letters together that no word holds (`rk|er`)."""
    before, after = head[-2:], tail[:2]
    if not (before.isalpha() and after.isalpha() and before.islower() and after.islower()):
        return False
    piece = (before + after).casefold()
    joined = _bare(head + tail)
    return any(piece in w[1:] for w in vocabulary.words if w != joined and w.isalpha())


def _bare(text: str) -> str:
    return text.strip(".,;:()\"'").casefold()


@dataclass
class Vocabulary:
    """The words of a page (case-folded, without the punctuation around them), and those of them met inside
    a line of text (after another word of the same cell), which are words for sure."""

    words: set[str] = field(default_factory=set)
    inside: set[str] = field(default_factory=set)


def vocabulary_of(lines: list[TextLine], settings: PdfSettings) -> Vocabulary:
    out = Vocabulary()
    for ln in lines:
        for run in word_runs(ln, column_gap(ln, settings)):
            out.words.update(_bare(w["text"]) for w in run)
            out.inside.update(_bare(w["text"]) for w in run[1:])
    return out


def word_runs(line: TextLine, gap: float) -> list[list[dict]]:
    """A line's words in runs separated by blank space at least `gap` wide (what may be separate cells)."""
    runs: list[list[dict]] = []
    for w in line.words:
        if runs and w["x0"] - runs[-1][-1]["x1"] < gap:
            runs[-1].append(w)
        else:
            runs.append([w])
    return runs


def column_gap(line: TextLine, settings: PdfSettings) -> float:
    return settings.column_gap_em * line.height


@dataclass
class PageRow:
    """One row of a table on a page: its cell texts (wrapped lines joined with newlines) and page lines.
    `spanning`: a line over the whole table (a group row), whose text names the rows below it."""

    cells: list[str]
    lines: tuple[int, ...]
    spanning: bool = False
    page: int = 0  # where not on its table's page: a group row carried over from the page before


@dataclass
class PageTable:
    """A table as found on one page: header and rows of cell texts, each with its page line indexes.
    `joins`: wrapped lines joined to a row by position alone (text, lines, rule), choices a reviewer may undo."""

    page: int
    top: float
    bottom: float
    header: list[str]
    header_lines: tuple[int, ...]
    rows: list[PageRow]
    ruled: bool
    left: float = 0.0
    joins: list[tuple[str, tuple[int, ...], str]] = field(default_factory=list)
    below: int = 0  # lines given as the table's that its rows left: text below it
    title: tuple[str, tuple[int, ...]] | None = None  # a row over the whole table above its header: (text, lines)
