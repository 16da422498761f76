"""The typing stage (extract/columns.py and the shared table reading): which column is the code, the name, the
status and the texts is decided by the values over the whole column, header words as evidence, never by
position; group rows become categories; a table of identifiers that are no errors becomes a note.

Every document here is written by hand in the test and its truth is read off it row by row."""
from __future__ import annotations

import pytest
from layout_helpers import build, lost_lines

from extract.columns import is_error_table, key_shape_share, type_columns
from extract.model import Cell, Loc, Record
from extract.parsers.table import reference_tables
from extract.patterns import code_shape

LOC = Loc("s", "s.md", (1,))


def fields(b, *names) -> list[tuple]:
    return [tuple(e[n] for n in names) for e in b["catalog"]["entries"]]


def test_code_shapes():
    assert [code_shape(v) for v in ["107", "-6", "0x80004005", "23P01", "E101", "ORA-00001", "P1000",
                                    "INVALID_ARGUMENT", "The token", ""]] == [
        "decimal", "negative", "hex", "sqlstate", "prefixed", "prefixed", "prefixed", "symbolic", None, None]


def test_the_key_is_the_most_code_like_column_wherever_it_stands():
    names = ["E_FAIL", "E_POINTER", "E_ABORT"]
    codes = ["0x80004005", "0x80004003", "0x80004004"]
    texts = ["Unspecified failure.", "Pointer that is not valid.", "Operation aborted."]
    typing = type_columns(["", "", ""], [names, codes, texts])
    assert typing.fields == ["name", "code", "message"]
    assert key_shape_share(codes) == 1.0 and key_shape_share(names) == 0.0


def test_headerless_csv_with_the_name_before_a_hex_code(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "hr.csv", 'E_FAIL,0x80004005,"Unspecified failure."\n'
                                            'E_NOINTERFACE,0x80004002,"No such interface supported."\n'
                                            'E_POINTER,0x80004003,"Pointer that is not valid."\n')
    assert fields(b, "code", "name", "message") == [
        ("0x80004002", "E_NOINTERFACE", "No such interface supported."),
        ("0x80004003", "E_POINTER", "Pointer that is not valid."),
        ("0x80004005", "E_FAIL", "Unspecified failure.")]
    assert lost_lines(b) == []


def test_collapsed_rows_whose_header_puts_the_name_first(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "scrape.txt", "Token errors\nName Code Description\n"
                                                "invalid_token 1001 The token is invalid.\n"
                                                "expired_token 1002 The token has expired.\n"
                                                "missing_scope 1003 The token lacks a scope.\n")
    assert fields(b, "code", "name", "description") == [
        ("1001", "invalid_token", "The token is invalid."), ("1002", "expired_token", "The token has expired."),
        ("1003", "missing_scope", "The token lacks a scope.")]


def test_collapsed_rows_whose_values_contradict_the_header_order(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "scrape.txt", "Name Code Description\n"
                                                "1001 invalid_token The token is invalid.\n"
                                                "1002 expired_token The token has expired.\n"
                                                "1003 missing_scope The token lacks a scope.\n")
    assert fields(b, "code", "name") == [("1001", "invalid_token"), ("1002", "expired_token"),
                                         ("1003", "missing_scope")]
    assert any(c["kind"] == "header_mismatch" and c["resolution"]["rule"] == "columns-typed-by-values"
               for c in b["conflicts"])


def test_markdown_tables_with_the_name_column_first(run_cli, tmp_path):
    text = ("# Errors\n\n## Auth\n\n| Error | Code | Description |\n|---|---|---|\n"
            "| invalid_token | 1001 | The token is invalid. |\n| expired_token | 1002 | The token has expired. |\n\n"
            "## Storage\n\n| Error | Code | Description |\n|---|---|---|\n"
            "| bucket_missing | 2001 | The bucket does not exist. |\n")
    b = build(run_cli, tmp_path, "errors.md", text)
    assert fields(b, "code", "name", "description", "category") == [
        ("1001", "invalid_token", "The token is invalid.", "Auth"),
        ("1002", "expired_token", "The token has expired.", "Auth"),
        ("2001", "bucket_missing", "The bucket does not exist.", "Storage")]


