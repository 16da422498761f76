"""The conflict review for people: counts first, then every open conflict with its competing values."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from . import kinds
from .terminal import shorten
from .report_html import render_html  # noqa: F401  (the page lives in report_html.py; callers import it here)

if TYPE_CHECKING:
    from .pipeline import Build


SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _value_text(value) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, list):
        return "; ".join(map(str, value)) or "(blank)"
    return str(value) if str(value) != "" else "(blank)"


def counts(build: "Build") -> dict[str, Counter]:
    return {
        "catalog": Counter(c.catalog for c in build.conflicts),
        "kind": Counter(c.kind for c in build.conflicts),
        "severity": Counter(c.severity for c in build.conflicts),
        "status": Counter(c.resolution.status for c in build.conflicts),
    }


def agreement(result) -> dict[str, tuple[int, int]]:
    """Per source of one catalog: (its cells that agree with the catalog's chosen value, its cells compared),
    counting only fields another source gives too. A cell that is itself the chosen one agrees at once."""
    from .text import loose_text

    agree: Counter = Counter()
    compared: Counter = Counter()
    for entry in result.entries:
        records = entry.records
        if len(records) < 2 or len({r.source for r in records}) < 2:
            continue
        chosen_cells = entry.cells
        for r in records:
            for fld, cell in r.cells.items():
                if fld in ("code", "category") or fld.startswith("x:") or cell.value in (None, "", []):
                    continue
                compared[r.source] += 1
                chosen = chosen_cells.get(fld)
                agree[r.source] += chosen is cell or (chosen is not None and (
                    cell.value == chosen.value or loose_text(cell.value) == loose_text(chosen.value)))
    return {sid: (agree[sid], n) for sid, n in compared.items()}


def source_quality(build: "Build", agreements: list[dict[str, tuple[int, int]]] | None = None) -> list[dict]:
    """Per source: records, blank cells, joined fragments, uncertain splits, unparsed lines, and how often its
    cells agree with the catalog's chosen value where another source gives that field too (`agreements`: each
    catalog's, from `agreement`)."""
    if agreements is None:
        agreements = [agreement(result) for result in build.catalogs.values()]
    agree = {sid: counts for part in agreements for sid, counts in part.items()}
    found: dict[str, Counter] = {}
    for c in build.conflicts:
        if c.values:
            found.setdefault(c.values[0].source, Counter())[c.kind] += 1
    rows = []
    for sid, facts in sorted(build.sources.items()):
        kinds_found = found.get(sid, Counter())
        agreed, compared = agree.get(sid, (0, 0))
        rows.append({"source": sid, "format": facts.format, "records": facts.records, "blank cells": facts.blank_cells,
                     **{k.per_source: kinds_found[k.name] for k in kinds.ALL if k.per_source},
                     "agreement": f"{100 * agreed / compared:.0f}% of {compared}" if compared else "-"})
    return rows


def render_terminal(build: "Build", severity=None, kind=None, catalog=None, show_all=False) -> str:
    """The conflicts a reviewer still has to look at, errors first, each with its competing values."""
    wanted = [c for c in build.conflicts
              if (show_all or c.resolution.is_open) and (not severity or c.severity == severity)
              and (not kind or c.kind == kind) and (not catalog or c.catalog == catalog)]
    order = SEVERITY_RANK
    wanted.sort(key=lambda c: order[c.severity])
    out = []
    for c in wanted:
        out.append(f"{c.severity.upper():7} {c.id}  [{c.resolution.status}]")
        out.append(f"        {c.message}")
        for v in c.values:
            out.append(f"          {shorten(_value_text(v.value))}    ← {v.location}")
    shown = Counter(c.severity for c in wanted)
    out.append(f"{len(wanted)} conflicts shown ({', '.join(f'{shown[s]} {s}' for s in order if shown[s]) or 'none'}); "
               f"record a decision with: python -m extract resolve ID --accept SOURCE | --value V | --acknowledge --note ...")
    return "\n".join(out)


def open_conflict_blocks(conflicts) -> dict[str, str]:
    """report.md's sections of the open conflicts among `conflicts`, by severity: the report lists errors first,
    then warnings, then infos, each in catalog and code order, so one catalog's blocks are rendered once and
    joined with the other catalogs' by severity."""
    blocks: dict[str, list[str]] = {}
    for c in conflicts:
        if not c.resolution.is_open:
            continue
        out = blocks.setdefault(c.severity, [])
        where = f"{c.catalog} {c.code}" + (f" (variant {c.variant})" if c.variant else "") if c.code else c.catalog
        out.append(f"### {c.severity}: {c.kind} — {where}")
        out.append("")
        out.append(f"`{c.id}`" + (f" · field `{c.field}`" if c.field else ""))
        out.append("")
        out.append(c.message)
        out.append("")
        if c.values:
            out.append("| source | value | location |")
            out.append("| --- | --- | --- |")
            for v in c.values:
                cell = _value_text(v.value).replace("|", "\\|").replace("\n", " ")
                out.append(f"| {v.source} | {cell} | {v.location} |")
            out.append("")
    return {sev: "\n".join(lines) + "\n" for sev, lines in blocks.items()}


def render_markdown(build: "Build", quality: list[dict] | None = None,
                    blocks: list[dict[str, str]] | None = None) -> str:
    """report.md; `blocks`: each catalog's `open_conflict_blocks`, in catalog order (made here when not given)."""
    out = ["# Conflict report", ""]
    total = len(build.conflicts)
    opened = sum(1 for c in build.conflicts if c.resolution.is_open)
    out.append(f"{total} conflicts, {opened} open.")
    out.append("")
    for title, counter in counts(build).items():
        out.append(f"| {title} | count |")
        out.append("| --- | ---: |")
        out += [f"| {k} | {v} |" for k, v in sorted(counter.items())]
        out.append("")
    out.append("## Sources")
    out.append("")
    quality = quality if quality is not None else source_quality(build)  # computed once for both reports
    if quality:
        keys = list(quality[0])
        out.append("| " + " | ".join(keys) + " |")
        out.append("|" + " --- |" * len(keys))
        out += ["| " + " | ".join(str(q[k]) for k in keys) + " |" for q in quality]
    out.append("")
    out.append("## Open conflicts")
    out.append("")
    if not opened:
        out.append("None.")
    if blocks is None:
        blocks = [open_conflict_blocks(build.conflicts)]
    text = "\n".join(out) + "\n" + "".join(part.get(sev, "") for sev in SEVERITY_RANK for part in blocks)
    return text.rstrip("\n") + "\n"
