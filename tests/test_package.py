"""datapackage.json (extract/package.py) and the JSON Schemas of catalog.json and conflicts.json (extract/schemas/):
the outputs of a real build validated by the real `frictionless` and `jsonschema`, and shown to fail on bad data."""
from __future__ import annotations

import copy
import json
import shutil
from importlib.metadata import version
from pathlib import Path

import frictionless
import pytest
from jsonschema import Draft202012Validator

from extract import kinds
from extract.columns import ROW_NUMBER
from extract.model import FIELDS, RESOLUTION_STATUSES
from extract.package import datapackage, json_schema

SCHEMA_FILES = {"catalog.json": "catalog.schema.json", "conflicts.json": "conflicts.schema.json"}


@pytest.fixture(scope="module")
def out(seed_build) -> Path:
    return seed_build["root"] / "normalized"


def validator(name: str) -> Draft202012Validator:
    schema = json_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, doc) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in validator(name).iter_errors(doc)]


def read(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------- datapackage.json

def test_frictionless_validates_every_resource(out):
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    assert {(t.name, t.type, t.valid) for t in report.tasks} == {
        ("catalog", "table", True), ("catalog-json", "json", True), ("conflicts", "json", True)}
    csv_task = next(t for t in report.tasks if t.name == "catalog")
    assert csv_task.stats["rows"] == len(read(out / "catalog.json")["entries"])


def test_describes_title_version_sources_and_every_output(out):
    package = read(out / "datapackage.json")
    doc = read(out / "catalog.json")
    assert package["title"] == "Error-code catalogs: backend-services, identity-cloud, parse"
    assert package["version"] == version("extract")
    assert [(s["title"], s["path"]) for s in package["sources"]] == [(s["title"] or s["id"], s["path"])
                                                                     for s in doc["sources"]]
    assert all(s["path"].startswith("raw_sources/") for s in package["sources"])
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == {"catalog.csv", "catalog.json", "conflicts.json"}
    for path, schema_file in SCHEMA_FILES.items():
        r = resources[path]
        assert (r["format"], r["mediatype"], r["encoding"]) == ("json", "application/json", "utf-8")
        assert r["jsonSchema"] == json_schema(schema_file)  # the schema shipped in extract/schemas/, embedded
    table = resources["catalog.csv"]["schema"]
    fields = {f["name"]: f for f in table["fields"]}
    assert [f["name"] for f in table["fields"]] == (out / "catalog.csv").read_text(encoding="utf-8") \
        .splitlines()[0].split(",")
    assert fields["http_status"]["type"] == "integer"
    assert fields["http_status"]["constraints"] == {"minimum": 100, "maximum": 599}
    assert fields["variant"]["constraints"] == {"required": True, "minimum": 1}
    assert all(fields[k]["constraints"]["required"] for k in ("catalog", "code", "variant", "sources"))
    assert table["primaryKey"] == ["catalog", "code", "variant"]


def test_same_catalog_same_bytes(out):
    doc = read(out / "catalog.json")
    written = (out / "datapackage.json").read_text(encoding="utf-8")
    again = json.dumps(datapackage(copy.deepcopy(doc)), indent=2, ensure_ascii=False) + "\n"
    assert written == again  # a function of the catalog alone: no timestamp, nothing of the machine


def test_frictionless_rejects_a_status_out_of_range_and_a_repeated_key(out, tmp_path):
    bad = tmp_path / "normalized"
    shutil.copytree(out, bad)
    lines = (bad / "catalog.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = next(i for i, line in enumerate(lines[1:], 1) if line.split(",")[header.index("http_status")] == "500")
    cells = lines[row].split(",")
    cells[header.index("http_status")] = "999"
    lines[row] = ",".join(cells)
    lines.append(lines[1])  # (catalog, code, variant) twice
    (bad / "catalog.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = frictionless.validate(str(bad / "datapackage.json"))
    assert not report.valid
    found = {(e[0], e[1]) for e in report.flatten(["type", "fieldName"])}
    assert ("constraint-error", "http_status") in found
    assert ("primary-key", None) in found


# ---------------------------------------------------------------------------------------------- JSON Schemas

def test_outputs_match_their_json_schemas(out):
    assert errors("catalog.schema.json", read(out / "catalog.json")) == []
    assert errors("conflicts.schema.json", read(out / "conflicts.json")) == []


def test_decided_and_stale_conflicts_match_the_schema(project, run_cli):
    """A value given by a reviewer, an accepted source and a decision gone stale: the shapes only decisions make."""
    (project / "raw_sources" / "resolutions.toml").write_text(
        '["missing_value:backend-services:607:df7cc3faf2"]\n'
        'decision = "value"\nvalue = 404\nnote = "checked with \\"the team\\""\nvalues = ["", ""]\n\n'
        '["value_mismatch:backend-services:902:7fd1e7fad7"]\n'
        'decision = "accept"\nsource = "backend-services-table"\nnote = "older wording"\n\n'
        '["missing_value:backend-services:617:6698b6a4d4"]\n'
        'decision = "acknowledge"\nnote = "made on other values"\nvalues = ["then"]\n', encoding="utf-8")
    code, _, err = run_cli(["build", "--no-cache"], cwd=project)
    assert code == 0, err
    conflicts = read(project / "normalized" / "conflicts.json")
    catalog = read(project / "normalized" / "catalog.json")
    statuses = {c["id"]: c["resolution"] for c in conflicts["conflicts"]}
    assert statuses["missing_value:backend-services:607:df7cc3faf2"]["status"] == "manual"
    assert statuses["missing_value:backend-services:617:6698b6a4d4"]["stale_decision"] == "made on other values"
    given = next(e for e in catalog["entries"] if e["catalog"] == "backend-services" and e["code"] == "607")
    assert given["provenance"]["http_status"]["source"] == "resolutions"
    assert errors("conflicts.schema.json", conflicts) == []
    assert errors("catalog.schema.json", catalog) == []
    assert frictionless.validate(str(project / "normalized" / "datapackage.json")).valid


def test_catalog_schema_rejects_bad_entries(out):
    doc = read(out / "catalog.json")
    entry = doc["entries"][0]
    assert errors("catalog.schema.json", {**doc, "entries": [{**entry, "http_status": 999}]})
    assert errors("catalog.schema.json", {**doc, "entries": [{**entry, "http_status": "500"}]})
    missing_code = {k: v for k, v in entry.items() if k != "code"}
    assert any("'code' is a required property" in e for e in errors("catalog.schema.json",
                                                                   {**doc, "entries": [missing_code]}))
    assert errors("catalog.schema.json", {**doc, "entries": [{**entry, "code": ""}]})
    assert errors("catalog.schema.json", {**doc, "entries": [{**entry, "variant": 0}]})
    assert errors("catalog.schema.json", {**doc, "entries": [{**entry, "operations": "All"}]})
    assert errors("catalog.schema.json", {**doc, "entries": [{**entry, "description": "two\nlines"}]})
    assert errors("catalog.schema.json", {**doc, "entries": [{**entry, "surprise": 1}]})
    assert errors("catalog.schema.json", {k: v for k, v in doc.items() if k != "sources"})


def test_conflicts_schema_rejects_bad_conflicts(out):
    conflict = read(out / "conflicts.json")["conflicts"][0]
    bad = [
        {**conflict, "severity": "fatal"},
        {**conflict, "kind": "made_up"},
        {**conflict, "code": None, "variant": 2},  # a variant names an entry, so it needs a code
        {**conflict, "resolution": {"status": "manual", "value": 1, "rule": "accept"}},  # a decision has a note
        {**conflict, "resolution": {"status": "auto", "value": 1, "rule": ""}},  # an automatic choice names its rule
        {**conflict, "resolution": {"status": "auto", "value": None, "rule": "x", "stale_decision": "n"}},
        {**conflict, "values": [{"source": "a", "value": 1}]},
        {k: v for k, v in conflict.items() if k != "message"},
    ]
    for item in bad:
        assert errors("conflicts.schema.json", {"conflicts": [item]}), item


def test_schema_enums_are_the_toolkits_registries():
    """The schemas are files a user can read, so their lists are written out: this keeps them the toolkit's."""
    conflict = json_schema("conflicts.schema.json")["$defs"]
    assert conflict["conflict"]["properties"]["kind"]["enum"] == list(kinds.NAMES), \
        "a conflict kind was added or renamed: update extract/schemas/conflicts.schema.json"
    assert conflict["conflict"]["properties"]["severity"]["enum"] == list(kinds.SEVERITIES)
    assert conflict["resolution"]["properties"]["status"]["enum"] == list(RESOLUTION_STATUSES)
    assert conflict["field"]["enum"] == [*FIELDS, ROW_NUMBER]
    catalog = json_schema("catalog.schema.json")["$defs"]
    assert catalog["entry"]["properties"]["provenance"]["propertyNames"]["enum"] == list(FIELDS)
    assert catalog["entry"]["required"][:10] == ["catalog", *FIELDS[:1], "variant", *FIELDS[1:], "sources"]


def test_schemas_are_draft_2020_12_package_data():
    for name in SCHEMA_FILES.values():
        schema = json_schema(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_the_toolkit_version_is_the_one_pyproject_declares():
    import tomllib

    import extract
    from conftest import REPO

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert extract.__version__ == declared == version("extract")
