"""Documents of the kinds real users bring that the seeds do not show: headers in camelCase or in another
language, a symbolic key column, a header repeated down the table, placeholder cells, a table with no key
column at all, and command-line mistakes. Each was first met as a failure on a hand-written document."""
from __future__ import annotations

from layout_helpers import build, lost_lines


def entries(b) -> list[tuple]:
    return [(e["code"], e["http_status"], e["message"], e["description"]) for e in b["catalog"]["entries"]]


def kinds(b) -> list[tuple]:
    return sorted((c["kind"], c["severity"], c["code"]) for c in b["conflicts"])


def test_camel_case_headers(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "e.csv", "errorCode,httpStatus,errorMessage\nE100,400,Bad input.\nE101,401,Not signed in.\n")
    assert entries(b) == [("E100", 400, "Bad input.", ""), ("E101", 401, "Not signed in.", "")]
    assert kinds(b) == []


def test_headers_no_synonym_knows_are_typed_by_their_values(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "fehler.csv",
              "Fehlercode;HTTP-Statuscode;Meldung\n1001;404;Benutzer nicht gefunden\n1002;409;Adresse vergeben\n")
    assert entries(b) == [("1001", 404, "Benutzer nicht gefunden", ""), ("1002", 409, "Adresse vergeben", "")]
    # typing by values is reported, as information
    assert {(c["kind"], c["severity"], c["field"]) for c in b["conflicts"]} == {
        ("header_mismatch", "info", "code"), ("header_mismatch", "info", "http_status"),
        ("header_mismatch", "info", "message")}


def test_a_symbolic_key_column_headed_as_a_name(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "gh.tsv", "Error code name\tHTTP status\tDescription\n"
                                           "missing\t422\tA resource does not exist.\ninvalid\t422\tThe field is invalid.\n")
    assert entries(b) == [("invalid", 422, "", "The field is invalid."), ("missing", 422, "", "A resource does not exist.")]


def test_sqlstate_codes_with_letters(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "pg.tsv", "SQLSTATE\tCondition\n23505\tunique_violation\n23P01\texclusion_violation\n")
    assert [e["code"] for e in b["catalog"]["entries"]] == ["23505", "23P01"]


def test_a_repeated_header_is_layout_not_an_entry(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "rep.csv",
              "Code,HTTP Status,Message\n1001,401,Token missing.\nCode,HTTP Status,Message\n2001,402,Card declined.\n")
    assert entries(b) == [("1001", 401, "Token missing.", ""), ("2001", 402, "Card declined.", "")]
    assert kinds(b) == []
    assert [i["role"] for i in b["catalog"]["sources"][0]["layout"]] == ["table header", "repeated table header"]
    assert lost_lines(b) == []


def test_placeholder_status_cells_are_blanks_not_invalid_statuses(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "p.tsv", "Code\tStatus\tMessage\n1\t400\tA.\n2\t—\tB.\n3\tN/A\tC.\n4\t404\tD.\n"
                                          "5\tabc\tE.\n6\t409\tF.\n7\t500\tG.\n")
    assert [e["http_status"] for e in b["catalog"]["entries"]] == [400, None, None, 404, None, 409, 500]
    assert kinds(b) == [("invalid_value", "error", "5"), ("missing_value", "error", "2"), ("missing_value", "error", "3")]


def test_a_table_without_a_key_column_loses_no_row(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "t.tsv", "Field\tType\tDescription\nid\tstring\tThe id.\nname\tstring\tThe name.\n")
    assert b["catalog"]["entries"] == []
    assert sorted((c["kind"], c["values"][0]["value"]) for c in b["conflicts"]) == [
        ("unparsed_text", "id | string | The id."), ("unparsed_text", "name | string | The name.")]
    assert lost_lines(b) == []


