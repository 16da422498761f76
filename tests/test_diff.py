"""`extract diff`: each change kind, breaking vs not, output formats, exit codes, git:REV and the Parse corpus."""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extract.cli import main
from extract.catalog_diff import LEVELS, RULE, RULES, diff_catalogs
from extract.diff_render import render_markdown, rules_table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
# Date order, from the corpus's SOURCES.md.
PARSE_VERSIONS = ["3eea627", "e7abdd0", "219ac94", "540d251", "02030f7", "3191782", "c257296", "bbc1328"]


def entry(code, variant=1, name="", description="", catalog="demo", **fields) -> dict:
    e = {"catalog": catalog, "code": str(code), "variant": variant, "name": name, "http_status": None,
         "message": "", "description": description, "operations": [], "category": "", "sources": ["s"],
         "provenance": {}}
    e.update(fields)
    return e


def catalog(*entries, notes=(), ranges=(), name="demo") -> dict:
    return {"catalogs": [{"catalog": name, "entries": len(entries), "sources": ["s"],
                          "notes": [{"kind": "text", "text": t, "source": "s", "location": "s:1"} for t in notes],
                          "ranges": [{"range": r, "lo": 0, "hi": 0, "label": label, "source": "s", "location": "s:1"}
                                     for r, label in ranges]}],
            "entries": list(entries), "sources": []}


BASE = [
    entry(100, name="ConnectionFailed", description="The connection to the servers failed."),
    entry(101, name="ObjectNotFound", description="The specified object doesn't exist.", http_status=404),
    entry(102, name="InvalidQuery", description="The query is not valid.", category="API"),
]


def run_diff(tmp_path, old: dict, new: dict, *flags: str, capsys) -> tuple[int, str, str]:
    a, b = tmp_path / "old.json", tmp_path / "new.json"
    a.write_text(json.dumps(old), encoding="utf-8")
    b.write_text(json.dumps(new), encoding="utf-8")
    code = main(["diff", *flags, str(a), str(b)])
    out, err = capsys.readouterr()
    return code, out, err


def diff_json(tmp_path, old, new, capsys) -> dict:
    code, out, _ = run_diff(tmp_path, old, new, "--format", "json", capsys=capsys)
    assert code == 0
    return json.loads(out)


def only(items: list) -> dict:
    assert len(items) == 1, items
    return items[0]


# ------------------------------------------------------------------------------------------- change kinds

def test_identical_catalogs_have_no_changes(tmp_path, capsys):
    result = diff_json(tmp_path, catalog(*BASE), catalog(*BASE), capsys)
    assert result["summary"] == {"breaking": 0, "changed": 0, "added": 0, "removed": 0}


def test_whitespace_only_changes_are_not_changes(tmp_path, capsys):
    new = copy.deepcopy(BASE)
    new[0]["description"] = "  The connection  to the\n servers failed. "
    new[1]["operations"] = [" Get ", "Find"]
    old = copy.deepcopy(BASE)
    old[1]["operations"] = ["Find", "Get"]
    result = diff_json(tmp_path, catalog(*old, notes=["A  note."]), catalog(*new, notes=["A note. "]), capsys)
    assert result["summary"]["changed"] == 0


def test_added_entry_is_not_breaking(tmp_path, capsys):
    new = catalog(*BASE, entry(103, name="MissingObjectId", description="An object id is required."))
    result = diff_json(tmp_path, catalog(*BASE), new, capsys)
    item = only(result["added"])
    assert (item["code"], item["name"], item["breaking"]) == ("103", "MissingObjectId", False)
    assert "provenance" not in item["entry"]
    assert result["summary"] == {"breaking": 0, "changed": 0, "added": 1, "removed": 0}


def test_removed_entry_is_breaking(tmp_path, capsys):
    result = diff_json(tmp_path, catalog(*BASE), catalog(*BASE[:2]), capsys)
    item = only(result["removed"])
    assert (item["code"], item["name"], item["breaking"]) == ("102", "InvalidQuery", True)
    assert result["summary"]["breaking"] == 1


