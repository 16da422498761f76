"""The AsciiDoc layout (extract/parsers/asciidoc.py): `|===` tables with their cell specs, titles and
sections. Every document is written by hand here and its truth read off it row by row."""
from __future__ import annotations

from layout_helpers import build, lost_lines

from extract.parsers.asciidoc import split_cells


def entries(b, *names) -> list[tuple]:
    return [tuple(e[n] for n in names) for e in b["catalog"]["entries"]]


def test_cells_and_their_spans():
    assert split_cells("| a | b | c") == [(1, " a "), (1, " b "), (1, " c")]
    assert split_cells("2+| Reserved") == [(2, " Reserved")]
    assert split_cells("a| text | 2+|span") == [(1, " text "), (1, " "), (2, "span")]
    assert split_cells(r"| x \| y | z") == [(1, r" x \| y "), (1, " z")]
    assert split_cells("continued text") is None


DOC = """\
= Platform interface
:toc:

== Error codes

The service returns these codes.

.RPMI Error Codes
[#table_error_codes]
[cols="3,1,5", width=100%, options="header"]
|===
| Name
| Code
| Description

| RPMI_SUCCESS
| 0
| Completed *successfully*.

| RPMI_ERR_FAILED
| -1
| Failed for a reason the
  service could not tell.

3+| Deprecated codes

| RPMI_ERR_OLD
| -2
| No longer returned.
|===

== Commands

[cols="2,1"]
|===
| *Description* | *Instruction*
| GET PUBLIC KEY | 0x02
| SIGN TRANSACTION | 0x04
|===
"""


def test_one_cell_per_line_with_a_title_a_span_and_a_command_table_beside(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "spec.adoc", DOC)
    assert b["catalog"]["sources"][0]["format"] == "asciidoc"
    assert entries(b, "code", "name", "description", "category") == [
        ("-2", "RPMI_ERR_OLD", "No longer returned.", "Deprecated codes"),
        ("-1", "RPMI_ERR_FAILED", "Failed for a reason the service could not tell.", "RPMI Error Codes"),
        ("0", "RPMI_SUCCESS", "Completed successfully.", "RPMI Error Codes")]
    notes = [(n["kind"], n["text"]) for c in b["catalog"]["catalogs"] for n in c["notes"]]
    assert ("title", "Platform interface") in notes  # the document title is no category
    # instruction ids: notes, not entries
    assert {t for k, t in notes if k == "table"} == {"GET PUBLIC KEY | 0x02", "SIGN TRANSACTION | 0x04"}
    assert lost_lines(b) == []


def test_rows_on_one_line_headed_by_a_blank_line_under_two_line_and_markdown_titles(run_cli, tmp_path):
    text = ("Wallet application\n==================\n\n## Status Words\n\n[width=\"80%\"]\n|===\n"
            "| SW      | Description\n\n|  0x6001 | Mode check fail\n|  0x6501 | Type not supported\n|===\n")
    b = build(run_cli, tmp_path, "app.adoc", text)
    assert entries(b, "code", "description", "category") == [
        ("0x6001", "Mode check fail", "Status Words"), ("0x6501", "Type not supported", "Status Words")]
    assert lost_lines(b) == []


def test_a_caption_that_speaks_of_codes_makes_a_unique_number_column_the_key(run_cli, tmp_path):
    text = (".Error code encodings\n[cols=\"^1,5\", options=\"header\"]\n|===\n| *Encoding* | *Description*\n"
            "|   0        | None\n|   1        | Other unspecified error\n|   2        | Corrupted data\n"
            "                 access error\n|===\n\n.Signal encodings\n[cols=\"1,5\", options=\"header\"]\n|===\n"
            "| *Encoding* | *Description*\n| 0 | Signaling is disabled.\n| 1 | Low-priority signal.\n|===\n")
    b = build(run_cli, tmp_path, "reri.adoc", text)
    assert entries(b, "code", "description") == [
        ("0", "None"), ("1", "Other unspecified error"), ("2", "Corrupted data access error")]


def test_a_table_longer_than_the_head_detection_reads_is_still_asciidoc():
    """Detection reads a bounded head of the document: a table that runs past it shows one delimiter there,
    then its cell lines to the end of the head — an AsciiDoc table all the same (not a collapsed scrape)."""
    from extract import parsers
    from extract.documents import Document
    from extract.settings import DEFAULT

    rows = [f"| {1000 + i} | Name{i} | 404 | Not found here. | The thing asked for is not there at all." for i in range(2000)]
    text = "= Errors\n\n== Section 0\n\n[options=\"header\"]\n|===\n| Code | Name | HTTP Status | Message | Description\n\n" \
        + "\n".join(rows) + "\n|===\n"
    assert len(text) > DEFAULT.detection.sniff_chars
    assert parsers.detect(Document("s", "errors.adoc", text.encode(), text)).name == "asciidoc"