def test_rest_simple_table_whose_class_rows_span_the_width(run_cli, tmp_path):
    text = ("=====  ==========================  ==================\n"
            "Code   Condition                   Meaning\n"
            "=====  ==========================  ==================\n"
            "**Class 22** - Data Exception\n"
            "------------------------------------------------------\n"
            "22000  data_exception              Data is bad.\n"
            "22001  string_data_right_trunc     String too long.\n"
            "**Class 23** - Integrity Constraint Violation\n"
            "------------------------------------------------------\n"
            "23505  unique_violation            Duplicate key.\n"
            "=====  ==========================  ==================\n")
    b = build(run_cli, tmp_path, "pg.rst", text)
    assert fields(b, "code", "name", "description", "category") == [
        ("22000", "data_exception", "Data is bad.", "Class 22 - Data Exception"),
        ("22001", "string_data_right_trunc", "String too long.", "Class 22 - Data Exception"),
        ("23505", "unique_violation", "Duplicate key.", "Class 23 - Integrity Constraint Violation")]
    assert lost_lines(b) == []


def test_rest_grid_table_with_group_rows(run_cli, tmp_path):
    text = ("+-------+--------------+------------------------+\n"
            "| Code  | Name         | Description            |\n"
            "+=======+==============+========================+\n"
            "| Authentication                                 |\n"
            "+-------+--------------+------------------------+\n"
            "| 401   | unauthorized | The token is missing.  |\n"
            "+-------+--------------+------------------------+\n"
            "| Storage                                        |\n"
            "+-------+--------------+------------------------+\n"
            "| 404   | not_found    | The object is missing. |\n"
            "+-------+--------------+------------------------+\n")
    b = build(run_cli, tmp_path, "grid.rst", text)
    assert fields(b, "code", "name", "category") == [("401", "unauthorized", "Authentication"),
                                                     ("404", "not_found", "Storage")]


def test_the_stated_rule_for_tables_that_hold_no_error_codes():
    # a key headed only as an identifier, with nothing about errors around it: command ids, section numbers
    assert not is_error_table(["ID", "Command", "Description"], ["code", "name", "description"], "Commands")
    assert not is_error_table(["Number", "Title"], ["code", "message"], "Contents")
    # the header or the heading above speaks of errors, or there is no header: error codes
    assert is_error_table(["ID", "Name", "Description"], ["code", "name", "description"], "Error identifiers")
    assert is_error_table(["Code", "Meaning"], ["code", "description"], "Commands")
    assert is_error_table(["", "", ""], ["name", "code", "message"], "")


def test_a_command_table_beside_an_error_table_is_a_note(run_cli, tmp_path):
    text = ("# Protocol\n\n## Commands\n\n| ID | Command | Description |\n|----|---------|-------------|\n"
            "| 1 | CONNECT | Opens a session. |\n| 2 | PING | Checks the link. |\n\n"
            "## Errors\n\n| Code | Name | Description |\n|------|------|-------------|\n"
            "| 100 | ERR_BUSY | The server is busy. |\n| 101 | ERR_AUTH | Authentication failed. |\n")
    b = build(run_cli, tmp_path, "proto.md", text)
    assert fields(b, "code", "name") == [("100", "ERR_BUSY"), ("101", "ERR_AUTH")]
    notes = [n for c in b["catalog"]["catalogs"] for n in c["notes"] if n["kind"] == "table"]
    assert len(notes) == 1 and "CONNECT" in notes[0]["text"]
    assert lost_lines(b) == []


def test_a_parameter_table_in_any_table_layout_is_a_note(run_cli, tmp_path):
    text = ("## Request\n\n| Key | Type | Description |\n|---|---|---|\n| user_id | string | The user. |\n"
            "| limit | integer | How many. |\n\n## Errors\n\n| Code | Description |\n|---|---|\n"
            "| E101 | The user does not exist. |\n| E102 | The limit is too high. |\n")
    b = build(run_cli, tmp_path, "api.md", text)
    assert fields(b, "code", "description") == [("E101", "The user does not exist."), ("E102", "The limit is too high.")]
    assert lost_lines(b) == []


def test_a_json_array_under_a_key_no_synonym_knows_is_the_operations(run_cli, tmp_path):
    text = ('{"errors": [\n  {"errorNumber": 20000, "constant": "scheduleNotFound", "fromTo": ["All"],\n'
            '   "cause": "The schedule does not exist."},\n'
            '  {"errorNumber": 20001, "constant": "userLocked", "fromTo": ["List objects", "Register user"],\n'
            '   "cause": "The user is locked."}\n]}\n')
    b = build(run_cli, tmp_path, "errors.json", text)
    assert fields(b, "code", "name", "operations", "description") == [
        ("20000", "scheduleNotFound", ["All"], "The schedule does not exist."),
        ("20001", "userLocked", ["List objects", "Register user"], "The user is locked.")]


