"""Rendering a catalog diff: Markdown for a pull-request comment, JSON for scripts. Same diff, same bytes."""
from __future__ import annotations

import json

from .diff import item_order

COLUMNS = ("change", "code", "variant", "name", "field", "before", "after", "breaking")


def render_json(result: dict) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def _counts(summary: dict) -> str:
    return (f"{summary['breaking']} breaking, {summary['changed']} changed, "
            f"{summary['added']} added, {summary['removed']} removed")


def render_markdown(result: dict) -> str:
    lines = [f"## Catalog diff: {_counts(result['summary'])}", "",
             f"`{result['old']}` → `{result['new']}`", ""]
    items = result["added"] + result["removed"] + result["changed"]
    if not items:
        lines += ["No changes.", ""]
    for cat in result["catalogs"]:
        if cat["status"] == "unchanged":
            continue
        status = {"added": " (new catalog)", "removed": " (catalog removed)"}.get(cat["status"], "")
        lines += [f"### {cat['catalog']}{status}: {_counts(cat['summary'])}", "",
                  _row(COLUMNS), _row(["---"] * len(COLUMNS))]
        # Items come sorted per list; one table reads best in code order, whatever the kind.
        for item in sorted((i for i in items if i["catalog"] == cat["catalog"]), key=item_order):
            lines += [_row(r) for r in _rows(item)]
        lines.append("")
    return "\n".join(lines)


def _rows(item: dict) -> list[list[str]]:
    kind, breaking = item["kind"], "**yes**" if item["breaking"] else "no"
    variant = "" if item["variant"] is None else str(item["variant"])
    if kind in ("added", "removed"):
        e = item["entry"]
        change = f"{kind} ({item['via']})" if "via" in item else kind
        summary = " — ".join(_cell(e.get(f)) for f in ("message", "description") if _cell(e.get(f)))
        before, after = (summary, "") if kind == "removed" else ("", summary)
        return [[change, item["code"], variant, item["name"], "", before, after, breaking]]
    code = item["code"] or ""
    if "old" in item:  # a move or a renumbered variant: show where the entry was
        if item["old"]["code"] != item["code"]:
            code = f"{item['old']['code']} → {item['code']}"
        if item["old"]["variant"] != item["variant"]:
            variant = f"{item['old']['variant']} → {item['variant']}"
    rows = []
    for f in item["fields"]:
        if kind in ("note", "range"):
            change = f"{kind} " + ("added" if f["before"] is None else "removed" if f["after"] is None else "changed")
            rows.append([change, "", "", "", kind + "s", _cell(f["before"]), _cell(f["after"]), breaking])
        else:
            rows.append([kind, code, variant, item["name"], f["field"], _shown(f["before"]), _shown(f["after"]),
                         "**yes**" if f["breaking"] else "no"])
    return rows


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)  # as catalog.csv joins lists; names may hold commas
    return " ".join(str(value).split())


def _shown(value) -> str:
    """A before/after value; an empty one is marked, so a blank cell never hides a change."""
    return _cell(value) or "*(none)*"


def _row(cells) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"