def test_http_status_change_is_breaking_but_a_new_status_is_not(tmp_path, capsys):
    new = copy.deepcopy(BASE)
    new[1]["http_status"] = 410
    new[0]["http_status"] = 503  # none documented before: filling it in breaks no one
    result = diff_json(tmp_path, catalog(*BASE), catalog(*new), capsys)
    by_code = {i["code"]: i for i in result["changed"]}
    assert by_code["101"]["fields"] == [{"field": "http_status", "before": 404, "after": 410, "breaking": True}]
    assert by_code["101"]["breaking"] is True
    assert by_code["100"]["breaking"] is False
    assert result["summary"]["breaking"] == 1


def test_wording_and_category_changes_are_not_breaking(tmp_path, capsys):
    new = copy.deepcopy(BASE)
    new[0]["description"] = "The connection to the Parse servers failed."
    new[0]["message"] = "Connection failed"
    new[2]["category"] = "Query errors"
    result = diff_json(tmp_path, catalog(*BASE), catalog(*new), capsys)
    fields = [(i["code"], f["field"], f["breaking"]) for i in result["changed"] for f in i["fields"]]
    assert fields == [("100", "message", False), ("100", "description", False), ("102", "category", False)]
    assert all(i["kind"] == "changed" for i in result["changed"])
    assert result["summary"]["breaking"] == 0


def test_renamed_name_at_the_same_code_is_breaking(tmp_path, capsys):
    new = copy.deepcopy(BASE)
    new[1]["name"] = "ObjectMissing"
    new[1]["description"] = "The specified object does not exist."
    result = diff_json(tmp_path, catalog(*BASE), catalog(*new), capsys)
    item = only(result["changed"])
    assert (item["kind"], item["code"], item["breaking"]) == ("renamed", "101", True)
    assert item["fields"][0] == {"field": "name", "before": "ObjectNotFound", "after": "ObjectMissing",
                                 "breaking": True}
    assert not result["added"] and not result["removed"]


def test_moved_code_same_name_is_breaking(tmp_path, capsys):
    new = [BASE[0], BASE[1], entry(199, name="InvalidQuery", description="The query is not valid.", category="API")]
    result = diff_json(tmp_path, catalog(*BASE), catalog(*new), capsys)
    item = only(result["changed"])
    assert (item["kind"], item["name"], item["old"]["code"], item["code"]) == ("moved", "InvalidQuery", "102", "199")
    assert item["fields"] == [{"field": "code", "before": "102", "after": "199", "breaking": True}]
    assert not result["added"] and not result["removed"]


def test_inserted_variant_is_one_addition_not_a_change_per_variant(tmp_path, capsys):
    old = [entry(115, 1, "PushMisconfigured", "Push is misconfigured."),
           entry(115, 2, "PushMissingData", "Push is missing a 'data' field."),
           entry(115, 3, "ClientPushDisabled", "Client push is not enabled.")]
    new = [old[0], entry(115, 2, "PushWhereAndType", "Can't set device type for a query-targeted push."),
           {**old[1], "variant": 3}, {**old[2], "variant": 4}]
    result = diff_json(tmp_path, catalog(*old), catalog(*new), capsys)
    assert only(result["added"])["name"] == "PushWhereAndType"
    assert result["summary"] == {"breaking": 0, "changed": 0, "added": 1, "removed": 0}


def test_variants_without_names_match_by_text(tmp_path, capsys):
    old = [entry(107, 1, message="Duplicate key for a unique index", http_status=400)]
    new = [entry(107, 1, message="General database error.", http_status=400),
           entry(107, 2, message="Duplicate key for a unique index.", http_status=400)]
    result = diff_json(tmp_path, catalog(*old), catalog(*new), capsys)
    assert only(result["added"])["entry"]["message"] == "General database error."
    changed = {i["kind"]: i for i in result["changed"]}
    assert changed["changed"]["old"] == {"code": "107", "variant": 1} and changed["changed"]["variant"] == 2
    assert changed["changed"]["fields"][0]["field"] == "message"


