"""Writes that never lose: one file replaced whole, a folder of outputs swapped whole, each under an exclusive lock.

A kill at any instant, a full disk, a read-only folder or a second process writing the same target leaves the
old file or folder as it was (or the complete new one), never a mix, and never a target that is missing.
Whatever a killed or failed write left behind (a temporary file, a staging folder, a lock file) is removed by
the next write to the same target, under its lock, so it can only belong to a writer that is gone.
"""
from __future__ import annotations

import errno
import functools
import os
import shutil
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # no flock (Windows): writes stay atomic, only concurrent writers are not serialised
    fcntl = None

from .errors import InputError

TEMP_SUFFIX_LENGTH = 8  # the random part of a `tempfile` name: how a leftover of ours is told from a user's file
TEMP_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


@contextmanager
def exclusive_lock(target: Path, shown: str):
    """Hold an exclusive `flock` on `.NAME.lock` beside `target` while writing it.

    A second writer waits until the first is done rather than failing: the lock covers only the write itself
    (never the parsing), so the wait is short, and the kernel releases the lock of a writer that dies. The lock
    file is removed while still held; a waiter that then gets a lock on the removed file sees that the path no
    longer names it and locks afresh, so two writers can never both hold "the" lock."""
    path = _lock_path(target)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666 & ~_umask())
        except OSError as exc:
            raise InputError(shown, f"cannot write: {exc.strerror} (creating its lock file {path.name})") from None
        try:
            if fcntl is None:
                break
            fcntl.flock(fd, fcntl.LOCK_EX)
            held = os.fstat(fd)
            try:
                now = os.stat(path, follow_symlinks=False)
            except FileNotFoundError:
                now = None
            if now is not None and (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder before us removed the file we waited on: lock the new one
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable: a crash after it must not bring back the old entry."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (OSError, AttributeError):
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)


class Parts(list):
    """A file's text as the parts it is made of, in order, written and compared part by part and never joined:
    a catalog of a hundred thousand entries is over a hundred megabytes, which one string, then its UTF-8 bytes,
    would hold twice more at the build's peak."""

    def text(self) -> str:
        return "".join(self)

    def encoded(self, size: int = 1 << 20):
        """UTF-8 bytes in blocks of about `size` characters."""
        block: list[str] = []
        held = 0
        for part in self:
            block.append(part)
            held += len(part)
            if held >= size:
                yield "".join(block).encode("utf-8")
                block, held = [], 0
        if block:
            yield "".join(block).encode("utf-8")


def encoded(content: "str | Parts"):
    """A file's content (a string or `Parts`) as blocks of UTF-8 bytes."""
    return content.encoded() if isinstance(content, Parts) else iter((content.encode("utf-8"),))


def same_bytes(path: Path, content: "str | Parts") -> bool:
    """Whether the file holds exactly `content` (read block by block; OSError when it cannot be read)."""
    with open(path, "rb") as fh:
        for block in encoded(content):
            if fh.read(len(block)) != block:
                return False
        return fh.read(1) == b""


def _write_new_file(path: Path, content: "str | Parts", mode: int = 0o666) -> None:
    """Create `path` (never following or reusing anything already there) and flush it to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    try:
        for block in encoded(content):
            _write_all(fd, block)
        os.fsync(fd)
    finally:
        os.close(fd)


def _is_leftover(name: str, prefix: str, suffix: str = "") -> bool:
    if not (name.startswith(prefix) and name.endswith(suffix)):
        return False
    middle = name[len(prefix):len(name) - len(suffix)]
    return len(middle) == TEMP_SUFFIX_LENGTH and set(middle) <= TEMP_LETTERS


# ---------------------------------------------------------------------------------------------- one file


def replace_file(path: Path, text: str, shown: str | None = None) -> None:
    """Replace one file whole with `text` (UTF-8): a temporary file with a unique name beside it (two writers
    never share one), flushed to disk, then renamed over it. On any failure the temporary file is removed and
    the old file stays as it was. Call it under `exclusive_lock(path)` when others may write the same file."""
    shown = shown or str(path)
    data = text.encode("utf-8")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise InputError(shown, f"cannot write: {exc.strerror}") from None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(shown, f"cannot write: {exc.strerror}") from None
    try:
        try:
            _write_all(fd, data)
            os.fchmod(fd, mode)  # mkstemp creates 0600; the file keeps the mode it had
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(shown, f"cannot write: {exc.strerror or exc}") from None
        raise
    _fsync_dir(path.parent)


def remove_leftover_temps(path: Path) -> None:
    """Temporary files of `replace_file(path)` left by a writer that was killed (call it under the lock)."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if _is_leftover(name, f".{path.name}.", ".tmp"):
            try:
                os.unlink(path.parent / name)
            except OSError:
                pass


# ---------------------------------------------------------------------------------------------- a folder
#
# How the folder is swapped, and why. All the new files are first written and flushed in a staging folder
# beside `out` (`.NAME.new-XXXXXXXX`). Then, on Linux (renameat2 RENAME_EXCHANGE) and macOS (renamex_np
# RENAME_SWAP), the staging folder and `out` trade places in one system call: at every instant `out` names a
# complete folder, old or new, and a kill leaves only the staging folder (holding the old set) for the next
# build to remove. The alternatives lose something: renaming the old folder aside and the new one in leaves no
# `out` between the two renames; replacing files one by one leaves a mix of old and new files when killed; a
# symlink flip would make `normalized/` a link, which git would commit as one.
#
# Files in `out` that the build does not write (a README, a .gitkeep) stay exactly as they are: each is
# hard-linked into the staging folder, so the swapped-in folder holds the same file (same inode; nothing is
# copied, nothing followed: a symlink is linked as the link itself). A sub-folder cannot be hard-linked, so a
# folder holding one (or on a file system without the exchange call or hard links) gets the build's files
# replaced one by one, each whole (os.replace of a flushed file), the other contents untouched.


