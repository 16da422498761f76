"""extract/report_html.py without a browser: the page's template, its embedded data, its Content-Security-Policy
and the value in use of each conflict (checked against catalog.json). The browser test drives the same page."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources

from extract import kinds, report, report_html
from extract.pipeline import Build
from extract.model import Conflict

DATA_OPEN = '<script id="data" type="application/json">'


def embedded(page: str):
    """The JSON the page carries for its script."""
    start = page.index(DATA_OPEN) + len(DATA_OPEN)
    return json.loads(page[start:page.index("</script>", start)])


def code_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


def page_of(*conflicts: Conflict) -> str:
    build = Build([])
    build.conflicts = list(conflicts)
    for c in build.conflicts:
        c.assign_id()
    return report_html.render_html(build)


def test_report_still_offers_render_html():
    assert report.render_html is report_html.render_html


def test_the_template_is_package_data_with_a_viewport():
    page = resources.files("extract").joinpath("templates", "report.html").read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert sorted(set(re.findall(r"%([A-Z]+)%", page))) == ["CSP", "DATA", "SOURCES", "SUMMARY"]


def test_only_the_pages_own_script_runs(seed_build):
    page = (seed_build["root"] / "normalized" / "report.html").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    [script] = code_scripts(page)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert csp.split("; ")[:3] == ["default-src 'none'", "style-src 'unsafe-inline'", f"script-src 'sha256-{digest}'"]
    assert page.count("<script") == 2  # the data (not run: application/json) and the code


def test_the_script_never_turns_text_into_markup_or_code():
    [script] = code_scripts(report_html.template())
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(",
                 "setTimeout", "setInterval", "srcdoc", "createContextualFragment", "DOMParser", "fetch(",
                 "XMLHttpRequest", "import("):
        assert sink not in script, sink


def test_the_data_cannot_close_its_element_and_markers_are_filled_once():
    hostile = ["</script><script>alert(1)</script>", "<!--<script>", "&lt;b&gt; & <b>", "%DATA% %CSP% %SUMMARY%"]
    conflicts = [Conflict("value_mismatch", "demo", message=f"about {text}", code="1", variant=1, field="message",
                          values=[{"source": "%SOURCES%", "value": text, "location": "a.txt:1"}])
                 for text in hostile]
    page = page_of(*conflicts)
    start = page.index(DATA_OPEN) + len(DATA_OPEN)
    raw = page[start:page.index("</script>", start)]
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert embedded(page)["conflicts"] == [c.to_json() for c in conflicts]
    assert page.count('http-equiv="Content-Security-Policy"') == 1 and page.count(DATA_OPEN) == 1


def test_the_page_is_the_same_bytes_for_the_same_build(seed_build):
    page = (seed_build["root"] / "normalized" / "report.html").read_text(encoding="utf-8")
    data = embedded(page)
    assert data["conflicts"] == seed_build["conflicts"]
    assert data["severities"] == ["error", "warning", "info"] and data["statuses"] == ["open", "auto", "manual"]
    assert page_of() == page_of()


def test_the_compared_kinds_come_from_the_registry(seed_build):
    page = (seed_build["root"] / "normalized" / "report.html").read_text(encoding="utf-8")
    assert embedded(page)["compared"] == [k.name for k in kinds.ALL if k.compared]


def blank(value):
    return None if value in (None, "", []) else value


def test_the_value_in_use_is_the_catalogs(seed_build):
    """Per conflict about one field of one entry, the value the catalog uses is the entry's value in
    catalog.json; otherwise the value an automatic rule chose; a conflict with neither has none."""
    in_use = embedded((seed_build["root"] / "normalized" / "report.html").read_text(encoding="utf-8"))["in_use"]
    entries = {(e["catalog"], e["code"], e["variant"]): e for e in seed_build["catalog"]["entries"]}
    checked = 0
    for c in seed_build["conflicts"]:
        own_codes = all(v.get("code") in (None, c["code"]) for v in c["values"])
        if c["field"] and c["code"] is not None and own_codes:
            entry = entries[(c["catalog"], c["code"], c["variant"] or 1)]
            assert blank(in_use[c["id"]]) == blank(entry[c["field"]]), c["id"]
            checked += 1
        elif c["resolution"]["status"] != "open" and c["resolution"]["value"] is not None:
            assert in_use[c["id"]] == c["resolution"]["value"], c["id"]
        else:
            assert c["id"] not in in_use, c["id"]
    assert checked >= 20
    # the seeds' known cases: 611's operations come from the table, its status from the PDF dump
    ops = next(c for c in seed_build["conflicts"] if c["code"] == "611" and c["field"] == "operations")
    assert in_use[ops["id"]] == ["All data operations*", "Metadata operations\u2020 for content types"]
    status = next(c for c in seed_build["conflicts"] if c["code"] == "611" and c["field"] == "http_status")
    assert in_use[status["id"]] == 400