# ------------------------------------------------------------------------------------ issue 9: real table shapes
GROUPED_GRID = """\
+--------------------+---------------------------+-------------------------------------+
| Code               | Description               |                                     |
+====================+===========================+=====================================+
| ``DEMO_ERR_NET``   | ``DEMO_ERR_NET_DNS``      | The host name could not be resolved.|
+--------------------+---------------------------+-------------------------------------+
|                    | ``DEMO_ERR_NET_RESET``    | The peer closed the connection.     |
+--------------------+---------------------------+-------------------------------------+
| ``DEMO_ERR_AUTH``  | ``DEMO_ERR_AUTH_DENIED``  | The credentials were refused.       |
+--------------------+---------------------------+-------------------------------------+
|                    | ``DEMO_ERR_AUTH_A``,      | One of three login steps failed.    |
|                    | ``DEMO_ERR_AUTH_B``,      |                                     |
|                    | ``DEMO_ERR_AUTH_C``.      |                                     |
+--------------------+---------------------------+-------------------------------------+
| ``DEMO_ERR_IO``    | A code from the OS.       | See errno for the list.             |
+--------------------+---------------------------+-------------------------------------+
| ``DEMO_ERR_IO``    | ``DEMO_ERR_IO_FULL``      | The disk is full.                   |
+--------------------+---------------------------+-------------------------------------+
"""


def test_a_column_carried_down_over_blank_rows_is_the_group_and_the_key_beside_it(run_cli, tmp_path):
    # the domain is written once for the rows below it: never a key; a sentence where a code stands names none;
    # a cell of three code spans is three entries
    b = build(run_cli, tmp_path, "errors.rst", GROUPED_GRID)
    got = {e["code"]: (e["description"] or e["message"], e["category"]) for e in b["catalog"]["entries"]}
    assert got == {
        "DEMO_ERR_NET_DNS": ("The host name could not be resolved.", "DEMO_ERR_NET"),
        "DEMO_ERR_NET_RESET": ("The peer closed the connection.", "DEMO_ERR_NET"),
        "DEMO_ERR_AUTH_DENIED": ("The credentials were refused.", "DEMO_ERR_AUTH"),
        "DEMO_ERR_AUTH_A": ("One of three login steps failed.", "DEMO_ERR_AUTH"),
        "DEMO_ERR_AUTH_B": ("One of three login steps failed.", "DEMO_ERR_AUTH"),
        "DEMO_ERR_AUTH_C": ("One of three login steps failed.", "DEMO_ERR_AUTH"),
        "DEMO_ERR_IO_FULL": ("The disk is full.", "DEMO_ERR_IO"),
    }
    kept = [c for c in b["conflicts"] if c["kind"] == "missing_value" and c["field"] == "code"]
    assert [c["values"][0]["value"] for c in kept] == ["``DEMO_ERR_IO`` | A code from the OS. | See errno for the list."]
    assert lost_lines(b) == []


def test_row_anchors_are_row_numbers_and_codes_are_phrases_or_labelled(run_cli, tmp_path):
    doc = """\
# Registry

## Error codes

| ID     | Code             | Description              |
|--------|------------------|--------------------------|
| code-1 | `BLOB_UNKNOWN`   | blob unknown to registry |
| code-2 | `DIGEST_INVALID` | digest did not match     |
| code-3 | `DENIED`         | access denied            |

## Gateway Opcodes

| Code | Name      | Description                  |
|------|-----------|------------------------------|
| 0    | Dispatch  | An event was dispatched.     |
| 1    | Heartbeat | Keeps the connection alive.  |
| 2    | Identify  | Starts a new session.        |

## HTTP Response Codes

|Code|Meaning|
|-|-|
|200 (OK)|The request completed.|
|404 (NOT FOUND)|The resource does not exist.|
|5xx (SERVER ERROR)|The server failed.|
"""
    b = build(run_cli, tmp_path, "page.md", doc)
    assert fields(b, "code", "name", "http_status", "description", "category") == [
        ("200", "OK", 200, "The request completed.", "HTTP Response Codes"),
        ("404", "NOT FOUND", 404, "The resource does not exist.", "HTTP Response Codes"),
        ("5xx", "SERVER ERROR", None, "The server failed.", "HTTP Response Codes"),
        ("BLOB_UNKNOWN", "", None, "blob unknown to registry", "Error codes"),
        ("DENIED", "", None, "access denied", "Error codes"),
        ("DIGEST_INVALID", "", None, "digest did not match", "Error codes"),
    ]
    assert lost_lines(b) == []


