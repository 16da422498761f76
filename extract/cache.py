"""What a build keeps between runs, in `.extract-cache/` beside `raw_sources/` (never committed):

- `parsed/KEY.pickle`: one source's parsed records, keyed by everything its parse depends on (the document's
  sha256, its id, path, catalog and layout, the toolkit's code, the settings, and for a layout that learns from
  the other sources of its catalog, their keys). A rebuild re-parses only the sources whose key changed.
- `build.pickle` and `build.json`: the last manifest build before the reviewer's decisions were applied, with
  the fingerprint it was made from (the manifest's and every source's sha256, the code, the settings), so
  `check`, `review`, `sources` and `resolve` read it instead of rebuilding, and say when it is out of date.

The pickles are the toolkit's own, written by this user into a folder .gitignore keeps out of version control;
a file another user could have written, or one that does not load, is ignored (the build re-parses), never trusted.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import stat
import tempfile
from dataclasses import asdict, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .documents import Document
from .manifest import SourceSpec
from .settings import Settings

if TYPE_CHECKING:
    from .pipeline import Build

FOLDER = ".extract-cache"
FORMAT = 1  # bumped when what is stored changes shape


@lru_cache(maxsize=1)
def code_version() -> str:
    """The digest of the toolkit's own source: any change of code invalidates every cached parse."""
    root = Path(__file__).parent
    digest = hashlib.sha256(str(FORMAT).encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def settings_digest(settings: Settings) -> str:
    return hashlib.sha256(json.dumps(asdict(settings), sort_keys=True, default=str).encode()).hexdigest()[:16]


def parse_key(doc: Document, spec: SourceSpec, layout: str, settings: Settings, hints: tuple[str, ...] = ()) -> str:
    parts = (FORMAT, code_version(), settings_digest(settings), doc.sha256, spec.id, doc.path, spec.catalog, layout,
             *hints)
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


def _trusted(path: Path) -> bool:
    """Our own file: owned by this user and writable by no one else (a pickle runs code when it loads)."""
    try:
        st = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_pickle(path: Path) -> Any:
    if not _trusted(path):
        return None
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # a truncated or foreign file is a cache miss, never an error
        return None


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a unique temporary name beside the file, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Cache:
    """The cache folder of one project; every method is a no-op where the folder cannot be written."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        # parsed now, written by `save_build` (a failed build writes nothing); pickled at once, as parsed, before
        # the reconciler sees the records
        self.pending: dict[str, bytes] = {}

    @classmethod
    def for_manifest(cls, manifest: Path) -> "Cache":
        return cls(manifest.resolve().parent.parent / FOLDER)

    # ---------------------------------------------------------------------------------- parsed sources
    def get_parsed(self, key: str):
        self.used.add(key)
        parsed = _read_pickle(self.folder / "parsed" / f"{key}.pickle")
        self.hits += parsed is not None
        return parsed

    def put_parsed(self, key: str, parsed) -> None:
        self.used.add(key)
        self.pending[key] = pickle.dumps(parsed, pickle.HIGHEST_PROTOCOL)

    # ---------------------------------------------------------------------------------- the saved build
    def save_build(self, build: "Build", fingerprint: dict) -> None:
        """The new parses, the build before decisions and its fingerprint; then parses no source uses any more
        are dropped, so the folder stays the size of the project. A read-only project builds without a cache."""
        light = replace(build, documents={sid: replace(doc, data=b"", text="", digest=doc.sha256)
                                          for sid, doc in build.documents.items()})
        try:
            for key, data in self.pending.items():
                _write(self.folder / "parsed" / f"{key}.pickle", data)
            _write(self.folder / "build.pickle", pickle.dumps(light, pickle.HIGHEST_PROTOCOL))
            _write(self.folder / "conflicts.pickle", pickle.dumps(build.conflicts, pickle.HIGHEST_PROTOCOL))
            _write(self.folder / "build.json", (json.dumps(fingerprint, indent=1, sort_keys=True) + "\n").encode())
        except OSError:
            return
        self.pending.clear()
        for path in (self.folder / "parsed").glob("*.pickle"):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)

    def fingerprint(self) -> dict | None:
        path = self.folder / "build.json"
        if not _trusted(path):
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def known_layouts(self, settings: Settings) -> dict[str, str]:
        """sha256 → layout, as the last build detected them (same code and settings): detection is skipped."""
        before = self.fingerprint() or {}
        if before.get("code") != code_version() or before.get("settings") != settings_digest(settings):
            return {}
        layouts = before.get("layouts", {})
        return layouts if isinstance(layouts, dict) else {}

    def load_build(self, conflicts_only: bool = False):
        return _read_pickle(self.folder / ("conflicts.pickle" if conflicts_only else "build.pickle"))

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def fingerprint(manifest: Path, specs: list[SourceSpec], settings: Settings) -> dict:
    """What a saved build was made from: the manifest's bytes, every source's bytes, the code and the settings."""
    sources = {}
    for spec in specs:
        try:
            sources[spec.id] = hashlib.sha256(spec.path.read_bytes()).hexdigest() if spec.path.is_file() else ""
        except OSError:
            sources[spec.id] = ""
    return {"format": FORMAT, "code": code_version(), "settings": settings_digest(settings),
            "manifest": hashlib.sha256(manifest.read_bytes()).hexdigest(), "sources": sources}


def what_changed(old: dict, new: dict) -> list[str]:
    """Why a saved build is out of date, in words (empty when it is current)."""
    if old.get("format") != new["format"] or old.get("code") != new["code"]:
        return ["the toolkit changed"]
    said = []
    if old.get("settings") != new["settings"]:
        said.append("the limits or settings changed")
    if old.get("manifest") != new["manifest"]:
        said.append("the manifest changed")
    before, now = old.get("sources", {}), new["sources"]
    for sid in sorted(set(before) | set(now)):
        if sid not in before:
            said.append(f"{sid} added")
        elif sid not in now:
            said.append(f"{sid} removed")
        elif before[sid] != now[sid]:
            said.append(f"{sid} changed")
    return said
