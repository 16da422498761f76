"""Real PDFs: the tests write them with fpdf2 from known rows, then check the pdf layout gives those rows back,
cell for cell, with the page (and line) each came from. Ruled and unruled tables, cells wrapped over several
lines in every vertical alignment, a table over three pages with its header repeated or not, headers wrapped over
two lines, group rows, text around tables."""
from __future__ import annotations

import json
import random
import subprocess
from dataclasses import replace
import sys
from pathlib import Path

import pytest

from extract.documents import load
from extract.parsers import Context, detect, pdf
from extract.parsers.pdf import DEFAULT_SETTINGS, PdfTableSettings
from extract.settings import PdfSettings, Settings

fpdf = pytest.importorskip("fpdf")  # a dev dependency (pyproject [dev])
from fpdf.enums import TableBordersLayout  # noqa: E402

HEADER = ("Code", "Name", "HTTP Status", "Message")
LONG = ("This message is long enough that it wraps over three lines of the message column, "
        "which is what real catalogs do with their longer texts")
ROWS = [
    ("100", "BadRequest", "400", "The request could not be understood."),
    ("101", "NotAllowed", "405", LONG),
    ("102", "Conflict", "409", "Short text."),
    ("103", "TooLarge", "413", "The entity is larger than the limit of two wrapped lines, so it wraps."),
    ("104", "Internal", "500", LONG),
]


def write_pdf(path: Path, rows=ROWS, *, borders=TableBordersLayout.ALL, v_align="MIDDLE", title=None,
              before=None, after=None, repeat_headings=1, font_size=10, padding=None) -> Path:
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=font_size)
    if before:
        doc.multi_cell(0, 6, before, new_x="LMARGIN", new_y="NEXT")
        doc.ln(6)
    if title:
        doc.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
    with doc.table(borders_layout=borders, col_widths=(30, 40, 25, 85), line_height=6, v_align=v_align,
                   repeat_headings=repeat_headings, padding=padding) as table:
        for r in (HEADER, *rows):
            row = table.row()
            for cell in r:
                row.cell(cell)
    if after:
        doc.ln(6)
        doc.multi_cell(0, 6, after, new_x="LMARGIN", new_y="NEXT")
    doc.output(str(path))
    return path


def parsed(path: Path):
    return pdf.parse(load(path, path.stem), Context("demo"))


def as_rows(result) -> list[tuple[str, str, str, str]]:
    return [(r.code, r.get("name"), str(r.get("http_status")), r.get("message")) for r in result.records]


@pytest.mark.parametrize("borders", [TableBordersLayout.ALL, TableBordersLayout.NONE,
                                     TableBordersLayout.HORIZONTAL_LINES],
                         ids=["ruled", "unruled", "horizontal-rules-only"])
def test_table_comes_back_cell_for_cell(tmp_path, borders):
    result = parsed(write_pdf(tmp_path / "t.pdf", borders=borders))
    assert result.format == "pdf"
    assert as_rows(result) == list(ROWS)
    assert {r.loc.page for r in result.records} == {1}
    assert not [c for c in result.conflicts if c.kind in ("unparsed_text", "header_mismatch", "missing_value")]


@pytest.mark.parametrize("v_align", ["TOP", "MIDDLE", "BOTTOM"])
@pytest.mark.parametrize("padding", [None, 2], ids=["tight", "padded"])
def test_wrapped_cells_joined_with_spaces_in_unruled_tables(tmp_path, v_align, padding):
    """Without borders, a wrapped line belongs to the row the whitespace or the cells' alignment shows."""
    result = parsed(write_pdf(tmp_path / "t.pdf", borders=TableBordersLayout.NONE, v_align=v_align, padding=padding))
    assert as_rows(result) == list(ROWS)
    long_row = result.records[1]
    assert long_row.get("message") == LONG  # three lines, joined with single spaces
    assert len(long_row.loc.lines) == 3  # its provenance names all three page lines
    # Joined by alignment alone (no gap between rows to go by): each join is an auto-resolved choice.
    joins = [c for c in result.conflicts if c.kind == "joined_fragment"]
    assert not [c for c in result.conflicts if c.kind == "orphan_fragment"]  # a joined line is no orphan
    assert all(c.resolution["status"] == "auto" and c.resolution["rule"].startswith("unruled-rows-") for c in joins)
    if padding:
        assert joins == []  # the blank space between rows decided: nothing was guessed


def test_ruled_wrapped_cells_need_no_guess(tmp_path):
    result = parsed(write_pdf(tmp_path / "t.pdf"))
    assert result.records[1].get("message") == LONG
    assert result.records[1].cells["message"].raw.count("\n") == 2  # the raw text keeps the PDF's line breaks
    assert not [c for c in result.conflicts if c.kind in ("orphan_fragment", "joined_fragment")]


def test_provenance_gives_page_and_line(tmp_path):
    result = parsed(write_pdf(tmp_path / "t.pdf", title="Error codes"))
    first, long_row = result.records[0], result.records[1]
    assert (first.loc.page, first.loc.lines) == (1, (3,))  # line 1: the title, 2: the header
    assert long_row.loc.lines == (4, 5, 6)
    assert str(first.cells["code"].loc).endswith("t.pdf:page 1 line 3")
    layout = {item.role: item.loc for item in result.layout}
    assert layout["table header"].lines == (2,)


