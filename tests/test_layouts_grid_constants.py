"""The reStructuredText grid-table layout and the source-constants layout: generated documents read back cell
for cell, the corpus documents in these layouts (Zenko's error page, the Parse JS SDK's ParseError.ts), and
every non-blank line accounted for."""
from __future__ import annotations

import pytest

from layout_helpers import build, lost_lines, rows

GRID = """\
Errors
======

Bucket errors
-------------

Some text before the table,
wrapped over two lines.

.. table::
   :class: longtable

   +---------------------+------+--------------------------------+
   | Error               | Code | Description                    |
   +=====================+======+================================+
   | NoSuchBucket        | 404  | The specified bucket does not  |
   |                     |      | exist.                         |
   +---------------------+------+--------------------------------+
   | VeryLongConfigurat\\ | 400  | A name broken with a           |
   | ionName             |      | backslash.                     |
   +---------------------+------+--------------------------------+
   | NoSuchBucketPolicy  | 404  | No policy.                     |
   +---------------------+------+--------------------------------+

Object errors
-------------

   +---------------------+------+--------------------------------+
   | Error               | Code | Description                    |
   +=====================+======+================================+
   | NoSuchKey           | 404  | The key does not exist.        |
   +---------------------+------+--------------------------------+
"""

CONSTANTS = """\
// Error codes of the demo client.
#include <stdio.h>

/** The request was malformed. */
#define DEMO_BAD_REQUEST 100

/**
 * The user is not signed in.
 *
 * @deprecated use DEMO_AUTH_EXPIRED
 */
#define DEMO_NOT_SIGNED_IN 101
#define DEMO_AUTH_EXPIRED 102  // The session expired.

enum demo_state { DEMO_STATE_IDLE = 0x10, DEMO_STATE_BUSY = 0x11 };
static int helper(void) { return 0; }
"""


