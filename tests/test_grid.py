"""The reStructuredText table layout beyond grid borders: `.. list-table::` and `.. csv-table::` directives,
label targets and line blocks inside grid cells, a catch-all row. Each document is written here by hand and
its truth read off it field by field."""
from __future__ import annotations

from layout_helpers import build, lost_lines

DIRECTIVES = """\
Service errors
==============

Intro text.

Request errors
--------------

.. list-table:: Request errors
   :header-rows: 1
   :widths: 10 20 70

   * - Code
     - Name
     - Description
   * - 4001
     - ``BadRequest``
     - The request could not
       be read.
   * - 4002
     - ``TooLarge``
     -
   * - 4003
     - ``Forbidden``
     - The caller may not do this.

Server errors
-------------

.. csv-table::
   :header: "Code", "Name", "Description"
   :widths: 10, 20, 70

   5001, ``Internal``, "Something broke, badly."
   5002, ``Timeout``, "The upstream did not answer
   in time."
"""


def test_list_table_and_csv_table_directives(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.rst", DIRECTIVES)
    assert b["catalog"]["sources"][0]["format"] == "grid"
    got = [(e["code"], e["name"], e["description"], e["category"]) for e in b["catalog"]["entries"]]
    assert got == [
        ("4001", "BadRequest", "The request could not be read.", "Request errors"),  # the directive's title
        ("4002", "TooLarge", "", "Request errors"),
        ("4003", "Forbidden", "The caller may not do this.", "Request errors"),
        ("5001", "Internal", "Something broke, badly.", "Server errors"),  # no title: the section
        ("5002", "Timeout", "The upstream did not answer in time.", "Server errors"),
    ]
    by = {e["code"]: e for e in b["catalog"]["entries"]}
    assert by["4001"]["provenance"]["description"]["lines"] == [18, 19]  # the cell's own lines
    assert by["5002"]["provenance"]["description"]["lines"] == [35, 36]  # a quoted cell over two lines
    roles = [(i["role"], i["lines"]) for i in b["catalog"]["sources"][0]["layout"]]
    assert ("directive option", [10]) in roles and ("table header", [13, 14, 15]) in roles
    assert lost_lines(b) == []


GRID = """\
Errors
######

HTTP Status Codes
-----------------

+-------------+-------------------------+--------------------------+
| Error code  | HTTP status             | Error description        |
+=============+=========================+==========================+
| 08*         | 503                     | connection error         |
+-------------+-------------------------+--------------------------+
| 23505       | 409                     | uniqueness violation     |
+-------------+-------------------------+--------------------------+
| P0001       | 400                     | raised by the function   |
+-------------+-------------------------+--------------------------+
| 42501       | | if signed in 403,     | insufficient privileges  |
|             | | else 401              |                          |
+-------------+-------------------------+--------------------------+
| other       | 400                     |                          |
+-------------+-------------------------+--------------------------+

Group 0 - Connection
--------------------

+---------------+-------------+------------------------------------+
| Code          | HTTP status | Description                        |
+===============+=============+====================================+
| .. _demo000:  | 503         | Could not connect with the         |
|               |             | database.                          |
| DEMO000       |             |                                    |
+---------------+-------------+------------------------------------+
| .. _demo001:  | 504         | The pool timed out.                |
|               |             |                                    |
| DEMO001       |             |                                    |
+---------------+-------------+------------------------------------+
"""


def test_label_targets_line_blocks_and_a_catch_all_row_in_grid_cells(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.rst", GRID)
    got = [(e["code"], e["http_status"], e["description"] or e["message"], e["category"])
           for e in b["catalog"]["entries"]]
    assert got == [  # (the catalog's order: numbers first)
        ("23505", 409, "uniqueness violation", "HTTP Status Codes"),
        ("42501", None, "insufficient privileges", "HTTP Status Codes"),  # two statuses: none chosen
        ("08*", 503, "connection error", "HTTP Status Codes"),  # a wildcard class, kept as written
        ("DEMO000", 503, "Could not connect with the database.", "Group 0 - Connection"),
        ("DEMO001", 504, "The pool timed out.", "Group 0 - Connection"),
        ("P0001", 400, "raised by the function", "HTTP Status Codes"),
    ]
    status = [c for c in b["conflicts"] if c["kind"] == "invalid_value" and c["field"] == "http_status"]
    assert [c["values"][0]["value"] for c in status] == ["if signed in 403, else 401"]  # the bars are markup
    catch_all = [c for c in b["conflicts"] if c["kind"] == "missing_value" and c["field"] == "code"]
    assert [c["values"][0]["value"] for c in catch_all] == ["other | 400 | "]
    assert lost_lines(b) == []


def test_a_simple_table_of_http_statuses_gives_each_code_its_status(run_cli, tmp_path):
    doc = """\
HTTP Status Codes
*****************

==== ====================
Code Description
==== ====================
200  OK
404  Not Found
503  Service Unavailable
==== ====================
"""
    b = build(run_cli, tmp_path, "codes.rst", doc)
    assert [(e["code"], e["http_status"], e["description"] or e["message"]) for e in b["catalog"]["entries"]] == [
        ("200", 200, "OK"), ("404", 404, "Not Found"), ("503", 503, "Service Unavailable")]
    assert lost_lines(b) == []