@pytest.mark.parametrize("borders", [TableBordersLayout.ALL, TableBordersLayout.NONE], ids=["ruled", "unruled"])
def test_three_pages_with_repeated_header_are_one_table(tmp_path, borders):
    rows = [(str(1000 + i), f"Name{i}", "503" if i % 2 else "400", f"Text of row {i}.") for i in range(110)]
    path = write_pdf(tmp_path / "long.pdf", rows, borders=borders)
    result = parsed(path)
    assert as_rows(result) == rows  # no header row read as data, nothing lost at a page break
    pages = [r.loc.page for r in result.records]
    assert sorted(set(pages)) == [1, 2, 3] and pages == sorted(pages)
    repeated = [item for item in result.layout if item.role == "repeated table header"]
    assert [item.loc.page for item in repeated] == [2, 3]
    assert [item.loc.lines for item in repeated] == [(1,), (1,)]
    assert [r.order for r in result.records] == list(range(110))


def test_table_continued_without_repeated_header(tmp_path):
    rows = [(str(1000 + i), f"Name{i}", "500", f"Text {i}") for i in range(70)]
    result = parsed(write_pdf(tmp_path / "t.pdf", rows, borders=TableBordersLayout.NONE, repeat_headings=0))
    assert as_rows(result) == rows
    assert {r.loc.page for r in result.records} == {1, 2}


def test_text_around_tables_captions_and_footnotes(tmp_path):
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=10)
    doc.multi_cell(0, 6, "Storage API reference. This page lists the error codes of the storage service, "
                         "with the HTTP status each one is returned with.", new_x="LMARGIN", new_y="NEXT")
    for caption, rows, borders in (
        ("4XX errors", [("InvalidBucketName", "BadBucket", "400", "The bucket name is illegal."),
                        ("NoSuchKey", "MissingKey", "404", "Not found.")], TableBordersLayout.NONE),
        ("5XX errors", [("InternalError", "Internal", "500", "Server internal error."),
                        ("ServiceUnavailable", "Busy", "503", "Try again *")], TableBordersLayout.ALL),
    ):
        doc.ln(6)
        doc.cell(0, 8, caption, new_x="LMARGIN", new_y="NEXT")
        with doc.table(borders_layout=borders, col_widths=(45, 30, 25, 80), line_height=6) as table:
            for r in (HEADER, *rows):
                row = table.row()
                for cell in r:
                    row.cell(cell)
        doc.ln(4)
        doc.multi_cell(0, 6, "These errors can be retried after a while." if caption.startswith("4")
                       else "* Retry with exponential backoff.", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "mixed.pdf"
    doc.output(str(path))
    result = parsed(path)
    assert [(r.code, r.get("category")) for r in result.records] == [
        ("InvalidBucketName", "4XX errors"), ("NoSuchKey", "4XX errors"),
        ("InternalError", "5XX errors"), ("ServiceUnavailable", "5XX errors")]
    texts = [n.text for n in result.notes if n.kind == "text"]
    assert texts[0].startswith("Storage API reference.") and texts[0].endswith("returned with.")
    assert texts[1] == "These errors can be retried after a while."
    (footnote,) = [n for n in result.notes if n.kind == "footnote"]
    assert (footnote.marker, footnote.text, footnote.refs) == ("*", "Retry with exponential backoff.", ["ServiceUnavailable"])
    assert not result.conflicts
    assert_every_line_accounted(path, result)


def test_no_table_keeps_the_text_as_unparsed(tmp_path):
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=10)
    doc.multi_cell(0, 6, "1001 The account is locked.\n1002 The password expired.\n\nContact support.")
    path = tmp_path / "prose.pdf"
    doc.output(str(path))
    result = parsed(path)
    assert result.records == []
    texts = [c.values[0]["value"] for c in result.conflicts if c.kind == "unparsed_text"]
    assert texts == ["1001 The account is locked. 1002 The password expired.", "Contact support."]
    # Line indexes count the page's text lines; the blank line between the paragraphs is none.
    assert [c.values[0]["location"].rsplit(":", 1)[1] for c in result.conflicts] == ["page 1 line 1", "page 1 line 3"]


def assert_every_line_accounted(path: Path, result) -> None:
    import pdfplumber

    with pdfplumber.open(path) as doc:
        seen = {(r.loc.page, n) for r in result.records for n in r.loc.lines}
        seen |= {(item.loc.page, n) for item in [*result.notes, *result.layout] for n in item.loc.lines}
        for number, page in enumerate(doc.pages, 1):
            count = len(pdf.text_lines(page.extract_words(x_tolerance=1.5, y_tolerance=3), number, DEFAULT_SETTINGS))
            assert {(number, n) for n in range(1, count + 1)} <= seen


def test_settings_are_one_documented_dataclass():
    from dataclasses import FrozenInstanceError, fields

    from pdfplumber.table import TableSettings

    assert PdfTableSettings is PdfSettings and DEFAULT_SETTINGS == Settings().pdf  # one dataclass, in settings.py
    names = {f.name for f in fields(PdfTableSettings)}
    assert {"column_gap_em", "row_band_ratio", "table_end_gap_em", "min_rows"} <= names
    TableSettings.resolve(DEFAULT_SETTINGS.ruled())  # every knob passed to pdfplumber is one it knows
    with pytest.raises(FrozenInstanceError):
        DEFAULT_SETTINGS.min_rows = 1  # type: ignore[misc]


def test_detected_by_content_and_surest(tmp_path):
    path = write_pdf(tmp_path / "catalog.bin")  # the name says nothing
    doc = load(path, "x")
    assert pdf.sniff(doc) == 1.0 and detect(doc).name == "pdf"


