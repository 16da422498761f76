"""`extract.writes`: the output folder swapped so that it always holds the complete old or the complete new set,
leftovers of killed writes removed by the next one, an exclusive lock against a second writer, only the build's
own files written into `--out`, and one-line errors for a read-only folder or a full disk.

A kill is simulated by running the write in a subprocess whose file-system calls (every rename, replace, link,
unlink, write, fsync, mkdir, rmdir and the exchange) count, and which dies (`os._exit`) at call N, for every N."""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO, run_cli

OLD = {"catalog.csv": "old csv\n", "catalog.json": '{"old": true}\n', "report.md": "# old\n"}
NEW = {"catalog.csv": "new csv\n", "catalog.json": '{"new": true}\n', "report.md": "# new\n" * 1000}
NEWER = {name: text.replace("new", "newer") for name, text in NEW.items()}

KILLER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from extract import writes

    n, calls = int(sys.argv[2]), [0]
    def counted(fn):
        def call(*args, **kwargs):
            calls[0] += 1
            if calls[0] == n:
                os._exit(9)
            return fn(*args, **kwargs)
        return call
    for name in ("rename", "replace", "link", "unlink", "rmdir", "mkdir", "write", "fsync"):
        setattr(os, name, counted(getattr(os, name)))
    writes._exchange = counted(writes._exchange)
    if sys.argv[3] == "no-exchange":
        writes.exchange_call = lambda: None
    writes.write_atomically(eval(sys.argv[4]), Path(sys.argv[1]))
""")


def killed_write(out: Path, n: int, files: dict, mode: str = "exchange") -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", KILLER, str(out), str(n), mode, repr(files)], env=env,
                          timeout=60).returncode


def write(files: dict, out: Path) -> None:
    from extract.writes import write_atomically

    write_atomically(files, out)


def ours(out: Path, names) -> dict:
    return {name: (out / name).read_text(encoding="utf-8") for name in names if (out / name).exists()}


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")) + sorted(
        p.name for p in out.iterdir() if p.name.startswith(f".{out.name}"))


def user_files(out: Path) -> None:
    """What a user keeps in the output folder: a file, a dot-file and a link that points outside it."""
    (out / "README.txt").write_text("mine\n", encoding="utf-8")
    (out / ".gitkeep").write_text("", encoding="utf-8")
    os.symlink("../../outside.txt", out / "link")


def assert_user_files_intact(out: Path, inode: int) -> None:
    assert (out / "README.txt").read_text(encoding="utf-8") == "mine\n"
    assert (out / ".gitkeep").exists() and os.readlink(out / "link") == "../../outside.txt"
    assert os.stat(out / "README.txt").st_ino == inode  # the same file: never copied


@pytest.mark.parametrize("mode", ["exchange", "no-exchange"])
def test_a_write_killed_at_any_step_leaves_the_old_or_the_new_set_and_the_next_removes_leftovers(tmp_path, mode):
    from extract.writes import exchange_call

    if mode == "exchange" and exchange_call() is None:
        pytest.skip("no atomic exchange on this system")
    kills, n = 0, 0
    while True:
        n += 1
        case = tmp_path / f"kill-{n}"
        out = case / "work" / "normalized"
        out.parent.mkdir(parents=True)
        write(OLD, out)
        user_files(out)
        inode = os.stat(out / "README.txt").st_ino
        code = killed_write(out, n, NEW, mode)
        if code == 0:
            break
        assert code == 9
        kills += 1
        assert out.is_dir(), f"no output folder after a kill at call {n}"
        found = ours(out, NEW)
        if mode == "exchange":
            assert found in (OLD, NEW), f"a mix of old and new after a kill at call {n}: {found}"
        else:  # file by file: each file whole, old or new
            assert set(found) == set(NEW) and all(found[k] in (OLD[k], NEW[k]) for k in NEW), (n, found)
        assert_user_files_intact(out, inode)
        write(NEWER, out)  # the next build
        assert ours(out, NEWER) == NEWER, n
        assert leftovers(out) == [], (n, leftovers(out))
        assert_user_files_intact(out, inode)
        shutil.rmtree(case)
    assert kills >= 10 and ours(out, NEW) == NEW and leftovers(out) == []


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_build_killed_at_its_swap_leaves_normalized_whole(project, moment):
    """The real build, killed just before or just after the folder swap; the next build cleans up."""
    code, _, err = run_cli(["build", "--no-cache"], cwd=project)
    assert code == 0, err
    old = {p.name: p.read_bytes() for p in (project / "normalized").iterdir()}
    tsv = project / "raw_sources" / "backend-services-table.tsv"
    text = tsv.read_text(encoding="utf-8")
    assert "\n610\t\t" in text
    tsv.write_text(text.replace("\n610\t\t", "\n610\t415\t", 1), encoding="utf-8")  # a source edited
    script = textwrap.dedent(f"""
        import os, sys
        from extract import writes
        exchange = writes._exchange
        def dying(a, b):
            if {moment!r} == "before":
                os._exit(9)
            exchange(a, b)
            os._exit(9)
        writes._exchange = dying
        from extract.cli import main
        sys.exit(main(["build", "--no-cache"]))
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", script], cwd=project, env=env, capture_output=True, timeout=120)
    assert proc.returncode == 9, proc.stderr
    after = {p.name: p.read_bytes() for p in (project / "normalized").iterdir()}
    assert set(after) == set(old)
    assert (after == old) == (moment == "before")  # the complete old set, or the complete new one
    assert any(p.name.startswith(".normalized.") for p in project.iterdir())  # the killed write's leftover
    code, _, err = run_cli(["build", "--no-cache"], cwd=project)
    assert code == 0, err
    assert not any(p.name.startswith(".normalized") for p in project.iterdir())
    rebuilt = {p.name: p.read_bytes() for p in (project / "normalized").iterdir()}
    assert rebuilt != old and (moment == "before" or rebuilt == after)


