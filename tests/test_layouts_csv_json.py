"""The CSV layout (comma or semicolon, quoted fields, cells over several lines) and the JSON layout (a list of
error objects, or an object keyed by code): read back field for field, every line accounted for."""
from __future__ import annotations

import pytest

from layout_helpers import build, lost_lines, rows

CSV = """\
Payment API error codes (export)
code,http_status,message,description
card_declined,402,"The card was declined.","The card has been declined; ask the customer
to use another card."
expired_card,402,The card has expired.,Check the expiration date or use a different card.
incorrect_cvc,402,"The card's security code is incorrect.","Check the card's security code, or use a different card."
rate_limit,,Too many requests,"Too many requests hit the API too quickly; use exponential backoff."
a stray line, with a comma
* Codes may be added at any time.
"""

SEMICOLON = """\
Fehlercode;HTTP Status;Meldung
1001;404;Benutzer nicht gefunden
1002;409;E-Mail-Adresse bereits vergeben; bitte anmelden
1003;500;Interner Fehler
"""

JSON_LIST = """\
{
  "version": 2,
  "errors": [
    {"code": "invalid_request", "status": 400, "message": "The request is malformed.", "retryable": false},
    {
      "code": "unauthorized",
      "status": 401,
      "message": "Missing or invalid credentials."
    },
    {"code": "rate_limited", "status": 429, "message": "Slow down.", "retryable": true}
  ]
}
"""

JSON_KEYED = """\
{
  "E1001": {"message": "Unknown user.", "http": 404},
  "E1002": {"message": "Wrong password.", "http": 401}
}
"""


