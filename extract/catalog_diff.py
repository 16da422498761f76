"""`extract diff OLD NEW`: what changed between two catalog versions, with breaking changes called out.

Entries are keyed by (catalog, code, variant), but a variant number is only a position: inserting one
variant renumbers the ones after it. So old and new entries are paired by evidence, strongest first:
  1. same code, same name;
  2. same name at another code: the code *moved*;
  3. same code, similar message/description: a *rename* when the names differ;
  4. same code, the only entry left on each side (a catalog without names whose text was reworded).
What stays unpaired was added or removed. A variant renumbered by an insertion is not a change.

Every change found is one rule of `RULES` (as oasdiff and buf name theirs): a stable kebab-case id, and a level,
`breaking` or what the change does to the catalog (`changed`, `added`, `removed`). Whether a change breaks
clients is the rule's level and nothing else, so the registry is the one statement of the policy.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from .settings import DEFAULT
from .errors import InputError
from .model import WORK

# The entry fields a user of the catalog sees (the contract's columns); `sources` and `provenance`
# say where a value was read, and change whenever a document is renamed or re-flowed, so they are not compared.
COMPARED = ("name", "http_status", "message", "description", "operations", "category")
TEXT_MATCH = DEFAULT.match.reworded_text
GIT_PATH = "normalized/catalog.json"


# ---------------------------------------------------------------------------------------------- inputs

def load_catalog(spec: str) -> dict:
    """A catalog document from a catalog.json, a folder holding one, or `git:REV`."""
    if spec.startswith("git:"):
        return _checked(_parse_json(_git_show(spec[4:]), f"{spec}:{GIT_PATH}"), f"{spec}:{GIT_PATH}")
    path = Path(spec)
    if path.is_dir():
        path = path / "catalog.json"
        if not path.is_file():
            raise InputError(spec, "folder holds no catalog.json")
    from .documents import read_text

    text = read_text(path, "catalog.json (to diff two source documents, use --catalog NAME)",
                     spec if path == Path(spec) else str(path), missing="no such file or folder")
    return _checked(_parse_json(text, str(path)), str(path))


def _git_show(rev: str) -> str:
    label = f"git:{rev}"
    if not rev:
        raise InputError(label, "no revision after git:")
    # `./` makes the path relative to the current directory, which is the repository root for `make diff`
    # and still the project's normalized/ when the project sits in a sub-folder of a larger repository.
    if rev.startswith("-"):  # `git:--output=…` would be read by git as an option
        raise InputError(label, "a revision cannot start with '-'")
    try:
        # the revision checked as one (`--end-of-options`: never an option), then its committed catalog read
        check = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"],
                               capture_output=True, stdin=subprocess.DEVNULL)
        if check.returncode:
            raise InputError(label, f"unknown revision {rev!r}")
        commit = check.stdout.decode("ascii", "replace").strip()
        proc = subprocess.run(["git", "show", f"{commit}:./{GIT_PATH}"], capture_output=True,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise InputError(label, "git is not installed") from None
    if proc.returncode:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = next((ln for ln in lines if ln.startswith("fatal:")), lines[0] if lines else "git show failed")
        raise InputError(label, reason.removeprefix("fatal:").strip())
    try:
        return proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{label}:{GIT_PATH}", "not UTF-8 text") from None


def _parse_json(text: str, label: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(label, f"not JSON ({exc.msg}); to diff two source documents, use --catalog NAME",
                         line=exc.lineno) from None


def _checked(doc, label: str) -> dict:
    """Just enough of the layout to diff: entries with a catalog and a code. Anything else is someone else's JSON."""
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise InputError(label, 'not a catalog.json: no "entries" list')
    for i, e in enumerate(doc["entries"], 1):
        if not isinstance(e, dict) or "catalog" not in e or "code" not in e:
            raise InputError(label, f"not a catalog.json: entry {i} has no catalog and code")
    if not isinstance(doc.get("catalogs", []), list):
        raise InputError(label, 'not a catalog.json: "catalogs" is not a list')
    return doc


