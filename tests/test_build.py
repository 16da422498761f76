"""The CLI as a user runs it (`python -m extract …` in a scratch copy of the project): build from the manifest,
ad-hoc builds, `sources`, reproducible output, and bad input that ends in one clear line and exit code 2 without
touching the output folder."""
from __future__ import annotations

import hashlib
import json
import shutil
import tomllib
from pathlib import Path

OUTPUTS = {"catalog.csv", "catalog.json", "conflicts.json", "datapackage.json", "report.md", "report.html"}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def manifest_sources(project: Path) -> list[dict]:
    return tomllib.loads((project / "raw_sources" / "sources.toml").read_text(encoding="utf-8"))["source"]


def add_source(project: Path, id: str, path: str, catalog: str = "extra") -> None:
    with open(project / "raw_sources" / "sources.toml", "a", encoding="utf-8") as fh:
        fh.write(f'\n[[source]]\nid = "{id}"\npath = "{path}"\ncatalog = "{catalog}"\npriority = 1\n')


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def assert_clean_failure(code: int, stdout: str, stderr: str) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr + stdout
    assert "built" not in stdout
    assert all(line.startswith(("error:", "warning:")) for line in stderr.splitlines()), stderr


# --- build ---------------------------------------------------------------------------------------------------------

def test_build_from_the_manifest_writes_normalized(project, run_cli):
    code, out, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    assert out.startswith("built normalized/")
    assert OUTPUTS <= {p.name for p in (project / "normalized").iterdir()}
    doc = json.loads((project / "normalized" / "catalog.json").read_text(encoding="utf-8"))
    assert {"backend-services", "parse", "identity-cloud"} <= {c["catalog"] for c in doc["catalogs"]}
    assert {s["id"] for s in doc["sources"]} == {s["id"] for s in manifest_sources(project)}


def test_catalog_json_records_each_sources_sha256(project, run_cli):
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    doc = json.loads((project / "normalized" / "catalog.json").read_text(encoding="utf-8"))
    listed = {s["id"]: s["path"] for s in manifest_sources(project)}
    assert len(doc["sources"]) == len(listed)
    for source in doc["sources"]:
        data = (project / "raw_sources" / listed[source["id"]]).read_bytes()
        assert source["sha256"] == hashlib.sha256(data).hexdigest(), source["id"]
        assert source["path"] == f"raw_sources/{listed[source['id']]}"


def test_adhoc_build_needs_no_manifest(tmp_path, repo, run_cli):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "errors.md").write_bytes((repo / "raw_sources" / "parse-errors.md").read_bytes())
    (tmp_path / "docs" / "extra.tsv").write_text("Code\tMessage\n9001\tA made-up error for this test.\n",
                                                 encoding="utf-8")
    code, out, err = run_cli(["build", "--catalog", "my-api", "--out", "built", "docs/errors.md", "docs/extra.tsv"],
                             cwd=tmp_path)
    assert code == 0, err
    assert out.startswith("built built/")
    assert OUTPUTS <= {p.name for p in (tmp_path / "built").iterdir()}
    assert not (tmp_path / "normalized").exists()
    doc = json.loads((tmp_path / "built" / "catalog.json").read_text(encoding="utf-8"))
    assert [c["catalog"] for c in doc["catalogs"]] == ["my-api"]
    assert [(s["id"], s["format"], s["priority"], s["path"], s["records"]) for s in doc["sources"]] == [
        ("errors", "markdown", 1, "docs/errors.md", 115), ("extra", "tab", 2, "docs/extra.tsv", 1)]
    (made_up,) = [e for e in doc["entries"] if e["code"] == "9001"]
    assert made_up["message"] == "A made-up error for this test." and made_up["sources"] == ["extra"]


def test_adhoc_build_needs_catalog_and_files(project, run_cli):
    code, out, err = run_cli(["build", "--out", "x", "raw_sources/parse-errors.md"], cwd=project)
    assert_clean_failure(code, out, err)
    assert len(error_lines(err)) == 1
    code, out, err = run_cli(["build", "--catalog", "Not A Slug", "--out", "x", "raw_sources/parse-errors.md"],
                             cwd=project)
    assert_clean_failure(code, out, err)
    assert not (project / "x").exists()


def test_sources_lists_id_format_catalog_records_and_sha256(project, run_cli):
    code, out, err = run_cli(["sources"], cwd=project)
    assert code == 0, err
    header, *rows = out.splitlines()
    assert header.split() == ["id", "format", "catalog", "records", "sha256"]
    listed = {s["id"]: s for s in manifest_sources(project)}
    assert len(rows) == len(listed)
    seen = {}
    for row in rows:
        sid, fmt, catalog, records, digest = row.split()
        data = (project / "raw_sources" / listed[sid]["path"]).read_bytes()
        assert catalog == listed[sid]["catalog"]
        assert len(digest) >= 12 and hashlib.sha256(data).hexdigest().startswith(digest)
        seen[sid] = (fmt, int(records))
    assert seen["backend-services-table"] == ("tab", 64)
    assert seen["parse-errors"] == ("markdown", 115)
    assert seen["identity-cloud-registration"] == ("prose", 43)
    assert not (project / "normalized").exists()  # listing builds nothing