def test_split_one_variant_into_several(tmp_path, capsys):
    old = [entry(141, 1, "ScriptFailed", "Cloud Code script failed.")]
    new = [old[0], entry(141, 2, "FunctionNotFound", "Cloud function not found."),
           entry(141, 3, "JobNotFound", "Background job not found.")]
    result = diff_json(tmp_path, catalog(*old), catalog(*new), capsys)
    split = only(result["changed"])
    assert (split["kind"], split["code"], split["breaking"]) == ("split", "141", False)
    assert split["fields"][0]["before"] == ["ScriptFailed"]
    assert split["fields"][0]["after"] == ["ScriptFailed", "FunctionNotFound", "JobNotFound"]
    assert [a.get("via") for a in result["added"]] == ["split", "split"]
    assert result["summary"]["breaking"] == 0


def test_merge_several_variants_into_one_is_breaking(tmp_path, capsys):
    old = [entry(141, 1, "ScriptFailed", "Cloud Code script failed."),
           entry(141, 2, "FunctionNotFound", "Cloud function not found.")]
    new = [old[0]]
    result = diff_json(tmp_path, catalog(*old), catalog(*new), capsys)
    merged = only(result["changed"])
    assert (merged["kind"], merged["breaking"]) == ("merged", True)
    assert merged["fields"][0]["before"] == ["ScriptFailed", "FunctionNotFound"]
    assert only(result["removed"])["via"] == "merged"


def test_notes_and_ranges_compare_as_sets_of_texts(tmp_path, capsys):
    old = catalog(*BASE, notes=["Data operations are CRUD requests.", "Footnote kept.", "Dropped note."],
                  ranges=[("100-199", "Invalid argument"), ("200-299", "Server")])
    new = catalog(*BASE, notes=["Footnote kept.", "Data operations are all CRUD requests.", "A new note."],
                  ranges=[("200-299", "Server"), ("100-199", "An argument is invalid")])
    result = diff_json(tmp_path, old, new, capsys)
    notes = [i["fields"][0] for i in result["changed"] if i["kind"] == "note"]
    assert [(n["before"], n["after"]) for n in notes] == [
        (None, "A new note."),
        ("Data operations are CRUD requests.", "Data operations are all CRUD requests."),
        ("Dropped note.", None)]
    ranges = [i["fields"][0] for i in result["changed"] if i["kind"] == "range"]
    assert [(r["before"], r["after"]) for r in ranges] == [
        ("100-199: Invalid argument", "100-199: An argument is invalid")]
    assert result["summary"] == {"breaking": 0, "changed": 4, "added": 0, "removed": 0}


def test_a_catalog_only_in_new_is_all_additions(tmp_path, capsys):
    other = entry(1, name="Oops", description="Oops.", catalog="other")
    new = catalog(*BASE)
    new["entries"].append(other)
    new["catalogs"].append({"catalog": "other", "entries": 1, "sources": [], "notes": [], "ranges": []})
    result = diff_json(tmp_path, catalog(*BASE), new, capsys)
    assert [(c["catalog"], c["status"]) for c in result["catalogs"]] == [("demo", "unchanged"), ("other", "added")]
    assert only(result["added"])["catalog"] == "other"


# ------------------------------------------------------------------------------------------- output and exit codes