def test_out_must_be_a_folder_and_is_required_ad_hoc(run_cli, tmp_path):
    doc = tmp_path / "e.csv"
    doc.write_text("Code,Message,Description\n1,A.,The a.\n2,B.,The b.\n", encoding="utf-8")
    code, out, err = run_cli(["build", "--catalog", "t", "--out", doc, doc], cwd=tmp_path)
    assert (code, err.strip()) == (2, f"error: {doc}: exists and is not a folder")
    code, out, err = run_cli(["build", "--catalog", "t", doc], cwd=tmp_path)
    assert code == 2 and err.strip().startswith("error: an ad-hoc build needs --out DIR")
    assert not (tmp_path / "normalized").exists()
    code, out, err = run_cli(["build", "--bogus"], cwd=tmp_path)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_markdown_cells_read_as_plain_text(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "e.md", "## Validation\n\n| Code | Message | Description |\n|---|---|---|\n"
              "| 1002 | Range &lt; 0. | Values must be &ge; 0 &amp; integers.<br>See [limits](/docs/limits). |\n"
              "| 1003 | **Deprecated.** | Use `1004` instead. |\n")
    assert entries(b) == [("1002", None, "Range < 0.", "Values must be ≥ 0 & integers. See limits."),
                          ("1003", None, "Deprecated.", "Use `1004` instead.")]


def test_a_wrapped_number_in_a_prose_list_is_text_not_an_entry(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "list.txt", "Error codes\n100\nmissing_argument. A required argument was not supplied.\n"
              "200\ninvalid_argument. The argument was malformed. Values must be shorter than\n1000\ncharacters.\n"
              "300\nno_record. The record does not exist.\n")
    assert [(e["code"], e["description"]) for e in b["catalog"]["entries"]] == [
        ("100", "A required argument was not supplied."),
        ("200", "The argument was malformed. Values must be shorter than 1000 characters."),
        ("300", "The record does not exist.")]
    assert lost_lines(b) == []


def test_one_line_prose_entries(run_cli, tmp_path):
    colon = build(run_cli, tmp_path, "a.txt", "Errors of the demo API\n\nE1001: Unknown user. The user id does not\n"
                  "exist in this tenant.\nE1002: Wrong password.\nE1003: Account locked.\n")
    assert [(e["code"], e["description"]) for e in colon["catalog"]["entries"]] == [
        ("E1001", "Unknown user. The user id does not exist in this tenant."), ("E1002", "Wrong password."),
        ("E1003", "Account locked.")]
    assert lost_lines(colon) == []
    bullets = build(run_cli, tmp_path, "b.md", "# HTTP errors\n\n- **400** – Bad request: the body could not be parsed.\n"
                    "- **404** – The resource does not exist.\n- **409** – The resource changed meanwhile.\n")
    assert [(e["code"], e["description"], e["category"]) for e in bullets["catalog"]["entries"]] == [
        ("400", "Bad request: the body could not be parsed.", "HTTP errors"),
        ("404", "The resource does not exist.", "HTTP errors"), ("409", "The resource changed meanwhile.", "HTTP errors")]
    titled = build(run_cli, tmp_path, "c.txt", "404 Not Found - The resource does not exist.\n"
                   "409 Conflict - The resource changed meanwhile.\n500 Internal Server Error - Something broke.\n")
    assert [(e["code"], e["name"], e["message"]) for e in titled["catalog"]["entries"]] == [
        ("404", "", "Not Found"), ("409", "", "Conflict"), ("500", "", "Internal Server Error")]


def test_collapsed_scrape_with_the_status_before_the_code(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "scrape.txt", "HTTP Status Error Code Error Message Description\n"
              "400 1100 Missing device token. The device token was not included in the request.\n"
              "400 1101 Invalid device token. The device token is not a valid APNs or FCM token.\n"
              "404 1200 Device not registered. The device has been unregistered.\n")
    assert b["catalog"]["sources"][0]["format"] == "collapsed"
    assert entries(b) == [
        ("1100", 400, "Missing device token.", "The device token was not included in the request."),
        ("1101", 400, "Invalid device token.", "The device token is not a valid APNs or FCM token."),
        ("1200", 404, "Device not registered.", "The device has been unregistered.")]


