"""Real documents the parsers were not written for (../shared/corpus), one per layout, built ad hoc with no rule
for the file: what each yields, checked against the document by reading it (counts, entries, duplicates, gaps)."""
from __future__ import annotations

from collections import Counter

import pytest


@pytest.fixture
def build(adhoc_build, corpus):
    def run(name: str) -> dict:
        return adhoc_build("corpus-doc", corpus / name)
    return run


def entries(built, code=None):
    return [e for e in built["catalog"]["entries"] if code is None or e["code"] == code]


def entry(built, code, variant=1):
    (e,) = [e for e in entries(built, code) if e["variant"] == variant]
    return e


def conflicts(built, kind, **where):
    return [c for c in built["conflicts"] if c["kind"] == kind and all(c[k] == v for k, v in where.items())]


def where(value_or_conflict) -> list[str]:
    """`name:line` of each value of a conflict (locations hold the corpus path as given)."""
    return [v["location"].rsplit("/", 1)[-1] for v in value_or_conflict["values"]]


def notes(built):
    return [n for c in built["catalog"]["catalogs"] for n in c["notes"]]


def source(built):
    (s,) = built["catalog"]["sources"]
    return s


def variant_counts(built) -> Counter:
    return Counter(e["code"] for e in entries(built))


def line_of(e, field="code") -> str:
    return e["provenance"][field]["location"].rsplit("/", 1)[-1]


# --- tab-separated: SagePay ---------------------------------------------------------------------------------------

def test_sagepay_2013_three_columns(build):
    name = "sagepay-error-codes.d08f3e2.tsv"
    b = build(name)
    assert (source(b)["format"], source(b)["records"]) == ("tab", 416)  # 420 rows, 4 without a code
    assert max(variant_counts(b).values()) == 1  # no code repeats
    blank = conflicts(b, "missing_value", field="code")
    assert sorted(where(c)[0] for c in blank) == [f"{name}:{n}" for n in (2, 3, 4, 5)]
    assert all(c["severity"] == "warning" for c in blank)
    kept = {where(c)[0]: c["values"][0]["value"] for c in blank}  # the row's text is not dropped
    assert "Please select the card type you would like to use for the transaction." in kept[f"{name}:4"]
    e = entry(b, "0")
    assert (e["message"], e["extra"], line_of(e)) == ("The Authorisation was Successful.", {"type": "OK"}, f"{name}:6")
    assert entry(b, "8")["message"] == "The specified and combination is not valid, or the user may be locked out."
    assert entry(b, "11007")["message"] == "The transaction was declined by the bank"  # last line, no newline
    assert all(e["description"] == "" and e["http_status"] is None for e in entries(b))
    assert not conflicts(b, "header_mismatch")


def test_sagepay_2016_six_columns(build):
    name = "sagepay-error-codes.0273a35.tsv"
    b = build(name)
    # 489 rows, 5 without a code; one Solution cell is spreadsheet-quoted, so the file is read as quoted TSV
    assert (source(b)["format"], source(b)["records"]) == ("tab (quoted)", 484)
    assert 'contain a "Vendor" field' in entry(b, "3008")["extra"]["solution"]  # "" inside quotes is one "
    assert max(variant_counts(b).values()) == 1
    blank = conflicts(b, "missing_value", field="code")
    assert sorted(where(c)[0] for c in blank) == [f"{name}:{n}" for n in (2, 3, 4, 5, 6)]
    e = entry(b, "3015")
    assert e["message"] == "The BillingAddress value is too long."
    assert e["description"] == ("The BillingAddress field which you have provided is longer than what is allowed. "
                                "This field can contain up to 200 characters.")  # Explanation; two spaces collapsed
    assert e["extra"] == {"property": "billingAddress.address1", "type": "INVALID",
                          "solution": "You will need to check your code to ensure that you server doesn't send "
                                      "more than 200 characters each time."}
    assert len(entry(b, "3010")["description"]) > 500  # a line of over 1,000 characters, read whole
    # The Type column mixes words and HTTP statuses: kept as it is, never read as the entry's status.
    e = entry(b, "1000")
    assert (e["message"], e["extra"]["type"], e["http_status"]) == ("Incorrect request format", "400", None)
    e = entry(b, "3002b")  # a code with a letter
    assert (e["message"], e["description"]) == ("A valid ##### value is required.", "")
    assert [e["code"] for e in entries(b)][-1] == "3010b"  # non-numeric codes sort after the numbers


