"""Seeds 000, 001, 002, 003 and 004, each built alone: every entry field by field against a golden file, every non-blank
line accounted for, and a few locations checked by hand.

The golden files in tests/golden/ were written once from the tool's output and then read line by line against
the seed documents (000: each tab row's five cells; 001: each row of its first block, the split last row,
the n-th value of each column block and the overflow fragments, also re-derived by an independent script; 003: each table row's name, code and description and the `##`
heading above it; 004: each code line, the `name.` and the wrapped lines after it, and the ranges of the preamble).
They hold only the contract fields, no provenance. There is deliberately no script to regenerate them: when a test
here fails, the source document decides who is wrong.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from layout_helpers import lines_of_location

GOLDEN = Path(__file__).parent / "golden"
CONTRACT_FIELDS = ("catalog", "code", "variant", "name", "http_status", "message", "description", "operations",
                   "category")

# (seed file in raw_sources/, catalog slug, golden file)
SEEDS = {
    "000": ("backend-services-table.tsv", "backend-services", "backend-services-table.json"),
    # 001 alone: rows rebuilt by position from its blocks, the two fragments with evidence in the row joined
    # (107's text stops on "that"; 207's repeats "information" across the break), the other five left orphans.
    "001": ("backend-services-pdf-dump.txt", "backend-services", "backend-services-pdf-dump.json"),
    # 002 is 000 scraped from a web page: built alone, it must give 000's table cell for cell.
    "002": ("backend-services-web-scrape.txt", "backend-services", "backend-services-table.json"),
    "003": ("parse-errors.md", "parse", "parse-errors.json"),
    "004": ("identity-cloud-registration-errors.txt", "identity-cloud", "identity-cloud-registration-errors.json"),
}


@pytest.fixture(params=sorted(SEEDS), ids=lambda s: f"seed{s}")
def seed(request, adhoc_build):
    file, catalog, golden = SEEDS[request.param]
    built = adhoc_build(catalog, f"raw_sources/{file}")
    return {"file": file, "catalog": catalog, "golden": json.loads((GOLDEN / golden).read_text(encoding="utf-8")),
            **built}


def test_golden_files_hold_only_contract_fields():
    for _, _, golden in SEEDS.values():
        doc = json.loads((GOLDEN / golden).read_text(encoding="utf-8"))
        for entry in doc["entries"]:
            assert tuple(entry) == CONTRACT_FIELDS, golden


def test_every_entry_matches_its_golden_file_field_by_field(seed):
    golden = {(e["code"], e["variant"]): e for e in seed["golden"]["entries"]}
    built = {(e["code"], e["variant"]): e for e in seed["catalog"]["entries"]}
    assert sorted(built) == sorted(golden), "the set of (code, variant) differs from the golden file"
    wrong = [f"{code}/{variant} {field}: expected {golden[code, variant][field]!r}, got {entry[field]!r}"
             for (code, variant), entry in built.items() for field in CONTRACT_FIELDS
             if entry[field] != golden[code, variant][field]]
    assert not wrong, "\n".join(wrong)


def test_entries_come_in_catalog_order(seed):
    """Sorted numerically by code, variants in document order (the golden files are in that order)."""
    assert [(e["code"], e["variant"]) for e in seed["catalog"]["entries"]] == \
           [(e["code"], e["variant"]) for e in seed["golden"]["entries"]]


def accounted_lines(seed) -> dict[int, str]:
    """Every line of the seed that ends somewhere: a record field, a note, a range, a layout item or a conflict
    that keeps unparsed text. A category is not counted: its heading or range line must end somewhere itself."""
    path = f"raw_sources/{seed['file']}"
    owner: dict[int, str] = {}

    def own(items, why):
        for item in items:
            if item["location"].split(":")[0] == path:
                for n in item.get("lines") or lines_of_location(item["location"]):
                    owner.setdefault(n, why)

    for e in seed["catalog"]["entries"]:
        own([p for f, p in e["provenance"].items() if f != "category"], "record field")
    for c in seed["catalog"]["catalogs"]:
        own(c["notes"], "note")
        own(c["ranges"], "range")
    for s in seed["catalog"]["sources"]:
        own(s["layout"], "layout")
    own([v for c in seed["conflicts"] if c["kind"] in ("unparsed_text", "orphan_fragment") for v in c["values"]],
        "unparsed")
    return owner


def test_every_non_blank_line_ends_somewhere(seed, repo):
    lines = (repo / "raw_sources" / seed["file"]).read_text(encoding="utf-8").split("\n")
    owner = accounted_lines(seed)
    lost = [f"{n}: {line!r}" for n, line in enumerate(lines, 1) if line.strip() and n not in owner]
    assert not lost, "lines that went nowhere:\n" + "\n".join(lost)


def test_000_lines_end_where_they_belong(adhoc_build):
    built = adhoc_build("backend-services", "raw_sources/backend-services-table.tsv")
    owner = accounted_lines({"file": SEEDS["000"][0], **built})
    assert owner[2] == "note"  # "Error codes returned by …": a preamble
    assert owner[3] == "layout"  # the header row
    assert all(owner[n] == "record field" for n in range(4, 68))  # the 64 rows
    assert owner[68] == owner[70] == "note"  # the two footnotes


def test_003_lines_end_where_they_belong(adhoc_build):
    owner = accounted_lines({"file": SEEDS["003"][0], **adhoc_build("parse", "raw_sources/parse-errors.md")})
    lines = (Path(__file__).parents[1] / "raw_sources" / "parse-errors.md").read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines, 1):
        if line.startswith("| `"):
            assert owner[n] == "record field", (n, line)
        elif line.startswith(("#", "{:", "|--", "| Name")):
            assert owner[n] == "layout", (n, line)
    assert owner[3] == "note"  # the introduction paragraph


def test_004_lines_end_where_they_belong(adhoc_build):
    owner = accounted_lines({"file": SEEDS["004"][0],
                             **adhoc_build("identity-cloud", "raw_sources/identity-cloud-registration-errors.txt")})
    assert all(owner[n] in ("note", "range") for n in range(1, 19))  # the preamble: facts and ranges, no entries
    assert all(owner[n] == "record field" for n in range(19, 117))


def _entry(built, code, variant=1):
    return next(e for e in built["catalog"]["entries"] if e["code"] == code and e["variant"] == variant)


def test_provenance_spot_checks(adhoc_build):
    tsv = adhoc_build("backend-services", "raw_sources/backend-services-table.tsv")
    e = _entry(tsv, "107", 3)
    assert e["provenance"]["code"]["location"] == "raw_sources/backend-services-table.tsv:7"
    assert e["provenance"]["operations"]["raw"] == "Update field"
    assert _entry(tsv, "1000")["provenance"]["message"]["lines"] == [67]
    assert e["sources"] == ["backend-services-table"]

    md = adhoc_build("parse", "raw_sources/parse-errors.md")
    e = _entry(md, "601")
    assert e["provenance"]["name"]["location"] == "raw_sources/parse-errors.md:155"
    assert e["provenance"]["category"]["location"] == "raw_sources/parse-errors.md:149"  # `## Client-only errors`
    assert _entry(md, "251", 10)["provenance"]["code"]["lines"] == [139]

    prose = adhoc_build("identity-cloud", "raw_sources/identity-cloud-registration-errors.txt")
    e = _entry(prose, "362")
    assert e["provenance"]["code"]["lines"] == [81]
    assert e["provenance"]["name"]["lines"] == [82]
    assert e["provenance"]["description"]["lines"] == [82, 83, 84]
    assert e["provenance"]["category"]["location"] == "raw_sources/identity-cloud-registration-errors.txt:15"
    assert _entry(prose, "100")["provenance"]["category"]["lines"] == [12]