def test_phrase_codes_symbol_names_and_value_lists():
    # lower-case phrases keep a `Code` header's claim; of two such columns the more specific header is the key
    # and the other the name
    codes = ["no such element", "invalid argument", "script timeout"]
    t = type_columns(["Error Code", "HTTP Status", "JSON Error Code", "Description"],
                     [["no such element", "invalid argument", "script timeout error"], ["404", "400", "500"], codes,
                      ["An element could not be found.", "The argument was invalid.", "A script ran too long."]])
    assert t.fields == ["name", "http_status", "code", "description"]
    # a `Summary` of distinct compound identifiers beside a description is the name
    t = type_columns(["Status Code", "Summary", "Detail"],
                     [["0", "7", "8", "9"], ["Success", "NoSuchElement", "NoSuchFrame", "UnknownCommand"],
                      ["It worked.", "No element was found.", "No frame was found.", "The command is unknown."]])
    assert t.fields == ["code", "name", "description"]
    # nothing said of any code (key names beside their alternates), or a heading naming other values: no errors
    assert not is_error_table(["Key", "Alternate Key", "code"], [None, None, "code"], "Keyboard actions")
    assert not is_error_table(["Code", "Name", "Description"], ["code", "name", "description"], "Voice Opcodes")
    assert is_error_table(["Code", "Description"], ["code", "description"], "Voice Close Event Codes")


def test_a_range_of_codes_set_aside_is_a_note_not_an_entry(run_cli, tmp_path):
    text = ("| Code | Description |\n|---|---|\n| 0 | None |\n| 1 | Cache error |\n"
            "| 28 - 63 | Reserved for future standard use |\n| < -127 | Vendor or implementation specific. |\n"
            "| 500–599 | Server error; retry later. |\n")
    b = build(run_cli, tmp_path, "codes.md", text)
    # a range whose text is an error stays an entry (code lists and ranges); one set aside is a note
    assert [e["code"] for e in b["catalog"]["entries"]] == ["0", "1", "500–599"]
    notes = [n["text"] for c in b["catalog"]["catalogs"] for n in c["notes"] if n["kind"] == "reserved range"]
    assert notes == ["28 - 63 | Reserved for future standard use", "< -127 | Vendor or implementation specific."]
    assert lost_lines(b) == []


def test_repeated_statuses_are_no_key_beside_distinct_symbols(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.csv", "name,codes,description\nABOUT_TOO_LONG,400,The bio is too long\n"
              "AUTH_KEY_INVALID,401,The key is invalid\nCHAT_FORBIDDEN,403,You cannot write here\n"
              "BOT_INVALID,400,This is not a valid bot\nCHAT_ADMIN_REQUIRED,400,Admin rights are needed\n"
              "PEER_ID_INVALID,400,The peer is invalid\n")
    assert fields(b, "code", "http_status") == [
        ("ABOUT_TOO_LONG", 400), ("AUTH_KEY_INVALID", 401), ("BOT_INVALID", 400), ("CHAT_ADMIN_REQUIRED", 400),
        ("CHAT_FORBIDDEN", 403), ("PEER_ID_INVALID", 400)]


def test_short_rows_escaped_commas_and_an_editorial_notes_column(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.csv", "Error Code,Error Type,Message Template,Notes\n"
              "1,Error,Not a text file\n2,Warning,Missing field\\, skipped,Reserved for the parser\n"
              "3,Error,Bad date\n4,Error,No table found\n5,Warning,Empty row\n")
    assert fields(b, "code", "category", "message", "description") == [
        ("1", "Error", "Not a text file", ""), ("2", "Warning", "Missing field, skipped", ""),
        ("3", "Error", "Bad date", ""), ("4", "Error", "No table found", ""), ("5", "Warning", "Empty row", "")]
    assert any(c["resolution"]["rule"] == "short-rows-padded" for c in b["conflicts"])
    assert lost_lines(b) == []