# --- Markdown tables ------------------------------------------------------------------------------------------------

def test_grpc_symbolic_codes_with_the_case_as_description(build):
    name = "grpc-statuscodes.md"
    b = build(name)
    assert (source(b)["format"], source(b)["records"]) == ("markdown", 20)
    assert variant_counts(b) == {"UNIMPLEMENTED": 4, "INTERNAL": 5, "RESOURCE_EXHAUSTED": 3, "DEADLINE_EXCEEDED": 2,
                                 "UNAVAILABLE": 2, "UNKNOWN": 2, "CANCELLED": 1, "UNAUTHENTICATED": 1}
    e = entry(b, "UNKNOWN")  # `| … RPC) |<TAB>UNKNOWN | Server|`
    assert e["description"] == ("Server side application throws an exception (or does something other than "
                                "returning a Status code to terminate an RPC)")
    assert e["extra"] == {"generated at client or server": "Server"}
    assert line_of(e) == f"{name}:25"
    assert entry(b, "INTERNAL", 5)["description"] == "Error parsing request proto"
    assert entry(b, "CANCELLED")["description"] == "Client Application cancelled the request"  # TAB stripped
    dup = {c["code"]: c for c in conflicts(b, "duplicate_code")}
    assert sorted(dup) == ["DEADLINE_EXCEEDED", "INTERNAL", "RESOURCE_EXHAUSTED", "UNAVAILABLE", "UNIMPLEMENTED",
                           "UNKNOWN"]
    assert where(dup["UNIMPLEMENTED"]) == [f"{name}:{n}" for n in (23, 30, 36, 37)]
    # the never-generated codes are a bullet list, kept as a note, not entries
    (bullets,) = [n for n in notes(b) if "INVALID_ARGUMENT" in n["text"]]
    assert bullets["lines"][0] == 43 and "DATA_LOSS" in bullets["text"]
    assert not entries(b, "INVALID_ARGUMENT")
    assert [item["lines"] for item in source(b)["layout"] if item["role"] == "table header"] == [[19, 20]]


def test_azure_statuses_written_as_text_and_number(build):
    name = "azure-storage-common-rest-api-error-codes.md"
    b = build(name)
    assert (source(b)["format"], source(b)["records"]) == ("markdown", 49)
    assert [e["http_status"] for e in entries(b, "InvalidAuthenticationInfo")] == [401, 400]
    assert [line_of(e) for e in entries(b, "InvalidAuthenticationInfo")] == [f"{name}:19", f"{name}:32"]
    assert [e["http_status"] for e in entries(b, "ConditionNotMet")] == [304, 412]
    assert [e["http_status"] for e in entries(b, "ServerBusy")] == [503] * 4
    assert [e["http_status"] for e in entries(b, "InsufficientAccountPermissions")] == [403] * 3
    assert entry(b, "ConditionHeadersNotSupported")["http_status"] == 400  # "BadRequest (400)"
    assert entry(b, "EmptyMetadataKey")["http_status"] == 400  # "Bad Request (400)"
    assert entry(b, "InvalidRange")["http_status"] == 416
    assert entry(b, "ServerBusy", 2)["message"] == "Ingress is over the account limit."
    assert all(e["message"] and not e["description"] for e in entries(b))  # "User message" is the message
    assert sorted(c["code"] for c in conflicts(b, "duplicate_code")) == [
        "ConditionNotMet", "InsufficientAccountPermissions", "InvalidAuthenticationInfo", "ServerBusy"]
    assert not conflicts(b, "missing_value") and not conflicts(b, "invalid_value")
    kinds = {n["kind"]: n for n in notes(b)}
    assert kinds["front matter"]["lines"] == list(range(1, 11))
    assert any("Blob Service Error Codes" in n["text"] for n in notes(b))  # the "See also" links: a note


