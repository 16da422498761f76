"""Is a document HTML, and is it ours? Fenced code and YAML front matter are masked first (an HTML example in a
code block is not a table of the document), then a web page is ours outright and a Markdown page with raw
HTML is ours when its HTML holds more error rows than its pipe tables (a cheap look by regex, before lxml)."""
from __future__ import annotations

import re

from ..columns import header_field
from ..documents import Document
from ..patterns import NUMBER_OR_HEX
from ..settings import DEFAULT, HtmlSettings
from ..text import collapse

TABLE_OPEN = re.compile(r"<table\b", re.I)
DL_OPEN = re.compile(r"<dl\b", re.I)
TABLE_BLOCK = re.compile(r"<table\b.*?(?:</table\s*>|\Z)", re.I | re.S)
TR_OPEN = re.compile(r"<tr\b", re.I)
# a row's text up to its end or the next row; a cell's up to the next cell or the row's end (closing tags
# are optional in HTML, so none is required: each match stops at the first of them)
ROW = re.compile(r"<tr\b[^<>]*>(.*?)(?=</tr\s*>|<tr\b|</table\s*>|\Z)", re.I | re.S)
ANY_CELL = re.compile(r"<t[dh]\b[^<>]*>(.*?)(?=</t[dh]\s*>|<t[dh]\b|</tr\s*>|\Z)", re.I | re.S)
TAG = re.compile(r"<[^>]*>")  # apply with `without_tags`
HTML_PAGE = re.compile(r"\A\s*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html\b)", re.I)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
YAML_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
# (possessive runs: on a line of spaces the optional bar between two `\s*` would otherwise split the run every way)
PIPE_SEPARATOR = re.compile(r"^\s*+\|?+\s*+:?+-{3,}+:?+\s*+(?:\|\s*+:?+-{3,}+:?+\s*+)*+\|?+\s*+$")
# A definition-list part that is a code alone (`12178`, `0x2F92`, `NAME (12178)`), in a term or a definition.
DL_CODE = re.compile(r"<d[td]\b[^<>]*>\s*+(?:[^<()]*\(\s*+)?(?:" + NUMBER_OR_HEX.pattern + r")\s*+\)?\s*+</d[td]\s*+>",
                     re.I)


def masked(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """The text with Markdown fenced code and YAML front matter blanked (line numbers kept), and those blocks
    as (kind, first line, last line)."""
    if "```" not in text and "~~~" not in text and not text.startswith("---\n"):
        return text, []  # no fence and no front matter: nothing to blank (a web page), no line to look at
    lines = text.split("\n")
    blocks: list[tuple[str, int, int]] = []
    front = YAML_FRONT.match(text)
    if front:
        n = front.group(0).count("\n")
        blocks.append(("front matter", 1, n))
        for i in range(n):
            lines[i] = ""
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            fence = m.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(fence):
                j += 1
            end = min(j, len(lines) - 1)
            blocks.append(("code", i + 1, end + 1))
            for k in range(i, end + 1):
                lines[k] = ""
            i = end + 1
            continue
        i += 1
    return "\n".join(lines), blocks


def is_page(masked_text: str) -> bool:
    """A web page (a doctype or an <html> first), not a Markdown page with HTML in it."""
    return bool(HTML_PAGE.match(masked_text))


def without_tags(text: str, repl: str = " ") -> str:
    """`text` with every `<…>` replaced by `repl`. Only the part up to the last `>` is searched: past it a `<`
    opens no tag, and searching there would read to the end again from every `<` (quadratic on `<<<<…`)."""
    end = text.rfind(">") + 1
    return TAG.sub(repl, text[:end]) + text[end:] if end else text


def _is_code_header(cells: list[str]) -> bool:
    return any(header_field(collapse(without_tags(c))) == "code" for c in cells)


def _error_rows(masked_text: str, hs: HtmlSettings) -> tuple[int, int]:
    """Rows of HTML tables and of pipe tables that have a code column. A header may stand below a title row,
    and mix `th` and `td` cells, so the first few rows are looked at, whatever their cells."""
    html_rows = 0
    for block in TABLE_BLOCK.finditer(masked_text):
        body = block.group(0)
        heads = []
        for k, row in enumerate(ROW.finditer(body)):
            if k >= hs.header_search_rows:
                break
            heads += ANY_CELL.findall(row.group(1))
        if _is_code_header(heads):
            html_rows += max(len(TR_OPEN.findall(body)) - 1, 1)
    pipe_rows = 0
    lines = masked_text.split("\n")
    for i in range(1, len(lines)):
        if PIPE_SEPARATOR.match(lines[i]) and "|" in lines[i - 1]:
            if not _is_code_header(lines[i - 1].strip().strip("|").split("|")):
                continue
            j = i + 1
            while j < len(lines) and "|" in lines[j]:
                j += 1
            pipe_rows += j - i - 1
    html_rows += len(DL_CODE.findall(masked_text))
    return html_rows, pipe_rows


def sniff(doc: Document, hs: HtmlSettings = DEFAULT.html) -> float:
    if doc.is_pdf or not (TABLE_OPEN.search(doc.text) or DL_OPEN.search(doc.text)):
        return 0.0
    text, _ = masked(doc.text)
    if not TABLE_OPEN.search(text) and len(DL_CODE.findall(text)) < 2:
        return 0.0
    if is_page(text):
        return 0.99
    # A Markdown page with raw HTML tables: ours when its HTML tables hold more error rows than its pipe
    # tables (the Markdown layout says 0.95 for any pipe table), else a weak claim.
    html_rows, pipe_rows = _error_rows(text, hs)
    if html_rows > pipe_rows:
        return 0.97
    return 0.5 if not pipe_rows else 0.3
