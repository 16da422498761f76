"""The documentation page of a catalog, in Markdown and in HTML: one section per category, every field the
catalog fills as a column, then its code ranges and notes.

Both pages are written so the toolkit's own Markdown and HTML layouts read them back into the same entries.
Markdown: characters with a meaning in Markdown or in a pipe table (`| * _ ` [ ] < > & \\ ~`) are written as
numeric character references, which every Markdown renderer shows as the character and never reads as markup
(and which a reference inside a code span would not be: names go in a code span only when they hold none).
HTML: every text goes through `html.escape`, in an element built by `el`, never pasted into a template.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re

from .catalog import Catalog, Entry, generated_notice

# (field, column header): the headers are the words the table reader takes as evidence for each column
COLUMNS = (("code", "Code"), ("name", "Name"), ("http_status", "HTTP status"), ("message", "Message"),
           ("description", "Description"), ("operations", "Returned by"))
MD_SPECIAL = frozenset("|*_`[]<>&\\~#$")
SIMPLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
NOTE_KINDS = {"footnote": "Footnote", "preamble": "Preamble", "range": "Declared", "caption": "Caption",
              "text": "Text", "table": "Table", "front matter": "Front matter"}


# ------------------------------------------------------------------------------------------------ shared
def columns(catalog: Catalog) -> list[tuple[str, str]]:
    """The columns of every table: the code, and each field some entry fills."""
    return [(f, h) for f, h in COLUMNS if f == "code" or catalog.filled(f)]


SAID = {"name": "a name", "http_status": "an HTTP status", "message": "a message", "description": "a description",
        "operations": "the operations that return it"}


def left_out(catalog: Catalog) -> list[str]:
    return [SAID[f] for f, _ in COLUMNS if f != "code" and not catalog.filled(f)]


def intro(catalog: Catalog) -> list[str]:
    """The sentences under the title: what the page lists and what it leaves out."""
    sections = [s for s, _ in catalog.sections() if s]
    said = [f"{len(catalog.entries)} entries" + (f" in {len(sections)} categories" if sections else "") + "."]
    shared = catalog.shared_codes()
    if shared:
        said.append(f"{len(shared)} {'code is' if len(shared) == 1 else 'codes are'} listed more than once: each "
                    "listing is one of the code's variants, in the catalog's order.")
    gone = left_out(catalog)
    if gone:
        said.append(f"No entry gives {_join(gone)}, so {'that column is' if len(gone) == 1 else 'those columns are'}"
                    " left out.")
    return said


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def cell_value(e: Entry, field: str) -> str:
    value = getattr(e, field)
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def html_comment(text: str) -> str:
    """Text that can stand inside `<!-- -->`: no `--` (nor a leading `>`), whatever the catalog holds."""
    safe = re.sub(r"-(?=-)", "- ", text.replace("\n", " "))
    return " " + safe.lstrip(">").rstrip("-") + " "


def note_lines(catalog: Catalog) -> list[tuple[str, str]]:
    """(label, text) per note, in the catalog's order."""
    out = []
    for n in catalog.notes:
        label = NOTE_KINDS.get(n["kind"], n["kind"].capitalize() or "Note")
        if n["marker"]:
            label += f" {n['marker']}"
        out.append((label, n["text"]))
    return out


# ------------------------------------------------------------------------------------------------ Markdown
def range_statement(r: dict) -> str:
    """A range as the sentence that states it (`>= 200 and <= 399`, `>= 500`), in a code span: the form range
    sections are written in, and shown literally."""
    lo, hi = r.get("lo"), r.get("hi")
    if lo is not None and hi is not None:
        return f"`>= {lo} and <= {hi}`"
    if lo is not None:
        return f"`>= {lo}`"
    if hi is not None:
        return f"`<= {hi}`"
    return md_text(r["range"])


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """A control character (which no page should hold, nor a reference to it) written as `U+0007`."""
    return CONTROL.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def md_text(text: str) -> str:
    """Text as Markdown shows it literally: specials as numeric character references, line breaks as `<br>`."""
    return "<br>".join("".join(f"&#{ord(c)};" if c in MD_SPECIAL else c for c in line)
                       for line in shown(text).split("\n"))


def md_cell(e: Entry, field: str) -> str:
    value = cell_value(e, field)
    if field == "name" and value and SIMPLE_NAME.fullmatch(value):
        return f"`{value}`"
    return md_text(value)


