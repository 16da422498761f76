"""Collapsed rows (a web table whose cell separators became single spaces): hand-written scrapes, the truth
asserted field by field. Rows are cut by the shared typing stage's fit of each cell and of each whole column."""
from __future__ import annotations

import time
from pathlib import Path

from extract.pipeline import run
from extract.manifest import SourceSpec
from extract.parsers import collapsed

FIELDS = ("code", "name", "http_status", "message", "description", "operations", "category")


def build(tmp_path: Path, text: str):
    path = tmp_path / "scrape.txt"
    path.write_text(text, encoding="utf-8")
    b = run([SourceSpec("doc", path, "x", priority=1, root=tmp_path)])
    assert not b.errors, b.errors
    assert b.parsed["doc"].format == "collapsed"
    return [{f: (e.code if f == "code" else e.get(f)) for f in FIELDS} for e in b.catalogs["x"].entries], b


def row(code, name="", status=None, message="", description="", operations=(), category=""):
    return {"code": code, "name": name or None, "http_status": status, "message": message or None,
            "description": description or None, "operations": list(operations) or None, "category": category or None}


def norm(entries):
    return [{k: (v if v not in ("", [], None) else None) for k, v in e.items()} for e in entries]


def test_symbolic_keys_whose_capitals_run_together(tmp_path):
    got, _ = build(tmp_path, "Error Code HTTP Status Message Description\n"
                   "APIKeyLocked 423 The API key is locked. Another operation holds a lock on the API key.\n"
                   "OAuthTokenExpired 401 The token has expired. Request a new token.\n"
                   "UserNotFound 404 The specified user was not found. The user may have been deleted.\n")
    assert norm(got) == norm([
        row("APIKeyLocked", status=423, message="The API key is locked.",
            description="Another operation holds a lock on the API key."),
        row("OAuthTokenExpired", status=401, message="The token has expired.", description="Request a new token."),
        row("UserNotFound", status=404, message="The specified user was not found.",
            description="The user may have been deleted.")])


def test_group_rows_among_the_rows_are_categories(tmp_path):
    got, _ = build(tmp_path, "Error codes of the API.\nCode Name Description\nAuthentication errors\n"
                   "1001 TokenInvalid The token is invalid.\n1002 TokenExpired The token has expired.\n"
                   "Storage errors\n2001 BucketMissing The bucket does not exist.\n")
    assert norm(got) == norm([
        row("1001", "TokenInvalid", description="The token is invalid.", category="Authentication errors"),
        row("1002", "TokenExpired", description="The token has expired.", category="Authentication errors"),
        row("2001", "BucketMissing", description="The bucket does not exist.", category="Storage errors")])


def test_a_blank_name_cell_leaves_the_message_whole(tmp_path):
    got, _ = build(tmp_path, "Code Name HTTP Status Message Description\n"
                   "101 bucket_locked 423 The bucket is locked. Wait until the operation finishes.\n"
                   "102 409 The user changed. Read the user again.\n"
                   "103 token_missing 400 No token was specified. The request has no token.\n")
    assert norm(got)[1] == norm([row("102", status=409, message="The user changed.",
                                     description="Read the user again.")])[0]
    assert got[0]["name"] == "bucket_locked" and got[2]["name"] == "token_missing"


def test_columns_in_another_order_than_code_first(tmp_path):
    got, _ = build(tmp_path, "Message Name Error Code Description HTTP Status\n"
                   "The bucket is locked. bucket_locked E101 Another operation holds a lock. 423\n"
                   "The token has expired. token_expired E102 Request a new token. 401\n"
                   "The user was not found. user_missing E105 The user may have been deleted. 404\n")
    assert norm(got) == norm([
        row("E101", "bucket_locked", 423, "The bucket is locked.", "Another operation holds a lock."),
        row("E102", "token_expired", 401, "The token has expired.", "Request a new token."),
        row("E105", "user_missing", 404, "The user was not found.", "The user may have been deleted.")])


def test_a_scrape_without_a_header_line_is_read_by_its_rows_shapes(tmp_path):
    got, _ = build(tmp_path, "Errors of the REST API.\n"
                   "1001 TokenInvalid 400 The token is invalid. The token you sent is not in the correct format.\n"
                   "1002 TokenExpired 401 The token has expired. Request a new token and send the request again.\n"
                   "1005 BucketLocked 423 The bucket is locked. Another operation holds a lock on the bucket.\n")
    assert [(e["code"], e["name"], e["http_status"]) for e in got] == [
        ("1001", "TokenInvalid", 400), ("1002", "TokenExpired", 401), ("1005", "BucketLocked", 423)]
    assert [e["message"] for e in got] == ["The token is invalid.", "The token has expired.", "The bucket is locked."]
    assert got[2]["description"] == "Another operation holds a lock on the bucket."


def test_operations_and_category_after_the_texts(tmp_path):
    got, _ = build(tmp_path, "Code Message Description Operations Category\n"
                   "1 The user exists. Choose another name. Create user, Update user Account errors\n"
                   "2 The file is too large. Split the file. Upload file, Read by ID Account errors\n"
                   "3 The order is invalid. Check the order. Read by ID Billing errors\n"
                   "4 The card expired. Use another card. Create order, Refund payment Billing errors\n")
    assert [(e["operations"], e["category"]) for e in got] == [
        (["Create user", "Update user"], "Account errors"), (["Upload file", "Read by ID"], "Account errors"),
        (["Read by ID"], "Billing errors"), (["Create order", "Refund payment"], "Billing errors")]


