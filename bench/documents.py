"""Generated documents for `make bench`: one seeded table of error codes rendered in every layout the bench times.

Every document is deterministic (a `random.Random` seeded per table) and keeps the seeds' blemishes: every 50th
row repeats the previous code (a duplicate kept as a variant), every 97th row leaves its HTTP status blank, and
descriptions wrap where the layout wraps them (the prose list cuts each text at 40 characters, the column dump
leaves every 20th description's last words as an overflow fragment after the blocks, reST grid cells wrap at
their column width, the HTML source breaks long cells over lines, every 40th CSV cell has a typed line break).
Every generated row comes back as one entry, so a build that reads fewer entries than rows is reported.
"""
from __future__ import annotations

import csv
import html
import io
import random
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

OPS = ["All", "Read", "Create", "Update user", "Register user", "Link user", "Set password", "Delete by ID"]
WORDS = "alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega request token user field".split()
SECTION_ROWS = 500  # rows per section in the layouts that have sections (Markdown, HTML, grid, AsciiDoc)


@dataclass(frozen=True)
class Row:
    code: str
    status: str
    message: str
    ops: str
    description: str
    name: str


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def rows(n: int, seed: int = 7) -> list[Row]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        code = str(1000 + i - (i % 50 == 0))  # every 50th row repeats the previous code
        status = "" if i % 97 == 0 else rng.choice(["400", "403", "404", "500"])
        ops = ", ".join(rng.sample(OPS, rng.randint(1, 3)))
        out.append(Row(code, status, _sentence(rng, 5), ops, _sentence(rng, 14), f"Name{i}"))
    return out


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _sections(data: list[Row]):
    for s in range(0, len(data), SECTION_ROWS):
        yield s // SECTION_ROWS, data[s:s + SECTION_ROWS]


# --------------------------------------------------------------------------------------------- renderers

HEADS = {"code": "Code", "name": "Name", "status": "HTTP Status", "message": "Message", "description": "Description"}
TAB_HEADER = ["Error Code", "HTTP Status Code", "Error Message", "Returned By", "Description"]


def tab(data: list[Row]) -> str:
    # seed 000's shape: the operations column comes before the description
    return "\t".join(TAB_HEADER) + "\n" + "".join(
        f"{r.code}\t{r.status}\t{r.message}\t{r.ops}\t{r.description}\n" for r in data)


def csv_text(data: list[Row], columns: tuple[str, ...] = ("code", "name", "status", "message", "description")) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([HEADS[c] for c in columns])
    for i, r in enumerate(data):
        cells = [getattr(r, c) for c in columns]
        if i % 40 == 3:  # a spreadsheet cell with a line break typed into it
            cells = ["\n".join(_wrap(c, 50)) if len(c) > 60 else c for c in cells]
        w.writerow(cells)
    return buf.getvalue()


def markdown(data: list[Row], columns: tuple[str, ...] = ("name", "code", "status", "description")) -> str:
    parts = ["# Errors\n", "\nEvery error the service returns, by section.\n"]
    for s, chunk in _sections(data):
        parts.append(f"\n## Section {s}\n\n| " + " | ".join(HEADS[c] for c in columns) + " |\n|"
                     + "---|" * len(columns) + "\n")
        for r in chunk:
            cells = [f"`{r.name}`" if c == "name" else getattr(r, c) for c in columns]
            parts.append("| " + " | ".join(cells) + " |\n")
    return "".join(parts)


def html_page(data: list[Row]) -> str:
    e = html.escape
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">', "<title>Errors</title>",
           "<script>window.dataLayer = [];</script>", "</head>", "<body>",
           '<nav><ul><li><a href="/">Home</a></li><li><a href="/docs">Docs</a></li></ul></nav>', "<main>",
           "<h1>Errors</h1>", "<p>Every error the service returns, by section.</p>"]
    for s, chunk in _sections(data):
        out += [f"<h2>Section {s}</h2>", '<table class="errors">',
                "  <thead><tr><th>Code</th><th>Name</th><th>HTTP Status</th><th>Message</th>"
                "<th>Description</th></tr></thead>", "  <tbody>"]
        for r in chunk:
            desc = "\n      ".join(_wrap(e(r.description), 60))  # the source breaks long cells over lines
            out += ["  <tr>", f"    <td><code>{r.code}</code></td>", f"    <td>{e(r.name)}</td>",
                    f"    <td>{r.status}</td>", f"    <td>{e(r.message)}</td>", f"    <td>{desc}</td>", "  </tr>"]
        out += ["  </tbody>", "</table>"]
    out += ["</main>", "<footer>&copy; Example Corp</footer>", "</body>", "</html>", ""]
    return "\n".join(out)