def test_cann_two_captioned_tables(build):
    name = "cann-aclnn-return-codes.md"
    b = build(name)
    assert (source(b)["format"], source(b)["records"]) == ("markdown", 29)  # 5 + 24 rows
    assert [item["lines"] for item in source(b)["layout"] if item["role"] == "table header"] == [[8, 9], [20, 21]]
    e = entry(b, "0")
    assert (e["name"], e["description"]) == ("ACLNN_SUCCESS", "Success.")
    e = entry(b, "561003")  # irregular padding
    assert e["name"] == "ACLNN_ERR_INNER_FIND_KERNEL_ERROR"
    assert e["description"] == ("Internal exception: Exception occurred when searching for npu kernel inside the API "
                                "(possibly because the operator binary package is not installed).")
    # 561105 twice: the deprecated misspelling (its note is part of the name cell) and the right name
    assert [e["name"] for e in entries(b, "561105")] == ["ACLNN_ERR_INNER_KEY_CONFILICT (deprecated)",
                                                        "ACLNN_ERR_INNER_KEY_CONFLICT"]
    (dup,) = conflicts(b, "duplicate_code")
    assert (dup["code"], dup["severity"], where(dup)) == ("561105", "info", [f"{name}:30", f"{name}:31"])
    # the placeholder row is kept with its text as it stands
    e = entry(b, "561xxx")
    assert (e["name"], line_of(e)) == ("ACLNN_ERR_INNER_XXX", f"{name}:14")
    captions = [n for n in notes(b) if n["text"].startswith("**Table")]
    assert [n["lines"] for n in captions] == [[6], [18]]


# --- prose / heading list ------------------------------------------------------------------------------------------

def test_curl_headed_entries_in_five_sections(build):
    name = "curl-libcurl-errors.md"
    b = build(name)
    assert (source(b)["format"], source(b)["records"]) == ("prose", 164)  # 162 headings, two of them 2-code ranges
    assert Counter(e["category"] for e in entries(b)) == {"CURLcode": 103, "CURLMcode": 15, "CURLSHcode": 6,
                                                          "CURLUcode": 32, "CURLHcode": 8}
    assert [e["name"] for e in entries(b, "0")] == ["CURLE_OK", "CURLM_OK", "CURLSHE_OK", "CURLUE_OK", "CURLHE_OK"]
    assert [e["name"] for e in entries(b, "-1")] == ["CURLM_CALL_MULTI_PERFORM", "CURLM_CALL_MULTI_SOCKET"]
    dup = {c["code"]: c for c in conflicts(b, "duplicate_code")}
    assert dup["0"]["severity"] == "info" and len(dup["0"]["values"]) == 5
    assert dup["-1"]["severity"] == "info"
    e = entry(b, "-1", 1)
    assert e["description"].startswith("This is not really an error. It means you should call curl_multi_perform(3) "
                                       "again without doing select() or similar in between.")
    assert e["provenance"]["description"]["lines"] == [505, 506, 507, 508, 509]
    e = entry(b, "52")
    assert e["name"] == "CURLE_GOT_NOTHING"
    assert e["description"] == ("Nothing was returned from the server, and under the circumstances, getting nothing "
                                "is considered an error.")
    e = entry(b, "20", 1)  # `## Obsolete error (20)`: no symbolic name
    assert (e["name"], e["message"], e["description"]) == ("", "Obsolete error", "Not used in modern versions.")
    assert len([e for e in entries(b) if e["message"].startswith("Obsolete error")]) == 15  # 13 headings
    for code in ("50", "51"):  # `## Obsolete errors (50-51)`
        e = entry(b, code)
        assert (e["message"], line_of(e)) == ("Obsolete errors", f"{name}:282")
    ranged = conflicts(b, "normalized_value", field="code")
    assert sorted((c["values"][0]["value"], where(c)[0]) for c in ranged) == [("50-51", f"{name}:282"),
                                                                               ("75-76", f"{name}:382")]
    assert all(c["severity"] == "info" and c["resolution"]["status"] == "auto" for c in ranged)
    assert entry(b, "101")["name"] == "CURLE_ECH_REQUIRED"  # `## CURLE_ECH_REQUIRED (101)"`
    assert entry(b, "102")["description"] == ("While calling an easy handle function, another call to the same "
                                              "handle was made from a different thread.")
    (front,) = [n for n in notes(b) if n["kind"] == "front matter"]
    assert front["lines"] == list(range(1, 19)) and "CURLOPT_DEBUGFUNCTION (3)" in front["text"]
    assert not [e for e in entries(b) if e["provenance"]["code"]["lines"][0] < 40]