def test_grid_tables_read_cell_for_cell(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.rst", GRID)
    assert b["catalog"]["sources"][0]["format"] == "grid"
    # "Error" holds the symbolic codes and "Code" the HTTP statuses: the unique column is the key.
    assert rows(b) == [
        ("NoSuchBucket", "", 404, "The specified bucket does not exist.", "Bucket errors"),
        ("NoSuchBucketPolicy", "", 404, "No policy.", "Bucket errors"),
        ("NoSuchKey", "", 404, "The key does not exist.", "Object errors"),
        ("VeryLongConfigurationName", "", 400, "A name broken with a backslash.", "Bucket errors"),
    ]
    e = next(e for e in b["catalog"]["entries"] if e["code"] == "NoSuchBucket")
    assert e["provenance"]["description"]["lines"] == [16, 17]
    mismatch = [c for c in b["conflicts"] if c["kind"] == "header_mismatch"]
    assert {(c["field"], c["values"][0]["value"], c["values"][0]["location"]) for c in mismatch} == {
        ("http_status", "Code", "errors.rst:14"), ("http_status", "Code", "errors.rst:29")}  # each header's line
    texts = [n["text"] for n in b["catalog"]["catalogs"][0]["notes"]]
    assert "Some text before the table, wrapped over two lines." in texts
    assert lost_lines(b) == []


def test_constants_with_their_doc_comments(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.h", CONSTANTS)
    assert b["catalog"]["sources"][0]["format"] == "constants"
    assert rows(b)[:3] == [
        ("100", "DEMO_BAD_REQUEST", None, "The request was malformed.", ""),
        ("101", "DEMO_NOT_SIGNED_IN", None, "The user is not signed in.", ""),  # the @deprecated tag is no text
        ("102", "DEMO_AUTH_EXPIRED", None, "The session expired.", ""),  # a trailing comment describes too
    ]
    assert lost_lines(b) == []


def test_zenko_grid_tables(run_cli, tmp_path, corpus):
    b = build(run_cli, tmp_path, "", source=corpus / "zenko-error-messages.rst")
    entries = b["catalog"]["entries"]
    assert len(entries) == 118  # 117 in "AWS Error Messages" + 1 in "Non-AWS S3 Errors"
    by_code = {}
    for e in entries:
        by_code.setdefault(e["code"], []).append(e)
    # names broken over lines with a backslash are rejoined
    for name in ("IllegalVersioningConfigurationException", "IncorrectNumberOfFilesInPostRequest",
                 "ReplicationConfigurationNotFoundError"):
        assert name in by_code
    assert [e["http_status"] for e in by_code["ServiceUnavailable"]] == [503, 503]  # listed twice, other texts
    assert by_code["MalformedQueryString"][0]["http_status"] == 404
    assert by_code["MPUinProgress"][0]["category"] == "Non-AWS S3 Errors"
    assert by_code["AccessDenied"][0]["category"] == "AWS Error Messages"
    dup = [c for c in b["conflicts"] if c["kind"] == "duplicate_code"]
    assert [c["code"] for c in dup] == ["ServiceUnavailable"]
    assert lost_lines(b) == []


def test_parse_sdk_constants(run_cli, tmp_path, corpus):
    b = build(run_cli, tmp_path, "", source=corpus / "parse-sdk-ParseError.ts")
    entries = {e["name"]: e for e in b["catalog"]["entries"]}
    assert len(entries) == 61
    assert entries["OTHER_CAUSE"]["code"] == "-1"
    assert entries["INVALID_IMAGE_DATA"]["code"] == "143"  # the SDK disagrees with the docs page (150)
    assert entries["X_DOMAIN_REQUEST"]["description"].startswith("Error code indicating a real error code is")
    assert "@property" not in entries["X_DOMAIN_REQUEST"]["description"]
    codes = [e["code"] for e in b["catalog"]["entries"]]
    assert codes == sorted(codes, key=int)  # 161 comes before 155 in the source; the catalog sorts
    assert lost_lines(b) == []


@pytest.mark.parametrize("name,text", [("errors.rst", GRID), ("errors.h", CONSTANTS)])
def test_detection_is_by_content_not_name(run_cli, tmp_path, name, text):
    b = build(run_cli, tmp_path, "document.txt", text)
    assert b["catalog"]["sources"][0]["format"] == {"errors.rst": "grid", "errors.h": "constants"}[name]


GO = """\
package errs

const (
\t// ErrNotFound means the item does not exist.
\tErrNotFound = 404001
\t// ErrConflict means the item changed meanwhile.
\tErrConflict = 409001
\tErrInternal = 500001 // Something broke on our side.
)
"""

PYTHON = """\
from enum import IntEnum


class Code(IntEnum):
    #: The user does not exist.
    USER_NOT_FOUND = 1001
    # The password is wrong.
    WRONG_PASSWORD = 1002
    QUOTA_EXCEEDED = 1004  # The storage quota is exhausted.
"""

JAVA = """\
public enum InvoiceError {
    /** Shown when the invoice id is unknown. */
    INVOICE_NOT_FOUND(4040, 404, "The invoice was not found."),
    INVOICE_PAID(4090, 409, "The invoice is already paid."),
    INVOICE_LOCKED(4230, 423, "The invoice is locked.");

    private final int code;
}
"""


def test_constants_in_go_python_and_java(run_cli, tmp_path):
    go = build(run_cli, tmp_path, "errs.go", GO)  # tab-indented: indentation is no table
    assert go["catalog"]["sources"][0]["format"] == "constants"
    assert [(c, n, d) for c, n, _, d, _ in rows(go)] == [
        ("404001", "ErrNotFound", "ErrNotFound means the item does not exist."),
        ("409001", "ErrConflict", "ErrConflict means the item changed meanwhile."),
        ("500001", "ErrInternal", "Something broke on our side.")]
    py = build(run_cli, tmp_path, "codes.py", PYTHON)
    assert [(c, n, d) for c, n, _, d, _ in rows(py)] == [
        ("1001", "USER_NOT_FOUND", "The user does not exist."), ("1002", "WRONG_PASSWORD", "The password is wrong."),
        ("1004", "QUOTA_EXCEEDED", "The storage quota is exhausted.")]
    java = build(run_cli, tmp_path, "InvoiceError.java", JAVA)
    assert [(e["code"], e["name"], e["http_status"], e["message"]) for e in java["catalog"]["entries"]] == [
        ("4040", "INVOICE_NOT_FOUND", 404, "The invoice was not found."),
        ("4090", "INVOICE_PAID", 409, "The invoice is already paid."),
        ("4230", "INVOICE_LOCKED", 423, "The invoice is locked.")]
    for built in (go, py, java):
        assert lost_lines(built) == []


SIMPLE = """\
HTTP errors
===========

=====  ===============  ==============================
Code   Name             Description
=====  ===============  ==============================
400    BadRequest       The request could not be read.
401    Unauthorized     The caller is not signed in,
                        or the token expired.
404    NotFound         No such resource.
=====  ===============  ==============================
"""


def test_rst_simple_tables(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.rst", SIMPLE)
    assert b["catalog"]["sources"][0]["format"] == "grid"
    # the document's only title names the document, not a group of entries: a note, as a Markdown `# Title` is
    assert rows(b) == [("400", "BadRequest", None, "The request could not be read.", ""),
                       ("401", "Unauthorized", None, "The caller is not signed in, or the token expired.", ""),
                       ("404", "NotFound", None, "No such resource.", "")]
    assert [n["text"] for c in b["catalog"]["catalogs"] for n in c["notes"] if n["kind"] == "title"] == ["HTTP errors"]
    e = next(e for e in b["catalog"]["entries"] if e["code"] == "401")
    assert e["provenance"]["description"]["lines"] == [8, 9]  # a continuation line joins its row
    assert lost_lines(b) == []