def test_column_dump_with_a_title_and_column_names_no_synonym_knows(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "faults.txt", "Storage Gateway – Fault Reference\nPage 1 of 2\n\n"
              "Error Code\tHTTP Status\nSG-101\t400\nSG-102\t403\nSG-103\t404\n\nSummary\n\nMalformed volume name.\n\n"
              "Gateway not activated.\n\nVolume not found.\n\nRemediation\n\nUse 1-63 lowercase letters and digits.\n\n"
              "Activate the gateway first.\n\nCheck the volume ARN.\n\nPage 2 of 2\n")
    assert b["catalog"]["sources"][0]["format"] == "dump"
    assert entries(b) == [("SG-101", 400, "Malformed volume name.", "Use 1-63 lowercase letters and digits."),
                          ("SG-102", 403, "Gateway not activated.", "Activate the gateway first."),
                          ("SG-103", 404, "Volume not found.", "Check the volume ARN.")]
    assert [n["text"] for n in b["catalog"]["catalogs"][0]["notes"]] == ["Storage Gateway – Fault Reference",
                                                                          "Page 1 of 2"]
    orphans = [c["values"][0]["value"] for c in b["conflicts"] if c["kind"] == "orphan_fragment"]
    assert orphans == ["Page 2 of 2"]  # the footer is kept and reported, never a column
    assert lost_lines(b) == []


def test_more_one_line_list_styles(run_cli, tmp_path):
    cases = {
        "docker.txt": ("- 200 no error\n- 304 container already started\n- 404 no such container\n",
                       [("200", "no error"), ("304", "container already started"), ("404", "no such container")]),
        "smtp.txt": ("211  System status\n214  Help message\n220  Service ready\n",
                     [("211", "System status"), ("214", "Help message"), ("220", "Service ready")]),
        "oracle.txt": ("ORA-00001: unique constraint violated\nORA-00018: maximum number of sessions exceeded\n"
                       "ORA-00020: maximum number of processes exceeded\n",
                       [("ORA-00001", "unique constraint violated"), ("ORA-00018", "maximum number of sessions exceeded"),
                        ("ORA-00020", "maximum number of processes exceeded")]),
    }
    for name, (text, expected) in cases.items():
        b = build(run_cli, tmp_path, name, text)
        assert [(e["code"], e["description"]) for e in b["catalog"]["entries"]] == expected, name
    bold = build(run_cli, tmp_path, "bold.md", "- **400 Bad Request** – The server cannot process the request.\n"
                 "- **401 Unauthorized** – The client must authenticate itself.\n- **403 Forbidden** – No access.\n")
    assert [(e["code"], e["message"]) for e in bold["catalog"]["entries"]] == [
        ("400", "Bad Request"), ("401", "Unauthorized"), ("403", "Forbidden")]  # no stray ** in the title


def test_constants_in_more_languages(run_cli, tmp_path):
    cases = {
        "codes.js": "module.exports = {\n  TOKEN_MISSING: 1001, // Token missing.\n  TOKEN_EXPIRED: 1002, // Token expired.\n};\n",
        "codes.kt": "object Codes {\n    const val TOKEN_MISSING = 1001 // Token missing.\n"
                    "    const val TOKEN_EXPIRED = 1002 // Token expired.\n}\n",
        "codes.rs": "pub const TOKEN_MISSING: u32 = 1001; // Token missing.\npub const TOKEN_EXPIRED: u32 = 1002; // Token expired.\n",
        "codes.go": "package errs\n\ntype Code int\n\nconst (\n\t// Token missing.\n\tTokenMissing Code = 1001\n"
                    "\t// Token expired.\n\tTokenExpired Code = 1002\n)\n",
        "winerror.h": "#define ERROR_TOKEN_MISSING 1001L // Token missing.\n#define ERROR_TOKEN_EXPIRED 1002L // Token expired.\n",
        "Codes.cs": "public enum Codes\n{\n    /// <summary>Token missing.</summary>\n    TokenMissing = 1001,\n"
                    "    /// <summary>Token expired.</summary>\n    TokenExpired = 1002,\n}\n",
    }
    for name, text in cases.items():
        b = build(run_cli, tmp_path, name, text)
        assert b["catalog"]["sources"][0]["format"] == "constants", name
        assert [(e["code"], e["description"]) for e in b["catalog"]["entries"]] == [
            ("1001", "Token missing."), ("1002", "Token expired.")], name
        assert lost_lines(b) == [], name