def adhoc_catalog(catalog: str, file: str) -> dict:
    """One source document built in memory by the same pipeline as `build --catalog NAME FILE`."""
    from .pipeline import adhoc_specs, run
    from .outputs import catalog_document

    build = run(adhoc_specs(catalog, [file]))
    for warning in build.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if build.errors:
        raise build.errors[0]
    return catalog_document(build)


# ---------------------------------------------------------------------------------------------- rules

LEVELS = ("breaking", "changed", "added", "removed")  # breaking first: the order changes are listed in


@dataclass(frozen=True)
class Rule:
    """One kind of change: `id` stable (scripts and CI filter on it), `level` one of LEVELS, `when` one line."""

    id: str
    level: str
    when: str

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: level must be one of {LEVELS}")

    @property
    def breaking(self) -> bool:
        return self.level == "breaking"


def _field_rules(stem: str, what: str, breaking: bool) -> tuple[Rule, ...]:
    """The three rules of one entry field: given where there was none, taken away, changed."""
    return (Rule(f"{stem}-added", "added", f"{what} given where the entry had none"),
            Rule(f"{stem}-removed", "breaking" if breaking else "removed", f"{what} taken away"),
            Rule(f"{stem}-changed", "breaking" if breaking else "changed", f"{what} changed"))


def _registry(*groups) -> tuple[Rule, ...]:
    rules = [r for g in groups for r in g]
    # breaking rules first, then by level, each group keeping its written order (the README table's order)
    return tuple(sorted(rules, key=lambda r: LEVELS.index(r.level)))


RULES: tuple[Rule, ...] = _registry(
    (Rule("code-removed", "breaking", "an entry removed, and no entry is left at its code"),
     Rule("variant-removed", "breaking", "an entry removed from a code that keeps other entries (also each "
                                         "variant merged away)"),
     Rule("code-moved", "breaking", "an entry's name now at another code"),
     Rule("variants-merged", "breaking", "a code's several variants merged into one")),
    _field_rules("name", "the symbolic name", breaking=True),
    _field_rules("status", "the HTTP status", breaking=True),
    (Rule("code-added", "added", "an entry at a code that had none"),
     Rule("variant-added", "added", "an entry added at a code that already had one (also each variant split off)"),
     Rule("variants-split", "changed", "a code's one entry became several variants")),
    _field_rules("message", "the message", breaking=False),
    _field_rules("description", "the description", breaking=False),
    _field_rules("operations", "the operations that return the error", breaking=False),
    _field_rules("category", "the category", breaking=False),
    _field_rules("extra-field", "an `extra` value (a column no contract field holds)", breaking=False),
    (Rule("note-added", "added", "a catalog note added"),
     Rule("note-removed", "removed", "a catalog note removed"),
     Rule("note-changed", "changed", "a catalog note reworded (a removed and an added note that are alike)"),
     Rule("range-added", "added", "a category range added"),
     Rule("range-removed", "removed", "a category range removed"),
     Rule("range-changed", "changed", "a category range's bounds or label changed")),
)
RULE = {r.id: r for r in RULES}
assert len(RULE) == len(RULES), "rule ids are unique"

# The stem of an entry field's rules; `extra.*` columns share one stem (no rule is named after a column).
_STEM = {"name": "name", "http_status": "status", "message": "message", "description": "description",
         "operations": "operations", "category": "category"}


def _blank(value) -> bool:
    return norm(value) in ("", [])


def field_rule(fld: str, before, after) -> str:
    """The rule id of one field change (`code`, an entry field, `extra.KEY`, `note`, `range`)."""
    if fld == "code":
        return "code-moved"
    stem = _STEM.get(fld) or ("extra-field" if fld.startswith("extra.") else fld)
    return f"{stem}-added" if _blank(before) else f"{stem}-removed" if _blank(after) else f"{stem}-changed"


def rules_with_level(level: str) -> list[Rule]:
    return [r for r in RULES if r.level == level]


# ---------------------------------------------------------------------------------------------- comparing

