"""Writing what a target generated: one file replaced whole, or a folder swapped whole.

A generated file is written beside its target under a temporary name and renamed over it, so a reader never
sees half of it. A generated folder (problem types) is staged beside the old one and swapped in: files this
generator did not write (a README someone keeps there) stay; files it wrote last time for entries that are gone
(named in the old `index.json`) do not.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import InputError


def write_file(path: Path, text: str) -> None:
    shown = str(path)
    if path.is_dir():
        raise InputError(shown, "is a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(shown, f"cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(shown, f"cannot write: {exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def previously_written(out: Path, index: str) -> set[str]:
    """The files the last run wrote, as its index lists them (nothing when there is no index of ours)."""
    try:
        data = json.loads((out / index).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) and "x-generated" in data else None
    if not isinstance(files, list):
        return set()
    return {f for f in files if isinstance(f, str) and f and "/" not in f and "\\" not in f and f not in (".", "..")}


def write_folder(files: dict[str, str], out: Path, index: str) -> None:
    shown = str(out)
    if out.exists() and not out.is_dir():
        raise InputError(shown, "exists and is not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise InputError(shown, f"cannot write the folder: {exc.strerror}") from None
    try:
        for name, text in files.items():
            with open(stage / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        os.chmod(stage, 0o755)
        if out.exists():
            ours = previously_written(out, index)
            for p in out.iterdir():
                if p.name not in files and p.name not in ours:
                    (shutil.copytree if p.is_dir() and not p.is_symlink() else shutil.copy2)(
                        p, stage / p.name, **({"symlinks": True} if p.is_dir() and not p.is_symlink() else
                                              {"follow_symlinks": False}))
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / out.name)  # `out` is absent for the instant between the renames, never half-written
            os.rename(stage, out)
            shutil.rmtree(old)
        else:
            os.rename(stage, out)
    except OSError as exc:
        raise InputError(shown, f"cannot write the folder: {exc.strerror}") from None
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
