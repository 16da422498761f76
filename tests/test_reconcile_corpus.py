"""Reconciling two real documents of one catalog that were never written together: the Parse docs page
(seed 003) and the Parse JS SDK's ParseError.ts. SOURCES.md lists where they disagree (checked against the
docs page): the reconciler must find exactly those names, whatever their style (ObjectNotFound vs
OBJECT_NOT_FOUND is the same name), and the SDK's codes the page lacks."""
from __future__ import annotations


def test_parse_docs_against_the_sdk(adhoc_build, corpus):
    built = adhoc_build("parse", "raw_sources/parse-errors.md", corpus / "parse-sdk-ParseError.ts")
    conflicts = built["conflicts"]
    names = {c["code"]: [v["value"] for v in c["values"]] for c in conflicts
             if c["kind"] == "value_mismatch" and c["field"] == "name" and c["severity"] == "error"}
    # SOURCES.md: 105, 124, 140, 142, 203, 204, 205, 255 differ by name; 159 is TemporaryRejectionError on the
    # page and DUPLICATE_REQUEST in the SDK
    assert names == {
        "105": ["InvalidFieldName", "INVALID_KEY_NAME"], "124": ["RequestTimeout", "TIMEOUT"],
        "140": ["ExceededCollectionQuota", "EXCEEDED_QUOTA"], "142": ["ValidationFailed", "VALIDATION_ERROR"],
        "159": ["TemporaryRejectionError", "DUPLICATE_REQUEST"], "203": ["UserEmailTaken", "EMAIL_TAKEN"],
        "204": ["UserEmailMissing", "EMAIL_MISSING"], "205": ["UserWithEmailNotFound", "EMAIL_NOT_FOUND"],
        "255": ["ClassNotEmpty", "INVALID_SCHEMA_OPERATION"]}
    # one name in two naming styles (`ObjectNotFound` / `OBJECT_NOT_FOUND`) is no disagreement (issue 9): it is
    # recorded as a normalised value with its rule, so a reviewer can still see it
    styles = [c for c in conflicts if c["kind"] == "normalized_value" and c["field"] == "name"
              and c["resolution"]["rule"] == "same-name-in-another-style"]
    assert any(v["value"] == "OBJECT_NOT_FOUND" for c in styles for v in c["values"])
    assert all(c["severity"] == "info" and "naming styles" in c["message"] for c in styles)
    assert not [c for c in conflicts if c["kind"] == "value_mismatch" and c["field"] == "name"
                and "only in case" in c["message"]]
    # in the SDK but not on the page (SOURCES.md): 155, 159's name aside, 162, 210, 211
    only_sdk = {c["code"] for c in conflicts if c["kind"] == "missing_in_source" and c["values"][0]["source"] != "parse-errors"}
    assert {"162", "210", "211"} <= only_sdk
    entries = {(e["code"], e["variant"]): e for e in built["catalog"]["entries"]}
    assert entries[("101", 2)]["name"] == "ObjectNotFound"  # the page's name wins (priority 1) ...
    assert entries[("101", 2)]["sources"] == ["parse-errors", "parse-sdk-ParseError"]  # ... matched to the SDK's