def test_pdfplumber_imported_only_by_the_parser():
    code = ("import sys, extract.cli, extract.parsers as p; p.layouts(); "
            "print('pdfplumber' in sys.modules, 'lxml' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_cli_builds_a_pdf(tmp_path, run_cli):
    path = write_pdf(tmp_path / "storage-errors.pdf", title="Error codes")
    code, out, err = run_cli(["build", "--catalog", "demo", "--out", tmp_path / "out", path], cwd=tmp_path)
    assert code == 0, err
    assert out.startswith(f"built {tmp_path / 'out'}/: 1 catalogs, 5 entries from 1 sources")
    catalog = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    (source,) = catalog["sources"]
    assert (source["format"], source["records"]) == ("pdf", 5)
    entries = {e["code"]: e for e in catalog["entries"]}
    assert [(e["name"], e["http_status"], e["message"], e["category"]) for e in entries.values()] == [
        (n, int(s), m, "Error codes") for _, n, s, m in ROWS]
    prov = entries["101"]["provenance"]["message"]
    assert prov["page"] == 1 and prov["lines"] == [4, 5, 6] and prov["location"].endswith("storage-errors.pdf:page 1 line 4")


def test_cli_reports_a_broken_pdf(tmp_path, run_cli):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is no pdf at all\n")
    code, out, err = run_cli(["build", "--catalog", "demo", "--out", tmp_path / "out", bad], cwd=tmp_path)
    assert code == 2
    assert err.count("\n") == 1 and "broken.pdf" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_pdf_without_a_table_is_read_through_its_text_layer(tmp_path, run_cli):
    """No table drawn or spaced on the page: the text layer is read as a document of its own by whichever text
    layout recognises it (here a prose list: a code, then `name. description`), pages named in the layout."""
    lines = ["Registration error codes", "Codes are grouped into categories:", "- 100-199. Missing input.",
             "- 200-299. Invalid input."]
    entries = [(str(100 + i), f"missing_field_{i}", f"The field number {i} was not supplied.") for i in range(40)]
    entries += [(str(200 + i), f"invalid_field_{i}", f"The field number {i} is malformed.") for i in range(40)]
    for code, name, text in entries:
        lines += [code, f"{name}. {text}"]
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=10)
    for line in lines:
        doc.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    doc.output(str(tmp_path / "codes.pdf"))
    out = tmp_path / "out"
    code, _, err = run_cli(["build", "--catalog", "demo", "--out", out, tmp_path / "codes.pdf"], cwd=tmp_path)
    assert code == 0, err
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    source = catalog["sources"][0]
    assert source["format"] == "pdf text layer: prose"
    assert [(e["code"], e["name"], e["description"]) for e in catalog["entries"]] == entries
    assert {e["category"] for e in catalog["entries"]} == {"Missing input", "Invalid input"}
    pages = [i for i in source["layout"] if i["role"].startswith("page ")]
    assert len(pages) >= 3  # 164 lines over several pages, each page's lines named
    assert catalog["entries"][0]["provenance"]["code"]["location"] == "codes.pdf (text layer):5"


# ------------------------------------------------------------------ a catalog over pages: wrapped header, group rows

GROUPED_HEADER = ("Code", "HTTP Status", "Name", "Description")  # `HTTP Status` wraps: `HTTP` over `Status`
GROUPS = ("Authentication errors", "Validation errors", "Server errors")
WORDS = ("the request token account quota bucket object was is not could be because limit exceeded invalid "
         "missing server retry later permission denied signature expired region").split()


def grouped_rows(seed: int = 1, count: int = 64) -> list[tuple[str, str, str, str, str]]:
    """(category, code, status, name, description): short codes beside three-digit statuses (read as one cell,
    `1 500`, they are wrong), descriptions from 3 to 22 words that wrap over up to six lines."""
    rnd = random.Random(seed)
    rows = []
    for i in range(count):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 22))).capitalize() + "."
        name = rnd.choice(("Unauthorized", "Forbidden", "NotFound", "Conflict", "TooLarge", "Internal")) + str(i)
        rows.append((GROUPS[i * len(GROUPS) // count], str(i + 1), rnd.choice(("400", "401", "403", "404", "500")),
                     name, text))
    return rows


def write_grouped_pdf(path: Path, rows, *, borders=TableBordersLayout.NONE, repeat_headings=1, v_align="TOP",
                      groups=True) -> Path:
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=8)
    doc.cell(0, 8, "Error codes", new_x="LMARGIN", new_y="NEXT")
    with doc.table(borders_layout=borders, col_widths=(14, 11, 32, 55), width=112, line_height=4.2,
                   repeat_headings=repeat_headings, v_align=v_align, align="LEFT") as table:
        row = table.row()
        for cell in GROUPED_HEADER:
            row.cell(cell)
        last = None
        for category, *cells in rows:
            if groups and category != last:
                table.row().cell(category, colspan=len(GROUPED_HEADER))  # a group row over the whole table
                last = category
            row = table.row()
            for cell in cells:
                row.cell(cell)
    doc.output(str(path))
    return path


def grouped_as_rows(result) -> list[tuple]:
    return [(r.get("category"), r.code, str(r.get("http_status")), r.get("name"), r.get("description"))
            for r in result.records]


def page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as doc:
        return len(doc.pages)