def test_broken_json_names_its_line(run_cli, tmp_path):
    doc = tmp_path / "e.json"
    doc.write_text('{\n  "errors": [\n    {"code": 1, "message": "A."}\n    {"code": 2, "message": "B."}\n  ]\n}\n',
                   encoding="utf-8")
    code, _, err = run_cli(["build", "--catalog", "t", "--out", tmp_path / "o", doc], cwd=tmp_path)
    assert (code, err.strip()) == (2, f"error: e.json:4: invalid JSON: Expecting ',' delimiter")


def test_collapsed_scrapes_with_two_columns_and_symbolic_codes(run_cli, tmp_path):
    two = build(run_cli, tmp_path, "slack.txt", "Error Description\nchannel_not_found Value passed for channel was invalid.\n"
                "is_archived Channel has been archived.\nnot_authed No authentication token provided.\n")
    assert two["catalog"]["sources"][0]["format"] == "collapsed"
    assert [(e["code"], e["description"]) for e in two["catalog"]["entries"]] == [
        ("channel_not_found", "Value passed for channel was invalid."), ("is_archived", "Channel has been archived."),
        ("not_authed", "No authentication token provided.")]
    assert two["conflicts"] == []  # one text column: nothing to be unsure about
    camel = build(run_cli, tmp_path, "s3.txt", "Error Code Message Description\n"
                  "AccessDenied Access denied. You lack permission for this bucket.\n"
                  "NoSuchBucket Bucket not found. The specified bucket does not exist.\n"
                  "NoSuchKey Key not found. The specified key does not exist.\n")
    assert [(e["code"], e["message"], e["description"]) for e in camel["catalog"]["entries"]] == [
        ("AccessDenied", "Access denied.", "You lack permission for this bucket."),
        ("NoSuchBucket", "Bucket not found.", "The specified bucket does not exist."),
        ("NoSuchKey", "Key not found.", "The specified key does not exist.")]


def test_section_rows_inside_a_table_are_categories(run_cli, tmp_path):
    tsv = build(run_cli, tmp_path, "ftp.tsv", "Code\tExplanation\n100 Series\tThe requested action is being initiated.\n"
                "110\tRestart marker replay.\n120\tService ready in nnn minutes.\n200 Series\tThe action has been completed.\n"
                "200\tCommand OK.\n")
    assert [(e["code"], e["category"]) for e in tsv["catalog"]["entries"]] == [
        ("110", "100 Series"), ("120", "100 Series"), ("200", "200 Series")]
    assert [n["kind"] for n in tsv["catalog"]["catalogs"][0]["notes"]] == ["section", "section"]
    assert lost_lines(tsv) == []
    md = build(run_cli, tmp_path, "pg.md", "| Error Code | Condition Name |\n|---|---|\n"
               "| **Class 08 — Connection Exception** | |\n| `08000` | connection_exception |\n"
               "| `08003` | connection_does_not_exist |\n| **Class 23 — Integrity Constraint Violation** | |\n"
               "| `23505` | unique_violation |\n")
    assert [(e["code"], e["name"], e["category"]) for e in md["catalog"]["entries"]] == [
        ("08000", "connection_exception", "Class 08 — Connection Exception"),
        ("08003", "connection_does_not_exist", "Class 08 — Connection Exception"),
        ("23505", "unique_violation", "Class 23 — Integrity Constraint Violation")]