def test_the_folder_is_swapped_whole_and_keeps_its_mode(tmp_path):
    from extract.writes import exchange_call

    out = tmp_path / "out"
    write(OLD, out)
    os.chmod(out, 0o750)
    before = os.stat(out).st_ino
    write(NEW, out)
    assert ours(out, NEW) == NEW and os.stat(out).st_mode & 0o777 == 0o750
    if exchange_call() is not None:
        assert os.stat(out).st_ino != before  # a new folder took the old one's place
    assert leftovers(out) == []


def test_only_the_builds_own_files_are_written_and_nothing_of_the_users_is_copied_or_followed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "deep.txt").write_text("deep\n", encoding="utf-8")
    os.symlink(outside, out / "catalog.csv")  # a link where the build writes a file: the link is replaced
    os.symlink(tmp_path, out / "loop")  # a link to a folder holding `out` itself: never followed
    (out / "big.bin").write_bytes(b"x" * 100_000)
    inode = os.stat(out / "big.bin").st_ino
    write(NEW, out)
    assert ours(out, NEW) == NEW and not (out / "catalog.csv").is_symlink()
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert (out / "sub" / "deep.txt").read_text(encoding="utf-8") == "deep\n"
    assert os.readlink(out / "loop") == str(tmp_path) and os.stat(out / "big.bin").st_ino == inode
    assert sorted(p.name for p in out.iterdir()) == sorted([*NEW, "sub", "loop", "big.bin"])
    assert leftovers(out) == []


def test_out_that_is_a_symlink_or_holds_a_folder_of_an_output_name_is_refused(tmp_path):
    from extract.errors import InputError

    real = tmp_path / "real"
    write(OLD, real)
    link = tmp_path / "link"
    os.symlink(real, link)
    with pytest.raises(InputError, match="is a symbolic link") as info:
        write(NEW, link)
    assert "\n" not in str(info.value) and ours(real, OLD) == OLD and link.is_symlink()
    (real / "catalog.csv").unlink()
    (real / "catalog.csv").mkdir()
    with pytest.raises(InputError, match="is a folder"):
        write(NEW, real)
    assert (real / "catalog.csv").is_dir() and (real / "report.md").read_text(encoding="utf-8") == OLD["report.md"]
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder"):
        write(NEW, afile)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "link", "real"]


