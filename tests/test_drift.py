"""The drift verb (extract/drift.py): the catalog against the sources that are code (`role = "code"`). The Parse
docs page beside the Parse JavaScript SDK's error enum (../shared/corpus/SOURCES.md § 2) disagree in exactly
the nine places SOURCES.md lists: eight codes named differently, and `InvalidImageData` at 150 in the docs but
143 in the SDK; five codes are in the SDK and not on the page, and the page lists many the SDK lacks."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from test_generate import verb

NAMES_DIFFER = {  # SOURCES.md: "The same code has different names"
    "105": ("InvalidFieldName", "INVALID_KEY_NAME"), "124": ("RequestTimeout", "TIMEOUT"),
    "140": ("ExceededCollectionQuota", "EXCEEDED_QUOTA"), "142": ("ValidationFailed", "VALIDATION_ERROR"),
    "203": ("UserEmailTaken", "EMAIL_TAKEN"), "204": ("UserEmailMissing", "EMAIL_MISSING"),
    "205": ("UserWithEmailNotFound", "EMAIL_NOT_FOUND"), "255": ("ClassNotEmpty", "INVALID_SCHEMA_OPERATION"),
}
ONLY_IN_SDK = {"155": "REQUEST_LIMIT_EXCEEDED", "159": "DUPLICATE_REQUEST", "162": "INVALID_VALUE",
               "210": "MFA_ERROR", "211": "MFA_TOKEN_REQUIRED"}


def parse_pair(root: Path, corpus: Path, code_priority: int = 2) -> Path:
    """A project whose manifest lists the Parse docs page (bbc1328) and the SDK's ParseError.ts (role = "code")."""
    sources = root / "raw_sources"
    sources.mkdir(parents=True)
    shutil.copy(corpus / "parse-errors.bbc1328.md", sources / "parse-errors.md")
    shutil.copy(corpus / "parse-sdk-ParseError.ts", sources / "ParseError.ts")
    (sources / "sources.toml").write_text(
        '[[source]]\nid = "parse-docs"\npath = "parse-errors.md"\ncatalog = "parse"\npriority = 1\n\n'
        f'[[source]]\nid = "parse-sdk"\npath = "ParseError.ts"\ncatalog = "parse"\npriority = {code_priority}\n'
        'role = "code"\n', encoding="utf-8")
    return sources / "sources.toml"


def built(manifest: Path) -> Path:
    from extract import cli

    out = manifest.parent.parent / "normalized"
    assert cli.main(["build", "--manifest", str(manifest), "--out", str(out)]) == 0
    return out


def drift_json(manifest: Path, normalized: Path, capsys) -> tuple[int, dict]:
    capsys.readouterr()  # what the build printed
    code, out, err = verb(["drift", "--manifest", str(manifest), "--input", str(normalized), "--format", "json"],
                          capsys)
    assert code == 0, err
    return code, json.loads(out)


@pytest.mark.parametrize("code_priority", [2, 0])
def test_the_parse_docs_and_sdk_disagree_in_exactly_the_nine_listed_places(corpus, tmp_path, capsys, code_priority):
    # code_priority 0: the SDK wins every field in the catalog; the docs' own names are still what it is compared with
    manifest = parse_pair(tmp_path, corpus, code_priority)
    normalized = built(manifest)
    _, result = drift_json(manifest, normalized, capsys)
    findings = result["findings"]
    differences = [f for f in findings if f["kind"] in ("name_differs", "code_differs", "status_differs")]
    assert len(differences) == 9 and result["summary"]["differences"] == 9
    names = {f["code"]: (f["docs"], f["in_code"]) for f in differences if f["kind"] == "name_differs"}
    assert names == NAMES_DIFFER
    (moved,) = [f for f in differences if f["kind"] == "code_differs"]
    assert (moved["docs"], moved["in_code"], moved["name"], moved["code_name"]) == \
        ("150", "143", "InvalidImageData", "INVALID_IMAGE_DATA")
    only_code = {f["code"]: f["in_code"] for f in findings if f["kind"] == "missing_in_docs"}
    assert only_code == ONLY_IN_SDK
    only_docs = [f for f in findings if f["kind"] == "missing_in_code"]
    assert len(only_docs) > 40 and {"2", "4", "150"} - {f["code"] for f in only_docs} == {"150"}
    # naming style is no difference: InvalidJSON is INVALID_JSON, InvalidACL is INVALID_ACL
    assert not {"107", "123"} & {f["code"] for f in findings}
    for f in differences:
        assert f["docs_location"].startswith("raw_sources/parse-errors.md:")
        assert f["code_location"].startswith("raw_sources/ParseError.ts:")