def norm(value):
    """The value with whitespace not counting: runs collapsed, ends stripped; None and "" alike."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):  # operations: a set of names, their order is layout
        return sorted({str(n) for n in (norm(v) for v in value) if n != ""})
    return value


def _name(e: dict) -> str:
    return norm(e.get("name"))


def _text(e: dict) -> str:
    return f"{norm(e.get('message'))} {norm(e.get('description'))}".strip().casefold()


def similarity(a: str, b: str) -> float:
    """0-100. Edits tend to append a sentence ("Check error message for more details."), which plain edit
    distance punishes; the word-set ratio forgives it but calls any short text "inside" a long one a match.
    Their mean keeps both in check."""
    from rapidfuzz import fuzz

    return (fuzz.ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2 if a and b else 0.0


def _similarity(a: dict, b: dict) -> float:
    return similarity(_text(a), _text(b))


def _code_key(code: str) -> tuple:
    from .reconcile import code_sort_key

    return code_sort_key(str(code))


def pair_entries(old: list[dict], new: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(pairs, unpaired old, unpaired new) for one catalog; see the module docstring for the order of evidence."""
    left_old, left_new = dict(enumerate(old)), dict(enumerate(new))
    pairs: list[tuple[dict, dict]] = []

    def pair_by(key, min_score: float = -1, singles_only: bool = False) -> None:
        groups_old, groups_new = defaultdict(list), defaultdict(list)
        for i, e in left_old.items():
            if (k := key(e)) is not None:
                groups_old[k].append(i)
        for j, e in left_new.items():
            if (k := key(e)) is not None:
                groups_new[k].append(j)
        for k in sorted(groups_old.keys() & groups_new.keys(), key=str):
            olds, news = groups_old[k], groups_new[k]
            if singles_only and not (len(olds) == len(news) == 1):
                continue
            # Best-scoring pairs first; document order breaks ties, so the result is deterministic.
            scored = sorted((-_similarity(old[i], new[j]), i, j) for i in olds for j in news)
            for neg, i, j in scored:
                if i in left_old and j in left_new and -neg >= min_score:
                    pairs.append((left_old.pop(i), left_new.pop(j)))

    pair_by(lambda e: (str(e["code"]), _name(e)) if _name(e) else None)
    pair_by(lambda e: _name(e) or None)
    pair_by(lambda e: str(e["code"]), min_score=TEXT_MATCH)
    pair_by(lambda e: str(e["code"]), singles_only=True)
    return pairs, list(left_old.values()), list(left_new.values())


def _field_change(fld: str, before, after) -> tuple[dict, str]:
    """One changed field and its rule; `breaking` is the rule's (taking away a name or a status clients rely on
    breaks them, giving one where there was none does not: see RULES)."""
    rule = field_rule(fld, before, after)
    return {"field": fld, "before": before, "after": after, "breaking": RULE[rule].breaking}, rule


def _field_changes(o: dict, n: dict) -> list[tuple[dict, str]]:
    changes = []
    if str(o["code"]) != str(n["code"]):
        changes.append(_field_change("code", o["code"], n["code"]))
    for fld in COMPARED:
        before, after = o.get(fld), n.get(fld)
        if norm(before) != norm(after):
            changes.append(_field_change(fld, before, after))
    old_extra, new_extra = o.get("extra") or {}, n.get("extra") or {}
    for key in sorted(old_extra.keys() | new_extra.keys()):
        if norm(old_extra.get(key)) != norm(new_extra.get(key)):
            changes.append(_field_change(f"extra.{key}", old_extra.get(key), new_extra.get(key)))
    return changes


def _where(e: dict) -> dict:
    return {"catalog": e["catalog"], "code": str(e["code"]), "variant": e.get("variant", 1)}


def _plain(e: dict) -> dict:
    """An entry as listed in `added`/`removed`: the contract's fields, without provenance."""
    return {k: v for k, v in e.items() if k != "provenance"}


