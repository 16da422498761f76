"""Reviewer decisions (`resolve ID --accept SOURCE | --value V | --acknowledge`), as a user records them, and the
`check` gate; decisions checked by type and range when read (hand edits included), errors naming their line, and
the file written safely (comments kept, a lock, unique temporary files). CLI tests work in their own copy of
raw_sources/ (the `project` fixture); the others call `extract.resolutions` on a few conflicts made here."""
from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path

import pytest

PDF = "backend-services-pdf-dump"
TABLE = "backend-services-table"


def load(root: Path) -> tuple[dict, dict]:
    conflicts = json.loads((root / "normalized" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    doc = json.loads((root / "normalized" / "catalog.json").read_text(encoding="utf-8"))
    return {c["id"]: c for c in conflicts}, {(e["catalog"], e["code"], e["variant"]): e for e in doc["entries"]}


def cid(conflicts: dict, kind: str, code: str, field: str | None = None, catalog="backend-services") -> str:
    found = [c["id"] for c in conflicts.values() if c["kind"] == kind and c["code"] == code
             and c["catalog"] == catalog and (field is None or c["field"] == field)]
    assert len(found) == 1, (kind, code, field)
    return found[0]


@pytest.fixture
def built(project, run_cli):
    code, _, err = run_cli(["build"], cwd=project)
    assert code == 0, err
    return project


def resolve(run_cli, root, *args) -> str:
    code, out, err = run_cli(["resolve", *args], cwd=root)
    assert code == 0, err
    return out


def one_error(err: str) -> str:
    """The one `error:` line of stderr (notes and warnings may stand beside it)."""
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    return lines[0]


def rebuild(run_cli, root) -> str:
    code, _, err = run_cli(["build"], cwd=root)
    assert code == 0, err
    return err


def test_accept_takes_the_sources_value_into_the_catalog(built, run_cli):
    conflicts, _ = load(built)
    mismatch = cid(conflicts, "value_mismatch", "902", "message")
    out = resolve(run_cli, built, mismatch, "--accept", PDF, "--note", "what the server really sends")
    assert out.splitlines()[0] == f"recorded in raw_sources/resolutions.toml: {mismatch} → accept {PDF}"
    saved = tomllib.loads((built / "raw_sources" / "resolutions.toml").read_text(encoding="utf-8"))[mismatch]
    assert saved["decision"] == "accept" and saved["source"] == PDF and saved["note"] == "what the server really sends"
    assert "warning" not in rebuild(run_cli, built)
    conflicts, entries = load(built)
    assert conflicts[mismatch]["resolution"] == {"status": "manual", "value": "Server timed Out", "rule": "accept",
                                                 "note": "what the server really sends"}
    entry = entries[("backend-services", "902", 1)]
    assert entry["message"] == "Server timed Out"
    # the accepted value keeps its own provenance: the PDF's line, not the decision file
    assert (entry["provenance"]["message"]["source"], entry["provenance"]["message"]["location"]) == (
        PDF, "raw_sources/backend-services-pdf-dump.txt:143")
    rows = list(csv.DictReader(io.StringIO((built / "normalized" / "catalog.csv").read_text(encoding="utf-8"))))
    assert next(r for r in rows if r["code"] == "902")["message"] == "Server timed Out"


def test_value_gives_a_typed_value(built, run_cli):
    conflicts, _ = load(built)
    missing = cid(conflicts, "missing_value", "617", "http_status")
    ops = cid(conflicts, "value_mismatch", "107", "operations")
    resolve(run_cli, built, missing, "--value", "508", "--note", "loop detected")
    resolve(run_cli, built, ops, "--value", "Create, Create User")
    rebuild(run_cli, built)
    conflicts, entries = load(built)
    assert conflicts[missing]["resolution"]["status"] == "manual"
    assert conflicts[missing]["resolution"]["value"] == 508
    assert entries[("backend-services", "617", 1)]["http_status"] == 508
    assert entries[("backend-services", "107", 2)]["operations"] == ["Create", "Create User"]
    assert entries[("backend-services", "107", 1)]["operations"] == ["All"]  # the other variants are untouched


def test_acknowledge_keeps_the_catalog_as_it_is(built, run_cli):
    conflicts, entries_before = load(built)
    dup = cid(conflicts, "duplicate_code", "107")
    ops = cid(conflicts, "value_mismatch", "611", "operations")
    resolve(run_cli, built, dup, "--acknowledge", "--note", "three entries on purpose")
    resolve(run_cli, built, ops, "--acknowledge")
    rebuild(run_cli, built)
    conflicts, entries = load(built)
    assert conflicts[dup]["resolution"] == {"status": "manual", "value": None, "rule": "acknowledge",
                                            "note": "three entries on purpose"}
    assert conflicts[ops]["resolution"]["status"] == "manual"
    assert entries == entries_before


def test_decision_for_an_unknown_id_warns(built, run_cli):
    path = built / "raw_sources" / "resolutions.toml"
    path.write_text('["value_mismatch:backend-services:999:0000000000"]\ndecision = "acknowledge"\n',
                    encoding="utf-8")
    err = rebuild(run_cli, built)
    assert ("warning: raw_sources/resolutions.toml: decision for value_mismatch:backend-services:999:0000000000 "
            "matches no conflict any more") in err
    conflicts, _ = load(built)
    assert all(c["resolution"]["status"] != "manual" for c in conflicts.values())


def test_resolve_refuses_an_unknown_id_and_a_source_without_a_value(built, run_cli):
    code, _, err = run_cli(["resolve", "no-such-id", "--acknowledge"], cwd=built)
    assert code == 2 and "no conflict with id 'no-such-id'" in err
    conflicts, _ = load(built)
    lacks = cid(conflicts, "missing_in_source", "219")
    code, _, err = run_cli(["resolve", lacks, "--accept", PDF], cwd=built)
    assert code == 2 and f"{PDF!r} gives no value" in err
    code, _, err = run_cli(["resolve", lacks, "--acknowledge", "--value", "x"], cwd=built)
    assert code == 2 and "exactly one of" in err
    assert not (built / "raw_sources" / "resolutions.toml").exists()


def test_a_malformed_decision_is_bad_input(built, run_cli):
    (built / "raw_sources" / "resolutions.toml").write_text('["x"]\ndecision = "maybe"\n', encoding="utf-8")
    code, _, err = run_cli(["check"], cwd=built)
    assert code == 2
    assert "resolutions.toml" in one_error(err) and "decision" in one_error(err)


def test_check_fails_while_an_error_is_open_and_passes_once_all_are_decided(built, run_cli):
    code, out, err = run_cli(["check"], cwd=built)
    assert code == 1
    conflicts, _ = load(built)
    errors = [c for c in conflicts.values() if c["severity"] == "error" and c["resolution"]["status"] == "open"]
    assert sorted((c["kind"], c["code"]) for c in errors) == [
        ("duplicate_code", "107"), ("missing_value", "107"), ("missing_value", "607"), ("missing_value", "617"),
        ("value_mismatch", "902")]
    assert out.splitlines() == [f"{c['id']}: {c['message']}" for c in errors]
    assert "check failed: 5 open conflicts of severity error" in err

    *rest, last = errors
    for c in rest:  # closing an error needs a note
        if c["kind"] == "value_mismatch":
            resolve(run_cli, built, c["id"], "--accept", TABLE, "--note", "the table is current")
        elif c["kind"] == "missing_value":
            resolve(run_cli, built, c["id"], "--value", "500", "--note", "what the service returns")
        else:
            resolve(run_cli, built, c["id"], "--acknowledge", "--note", "on purpose")
    code, out, _ = run_cli(["check"], cwd=built)
    assert code == 1 and out.strip() == f"{last['id']}: {last['message']}"
    resolve(run_cli, built, last["id"], "--accept", TABLE, "--note", "the table is current")
    code, out, _ = run_cli(["check"], cwd=built)
    assert code == 0 and "check passed" in out


def test_a_later_decision_replaces_the_earlier_one(built, run_cli):
    conflicts, _ = load(built)
    mismatch = cid(conflicts, "value_mismatch", "902", "message")
    resolve(run_cli, built, mismatch, "--accept", PDF, "--note", "first thoughts")
    resolve(run_cli, built, mismatch, "--accept", TABLE, "--note", "second thoughts")
    text = (built / "raw_sources" / "resolutions.toml").read_text(encoding="utf-8")
    assert text.count(f'["{mismatch}"]') == 1
    rebuild(run_cli, built)
    _, entries = load(built)
    assert entries[("backend-services", "902", 1)]["message"] == "The execution of the custom server code timed out."


# ---------------------------------------------------------------------------------------------- closing errors


def test_closing_an_error_needs_a_note_and_a_value_that_is_not_blank(built, run_cli):
    conflicts, _ = load(built)
    status = cid(conflicts, "missing_value", "617", "http_status")  # an error: no source gives a status
    blank = next(c for c in conflicts[status]["values"] if c["value"] is None)["source"]
    code, _, err = run_cli(["resolve", status, "--accept", blank, "--note", "blank is right"], cwd=built)
    assert code == 2 and one_error(err).startswith("error: --accept: ") and "blank value" in err
    code, _, err = run_cli(["resolve", status, "--value", "508"], cwd=built)
    assert code == 2 and one_error(err).startswith("error: --note: ") and status in err
    code, _, err = run_cli(["resolve", status, "--acknowledge", "--note", "  "], cwd=built)
    assert code == 2 and "--note" in err
    assert not (built / "raw_sources" / "resolutions.toml").exists()
    # a blank that is right is said so: acknowledged, with a note
    resolve(run_cli, built, status, "--acknowledge", "--note", "the service sends no status here")
    # a warning closes without a note
    ops = cid(conflicts, "value_mismatch", "611", "operations")
    assert conflicts[ops]["severity"] == "warning"
    resolve(run_cli, built, ops, "--acknowledge")


# ---------------------------------------------------------------------------------------------- notes as written


HOSTILE_NOTE = "ctl \x01\x07\x1b[31m red\x7f\x9b; quotes \" ' \"\"\" '''; back \\ \\n \\\\; lines\nsecond\r\nthird\ttab; é ☃ \u2028"


def test_a_note_with_control_characters_quotes_and_newlines_reads_back_unchanged(built, run_cli):
    conflicts, _ = load(built)
    mismatch = cid(conflicts, "value_mismatch", "902", "message")
    resolve(run_cli, built, mismatch, "--accept", PDF, "--note", HOSTILE_NOTE)
    saved = tomllib.loads((built / "raw_sources" / "resolutions.toml").read_text(encoding="utf-8"))[mismatch]
    assert saved["note"] == HOSTILE_NOTE
    assert "warning" not in rebuild(run_cli, built)  # every verb still reads the file
    conflicts, _ = load(built)
    assert conflicts[mismatch]["resolution"]["note"] == HOSTILE_NOTE
    code, _, err = run_cli(["check"], cwd=built)
    assert code == 1 and "error:" not in err


def test_record_decision_keeps_a_nul_and_every_control_character(tmp_path):
    from extract.resolutions import load_resolutions, record_decision

    note = "".join(map(chr, range(0, 0x20))) + "\x7f\x80\x9f \"'\\ end"
    build = fake_build(conflict("message", "error", ("a", "one"), ("b", "two")))
    path = tmp_path / "resolutions.toml"
    record_decision(build, path, build.conflicts[0].id, "accept", "b", note)
    assert load_resolutions(path)[build.conflicts[0].id]["note"] == note


# ---------------------------------------------------------------------------------------------- hand edits


def conflict(field, severity="warning", *values, kind=None, code="610"):
    from extract.model import Conflict

    kind = kind or ("missing_value" if field == "http_status" else "value_mismatch")
    c = Conflict(kind, "c", severity=severity, message="m", code=code, variant=1, field=field,
                 values=[{"source": s, "value": v, "location": f"x:{n}"} for n, (s, v) in enumerate(values, 1)])
    c.assign_id()
    return c


def fake_build(*conflicts):
    from types import SimpleNamespace

    return SimpleNamespace(conflicts=list(conflicts), catalogs={})


def applied(tmp_path, field, value_toml: str, prelude: str = ""):
    """Apply a hand-written `decision = "value"` for a conflict on `field`; the conflict, or the InputError."""
    from extract.errors import InputError
    from extract.resolutions import apply_resolutions

    c = conflict(field, "warning", ("a", None))
    path = tmp_path / "resolutions.toml"
    path.write_text(f'# by hand\n{prelude}\n["{c.id}"]\ndecision = "value"\nnote = "n"\nvalue = {value_toml}\n',
                    encoding="utf-8")
    try:
        apply_resolutions(fake_build(c), path)
    except InputError as exc:
        return exc
    return c


BAD_STATUSES = ["999", "99", '"not-a-status"', '"404"', "true", "{ a = 1 }", "1979-05-27T07:32:00Z", "1979-05-27",
                "404.0", "[404]", "nan", '""']


@pytest.mark.parametrize("value", BAD_STATUSES)
def test_a_hand_edited_http_status_is_checked_as_strictly_as_resolve_value(tmp_path, value):
    from extract.errors import InputError

    exc = applied(tmp_path, "http_status", value, prelude="# two lines\n# above")
    assert isinstance(exc, InputError), value
    message = str(exc)
    assert message.startswith(f"{tmp_path / 'resolutions.toml'}:7: ") and "\n" not in message
    assert "value" in message


def test_a_hand_edited_http_status_in_range_is_applied(tmp_path):
    c = applied(tmp_path, "http_status", "508")
    assert c.resolution.status == "manual" and c.resolution.value == 508


@pytest.mark.parametrize("field, good, bad", [
    ("code", ['"610"'], ["610", "[\"610\"]", "true"]),
    ("name", ['"ObjectNotFound"', '""'], ["1", '["a"]', "{ a = 1 }", '"a\\u0000b"']),
    ("message", ['"Server timed out."'], ["3", "false", '"line\\nbreak"']),
    ("description", ['"A long text, with ‘quotes’."'], ["1.5", '["a", "b"]', '"tab\\there"']),
    ("operations", ['["Create", "Update"]', "[]"], ['"Create"', "[1]", '["a", ""]', '["a", 2]', '["\\u001b[31m"]']),
    ("category", ['"Other issues"'], ["7", "2024-01-01"]),
])
def test_every_field_type_of_the_catalog_is_checked(tmp_path, field, good, bad):
    from extract.errors import InputError
    from extract.model import FIELDS

    assert field in FIELDS
    for value in good:
        assert not isinstance(applied(tmp_path, field, value), InputError), (field, value)
    for value in bad:
        exc = applied(tmp_path, field, value)
        assert isinstance(exc, InputError) and exc.line == 6, (field, value)


def test_every_catalog_field_has_a_type_check():
    from extract.model import FIELDS
    from extract.resolutions import field_value_problem

    for field in FIELDS:
        assert field_value_problem(True, field), field
        assert field_value_problem({"a": 1}, field), field


def test_a_value_for_a_conflict_on_no_field_is_refused(tmp_path):
    from extract.errors import InputError
    from extract.resolutions import record_decision

    c = conflict(None, "warning", ("a", "x"), kind="duplicate_code")
    with pytest.raises(InputError, match="no field"):
        record_decision(fake_build(c), tmp_path / "r.toml", c.id, "value", "x", "n")


def test_a_hand_edited_bad_status_fails_every_verb_with_its_line(built, run_cli):
    conflicts, _ = load(built)
    status = cid(conflicts, "missing_value", "617", "http_status")
    (built / "raw_sources" / "resolutions.toml").write_text(
        f'# by hand\n\n["{status}"]\ndecision = "value"\nvalue = 999\nnote = "x"\n', encoding="utf-8")
    before = (built / "normalized" / "catalog.csv").read_bytes()
    for verb in ("build", "check"):
        code, _, err = run_cli([verb], cwd=built)
        assert code == 2, err
        line = one_error(err)
        assert line.startswith("error: raw_sources/resolutions.toml:5: ") and "999" in line and "HTTP status" in line
    assert (built / "normalized" / "catalog.csv").read_bytes() == before


@pytest.mark.parametrize("text, line, words", [
    ('# c\n["a"]\ndecision = "accept"\nsource = "s"\nnote = \n', 5, "invalid TOML"),
    ('["a"]\ndecision = "accept"\nsource = "s"\n["a"]\ndecision = "value"\n', 4, "invalid TOML"),
    ('# c\n\n["a"]\ndecision = "maybe"\n', 4, "'decision' must be one of"),
    ('["a"]\ndecision = "accept"\n', 1, "needs 'source'"),
    ('["a"]\ndecision = "acknowledge"\nnots = "typo"\n', 3, "unknown key 'nots' (valid: decision, source, value"),
    ('["a"]\ndecision = "acknowledge"\nnote = 3\n', 3, "'note' must be a string"),
    ('["a"]\ndecision = "acknowledge"\nvalue = "x"\n', 3, "'value' belongs to decision 'value'"),
    ('["a"]\ndecision = "accept"\nsource = "s"\nvalues = "x"\n', 4, "'values' must be a list"),
    ('# c\n"a" = "accept"\n', 2, "must be a table"),
    ('# c\n"a" = { decision = "value", value = 1979-05-27 }\n', 2, "not a TOML date or time"),
    ('["a"]\ndecision = "value"\nvalue = true\n', 3, "not a boolean"),
])
def test_errors_in_the_file_name_their_line(tmp_path, text, line, words):
    from extract.errors import InputError
    from extract.resolutions import load_resolutions

    path = tmp_path / "resolutions.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_resolutions(path)
    assert info.value.line == line and words in str(info.value) and "\n" not in str(info.value)


def test_a_resolutions_file_that_is_no_regular_file_or_no_utf8_is_refused(tmp_path):
    import os

    from extract.errors import InputError
    from extract.resolutions import load_resolutions

    folder = tmp_path / "folder.toml"
    folder.mkdir()
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)  # reading it would block for ever
    for path, words in ((folder, "is a directory"), (fifo, "not a regular file")):
        with pytest.raises(InputError, match=words):
            load_resolutions(path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'["a"]\ndecision = "acknowledge"\nnote = "caf\xe9"\n')
    with pytest.raises(InputError, match="not UTF-8") as info:
        load_resolutions(latin)
    assert info.value.line == 3


# ---------------------------------------------------------------------------------------------- the file as written


def test_comments_and_layout_are_kept_and_a_decision_is_replaced_where_it_stands(tmp_path):
    from extract.resolutions import record_decision

    a = conflict("message", "warning", ("s1", "one"), ("s2", "two"), code="1")
    b = conflict("message", "warning", ("s1", "uno"), ("s2", "dos"), code="2")
    path = tmp_path / "resolutions.toml"
    hand = (f'# my own header\n\n# why we decided 1\n["{a.id}"]\ndecision = "accept"   # the old wording\n'
            f'source = "s1"\nnote = "first"\nvalues = ["one", "two"]\n\n# trailing remark\n')
    path.write_text(hand, encoding="utf-8")
    record_decision(fake_build(a, b), path, b.id, "accept", "s2", "new one")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(hand) and f'["{b.id}"]\ndecision = "accept"\nsource = "s2"\nnote = "new one"\n' in text
    record_decision(fake_build(a, b), path, a.id, "accept", "s2", "changed")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f'# my own header\n\n# why we decided 1\n["{a.id}"]\ndecision = "accept"')
    assert "# trailing remark" in text and text.count(f'["{a.id}"]') == 1
    saved = tomllib.loads(text)
    assert (saved[a.id]["source"], saved[a.id]["note"], saved[b.id]["note"]) == ("s2", "changed", "new one")
    record_decision(fake_build(a, b), path, a.id, "acknowledge", None, "")
    assert "source" not in tomllib.loads(path.read_text(encoding="utf-8"))[a.id]