def test_fail_on_drift_exits_1_and_the_report_is_a_table(corpus, tmp_path, capsys):
    manifest = parse_pair(tmp_path, corpus)
    normalized = built(manifest)
    capsys.readouterr()
    code, out, err = verb(["drift", "--manifest", str(manifest), "--input", str(normalized), "--fail-on", "drift"],
                          capsys)
    assert code == 1
    assert out.startswith("## Drift: 9 differences, 5 entries only in the code, ")
    assert "| name differs | 105 | 1 | InvalidFieldName | INVALID_KEY_NAME | raw_sources/parse-errors.md:14 |" in out
    assert "| code differs | 150 | 1 | 150 (InvalidImageData) | 143 (INVALID_IMAGE_DATA) |" in out
    code, out, err = verb(["drift", "--manifest", str(manifest), "--input", str(normalized)], capsys)
    assert code == 0


def make_docs_and_code(root: Path, docs: str, code: str) -> Path:
    sources = root / "raw_sources"
    sources.mkdir(parents=True)
    (sources / "errors.md").write_text(docs, encoding="utf-8")
    (sources / "errors.py").write_text(code, encoding="utf-8")
    (sources / "sources.toml").write_text(
        '[[source]]\nid = "docs"\npath = "errors.md"\ncatalog = "demo"\npriority = 1\n\n'
        '[[source]]\nid = "sdk"\npath = "errors.py"\ncatalog = "demo"\npriority = 2\nrole = "code"\n',
        encoding="utf-8")
    return sources / "sources.toml"


DOCS = """# Demo errors

| Code | Name | HTTP status | Description |
| --- | --- | --- | --- |
| 1001 | NotFound | 404 | The thing is not there. |
| 1002 | Conflict | 409 | The thing changed under you. |
| 1003 | TooMany | 429 | Slow down. |
"""
CODE = '''"""Demo error codes."""
from enum import IntEnum


class DemoErrorCode(IntEnum):
    #: The thing is not there.
    #:
    #: HTTP Status: 404
    NOT_FOUND = 1001
    #: The thing changed under you.
    #:
    #: HTTP Status: 412
    CONFLICT = 1002
    #: Slow down.
    #:
    #: HTTP Status: 429
    TOO_MANY = 1003
'''


def test_a_status_that_differs_is_drift_and_agreement_is_none(tmp_path, capsys):
    manifest = make_docs_and_code(tmp_path / "a", DOCS, CODE)
    _, result = drift_json(manifest, built(manifest), capsys)
    assert [(f["kind"], f["code"], f["docs"], f["in_code"]) for f in result["findings"]] == \
        [("status_differs", "1002", 409, 412)]
    agreeing = make_docs_and_code(tmp_path / "b", DOCS, CODE.replace("412", "409"))
    normalized = built(agreeing)
    capsys.readouterr()
    code, out, err = verb(["drift", "--manifest", str(agreeing), "--input", str(normalized), "--fail-on", "drift"],
                          capsys)
    assert code == 0 and out == "## Drift: none: the code and the docs agree\n"


def test_a_code_source_may_live_outside_raw_sources_but_inside_the_project(tmp_path, capsys):
    manifest = make_docs_and_code(tmp_path, DOCS, CODE)
    (tmp_path / "sdk").mkdir()
    (manifest.parent / "errors.py").rename(tmp_path / "sdk" / "errors.py")
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('path = "errors.py"', 'path = "../sdk/errors.py"'),
                        encoding="utf-8")
    _, result = drift_json(manifest, built(manifest), capsys)
    assert [(f["kind"], f["code_location"]) for f in result["findings"]] == [("status_differs", "sdk/errors.py:10,12-13")]
    outside = manifest.read_text(encoding="utf-8").replace("../sdk/errors.py", "../../errors.py")
    manifest.write_text(outside, encoding="utf-8")
    from extract import cli

    capsys.readouterr()
    try:
        code = cli.main(["build", "--manifest", str(manifest), "--out", str(tmp_path / "normalized")])
    except SystemExit as exc:  # a build whose sources fail ends there, with every error printed
        code = exc.code
    assert code == 2
    assert "path '../../errors.py' lies outside the project folder" in capsys.readouterr().err


def test_a_catalog_older_than_the_code_is_refused(tmp_path, capsys):
    manifest = make_docs_and_code(tmp_path, DOCS, CODE)
    normalized = built(manifest)
    code_file = manifest.parent / "errors.py"
    code_file.write_text(code_file.read_text(encoding="utf-8").replace("1003", "1004"), encoding="utf-8")
    capsys.readouterr()
    code, out, err = verb(["drift", "--manifest", str(manifest), "--input", str(normalized)], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "was built from another version of it (source sdk" in err and "run `python -m extract build` first" in err


def test_without_a_code_source_drift_says_so(project, capsys):
    from extract import cli

    manifest = project / "raw_sources" / "sources.toml"
    assert cli.main(["build", "--manifest", str(manifest), "--out", str(project / "normalized")]) == 0
    capsys.readouterr()
    code, out, err = verb(["drift", "--manifest", str(manifest), "--input", str(project / "normalized")], capsys)
    assert code == 2 and 'no [[source]] has role = "code"' in err