def _refused_under(root: Path, code: int, *names: str):
    """os functions that fail with `code` for paths under `root` (root ignores chmod, so permissions are
    simulated), as a read-only file system or a full disk does."""
    real = {name: getattr(os, name) for name in names}

    def failing(name):
        def call(first, *args, **kwargs):
            target = os.readlink(f"/proc/self/fd/{first}") if isinstance(first, int) else os.fspath(first)
            creating = name != "open" or args[0] & os.O_CREAT
            if creating and str(target).startswith(str(root)):
                raise OSError(code, os.strerror(code), str(target))
            return real[name](first, *args, **kwargs)
        return call

    return {name: failing(name) for name in names}


@pytest.mark.parametrize("case", ["read-only parent", "full disk"])
def test_a_read_only_parent_or_a_full_disk_leaves_the_old_folder_and_gives_one_line(tmp_path, monkeypatch, run_cli,
                                                                                      case):
    from extract.errors import InputError

    out = tmp_path / "out"
    write(OLD, out)
    user_files(out)
    if case == "read-only parent":
        patched, reason = _refused_under(tmp_path, errno.EROFS, "open", "mkdir"), "Read-only file system"
    else:
        patched, reason = _refused_under(tmp_path, errno.ENOSPC, "write"), "No space left on device"
    for name, fn in patched.items():
        monkeypatch.setattr(os, name, fn)
    with pytest.raises(InputError) as info:
        write(NEW, out)
    monkeypatch.undo()
    assert str(info.value).startswith(f"{out}: cannot write") and reason in str(info.value)
    assert "\n" not in str(info.value)
    assert ours(out, OLD) == OLD and leftovers(out) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_really_read_only_parent_gives_one_line(tmp_path):
    from extract.errors import InputError

    out = tmp_path / "ro" / "out"
    write(OLD, out)
    os.chmod(out.parent, 0o555)
    try:
        with pytest.raises(InputError, match="cannot write"):
            write(NEW, out)
    finally:
        os.chmod(out.parent, 0o755)
    assert ours(out, OLD) == OLD and leftovers(out) == []


def test_a_second_writer_waits_for_the_first(tmp_path):
    """While one write holds the lock (here, the test), another waits and then writes its complete set."""
    from extract.writes import exclusive_lock

    out = tmp_path / "out"
    write(OLD, out)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    script = ("import sys; from pathlib import Path; from extract.writes import write_atomically; "
              "write_atomically(eval(sys.argv[2]), Path(sys.argv[1]))")
    with exclusive_lock(out, str(out)):
        proc = subprocess.Popen([sys.executable, "-c", script, str(out), repr(NEW)], env=env)
        waiting_on(proc, tmp_path / ".out.lock")
        assert proc.poll() is None and ours(out, OLD) == OLD  # it waits, and has touched nothing
    assert proc.wait(timeout=60) == 0
    assert ours(out, NEW) == NEW and leftovers(out) == []


def waiting_on(proc, lock: Path) -> None:
    """Until the process holds the lock file open (it then waits in flock), or has ended."""
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            fds = [os.readlink(f"/proc/{proc.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{proc.pid}/fd")]
        except OSError:
            fds = []
        if str(lock) in fds:
            return
        time.sleep(0.05)


def test_leftovers_of_the_older_swap_are_recovered_and_a_users_look_alikes_kept(tmp_path):
    """The rename-aside swap of earlier versions, killed between its renames, left no `out` and the old set in
    `.out.old-XXXXXXXX/out`: the next write puts it back first (then replaces it); folders that merely look
    like ours are left alone."""
    out = tmp_path / "out"
    aside = tmp_path / ".out.old-ab12cd34"
    write(OLD, aside / "out")
    (aside / "out" / "README.txt").write_text("mine\n", encoding="utf-8")
    (tmp_path / ".out.new-zz99yy88").mkdir()
    (tmp_path / ".out.new-mine").mkdir()
    write(NEW, out)
    assert ours(out, NEW) == NEW and (out / "README.txt").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.new-mine", "out"]


def test_a_file_replaced_whole_keeps_its_mode_and_leaves_no_temporary_file(tmp_path):
    from extract.writes import replace_file

    path = tmp_path / "resolutions.toml"
    path.write_text("old\n", encoding="utf-8")
    os.chmod(path, 0o604)
    replace_file(path, "new ☃\n")
    assert path.read_text(encoding="utf-8") == "new ☃\n" and os.stat(path).st_mode & 0o777 == 0o604
    assert sorted(p.name for p in tmp_path.iterdir()) == ["resolutions.toml"]
