"""Conflict kinds on small made-up documents, including the kinds the seeds do not show.

Each test writes its documents into tmp_path and builds them ad hoc (`build --catalog demo --out out FILE…`,
in process, cwd = tmp_path, so locations read `name.tsv:LINE`), then checks kind, field, severity, values and
locations of what the reconciler reports. Source ids are the file stems; earlier files have priority.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.cli import main


def build(tmp_path: Path, monkeypatch, **docs: str) -> tuple[list[dict], dict]:
    """Write `name_ext=text` documents (`new_tsv` → new.tsv), build them in that order; (conflicts, entries by
    (code, variant))."""
    monkeypatch.chdir(tmp_path)
    names = []
    for key, text in docs.items():
        name = ".".join(key.rsplit("_", 1))
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(name)
    assert main(["build", "--catalog", "demo", "--out", "out", *names]) == 0
    conflicts = json.loads((tmp_path / "out" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    entries = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))["entries"]
    return conflicts, {(e["code"], e["variant"]): e for e in entries}


def of(conflicts, kind, **where) -> list[dict]:
    return [c for c in conflicts if c["kind"] == kind and all(c[k] == v for k, v in where.items())]


def one(conflicts, kind, **where) -> dict:
    found = of(conflicts, kind, **where)
    assert len(found) == 1, f"{kind} {where}: {[c['message'] for c in of(conflicts, kind)]}"
    return found[0]


def vals(c: dict) -> list[tuple]:
    return [(v["source"], v["value"], v["location"]) for v in c["values"]]


def tsv(*rows: str, header: str = "Code\tHTTP Status\tMessage\tDescription") -> str:
    return "\n".join([header, *rows]) + "\n"


NEW = tsv("20\t400\tAccess denied.\tYou may not do this.",
          "21\t\tNo such user.\tThe user does not exist in the system at all.",
          "22\t500\tServer failed.\tThe server failed while handling the request.",
          "23\t\tTimeout.\tThe request took too long.",
          "24\t409\tConflict.\tThe item conflicts with another item.")
OLD = tsv("20\t400\tAccess Denied\tYou may not do this.",
          "21\t404\tNo such user.\tThe user does not exist in the",
          "22\t503\tServer down.\tThe server failed while handling the request.",
          "23\t\tTimeout.\tThe request took too long.",
          "25\t400\tBad input.\tThe input was bad.")


@pytest.fixture
def two_tables(tmp_path, monkeypatch):
    return build(tmp_path, monkeypatch, new_tsv=NEW, old_tsv=OLD)


def test_value_mismatch_real_and_cosmetic(two_tables):
    conflicts, entries = two_tables
    status = one(conflicts, "value_mismatch", code="22", field="http_status")
    assert status["severity"] == "error" and status["resolution"]["status"] == "open"
    assert vals(status) == [("new", 500, "new.tsv:4"), ("old", 503, "old.tsv:4")]
    assert "new (highest priority) is used" in status["message"]
    message = one(conflicts, "value_mismatch", code="22", field="message")
    assert message["severity"] == "error"
    assert vals(message) == [("new", "Server failed.", "new.tsv:4"), ("old", "Server down.", "old.tsv:4")]
    assert entries[("22", 1)]["http_status"] == 500 and entries[("22", 1)]["message"] == "Server failed."

    cosmetic = one(conflicts, "value_mismatch", code="20", field="message")
    assert cosmetic["severity"] == "info"
    assert "only in case, punctuation or whitespace" in cosmetic["message"]
    assert vals(cosmetic) == [("new", "Access denied.", "new.tsv:2"), ("old", "Access Denied", "old.tsv:2")]
    assert cosmetic["resolution"] == {"status": "auto", "value": "Access denied.", "rule": "cosmetic-take-priority"}
    assert {(c["code"], c["field"]) for c in of(conflicts, "value_mismatch")} == {
        ("20", "message"), ("22", "http_status"), ("22", "message")}


def test_truncated_value_keeps_the_full_text(two_tables):
    conflicts, entries = two_tables
    c = one(conflicts, "truncated_value", code="21", field="description")
    full = "The user does not exist in the system at all."
    assert c["severity"] == "warning"
    assert vals(c) == [("new", full, "new.tsv:3"), ("old", "The user does not exist in the", "old.tsv:3")]
    assert c["resolution"] == {"status": "auto", "value": full, "rule": "keep-untruncated"}
    assert "in old is a cut-off prefix of the text in new" in c["message"]
    assert entries[("21", 1)]["description"] == full


def test_truncated_value_in_the_priority_source_takes_the_longer_text(tmp_path, monkeypatch):
    conflicts, entries = build(tmp_path, monkeypatch, new_tsv=OLD, old_tsv=NEW)
    c = one(conflicts, "truncated_value", code="21")
    assert c["resolution"]["value"] == entries[("21", 1)]["description"] == \
        "The user does not exist in the system at all."
    assert entries[("21", 1)]["provenance"]["description"]["location"] == "old.tsv:3"


def test_two_different_continuations_of_one_prefix_are_a_mismatch(tmp_path, monkeypatch):
    head = "Code\tMessage\tDescription"
    conflicts, _ = build(tmp_path, monkeypatch,
                         a_tsv=tsv("30\tGone.\tThe user does not exist", header=head),
                         b_tsv=tsv("30\tGone.\tThe user does not exist in the system.", header=head),
                         c_tsv=tsv("30\tGone.\tThe user does not exist anywhere.", header=head))
    assert not of(conflicts, "truncated_value")
    c = one(conflicts, "value_mismatch", code="30", field="description")
    assert c["severity"] == "warning" and c["resolution"]["status"] == "open"
    assert [v["source"] for v in c["values"]] == ["a", "b", "c"]


def test_missing_in_source_both_ways(two_tables):
    conflicts, entries = two_tables
    c = one(conflicts, "missing_in_source", code="24")
    assert c["severity"] == "info" and c["resolution"]["status"] == "open"
    assert c["message"] == "Code 24 is listed by new but not by old."
    assert vals(c) == [("new", "Conflict.", "new.tsv:6")]
    c = one(conflicts, "missing_in_source", code="25")
    assert c["message"] == "Code 25 is listed by old but not by new."
    assert vals(c) == [("old", "Bad input.", "old.tsv:6")]
    assert entries[("24", 1)]["sources"] == ["new"] and entries[("25", 1)]["sources"] == ["old"]
    assert entries[("20", 1)]["sources"] == ["new", "old"]


def test_missing_value_filled_or_left_open(two_tables):
    conflicts, entries = two_tables
    filled = one(conflicts, "missing_value", code="21", field="http_status")
    assert filled["severity"] == "info"
    assert filled["resolution"] == {"status": "auto", "value": 404, "rule": "fill-blank-from-other-source"}
    assert vals(filled) == [("new", None, "new.tsv:3"), ("old", 404, "old.tsv:3")]
    assert entries[("21", 1)]["http_status"] == 404
    assert entries[("21", 1)]["provenance"]["http_status"]["location"] == "old.tsv:3"

    left = one(conflicts, "missing_value", code="23", field="http_status")
    assert left["severity"] == "error" and left["resolution"]["status"] == "open"
    assert vals(left) == [("new", None, "new.tsv:5"), ("old", None, "old.tsv:5")]
    assert entries[("23", 1)]["http_status"] is None


def test_missing_text_value_is_a_warning(tmp_path, monkeypatch):
    conflicts, _ = build(tmp_path, monkeypatch, a_tsv=tsv("10\t400\t\tSomething went wrong here.",
                                                         "11\t400\tBad.\tSomething else went wrong here."))
    c = one(conflicts, "missing_value", code="10", field="message")
    assert c["severity"] == "warning" and c["resolution"]["status"] == "open"
    assert vals(c) == [("a", "", "a.tsv:2")]


TABLE_WITH_DUPLICATES = tsv(
    "40\t400\tBad input.\tThe input you sent could not be read.",
    "42\t409\tConflict.\tThe item already exists in the store.",
    "42\t409\tConflict.\tThe item already exists in the store.",
    "43\t500\tServer error.\tThe server failed while handling it.",
    "43\t503\tUnavailable.\tThe service is down for maintenance now.",
)


def test_duplicate_code_repeated_row_and_different_meanings(tmp_path, monkeypatch):
    conflicts, entries = build(tmp_path, monkeypatch, d_tsv=TABLE_WITH_DUPLICATES)
    same = one(conflicts, "duplicate_code", code="42")
    assert same["severity"] == "warning" and "same text" in same["message"]
    assert vals(same) == [("d", "Conflict.", "d.tsv:3"), ("d", "Conflict.", "d.tsv:4")]
    different = one(conflicts, "duplicate_code", code="43")
    assert different["severity"] == "error" and "different meanings" in different["message"]
    assert vals(different) == [("d", "Server error.", "d.tsv:5"), ("d", "Unavailable.", "d.tsv:6")]
    assert entries[("43", 2)]["http_status"] == 503
    assert ("40", 2) not in entries


PROSE = """Error codes of the Demo API.
- 100-199. Input errors.
- 150-249. Storage errors.
- 300-399. Auth errors.
100
bad_input. The input could not be read because it is malformed in some way.
120
bad_input. The input was rejected by the validator for an unknown reason.
160
too_large. The uploaded object exceeds the size limit configured for the account.
310
no_token. The uploaded object exceeds the size limit configured for the account.
320
expired_token. The access token has expired and must be refreshed before retrying.
320
token_expired. The token expired, refresh it.
260
lost_code. This code lies outside every declared range of the document.
"""


@pytest.fixture
def prose(tmp_path, monkeypatch):
    return build(tmp_path, monkeypatch, demo_txt=PROSE)


def test_duplicate_name(prose):
    conflicts, _ = prose
    c = one(conflicts, "duplicate_name")
    assert (c["field"], c["severity"], c["code"]) == ("name", "warning", None)
    assert c["message"] == "The name bad_input is used for codes 100, 120."
    assert [(v["code"], v["value"], v["location"]) for v in c["values"]] == [
        ("100", "bad_input", "demo.txt:6"), ("120", "bad_input", "demo.txt:8")]


def test_duplicate_code_aliases(prose):
    conflicts, entries = prose
    c = one(conflicts, "duplicate_code", code="320")
    assert c["severity"] == "info" and "different names" in c["message"]
    assert vals(c) == [("demo", "expired_token", "demo.txt:14"), ("demo", "token_expired", "demo.txt:16")]
    assert entries[("320", 2)]["name"] == "token_expired"


def test_duplicate_text(prose):
    conflicts, _ = prose
    c = one(conflicts, "duplicate_text")
    assert (c["code"], c["variant"], c["field"], c["severity"]) == ("310", 1, "description", "warning")
    text = "The uploaded object exceeds the size limit configured for the account."
    assert [(v["code"], v["value"], v["location"]) for v in c["values"]] == [
        ("160", text, "demo.txt:10"), ("310", text, "demo.txt:12")]
    assert c["message"] == "Codes 160 and 310 have the same description; one was probably copied."


def test_overlapping_ranges(prose):
    conflicts, entries = prose
    c = one(conflicts, "overlapping_ranges")
    assert c["severity"] == "warning" and c["code"] is None
    assert vals(c) == [("demo", "100-199", "demo.txt:2"), ("demo", "150-249", "demo.txt:3")]
    assert c["message"] == ("Ranges 100-199 (Input errors) and 150-249 (Storage errors) partly overlap; codes in "
                            "both (160) take 150-249 (Storage errors), the later-declared of two equally wide "
                            "ranges.")
    assert c["resolution"] == {"status": "auto", "value": "150-249", "rule": "narrowest-range-wins"}
    assert entries[("160", 1)]["category"] == "Storage errors"
    assert entries[("100", 1)]["category"] == "Input errors"
    assert entries[("310", 1)]["category"] == "Auth errors"


def test_out_of_range(prose):
    conflicts, entries = prose
    c = one(conflicts, "out_of_range")
    assert (c["code"], c["variant"], c["field"], c["severity"]) == ("260", 1, "category", "warning")
    assert c["message"] == "Code 260 lies outside every declared range."
    assert vals(c) == [("demo", "260", "demo.txt:17")]
    assert entries[("260", 1)]["category"] == ""


def test_invalid_value(tmp_path, monkeypatch):
    conflicts, entries = build(tmp_path, monkeypatch, bad_tsv=tsv(
        "10\tabc\tBad thing.\tA bad thing happened here.",
        "11\t999\tWorse thing.\tA worse thing happened here.",
        "12\t404\tNot found.\tThe item was not found."))
    for code, text, line in (("10", "abc", 2), ("11", "999", 3)):
        c = one(conflicts, "invalid_value", code=code)
        # error: the status is dropped, so a user of the catalog would get it wrong
        assert (c["field"], c["severity"], c["variant"]) == ("http_status", "error", 1)
        assert c["message"] == f"{text!r} is not an HTTP status."
        assert vals(c) == [("bad", text, f"bad.tsv:{line}")]
        assert entries[(code, 1)]["http_status"] is None
        assert not of(conflicts, "missing_value", code=code)  # the cell was not blank: reported once, not twice
    assert not of(conflicts, "invalid_value", code="12")


def test_header_mismatch(tmp_path, monkeypatch):
    conflicts, entries = build(tmp_path, monkeypatch, h_tsv=tsv(
        "40\t400\tBad input.\tCreate, Update\tThe input you sent could not be read.",
        "41\t404\tNot found.\tRead, Delete\tThe item you asked for does not exist.",
        "42\t409\tConflict.\tCreate\tThe item already exists in the store.",
        header="Code\tStatus\tMessage\tDescription\tReturned By"))
    found = of(conflicts, "header_mismatch")
    assert sorted((c["field"], c["values"][0]["value"]) for c in found) == [
        ("description", "Returned By"), ("operations", "Description")]
    for c in found:
        assert c["severity"] == "warning" and c["values"][0]["location"] == "h.tsv:1"
        assert c["resolution"] == {"status": "auto", "value": c["field"], "rule": "columns-typed-by-values"}
    assert entries[("40", 1)]["operations"] == ["Create", "Update"]
    assert entries[("40", 1)]["description"] == "The input you sent could not be read."


def test_unparsed_text_inside_and_after_a_table(tmp_path, monkeypatch):
    text = tsv("10\t400\tBad thing.\tA bad thing happened.", "this line has no tabs",
               "11\t404\tNot found.\tThe item was not found.") + "Trailing remark that is no footnote.\n"
    conflicts, _ = build(tmp_path, monkeypatch, u_tsv=text)
    inside, after = sorted(of(conflicts, "unparsed_text"), key=lambda c: c["values"][0]["location"])
    assert inside["severity"] == "warning" and vals(inside) == [("u", "this line has no tabs", "u.tsv:3")]
    assert after["severity"] == "info"
    assert vals(after) == [("u", "Trailing remark that is no footnote.", "u.tsv:5")]
    assert inside["resolution"]["status"] == after["resolution"]["status"] == "open"


# The first block of the column dumps below: four rows of row number, code and status.
DUMP_ROWS = """1\t10\t400
2\t11\t404
3\t12\t409
4\t13\t500
"""

DUMP = """No.\tCode\tHTTP Code
""" + DUMP_ROWS + """
Message

