"""The tab, Markdown and prose layouts on documents the tests write themselves, so that no rule can lean on one
seed: each case is a shape a user will meet again."""
from __future__ import annotations

import json
from pathlib import Path


def adhoc(run_cli, folder: Path, files: dict[str, str], catalog: str = "gen") -> dict:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, _, err = run_cli(["build", "--catalog", catalog, "--out", "out", *files], cwd=folder)
    assert code == 0, err
    return {"catalog": json.loads((folder / "out" / "catalog.json").read_text(encoding="utf-8")),
            "conflicts": json.loads((folder / "out" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]}


def by_code(built) -> dict[str, dict]:
    return {(e["code"] if e["variant"] == 1 else f"{e['code']}/{e['variant']}"): e for e in built["catalog"]["entries"]}


def kinds(built) -> list[str]:
    return sorted(c["kind"] for c in built["conflicts"])


def test_tab_short_messages_keep_their_header(tmp_path, run_cli):
    built = adhoc(run_cli, tmp_path, {"short.tsv": "Code\tStatus\tMessage\n1\t404\tNot found\n2\t409\tConflict\n"
                                                   "3\t401\tUnauthorized\n"})
    entries = by_code(built)
    assert [entries[c]["message"] for c in ("1", "2", "3")] == ["Not found", "Conflict", "Unauthorized"]
    assert [entries[c]["http_status"] for c in ("1", "2", "3")] == [404, 409, 401]
    assert "header_mismatch" not in kinds(built)


def test_tab_swapped_columns_are_read_by_their_values(tmp_path, run_cli):
    rows = [("10", "Login failed.", "Sign in, Refresh token", "The credentials do not match any account we know."),
            ("11", "Quota exceeded.", "Upload, Sign in", "Your plan does not allow more uploads this month."),
            ("12", "Not allowed.", "Delete", "You cannot delete an item that another user owns."),
            ("13", "Busy.", "Upload, Delete", "The service is overloaded; retry after a few seconds.")]
    text = "Code\tMessage\tDetails\tApplies to\n" + "".join("\t".join(r) + "\n" for r in rows)
    built = adhoc(run_cli, tmp_path, {"swapped.tsv": text})
    e = by_code(built)["11"]
    assert e["operations"] == ["Upload", "Sign in"]
    assert e["description"] == "Your plan does not allow more uploads this month."
    mismatches = {c["field"]: c for c in built["conflicts"] if c["kind"] == "header_mismatch"}
    assert sorted(mismatches) == ["description", "operations"]
    assert [v["value"] for v in mismatches["operations"]["values"]][0] == "Details"
    assert mismatches["operations"]["values"][0]["location"] == "swapped.tsv:1"


def test_tab_footnotes_stray_lines_and_crlf(tmp_path, run_cli):
    text = ("Error list\r\nCode\tMessage\tReturned by\r\n1\tBroken thing.\tRead‡, Write\r\n"
            "this line lost its tabs\r\n2\tOther thing.\tRead‡\r\n\r\n"
            "‡ Read covers list and get.\r\nSee the wiki for more.\r\n")
    built = adhoc(run_cli, tmp_path, {"crlf.tsv": text})
    entries = by_code(built)
    assert entries["2"]["operations"] == ["Read‡"] and entries["1"]["message"] == "Broken thing."
    (footnote,) = [n for n in built["catalog"]["catalogs"][0]["notes"] if n["kind"] == "footnote"]
    assert (footnote["marker"], footnote["refers_to"], footnote["lines"]) == ("‡", ["Read‡"], [7])
    unparsed = {c["values"][0]["location"]: c["severity"] for c in built["conflicts"] if c["kind"] == "unparsed_text"}
    assert unparsed == {"crlf.tsv:4": "warning", "crlf.tsv:8": "info"}


def test_tab_format_forced_on_a_document_without_tabs_is_a_clean_error(project, run_cli):
    with open(project / "raw_sources" / "sources.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[source]]\nid = "forced"\npath = "forced.md"\ncatalog = "x"\nformat = "tab"\n')
    (project / "raw_sources" / "forced.md").write_text("# Errors\n\nNone yet.\n", encoding="utf-8")
    code, out, err = run_cli(["build"], cwd=project)
    assert code == 2 and "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        "error: raw_sources/forced.md: no tab-separated lines, so no table to read as tab"]


def test_markdown_sections_code_spans_and_other_tables(tmp_path, run_cli):
    text = """# Service errors

Intro paragraph.

## Auth

| Code | Name | Description |
|---:|---|---|
| `40` | `TokenExpired`   | The token   expired. |
| 41 | ` SpacedName` | Has a space inside its code span. |
{: .errors}

### Nested auth

|Code|Message|
|-|-|
|42|Sub-section message.|

## Requests

| Field | Type | Required |
|---|---|---|
| id | string | yes |
"""
    built = adhoc(run_cli, tmp_path, {"errors.md": text})
    entries = by_code(built)
    assert (entries["40"]["name"], entries["40"]["description"], entries["40"]["category"]) == \
           ("TokenExpired", "The token expired.", "Auth")
    assert entries["41"]["name"] == "SpacedName"
    assert entries["42"]["category"] == "Nested auth" and entries["42"]["message"] == "Sub-section message."
    (normalised,) = [c for c in built["conflicts"] if c["kind"] == "normalized_value"]
    assert (normalised["code"], normalised["field"]) == ("41", "name")
    notes = built["catalog"]["catalogs"][0]["notes"]
    (fields,) = [n for n in notes if n["kind"] == "table"]  # not error data, and its rows are not dropped
    assert fields["text"] == "Field | Type | Required / id | string | yes"
    layout = {item["role"] for item in built["catalog"]["sources"][0]["layout"]}
    assert {"heading h1", "heading h2", "heading h3", "kramdown attribute line", "table header"} <= layout


def test_prose_front_matter_name_lines_and_code_ranges(tmp_path, run_cli):
    text = """---
title: Widget errors
tags:
  - WIDGET_TAG (3)
---
Widget error codes.
- 100-199. Input errors.
100
bad_input
The input could not be read.
101
too_long. The input is longer
than allowed.
## Retired errors (150-152)
No longer returned.
"""
    built = adhoc(run_cli, tmp_path, {"widgets.txt": text})
    entries = by_code(built)
    assert sorted(entries, key=int) == ["100", "101", "150", "151", "152"]
    assert (entries["100"]["name"], entries["100"]["description"]) == ("bad_input", "The input could not be read.")
    assert entries["100"]["provenance"]["name"]["lines"] == [9]
    assert entries["101"]["description"] == "The input is longer than allowed."
    for code in ("150", "151", "152"):
        assert (entries[code]["message"], entries[code]["description"]) == ("Retired errors", "No longer returned.")
        assert entries[code]["category"] == "Input errors"
    (expanded,) = [c for c in built["conflicts"] if c["kind"] == "normalized_value"]
    assert (expanded["field"], expanded["values"][0]["value"], expanded["values"][0]["location"]) == \
           ("code", "150-152", "widgets.txt:14")
    assert expanded["resolution"]["value"] == ["150", "151", "152"]
    notes = built["catalog"]["catalogs"][0]["notes"]
    assert notes[0]["kind"] == "front matter" and notes[0]["lines"] == [1, 2, 3, 4, 5]
    assert "WIDGET_TAG" not in entries  # a `NAME (3)` line inside the front matter is no entry


def test_every_layout_is_found_by_its_name_in_its_own_module():
    import pytest

    from extract.errors import InputError
    from extract.parsers import by_name, layouts

    assert all(by_name(rule.name, "doc.txt").rule is rule for rule in layouts())
    assert all(by_name(rule.name, "doc.txt").uses_hints == rule.uses_hints for rule in layouts())
    for name in ("latex", "jsondoc"):
        with pytest.raises(InputError, match=f"unknown format '{name}'"):
            by_name(name, "doc.txt")