def prose(data: list[Row]) -> str:
    # seed 004's shape: a code on its own line, then `name. text` wrapped at 40 characters
    return "Error codes.\n- 1000-99999. All errors.\n" + "".join(
        f"{r.code}\n{r.name.lower()}. {r.description[:40]}\n{r.description[40:]}\n" for r in data)


def collapsed(data: list[Row]) -> str:
    # seed 002's shape: the tab table scraped from a web page, cell separators collapsed into spaces
    return " ".join(TAB_HEADER) + "\n" + "".join(
        " ".join(x for x in (r.code, r.status, r.message, r.ops, r.description) if x) + "\n" for r in data)


def dump(data: list[Row]) -> str:
    # seed 001's shape: short columns one row per line, then one block per text column; every 20th description
    # stops on "the" and its last words come after the blocks, in row order
    cut = {i: r.description.rsplit(" ", 3) for i, r in enumerate(data) if i % 20 == 7}
    return ("Sr.no\tError Code\tHtml Code\n"
            + "".join(f"{i + 1}\t{r.code}\t{r.status or 400}\n" for i, r in enumerate(data))
            + "Error Message\n" + "".join(f"{r.message}\n" for r in data)
            + "Description\n"
            + "".join(f"{cut[i][0] + ' the' if i in cut else r.description}\n" for i, r in enumerate(data))
            + "".join(f"{' '.join(cut[i][1:])}\n" for i in sorted(cut)))


def grid(data: list[Row]) -> str:
    """reStructuredText grid tables under section titles; descriptions wrap inside their cells."""
    widths = [6, 10, 6, 40]
    border = lambda ch: "+" + "+".join(ch * (w + 2) for w in widths) + "+"  # noqa: E731

    def row_lines(cells: list[str]) -> list[str]:
        wrapped = [_wrap(c, w) if c else [""] for c, w in zip(cells, widths)]
        height = max(len(x) for x in wrapped)
        return ["|" + "|".join(" " + (col[i] if i < len(col) else "").ljust(w) + " "
                               for col, w in zip(wrapped, widths)) + "|" for i in range(height)]

    out = ["Errors", "======", "", "Every error the service returns, by section.", ""]
    for s, chunk in _sections(data):
        title = f"Section {s}"
        out += [title, "-" * len(title), "", border("-")]
        out += row_lines(["Code", "Name", "Status", "Description"]) + [border("=")]
        for r in chunk:
            out += row_lines([r.code, r.name, r.status, r.description]) + [border("-")]
        out.append("")
    return "\n".join(out) + "\n"


def asciidoc(data: list[Row]) -> str:
    out = ["= Errors", "", "Every error the service returns, by section.", ""]
    for s, chunk in _sections(data):
        out += [f"== Section {s}", "", '[cols="1,2,1,2,4", options="header"]', "|===",
                "| Code | Name | HTTP Status | Message | Description", ""]
        out += [" ".join(f"| {c}" if c else "|" for c in (r.code, r.name, r.status, r.message, r.description))
                for r in chunk]
        out += ["|===", ""]
    return "\n".join(out)