def _exchange_call():
    """`exchange(a, b)`: swap two paths atomically, or None where the system has no such call."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        call, flags = libc.renameat2, 2  # RENAME_EXCHANGE
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]

        def run(a: bytes, b: bytes) -> int:
            return call(-100, a, -100, b, flags)  # AT_FDCWD
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        call, flags = libc.renamex_np, 2  # RENAME_SWAP
        call.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]

        def run(a: bytes, b: bytes) -> int:
            return call(a, b, flags)
    else:
        return None

    def exchange(a: Path, b: Path) -> None:
        if run(os.fsencode(a), os.fsencode(b)) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), str(a), None, str(b))

    return exchange


UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


@functools.cache
def exchange_call():
    return _exchange_call()  # looked up once, on the first folder write (ctypes is not imported by other verbs)


def _exchange(a: Path, b: Path) -> bool:
    """Swap `a` and `b` in one step; False (nothing changed) where the system or file system cannot."""
    call = exchange_call()
    if call is None:
        return False
    try:
        call(a, b)
    except OSError as exc:
        if exc.errno in UNSUPPORTED:
            return False
        raise
    return True


def write_atomically(files: dict[str, str], out: Path) -> None:
    """Write `files` (name → text) into the folder `out` so that `out` always holds the complete old or the
    complete new set (see above), under an exclusive lock; other contents of `out` are left alone."""
    shown = str(out)
    out = Path(os.path.abspath(out))  # not resolve(): `out` itself must not be followed if it is a link
    if any(not name or "/" in name or name in (".", "..") for name in files):
        raise ValueError(f"output names must be plain file names: {sorted(files)}")
    if out.is_symlink():
        # Swapping would replace the link by a folder and writing through it would write where nobody said:
        # the user names the real folder instead.
        raise InputError(shown, "is a symbolic link; give the folder it points to as --out")
    if out.exists() and not out.is_dir():
        raise InputError(shown, "exists and is not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(shown, f"cannot write the output folder: {exc.strerror}") from None
    with exclusive_lock(out, shown):
        try:
            _recover(out, files)
            if _holds(out, files):  # the same bytes: the folder is left be (a rebuild with nothing changed)
                return
            if not out.exists():
                stage = _staged(files, out, [], 0o777 & ~_umask())
                os.rename(stage, out)
            else:
                _replace_folder(files, out, shown)
            _fsync_dir(out.parent)
        except OSError as exc:
            raise InputError(shown, f"cannot write the output folder: {exc.strerror or exc}") from None


def _holds(out: Path, files: dict[str, str]) -> bool:
    try:
        return all(same_bytes(out / name, content) for name, content in files.items())
    except OSError:
        return False


def _replace_folder(files: dict[str, str], out: Path, shown: str) -> None:
    entries = list(os.scandir(out))
    for entry in entries:
        if entry.name in files and entry.is_dir(follow_symlinks=False):
            raise InputError(f"{shown}/{entry.name}", "is a folder; the build writes a file of that name")
    others = [e.name for e in entries if e.name not in files]
    if exchange_call() is not None and not any(e.is_dir(follow_symlinks=False) for e in entries if e.name in others):
        try:
            stage = _staged(files, out, others, stat.S_IMODE(os.stat(out).st_mode))
        except _CannotLink:
            pass
        else:
            if _exchange(stage, out):
                _restore_others(stage, out, files)  # what appeared in the old folder while the new one was staged
                shutil.rmtree(stage)
                return
            _replace_one_by_one(files, out, stage)
            return
    _replace_one_by_one(files, out, _staged(files, out, [], 0o700))


class _CannotLink(Exception):
    pass


def _staged(files: dict[str, str], out: Path, others: list[str], mode: int) -> Path:
    """A staging folder beside `out` holding every new file, flushed, and a hard link to each of `others`."""
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for name, text in files.items():
            _write_new_file(stage / name, text)
        for name in others:
            try:
                os.link(out / name, stage / name, follow_symlinks=False)
            except FileNotFoundError:
                continue  # removed meanwhile: nothing to keep
            except OSError:
                raise _CannotLink() from None
        os.chmod(stage, mode)
        _fsync_dir(stage)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return stage


def _replace_one_by_one(files: dict[str, str], out: Path, stage: Path) -> None:
    """Each of the build's files replaced whole by a rename; nothing else in `out` is touched."""
    try:
        for name in files:
            os.replace(stage / name, out / name)  # replaces a symlink itself, never its target
        _fsync_dir(out)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _restore_others(old: Path, out: Path, files: dict[str, str]) -> None:
    """Move back into `out` what is not the build's own and is missing there (nothing is lost to the swap)."""
    for name in os.listdir(old):
        if name not in files and not os.path.lexists(out / name):
            os.rename(old / name, out / name)


def _recover(out: Path, files: dict[str, str]) -> None:
    """Remove the staging folders of writes that were killed or failed (we hold the lock, so their writers are
    gone), first moving back anything of the user's they hold that `out` lacks. A folder left by the older
    rename-aside swap (`.NAME.old-*/NAME`) when `out` is missing is the complete old set: it is put back."""
    for name in sorted(os.listdir(out.parent)):
        path = out.parent / name
        staged = _is_leftover(name, f".{out.name}.new-")
        if not (staged or _is_leftover(name, f".{out.name}.old-")):
            continue
        if not stat.S_ISDIR(os.lstat(path).st_mode):
            continue
        if not staged and not os.path.lexists(out) and (path / out.name).is_dir():
            os.rename(path / out.name, out)
        if staged and out.is_dir():
            _restore_others(path, out, files)
        shutil.rmtree(path)