def test_the_split_search_is_bounded_on_a_long_row():
    words = ("The service rejected the request because " + "the value was far too long and " * 100).split()
    line = "1001 TokenInvalid 400 " + " ".join(words) + "end."
    model = collapsed.Model()
    started = time.perf_counter()
    found = collapsed.split_row(line.split(), ("code", "name", "http_status", "message", "description"), model)
    assert found and time.perf_counter() - started < 5  # linear in the words, not combinatorial


def test_a_lone_error_heads_the_name_beside_a_code_column_named_otherwise(tmp_path):
    got, _ = build(tmp_path, "Errors of the REST API.\nError Number Error HTTP Code Cause\n"
                   "E100 bucketLocked 423 Another operation holds a lock on the bucket.\n"
                   "E101 tokenExpired 401 Request a new token and send the request again.\n"
                   "E102 userMissing 404 The user may have been deleted by another user.\n"
                   "E103 fileTooLarge 413 Split the file into smaller parts.\n")
    assert norm(got) == norm([
        row("E100", "bucketLocked", 423, description="Another operation holds a lock on the bucket."),
        row("E101", "tokenExpired", 401, description="Request a new token and send the request again."),
        row("E102", "userMissing", 404, description="The user may have been deleted by another user."),
        row("E103", "fileTooLarge", 413, description="Split the file into smaller parts.")])


def test_a_text_cell_never_ends_on_a_comma_of_the_operations_list(tmp_path):
    got, _ = build(tmp_path, "Code Message Description Operations\n"
                   "BucketLocked The bucket is locked. Another operation holds a lock. Set password, Upload file\n"
                   "TokenExpired The token has expired. Request a new token. Login\n"
                   "UserMissing The user is missing. Set password, Login\n"
                   "FileTooLarge The file is too large. Split the file. Upload file, Send email\n")
    by = {e["code"]: e for e in norm(got)}
    assert by["UserMissing"] == norm([row("UserMissing", message="The user is missing.",
                                          operations=["Set password", "Login"])])[0]
    assert by["BucketLocked"]["description"] == "Another operation holds a lock."
    assert by["BucketLocked"]["operations"] == ["Set password", "Upload file"]


def test_headerless_rows_of_one_long_text_are_one_description_column(tmp_path):
    texts = ["The size of the account exceeds the limit of your plan. Split the account into smaller parts. "
             "Only an administrator can change this setting.",
             "The device is down for maintenance. See the settings page in the console for the current limits. "
             "You are advised to stop all requests to it and resume them later.",
             "The size of the invoice exceeds the limit of your plan. Split the invoice into smaller parts. "
             "Check the error message for more details.",
             "Sign in and send the request again. You did not provide the credentials that the card requires. "
             "Contact support if the problem persists."]
    codes = ["08001", "08004", "42402", "53709"]
    got, _ = build(tmp_path, "Error codes of the REST API.\n" +
                   "".join(f"{c} 400 {t}\n" for c, t in zip(codes, texts)))
    # one unlabelled text column: each row's text comes back whole, in one text field, the other blank
    for e, c, t in zip(got, codes, texts):
        assert (e["code"], e["http_status"]) == (c, 400)
        assert sorted([e["message"] or "", e["description"] or ""]) == ["", t]


def _scrape(rows: int) -> str:
    ops = ["Create user", "Update user", "Read user", "Delete user"]
    return "Error Code HTTP Status Error Message Returned By Description\n" + "".join(
        f"{1000 + i} {400 + i % 30} The item number {i} is locked. {ops[i % 4]}, {ops[(i + 1) % 4]} "
        f"Another operation holds a lock on item {i}.\n" for i in range(rows))


def test_the_split_work_grows_with_the_rows_only_through_the_rows_own_cuts(tmp_path, monkeypatch):
    """The order search reads a bounded sample of rows whatever the table's length, and past it each row is cut
    at most twice (a first pass and one under the refined model): the stage is linear in the rows."""
    calls = {"split_row": 0, "sampled": 0}
    split_row, sample_of = collapsed.split_row, collapsed.SampleRow.of.__func__

    def counting_split_row(*args, **kwargs):
        calls["split_row"] += 1
        return split_row(*args, **kwargs)

    def counting_sample(cls, line):
        calls["sampled"] += 1
        return sample_of(cls, line)

    monkeypatch.setattr(collapsed, "split_row", counting_split_row)
    monkeypatch.setattr(collapsed.SampleRow, "of", classmethod(counting_sample))
    seen = {}
    for rows in (200, 2000):
        calls.update(split_row=0, sampled=0)
        (tmp_path / str(rows)).mkdir()
        got, _ = build(tmp_path / str(rows), _scrape(rows))
        assert len(got) == rows and got[-1]["operations"] == ["Delete user", "Create user"]
        assert got[-1]["message"] == f"The item number {rows - 1} is locked."
        seen[rows] = dict(calls)
    bound = collapsed.DEFAULT.split.order_sample_rows * 2 + 5 * 2  # the order sample, the rows after a header
    assert seen[200]["sampled"] <= bound and seen[2000]["sampled"] <= bound
    assert seen[2000]["split_row"] - seen[200]["split_row"] <= 2 * (2000 - 200)