Bad request.

Not found.

Conflict.

Server error.

Description

The request could not be understood by the

The item does not exist.

The item conflicts with another one and the

The server failed.

server because of malformed syntax.

current state of the target resource.

Zzz trailing note.
"""


def test_fragments_joined_in_row_order_and_an_orphan(tmp_path, monkeypatch):
    conflicts, entries = build(tmp_path, monkeypatch, dump_txt=DUMP)
    first = one(conflicts, "joined_fragment", code="10")
    assert (first["field"], first["severity"], first["variant"]) == ("description", "info", 1)
    assert vals(first) == [("dump", "server because of malformed syntax.", "dump.txt:27"),
                           ("dump", "The request could not be understood by the", "dump.txt:19,27")]  # its line, then the fragment
    assert first["resolution"] == {"status": "auto", "rule": "fragment-joined-in-row",
                                   "value": "The request could not be understood by the server because of "
                                            "malformed syntax."}
    second = one(conflicts, "joined_fragment", code="12")
    assert vals(second)[0] == ("dump", "current state of the target resource.", "dump.txt:29")
    assert "row order" in second["message"]
    assert entries[("12", 1)]["description"] == ("The item conflicts with another one and the current state of "
                                                 "the target resource.")
    orphan = one(conflicts, "orphan_fragment")
    assert (orphan["severity"], orphan["code"], orphan["resolution"]["status"]) == ("warning", None, "open")
    assert vals(orphan) == [("dump", "Zzz trailing note.", "dump.txt:31")]


def test_orphan_fragment_lists_its_candidate_rows(tmp_path, monkeypatch):
    """Three lower-case fragments for two rows that stop mid-sentence: none can be placed for sure."""
    text = DUMP.replace("Zzz trailing note.", "and one more piece of text.")
    conflicts, _ = build(tmp_path, monkeypatch, dump_txt=text)
    assert not of(conflicts, "joined_fragment")
    orphans = of(conflicts, "orphan_fragment")
    assert len(orphans) == 3
    for c in orphans:
        assert "could not be placed for sure; candidate rows: 10 (description), 12 (description)" in c["message"]
        assert [(v.get("code"), v["value"]) for v in c["values"][1:]] == [
            ("10", "The request could not be understood by the"),
            ("12", "The item conflicts with another one and the")]


def test_block_length_mismatch(tmp_path, monkeypatch):
    text = """Sr.no\tError Code\tHtml Code