def test_a_cell_listing_several_codes_gives_an_entry_per_code(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "mc.md", "| Code | Message |\n|---|---|\n| 400 | Bad request. |\n"
              "| 401, 403 | Not allowed. |\n| 404 | Not found. |\n")
    assert [(e["code"], e["message"]) for e in b["catalog"]["entries"]] == [
        ("400", "Bad request."), ("401", "Not allowed."), ("403", "Not allowed."), ("404", "Not found.")]
    # lists and ranges in most cells still make the column the code column (the range stays one entry)
    mixed = build(run_cli, tmp_path, "mixed.md", "| Code | Description |\n|---|---|\n| 400 | Bad request. |\n"
                  "| 401, 403 | Not authorised. |\n| 500–599 | Server error; retry later. |\n")
    assert [e["code"] for e in mixed["catalog"]["entries"]] == ["400", "401", "403", "500–599"]
    (split,) = b["conflicts"]
    assert (split["kind"], split["severity"], split["resolution"]["rule"]) == ("normalized_value", "info", "split-code-list")


def test_a_table_without_a_header_line(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "sqlstate.tsv", "23000\tintegrity_constraint_violation\n23001\trestrict_violation\n"
              "23502\tnot_null_violation\n23505\tunique_violation\n")
    assert [(e["code"], e["name"]) for e in b["catalog"]["entries"]] == [
        ("23000", "integrity_constraint_violation"), ("23001", "restrict_violation"),
        ("23502", "not_null_violation"), ("23505", "unique_violation")]  # the first line is data, not a header
    assert {c["message"] for c in b["conflicts"]} == {"Column 1 has no header; its values read as code.",
                                                     "Column 2 has no header; its values read as name."}
    assert lost_lines(b) == []


def test_markdown_lists_of_codes(run_cli, tmp_path):
    numbered = build(run_cli, tmp_path, "sync.md", "# Sync service error codes\n\n"
                     "1. **4001 – InvalidCursor**: The sync cursor is malformed or has expired.\n"
                     "2. **4002 – CursorReset**: The server discarded the cursor; start a full resync.\n"
                     "3. **4003 – QuotaExceeded**: The account has no storage left.\n")
    assert [(e["code"], e["name"], e["description"]) for e in numbered["catalog"]["entries"]] == [
        ("4001", "InvalidCursor", "The sync cursor is malformed or has expired."),
        ("4002", "CursorReset", "The server discarded the cursor; start a full resync."),
        ("4003", "QuotaExceeded", "The account has no storage left.")]
    nested = build(run_cli, tmp_path, "mdn.md", "- [`400 Bad Request`](https://x/400)\n"
                   "  - The server cannot process the request.\n- [`401 Unauthorized`](https://x/401)\n"
                   "  - The client must authenticate itself.\n- [`404 Not Found`](https://x/404)\n"
                   "  - The server cannot find the requested resource.\n")
    assert [(e["code"], e["message"], e["description"]) for e in nested["catalog"]["entries"]] == [
        ("400", "Bad Request", "The server cannot process the request."),
        ("401", "Unauthorized", "The client must authenticate itself."),
        ("404", "Not Found", "The server cannot find the requested resource.")]
    headed = build(run_cli, tmp_path, "node.md", "# Node.js error codes\n\n<a id=\"ERR_A\"></a>\n### `ERR_ASSERTION`\n\n"
                   "An assertion failed.\n\n<a id=\"ERR_B\"></a>\n### `ERR_BUFFER_OUT_OF_BOUNDS`\n\n"
                   "An operation outside the bounds of a Buffer was attempted.\n\n### `ERR_INVALID_ARG_TYPE`\n\n"
                   "An argument of the wrong type was passed.\n")
    assert [(e["code"], e["description"]) for e in headed["catalog"]["entries"]] == [
        ("ERR_ASSERTION", "An assertion failed."),
        ("ERR_BUFFER_OUT_OF_BOUNDS", "An operation outside the bounds of a Buffer was attempted."),
        ("ERR_INVALID_ARG_TYPE", "An argument of the wrong type was passed.")]
    assert lost_lines(headed) == []
    hresult = build(run_cli, tmp_path, "hr.txt", "Common HRESULT values\n\n0x80004001 E_NOTIMPL Not implemented.\n"
                    "0x80004002 E_NOINTERFACE No such interface supported.\n0x80004005 E_FAIL Unspecified failure.\n")
    assert [(e["code"], e["name"], e["description"]) for e in hresult["catalog"]["entries"]] == [
        ("0x80004001", "E_NOTIMPL", "Not implemented."), ("0x80004002", "E_NOINTERFACE", "No such interface supported."),
        ("0x80004005", "E_FAIL", "Unspecified failure.")]