def _label(e: dict) -> str:
    """How a split or merge names a variant: its name, else the start of its text."""
    text = _name(e) or norm(e.get("message")) or norm(e.get("description"))
    return (text[:40].rstrip() + "…" if len(text) > 40 else text) or f"variant {e.get('variant', 1)}"


def _entry_changes(catalog: str, old: list[dict], new: list[dict]) -> tuple[list, list, list]:
    pairs, removed, added = pair_entries(old, new)
    changed = []
    for o, n in pairs:
        fields_and_rules = _field_changes(o, n)
        if not fields_and_rules:
            continue
        fields = [f for f, _ in fields_and_rules]
        names_differ = _name(o) and _name(n) and _name(o) != _name(n)
        kind = "moved" if str(o["code"]) != str(n["code"]) else "renamed" if names_differ else "changed"
        item = {"kind": kind, **_where(n), "name": _name(n) or _name(o), "fields": fields,
                "breaking": any(f["breaking"] for f in fields), "rules": [r for _, r in fields_and_rules]}
        if (str(o["code"]), o.get("variant", 1)) != (item["code"], item["variant"]):
            item["old"] = {"code": str(o["code"]), "variant": o.get("variant", 1)}
        changed.append(item)
    # A code is added or removed when the other side has no entry at it at all; else one variant is.
    old_codes, new_codes = {str(e["code"]) for e in old}, {str(e["code"]) for e in new}

    def entry_item(kind: str, e: dict, rule: str) -> dict:
        return {"kind": kind, **_where(e), "name": _name(e), "entry": _plain(e), "breaking": RULE[rule].breaking,
                "rules": [rule]}

    added_items = [entry_item("added", e, "variant-added" if str(e["code"]) in old_codes else "code-added")
                   for e in added]
    removed_items = [entry_item("removed", e, "variant-removed" if str(e["code"]) in new_codes else "code-removed")
                     for e in removed]
    changed += _splits_and_merges(catalog, old, new, pairs, added_items, removed_items)
    return added_items, removed_items, changed


def _splits_and_merges(catalog, old, new, pairs, added_items, removed_items) -> list[dict]:
    """A code whose one entry became several (split) or whose several became one (merged), the survivor paired."""
    out = []
    by_code_old, by_code_new = defaultdict(list), defaultdict(list)
    for e in old:
        by_code_old[str(e["code"])].append(e)
    for e in new:
        by_code_new[str(e["code"])].append(e)
    paired_at_same_code = {str(o["code"]) for o, n in pairs if str(o["code"]) == str(n["code"])}
    for code in sorted(paired_at_same_code, key=_code_key):
        olds, news = by_code_old[code], by_code_new[code]
        if len(olds) == 1 and len(news) > 1 and any(a["code"] == code for a in added_items):
            kind, via, extra = "split", "split", added_items
        elif len(news) == 1 and len(olds) > 1 and any(r["code"] == code for r in removed_items):
            kind, via, extra = "merged", "merged", removed_items
        else:
            continue
        for item in extra:
            if item["code"] == code:
                item["via"] = via
        rule = RULE["variants-split" if kind == "split" else "variants-merged"]
        out.append({"kind": kind, "catalog": catalog, "code": code, "variant": None,
                    "name": _label(olds[0]) if kind == "split" else _label(news[0]),
                    "fields": [{"field": "variants", "before": [_label(e) for e in olds],
                                "after": [_label(e) for e in news], "breaking": rule.breaking}],
                    "breaking": rule.breaking, "rules": [rule.id]})
    return out


def _text_set_changes(catalog: str, kind: str, old: list[str], new: list[str]) -> list[dict]:
    """Notes and ranges compare as sets of texts; a removed and an added text that are alike read as one edit."""
    gone = sorted({norm(t) for t in old} - {norm(t) for t in new})
    came = sorted({norm(t) for t in new} - {norm(t) for t in old})
    edits = []
    scored = sorted((-similarity(a.casefold(), b.casefold()), a, b) for a in gone for b in came)
    for neg, a, b in scored:
        if -neg >= TEXT_MATCH and a in gone and b in came:
            gone.remove(a)
            came.remove(b)
            edits.append((a, b))
    edits += [(a, None) for a in gone] + [(None, b) for b in came]
    out = []
    for a, b in sorted(edits, key=lambda ab: (ab[0] or ab[1], ab[1] or "")):
        fld, rule = _field_change(kind, a, b)
        out.append({"kind": kind, "catalog": catalog, "code": None, "variant": None, "name": "", "fields": [fld],
                    "breaking": fld["breaking"], "rules": [rule]})
    return out