""" + DUMP_ROWS + """
Message

Bad request.

Not found.

Conflict.

Description

The request could not be understood.

The item does not exist.

The item conflicts with another one.

The server failed.
"""
    conflicts, entries = build(tmp_path, monkeypatch, short_txt=text)
    c = one(conflicts, "block_length_mismatch")
    assert (c["field"], c["severity"], c["code"]) == ("message", "error", None)
    assert c["message"].startswith("The 'Message' block has 3 values for 4 rows")
    assert vals(c) == [("short", "Message", "short.txt:7")]
    assert [entries[(str(code), 1)]["message"] for code in (10, 11, 12, 13)] == [
        "Bad request.", "Not found.", "Conflict.", ""]
    assert entries[("13", 1)]["description"] == "The server failed."  # the next block is still read
    assert one(conflicts, "missing_value", code="13", field="message")["severity"] == "warning"


def test_uncertain_split(tmp_path, monkeypatch):
    text = """Some page chrome
Code HTTP Status Message Description
10 400 Bad request. The request could not be understood.
11 404 Not found. The item does not exist.
12 409 Conflict Item State The item conflicts with Another One
13 500 Server error. The server failed.
"""
    conflicts, entries = build(tmp_path, monkeypatch, scraped_txt=text)
    c = one(conflicts, "uncertain_split")
    assert (c["code"], c["severity"], c["variant"]) == ("12", "info", 1)
    assert vals(c) == [("scraped", "Conflict Item State The item conflicts with Another One", "scraped.txt:5")]
    assert c["resolution"]["status"] == "auto" and c["resolution"]["rule"] == "split-by-document-regularities"
    assert c["resolution"]["value"] == {"message": entries[("12", 1)]["message"],
                                        "description": entries[("12", 1)]["description"]}
    assert "next best" in c["message"]
    assert entries[("10", 1)]["message"] == "Bad request."  # clear rows are split without a report
    assert len(of(conflicts, "uncertain_split")) == 1


def test_a_text_another_extends_with_a_new_clause_is_a_mismatch_not_a_cut(tmp_path, monkeypatch):
    head = "Code\tMessage\tDescription"
    conflicts, _ = build(tmp_path, monkeypatch,
                         a_tsv=tsv("31\tBad.\tPayload for Action is syntactically incorrect", header=head),
                         b_tsv=tsv("31\tBad.\tPayload for Action is syntactically incorrect or structure for "
                                   "Action", header=head))
    assert not of(conflicts, "truncated_value")
    one(conflicts, "value_mismatch", code="31", field="description")


def test_a_namespace_prefix_and_a_naming_style_are_no_disagreement(tmp_path, monkeypatch):
    head = "Code\tName\tDescription"
    conflicts, entries = build(tmp_path, monkeypatch,
                               a_tsv=tsv("1000\tNORMAL_CLOSURE\tNormal.", "1001\tGOING_AWAY\tAway.",
                                         "1002\tPROTOCOL_ERROR\tProtocol.", header=head),
                               b_tsv=tsv("1000\tCLOSE_REASON_NORMAL_CLOSURE\tNormal.",
                                         "1001\tCLOSE_REASON_GOING_AWAY\tAway.",
                                         "1002\tCLOSE_REASON_UNPROCESSABLE\tProtocol.", header=head),
                               c_tsv=tsv("1000\tNormalClosure\tNormal.", header=head))
    # one entry per code; only 1002's names differ in words
    assert sorted(entries) == [("1000", 1), ("1001", 1), ("1002", 1)]
    assert [c["code"] for c in of(conflicts, "value_mismatch", field="name")] == ["1002"]
    assert {c["code"] for c in of(conflicts, "normalized_value", field="name")} == {"1000", "1001"}
