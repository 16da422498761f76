"""The manifest build (what `make extract` writes) accounts for every non-blank line of every seed: in an
entry's provenance or `attested_by`, a catalog note or range, a source's layout items, or a conflict's values
— also for the lower-priority sources whose values were not chosen."""
from __future__ import annotations

from layout_helpers import lines_of_location


def test_every_line_of_every_seed_ends_somewhere(seed_build):
    catalog, conflicts = seed_build["catalog"], seed_build["conflicts"]
    owned: dict[str, set[int]] = {}

    def own(items):
        for item in items:
            path = item["location"].rsplit(":", 1)[0]
            owned.setdefault(path, set()).update(item.get("lines") or lines_of_location(item["location"]))

    for e in catalog["entries"]:
        own([p for f, p in e["provenance"].items() if f != "category"])
        own(e["attested_by"])
    for c in catalog["catalogs"]:
        own(c["notes"])
        own(c["ranges"])
    for s in catalog["sources"]:
        own(s["layout"])
    own([v for c in conflicts for v in c["values"] if ":" in v.get("location", "")])
    for source in catalog["sources"]:
        text = (seed_build["root"] / source["path"]).read_text(encoding="utf-8").split("\n")
        lost = [n for n, line in enumerate(text, 1) if line.strip() and n not in owned.get(source["path"], set())]
        assert lost == [], f"{source['path']}: lines that went nowhere: {lost}"