def pdf(data: list[Row]) -> bytes:
    """An fpdf2 table over many A4 pages, the header repeated on each; descriptions wrap in their cells."""
    import warnings

    from fpdf import FPDF

    warnings.filterwarnings("ignore", category=UserWarning, module="fpdf")
    doc = FPDF(format="A4")
    doc.set_margins(10, 10, 10)
    doc.set_auto_page_break(True, margin=12)
    doc.add_page()
    doc.set_font("Helvetica", "B", 12)
    doc.cell(0, 8, "Errors", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", size=8)
    doc.multi_cell(0, 5, "Every error the service returns.", new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    with doc.table(col_widths=(14, 22, 12, 52, 90), width=190, line_height=4, text_align="LEFT",
                   first_row_as_headings=True, repeat_headings=1, align="LEFT") as table:
        head = table.row()
        for h in ("Code", "Name", "Status", "Message", "Description"):
            head.cell(h)
        for r in data:
            row = table.row()
            for c in (r.code, r.name, r.status, r.message, r.description):
                row.cell(c)
    return bytes(doc.output())


# ------------------------------------------------------------------------------------------- documents

# layout → (its files as (file name, renderer)); a collapsed scrape and a column dump are built with the tab table
# they were taken from, as in the seeds, because they read the other sources of their catalog as evidence
LAYOUTS: dict[str, list[tuple[str, object]]] = {
    "tab": [("table.tsv", tab)],
    "csv": [("table.csv", csv_text)],
    "markdown": [("page.md", markdown)],
    "html": [("page.html", html_page)],
    "pdf": [("table.pdf", pdf)],
    "prose": [("list.txt", prose)],
    "collapsed+tab": [("table.tsv", tab), ("scrape.txt", collapsed)],
    "dump+tab": [("table.tsv", tab), ("dump.txt", dump)],
    "grid": [("page.rst", grid)],
    "asciidoc": [("page.adoc", asciidoc)],
}

# what the floor of each file is: the bare parse of the same bytes by the library underneath its layout
FLOORS = {"table.tsv": "pandas.read_csv(sep='\\t')", "table.csv": "pandas.read_csv",
          "page.md": "markdown-it parse (tables on)", "page.html": "lxml.html.fromstring",
          "table.pdf": "pdfplumber extract_words, every page"}
LINES_FLOOR = "read + splitlines"


def floor_of(name: str) -> str:
    return FLOORS.get(name, LINES_FLOOR)


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def layout_files(layout: str, n: int, folder: Path) -> list[Path]:
    """The documents of one layout at n rows, written into folder (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = rows(n)
    return [_write(folder / name, render(data)) for name, render in LAYOUTS[layout]]


def reconcile_files(n: int, folder: Path) -> list[Path]:
    """Three documents of different layouts describing the same n codes, in priority order: the full tab table;
    a Markdown page (name, code, status, description) that lacks every 200th row and rewords every 150th
    description; a CSV export (code, status, message) whose every 250th status differs."""
    folder.mkdir(parents=True, exist_ok=True)
    data = rows(n)
    md_rows = []
    for i, r in enumerate(data):
        if i % 200 == 11:
            continue
        md_rows.append(replace(r, description="Reworded: " + r.description) if i % 150 == 5 else r)
    csv_rows = [replace(r, status="409") if i % 250 == 9 and r.status else r for i, r in enumerate(data)]
    return [_write(folder / "table.tsv", tab(data)), _write(folder / "page.md", markdown(md_rows)),
            _write(folder / "export.csv", csv_text(csv_rows, ("code", "status", "message")))]


MANIFEST_LAYOUTS = [("tab", "tsv", tab), ("csv", "csv", csv_text), ("markdown", "md", markdown),
                    ("html", "html", html_page), ("grid", "rst", grid), ("asciidoc", "adoc", asciidoc),
                    ("prose", "txt", prose)]


def manifest_project(folder: Path, sources: int, n: int) -> list[Path]:
    """A project folder whose raw_sources/sources.toml lists `sources` documents of n rows: catalogs of four
    sources each (layouts in turn), each catalog's sources describing the same codes. Returns the documents."""
    raw = folder / "raw_sources"
    raw.mkdir(parents=True, exist_ok=True)
    toml, paths = ["# Generated by bench/documents.py: one [[source]] per document.", ""], []
    for k in range(sources):
        catalog, priority = f"service-{k // 4}", k % 4 + 1
        layout, ext, render = MANIFEST_LAYOUTS[k % len(MANIFEST_LAYOUTS)]
        name = f"{catalog}-{layout}.{ext}"
        paths.append(_write(raw / name, render(rows(n, seed=100 + k // 4))))
        toml += ["[[source]]", f'id = "{catalog}-{layout}"', f'path = "{name}"', f'catalog = "{catalog}"',
                 f"priority = {priority}", ""]
    _write(raw / "sources.toml", "\n".join(toml))
    return paths


def change_one_source(path: Path, round_: int) -> None:
    """An edit of one source as a writer makes it: one row's description reworded (a new wording each round)."""
    text = path.read_text(encoding="utf-8")
    target = " request "
    at = text.find(target, len(text) // 2)
    if at < 0:
        at = text.find(target)
    _write(path, text[:at] + f" request (edit {round_}) " + text[at + len(target):])


def check_project(folder: Path, n: int) -> None:
    """A project of one catalog of n entries: the tab table and a CSV export of the same codes."""
    raw = folder / "raw_sources"
    raw.mkdir(parents=True, exist_ok=True)
    data = rows(n)
    _write(raw / "errors.tsv", tab(data))
    _write(raw / "errors.csv", csv_text([replace(r, status="409") if i % 250 == 9 and r.status else r
                                          for i, r in enumerate(data)], ("code", "status", "message")))
    _write(raw / "sources.toml", "\n".join([
        "[[source]]", 'id = "errors-table"', 'path = "errors.tsv"', 'catalog = "errors"', "priority = 1", "",
        "[[source]]", 'id = "errors-export"', 'path = "errors.csv"', 'catalog = "errors"', "priority = 2", ""]))