def test_markdown_is_a_summary_then_a_table_per_catalog(tmp_path, capsys):
    new = copy.deepcopy(BASE[:2])
    new[1]["http_status"] = 410
    new[0]["description"] = "The connection | to the servers failed."
    new.append(entry(103, name="MissingObjectId", description="An object id is required."))
    code, out, _ = run_diff(tmp_path, catalog(*BASE), catalog(*new), capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "## Catalog diff: 2 breaking, 2 changed, 1 added, 1 removed"
    assert "### demo: 2 breaking, 2 changed, 1 added, 1 removed" in lines
    assert "| change | code | variant | name | field | before | after | breaking | rule |" in lines
    assert ("| changed | 100 | 1 | ConnectionFailed | description | The connection to the servers failed. "
            "| The connection \\| to the servers failed. | no | `description-changed` |") in lines
    assert "| changed | 101 | 1 | ObjectNotFound | http_status | 404 | 410 | **yes** | `status-changed` |" in lines
    assert "| removed | 102 | 1 | InvalidQuery |  | The query is not valid. |  | **yes** | `code-removed` |" in lines
    assert "| added | 103 | 1 | MissingObjectId |  |  | An object id is required. | no | `code-added` |" in lines
    # Breaking rows first, then the rest; each group in code order, whatever the kind.
    rows = [ln for ln in lines if ln.startswith("| ") and ln.split(" | ")[1].isdigit()]
    assert [r.split(" | ")[1] for r in rows] == ["101", "102", "100", "103"]
    assert run_diff(tmp_path, catalog(*BASE), catalog(*new), capsys=capsys)[1] == out  # same input, same bytes


def test_markdown_says_so_when_nothing_changed(tmp_path, capsys):
    _, out, _ = run_diff(tmp_path, catalog(*BASE), catalog(*BASE), capsys=capsys)
    assert out.splitlines()[0] == "## Catalog diff: 0 breaking, 0 changed, 0 added, 0 removed"
    assert "No changes." in out


def test_json_has_added_removed_changed_and_summary(tmp_path, capsys):
    result = diff_json(tmp_path, catalog(*BASE), catalog(*BASE[1:]), capsys)
    assert {"added", "removed", "changed", "summary"} <= result.keys()
    assert all("breaking" in i for i in result["added"] + result["removed"] + result["changed"])


def test_fail_on_breaking_exits_1_only_with_a_breaking_change(tmp_path, capsys):
    breaking = catalog(*BASE[:2])
    harmless = catalog(*BASE, entry(103, name="MissingObjectId"))
    assert run_diff(tmp_path, catalog(*BASE), breaking, "--fail-on", "breaking", capsys=capsys)[0] == 1
    assert run_diff(tmp_path, catalog(*BASE), breaking, capsys=capsys)[0] == 0
    assert run_diff(tmp_path, catalog(*BASE), harmless, "--fail-on", "breaking", capsys=capsys)[0] == 0


def test_a_folder_holding_catalog_json_is_an_input(tmp_path, capsys):
    folder = tmp_path / "normalized"
    folder.mkdir()
    (folder / "catalog.json").write_text(json.dumps(catalog(*BASE)), encoding="utf-8")
    assert main(["diff", str(folder), str(folder / "catalog.json")]) == 0
    assert "No changes." in capsys.readouterr().out


def _bad_input(tmp_path) -> dict[str, Path]:
    (tmp_path / "empty").mkdir()
    (tmp_path / "broken.json").write_text('{"entries": [\n', encoding="utf-8")
    (tmp_path / "other.json").write_text('{"conflicts": []}', encoding="utf-8")
    (tmp_path / "doc.md").write_text("| Name | Code |\n", encoding="utf-8")
    return {"missing": tmp_path / "nope.json", "folder without catalog.json": tmp_path / "empty",
            "not JSON": tmp_path / "broken.json", "not a catalog": tmp_path / "other.json",
            "a document without --catalog": tmp_path / "doc.md"}


@pytest.mark.parametrize("case", ["missing", "folder without catalog.json", "not JSON", "not a catalog",
                                  "a document without --catalog"])
def test_unreadable_input_exits_2_with_one_line_naming_the_file(tmp_path, capsys, case):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(catalog(*BASE)), encoding="utf-8")
    bad = _bad_input(tmp_path)[case]
    assert main(["diff", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {bad}")
    assert "Traceback" not in err


def test_not_json_error_names_the_line(tmp_path, capsys):
    bad = _bad_input(tmp_path)["not JSON"]
    assert main(["diff", str(bad), str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {bad}:2: not JSON")


def test_bad_catalog_slug_and_missing_document_exit_2(tmp_path, capsys):
    doc = CORPUS / "parse-errors.3191782.md"
    assert main(["diff", "--catalog", "Not A Slug", str(doc), str(doc)]) == 2
    assert capsys.readouterr().err.startswith("error: --catalog")
    assert main(["diff", "--catalog", "parse", str(doc), str(tmp_path / "gone.md")]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {tmp_path / 'gone.md'}")


# ------------------------------------------------------------------------------------------- git:REV

def _git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_git_head_against_the_working_tree(tmp_path):
    normalized = tmp_path / "normalized"
    normalized.mkdir()
    (normalized / "catalog.json").write_text(json.dumps(catalog(*BASE)), encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "normalized/catalog.json")
    _git(tmp_path, "commit", "-q", "-m", "catalog")
    (normalized / "catalog.json").write_text(json.dumps(catalog(*BASE[:2])), encoding="utf-8")

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "extract", "diff", *args], cwd=tmp_path,
                              capture_output=True, text=True)

    proc = cli("git:HEAD", "normalized", "--fail-on", "breaking")
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[0] == "## Catalog diff: 1 breaking, 0 changed, 0 added, 1 removed"
    assert "| removed | 102 | 1 | InvalidQuery |" in proc.stdout

    proc = cli("git:HEAD", "git:HEAD")
    assert proc.returncode == 0 and "No changes." in proc.stdout

    proc = cli("git:no-such-rev", "normalized")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("error: git:no-such-rev: ")
    assert "Traceback" not in proc.stderr

    # a revision is never read as an option (`git show --output=FILE` would write a file)
    proc = cli("git:--output=written.txt", "normalized")
    assert (proc.returncode, proc.stderr.strip()) == (2, "error: git:--output=written.txt: a revision cannot "
                                                         "start with '-'")
    assert not (tmp_path / "written.txt").exists()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_rev_without_a_committed_catalog_exits_2(tmp_path):
    (tmp_path / "README").write_text("x\n", encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "README")
    _git(tmp_path, "commit", "-q", "-m", "no catalog yet")
    proc = subprocess.run([sys.executable, "-m", "extract", "diff", "git:HEAD", "git:HEAD"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: git:HEAD: ") and "normalized/catalog.json" in proc.stderr


# ------------------------------------------------------------------------------------------- the Parse corpus

def corpus_diff(old: str, new: str, capsys) -> dict:
    code = main(["diff", "--catalog", "parse", "--format", "json",
                 str(CORPUS / f"parse-errors.{old}.md"), str(CORPUS / f"parse-errors.{new}.md")])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("old,new", list(zip(PARSE_VERSIONS, PARSE_VERSIONS[1:])))
def test_parse_versions_diff_pairwise_in_date_order(old, new, capsys):
    result = corpus_diff(old, new, capsys)
    assert sum(result["summary"].values()) > 0  # every saved version changed something


def test_parse_02030f7_to_3191782_moves_file_delete_error(capsys):
    # Read from the files: line 80 is the only difference, `FileDeleteError` 131 → 153.
    result = corpus_diff("02030f7", "3191782", capsys)
    assert result["summary"] == {"breaking": 1, "changed": 1, "added": 0, "removed": 0}
    item = only(result["changed"])
    assert (item["kind"], item["name"], item["old"]["code"], item["code"]) == ("moved", "FileDeleteError", "131", "153")


def test_parse_3191782_to_c257296_adds_one_row(capsys):
    # Read from the files: one row added after line 80, `FileDeleteUnnamedError` 161.
    result = corpus_diff("3191782", "c257296", capsys)
    assert result["summary"] == {"breaking": 0, "changed": 0, "added": 1, "removed": 0}
    item = only(result["added"])
    assert (item["code"], item["name"], item["entry"]["description"]) == (
        "161", "FileDeleteUnnamedError", "Unnamed file could not be deleted.")


def test_parse_540d251_to_02030f7_removes_five_rows(capsys):
    # SOURCES.md: 02030f7 drops SuccessErrorNotCalled, MultupleSuccessErrorCalls, 155, 159 and 428.
    result = corpus_diff("540d251", "02030f7", capsys)
    assert sorted((i["code"], i["name"]) for i in result["removed"]) == [
        ("141", "MultupleSuccessErrorCalls"), ("141", "SuccessErrorNotCalled"), ("155", "RequestLimitExceeded"),
        ("159", "TemporaryRejectionError"), ("428", "DatabaseNotMigratedError")]
    assert not result["added"]


def test_diff_of_plain_function_is_deterministic():
    old, new = catalog(*BASE), catalog(*reversed(BASE))
    assert diff_catalogs(old, new)["summary"]["changed"] == 0  # entry order in the file is not a change
    assert diff_catalogs(old, new) == diff_catalogs(copy.deepcopy(old), copy.deepcopy(new))


# ------------------------------------------------------------------------------------------- rules

def rules_of(old_entries, new_entries, **kw) -> list[str]:
    return [c["rule"] for c in diff_catalogs(catalog(*old_entries, **kw.get("old", {})),
                                             catalog(*new_entries, **kw.get("new", {})))["changes"]]


def _with(e: dict, **fields) -> dict:
    return {**copy.deepcopy(e), **fields}


V3 = [entry(115, 1, "PushMisconfigured", "Push is misconfigured."),
      entry(115, 2, "PushMissingData", "Push is missing a 'data' field."),
      entry(115, 3, "ClientPushDisabled", "Client push is not enabled.")]
ONE = entry(101, name="ObjectNotFound", description="The specified object doesn't exist.", http_status=404,
            message="Not found", operations=["Get"], category="API", extra={"hint": "Retry"})

# One case per rule of the registry: (old entries, new entries, extra catalog parts) → the rules the diff names.
RULE_CASES = {
    "code-removed": (BASE, BASE[:2], {}),
    "variant-removed": (V3, V3[:2], {}),
    "code-moved": (BASE, [*BASE[:2], _with(BASE[2], code="199")], {}),
    "variants-merged": (V3[:2], V3[:1], {}),
    "name-removed": ([ONE], [_with(ONE, name="")], {}),
    "name-changed": ([ONE], [_with(ONE, name="ObjectMissing")], {}),
    "name-added": ([_with(ONE, name="")], [ONE], {}),
    "status-removed": ([ONE], [_with(ONE, http_status=None)], {}),
    "status-changed": ([ONE], [_with(ONE, http_status=410)], {}),
    "status-added": ([_with(ONE, http_status=None)], [ONE], {}),
    "code-added": (BASE[:2], BASE, {}),
    "variant-added": (V3[:2], V3, {}),
    "variants-split": (V3[:1], V3, {}),
    "message-added": ([_with(ONE, message="")], [ONE], {}),
    "message-removed": ([ONE], [_with(ONE, message=" ")], {}),
    "message-changed": ([ONE], [_with(ONE, message="Object not found")], {}),
    "description-added": ([_with(ONE, description="")], [ONE], {}),
    "description-removed": ([ONE], [_with(ONE, description="")], {}),
    "description-changed": ([ONE], [_with(ONE, description="The object does not exist.")], {}),
    "operations-added": ([_with(ONE, operations=[])], [ONE], {}),
    "operations-removed": ([ONE], [_with(ONE, operations=[])], {}),
    "operations-changed": ([ONE], [_with(ONE, operations=["Get", "Find"])], {}),
    "category-added": ([_with(ONE, category="")], [ONE], {}),
    "category-removed": ([ONE], [_with(ONE, category="")], {}),
    "category-changed": ([ONE], [_with(ONE, category="Objects")], {}),
    "extra-field-added": ([_with(ONE, extra={})], [ONE], {}),
    "extra-field-removed": ([ONE], [_with(ONE, extra={})], {}),
    "extra-field-changed": ([ONE], [_with(ONE, extra={"hint": "Give up"})], {}),
    "note-added": (BASE, BASE, {"new": {"notes": ["A new note."]}}),
    "note-removed": (BASE, BASE, {"old": {"notes": ["Dropped note."]}}),
    "note-changed": (BASE, BASE, {"old": {"notes": ["Data operations are CRUD requests."]},
                                  "new": {"notes": ["Data operations are all CRUD requests."]}}),
    "range-added": (BASE, BASE, {"new": {"ranges": [("200-299", "Server")]}}),
    "range-removed": (BASE, BASE, {"old": {"ranges": [("200-299", "Server")]}}),
    "range-changed": (BASE, BASE, {"old": {"ranges": [("100-199", "Invalid argument")]},
                                   "new": {"ranges": [("100-199", "An argument is invalid")]}}),
}
EXPECTED_EXTRA = {"variants-merged": ["variants-merged", "variant-removed"],
                  "variants-split": ["variants-split", "variant-added", "variant-added"]}


@pytest.mark.parametrize("rule", list(RULE_CASES))
def test_each_rule_is_named_for_its_change(rule):
    old, new, parts = RULE_CASES[rule]
    expected = EXPECTED_EXTRA.get(rule, [rule])
    assert sorted(rules_of(old, new, **parts)) == sorted(expected)


def test_every_registered_rule_has_a_case_and_ids_are_kebab_case_and_unique():
    assert set(RULE_CASES) == set(RULE) and len(RULE) == len(RULES)
    for r in RULES:
        assert r.id == r.id.lower() and " " not in r.id and "_" not in r.id and r.id.strip("-") == r.id
        assert r.level in LEVELS and r.when
    # listed breaking first, then by level
    assert [LEVELS.index(r.level) for r in RULES] == sorted(LEVELS.index(r.level) for r in RULES)


def test_taking_a_name_or_status_away_breaks_but_giving_one_does_not():
    assert {r.id for r in RULES if r.breaking} == {
        "code-removed", "variant-removed", "code-moved", "variants-merged",
        "name-removed", "name-changed", "status-removed", "status-changed"}


def test_breaking_is_the_rules_level_on_every_change():
    for rule, (old, new, parts) in RULE_CASES.items():
        result = diff_catalogs(catalog(*old, **parts.get("old", {})), catalog(*new, **parts.get("new", {})))
        for change in result["changes"]:
            assert change["breaking"] == RULE[change["rule"]].breaking == (change["level"] == "breaking"), rule
        for item in result["added"] + result["removed"] + result["changed"]:
            assert len(item["rules"]) == len(item.get("fields") or [None])
            assert item["breaking"] == any(RULE[r].breaking for r in item["rules"])


def test_changes_list_breaking_first_then_code_order(tmp_path, capsys):
    new = copy.deepcopy(BASE[:2])
    new[1]["http_status"] = 410
    new[0]["description"] = "The connection to the Parse servers failed."
    new.append(entry(103, name="MissingObjectId", description="An object id is required."))
    result = diff_json(tmp_path, catalog(*BASE), catalog(*new), capsys)
    assert [(c["rule"], c["code"], c["level"]) for c in result["changes"]] == [
        ("status-changed", "101", "breaking"), ("code-removed", "102", "breaking"),
        ("description-changed", "100", "changed"), ("code-added", "103", "added")]
    status = result["changes"][0]
    assert {k: status[k] for k in ("catalog", "variant", "name", "field", "before", "after", "kind")} == {
        "catalog": "demo", "variant": 1, "name": "ObjectNotFound", "field": "http_status", "before": 404,
        "after": 410, "kind": "changed"}
    # the per-kind lists name their rules too
    assert only(result["removed"])["rules"] == ["code-removed"]


def test_moved_change_keeps_where_it_was_in_the_changes_list():
    new = [BASE[0], BASE[1], _with(BASE[2], code="199")]
    change = only(diff_catalogs(catalog(*BASE), catalog(*new))["changes"])
    assert (change["rule"], change["old"], change["code"]) == ("code-moved", {"code": "102", "variant": 1}, "199")


def test_markdown_puts_catalogs_with_breaking_changes_first():
    # `alpha` sorts first but only gains an entry; `demo` loses one
    old, new = catalog(*BASE), catalog(*BASE[:2])
    old["entries"].insert(0, entry(1, name="One", catalog="alpha"))
    new["entries"][:0] = [entry(1, name="One", catalog="alpha"), entry(2, name="Two", catalog="alpha")]
    headings = [ln for ln in render_markdown(diff_catalogs(old, new)).splitlines() if ln.startswith("### ")]
    assert headings == ["### demo: 1 breaking, 0 changed, 0 added, 1 removed",
                        "### alpha: 0 breaking, 0 changed, 1 added, 0 removed"]


def test_rules_table_lists_every_rule_once():
    lines = rules_table().splitlines()
    assert lines[:2] == ["| rule | level | when |", "| --- | --- | --- |"]
    assert [ln.split(" | ")[0].strip("|` ") for ln in lines[2:]] == [r.id for r in RULES]
    assert "| `code-removed` | **breaking** |" in lines[2]


def test_the_build_summary_diff_reads_only_differing_entries_and_agrees_with_the_whole_diff(tmp_path):
    """The build summary's diff of the catalog.json on disk and a new build's entry lines parses only entries
    written differently, with the same result as reading both whole: a reworded entry, one moved a line down
    (provenance only), one removed, one added, and a second catalog left alone (and one known unchanged)."""
    from extract.catalog_diff import diff_written_catalog
    from extract.outputs import _ENCODE, dumps_listing

    old_entries = [entry(1000 + i, name=f"N{i}", description=f"text {i}", provenance={"name": {"lines": [i]}})
                   for i in range(40)] + [entry(7, name="Other", catalog="other")]
    new_entries = copy.deepcopy(old_entries)
    new_entries[3]["description"] = "reworded"
    new_entries[4]["provenance"] = {"name": {"lines": [99]}}
    del new_entries[5]
    new_entries.insert(10, entry(5000, name="Fresh"))
    meta = {"catalogs": [{"catalog": "demo", "entries": 40}, {"catalog": "other", "entries": 1}]}
    lines = {}
    for e in new_entries:
        lines.setdefault(e["catalog"], []).append(_ENCODE(e))
    old = tmp_path / "catalog.json"
    old.write_text(dumps_listing(meta, "entries", old_entries, {"sources": []})[0], encoding="utf-8")

    whole = diff_catalogs({**meta, "entries": old_entries}, {**meta, "entries": new_entries})
    assert whole["summary"] == {"breaking": 1, "changed": 1, "added": 1, "removed": 1}
    assert [c["status"] for c in whole["catalogs"]] == ["changed", "unchanged"]
    from extract.model import WORK

    WORK.clear()
    assert diff_written_catalog(old, meta["catalogs"], lines) == whole
    assert WORK["summary entries read"] == 6  # the three entries that differ, on each side
    assert diff_written_catalog(old, meta["catalogs"], lines, frozenset({"other"})) == whole
    # JSON in any other layout (indented by hand) is read whole, with the same answer
    old.write_text(json.dumps({**meta, "entries": old_entries}, indent=2), encoding="utf-8")
    assert diff_written_catalog(old, meta["catalogs"], lines) == whole
