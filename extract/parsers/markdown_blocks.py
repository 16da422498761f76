"""The block structure of a Markdown page, from markdown-it-py, with each pipe table as one compact token.

markdown-it's own table rule pushes about fourteen tokens for every four-cell row (tr, td, inline, …) and splits
every row one character at a time in Python: for a page of 100,000 rows that is 1.4 million tokens, most of the
Markdown layout's time and memory. The Markdown reader only needs each row's line and its trimmed cells, so the
table rule here is markdown-it's, step for step (the same start test, the same terminators, the same split, trim,
padding and cap on padded cells), but it keeps a table in one `table` token: its map is markdown-it's table map
(0-based lines: the header on the first, the body from the third on), its `meta` `{"header": cells, "rows":
[text, …]}`, each body row's line trimmed, one string a row until the reader splits it with `row_cells` (lists of
cells for every row of a page would hold several times as many objects until the page is read). Every other block
(headings, paragraphs, lists, fences, HTML) is markdown-it's, untouched, so what a page reads as does not change.
"""
from __future__ import annotations

from markdown_it import MarkdownIt, rules_block
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS, escapedSplit
from markdown_it.rules_block.table import table as markdown_it_table
from markdown_it.token import Token

# The rules that end a table (markdown-it asks those that may interrupt a blockquote) each want a line that starts
# with its own mark (a fence, `>`, a rule, a list marker, `<`, `#`), never `|`: a row that starts with `|` is not
# asked them. It can still end the table by being blank or indented into a code block, which the loop tests.
TERMINATORS = {rules_block.fence, rules_block.blockquote, rules_block.hr, rules_block.list_block,
               rules_block.html_block, rules_block.heading}


def split_row(line: str) -> list[str]:
    """A trimmed row's cells, as markdown-it splits them: on every `|` not escaped by a backslash, without the
    empty cells that the leading and trailing pipes leave. Without a backslash that is a plain split (markdown-it
    walks the line one character at a time to find escapes)."""
    columns = escapedSplit(line) if "\\" in line else line.split("|")
    if columns and columns[0] == "":
        columns.pop(0)
    if columns and columns[-1] == "":
        columns.pop()
    return columns


def row_cells(text: str, count: int) -> list[str]:
    """A body row's cells as markdown-it gives them: the header's count of them, each trimmed, those the row
    lacks empty, those past the header's count dropped."""
    cells = [mdTrim(c) if c else "" for c in split_row(text)[:count]]
    if len(cells) < count:
        cells += [""] * (count - len(cells))
    return cells


def table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's GFM table rule (rules_block/table.py), one `table` token instead of a token per cell."""
    if not markdown_it_table(state, start, end, True):  # markdown-it's own test of the header and delimiter rows
        return False
    if silent:
        return True
    header = [mdTrim(c) for c in split_row(mdTrim(_line(state, start)))]
    count = len(header)
    old_parent, state.parentType = state.parentType, "table"
    terminators = state.md.block.ruler.getRules("blockquote")
    src, begins, shifts, ends = state.src, state.bMarks, state.tShift, state.eMarks
    rows: list[str] = []
    padded = 0
    line = start + 2
    while line < end:
        if state.sCount[line] < state.blkIndent:
            break
        pos = begins[line] + shifts[line]
        if (pos >= ends[line] or src[pos] != "|") and any(rule(state, line, end, True) for rule in terminators):
            break
        text = mdTrim(src[pos:ends[line]])
        if not text or state.is_code_block(line):
            break
        padded += count - len(split_row(text))  # markdown-it's cap on the empty cells it would make up
        if padded > MAX_AUTOCOMPLETED_CELLS:
            break
        rows.append(text)
        line += 1
    token = state.push("table", "table", 0)
    token.map = [start, line]
    token.meta = {"header": header, "rows": rows}
    state.parentType = old_parent
    state.line = line
    return True


def _line(state: StateBlock, line: int) -> str:
    """A line from its first non-space character to its end (markdown-it's `getLine` in the table rule)."""
    return state.src[state.bMarks[line] + state.tShift[line]:state.eMarks[line]]


def block_tokens(text: str) -> list[Token]:
    """The page's block tokens: CommonMark with GFM tables, inline parsing off (cells and headings are read from
    each token's `content`; the tokens it would add under them are never read), tables as one token each."""
    md = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
    md.block.ruler.at("table", table, {"alt": ["paragraph", "reference"]})  # (the alternatives markdown-it gives it)
    unknown = set(md.block.ruler.getRules("blockquote")) - TERMINATORS
    if unknown:  # a rule that could end a table on a `|` line would make the shortcut in `table` read differently
        raise RuntimeError(f"unexpected table terminators: {unknown}")
    return md.parse(text)
