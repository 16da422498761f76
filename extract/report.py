"""The conflict review for people: counts first, then every open conflict with its competing values."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from typing import TYPE_CHECKING

from . import kinds

if TYPE_CHECKING:
    from .build import Build


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
            out.append(f"          {_value_text(v.value)[:100]}    ← {v.location}")
    shown = Counter(c.severity for c in wanted)
    out.append(f"{len(wanted)} conflicts shown ({', '.join(f'{shown[s]} {s}' for s in order if shown[s]) or 'none'}); "
               f"record a decision with: python -m extract resolve ID --accept SOURCE | --value V | --acknowledge --note ...")
    return "\n".join(out)


def render_markdown(build: "Build") -> str:
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
    quality = source_quality(build)
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


def render_html(build: "Build") -> str:
    # JSON inside a <script> element: `<`, `>` and `&` as JSON escapes, so no value can close the element, open
    # a comment or start markup (`</script>`, `<!--<script>`)
    data = (json.dumps([c.to_json() for c in build.conflicts], ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
    summary = "".join(
        f"<section><h3>{html.escape(title)}</h3><table>"
        + "".join(f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>" for k, v in sorted(counter.items()))
        + "</table></section>"
        for title, counter in counts(build).items()
    )
    quality = source_quality(build)
    sources = ""
    if quality:
        keys = list(quality[0])
        sources = ("<h2>Sources</h2><table class=\"sources\"><tr>" + "".join(f"<th>{html.escape(k)}</th>" for k in keys)
                   + "</tr>" + "".join("<tr>" + "".join(f"<td>{html.escape(str(q[k]))}</td>" for k in keys) + "</tr>"
                                       for q in quality) + "</table>")
    compared = ", ".join(f"'{k.name}'" for k in kinds.ALL if k.compared)
    template = HTML_TEMPLATE.replace("%COMPARED%", compared)  # the kinds' names: the page's own script
    parts = {"CSP": _policy(template), "SUMMARY": summary, "SOURCES": sources, "DATA": data}
    # One pass over the template's own markers: text filled in (a source id holding `%DATA%`) is never read again
    return TEMPLATE_MARKER.sub(lambda m: parts[m.group(1)], template)


TEMPLATE_MARKER = re.compile(r"%(CSP|SUMMARY|SOURCES|DATA)%")
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _policy(page: str) -> str:
    """A Content-Security-Policy that runs only the page's own script (by its hash): no inline event handler,
    no injected script, no request anywhere."""
    script = SCRIPT.search(page).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'"


HTML_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="%CSP%"><title>Conflict report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
.summary{display:flex;gap:2em;flex-wrap:wrap} .summary table{border-collapse:collapse}
.summary td{padding:0 .6em;border-bottom:1px solid #ddd}
.filters{margin:1em 0;display:flex;gap:1em;flex-wrap:wrap}
.conflict{border:1px solid #ccc;border-left:5px solid #999;margin:.6em 0;padding:.4em .8em}
.conflict.error{border-left-color:#c62828}.conflict.warning{border-left-color:#ef6c00}.conflict.info{border-left-color:#1565c0}
.values{display:flex;gap:1em;flex-wrap:wrap}.value{flex:1;min-width:14em;background:#f6f6f6;padding:.3em .6em}
.loc{color:#666;font-size:12px} ins{background:#c8e6c9;text-decoration:none;padding:0 .1em} del{background:#ffcdd2;text-decoration:none;padding:0 .1em}
code{font-size:12px}
table.sources{border-collapse:collapse} .sources td,.sources th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:left}
</style></head><body>
<h1>Conflict report</h1>
<div class="summary">%SUMMARY%</div>
%SOURCES%
<div class="filters">
<label>catalog <select id="f-catalog"><option value="">all</option></select></label>
<label>kind <select id="f-kind"><option value="">all</option></select></label>
<label>severity <select id="f-severity"><option value="">all</option></select></label>
<label>status <select id="f-status"><option value="">all</option></select></label>
<span id="shown"></span>
</div>
<div id="list"></div>
<script id="data" type="application/json">%DATA%</script>
<script>
// Errors first, then warnings, then infos; within a severity, the order of conflicts.json (stable sort).
const RANK = {error: 0, warning: 1, info: 2};
const conflicts = JSON.parse(document.getElementById('data').textContent).sort((a, b) => RANK[a.severity] - RANK[b.severity]);
// Kinds whose values are competing versions of one text: there the differences are worth highlighting.
const COMPARED = new Set([%COMPARED%]);
const keys = {catalog: c => c.catalog, kind: c => c.kind, severity: c => c.severity, status: c => c.resolution.status};
for (const [k, get] of Object.entries(keys)) {
  const sel = document.getElementById('f-' + k);
  [...new Set(conflicts.map(get))].sort().forEach(v => sel.add(new Option(v, v)));
  sel.addEventListener('change', render);
}
function esc(s) { return String(s).replace(/[&<>"]/g, ch => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[ch])); }
function show(v) { return v === null || v === '' || (Array.isArray(v) && !v.length) ? '(blank)' : Array.isArray(v) ? v.join('; ') : String(v); }
// Word-level difference of a value against the first one, so a reviewer sees at once what differs.
function diff(a, b) {
  const x = a.split(/(\\s+)/), y = b.split(/(\\s+)/), n = x.length, m = y.length;
  const L = Array.from({length: n + 1}, () => new Array(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    L[i][j] = x[i] === y[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  let i = 0, j = 0, out = '';
  while (i < n && j < m) {
    if (x[i] === y[j]) { out += esc(y[j]); i++; j++; }
    else if (L[i + 1][j] >= L[i][j + 1]) { out += '<del>' + esc(x[i++]) + '</del>'; }
    else { out += '<ins>' + esc(y[j++]) + '</ins>'; }
  }
  while (i < n) out += '<del>' + esc(x[i++]) + '</del>';
  while (j < m) out += '<ins>' + esc(y[j++]) + '</ins>';
  return out;
}
function render() {
  const want = Object.fromEntries(Object.keys(keys).map(k => [k, document.getElementById('f-' + k).value]));
  const shown = conflicts.filter(c => Object.entries(keys).every(([k, get]) => !want[k] || get(c) === want[k]));
  document.getElementById('shown').textContent = shown.length + ' of ' + conflicts.length + ' shown';
  document.getElementById('list').innerHTML = shown.map(c => {
    const first = c.values.length ? show(c.values[0].value) : '';
    const values = c.values.map((v, i) => '<div class="value"><div>' + (i && COMPARED.has(c.kind) ? diff(first, show(v.value)) : esc(show(v.value)))
      + '</div><div class="loc">' + esc(v.source || '') + ' · ' + esc(v.location || '') + '</div></div>').join('');
    return '<div class="conflict ' + esc(c.severity) + '" data-id="' + esc(c.id) + '" data-kind="' + esc(c.kind) + '">'
      + '<div><b>' + esc(c.severity) + '</b> · ' + esc(c.kind) + ' · ' + esc(c.catalog) + (c.code !== null ? ' ' + esc(c.code) : '')
      + (c.field ? ' · <code>' + esc(c.field) + '</code>' : '') + ' · ' + esc(c.resolution.status)
      + (c.resolution.rule ? ' (' + esc(c.resolution.rule) + ')' : '') + '</div>'
      + '<div>' + esc(c.message) + '</div><div class="values">' + values + '</div><div class="loc"><code>' + esc(c.id) + '</code></div></div>';
  }).join('');
}
render();
</script></body></html>
"""
