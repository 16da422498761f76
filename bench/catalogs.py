"""Real catalogs described by several real documents (tests/corpus/catalogs/<name>/): each folder's documents
are built together, ad hoc, as one catalog, and the result is scored against `catalog.truth.json`, written by
reading every document:

- canonical fields: the reconciled entries against the truth's `entries`, field by field (as `accuracy.py`
  scores one document);
- `missing_in_source` recall: of the codes the truth says a document lacks, how many the toolkit reports as
  missing in that source;
- disagreement recall: of the truth's real disagreements (code, field), how many the toolkit reports as a
  `value_mismatch` or `truncated_value`; and the reported mismatches the truth does not list, shown so that a
  style-only difference (`INVALID_ARGUMENT` / `InvalidArgument`) reported as a disagreement is seen.

Run by `make accuracy` (bench/accuracy.py) after the single documents.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

CATALOGS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "catalogs"
TRUTH = "catalog.truth.json"
MISMATCH_KINDS = ("value_mismatch", "truncated_value")
TEXT_FIELDS = ("message", "description")


@dataclass
class CatalogResult:
    name: str
    documents: list[str]
    score: object = None  # accuracy.Score of the canonical entries
    missing_expected: int = 0
    missing_found: int = 0
    disagreements_expected: int = 0
    disagreements_found: int = 0
    unlisted_mismatches: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # expected but not reported, for the examples
    errors: list[str] = field(default_factory=list)

    @property
    def missing_recall(self) -> float:
        return 100.0 * self.missing_found / self.missing_expected if self.missing_expected else 100.0

    @property
    def disagreement_recall(self) -> float:
        return 100.0 * self.disagreements_found / self.disagreements_expected if self.disagreements_expected else 100.0


def catalog_dirs(root: Path = CATALOGS) -> list[Path]:
    return sorted(p.parent for p in root.glob(f"*/{TRUTH}")) if root.is_dir() else []


def read_catalog(folder: Path) -> dict:
    """Build a catalog folder's documents together (in the order the truth lists them: first wins ties)."""
    from extract.pipeline import run
    from extract.pipeline import adhoc_specs

    truth = json.loads((folder / TRUTH).read_text(encoding="utf-8"))
    files = [str(folder / d) for d in truth["documents"]]
    specs = adhoc_specs("corpus", files)
    build = run(specs)
    ids = {spec.id: Path(f).name for spec, f in zip(specs, files)}
    entries = [{"code": e.code, "variant": e.variant, **{f: e.get(f) for f in
                ("name", "http_status", "message", "description", "category")}}
               for result in build.catalogs.values() for e in result.entries]
    conflicts = [{"kind": c.kind, "code": c.code, "field": c.field,
                  "sources": sorted({ids.get(v.source, v.source) for v in c.values}),
                  "message": c.message} for c in build.conflicts]
    return {"entries": entries, "conflicts": conflicts, "errors": [str(x) for x in build.errors],
            "sources": ids}


def score_catalog(folder: Path, got: dict, score_entries) -> CatalogResult:
    truth = json.loads((folder / TRUTH).read_text(encoding="utf-8"))
    result = CatalogResult(folder.name, truth["documents"], errors=got.get("errors", []))
    # A canonical name is one name whatever its style (`Normal Closure`, `NORMAL_CLOSURE`): compared without case
    # and separators, as the reconciler compares names across sources
    styled = lambda entries: [{**e, "name": _style_free(e.get("name"))} if e.get("name") else e  # noqa: E731
                              for e in entries]
    result.score = score_entries(styled(truth["entries"]), styled(_one_text(truth["entries"], got.get("entries", []))))
    conflicts = got.get("conflicts", [])
    # missing_in_source: the toolkit names the source that lacks the code among the conflict's values (the
    # sources that have it) — so a code is reported missing in a document when the document is not among them
    missing = {(c["code"], d) for c in conflicts if c["kind"] == "missing_in_source"
               for d in truth["documents"] if d not in c["sources"]}
    for document, codes in (truth.get("missing") or {}).items():
        for code in codes:
            result.missing_expected += 1
            if (str(code), document) in missing:
                result.missing_found += 1
            else:
                result.lost.append(f"missing_in_source {code} in {document}")
    reported = {(c["code"], _field(c["field"])) for c in conflicts if c["kind"] in MISMATCH_KINDS}
    listed = set()
    for d in truth.get("disagreements") or []:
        key = (str(d["code"]), d["field"])
        listed.add(key)
        result.disagreements_expected += 1
        if key in reported:
            result.disagreements_found += 1
        else:
            result.lost.append(f"disagreement {key[0]} {key[1]}")
    result.unlisted_mismatches = sorted(f"{code} {fld}" for code, fld in reported - listed)
    return result


def _one_text(truth: list[dict], got: list[dict]) -> list[dict]:
    """The truth gives a catalog entry one text; the reconciled entry may hold a message from one source and a
    description from another. Where the truth's text is one of the two, that one is the entry's text."""
    want = {str(t["code"]): " ".join(str(t.get("text") or "").split()) for t in truth}
    out = []
    for e in got:
        text = want.get(str(e["code"]))
        for keep, drop in (("description", "message"), ("message", "description")):
            if text and " ".join(str(e.get(keep) or "").split()) == text and e.get(drop):
                e = {**e, drop: None}
        out.append(e)
    return out


def _style_free(name) -> str:
    return "".join(ch for ch in str(name) if ch.isalnum()).casefold()


def _field(name: str | None) -> str | None:
    return "text" if name in TEXT_FIELDS else name
