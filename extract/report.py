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


def source_quality(build: "Build") -> list[dict]:
    """Per source: records, blank cells, joined fragments, uncertain splits, unparsed lines, and how often its
    cells agree with the catalog's chosen value where another source gives that field too."""
    from .text import loose_text

    agree: Counter = Counter()
    compared: Counter = Counter()
    for result in build.catalogs.values():
        for entry in result.entries:
            if len({r.source for r in entry.records}) < 2:
                continue
            for r in entry.records:
                for fld, cell in r.cells.items():
                    chosen = entry.get(fld)
                    if fld in ("code", "category") or fld.startswith("x:") or cell.value in (None, "", []):
                        continue
                    compared[r.source] += 1
                    agree[r.source] += loose_text(cell.value) == loose_text(chosen)
    rows = []
    for sid, parsed in sorted(build.parsed.items()):
        blank = sum(1 for r in parsed.records for c in r.cells.values() if c.value in (None, "", []))
        found = Counter(c.kind for c in build.conflicts if c.values and c.values[0].source == sid)
        rows.append({"source": sid, "format": parsed.format, "records": len(parsed.records), "blank cells": blank,
                     **{k.per_source: found[k.name] for k in kinds.ALL if k.per_source},
                     "agreement": f"{100 * agree[sid] / compared[sid]:.0f}% of {compared[sid]}" if compared[sid] else "-"})
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


def render_markdown(build: "Build", quality: list[dict] | None = None) -> str:
    out = ["# Conflict report", ""]
    total = len(build.conflicts)
    open_ = sorted((c for c in build.conflicts if c.resolution.is_open),
                   key=lambda c: SEVERITY_RANK[c.severity])  # errors first; stable, so catalog and code order within
    out.append(f"{total} conflicts, {len(open_)} open.")
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
    if not open_:
        out.append("None.")
    for c in open_:
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
    return "\n".join(out).rstrip("\n") + "\n"
