"""extract/gates.py, the CI gates: `check --format text|json|github --severity-threshold S`, `build --check`,
the pre-commit hooks (.pre-commit-hooks.yaml) and the README's GitHub Actions snippet."""
from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from extract.gates import check_verdict, format_check, outputs_differ, split_location
from extract.model import Conflict

ROOT = Path(__file__).resolve().parents[1]


def conflict(id_: str, severity: str, message: str = "A message.", status: str = "open", kind: str = "value_mismatch",
             locations: tuple[str, ...] = ("raw_sources/a.tsv:12",), code: str | None = "107") -> dict:
    """A conflict in its conflicts.json form."""
    return {"id": id_, "catalog": "demo", "code": code, "variant": 1, "kind": kind, "field": "message",
            "severity": severity, "message": message,
            "values": [{"source": "s", "value": "v", "location": loc} for loc in locations],
            "resolution": {"status": status, "value": None, "rule": ""}}


CONFLICTS = [
    conflict("k:demo:1:info", "info", "An info."),
    conflict("k:demo:2:err", "error", "First error."),
    conflict("k:demo:3:warn", "warning", "A warning."),
    conflict("k:demo:4:auto", "error", "Fixed by a rule.", status="auto"),
    conflict("k:demo:5:manual", "error", "Decided.", status="manual"),
    conflict("k:demo:6:err", "error", "Second error."),
]


# ------------------------------------------------------------------------------------------- check --format text

def test_text_is_the_open_errors_as_check_always_printed_them():
    text, code = format_check(CONFLICTS, "text", "error")
    assert (text, code) == ("k:demo:2:err: First error.\nk:demo:6:err: Second error.\n", 1)
    assert check_verdict(CONFLICTS, "error") == "check failed: 2 open conflicts of severity error"


def test_nothing_open_at_the_threshold_passes():
    calm = [c for c in CONFLICTS if c["severity"] != "error" or c["resolution"]["status"] != "open"]
    assert format_check(calm, "text", "error") == ("", 0)
    assert check_verdict(calm, "error") == "check passed: no open conflicts of severity error"
    assert format_check([], "json", "info") == ("[]\n", 0)
    assert format_check([], "github", "info") == ("", 0)


def test_a_lower_threshold_also_fails_on_warnings_then_infos_most_severe_first():
    text, code = format_check(CONFLICTS, "text", "warning")
    assert code == 1
    assert text.splitlines() == ["k:demo:2:err: First error.", "k:demo:6:err: Second error.",
                                 "k:demo:3:warn: A warning."]
    assert check_verdict(CONFLICTS, "warning") == \
        "check failed: 3 open conflicts of severity warning or above (2 error, 1 warning)"
    assert [ln.split(":")[3] for ln in format_check(CONFLICTS, "text", "info")[0].splitlines()] == [
        "err", "err", "warn", "info"]
    only_info = [CONFLICTS[0]]
    assert format_check(only_info, "text", "warning") == ("", 0)
    assert format_check(only_info, "text", "info")[1] == 1
    assert check_verdict(only_info, "info") == "check failed: 1 open conflict of severity info or above (1 info)"


def test_conflict_objects_and_their_json_give_the_same_output():
    made = Conflict(kind="invalid_value", catalog="demo", code="610", field="http_status",
                    message="Code 610 has the HTTP status 'abc', which names none.",
                    values=[{"source": "s", "value": "abc", "location": "raw_sources/a.tsv:7"}], key=("x",))
    made.assign_id()
    for fmt in ("text", "json", "github"):
        assert format_check([made], fmt, "error") == format_check([made.to_json()], fmt, "error")


def test_control_characters_in_a_message_are_shown_not_sent_to_the_terminal():
    text, _ = format_check([conflict("k:demo:1:x", "error", "bad \x1b[31m red")], "text", "error")
    assert text == "k:demo:1:x: bad \\x1b[31m red\n"


def test_unknown_format_or_threshold_is_refused():
    with pytest.raises(ValueError, match="text, json, github"):
        format_check(CONFLICTS, "xml", "error")
    with pytest.raises(ValueError, match="error, warning, info"):
        format_check(CONFLICTS, "text", "fatal")


# ------------------------------------------------------------------------------------------- check --format json

def test_json_lists_the_gated_conflicts_with_their_first_location():
    many = conflict("k:demo:7:two", "error", "Two places.", locations=("", "raw_sources/b.txt:3", "raw_sources/c:9"))
    bare = conflict("k:demo:-:none", "warning", "No values.", locations=(), code=None)
    text, code = format_check([*CONFLICTS, many, bare], "json", "warning")
    items = json.loads(text)
    assert code == 1 and text.endswith("]\n")
    assert [i["id"] for i in items] == ["k:demo:2:err", "k:demo:6:err", "k:demo:7:two", "k:demo:3:warn",
                                       "k:demo:-:none"]
    assert items[0] == {"id": "k:demo:2:err", "severity": "error", "kind": "value_mismatch", "catalog": "demo",
                        "code": "107", "message": "First error.", "location": "raw_sources/a.tsv:12"}
    assert items[2]["location"] == "raw_sources/b.txt:3"  # the first value that has a location
    assert (items[4]["location"], items[4]["code"]) == (None, None)


