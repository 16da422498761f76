"""What a build keeps between runs, in `.extract-cache/` beside `raw_sources/` (never committed):

- `parsed/KEY.pickle`: one source's parsed records, keyed by everything its parse depends on (the document's
  sha256, its id, path, catalog and layout, the toolkit's code, the settings, and for a layout that learns from
  the other sources of its catalog, their keys). A rebuild re-parses only the sources whose key changed.
- `catalogs/KEY.pickle` and `KEY.entries.pickle`: one catalog's reconciled result before the reviewer's
  decisions, keyed by its sources' parse keys and priorities (`pipeline.catalog_key`): its conflicts, notes,
  ranges and what the summaries say of its sources in the first, its entries in the second, read only when
  something asks for them. A rebuild after one source of twenty changed reconciles only that source's catalog.
- `outputs/KEY-DECISIONS.pickle`: one catalog's part of `normalized/` as rendered (catalog.json lines, CSV rows,
  the values in use), keyed by its result and the decisions applied to it: an unchanged catalog is not rendered
  again.
- `build.json`: the fingerprint the last manifest build was made from (the manifest's and every source's sha256,
  the code, the settings) and its catalogs' keys, so `check`, `review`, `sources` and `resolve` read the saved
  conflicts instead of rebuilding, and say when it is out of date.
- `written.json`: the size, modification time and inode of the catalog.json the last build wrote and each
  catalog's output key, so the next build's summary compares only the catalogs that may have changed.

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
from .errors import InputError
from .manifest import SourceSpec
from .reconcile import CatalogResult
from .settings import Settings

if TYPE_CHECKING:
    from .pipeline import Build

FOLDER = ".extract-cache"
FORMAT = 2  # bumped when what is stored changes shape
ALL_SAME = "*"  # in `unchanged_catalogs`: the whole catalog.json is what the build renders (no catalog's name)


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


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _read_bytes(path: Path) -> bytes | None:
    if not _trusted(path):
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def _read_pickle(path: Path) -> Any:
    data = _read_bytes(path)
    try:
        return None if data is None else pickle.loads(data)
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


class SavedCatalog(CatalogResult):
    """A catalog taken whole from the last build: its conflicts, notes, ranges and source facts at once, its
    entries read from disk the first time something asks for them (most rebuilds never do: an unchanged
    catalog's rendered output is in the cache too)."""

    def __init__(self, head: CatalogResult, count: int, path: Path, digest: str):
        self.catalog, self.notes, self.ranges, self.conflicts = head.catalog, head.notes, head.ranges, head.conflicts
        self.key, self.facts = head.key, head.facts
        self._count, self._path, self._digest = count, path, digest
        self._entries: list | None = None
        self._edits: list = []

    @property
    def count(self) -> int:
        return self._count

    @property
    def entries(self) -> list:
        if self._entries is None:
            data = _read_bytes(self._path)
            if data is None or hashlib.sha256(data).hexdigest() != self._digest:
                # another process cleared or rewrote the cache under this build: one line, never a traceback
                raise InputError(str(self._path), f"the saved entries changed or vanished during the build "
                                 f"(remove {FOLDER}/ and build again)")
            self._entries = pickle.loads(data)
            for change in self._edits:
                change(self._entries)
            self._edits.clear()
        return self._entries

    @entries.setter
    def entries(self, value: list) -> None:
        self._entries = value

    def edit(self, change) -> None:
        if self._entries is None:
            self._edits.append(change)
        else:
            change(self._entries)


class Cache:
    """The cache folder of one project; every method is a no-op where the folder cannot be written."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.used: set[str] = set()  # the parse and catalog keys this build asked for
        self.hits = 0  # parses taken from the cache
        self.catalog_hits = 0  # catalogs taken whole from the cache
        # written by `save_build` (a failed build writes nothing), relative path → bytes; pickled at once, as
        # parsed or reconciled, before anything (the reviewer's decisions) changes them
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
        self.pending[f"parsed/{key}.pickle"] = pickle.dumps(parsed, pickle.HIGHEST_PROTOCOL)

    # ---------------------------------------------------------------------------------- reconciled catalogs
    def get_catalog(self, key: str) -> SavedCatalog | None:
        self.used.add(key)
        head = _read_pickle(self.folder / "catalogs" / f"{key}.pickle")
        path = self.folder / "catalogs" / f"{key}.entries.pickle"
        if not (isinstance(head, tuple) and len(head) == 3 and isinstance(head[0], CatalogResult)
                and _trusted(path)):
            return None
        self.catalog_hits += 1
        return SavedCatalog(*head[:2], path, head[2])

    def put_catalog(self, result: CatalogResult) -> None:
        self.used.add(result.key)
        entries = pickle.dumps(result.entries, pickle.HIGHEST_PROTOCOL)
        head = (replace(result, entries=[]), len(result.entries), hashlib.sha256(entries).hexdigest())
        self.pending[f"catalogs/{result.key}.entries.pickle"] = entries
        self.pending[f"catalogs/{result.key}.pickle"] = pickle.dumps(head, pickle.HIGHEST_PROTOCOL)

    # ---------------------------------------------------------------------------------- rendered catalogs
    def get_output(self, key: str):
        return _read_pickle(self.folder / "outputs" / f"{key}.pickle")

    def put_output(self, key: str, output) -> None:
        """Written at once (rendering comes after `save_build`); the same catalog's outputs for other decisions
        are dropped."""
        stem = key.split("-")[0]
        for old in (self.folder / "outputs").glob(f"{stem}-*.pickle"):
            old.unlink(missing_ok=True)
        try:
            _write(self.folder / "outputs" / f"{key}.pickle", pickle.dumps(output, pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass

    # ---------------------------------------------------------------------------------- the saved build
    def save_build(self, build: "Build", fingerprint: dict) -> None:
        """The new parses and catalogs and the fingerprint of the build (with its catalogs' keys); then what no
        source or catalog uses any more is dropped, so the folder stays the size of the project. A read-only
        project builds without a cache."""
        keys = {name: result.key for name, result in build.catalogs.items() if result.key}
        try:
            for name, data in self.pending.items():
                _write(self.folder / name, data)
            _write(self.folder / "build.json",
                   (json.dumps({**fingerprint, "catalogs": keys}, indent=1, sort_keys=True) + "\n").encode())
        except OSError:
            return
        self.pending.clear()
        for path in [*(self.folder / "parsed").glob("*.pickle"), *(self.folder / "catalogs").glob("*.pickle"),
                     *(self.folder / "outputs").glob("*.pickle"), *self.folder.glob("*.pickle")]:
            if path.name.split(".")[0].split("-")[0] not in self.used:
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

    def load_conflicts(self) -> list | None:
        """The saved build's conflicts, before decisions, in the build's order; None when any part is missing."""
        keys = (self.fingerprint() or {}).get("catalogs")
        if not isinstance(keys, dict):
            return None
        conflicts = []
        for name in sorted(keys):
            head = _read_pickle(self.folder / "catalogs" / f"{keys[name]}.pickle")
            if not (isinstance(head, tuple) and head and isinstance(head[0], CatalogResult)):
                return None
            conflicts += head[0].conflicts
        return conflicts

    # ---------------------------------------------------------------------------------- what was written
    def note_written(self, out: Path, outputs: dict[str, str]) -> None:
        """What the last build wrote into `out`: catalog.json as the file system sees it (size, modification
        time, inode: what git's index and make compare, no read of the file) and each catalog's output key."""
        try:
            record = {"out": str(out.resolve()), "catalog.json": _stamp(out / "catalog.json"), "outputs": outputs}
            _write(self.folder / "written.json", (json.dumps(record, sort_keys=True) + "\n").encode())
        except OSError:
            pass

    def unchanged_catalogs(self, out: Path, outputs: dict[str, str]) -> frozenset[str]:
        """The catalogs whose part of `out`/catalog.json is what this build renders: the file is the one the
        last build wrote (untouched since) and the catalog's output key is the same. With every catalog of both
        builds unchanged, the whole file is (the set then holds `ALL_SAME` too)."""
        path = self.folder / "written.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8")) if _trusted(path) else {}
            if record.get("out") != str(out.resolve()) or record.get("catalog.json") != _stamp(out / "catalog.json"):
                return frozenset()
        except (OSError, ValueError, AttributeError):
            return frozenset()
        if not isinstance(record.get("outputs"), dict):
            return frozenset()
        same = {name for name, key in outputs.items() if key and record["outputs"].get(name) == key}
        return frozenset(same | ({ALL_SAME} if same == set(outputs) == set(record["outputs"]) else set()))

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def fingerprint(manifest: Path, specs: list[SourceSpec], settings: Settings,
                read: dict[str, str] | None = None) -> dict:
    """What a saved build was made from: the manifest's bytes, every source's bytes, the code and the settings.
    `read`: the sha256 of the sources a build has just read (source id → digest), not read again."""
    sources = {}
    for spec in specs:
        if read and spec.id in read:
            sources[spec.id] = read[spec.id]
            continue
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