@pytest.mark.parametrize("v_align", ["TOP", "MIDDLE", "BOTTOM"])
@pytest.mark.parametrize("repeat_headings", [1, 0], ids=["header-repeated", "header-once"])
def test_unruled_table_over_three_pages_with_wrapped_header_and_group_rows(tmp_path, repeat_headings, v_align):
    """No ruling lines: the columns come from the words aligned down the rows, `HTTP` / `Status` is one header
    cell, each wrapped description joins the row whose code starts it, a group row names the rows under it
    (also when it is left at the bottom of a page), and the table runs on over pages with or without its header."""
    rows = grouped_rows()
    path = write_grouped_pdf(tmp_path / "t.pdf", rows, repeat_headings=repeat_headings, v_align=v_align)
    assert page_count(path) == 3
    result = parsed(path)
    assert grouped_as_rows(result) == rows  # every field of every row; no group row read as an entry
    assert sorted({r.loc.page for r in result.records}) == [1, 2, 3]
    assert [r.order for r in result.records] == sorted(r.order for r in result.records)
    header = next(item for item in result.layout if item.role == "table header")
    assert header.loc.page == 1 and len(header.loc.lines) >= 2  # the header's two text lines, one row
    repeated = [item.loc.page for item in result.layout if item.role == "repeated table header"]
    assert repeated == ([2, 3] if repeat_headings else [])
    assert [n.text for n in result.notes if n.kind == "section"] == list(GROUPS)
    assert not [c for c in result.conflicts if c.kind in ("unparsed_text", "header_mismatch", "missing_value",
                                                          "orphan_fragment", "invalid_value")]
    assert_every_line_accounted(path, result)


@pytest.mark.parametrize("repeat_headings", [1, 0], ids=["header-repeated", "header-once"])
def test_ruled_table_over_pages_with_group_rows(tmp_path, repeat_headings):
    rows = grouped_rows(seed=2)
    path = write_grouped_pdf(tmp_path / "t.pdf", rows, borders=TableBordersLayout.ALL,
                             repeat_headings=repeat_headings)
    assert page_count(path) == 3
    result = parsed(path)
    assert grouped_as_rows(result) == rows
    assert not [c for c in result.conflicts if c.kind in ("joined_fragment", "orphan_fragment", "missing_value")]
    assert_every_line_accounted(path, result)


def test_unruled_columns_come_from_aligned_words_not_header_gaps(tmp_path):
    """A table with no header at all: nothing but the words aligned down its rows shows its columns (the typing
    stage then reads a column of distinct symbols as the name and the text as the message)."""
    rows = [(g, code, status, f"E_{name[:6].upper()}_{code}", text) for g, code, status, name, text in grouped_rows(seed=3, count=12)]
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=10)
    with doc.table(borders_layout=TableBordersLayout.NONE, col_widths=(18, 14, 40, 50), width=122,
                   line_height=5.6, first_row_as_headings=False, align="LEFT") as table:
        for _, *cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    path = tmp_path / "headless.pdf"
    doc.output(str(path))
    result = parsed(path)
    assert [(r.code, r.get("http_status"), r.get("name"), r.get("message")) for r in result.records] == [
        (code, int(status), name, text) for _, code, status, name, text in rows]


def test_settings_come_from_the_context(tmp_path):
    path = write_grouped_pdf(tmp_path / "t.pdf", grouped_rows(count=10))
    strict = replace(Settings(), pdf=replace(PdfSettings(), column_min_lines=1000))  # no column can be seen
    assert grouped_as_rows(pdf.parse(load(path, "t"), Context("demo"))) == grouped_rows(count=10)
    assert pdf.parse(load(path, "t"), Context("demo", settings=strict)).records == []


# ------------------------------------------------------------- tables the rendering matrix showed read wrongly

CATALOG_HEADER = ("Error Code", "Error Name", "HTTP Status", "Message")  # `Error` / `Code` wraps in its column
CATALOG = [
    ("1000", "deviceTooLarge", "413", "The device is too large for the plan you are on."),
    ("1001", "deviceAccessDenied", "403", "You are not allowed to access this device."),
    ("1011", "accountExpired", "401", "The account has expired."),
    ("1014", "scheduleUnsupported", "415", "The schedule is not supported by this region or plan."),
    ("1015", "queryLocked", "423", "The query is locked."),
    ("1018", "workspaceTooLarge", "413", "Split the workspace into smaller parts and retry."),
]