def render_markdown(catalog: Catalog) -> str:
    cols = columns(catalog)
    out = [f"<!--{html_comment(generated_notice('markdown', catalog))}-->", "",
           f"# Error codes: {md_text(catalog.name)}", "", " ".join(intro(catalog)), ""]
    for title, entries in catalog.sections():
        if title:
            out += [f"## {md_text(title)}", ""]
        out.append("| " + " | ".join(h for _, h in cols) + " |")
        out.append("|" + "|".join(" --- " for _ in cols) + "|")
        for e in entries:
            out.append("| " + " | ".join(md_cell(e, f) for f, _ in cols) + " |")
        out.append("")
    if catalog.ranges:  # a heading per range and the sentence stating it, as range sections are written
        out += ["## Code ranges", ""]
        for r in catalog.ranges:
            out += [f"### {md_text(r['label'] or r['range'])}", "", f"Error code range: {range_statement(r)}", ""]
    notes = note_lines(catalog)
    if notes:
        out += ["## Notes", ""]
        out += [f"- {md_text(label)}: {md_text(text)}" for label, text in notes]
        out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------ HTML
class Markup(str):
    """Text that is already HTML (built by `el`): inserted as it is, never escaped twice."""


def el(tag: str, attrs: dict[str, str] | None = None, *children, void: bool = False) -> Markup:
    """An element: every attribute value and every child that is not `Markup` is escaped."""
    parts = [f"<{tag}"]
    for key, value in (attrs or {}).items():
        parts.append(f' {key}="{html.escape(str(value), quote=True)}"')
    parts.append(">")
    if void:
        return Markup("".join(parts))
    for child in children:
        parts.append(_html_child(child))
    parts.append(f"</{tag}>")
    return Markup("".join(parts))


def _html_child(child) -> str:
    if isinstance(child, Markup):
        return child
    if isinstance(child, (list, tuple)):
        return "".join(_html_child(c) for c in child)
    if child is None:
        return ""
    return html_text(str(child))


def html_text(text: str) -> Markup:
    """Escaped text; a line break inside it becomes `<br>`."""
    return Markup("<br>".join(html.escape(line, quote=True) for line in shown(text).split("\n")))


def anchor(e: Entry) -> str:
    return "code-" + "_".join(e.code.split()) + (f"-{e.variant}" if e.variant > 1 else "")


STYLE = ("body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;line-height:1.45}"
         "table{border-collapse:collapse;width:100%;margin-bottom:2rem}"
         "th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
         "th{background:#f4f4f4}code{font-size:.95em}")


def render_html(catalog: Catalog) -> str:
    cols = columns(catalog)
    style_hash = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'sha256-{style_hash}'"  # no script at all, only this page's style
    body: list = [el("h1", None, f"Error codes: {catalog.name}"), el("p", None, " ".join(intro(catalog)))]
    for title, entries in catalog.sections():
        rows = [el("tr", {"id": anchor(e)}, [el("td", None, _html_cell(e, f)) for f, _ in cols]) for e in entries]
        table = el("table", None, el("thead", None, el("tr", None, [el("th", None, h) for _, h in cols])),
                   el("tbody", None, rows))
        body.append(el("section", None, el("h2", None, title), table) if title else table)
    if catalog.ranges:
        body.append(el("section", None, el("h2", None, "Code ranges"),
                       el("ul", None, [el("li", None, el("code", None, r["range"]), ": ", r["label"])
                                       for r in catalog.ranges])))
    notes = note_lines(catalog)
    if notes:
        body.append(el("section", None, el("h2", None, "Notes"),
                       el("ul", None, [el("li", None, el("strong", None, label), ": ", text)
                                       for label, text in notes])))
    head = el("head", None,
              el("meta", {"charset": "utf-8"}, void=True),
              el("meta", {"http-equiv": "Content-Security-Policy", "content": csp}, void=True),
              el("title", None, f"Error codes: {catalog.name}"),
              el("style", None, Markup(STYLE)))
    page = el("html", {"lang": "en"}, head, el("body", None, el("main", None, body)))
    return (f"<!DOCTYPE html>\n<!--{html_comment(generated_notice('html', catalog))}-->\n"
            + page.replace("<tr", "\n<tr").replace("<section", "\n<section") + "\n")


def _html_cell(e: Entry, field: str):
    value = cell_value(e, field)
    if field in ("code", "name") and value:
        return el("code", None, value)
    return value
