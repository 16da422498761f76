"""The Markdown layout's compact table rule (extract/parsers/markdown_blocks.py) against markdown-it's own: the same
tables, the same lines, the same cells, on pages made to find where the two could part (escaped pipes, short and
long rows, tables in quotes and lists, rows ended by other blocks, the cap on padded cells)."""
from __future__ import annotations

from markdown_it import MarkdownIt

from extract.parsers.markdown_blocks import block_tokens, row_cells

PAGES = {
    "plain": "| Code | Message |\n|---|---|\n| 1 | Bad request. |\n| 2 | Not found. |\n",
    "escaped pipes": "| Code | Message |\n|:--|--:|\n| 1 | a \\| b |\n| 2 | a\\\\| b |\n\\| 3 | first |\n",
    "short and long rows": "|Code|Name|Message|\n|-|-|-|\n|1|\n|2|x|y|z|w|\n||\n|\n| |\n3 | no | pipes\n",
    "ended by blocks": "| a | b |\n|---|---|\n| 1 | 2 |\n# heading\n| c | d |\n|---|---|\n| 3 | 4 |\n> quote\n"
                       "| e | f |\n|---|---|\n| 5 | 6 |\n- item\n| g | h |\n|---|---|\n| 7 | 8 |\n<div>\n\n"
                       "| i | j |\n|---|---|\n| 9 | 0 |\n```\ncode\n```\n| k | l |\n|---|---|\nplain | line\n\ntext\n",
    "indented": "| a | b |\n|---|---|\n  | 1 | 2 |\n    | 3 | 4 |\n\t| 5 | 6 |\n",
    "in quotes and lists": "> | a | b |\n> |---|---|\n> | 1 | 2 |\n\n- | c | d |\n  |---|---|\n  | 3 | 4 |\n"
                           "- next\n\n1. | e | f |\n   |---|---|\n   | 5 | 6 |\n",
    "after a paragraph": "Some text\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "line endings and NUL": "| a | b |\r\n|---|---|\r\n| 1 | \x00 |\r| 2 | 3 |\n",
    # 298 cells short on every row: markdown-it stops the table once it would make up more than 65,536 cells
    "padded cells cap": "| " + " | ".join(f"c{i}" for i in range(300)) + " |\n|" + "---|" * 300 + "\n"
                        + "".join(f"| {i} | m{i} |\n" for i in range(400)),
}


def stock_tables(text: str) -> list[tuple[list[int], list[str], list[tuple[int, list[str]]]]]:
    """Each table as markdown-it's own rule gives it: its map, its header cells, each body row's line and cells."""
    tables: list = []
    row: tuple[int, list[str]] = (0, [])
    inside = False
    for tok in stock_tokens(text):
        if tok.type == "table_open":
            tables.append((tok.map, [], []))
            inside = True
        elif tok.type == "table_close":
            inside = False
        elif tok.type == "tr_open":
            row = (tok.map[0], [])
        elif tok.type == "inline" and inside:
            row[1].append(tok.content)
        elif tok.type == "tr_close":
            header, body = tables[-1][1], tables[-1][2]
            header.extend(row[1]) if row[0] == tables[-1][0][0] else body.append(row)
    return tables


def stock_tokens(text: str):
    return MarkdownIt("commonmark").enable("table").disable("inline").parse(text)


def compact_tables(text: str) -> list[tuple[list[int], list[str], list[tuple[int, list[str]]]]]:
    tables = []
    for tok in block_tokens(text):
        if tok.type == "table":
            header = tok.meta["header"]
            rows = [(n, row_cells(row, len(header))) for n, row in enumerate(tok.meta["rows"], tok.map[0] + 2)]
            tables.append((tok.map, header, rows))
    return tables


def test_tables_read_as_markdown_it_reads_them():
    for name, text in PAGES.items():
        assert compact_tables(text) == stock_tables(text), name


def test_the_other_blocks_are_markdown_its():
    for name, text in PAGES.items():
        stock, inside = [], False
        for tok in stock_tokens(text):  # every token but a table's own, table_open to table_close
            inside = inside or tok.type == "table_open"
            if not inside:
                stock.append((tok.type, tok.map, tok.level, tok.content))
            inside = inside and tok.type != "table_close"
        compact = [(t.type, t.map, t.level, t.content) for t in block_tokens(text) if t.type != "table"]
        assert compact == stock, name


def test_a_table_is_one_token_however_long():
    """markdown-it's rule makes ~14 tokens a row; the compact rule one a table (a 100,000-row page held 1.4 million)."""
    text = "## Errors\n\n| Code | Name | Message |\n|---|---|---|\n" + "".join(
        f"| {i} | `E{i}` | Message {i}. |\n" for i in range(2000))
    tokens = block_tokens(text)
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close", "table"]
    assert len(tokens[-1].meta["rows"]) == 2000 and tokens[-1].map == [2, 2004]
