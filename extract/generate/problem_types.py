"""RFC 9457 problem types for a catalog: one JSON object per entry (`type`, `title`, `status`, `detail`, and the
extension members `code`, `name`, `catalog`) and one HTML page per type, which is what the `type` URI should
lead a person to.

The output is a folder: `SLUG.json` and `SLUG.html` per entry, `index.json` (every object, and the list of files
this generator wrote, so the next run removes the pages of entries that are gone and nothing else) and
`index.html`. A type is `BASE` + `SLUG`, where BASE is `--base-uri` (default: none, a relative reference that
resolves against where the pages are published; a server that serves `SLUG.html` for `SLUG`, as most static
hosts do, makes each type lead to its page).
"""
from __future__ import annotations

import hashlib
import re

from .catalog import Catalog, Entry, generated_notice
from .docs import Markup, STYLE, el, html_comment
from .openapi import json_text

SLUG_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
INDEX = "index.json"


def slugs(catalog: Catalog) -> list[str]:
    """A file name stem per entry: its code (`107`, a `-` in front as `minus-`), `-vN` for a later variant; two
    codes that differ only in case or in characters a file name cannot hold get the code's hash as well."""
    taken: set[str] = set()
    out = []
    for e in catalog.entries:
        code = ("minus-" + e.code[1:]) if e.code.startswith("-") else e.code
        slug = SLUG_UNSAFE.sub("-", code).strip("-.") or "code"
        if e.variant > 1:
            slug += f"-v{e.variant}"
        if slug.casefold() in taken or slug.casefold() in ("index",):
            slug += "-" + hashlib.sha256(f"{e.code}\0{e.variant}".encode()).hexdigest()[:8]
        taken.add(slug.casefold())
        out.append(slug)
    return out


def problem(e: Entry, type_uri: str, catalog: Catalog) -> dict:
    title = e.message or e.name or f"Error {e.code}"
    obj = {"type": type_uri, "title": title}
    if e.http_status is not None:
        obj["status"] = e.http_status
    obj["detail"] = e.description or e.message or title
    obj["code"] = e.code
    if e.name:
        obj["name"] = e.name
    obj["catalog"] = catalog.name
    return obj


def _page(title: str, catalog: Catalog, body: list) -> str:
    import base64

    style_hash = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    head = el("head", None, el("meta", {"charset": "utf-8"}, void=True),
              el("meta", {"http-equiv": "Content-Security-Policy",
                          "content": f"default-src 'none'; style-src 'sha256-{style_hash}'"}, void=True),
              el("title", None, title), el("style", None, Markup(STYLE)))
    page = el("html", {"lang": "en"}, head, el("body", None, el("main", None, body)))
    return f"<!DOCTYPE html>\n<!--{html_comment(generated_notice('problem-types', catalog))}-->\n{page}\n"


def render_problem_types(catalog: Catalog, base_uri: str = "") -> dict[str, str]:
    files: dict[str, str] = {}
    objects = []
    rows = []
    for e, slug in zip(catalog.entries, slugs(catalog)):
        obj = problem(e, base_uri + slug, catalog)
        objects.append(obj)
        files[f"{slug}.json"] = json_text(obj)
        facts = [("Type", el("code", None, obj["type"])), ("Code", el("code", None, e.code))]
        if e.name:
            facts.append(("Name", el("code", None, e.name)))
        if e.http_status is not None:
            facts.append(("HTTP status", str(e.http_status)))
        if e.message:
            facts.append(("Message", e.message))
        if e.category:
            facts.append(("Category", e.category))
        if e.operations:
            facts.append(("Returned by", ", ".join(e.operations)))
        body = [el("h1", None, obj["title"]), el("p", None, obj["detail"]),
                el("table", None, el("tbody", None, [el("tr", None, el("th", None, k), el("td", None, v))
                                                     for k, v in facts])),
                el("p", None, "A response with this problem type has the media type ",
                   el("code", None, "application/problem+json"), " and the members of ",
                   el("a", {"href": f"{slug}.json"}, "this object"), "."),
                el("p", None, el("a", {"href": "index.html"}, f"All problem types of {catalog.name}"))]
        files[f"{slug}.html"] = _page(f"{obj['title']} ({catalog.name} {e.code})", catalog, body)
        rows.append(el("tr", None, el("td", None, el("a", {"href": f"{slug}.html"}, el("code", None, e.code))),
                       el("td", None, e.name), el("td", None, "" if e.http_status is None else str(e.http_status)),
                       el("td", None, obj["title"])))
    index_body = [el("h1", None, f"Problem types: {catalog.name}"),
                  el("p", None, f"{len(objects)} problem types (RFC 9457), one per entry of the catalog."),
                  el("table", None, el("thead", None, el("tr", None, [el("th", None, h) for h in
                                                                       ("Code", "Name", "HTTP status", "Title")])),
                     el("tbody", None, rows))]
    files["index.html"] = _page(f"Problem types: {catalog.name}", catalog, index_body)
    files[INDEX] = json_text({"x-generated": generated_notice("problem-types", catalog), "catalog": catalog.name,
                              "files": sorted(files) + [INDEX], "problem_types": objects})
    return files
