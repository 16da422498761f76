"""`python -m extract drift`: where the code (manifest sources with `role = "code"`) and the docs disagree.

The catalog saved by the last `build` says which entry every record of every source belongs to (its entries'
`attested_by`: source and location); the sources' records are read again, the same way the build read them, to
know what each side says of that entry. For every catalog that a code source describes:
  - `name_differs`: the docs and the code give one entry different names (naming style does not count:
    `InvalidJSON` is `INVALID_JSON`, and a source's namespace prefix is no part of a name);
  - `status_differs`: they give it different HTTP statuses;
  - `code_differs`: a name only the code has at one code and only the docs have at another (the code moved);
  - `missing_in_docs`: an entry only the code has; `missing_in_code`: an entry only the docs have.
The docs' side of an entry is the catalog's value, unless that value was taken from the code itself (the code
source won on priority): then it is what the highest-priority docs source says.

Exit 0, or 1 with `--fail-on drift` when anything was found; 2 when the catalog is older than a source
(`build` first) or no source has `role = "code"`.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import InputError

KINDS = ("code_differs", "name_differs", "status_differs", "missing_in_docs", "missing_in_code")
DIFFERENCES = ("code_differs", "name_differs", "status_differs")
TITLES = {"code_differs": "code differs", "name_differs": "name differs", "status_differs": "status differs",
          "missing_in_docs": "only in the code", "missing_in_code": "only in the docs"}


@dataclass(frozen=True)
class Finding:
    kind: str
    catalog: str
    code: str  # the entry's code (for code_differs: the code in the docs)
    variant: int
    docs: object  # what the docs say: a name, a status, a code (None: nothing)
    in_code: object  # what the code says
    source: str  # the code source (or, for missing_in_code, the docs source that lists it)
    docs_location: str = ""
    code_location: str = ""
    message: str = ""
    name: str = ""  # for code_differs: the name found at two codes, as the docs write it …
    code_name: str = ""  # … and as the code writes it


def add_drift_arguments(sub) -> None:
    d = sub.add_parser(
        "drift", help="compare the catalog with the sources that are code (role = \"code\"); --fail-on drift for CI",
        description="Compare the catalog saved in normalized/ with the manifest's sources that have "
                    "role = \"code\": codes and names in the code but not in the docs and the reverse, a code "
                    "whose name differs, a status that differs, a name at another code.",
        epilog="example (CI): python -m extract build && python -m extract drift --fail-on drift")
    d.add_argument("--manifest", type=Path, default=Path("raw_sources/sources.toml"),
                   help="sources manifest (default %(default)s)")
    d.add_argument("--input", type=Path, default=Path("normalized"), metavar="PATH",
                   help="the built catalog.json, or a folder holding one (default %(default)s)")
    d.add_argument("--only-catalog", metavar="NAME", help="only this catalog")
    d.add_argument("--format", choices=("md", "json"), default="md", help="output format (default %(default)s)")
    d.add_argument("--fail-on", choices=("drift",), help="exit 1 when the code and the docs disagree anywhere")
    d.set_defaults(func=cmd_drift)


def cmd_drift(args) -> int:
    findings = drift(args.manifest, args.input, args.only_catalog)
    sys.stdout.write(render_json(findings) if args.format == "json" else render_markdown(findings))
    return 1 if args.fail_on == "drift" and findings else 0


# ---------------------------------------------------------------------------------------------- the comparison
def drift(manifest: Path, saved: Path, only_catalog: str | None = None) -> list[Finding]:
    from .pipeline import run
    from .manifest import load_manifest
    from .reconcile import namespace_prefixes

    specs = load_manifest(manifest)
    code_ids = {s.id for s in specs if s.role == "code"}
    if not code_ids:
        raise InputError(manifest, 'no [[source]] has role = "code": there is no code to compare the catalog with')
    catalogs = sorted({s.catalog for s in specs if s.id in code_ids and (not only_catalog or s.catalog == only_catalog)})
    if not catalogs:
        raise InputError(manifest, f"no source with role = \"code\" describes catalog {only_catalog!r}")
    doc, shown = _saved_catalog(saved)
    specs = [s for s in specs if s.catalog in catalogs]
    build = run(specs)
    if build.errors:
        raise build.errors[0]
    _check_fresh(doc, shown, build)
    priority = {s.id: (s.priority, i) for i, s in enumerate(specs)}
    findings: list[Finding] = []
    for catalog in catalogs:
        parts = [p for p in build.parsed.values() if p.catalog == catalog]
        prefixes = namespace_prefixes(parts)
        entries = _joined(doc, shown, catalog, parts)
        findings += _compare(catalog, entries, code_ids, prefixes, priority)
    return sorted(findings, key=_order)


def _saved_catalog(saved: Path) -> tuple[dict, str]:
    path = saved / "catalog.json" if saved.is_dir() else saved
    from .documents import read_text

    text = read_text(path, "catalog.json", missing="not found: build the catalog first (python -m extract build)")
    try:
        return json.loads(text), str(path)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not a catalog.json ({getattr(exc, 'msg', 'not UTF-8')})",
                         getattr(exc, "lineno", None)) from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror}") from None


def _check_fresh(doc: dict, shown: str, build) -> None:
    """The saved catalog must come from the sources as they are now, or its entries would pair the wrong records."""
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise InputError(shown, 'not a catalog.json: no "entries" list')
    saved = {s.get("id"): s.get("sha256") for s in doc.get("sources") or [] if isinstance(s, dict)}
    for sid, document in build.documents.items():
        if saved.get(sid) != document.sha256:
            said = "does not list it" if sid not in saved else "was built from another version of it"
            raise InputError(shown, f"{said} (source {sid}, {document.path}): run `python -m extract build` first")


def _joined(doc: dict, shown: str, catalog: str, parts) -> list[tuple[dict, list]]:
    """Each saved entry of the catalog with the records that attest it (matched by source, location and code)."""
    from .outputs import record_loc

    pool: dict[tuple, list] = {}
    for part in parts:
        for record in part.records:
            pool.setdefault((record.source, str(record_loc(record)), record.code), []).append(record)
    out = []
    for entry in doc["entries"]:
        if not isinstance(entry, dict) or entry.get("catalog") != catalog:
            continue
        records = []
        for item in entry.get("attested_by") or []:
            found = pool.get((item.get("source"), item.get("location"), entry.get("code")))
            if not found:
                raise InputError(shown, f"entry {catalog} {entry.get('code')} names a record of {item.get('source')} "
                                        f"at {item.get('location')} that the source no longer has: run "
                                        "`python -m extract build` first")
            records.append(found.pop(0))
        out.append((entry, records))
    return out


def _compare(catalog: str, entries, code_ids: set[str], prefixes: dict, priority: dict) -> list[Finding]:
    from .outputs import record_loc
    from .reconcile import name_key
    from .text import loose_text

    def docs_side(entry: dict, docs: list, field: str):
        """The docs' value of a field and where it stands: the catalog's, unless the code gave it."""
        prov = (entry.get("provenance") or {}).get(field) or {}
        value = entry.get(field)
        if value not in (None, "") and prov.get("source") not in code_ids:
            key = loose_text(_unprefixed(str(value), prefixes.get(prov.get("source"), "")))
            return value, key, prov.get("location", "")
        for record in sorted(docs, key=lambda r: priority.get(r.source, (0, 0))):
            if record.get(field) not in (None, ""):
                cell = record.cells[field]
                return record.get(field), name_key(record, prefixes) if field == "name" else None, str(cell.loc)
        return None, None, ""

    findings: list[Finding] = []
    only_code, only_docs = [], []
    for entry, records in entries:
        code, variant = entry["code"], entry.get("variant", 1)
        in_code = [r for r in records if r.source in code_ids]
        docs = [r for r in records if r.source not in code_ids]
        if not docs:
            only_code.append((entry, in_code))
            continue
        if not in_code:
            only_docs.append((entry, docs))
            continue
        name, key, name_at = docs_side(entry, docs, "name")
        status, _, status_at = docs_side(entry, docs, "http_status")
        for r in in_code:
            where = str(record_loc(r))
            if name and r.get("name") and name_key(r, prefixes) != key:
                findings.append(Finding("name_differs", catalog, code, variant, name, r.get("name"), r.source,
                                        name_at, where, f"code {code}: the docs call it {name}, the code "
                                                        f"{r.get('name')}"))
            if status is not None and r.get("http_status") is not None and r.get("http_status") != status:
                findings.append(Finding("status_differs", catalog, code, variant, status, r.get("http_status"),
                                        r.source, status_at, where, f"code {code}: HTTP status {status} in the "
                                                                    f"docs, {r.get('http_status')} in the code"))
    # a name only the code has at one code and only the docs have at another: the code moved
    waiting: dict[str, list] = {}
    for entry, docs in only_docs:
        for r in docs:
            if r.get("name"):
                waiting.setdefault(name_key(r, prefixes), []).append((entry, docs))
                break
    moved_docs = set()
    rest_code = []
    for entry, in_code in only_code:
        r = in_code[0]
        candidates = [c for c in waiting.get(name_key(r, prefixes), []) if id(c[0]) not in moved_docs
                      and c[0]["code"] != entry["code"]] if r.get("name") else []
        if candidates:
            docs_entry, docs = candidates[0]
            moved_docs.add(id(docs_entry))
            findings.append(Finding(
                "code_differs", catalog, docs_entry["code"], docs_entry.get("variant", 1), docs_entry["code"],
                entry["code"], r.source, _location(docs), str(record_loc(r)),
                f"{r.get('name')}: code {docs_entry['code']} in the docs, {entry['code']} in the code",
                docs_entry.get("name") or r.get("name"), r.get("name")))
        else:
            rest_code.append((entry, in_code))
    for entry, in_code in rest_code:
        r = in_code[0]
        findings.append(Finding("missing_in_docs", catalog, entry["code"], entry.get("variant", 1), None,
                                r.get("name") or entry["code"], r.source, "", str(record_loc(r)),
                                f"code {entry['code']} ({r.get('name') or 'no name'}) is in the code, not in the docs"))
    for entry, docs in only_docs:
        if id(entry) in moved_docs:
            continue
        findings.append(Finding("missing_in_code", catalog, entry["code"], entry.get("variant", 1),
                                entry.get("name") or entry["code"], None, docs[0].source, _location(docs), "",
                                f"code {entry['code']} ({entry.get('name') or 'no name'}) is in the docs, not in "
                                "the code"))
    return findings


def _unprefixed(value: str, prefix: str) -> str:
    return value[len(prefix):] if prefix and value.startswith(prefix) else value


def _location(records) -> str:
    from .outputs import record_loc

    return str(record_loc(records[0])) if records else ""


def _order(f: Finding) -> tuple:
    from .reconcile import code_sort_key

    return (f.catalog, code_sort_key(f.code), f.variant, KINDS.index(f.kind), str(f.in_code))


# ---------------------------------------------------------------------------------------------- rendering
def summary(findings: list[Finding]) -> dict:
    counts = {k: sum(1 for f in findings if f.kind == k) for k in KINDS}
    return {"drift": len(findings), "differences": sum(counts[k] for k in DIFFERENCES), **counts}


def render_json(findings: list[Finding]) -> str:
    return json.dumps({"summary": summary(findings), "findings": [asdict(f) for f in findings]},
                      indent=2, ensure_ascii=False) + "\n"


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(findings: list[Finding]) -> str:
    s = summary(findings)
    if not findings:
        return "## Drift: none: the code and the docs agree\n"
    out = [f"## Drift: {s['differences']} differences, {s['missing_in_docs']} entries only in the code, "
           f"{s['missing_in_code']} only in the docs", ""]
    for catalog in sorted({f.catalog for f in findings}):
        mine = [f for f in findings if f.catalog == catalog]
        out += [f"### {catalog}", "", "| drift | code | variant | docs | code says | in the docs | in the code |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        for f in mine:
            docs, code = f.docs, f.in_code
            if f.kind == "code_differs":  # the one name, at two codes
                docs, code = f"{docs} ({f.name})", f"{code} ({f.code_name})"
            out.append("| " + " | ".join(_cell(v) for v in (TITLES[f.kind], f.code, f.variant, docs, code,
                                                            f.docs_location, f.code_location)) + " |")
        out.append("")
    return "\n".join(out)