def write_catalog_pdf(path: Path, rows=CATALOG, *, borders=TableBordersLayout.ALL, v_align="MIDDLE",
                      header=CATALOG_HEADER, widths=(16, 38, 18, 40), groups=None,
                      intro="The service reports the success or failure of a request with an error code.") -> Path:
    """A catalog table as a generator of PDFs draws it: narrow key and status columns as wide as their
    longest word (so `Error Code` and `HTTP Status` wrap), a narrow text column; `groups`: {row index: title}
    for a group row over the whole table before that row."""
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=9)
    doc.multi_cell(0, 5, intro, new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    with doc.table(borders_layout=borders, col_widths=widths, width=sum(widths), line_height=4.5,
                   v_align=v_align, align="LEFT", text_align="LEFT",
                   first_row_as_headings=header is not None) as table:
        if header is not None:
            row = table.row()
            for cell in header:
                row.cell(cell)
        for n, cells in enumerate(rows):
            if groups and n in groups:
                table.row().cell(groups[n], colspan=len(cells))
            row = table.row()
            for cell in cells:
                row.cell(cell)
    doc.ln(3)
    doc.multi_cell(0, 5, "Codes not listed here are reserved.", new_x="LMARGIN", new_y="NEXT")
    doc.output(str(path))
    return path


def catalog_rows(result) -> list[tuple[str, str, str, str]]:
    return [(r.code, r.get("name"), str(r.get("http_status")), r.get("message")) for r in result.records]


@pytest.mark.parametrize("borders", [TableBordersLayout.INTERNAL, TableBordersLayout.HORIZONTAL_LINES,
                                     TableBordersLayout.NONE],
                         ids=["inner-lines-only", "horizontal-rules-only", "unruled"])
@pytest.mark.parametrize("v_align", ["TOP", "MIDDLE"])
def test_tables_drawn_with_inner_lines_only_are_read_whole(tmp_path, borders, v_align):
    """fpdf2's INTERNAL borders draw the rules between cells and no frame, so pdfplumber's lines strategy
    closes only the inner cells; the rules reach over the whole table, which is read inside their frame (not
    as a ruled part plus an unruled rest). A header key cell wrapped over lines (`Error` / `Code`, `HTTP` /
    `Status`) is the header, never a row of its own."""
    result = parsed(write_catalog_pdf(tmp_path / "t.pdf", borders=borders, v_align=v_align))
    assert catalog_rows(result) == CATALOG
    header = next(item for item in result.layout if item.role == "table header")
    assert len(header.loc.lines) >= 2
    assert not [c for c in result.conflicts if c.kind in ("unparsed_text", "header_mismatch", "orphan_fragment")]
    assert [n.text for n in result.notes if n.kind == "text"][-1] == "Codes not listed here are reserved."


@pytest.mark.parametrize("borders", [TableBordersLayout.ALL, TableBordersLayout.INTERNAL], ids=["framed", "inner-lines-only"])
def test_ruled_group_rows_and_headerless_tables_invent_no_entries(tmp_path, borders):
    groups = {0: "Authentication errors", 3: "Storage errors"}
    result = parsed(write_catalog_pdf(tmp_path / "g.pdf", borders=borders, groups=groups))
    assert catalog_rows(result) == CATALOG
    assert [r.get("category") for r in result.records] == ["Authentication errors"] * 3 + ["Storage errors"] * 3
    headless = parsed(write_catalog_pdf(tmp_path / "h.pdf", borders=borders, header=None))
    assert catalog_rows(headless) == CATALOG


@pytest.mark.filterwarnings("ignore:Dimensions for page format")
def test_last_row_alone_on_the_next_page_continues_the_ruled_table(tmp_path):
    """A ruled table whose last row is pushed onto the next page: that page's one-row table continues it."""
    rows = [(str(2000 + i), f"objectUnavailable{i}", "503", "You are advised to stop all requests to it and "
             "resume them later, once the object is available again.") for i in range(40)]
    doc = fpdf.FPDF(format="A5")
    doc.add_page()
    doc.set_font("helvetica", size=9)
    with doc.table(col_widths=(16, 38, 18, 50), width=122, line_height=4.5, repeat_headings=0) as table:
        row = table.row()
        for cell in CATALOG_HEADER:
            row.cell(cell)
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    path = tmp_path / "p.pdf"
    doc.output(str(path))
    import pdfplumber

    with pdfplumber.open(path) as pages:  # the point of the test: one row alone on the last page
        last = pages.pages[-1].find_tables(DEFAULT_SETTINGS.ruled())
        assert len(last) == 1 and len(last[0].rows) == 1
    assert catalog_rows(parsed(path)) == rows


@pytest.mark.filterwarnings("ignore:Dimensions for page format")
def test_unruled_continuation_with_one_row_keeps_the_columns_of_the_page_before(tmp_path):
    """Too few rows on a page show no aligned columns; the table continued from the page before keeps its."""
    rows = [(str(3000 + i), f"paymentInvalid{i}", "400", "The payment you specified is not in the correct "
             "format. Contact support if the problem persists.") for i in range(13)]
    doc = fpdf.FPDF(format="A5")
    doc.add_page()
    doc.set_font("helvetica", size=9)
    with doc.table(borders_layout=TableBordersLayout.NONE, col_widths=(16, 38, 18, 50), width=122,
                   line_height=4.5, repeat_headings=1, align="LEFT", text_align="LEFT") as table:
        row = table.row()
        for cell in CATALOG_HEADER:
            row.cell(cell)
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    path = tmp_path / "u.pdf"
    doc.output(str(path))
    result = parsed(path)
    assert max(r.loc.page for r in result.records) == 2
    assert catalog_rows(result) == rows
    assert [item.loc.page for item in result.layout if item.role == "repeated table header"] == [2]


@pytest.mark.parametrize("borders", [TableBordersLayout.ALL, TableBordersLayout.NONE], ids=["ruled", "unruled"])
def test_a_word_cut_at_a_line_break_joins_without_a_space(tmp_path, borders):
    """A word wider than its column is cut where the line is full (`ROLE_ACCESS_DENIED_FOR_TH` / `IS_SCOPE`,
    `Authenticatio` / `n errors`): it joins again without a space, where the text agrees (an identifier; a
    word the page uses whole). Words that wrap at a space keep it."""
    rows = [
        ("1000", "ROLE_ACCESS_DENIED_FOR_THIS_SCOPE", "403", "Authentication errors"),
        ("1001", "TOKEN_EXPIRED", "401", "Network errors"),
        ("1002", "QUOTA_EXCEEDED", "429", "Authentication errors"),
    ]
    path = write_catalog_pdf(tmp_path / "c.pdf", rows, borders=borders, widths=(16, 34, 18, 22),
                             header=("Code", "Name", "HTTP Status", "Category"),
                             intro="Authentication errors come first, network errors last.")
    import pdfplumber

    with pdfplumber.open(path) as doc:  # the point of the test: both words are cut inside
        text = doc.pages[0].extract_text()
        assert "Authentication errors" not in text.split("\n", 1)[1] and "ROLE_ACCESS_DENIED_FOR_THIS_SCOPE" not in text
    result = parsed(path)
    assert [(r.code, r.get("name"), r.get("http_status"), r.get("category")) for r in result.records] == [
        (code, name, int(status), category) for code, name, status, category in rows]


# ------------------------------------------------------------- rows by geometry, text around and inside tables

CENTRED = [  # cells of 1 to 5 lines: a wrapped line often sits one line pitch from two rows' key lines
    ("-1014", "WEBHOOK_LIMIT_EXCEEDED", "Too many requests for this webhook.",
     "Retry after the number of seconds given in the Retry-After header."),
    ("-1016", "USER_UNSUPPORTED", "The user is not supported.",
     "The service does not support this kind of user. This can also indicate that the network is failing badly."),
    ("-1017", "REGION_TIMEOUT", "The region timed out.",
     "A request times out if it does not complete in time. Check the error message for more details."),
    ("-1023", "TEMPLATE_UNAUTHORIZED", "Authentication is required for this template.",
     "You did not provide the credentials that the template requires."),
    ("-1029", "OBJECT_TIMEOUT", "The object timed out.",
     "The object did not complete within 60 seconds. Retry the request after a short delay."),
    ("-1039", "UPLOAD_UNSUPPORTED", "The upload is not supported.", "See the list of supported values."),
    ("-1040", "SCHEDULE_CONFLICT", "The schedule was modified by another request.",
     "The schedule changed after you read it."),
]


def write_matrix_like_pdf(path: Path, rows, header=("Code", "Name", "Error Message", "Description"), *,
                          widths=(14, 50, 26, 38), borders=TableBordersLayout.NONE, v_align="MIDDLE",
                          fmt="A5", repeat_headings=0, groups=None, intro=None) -> Path:
    """fpdf2's table as the rendering matrix draws it: no padding between rows, short columns as wide as
    their longest word, narrow text columns; `groups`: {row index: title} for a group row over the table."""
    import warnings

    warnings.filterwarnings("ignore", message="Dimensions for page format", category=UserWarning)
    doc = fpdf.FPDF(format=fmt)
    doc.set_margins(10, 10, 10)
    doc.set_auto_page_break(True, margin=12)
    doc.add_page()
    doc.set_font("helvetica", size=9)
    doc.multi_cell(0, 5, intro or "The table below lists every code and what it means.", new_x="LMARGIN",
                   new_y="NEXT")
    doc.ln(2)
    with doc.table(col_widths=widths, width=sum(widths), line_height=4.5, text_align="LEFT", align="LEFT",
                   borders_layout=borders, v_align=v_align, repeat_headings=repeat_headings) as table:
        row = table.row()
        for cell in header:
            row.cell(cell)
        for n, cells in enumerate(rows):
            if groups and n in groups:
                table.row().cell(groups[n], colspan=len(header))
            row = table.row()
            for cell in cells:
                row.cell(cell)
    doc.ln(3)
    doc.multi_cell(0, 5, "Codes not listed here are reserved.", new_x="LMARGIN", new_y="NEXT")
    doc.output(str(path))
    return path


def text_rows(result) -> list[tuple]:
    return [(r.code, r.get("name"), r.get("message"), r.get("description")) for r in result.records]


@pytest.mark.parametrize("v_align", ["TOP", "MIDDLE", "BOTTOM"])
def test_unruled_rows_share_their_key_cells_top_centre_or_bottom(tmp_path, v_align):
    """No rules and no space between rows: every cell of a row has its top, its centre or its bottom where
    the row's key cell has, so each wrapped line joins the row whose anchor its cell's lines match — also
    where a line lies one line pitch from two key lines, and over pages (the top line of the next page,
    `Retry after the number of`, names no column)."""
    rows = CENTRED * 3
    rows = [(str(int(code) - 100 * (i // len(CENTRED))), name, message, description)
            for i, (code, name, message, description) in enumerate(rows)]
    path = write_matrix_like_pdf(tmp_path / "c.pdf", rows, v_align=v_align)
    assert page_count(path) >= 2
    result = parsed(path)
    assert text_rows(result) == rows
    assert [n.text for n in result.notes if n.kind == "text"][-1] == "Codes not listed here are reserved."


def test_a_row_alone_on_a_page_keeps_the_columns_of_the_page_before(tmp_path):
    """A row taller than what is left of a page opens the next page alone: too few lines align there to show
    the columns, so the columns of the page before hold — though a longer word of this page reaches further
    into a gutter than any word there did."""
    long = " ".join(["The request does not include an invoice, which this operation requires."] * 6)
    rows = [(str(4000 + i), f"Invoice{'Missing' if i % 2 else 'Unsupported'}{i}", "Too many requests for this quota.",
             long if i % 3 == 1 else "Retry after a short delay.") for i in range(9)]
    path = write_matrix_like_pdf(tmp_path / "t.pdf", rows, v_align="MIDDLE")
    assert page_count(path) >= 3
    assert text_rows(parsed(path)) == rows


def test_group_rows_read_over_pages_and_text_below_is_no_row(tmp_path):
    """A group row over the whole table names the rows under it, also where its words happen to line up with
    the columns (one run of words over a column boundary is one cell, never two); the sentence under the
    table is text, not a row."""
    probe = fpdf.FPDF()
    probe.set_font("helvetica", size=9)
    code_width = probe.get_string_width("Storage ") + 0.2  # `errors` starts where the names do
    rows = [(str(20000 + i), f"Object{i}Invalid", "The object is invalid.", "The object you specified is not "
             "in the correct format.") for i in range(12)]
    groups = {0: "Storage errors", 5: "Validation errors"}
    path = write_matrix_like_pdf(tmp_path / "g.pdf", rows, groups=groups, v_align="TOP",
                                 widths=(code_width, 30, 30, 50))
    result = parsed(path)
    assert text_rows(result) == rows
    assert [r.get("category") for r in result.records] == ["Storage errors"] * 5 + ["Validation errors"] * 7


@pytest.mark.parametrize("v_align", ["TOP", "MIDDLE"])
def test_inner_lines_only_group_rows_keep_their_rows_in_one_table(tmp_path, v_align):
    """Drawn with inner lines only, a group row has no vertical rule to join it to the rows around it: the
    rule across the whole table one text line away reaches over it, so the header, the group rows and the
    rows stay one table and every row keeps its category."""
    rows = [(str(1000 + i), f"Quota{i}Unauthorized", "Authentication is required for this quota.",
             "You did not provide the credentials that the quota requires.") for i in range(16)]
    groups = {0: "Account errors", 4: "Server errors", 11: "Rate limiting"}
    path = write_matrix_like_pdf(tmp_path / "i.pdf", rows, borders=TableBordersLayout.INTERNAL, v_align=v_align,
                                 groups=groups, repeat_headings=1)
    result = parsed(path)
    assert text_rows(result) == rows
    assert [r.get("category") for r in result.records] == (
        ["Account errors"] * 4 + ["Server errors"] * 7 + ["Rate limiting"] * 5)


def test_a_cut_word_is_known_by_how_the_document_spells_its_words(tmp_path):
    """`Authenticati` / `on errors`: the document never writes `Authentication` whole, but the letters around
    the break (`ti|on`) run on inside its words (`operation`), where two words broken apart (`Network` /
    `errors`) put letters together no word holds. A column of like values one a line (`1.0` / `1.0`) and an
    upper-case identifier over a sentence are never joined."""
    rows = [(str(21 + i), f"WEBHOOK_{i}_EXPIRED", "The operation has expired.", cat)
            for i, cat in enumerate(["Authentication errors", "Network errors"] * 3)]
    for n, borders in enumerate((TableBordersLayout.ALL, TableBordersLayout.NONE)):
        path = write_matrix_like_pdf(tmp_path / f"w{n}.pdf", rows, header=("Code", "Name", "Message",
                                     "Category"), widths=(12, 40, 60, 19.5), fmt="A4", borders=borders, v_align="TOP",
                                     intro="Every code is listed once.")
        import pdfplumber

        with pdfplumber.open(path) as doc:  # the point of the test: the word is cut, and nowhere whole
            text = doc.pages[0].extract_text()
            assert "Authenticati\n" in text and "Authentication" not in text
        result = parsed(path)
        assert [(r.code, r.get("category")) for r in result.records] == [(c, cat) for c, _, _, cat in rows]


def test_like_values_one_a_line_are_not_a_cut_word():
    from extract.parsers.pdf_geometry import Vocabulary, cut_inside_word

    word = lambda text, x0, x1: {"text": text, "x0": x0, "x1": x1, "top": 0, "bottom": 9}  # noqa: E731
    vocabulary = Vocabulary({"ratified", "1.0", "codes", "not"}, {"not"})
    assert not cut_inside_word([word("Ratified", 10, 40)], [word("Ratified", 10, 40)], 40, vocabulary,
                               lambda w: 5.0)
    assert not cut_inside_word([word("EMAIL_ADDRESS_LIMIT_EXCEEDED", 10, 180)], [word("Codes", 10, 35),
                               word("not", 37, 50)], 180, vocabulary)


def test_a_table_drawn_inside_a_cell_is_that_cells_text(tmp_path):
    """A register table whose `Description` cell holds a table of encodings (`Value | Name | Description`):
    pdfplumber gives the outer table the inner one's columns, under blank header cells. Its rows are text of
    the cell they stand in, not rows (nor entries) of their own."""
    doc = fpdf.FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=9)
    doc.cell(0, 8, "Figure 37. Device-directory-table pointer register fields", new_x="LMARGIN", new_y="NEXT")
    x0, y, widths, h = doc.l_margin, doc.get_y(), (20, 30, 20, 30, 20, 40), 7
    lines = [("Bits", "Field", "Attribute", "Description", "", ""),
             ("3:0", "iommu_mode", "WARL", "The mode:", "", ""),
             ("", "", "", "Value", "Name", "Description"),
             ("", "", "", "0", "Off", "No transactions"),
             ("", "", "", "1", "Bare", "No translation"),
             ("9:4", "reserved", "WPRI", "Reserved.", "", "")]
    for n, cells in enumerate(lines):
        x = x0
        for k, (text, w) in enumerate(zip(cells, widths)):
            doc.set_xy(x, y + n * h)
            doc.cell(w, h, text)
            x += w
    right = x0 + sum(widths)
    for n in range(len(lines) + 1):  # rows: full width, except inside the inner table
        inner = 3 <= n <= 4
        doc.line(x0 + (sum(widths[:3]) if inner else 0), y + n * h, right, y + n * h)
    for k in range(len(widths) + 1):
        xk = x0 + sum(widths[:k])
        if k in (4, 5):  # the inner table's own column rules
            doc.line(xk, y + 2 * h, xk, y + 5 * h)
        else:
            doc.line(xk, y, xk, y + len(lines) * h)
    path = tmp_path / "n.pdf"
    doc.output(str(path))
    result = parsed(path)
    assert not result.records
    table = next(n for n in result.notes if n.kind == "table")
    assert table.text.split("\n")[0] == "Bits | Field | Attribute | Description"
    assert "Value | Name | Description" in table.text and "0 | Off | No transactions" in table.text


def test_a_running_header_captions_no_continued_table(tmp_path):
    """`4.2. Fault queue | Page 61` at the top of every page is a running header: it does not caption the part
    of a table continued under it, nor name its rows."""
    doc = fpdf.FPDF()
    doc.set_auto_page_break(True, margin=15)
    doc.set_font("helvetica", size=9)
    pages = iter(range(60, 70))

    def header():
        doc.set_y(5)
        doc.cell(0, 5, f"4.2. Fault queue | Page {next(pages)}", new_x="LMARGIN", new_y="NEXT")
        doc.set_y(12)

    doc.header = header
    doc.add_page()
    doc.multi_cell(0, 5, "The CAUSE is a code indicating the cause of the fault.", new_x="LMARGIN", new_y="NEXT")
    rows = [(str(256 + i), f"Fault{i}", "503", "The transaction faulted while it was being translated and "
             "could not complete.") for i in range(60)]
    with doc.table(col_widths=(16, 38, 18, 60), width=132, line_height=4.5, repeat_headings=1) as table:
        row = table.row()
        for cell in CATALOG_HEADER:
            row.cell(cell)
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    path = tmp_path / "h.pdf"
    doc.output(str(path))
    assert page_count(path) >= 3
    result = parsed(path)
    assert catalog_rows(result) == rows
    assert {r.get("category") for r in result.records} == {None}


MATRIX_CORNERS = [  # (layout, shape, catalog): renderings of the matrix that each family of fault broke
    ("pdf-unruled", "negative", 4),   # centred rows without padding; `number` in a wrapped line is no header
    ("pdf-unruled", "long-text", 1),  # a row alone on a page; a longer word in the page before's gutter
    ("pdf-unruled", "permuted", 0),   # two rows whose cells open alike are no repeated header
    ("pdf-unruled", "permuted", 4),   # centred rows; the note under the table is no cell
    ("pdf-unruled", "symbolic", 2),   # `APIKeyLocked`, a key no pattern knows, under a wrapped header
    ("pdf-unruled", "groups", 3),     # `Storage errors` lined up with the columns is a group row
    ("pdf-unruled", "groups", 2),     # `Codes not listed here are reserved.` is no entry
    ("pdf-unruled", "groups", 7),     # `Error` over `Message` names no key: the header runs over three lines
    ("pdf-unruled", "synonyms", 3),   # `Fault` alone above `Constant HTTP Reason Cause` is a header line
    ("pdf-unruled", "synonyms", 10),  # `ID` beside `Status`: a header line, not a row
    ("pdf-unruled", "all-fields", 2), # `Authenticati` / `on errors`, the word nowhere whole
    ("pdf-ruled", "all-fields", 2),
    ("pdf-ruled", "groups", 4),       # inner lines only: group rows between the ruled parts
    ("pdf-ruled", "no-header", 0),    # a last row alone, its columns shown by inner rules only
    ("pdf-ruled", "permuted", 0),     # an upper-case identifier does not run on into the note below
    ("pdf-ruled", "symbolic", 8),     # the note below a symbolic key column is no wrapped key
]


@pytest.mark.parametrize("layout,shape,number", MATRIX_CORNERS, ids=[f"{l}-{s}-{n}" for l, s, n in MATRIX_CORNERS])
def test_matrix_renderings_come_back_field_for_field(layout, shape, number):
    """Catalogs of the rendering matrix (fpdf2, the generator is the truth) that once came back wrong, each
    compared field by field with the catalog it was rendered from."""
    from tests.matrix.run import run_one

    result = run_one(("full", layout, shape, number))
    assert not result.error
    assert (result.score.missing, result.score.invented, result.score.spurious) == (0, 0, 0)
    assert result.score.exact == result.score.checked, result.score.examples[:5]


@pytest.mark.parametrize("borders", [TableBordersLayout.ALL, TableBordersLayout.INTERNAL],
                         ids=["ruled", "inner-lines-only"])
def test_ruled_cells_read_by_index_as_pdfplumber_reads_them(tmp_path, borders):
    """A ruled table's cells are read through a page index (chars and lines sorted by position) rather than by
    pdfplumber's `Table.extract`, which scans the page's chars for every row: the texts must be the very same,
    and each lookup of the index must answer what a scan of the whole page does."""
    import pdfplumber

    from extract.parsers.pdf_geometry import text_lines
    from extract.parsers.pdf_ruled import PageIndex, table_texts

    settings = DEFAULT_SETTINGS
    path = write_grouped_pdf(tmp_path / "t.pdf", grouped_rows(seed=5), borders=borders, v_align="MIDDLE")
    with pdfplumber.open(path) as doc:
        checked = 0
        for number, page in enumerate(doc.pages, 1):
            words = page.extract_words(x_tolerance=settings.word_x_tolerance, y_tolerance=settings.line_y_tolerance)
            lines = text_lines(words, number, settings)
            index = PageIndex(page.chars, lines)
            for found in page.find_tables(settings.ruled()):
                expected = found.extract(x_tolerance=settings.word_x_tolerance, y_tolerance=settings.line_y_tolerance)
                assert table_texts(found, index, settings) == expected
                checked += sum(1 for row in expected for c in row if c)
            for ln in lines:
                top, bottom = ln.top - 1, ln.bottom + 1
                assert [x for x in index.lines_near(top, bottom) if x.bottom >= top and x.top <= bottom] == \
                       [x for x in lines if x.bottom >= top and x.top <= bottom]
                assert [c for _, c in index.chars_in_band(top, bottom)] == \
                       [c for c in page.chars if top <= (c["top"] + c["bottom"]) / 2 < bottom]
                w = ln.words[0]
                assert [c for c in index.chars_at_x0(w["x0"], 0.05) if abs(c["x0"] - w["x0"]) < 0.05] == \
                       [c for c in page.chars if abs(c["x0"] - w["x0"]) < 0.05]
            mids = sorted({(c["top"] + c["bottom"]) / 2 for c in page.chars})
            for top, bottom in zip(mids, mids[2:]):  # bands ending on a char's middle: the bounds are exact
                assert [c for _, c in index.chars_in_band(top, bottom)] == \
                       [c for c in page.chars if top <= (c["top"] + c["bottom"]) / 2 < bottom]
    assert checked > 100