def test_build_warns_about_files_the_manifest_does_not_list(project, run_cli):
    (project / "raw_sources" / "forgotten-errors.md").write_text("| Code | Message |\n|---|---|\n| 1 | x |\n",
                                                                 encoding="utf-8")
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    warnings = [line for line in err.splitlines() if "forgotten-errors.md" in line]
    assert warnings == ["warning: raw_sources/forgotten-errors.md: not listed in raw_sources/sources.toml, not built"]
    doc = json.loads((project / "normalized" / "catalog.json").read_text(encoding="utf-8"))
    assert "forgotten-errors" not in {s["id"] for s in doc["sources"]}


def test_two_builds_of_the_same_inputs_are_byte_identical(project, run_cli):
    for out in ("first", "second"):
        code, _, err = run_cli(["build", "--out", out], cwd=project)
        assert code == 0, err
    first, second = snapshot(project / "first"), snapshot(project / "second")
    assert OUTPUTS <= set(first)
    assert first == second
    # … also from another copy of the project in another folder: nothing of the machine leaks into the output
    elsewhere = project / "elsewhere" / "copy"
    shutil.copytree(project / "raw_sources", elsewhere / "raw_sources")
    code, _, err = run_cli(["build"], cwd=elsewhere)
    assert code == 0, err
    assert snapshot(elsewhere / "normalized") == first
    for name, data in first.items():
        assert b"\r\n" not in data, name
        data.decode("utf-8")


# --- bad input -----------------------------------------------------------------------------------------------------

def write_bad_files(folder: Path) -> dict[str, Path]:
    files = {
        "empty": folder / "empty.tsv",
        "binary": folder / "binary.tsv",
        "latin-1": folder / "latin1.tsv",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"Code\tMessage\n1\t\x00\x01\x02\xff binary\n")
    files["latin-1"].write_bytes("Code\tMessage\n1\tCaf\u00e9 ferm\u00e9.\n2\tAutre.\n".encode("latin-1"))
    return files


def test_bad_documents_fail_with_one_line_naming_the_file_and_leave_the_output(project, run_cli):
    code, _, err = run_cli(["build", "--catalog", "parse", "--out", "out", "raw_sources/parse-errors.md"],
                           cwd=project)
    assert code == 0, err
    before = snapshot(project / "out")
    for kind, path in write_bad_files(project / "raw_sources").items():
        shown = f"raw_sources/{path.name}"
        code, out, err = run_cli(["build", "--catalog", "parse", "--out", "out", shown], cwd=project)
        assert_clean_failure(code, out, err)
        assert error_lines(err) == err.splitlines(), kind
        (line,) = error_lines(err)
        assert line.startswith(f"error: {shown}"), line
        assert snapshot(project / "out") == before, kind
    assert sorted(p.name for p in project.iterdir()) == ["out", "raw_sources"]  # no half-written folder left


def test_not_utf8_error_names_the_line(project, run_cli):
    files = write_bad_files(project)
    code, out, err = run_cli(["build", "--catalog", "x", "--out", "out", files["latin-1"].name], cwd=project)
    assert_clean_failure(code, out, err)
    assert error_lines(err)[0].startswith("error: latin1.tsv:2: not UTF-8")


def test_manifest_naming_a_missing_file_fails_and_leaves_normalized(project, run_cli):
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    before = snapshot(project / "normalized")
    add_source(project, "gone", "no-such-file.txt")
    code, out, err = run_cli(["build"], cwd=project)
    assert_clean_failure(code, out, err)
    assert error_lines(err) == ["error: raw_sources/no-such-file.txt: file not found"]
    assert snapshot(project / "normalized") == before


def test_manifest_path_outside_raw_sources_fails_and_leaves_normalized(project, run_cli):
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    before = snapshot(project / "normalized")
    (project / "x.txt").write_text("100\nsome_error. Some text.\n", encoding="utf-8")
    add_source(project, "outside", "../x.txt")
    code, out, err = run_cli(["build"], cwd=project)
    assert_clean_failure(code, out, err)
    (line,) = error_lines(err)
    assert line.startswith("error: raw_sources/sources.toml:") and "'../x.txt'" in line and "outside" in line
    assert snapshot(project / "normalized") == before


def test_manifest_build_reports_every_broken_source_at_once_and_writes_nothing(project, run_cli):
    files = write_bad_files(project / "raw_sources")
    add_source(project, "missing", "missing.tsv")
    add_source(project, "latin", files["latin-1"].name)
    # a readable source with no error table: it is still parsed (its warning shows) while the others fail
    (project / "raw_sources" / "fields.md").write_text("| Field | Type |\n|---|---|\n| id | string |\n",
                                                       encoding="utf-8")
    add_source(project, "fields", "fields.md")
    for other in ("empty", "binary"):  # not listed: only warned about
        files[other].unlink()
    code, out, err = run_cli(["build"], cwd=project)
    assert_clean_failure(code, out, err)
    assert sorted(error_lines(err)) == [
        "error: raw_sources/latin1.tsv:2: not UTF-8 (byte 0xe9); re-save the file as UTF-8",
        "error: raw_sources/missing.tsv: file not found"]
    assert "warning: raw_sources/fields.md: no entries found (read as markdown)" in err.splitlines()
    # and why: what the layout kept instead, and how sure the other layouts were
    assert ("warning: raw_sources/fields.md: 1 table rows without error codes (fields, parameters, ids) were kept "
            "as notes; other layouts, by certainty: none recognised the document") in err.splitlines()
    assert not (project / "normalized").exists()
    assert sorted(p.name for p in project.iterdir()) == ["raw_sources"]