# ------------------------------------------------------------------------------------------- check --format github

@pytest.mark.parametrize("location,expected", [
    ("raw_sources/a.tsv:12", ("raw_sources/a.tsv", 12, None)),
    ("raw_sources/a.tsv:4-6", ("raw_sources/a.tsv", 4, 6)),
    ("raw_sources/dump.txt:247-248,339", ("raw_sources/dump.txt", 247, 248)),
    ("raw_sources/dump.txt:247,339", ("raw_sources/dump.txt", 247, None)),
    ("raw_sources/x.pdf:page 3 line 2", ("raw_sources/x.pdf", None, None)),
    ("raw_sources/x.pdf:page 3", ("raw_sources/x.pdf", None, None)),
    ("raw_sources/x.pdf (text layer):14", ("raw_sources/x.pdf", None, None)),
    ("raw_sources/notes.md", ("raw_sources/notes.md", None, None)),
    ("raw_sources/odd:name.txt", ("raw_sources/odd:name.txt", None, None)),
])
def test_locations_as_provenance_writes_them(location, expected):
    assert split_location(location) == expected


def test_github_annotations_carry_level_file_line_and_the_id_as_title():
    text, code = format_check(CONFLICTS, "github", "info")
    assert code == 1
    assert text.splitlines() == [
        "::error file=raw_sources/a.tsv,line=12,title=k%3Ademo%3A2%3Aerr::First error.",
        "::error file=raw_sources/a.tsv,line=12,title=k%3Ademo%3A6%3Aerr::Second error.",
        "::warning file=raw_sources/a.tsv,line=12,title=k%3Ademo%3A3%3Awarn::A warning.",
        "::notice file=raw_sources/a.tsv,line=12,title=k%3Ademo%3A1%3Ainfo::An info."]


def test_github_escapes_data_and_properties_as_github_documents():
    # data: % CR LF; properties also : and , (actions/toolkit escapeData / escapeProperty)
    odd = conflict("k:demo:1:x", "error", "100% sure,\r\nnot: really",
                   locations=("raw_sources/a,b%c.tsv:4-6",))
    text, _ = format_check([odd], "github", "error")
    assert text == ("::error file=raw_sources/a%2Cb%25c.tsv,line=4,endLine=6,title=k%3Ademo%3A1%3Ax"
                    "::100%25 sure,%0D%0Anot: really\n")
    assert "\n" not in text[:-1] and "\r" not in text  # one command per line, whatever the message holds


def test_github_annotation_without_a_line_or_a_file():
    page = conflict("k:demo:1:p", "warning", "On a page.", locations=("raw_sources/x.pdf:page 2 line 4",))
    none = conflict("k:demo:2:n", "error", "Nowhere \x1b[2J.", locations=())
    text, _ = format_check([page, none], "github", "warning")
    assert text.splitlines() == ["::error title=k%3Ademo%3A2%3An::Nowhere \\x1b[2J.",
                                 "::warning file=raw_sources/x.pdf,title=k%3Ademo%3A1%3Ap::On a page."]


# ------------------------------------------------------------------------------------------- build --check

FILES = {"catalog.json": '{"entries": []}\n', "report.md": "# Rapport é\n", "catalog.csv": "catalog,code\n"}


def write(folder: Path, files: dict[str, str | bytes]) -> None:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def test_an_up_to_date_folder_differs_in_nothing_and_other_files_are_not_the_builds(tmp_path):
    write(tmp_path / "out", {**FILES, ".gitkeep": "", "notes.txt": "mine"})
    assert outputs_differ(FILES, tmp_path / "out") == []


def test_missing_changed_and_crlf_files_are_named(tmp_path):
    write(tmp_path / "out", {"catalog.json": '{"entries": [1]}\n', "report.md": "# Rapport é\r\n"})
    assert outputs_differ(FILES, tmp_path / "out") == [
        "catalog.csv (missing)", "catalog.json (changed)", "report.md (CRLF line endings; a build writes LF)"]


def test_a_build_output_this_build_no_longer_writes_is_named(tmp_path):
    write(tmp_path / "out", {**FILES, "old-output.json": "{}", "mine.txt": "x"})
    names = [*FILES, "old-output.json", "other-output.json"]
    assert outputs_differ(FILES, tmp_path / "out", names) == ["old-output.json (not written by this build)"]


def test_a_missing_folder_misses_every_file_and_a_folder_in_place_of_a_file_is_named(tmp_path):
    assert outputs_differ(FILES, tmp_path / "nope") == [f"{n} (missing)" for n in sorted(FILES)]
    write(tmp_path / "out", {k: v for k, v in FILES.items() if k != "report.md"})
    (tmp_path / "out" / "report.md").mkdir()
    assert [d.split(" (")[0] for d in outputs_differ(FILES, tmp_path / "out")] == ["report.md"]