def test_the_file_keeps_its_mode(tmp_path):
    import os

    from extract.resolutions import record_decision

    c = conflict("message", "warning", ("s1", "one"), ("s2", "two"))
    path = tmp_path / "resolutions.toml"
    path.write_text("# decisions\n", encoding="utf-8")
    os.chmod(path, 0o640)
    record_decision(fake_build(c), path, c.id, "accept", "s1", "")
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_a_full_disk_leaves_the_file_whole_and_no_temporary_file(tmp_path, monkeypatch):
    import errno
    import os

    from extract.errors import InputError
    from extract.resolutions import record_decision

    c = conflict("message", "warning", ("s1", "one"), ("s2", "two"))
    path = tmp_path / "resolutions.toml"
    path.write_text("# decisions\n", encoding="utf-8")
    real_write = os.write

    def full(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(InputError) as info:
        record_decision(fake_build(c), path, c.id, "accept", "s1", "")
    monkeypatch.undo()
    assert str(info.value) == f"{path}: cannot write: No space left on device"
    assert path.read_text(encoding="utf-8") == "# decisions\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resolutions.toml"]


def test_a_read_only_folder_gives_one_line_and_changes_nothing(tmp_path, monkeypatch):
    import errno
    import os

    from extract.errors import InputError
    from extract.resolutions import record_decision

    c = conflict("message", "warning", ("s1", "one"), ("s2", "two"))
    path = tmp_path / "resolutions.toml"
    path.write_text("# decisions\n", encoding="utf-8")
    real_open = os.open

    def read_only(file, flags, *args, **kwargs):  # what EROFS / a 0555 folder gives a writer (root ignores chmod)
        if flags & os.O_CREAT and str(file).startswith(str(tmp_path)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(InputError) as info:
        record_decision(fake_build(c), path, c.id, "accept", "s1", "")
    monkeypatch.undo()
    assert str(info.value).startswith(f"{path}: cannot write: Read-only file system")
    assert "\n" not in str(info.value)
    assert path.read_text(encoding="utf-8") == "# decisions\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resolutions.toml"]


