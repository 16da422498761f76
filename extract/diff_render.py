"""Rendering a catalog diff: Markdown for a pull-request comment, JSON for scripts. Same diff, same bytes.

Breaking changes come first, as oasdiff and buf list them: the catalogs that have any before the others, and
in each catalog's table the breaking rows before the rest (each group in code order). Every row names its
rule (`code-removed`, `status-changed`, … from `diff.RULES`), so a reviewer can look the rule up and a script
can filter on it."""
from __future__ import annotations

import json

from .catalog_diff import LEVELS, RULES, Rule, item_order

COLUMNS = ("change", "code", "variant", "name", "field", "before", "after", "breaking", "rule")


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
    shown = [cat for cat in result["catalogs"] if cat["status"] != "unchanged"]
    for cat in sorted(shown, key=lambda c: not c["summary"]["breaking"]):  # stable: by name inside each group
        status = {"added": " (new catalog)", "removed": " (catalog removed)"}.get(cat["status"], "")
        lines += [f"### {cat['catalog']}{status}: {_counts(cat['summary'])}", "",
                  _row(COLUMNS), _row(["---"] * len(COLUMNS))]
        # One table reads best in code order, whatever the kind; breaking rows first.
        rows = [r for i in sorted((i for i in items if i["catalog"] == cat["catalog"]), key=item_order)
                for r in _rows(i)]
        lines += [_row(cells) for breaking, cells in sorted(rows, key=lambda r: not r[0])]
        lines.append("")
    return "\n".join(lines)


def _rows(item: dict) -> list[tuple[bool, list[str]]]:
    """(breaking, cells) per row: an added or removed entry is one row, a changed one a row per field."""
    kind, rules = item["kind"], item["rules"]
    variant = "" if item["variant"] is None else str(item["variant"])
    if kind in ("added", "removed"):
        e = item["entry"]
        change = f"{kind} ({item['via']})" if "via" in item else kind
        summary = " — ".join(_cell(e.get(f)) for f in ("message", "description") if _cell(e.get(f)))
        before, after = (summary, "") if kind == "removed" else ("", summary)
        return [(item["breaking"], [change, item["code"], variant, item["name"], "", before, after,
                                    _yes(item["breaking"]), f"`{rules[0]}`"])]
    code = item["code"] or ""
    if "old" in item:  # a move or a renumbered variant: show where the entry was
        if item["old"]["code"] != item["code"]:
            code = f"{item['old']['code']} → {item['code']}"
        if item["old"]["variant"] != item["variant"]:
            variant = f"{item['old']['variant']} → {item['variant']}"
    rows = []
    for f, rule in zip(item["fields"], rules):
        if kind in ("note", "range"):
            change = f"{kind} " + ("added" if f["before"] is None else "removed" if f["after"] is None else "changed")
            cells = [change, "", "", "", kind + "s", _cell(f["before"]), _cell(f["after"])]
        else:
            cells = [kind, code, variant, item["name"], f["field"], _shown(f["before"]), _shown(f["after"])]
        rows.append((f["breaking"], [*cells, _yes(f["breaking"]), f"`{rule}`"]))
    return rows


def rules_table(rules: tuple[Rule, ...] | list[Rule] = RULES) -> str:
    """The rule registry as the README's Markdown table (breaking rules first)."""
    lines = [_row(("rule", "level", "when")), _row(("---",) * 3)]
    for r in sorted(rules, key=lambda r: LEVELS.index(r.level)):
        lines.append(_row((f"`{r.id}`", f"**{r.level}**" if r.breaking else r.level, r.when)))
    return "\n".join(lines) + "\n"


def _yes(breaking: bool) -> str:
    return "**yes**" if breaking else "no"


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