def test_a_real_build_against_its_own_outputs_then_after_a_source_edit(tmp_path):
    from extract.pipeline import adhoc_specs, run
    from extract.outputs import render_all, write_atomically

    source = tmp_path / "errors.tsv"
    source.write_text("Code\tName\tDescription\n100\tConnectionFailed\tThe connection failed.\n"
                      "101\tObjectNotFound\tThe object does not exist.\n", encoding="utf-8")
    files = render_all(run(adhoc_specs("demo", [str(source)])))
    write_atomically(files, tmp_path / "out")
    assert outputs_differ(files, tmp_path / "out") == []
    source.write_text(source.read_text(encoding="utf-8").replace("does not", "no longer"), encoding="utf-8")
    stale = outputs_differ(render_all(run(adhoc_specs("demo", [str(source)]))), tmp_path / "out")
    assert "catalog.json (changed)" in stale and "catalog.csv (changed)" in stale


# ------------------------------------------------------------------------------------------- the CLI wiring

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_pre_commit_hooks_run_the_two_gates_on_raw_sources_without_file_names():
    assert [h["id"] for h in HOOKS] == ["extract-build-check", "extract-check"]
    assert [h["entry"] for h in HOOKS] == ["extract build --check", "extract check"]
    for hook in HOOKS:
        assert (hook["language"], hook["pass_filenames"], hook["files"]) == ("python", False, "^raw_sources/")
        assert hook["name"] and re.match(hook["files"], "raw_sources/sources.toml")
        assert not re.match(hook["files"], "normalized/catalog.json")


def test_the_console_script_the_hooks_call_is_the_cli():
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert {shlex.split(h["entry"])[0] for h in HOOKS} == {"extract"} and scripts["extract"] == "extract.cli:main"


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_each_hook_entry_is_a_verb_and_flags_the_cli_accepts(hook):
    from extract.cli import parser

    args = parser().parse_args(shlex.split(hook["entry"])[1:])
    assert args.verb == shlex.split(hook["entry"])[1]


@pytest.fixture
def built(project, run_cli):
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    return project


def test_hooks_run_as_pre_commit_runs_them(built, run_cli):
    """Each entry from the project root with no file names: the build gate passes on a fresh build, and `check`
    fails while the seeds' errors are open."""
    results = {h["id"]: run_cli(shlex.split(h["entry"])[1:], cwd=built) for h in HOOKS}
    assert results["extract-build-check"][0] == 0, results["extract-build-check"][2]
    assert results["extract-check"][0] == 1
    assert "check failed: 5 open conflicts of severity error" in results["extract-check"][2]


def test_build_check_fails_after_a_source_edit_and_passes_after_a_build(built, run_cli):
    table = built / "raw_sources" / "backend-services-table.tsv"
    table.write_bytes(table.read_bytes().replace(b"General database error.", b"A general database error."))
    code, out, err = run_cli(["build", "--check"], cwd=built)
    assert code == 1 and "catalog.json (changed)" in err and "report.md (changed)" in err
    assert run_cli(["build"], cwd=built)[0] == 0
    assert run_cli(["build", "--check"], cwd=built)[0] == 0


def test_check_formats_through_the_cli(built, run_cli):
    code, out, err = run_cli(["check"], cwd=built)
    code_json, out_json, _ = run_cli(["check", "--format", "json", "--severity-threshold", "warning"], cwd=built)
    code_gh, out_gh, _ = run_cli(["check", "--format", "github"], cwd=built)
    assert code == code_json == code_gh == 1
    assert len(out.splitlines()) == len(out_gh.splitlines()) == 5
    assert all(ln.startswith("::error file=raw_sources/") for ln in out_gh.splitlines())
    items = json.loads(out_json)  # stdout is JSON alone: the verdict went to stderr
    assert {i["severity"] for i in items} == {"error", "warning"}


def _readme_ci_commands() -> list[list[str]]:
    """The `extract` commands of the README's GitHub Actions snippet (a ```yaml block running build --check)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in readme.split("```yaml")[1:] if "build --check" in b.split("```")[0]]
    if not blocks:
        return []
    commands = []
    for step in yaml.safe_load(blocks[0].split("```")[0])["jobs"]["gates"]["steps"]:
        for line in str(step.get("run", "")).splitlines():
            words = shlex.split(line.split("|")[0].split(">")[0])
            if "extract" in words and words[0] != "pip" and "install" not in words:
                commands.append(words[words.index("extract") + 1:])
    return commands


def test_readme_ci_snippet_runs_in_a_project_with_origin_main(built, run_cli):
    commands = _readme_ci_commands()
    assert [c[:2] for c in commands] == [["build", "--check"], ["check", "--format"], ["diff", "--fail-on"]]
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": os.devnull}
    for git in (["init", "-q"], ["add", "raw_sources", "normalized"], ["commit", "-q", "-m", "catalog"],
                ["update-ref", "refs/remotes/origin/main", "HEAD"]):
        subprocess.run(["git", *git], cwd=built, env=env, check=True, capture_output=True)
    results = [run_cli(c, cwd=built) for c in commands]
    assert [r[0] for r in results] == [0, 1, 0], [r[2] for r in results]  # the seeds' 5 open errors fail check
    assert results[1][1].startswith("::error file=raw_sources/")
    assert results[2][1].startswith("## Catalog diff: 0 breaking")