def test_leftover_temporary_files_of_a_killed_resolve_are_removed(tmp_path):
    from extract.resolutions import record_decision

    c = conflict("message", "warning", ("s1", "one"), ("s2", "two"))
    path = tmp_path / "resolutions.toml"
    (tmp_path / ".resolutions.toml.k1ll3d_x.tmp").write_text("", encoding="utf-8")
    (tmp_path / ".resolutions.toml.lock").write_text("", encoding="utf-8")  # a killed writer's lock file
    (tmp_path / ".resolutions.toml.mine.tmp").write_text("not ours", encoding="utf-8")
    record_decision(fake_build(c), path, c.id, "accept", "s1", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".resolutions.toml.mine.tmp", "resolutions.toml"]


def test_two_resolve_runs_at_once_both_land(built, run_cli):
    """Both runs wait on the lock (held here) and then each reads, changes and writes the file in turn."""
    import os
    import subprocess
    import sys

    from conftest import REPO
    from extract.writes import exclusive_lock

    conflicts, _ = load(built)
    first = cid(conflicts, "value_mismatch", "902", "message")
    second = cid(conflicts, "missing_value", "617", "http_status")
    path = built / "raw_sources" / "resolutions.toml"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    runs = [[first, "--accept", PDF, "--note", "one"], [second, "--value", "508", "--note", "two"]]
    with exclusive_lock(path, str(path)):
        procs = [subprocess.Popen([sys.executable, "-m", "extract", "resolve", *args], cwd=built, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for args in runs]
        waiting_on_lock(procs, built / "raw_sources" / ".resolutions.toml.lock")
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    assert set(saved) == {first, second} and saved[second]["value"] == 508
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []


def waiting_on_lock(procs, lock: Path) -> None:
    """Until every process holds the lock file open (it then waits in flock), or has ended."""
    import os
    import time

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pending = []
        for proc in procs:
            if proc.poll() is not None:
                continue
            try:
                fds = [os.readlink(f"/proc/{proc.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{proc.pid}/fd")]
            except OSError:
                continue
            if str(lock) not in fds:
                pending.append(proc)
        if not pending:
            return
        time.sleep(0.05)
