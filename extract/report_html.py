"""normalized/report.html: the conflict review for people in a browser, one self-contained page.

The page is `templates/report.html` with four markers filled in one pass: the Content-Security-Policy, the count
tables, the sources table and the data. Document text reaches the page only as escaped HTML in the tables or as
JSON inside a `<script type="application/json">` element, and the page's own script (static, allowed by its hash)
builds every element with `textContent`, so no value can become markup or code.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from . import kinds
from .model import RESOLUTION_STATUSES

if TYPE_CHECKING:
    from .pipeline import Build

TEMPLATE_MARKER = re.compile(r"%(CSP|SUMMARY|SOURCES|DATA)%")


@lru_cache(maxsize=1)
def template() -> str:
    return resources.files(__package__).joinpath("templates", "report.html").read_text(encoding="utf-8")


def render_html(build: "Build", quality: list[dict] | None = None, in_use: dict[str, Any] | None = None,
                conflict_items: list[str] | None = None) -> str:
    """report.html; `in_use` (`values_in_use`) and `conflict_items` (`conflict_item` of every conflict, in the
    build's order) are made here when not given: a rebuild takes an unchanged catalog's from the cache."""
    from .report import counts, source_quality  # here, not at the top: report.py re-exports render_html

    if in_use is None:
        in_use = values_in_use(build.conflicts, (e for result in build.catalogs.values() for e in result.entries))
    if conflict_items is None:
        conflict_items = [conflict_item(c) for c in build.conflicts]
    # script_json of {"compared", "conflicts", "in_use", "severities", "statuses"} (sorted keys, as json.dumps
    # writes them), with the conflicts' items already encoded
    data = "".join([
        '{"compared": ', script_json([k.name for k in kinds.ALL if k.compared]),
        ', "conflicts": [', ", ".join(conflict_items),
        '], "in_use": ', script_json(in_use),
        ', "severities": ', script_json(list(kinds.SEVERITIES)),
        ', "statuses": ', script_json(list(RESOLUTION_STATUSES)), "}"])
    summary = "".join(
        f"<section><h3>{html.escape(title)}</h3><table>"
        + "".join(f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>" for k, v in sorted(counter.items()))
        + "</table></section>"
        for title, counter in counts(build).items()
    )
    quality = quality if quality is not None else source_quality(build)
    sources = ""
    if quality:
        keys = list(quality[0])
        # in its own scrolling box: a wide table must not widen the page on a narrow window
        sources = ("<h2>Sources</h2><div class=\"scroll\"><table class=\"sources\"><tr>"
                   + "".join(f"<th>{html.escape(k)}</th>" for k in keys) + "</tr>"
                   + "".join("<tr>" + "".join(f"<td>{html.escape(str(q[k]))}</td>" for k in keys) + "</tr>"
                             for q in quality) + "</table></div>")
    page = template()
    parts = {"CSP": policy(page), "SUMMARY": summary, "SOURCES": sources, "DATA": data}
    # One pass over the template's own markers: text filled in (a source id holding `%DATA%`) is never read again
    return TEMPLATE_MARKER.sub(lambda m: parts[m.group(1)], page)


def script_json(data: Any) -> str:
    """JSON to sit inside a <script> element: `<`, `>` and `&` as JSON escapes, so no value can close the element,
    open a comment or start markup (`</script>`, `<!--<script>`)."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def conflict_item(conflict) -> str:
    """One conflict as the page's data holds it."""
    return script_json(conflict.to_json())


def values_in_use(conflicts, entries) -> dict[str, Any]:
    """Per conflict id, the value the catalog uses for the conflict's field: the entry's value where the
    conflict is about one field of one entry, else the value an automatic rule or a reviewer chose. Conflicts
    with neither (a code missing in a source, an orphan fragment) have no value in use."""
    entries = {(e.catalog, e.code, e.variant): e for e in entries}
    out = {}
    for c in conflicts:
        # values that carry their own code (a name used at two codes) belong to different entries
        one_entry = c.field and c.code is not None and all(v.code in (None, c.code) for v in c.values)
        entry = entries.get((c.catalog, c.code, c.variant or 1)) if one_entry else None
        if entry is not None:
            out[c.id] = entry.get(c.field)
        elif not c.resolution.is_open and c.resolution.value is not None:
            out[c.id] = c.resolution.value
    return out


def policy(page: str) -> str:
    """A Content-Security-Policy that runs only the page's own script (by its hash): no inline event handler,
    no injected script, no request anywhere, no form or base URL to redirect."""
    start = page.index("<script>") + len("<script>")
    script = page[start:page.index("</script>", start)]
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; "
            "base-uri 'none'; form-action 'none'")