def _note_texts(meta: dict) -> list[str]:
    return [str(n.get("text", "")) if isinstance(n, dict) else str(n) for n in meta.get("notes") or []]


def _range_text(r) -> str:
    if not isinstance(r, dict):
        return str(r)
    return f"{r.get('range', '')}: {norm(r.get('label'))}".strip(": ")


def diff_catalogs(old_doc: dict, new_doc: dict, old_label: str = "OLD", new_label: str = "NEW") -> dict:
    """The JSON-ready diff: `added`, `removed`, `changed` (each item with `breaking`), `summary`, per-catalog counts."""
    def by_catalog(doc):
        entries, meta = defaultdict(list), {c["catalog"]: c for c in doc.get("catalogs", []) if isinstance(c, dict)}
        for e in doc["entries"]:
            entries[e["catalog"]].append(e)
        return entries, meta

    (old_entries, old_meta), (new_entries, new_meta) = by_catalog(old_doc), by_catalog(new_doc)
    result: dict = {"old": old_label, "new": new_label, "summary": {}, "catalogs": [],
                    "added": [], "removed": [], "changed": [], "changes": []}
    for catalog in sorted(old_entries.keys() | new_entries.keys() | old_meta.keys() | new_meta.keys()):
        in_old = catalog in old_entries or catalog in old_meta
        in_new = catalog in new_entries or catalog in new_meta
        added, removed, changed = _entry_changes(catalog, old_entries.get(catalog, []), new_entries.get(catalog, []))
        om, nm = old_meta.get(catalog, {}), new_meta.get(catalog, {})
        changed += _text_set_changes(catalog, "note", _note_texts(om), _note_texts(nm))
        changed += _text_set_changes(catalog, "range", [_range_text(r) for r in om.get("ranges") or []],
                                     [_range_text(r) for r in nm.get("ranges") or []])
        status = "changed" if added or removed or changed else "unchanged"
        result["catalogs"].append({"catalog": catalog, "status": status if in_old and in_new else
                                   "added" if in_new else "removed", "summary": _summary(added, removed, changed)})
        result["added"] += sorted(added, key=item_order)
        result["removed"] += sorted(removed, key=item_order)
        result["changed"] += sorted(changed, key=item_order)
    result["summary"] = _summary(result["added"], result["removed"], result["changed"])
    result["changes"] = changes_list(result["added"] + result["removed"] + result["changed"])
    return result


ENTRIES_OPEN = '  "entries": ['


class _NotOurLayout(Exception):
    """A catalog.json not laid out one entry per line as the toolkit writes it."""