def test_markdown_rows_with_tabs_are_no_column_dump(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "page.md", "# Errors\n\n## Section 0\n\n| Name | Code | Description |\n|---|---|---|\n"
              "| `Name0`\t | 999 | The first thing went wrong. |\n| `Name1`\t | 1001 | The second thing went wrong. |\n")
    assert b["catalog"]["sources"][0]["format"] == "markdown"
    assert [(e["code"], e["name"]) for e in b["catalog"]["entries"]] == [("999", "Name0"), ("1001", "Name1")]


def test_regressions_found_by_rerunning_the_stress_documents(run_cli, tmp_path):
    # two tab tables under titles: a tab table, not a column dump
    two = build(run_cli, tmp_path, "two.tsv", "Authentication errors\nCode\tHTTP Status\tMessage\n1001\t401\tToken missing.\n"
                "1002\t401\tToken expired.\n\nBilling errors\nCode\tHTTP Status\tMessage\n2001\t402\tCard declined.\n"
                "2002\t402\tInsufficient funds.\n")
    assert [e["code"] for e in two["catalog"]["entries"]] == ["1001", "1002", "2001", "2002"]
    # a dump keyed by "Fault ID": read, and were its key unknown its rows would be reported, never dropped
    dump = build(run_cli, tmp_path, "faults.txt", "Fault ID\tHTTP\nSG-101\t400\nSG-102\t403\nSG-103\t404\n\n"
                 "Summary\n\nMalformed volume name.\n\nGateway not activated.\n\nVolume not found.\n")
    assert [(e["code"], e["http_status"], e["message"]) for e in dump["catalog"]["entries"]] == [
        ("SG-101", 400, "Malformed volume name."), ("SG-102", 403, "Gateway not activated."),
        ("SG-103", 404, "Volume not found.")]
    assert lost_lines(dump) == []
    # a limit among the constants is a setting, not an error code
    kt = build(run_cli, tmp_path, "Errors.kt", "object Errors {\n    const val MAX_CART_ITEMS = 100\n"
               "    const val CART_NOT_FOUND = 2001 // Cart not found.\n    const val OUT_OF_STOCK = 2002 // Out of stock.\n}\n")
    assert [e["code"] for e in kt["catalog"]["entries"]] == ["2001", "2002"]
    assert lost_lines(kt) == []
    # beside a known description, an unknown text column (advice) stays extra
    csv = build(run_cli, tmp_path, "decline.csv", "Code,Description,Next steps\n"
                "card_not_supported,The card does not support this purchase.,Ask the customer to use another card.\n"
                "expired_card,The card has expired.,Ask the customer to use another card.\n")
    e = csv["catalog"]["entries"][0]
    assert (e["message"], e["extra"]) == ("", {"next steps": "Ask the customer to use another card."})