def test_headerless_one_word_names_before_the_code(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "codes.tsv", "OK\t0\tThe program ended well.\nFailure\t1\tSomething failed.\n"
              "Usage\t64\tThe command was used wrongly.\nDataErr\t65\tThe input data was wrong.\n")
    assert fields(b, "code", "name") == [("0", "OK"), ("1", "Failure"), ("64", "Usage"), ("65", "DataErr")]


# A catalog table, a table of the errors one command returns (its keys the catalog's symbols, one the catalog
# does not define) placed before it, and a table that lists two catalog codes again beside a code of its own.
REFERENCE_SECTIONS = [
    ("The map command", ["Error", "Condition"], [
        ["`E_BAD_ADDR`", "The address is not page aligned"], ["`E_NOMEM`", "The table is full"],
        ["`E_FAULT`", "The mapping failed"], ["`E_OK`", "The page was mapped"]]),
    ("Return codes", ["Symbol", "Value", "Description"], [
        ["`E_OK`", "0", "No error"], ["`E_BAD_ADDR`", "-2", "The address is not valid"],
        ["`E_NOMEM`", "-4", "Out of memory"], ["`E_BUSY`", "-6", "The resource is busy"]]),
    ("Vendor codes", ["Code", "Description"], [
        ["-2", "Also used by the vendor firmware"], ["-4", "Vendor memory exhausted"],
        ["-100", "Vendor firmware fault"]]),
]


def _render_sections(fmt: str) -> str:
    out = {"md": ["# Device API", ""], "html": ["<html><body>", "<h1>Device API</h1>"],
           "rst": ["Device API", "##########", ""], "adoc": ["= Device API", ""]}[fmt]
    for title, header, rows in REFERENCE_SECTIONS:
        if fmt == "md":
            out += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
            out += ["| " + " | ".join(r) + " |" for r in rows] + [""]
        elif fmt == "html":
            cell = lambda v: f"<code>{v.strip('`')}</code>" if v.startswith("`") else v  # noqa: E731
            out += [f"<h2>{title}</h2>", "<table>", "<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>"]
            out += ["<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>" for r in rows] + ["</table>"]
        elif fmt == "rst":
            out += [title, "=" * len(title), "", ".. csv-table::",
                    "   :header: " + ", ".join(f'"{h}"' for h in header), ""]
            out += ["   " + ",".join(v.replace("`", "``") for v in r) for r in rows] + [""]
        else:
            out += [f"== {title}", "", '[options="header"]', "|===", " ".join(f"|{h}" for h in header)]
            out += [" ".join(f"|{v}" for v in r) for r in rows] + ["|===", ""]
    return "\n".join(out + (["</body></html>", ""] if fmt == "html" else [""]))


@pytest.mark.parametrize("fmt", ["md", "html", "rst", "adoc"])
def test_a_table_of_references_to_codes_defined_by_another_table_is_a_note(run_cli, tmp_path, fmt):
    b = build(run_cli, tmp_path, f"device.{fmt}", _render_sections(fmt))
    # the command's table names catalog symbols (and E_FAULT, which no table defines) and no code: a note;
    # the vendor table gives a code of its own (-100), so it stays entries
    assert fields(b, "code", "variant", "name") == [
        ("-100", 1, ""), ("-6", 1, "E_BUSY"), ("-4", 1, "E_NOMEM"), ("-4", 2, ""), ("-2", 1, "E_BAD_ADDR"),
        ("-2", 2, ""), ("0", 1, "E_OK")]
    refs = [n["text"] for c in b["catalog"]["catalogs"] for n in c["notes"] if n["kind"] == "references"]
    assert len(refs) == 1 and "E_FAULT" in refs[0] and "The page was mapped" in refs[0]
    assert lost_lines(b) == []


def test_the_rule_for_tables_of_references():
    def table(*rows):
        return [Record("s", "c", {"code": Cell(code, code, LOC), **({"name": Cell(name, name, LOC)} if name else {})},
                       LOC) for code, name in rows]

    catalog = table(("0", "E_OK"), ("-2", "E_BAD_ADDR"), ("-4", "E_NOMEM"))
    again = table(("0", "E_BOOT_OK"), ("-2", "E_BOOT_BAD"))  # the same numbers under other names: a catalog
    symbols = table(("E_BAD_ADDR", ""), ("E_NOMEM", ""), ("E_FAULT", ""))  # 2 of 3 defined, the rest a name
    numbers = table(("-2", ""), ("-4", ""))  # codes the catalog defines
    new_code = table(("-2", ""), ("-4", ""), ("-9", ""))  # gives a code of its own
    one = table(("E_OK", ""), ("E_MISSING", ""), ("E_OTHER", ""))  # one of three: not nearly all
    assert reference_tables([catalog, again, symbols, numbers, new_code, one]) == [2, 3]
    assert reference_tables([symbols, numbers]) == []  # nothing defines them


