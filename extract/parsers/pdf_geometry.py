"""Word geometry of a PDF page: pdfplumber's words gathered into text lines, and the table blocks the PDF
layout finds among them (a page's part of a table: header, rows of cell texts, each with its line indexes).

A text line is the unit of provenance: `file.pdf:page N line K` names the K-th line from the top."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..settings import PdfSettings


@dataclass
class TextLine:
    """One line of words on a page; `index` (1-based, top to bottom) is the line given in provenance."""

    page: int
    index: int
    words: list[dict]

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return max(w["x1"] for w in self.words)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
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