def test_csv_with_quoted_fields_over_lines(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.csv", CSV)
    assert b["catalog"]["sources"][0]["format"] == "csv"
    assert [(code, status, msg) for code, _, status, *_ in rows(b) for msg in [None]] == [
        ("card_declined", 402, None), ("expired_card", 402, None), ("incorrect_cvc", 402, None),
        ("rate_limit", None, None)]
    e = {x["code"]: x for x in b["catalog"]["entries"]}
    assert e["card_declined"]["description"] == "The card has been declined; ask the customer to use another card."
    assert e["card_declined"]["provenance"]["description"]["lines"] == [3, 4]  # one cell, two lines
    assert e["incorrect_cvc"]["description"] == "Check the card's security code, or use a different card."
    notes = b["catalog"]["catalogs"][0]["notes"]
    assert [(n["kind"], n["text"]) for n in notes] == [
        ("preamble", "Payment API error codes (export)"), ("footnote", "Codes may be added at any time.")]
    kinds = {(c["kind"], c["code"]) for c in b["conflicts"]}
    assert ("missing_value", "rate_limit") in kinds  # a blank status in a filled column
    stray = [c for c in b["conflicts"] if c["kind"] == "unparsed_text"]
    assert [c["values"][0]["value"] for c in stray] == ["a stray line, with a comma"]
    assert lost_lines(b) == []


def test_semicolon_separated_with_a_separator_free_message(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "fehler.csv", SEMICOLON)
    assert b["catalog"]["sources"][0]["format"] == "csv"
    e = {x["code"]: x for x in b["catalog"]["entries"]}
    assert (e["1001"]["http_status"], e["1001"]["message"]) == (404, "Benutzer nicht gefunden")
    # a row with one separator too many is not silently cut: it is reported
    assert "1002" not in e
    assert [c["values"][0]["value"] for c in b["conflicts"] if c["kind"] == "unparsed_text"] == [
        "1002;409;E-Mail-Adresse bereits vergeben; bitte anmelden"]
    assert lost_lines(b) == []


def test_json_list_of_error_objects(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.json", JSON_LIST)
    assert b["catalog"]["sources"][0]["format"] == "json"
    assert [(code, status, msg) for code, _, status, msg, *_ in
            [(e["code"], e["name"], e["http_status"], e["message"]) for e in b["catalog"]["entries"]]] == [
        ("invalid_request", 400, "The request is malformed."), ("rate_limited", 429, "Slow down."),
        ("unauthorized", 401, "Missing or invalid credentials.")]
    e = {x["code"]: x for x in b["catalog"]["entries"]}
    assert e["unauthorized"]["provenance"]["http_status"]["lines"] == [7]  # the line the value stands on
    assert e["invalid_request"]["extra"] == {"retryable": "false"}
    assert [n["text"] for n in b["catalog"]["catalogs"][0]["notes"]] == ["version: 2"]
    assert lost_lines(b) == []


def test_json_object_keyed_by_code(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.json", JSON_KEYED)
    assert [(e["code"], e["http_status"], e["message"]) for e in b["catalog"]["entries"]] == [
        ("E1001", 404, "Unknown user."), ("E1002", 401, "Wrong password.")]
    assert lost_lines(b) == []


def test_invalid_json_forced_is_a_one_line_error(run_cli, tmp_path):
    (tmp_path / "raw_sources").mkdir()
    (tmp_path / "raw_sources" / "bad.json").write_text('{"errors": [\n  {"code": 1,}\n]}\n', encoding="utf-8")
    (tmp_path / "raw_sources" / "sources.toml").write_text(
        '[[source]]\nid = "bad"\npath = "bad.json"\ncatalog = "demo"\nformat = "json"\n', encoding="utf-8")
    code, out, err = run_cli(["build"], cwd=tmp_path)
    assert code == 2
    assert err.strip().splitlines()[-1].startswith("error: raw_sources/bad.json:2: invalid JSON")
    assert "Traceback" not in err


@pytest.mark.parametrize("text,layout", [(CSV, "csv"), (JSON_LIST, "json")])
def test_detected_by_content_not_name(run_cli, tmp_path, text, layout):
    assert build(run_cli, tmp_path, "document.txt", text)["catalog"]["sources"][0]["format"] == layout


def test_json_groups_become_categories_and_names_keys(run_cli, tmp_path):
    groups = build(run_cli, tmp_path, "groups.json", """\
{
  "auth": [
    {"code": 4010, "status": 401, "message": "Token missing."},
    {"code": 4011, "status": 401, "message": "Token expired."}
  ],
  "validation": [
    {"code": 4220, "status": 422, "message": "Field invalid."}
  ]
}
""")
    assert [(e["code"], e["http_status"], e["category"]) for e in groups["catalog"]["entries"]] == [
        ("4010", 401, "auth"), ("4011", 401, "auth"), ("4220", 422, "validation")]
    assert lost_lines(groups) == []
    by_name = build(run_cli, tmp_path, "byname.json", """\
{
  "AccountNotFound": {"code": 1001, "message": "No such account."},
  "AccountLocked": {"code": 1002, "message": "The account is locked."}
}
""")
    assert [(e["code"], e["name"]) for e in by_name["catalog"]["entries"]] == [
        ("1001", "AccountNotFound"), ("1002", "AccountLocked")]


def test_tab_separated_with_spreadsheet_quoting(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "export.tsv", 'Code\tStatus\tMessage\tDescription\n'
              '1001\t400\tBad input.\t"The body is invalid.\nCheck the JSON syntax."\n'
              '1002\t400\tQuoted.\t"He said ""no""."\n1003\t404\tNot found.\tThe item is gone.\n')
    assert b["catalog"]["sources"][0]["format"] == "tab (quoted)"
    assert [(e["code"], e["description"]) for e in b["catalog"]["entries"]] == [
        ("1001", "The body is invalid. Check the JSON syntax."), ("1002", 'He said "no".'),
        ("1003", "The item is gone.")]
    assert lost_lines(b) == []


def test_yaml_error_catalog(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.yaml", """\
# Error catalog of the demo service
version: 3
errors:
  - code: E1001
    status: 404
    message: Unknown user.
  - code: E1002
    status: 401
    message: "Wrong password."
    description: The password does not match the one on record.
""")
    assert b["catalog"]["sources"][0]["format"] == "yaml"
    assert [(e["code"], e["http_status"], e["message"]) for e in b["catalog"]["entries"]] == [
        ("E1001", 404, "Unknown user."), ("E1002", 401, "Wrong password.")]
    assert [e["provenance"]["message"]["lines"] for e in b["catalog"]["entries"]] == [[6], [9]]
    assert [n["text"] for n in b["catalog"]["catalogs"][0]["notes"]] == ["version: 3"]
    assert lost_lines(b) == []