def test_a_header_contradicted_by_its_values_takes_the_field_that_fits_best():
    """`CAUSE` (a description synonym) over unique numbers, under a caption about the CAUSE encodings: the code,
    the best of the fields its values could take, not merely the first that clears the bar (the statuses)."""
    codes = [str(x) for x in [1, 4, 5, 6, 7, 12, 13, 15] + list(range(256, 275))]
    texts = [f"Fault number {i} happened" for i in range(len(codes))]
    typing = type_columns(["CAUSE", "Description", "Reported if DTF is 1?"], [codes, texts, ["No"] * len(codes)],
                          context="Table 13. Fault record CAUSE field encodings")
    assert typing.fields == ["code", "description", None]


def test_symbols_under_a_blank_header_in_a_headed_table_are_no_key():
    """A variable's definition table (`Required | yes`, then component and variable names): the symbols stand
    under a blank header beside headed columns, so nothing says they are codes."""
    typing = type_columns(["Required", "yes", "", ""],
                          [["Component", "componentName", "OCPPCommCtrlr"], ["Variable", "variableName", "RetryBackOff"],
                           ["", "variableAttributes", "mutability"], ["", "variableCharacteristics", "dataType"]])
    assert "code" not in typing.fields
    # with no header at all the values decide, and a column of distinct symbols is the key
    assert type_columns(["", ""], [["E_FAIL", "E_ABORT", "E_POINTER"],
                                   ["The call failed.", "The call was aborted.", "The pointer is bad."]]
                        ).fields == ["code", "message"]


def test_one_word_shapes_hold_no_whitespace():
    """`shape_scores` tries the one-word shapes (a number, an identifier, a token, hex, a code's shape) only on
    texts without whitespace inside: it rests on their patterns holding none, which this guards."""
    from extract.columns import IDENT, TOKEN
    from extract.patterns import BARE_HEX, DECIMAL

    for text in ["1 0", "E_FAIL X", "0x80 04", "23P01\t1", "ORA-00001 x", "a\u00a0b", "INVALID ARGUMENT", "Not found"]:
        assert code_shape(text) is None, text
        assert not any(p.fullmatch(text) for p in (DECIMAL, IDENT, TOKEN, BARE_HEX)), text


def test_shape_scores_count_as_one_pass_per_shape_did():
    """The scores of a column, each shape counted over the same values as before its one-pass rewrite."""
    from extract.columns import shape_scores

    assert shape_scores(["400", "404", "`500`", " ", "Bad Request (400)"]) == {
        "row_number": 0.375, "token": 0.75, "code": 0.75, "http_status": 1.0, "name": 0.0,
        "operations": 0.5, "message": 0.25, "description": 0.125, "category": 0.8}
    assert shape_scores(["Read, Create", "All", "Update user, Delete by ID", "Read"]) == {
        "row_number": 0.0, "token": 0.5, "code": 0.35, "http_status": 0.0, "name": 0.45,
        "operations": 1.0, "message": 0.5, "description": 0.125, "category": 0.8}


def test_whole_column_checks_stop_early_and_still_decide_the_same():
    """The schema and row-anchor checks stop once their share is out of reach; at the edge of it they decide as
    a count over the whole column does."""
    from extract.columns import is_row_id_column, is_schema

    assert is_schema([["1", "2", "3", "4", "5"], ["string", "int32", "array of  object", "x", "y"]])  # 3 of 5
    assert not is_schema([["string", "int32", "x", "y", "z"]])  # 2 of 5
    assert not is_schema([["", " ", "string"]])  # one filled value is no column of types
    assert is_row_id_column(["code-1", "code-2", "code-2", "code-3"] + ["code-4"] * 5 + ["x"])  # 9 of 10
    assert not is_row_id_column(["code-1", "code-2", "x", "y"] + [f"code-{n}" for n in range(3, 9)])  # 8 of 10
    assert not is_row_id_column(["code-2", "code-3", "code-4"])  # starts at neither 0 nor 1
    assert not is_row_id_column(["code-1", "end-2", "code-3"])  # two prefixes