def diff_written_catalog(old_path: Path, new_catalogs: list[dict], new_lines: dict[str, list[str]],
                         unchanged: frozenset[str] = frozenset()) -> dict:
    """`diff_catalogs` of the catalog.json at `old_path` (as the toolkit writes it: entries one per line, sorted
    by catalog) and a new catalog given by its `catalogs` summaries and each catalog's encoded entry lines.
    Of the old file only the head and the lines of the catalogs not named `unchanged` are read, through a
    memory map: a rebuild that changed one catalog of five reads a fifth of the file. Any other layout of the
    old file is read whole."""
    import mmap

    try:
        with open(old_path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            return _diff_mapped(mm, new_catalogs, new_lines, unchanged)
    except _NotOurLayout:
        whole = [json.loads(line) for name in sorted(new_lines) for line in new_lines[name]]
        return diff_catalogs(json.loads(Path(old_path).read_text(encoding="utf-8")),
                             {"catalogs": new_catalogs, "entries": whole})


def _diff_mapped(mm, new_catalogs: list[dict], new_lines: dict[str, list[str]], unchanged: frozenset[str]) -> dict:
    start = mm.find(b"\n" + ENTRIES_OPEN.encode() + b"\n")
    if start < 0:
        raise _NotOurLayout()
    mm.seek(start + len(ENTRIES_OPEN) + 2)
    if not mm.readline().startswith((b'    {"catalog": ', b"  ]")):  # entries over several lines
        raise _NotOurLayout()
    old_meta = json.loads(mm[:start].decode("utf-8").rstrip().rstrip(",") + "\n}")
    names = {c.get("catalog") for c in old_meta.get("catalogs", []) if isinstance(c, dict)}
    old_doc: dict = {"catalogs": old_meta.get("catalogs", []), "entries": []}
    new_doc: dict = {"catalogs": new_catalogs, "entries": []}
    for name in sorted((names | set(new_lines)) - unchanged, key=str):
        # a catalog's entries are one run of lines, each opening with its name
        prefix = f'    {{"catalog": {json.dumps(name)}, '.encode()
        old_lines = []
        at = mm.find(b"\n" + prefix, start)
        if at >= 0:
            mm.seek(at + 1)
            while (line := mm.readline()).startswith(prefix):
                old_lines.append(line[4:].rstrip(b"\n").rstrip(b",").decode("utf-8"))  # as encoded, unindented
        # an entry written alike on both sides has nothing to pair or compare: only the others are parsed
        same = Counter(map(hash, old_lines)) & Counter(map(hash, new_lines.get(name, ())))
        for lines, doc in ((old_lines, old_doc), (new_lines.get(name, ()), new_doc)):
            left = Counter(same)
            for line in lines:
                h = hash(line)
                if left[h]:
                    left[h] -= 1
                else:
                    WORK["summary entries read"] += 1
                    doc["entries"].append(json.loads(line))
    return diff_catalogs(old_doc, new_doc)


def change_rows(item: dict) -> list[dict]:
    """One item of `added`/`removed`/`changed` as its changes: one per rule it broke or followed."""
    base = {"catalog": item["catalog"], "code": item["code"], "variant": item["variant"], "name": item["name"],
            "kind": item["kind"]}
    extra = {k: item[k] for k in ("old", "via") if k in item}
    if "entry" in item:
        rule = RULE[item["rules"][0]]
        return [{"rule": rule.id, "level": rule.level, "breaking": rule.breaking, **base,
                 "field": None, "before": None, "after": None, **extra}]
    rows = []
    for f, rule_id in zip(item["fields"], item["rules"]):
        rule = RULE[rule_id]
        rows.append({"rule": rule.id, "level": rule.level, "breaking": f["breaking"], **base,
                     "field": f["field"], "before": f["before"], "after": f["after"], **extra})
    return rows


def changes_list(items: list[dict]) -> list[dict]:
    """Every change as one flat list, breaking changes first (as oasdiff and buf list them), then by catalog,
    code and variant; the order within each level is the order of the per-kind lists."""
    rows = [row for item in sorted(items, key=item_order) for row in change_rows(item)]
    return sorted(rows, key=lambda row: not row["breaking"])  # stable: code order kept inside each group


KIND_ORDER = ("removed", "merged", "moved", "renamed", "changed", "split", "added", "note", "range")


def item_order(item: dict) -> tuple:
    text = json.dumps(item.get("fields") or item.get("entry"), sort_keys=True, default=str)
    code = (1, (0, 0, "")) if item["code"] is None else (0, _code_key(item["code"]))
    return (item["catalog"], code, item["variant"] or 0, KIND_ORDER.index(item["kind"]), text)


def _summary(added: list, removed: list, changed: list) -> dict:
    breaking = sum(1 for item in (*added, *removed, *changed) if item["breaking"])
    return {"breaking": breaking, "changed": len(changed), "added": len(added), "removed": len(removed)}
