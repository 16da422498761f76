"""One catalog read from a saved `catalog.json` (what `build` wrote), as every generator sees it.

Generators work from the saved document, never from a build in memory, so `generate` runs from a committed
`normalized/` without the sources. Every text is made safe to carry once, here: a lone surrogate (which no
UTF-8 file can hold) becomes U+FFFD and every line break becomes `\\n`; what a target must escape beyond that
is the target's business.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..reconcile import code_sort_key

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\u0085]")
TEXT_FIELDS = ("name", "message", "description", "category")


@dataclass(frozen=True)
class Entry:
    code: str
    variant: int
    name: str
    http_status: int | None
    message: str
    description: str
    operations: tuple[str, ...]
    category: str
    sources: tuple[str, ...]

    @property
    def text(self) -> str:
        """The one text a layout without message and description columns shows: the longer description,
        else the message."""
        return self.description or self.message

    @property
    def label(self) -> str:
        return f"{self.code}" + (f" (variant {self.variant})" if self.variant > 1 else "")


@dataclass(frozen=True)
class Catalog:
    name: str
    entries: tuple[Entry, ...]
    notes: tuple[dict, ...]
    ranges: tuple[dict, ...]
    sources: tuple[dict, ...]  # id, sha256 (and what else the build recorded) of the sources it was built from

    def shared_codes(self) -> set[str]:
        """Codes listed more than once (variants)."""
        seen: dict[str, int] = {}
        for e in self.entries:
            seen[e.code] = seen.get(e.code, 0) + 1
        return {c for c, n in seen.items() if n > 1}

    def sections(self) -> list[tuple[str, list[Entry]]]:
        """Entries per category, categories in the order their first code comes; entries without a category
        first (they stand before any category's heading), each section in code order."""
        order: dict[str, list[Entry]] = {}
        for e in self.entries:
            order.setdefault(e.category, []).append(e)
        blank = order.pop("", [])
        return ([("", blank)] if blank else []) + list(order.items())

    def filled(self, field: str) -> bool:
        """Whether any entry gives this field (a column no entry fills is left out of a table)."""
        return any(getattr(e, field) not in ("", None, ()) for e in self.entries)

    def statuses(self) -> list[int]:
        return sorted({e.http_status for e in self.entries if e.http_status is not None})

    def origin(self) -> str:
        """The sources behind the catalog, as a generated file's header names them: `id (sha256 0123456789ab)`.
        No path and no time: the same catalog gives the same bytes wherever and whenever it is generated."""
        return ", ".join(f"{s['id']} (sha256 {str(s.get('sha256', ''))[:12]})" for s in self.sources) or "none"


def load_catalog(spec: str | Path, name: str) -> Catalog:
    """Catalog NAME from a catalog.json or a folder holding one; bad input raises `InputError` naming the file."""
    path = Path(spec)
    shown = str(spec)
    if path.is_dir():
        path = path / "catalog.json"
        shown = str(path)
        if not path.is_file():
            raise InputError(spec, "folder holds no catalog.json (build it first: python -m extract build)")
    from ..documents import read_text

    text = read_text(path, "catalog.json", shown, missing="no such file or folder")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(shown, f"not JSON ({exc.msg})", exc.lineno) from None
    except RecursionError:
        raise InputError(shown, "JSON nested too deeply to be a catalog.json") from None
    return catalog_of(doc, name, shown)


def catalog_of(doc, name: str, shown: str = "catalog.json") -> Catalog:
    """Catalog NAME of a catalog document (the dict `catalog.json` holds)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise InputError(shown, 'not a catalog.json: no "entries" list')
    metas = [c for c in doc.get("catalogs") or [] if isinstance(c, dict)]
    known = sorted({str(c.get("catalog")) for c in metas} | {str(e.get("catalog")) for e in doc["entries"]
                                                             if isinstance(e, dict)})
    if name not in known:
        raise InputError(shown, f"no catalog {name!r} in it (catalogs: {', '.join(known) or 'none'})")
    meta = next((c for c in metas if c.get("catalog") == name), {})
    entries = []
    for i, raw in enumerate(doc["entries"], 1):
        if isinstance(raw, dict) and raw.get("catalog") == name:
            entries.append(_entry(raw, i, shown))
    entries.sort(key=lambda e: (code_sort_key(e.code), e.variant))
    ids = set(meta.get("sources") or [])
    sources = tuple(
        {"id": clean(str(s.get("id", ""))), "sha256": str(s.get("sha256", ""))}
        for s in doc.get("sources") or [] if isinstance(s, dict) and (s.get("id") in ids or s.get("catalog") == name))
    notes = tuple({"kind": clean(str(n.get("kind", ""))), "text": clean(str(n.get("text", ""))),
                   "marker": clean(str(n.get("marker", "")))}
                  for n in meta.get("notes") or [] if isinstance(n, dict) and str(n.get("text", "")).strip())
    ranges = tuple({"range": clean(str(r.get("range", ""))), "label": clean(str(r.get("label", ""))),
                    "lo": _bound(r.get("lo")), "hi": _bound(r.get("hi"))}
                   for r in meta.get("ranges") or [] if isinstance(r, dict))
    return Catalog(name, tuple(entries), notes, ranges, sources)


def _bound(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _entry(raw: dict, index: int, shown: str) -> Entry:
    where = f"entry {index}"

    def bad(field: str, what: str):
        return InputError(shown, f"{where} (code {raw.get('code')!r}): {field} must be {what}")

    code = raw.get("code")
    if not isinstance(code, str) or not code.strip():
        raise bad("code", "a non-empty text")
    variant = raw.get("variant", 1)
    if not isinstance(variant, int) or isinstance(variant, bool) or variant < 1:
        raise bad("variant", "a whole number from 1")
    status = raw.get("http_status")
    if status is not None and (not isinstance(status, int) or isinstance(status, bool)):
        raise bad("http_status", "an integer or null")
    texts = {}
    for field in TEXT_FIELDS:
        value = raw.get(field) or ""
        if not isinstance(value, str):
            raise bad(field, "a text")
        texts[field] = clean(value)
    lists = {}
    for field in ("operations", "sources"):
        value = raw.get(field) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(field, "a list of texts")
        lists[field] = tuple(clean(v) for v in value)
    return Entry(clean(code), variant, texts["name"], status, texts["message"], texts["description"],
                 lists["operations"], texts["category"], lists["sources"])


def clean(text: str) -> str:
    """A text every target can carry: no lone surrogate, one kind of line break."""
    return LINE_BREAKS.sub("\n", LONE_SURROGATE.sub("\ufffd", text))


def generated_notice(target: str, catalog: Catalog) -> str:
    """The one sentence every generated file starts with (in the comment syntax of its target)."""
    return (f"Generated by `python -m extract generate {target}` from catalog {catalog.name!r} of catalog.json "
            f"(sources: {catalog.origin()}). Do not edit by hand: change the sources or the reviewer's decisions, "
            f"rebuild and regenerate.")
