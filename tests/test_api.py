"""The Python API (extract/api.py, exported by extract/__init__.py): DataFrames with the right dtypes and the
values of the files they read, builds that raise instead of exiting and write nothing, diffs as data."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import extract
from extract.pipeline import Build
from extract import InputError
from extract.api import BuildFailed, BuildWarning

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def out(seed_build) -> Path:
    return seed_build["root"] / "normalized"


def read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------- load_catalog

def test_load_catalog_dtypes(out):
    cat = extract.load_catalog(out)
    assert {c: str(t) for c, t in cat.dtypes.items()} == {
        "catalog": "string", "code": "string", "variant": "Int64", "name": "string", "http_status": "Int64",
        "message": "string", "description": "string", "operations": "object", "category": "string",
        "sources": "object", "attested_by": "object", "provenance": "object", "extra": "object"}


def test_load_catalog_values_are_the_files(out):
    entries = read(out / "catalog.json")["entries"]
    cat = extract.load_catalog(str(out / "catalog.json"))
    assert len(cat) == len(entries)
    assert cat["http_status"].isna().sum() == sum(e["http_status"] is None for e in entries)
    statuses = cat["http_status"].dropna()
    assert all(type(v) is int for v in statuses.tolist())  # 500, never 500.0
    assert [pd.NA if e["http_status"] is None else e["http_status"] for e in entries] == \
        cat["http_status"].tolist()
    for row, e in zip(cat.to_dict("records"), entries):
        assert {k: row[k] for k in ("catalog", "code", "variant", "name", "message", "operations", "sources")} \
            == {k: e[k] for k in ("catalog", "code", "variant", "name", "message", "operations", "sources")}
        assert row["provenance"] == e["provenance"] and row["extra"] == e.get("extra", {})
    parse = cat[cat["catalog"] == "parse"]
    assert "-1" in parse["code"].tolist()  # a code is text: "-1" stays "-1"
    assert cat.loc[(cat["catalog"] == "backend-services") & (cat["code"] == "107"), "variant"].tolist() == [1, 2, 3]


def test_load_catalog_one_catalog_and_refuses_an_unknown_one(out):
    parse = extract.load_catalog(out, catalog="parse")
    assert set(parse["catalog"]) == {"parse"} and len(parse) == 115
    assert set(extract.load_catalog(out, catalog=["parse", "identity-cloud"])["catalog"]) == {"parse", "identity-cloud"}
    with pytest.raises(ValueError, match=r"unknown catalog 'pars'; valid: backend-services, identity-cloud, parse"):
        extract.load_catalog(out, catalog="pars")


def test_read_csv_recipe_of_the_readme_agrees_with_load_catalog(out):
    """`pd.read_csv` as is reads http_status as float (the column has blanks) and codes as numbers; the README's
    recipe reads catalog.csv with the dtypes load_catalog gives."""
    naive = pd.read_csv(out / "catalog.csv")
    assert naive["http_status"].dtype == "float64"
    csv = pd.read_csv(out / "catalog.csv", dtype="string", keep_default_na=False, na_values={"http_status": [""]}) \
        .astype({"variant": "Int64", "http_status": "Int64"})
    cat = extract.load_catalog(out)
    for col in ("catalog", "code", "variant", "name", "http_status", "message", "category"):
        pd.testing.assert_series_equal(csv[col], cat[col], check_names=False)


def test_load_provenance(out):
    entries = read(out / "catalog.json")["entries"]
    prov = extract.load_provenance(out)
    assert len(prov) == sum(len(e["provenance"]) for e in entries)
    assert str(prov["variant"].dtype) == "Int64" and str(prov["page"].dtype) == "Int64"
    row = prov[(prov["catalog"] == "backend-services") & (prov["code"] == "1") & (prov["field"] == "http_status")]
    assert row[["source", "location", "raw"]].values.tolist() == [
        ["backend-services-table", "raw_sources/backend-services-table.tsv:4", "500"]]
    assert row["lines"].tolist() == [[4]]


# ---------------------------------------------------------------------------------------------- load_conflicts

def test_load_conflicts_dtypes_and_values(out):
    conflicts = read(out / "conflicts.json")["conflicts"]
    df = extract.load_conflicts(out)
    assert len(df) == len(conflicts)
    assert {c: str(t) for c, t in df.dtypes.items()} == {
        "id": "string", "catalog": "string", "code": "string", "variant": "Int64", "kind": "string",
        "field": "string", "severity": "string", "message": "string", "status": "string",
        "resolved_value": "object", "rule": "string", "note": "string", "stale_decision": "string",
        "values": "object"}
    for row, c in zip(df.to_dict("records"), conflicts):
        assert row["id"] == c["id"] and row["values"] == c["values"]
        assert row["resolved_value"] == c["resolution"]["value"] or row["resolved_value"] is None
    assert df["code"].isna().tolist() == [c["code"] is None for c in conflicts]
    assert all(isinstance(v, list) and all(isinstance(x, dict) for x in v) for v in df["values"])


def test_load_conflicts_filters(out):
    conflicts = read(out / "conflicts.json")["conflicts"]
    open_errors = extract.load_conflicts(out, severity="error", status="open")
    assert len(open_errors) == sum(c["severity"] == "error" and c["resolution"]["status"] == "open"
                                   for c in conflicts) == 5
    both = extract.load_conflicts(out / "conflicts.json", kind=["value_mismatch", "missing_value"], catalog="parse")
    assert set(both["kind"]) <= {"value_mismatch", "missing_value"} and set(both["catalog"]) <= {"parse"}
    assert len(both) == sum(c["kind"] in ("value_mismatch", "missing_value") and c["catalog"] == "parse"
                            for c in conflicts)
    empty = extract.load_conflicts(out, kind="invalid_value")
    assert len(empty) == 0 and str(empty["variant"].dtype) == "Int64"
    with pytest.raises(ValueError, match="unknown severity 'fatal'; valid: error, warning, info"):
        extract.load_conflicts(out, severity="fatal")
    with pytest.raises(ValueError, match="unknown kind 'bogus'"):
        extract.load_conflicts(out, kind=["bogus"])
    with pytest.raises(ValueError, match="unknown status 'closed'; valid: open, auto, manual"):
        extract.load_conflicts(out, status="closed")


def test_loaders_raise_input_error_naming_the_file(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        extract.load_catalog(tmp_path / "nowhere")
    with pytest.raises(InputError, match="folder holds no conflicts.json"):
        extract.load_conflicts(tmp_path)
    (tmp_path / "conflicts.json").write_text('{"conflicts": [\n{"id": 1}]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"conflicts.json: not a conflicts.json: conflict 1 has no id"):
        extract.load_conflicts(tmp_path)
    (tmp_path / "conflicts.json").write_text('{"conflicts": [\n,]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"conflicts.json:2: not JSON"):
        extract.load_conflicts(tmp_path / "conflicts.json")


# ---------------------------------------------------------------------------------------------- build

def test_build_is_the_cli_build_and_writes_nothing(project, monkeypatch, seed_build):
    monkeypatch.chdir(project)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    result = extract.build()
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before  # no normalized/, no cache
    assert isinstance(result, Build)
    entry = result.catalogs["backend-services"].entries[0]
    assert (entry.code, entry.variant, entry.get("http_status")) == ("1", 1, 500)
    assert entry.cells["http_status"].loc.lines == (4,)
    assert [c.id for c in result.conflicts] == [c["id"] for c in seed_build["conflicts"]]
    from_build = extract.load_catalog(result)
    from_files = extract.load_catalog(seed_build["root"] / "normalized")
    pd.testing.assert_frame_equal(from_build, from_files)
    assert len(extract.load_conflicts(result, status="open")) == sum(
        c["resolution"]["status"] == "open" for c in seed_build["conflicts"])


def test_build_applies_decisions_unless_told_not_to(project):
    cid = "value_mismatch:backend-services:902:7fd1e7fad7"
    (project / "raw_sources" / "resolutions.toml").write_text(
        f'["{cid}"]\ndecision = "accept"\nsource = "backend-services-pdf-dump"\nnote = "the PDF is right"\n',
        encoding="utf-8")
    manifest = project / "raw_sources" / "sources.toml"
    decided = extract.load_conflicts(extract.build(manifest), status="manual")
    assert decided[["id", "resolved_value", "rule", "note"]].values.tolist() == [
        [cid, "Server timed Out", "accept", "the PDF is right"]]
    assert len(extract.load_conflicts(extract.build(manifest, decisions=False), status="manual")) == 0


def test_build_raises_input_errors_never_exits(project):
    with pytest.raises(InputError, match="manifest not found"):
        extract.build(project / "nope.toml")
    manifest = project / "raw_sources" / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("parse-errors.md", "missing.md")
                        .replace("backend-services-table.tsv", "gone.tsv"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        extract.build(manifest)
    assert isinstance(failed.value, InputError)
    assert len(failed.value.errors) == 2 and "(and 1 more errors, in .errors)" in str(failed.value)
    manifest.write_text("[[source]]\nid = 'x'\npriorty = 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"sources.toml:1: .*unknown key 'priorty'"):
        extract.build(manifest)


def test_build_warns_about_unlisted_files(project):
    (project / "raw_sources" / "forgotten.txt").write_text("100 Missing argument\n", encoding="utf-8")
    with pytest.warns(BuildWarning, match="forgotten.txt: not listed in"):
        result = extract.build(project / "raw_sources" / "sources.toml")
    assert any("forgotten.txt" in w for w in result.warnings)


def test_build_ad_hoc(repo):
    result = extract.build(catalog="parse", files=[repo / "raw_sources" / "parse-errors.md"])
    assert list(result.catalogs) == ["parse"] and len(result.catalogs["parse"].entries) == 115
    with pytest.raises(ValueError, match="needs both catalog=NAME and at least one file"):
        extract.build(catalog="parse")


# ---------------------------------------------------------------------------------------------- diff

def test_diff(out):
    same = extract.diff(out, str(out / "catalog.json"))
    assert same["summary"] == {"breaking": 0, "changed": 0, "added": 0, "removed": 0}
    assert same["old"] == str(out)
    doc = read(out / "catalog.json")
    fewer = {**doc, "entries": [e for e in doc["entries"] if not (e["catalog"] == "parse" and e["code"] == "-1")]}
    changed = extract.diff(out, fewer)
    assert changed["new"] == "NEW"
    assert changed["summary"]["removed"] == 1 and changed["summary"]["breaking"] == 1
    assert pd.DataFrame(changed["removed"])[["catalog", "code"]].values.tolist() == [["parse", "-1"]]
    with pytest.raises(InputError, match="no such file or folder"):
        extract.diff(out, out / "nowhere")


# ---------------------------------------------------------------------------------------------- the package

def python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_import_extract_is_cheap():
    loaded = python("import sys, extract; print(sorted(m for m in ('pandas', 'extract.pipeline', "
                    "'extract.catalog_diff', 'extract.parsers', 'extract.cli') if m in sys.modules))")
    assert loaded == "[]"


def test_build_and_diff_are_the_api_functions():
    assert python("import extract; from extract.catalog_diff import diff_catalogs; import inspect; "
                  "print(callable(extract.diff), list(inspect.signature(extract.diff).parameters))") \
        == "True ['old', 'new']"
    assert python("import extract; print(sorted(set(extract.__all__) - set(dir(extract))))") == "[]"
