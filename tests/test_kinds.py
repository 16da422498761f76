"""The registry of conflict kinds (extract/kinds.py): what the README, the report, the CLI and every conflict
built anywhere say about kinds comes from it, and a kind it does not hold cannot be made."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from extract import kinds
from extract.cli import main
from extract.model import Conflict, ConflictValue, Loc, Resolution, conflict_value

REPO = Path(__file__).resolve().parents[1]
README_ROW = re.compile(r"^\| `([a-z_]+)` \| ([a-z]+)(?: \((.*)\))? \| (.*) \|$")


def readme_kinds_table() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Conflicts\n"):]
    start = section.index("| kind | severity | when |")
    end = section.index("\n\n", start)
    return section[start:end + 1]


def test_readme_table_is_the_registry():
    assert readme_kinds_table() == kinds.markdown_table()


def test_readme_lists_every_kind_with_its_default_severity():
    rows = [README_ROW.match(line) for line in readme_kinds_table().splitlines()[2:]]
    assert all(rows)
    assert [(m.group(1), m.group(2)) for m in rows] == [(k.name, k.severity) for k in kinds.ALL]


def test_kinds_verb_prints_the_readme_table(capsys):
    assert main(["kinds"]) == 0
    assert capsys.readouterr().out == readme_kinds_table()


def test_kinds_verb_filters_by_severity(capsys):
    assert main(["kinds", "--severity", "error"]) == 0
    listed = re.findall(r"^\| `([a-z_]+)`", capsys.readouterr().out, re.M)
    assert listed == [k.name for k in kinds.with_severity("error")]
    assert {"invalid_value", "block_length_mismatch", "missing_value"} <= set(listed)
    assert "truncated_value" not in listed


def test_registry_is_well_formed():
    assert len(kinds.NAMES) == len(set(kinds.NAMES)) == len(kinds.ALL)
    for k in kinds.ALL:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)+", k.name)
        assert k.title and k.description and k.severity in kinds.SEVERITIES
        assert len(set(k.severities)) == len(k.severities)
        # a kind seen with more than one severity says when each applies
        assert (len(k.severities) > 1) == bool(k.severity_rule), k.name


def test_the_contract_kinds_are_all_registered():
    contract = ["missing_value", "duplicate_code", "value_mismatch", "truncated_value", "missing_in_source",
                "header_mismatch", "duplicate_name", "duplicate_text", "overlapping_ranges", "out_of_range",
                "invalid_value", "orphan_fragment", "unparsed_text"]
    assert set(contract) <= set(kinds.NAMES)


def test_filters():
    assert [k.name for k in kinds.with_severity("error", default_only=True)] == ["invalid_value",
                                                                                  "block_length_mismatch"]
    assert all("info" in k.severities for k in kinds.with_severity("info"))
    assert {k.name for k in kinds.at_stage("check")} == {"duplicate_code", "duplicate_name", "duplicate_text",
                                                         "overlapping_ranges", "out_of_range"}
    with pytest.raises(ValueError):
        kinds.with_severity("fatal")


def test_unknown_kinds_raise():
    with pytest.raises(kinds.UnknownKind, match="no_such_kind"):
        kinds.get("no_such_kind")
    with pytest.raises(ValueError, match="unknown conflict kind 'orphan'"):
        Conflict(kind="orphan", catalog="c", severity="warning", message="m")


def test_severity_is_checked_and_defaults_from_the_registry():
    assert Conflict(kind="truncated_value", catalog="c", message="m").severity == "warning"
    assert Conflict(kind="missing_in_source", catalog="c", message="m").severity == "info"
    assert Conflict(kind="missing_value", catalog="c", message="m", severity="error").severity == "error"
    with pytest.raises(ValueError, match="severity"):
        Conflict(kind="missing_value", catalog="c", message="m", severity="fatal")


def test_a_message_defaults_to_the_kinds_template_where_the_conflict_fills_it():
    assert Conflict(kind="out_of_range", catalog="c", code="7").message == "Code 7 lies outside every declared range."
    with pytest.raises(ValueError, match="needs a message"):
        Conflict(kind="duplicate_name", catalog="c")  # its template names things the conflict does not hold


def test_templates():
    k = kinds.get("value_mismatch")
    assert k.message("cosmetic", what="message", code="603") == \
        "Sources differ on the message of code 603 only in case, punctuation or whitespace."
    assert k.matches("Sources differ on the name of code 1 only in case, punctuation or whitespace.")
    assert not k.matches("Something else.")
    assert kinds.get("unparsed_text").matches("any reason at all")  # free text
    with pytest.raises(KeyError, match="no message form"):
        k.message("nope")


def test_dict_forms_are_coerced_to_the_dataclasses():
    """Code written against the dict forms keeps working: dicts in, typed values stored, the same JSON out."""
    value = {"source": "s", "value": "v", "location": "f.txt:3"}
    resolution = {"status": "auto", "value": "v", "rule": "some-rule"}
    c = Conflict(kind="normalized_value", catalog="c", message="m", values=[value, value | {"code": "7"}],
                 resolution=resolution)
    assert c.values == [ConflictValue("s", "v", "f.txt:3"), ConflictValue("s", "v", "f.txt:3", code="7")]
    assert c.resolution == Resolution.auto("v", "some-rule")
    assert c.to_json()["values"] == [value, value | {"code": "7"}]
    assert c.to_json()["resolution"] == resolution
    assert c.resolution["status"] == "auto" and c.values[1]["code"] == "7" and c.values[0].get("code") is None
    c.resolution = {"status": "manual", "value": 1, "rule": "value", "note": "why"}  # assigned later: typed too
    assert c.resolution.status == "manual" and c.resolution.note == "why"
    assert Conflict(kind="normalized_value", catalog="c", message="m").resolution == Resolution()


def test_dict_forms_with_unknown_fields_or_statuses_raise():
    with pytest.raises(TypeError, match="colour"):
        Conflict(kind="normalized_value", catalog="c", message="m",
                 values=[{"source": "s", "value": 1, "location": "x", "colour": "red"}])
    with pytest.raises(ValueError, match="status"):
        Conflict(kind="normalized_value", catalog="c", message="m", resolution={"status": "done"})


def test_conflict_value_of_a_cell_or_location():
    loc = Loc("src", "raw/a.tsv", (4, 5))
    assert conflict_value(loc, "x") == ConflictValue("src", "x", "raw/a.tsv:4-5")
    assert conflict_value(loc, "x").with_code("9").to_json() == {"source": "src", "value": "x",
                                                                 "location": "raw/a.tsv:4-5", "code": "9"}


def test_resolution_json_keeps_the_optional_fields_in_order():
    assert Resolution().to_json() == {"status": "open", "value": None, "rule": ""}
    assert list(Resolution("manual", 3, "value", note="").to_json()) == ["status", "value", "rule", "note"]
    assert list(Resolution(stale_decision="old").to_json()) == ["status", "value", "rule", "stale_decision"]


def conflict_kinds_in_source() -> set[tuple[str, str]]:
    """(file, kind) of every `Conflict(kind="…")` written anywhere in extract/."""
    found = set()
    for path in sorted((REPO / "extract").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Conflict":
                for kw in node.keywords:
                    if kw.arg == "kind" and isinstance(kw.value, ast.Constant):
                        found.add((str(path.relative_to(REPO)), kw.value.value))
    return found


def test_every_kind_the_code_emits_is_registered():
    found = conflict_kinds_in_source()
    assert len(found) > 10  # the scan sees the constructors
    assert {(f, k) for f, k in found if k not in kinds.NAMES} == set()


def test_every_conflict_of_the_seeds_is_of_a_registered_kind_severity_and_message(seed_build):
    conflicts = seed_build["conflicts"]
    assert conflicts
    for c in conflicts:
        kind = kinds.get(c["kind"])
        assert c["severity"] in kind.severities, c["id"]
        assert kind.matches(c["message"]), (c["id"], c["message"])


def test_report_lists_come_from_the_registry(seed_build):
    report = (seed_build["root"] / "normalized" / "report.md").read_text(encoding="utf-8")
    kind_rows = re.search(r"\| kind \| count \|\n\| --- \| ---: \|\n((?:\|.*\n)+)", report).group(1)
    assert {line.split(" | ")[0].strip("| ") for line in kind_rows.splitlines()} <= set(kinds.NAMES)
    header = next(line for line in report.splitlines() if line.startswith("| source | format |"))
    assert [k.per_source for k in kinds.ALL if k.per_source] == \
        [h for h in header.strip("|").split(" | ") if h.strip() in {k.per_source for k in kinds.ALL}]
    # the HTML page's list of compared kinds is in its data: tests/test_report_html.py checks it against the registry


def test_review_refuses_an_unknown_kind(seed_build, run_cli):
    code, out, err = run_cli(["review", "--kind", "orphan"], cwd=seed_build["root"])
    assert code == 2 and out == "" and err.count("\n") == 1 and "unknown conflict kind 'orphan'" in err
