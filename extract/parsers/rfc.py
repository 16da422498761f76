"""RFC-style plain text: a paginated document (page footers `Postel & Reynolds   [Page 39]`, page headers
`RFC 959   October 1985` and a running title under them, form feeds) whose lists are written by indentation:
`NNN  NAME` or `NNN text` at one indent, the lines that belong to it deeper, a bare `1000` line with its text
indented below, numbered section titles (`6.1 Error Replies.`) above them.

This layout finds that structure and nothing more. Page chrome becomes layout, and the page break closes up so
an entry continues across it; a numbered section title becomes a heading (its number is layout); a line whose
first word may be a code and that stands where a list item stands (after a blank line, or as the sibling of
the item before it) becomes a list item, and a line of `CODE NAME` pairs in columns one item per pair; a
quoted reply template is read as the words it shows (its quotes and `\\` continuations are layout). What each
part of a head means — code, name, title — is decided by the item typing stage through the prose reader
(`prose.parse` on the document as this layout sees it, `extract/items.py` for the heads); every location is
mapped back to the document's own lines.
"""
from __future__ import annotations

from dataclasses import replace

from ..documents import Document
from ..items import parse_head
from ..model import ConflictValue, Layout, Loc, Parsed, line_runs
from ..patterns import DOT_LEADERS, MONTH_YEAR_END, RFC_PAGE_FOOTER, RFC_PAGE_HEADER, RFC_SECTION, WIDE_GAP
from ..settings import DEFAULT, ProseSettings
from ..text import collapse
from . import Context, LayoutRule, prose


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def page_chrome(lines: list[str], ps: ProseSettings) -> dict[int, str]:
    """0-based line → its role, for the page furniture of a paginated document (empty when it is not one)."""
    footers = [i for i, line in enumerate(lines) if not _indent(line.lstrip("\f")) and line.strip()
               and RFC_PAGE_FOOTER.search(line)]
    if len(footers) < ps.rfc_min_pages:
        return {}
    chrome: dict[int, str] = {i: "page footer" for i in footers}
    headers = [i for i, line in enumerate(lines) if RFC_PAGE_HEADER.match(line.lstrip("\f")) and MONTH_YEAR_END.search(line)]
    for i in headers:
        chrome[i] = "page header"
    # the running title: the same line right under every page header (`File Transfer Protocol`)
    under: dict[str, list[int]] = {}
    for i in headers:
        if i + 1 < len(lines) and lines[i + 1].strip() and not _indent(lines[i + 1]):
            under.setdefault(lines[i + 1].strip(), []).append(i + 1)
    for found in under.values():
        if len(found) >= ps.rfc_running_title_pages:
            chrome.update({i: "running title" for i in found})
    for i, line in enumerate(lines):
        if "\f" in line and not line.strip():
            chrome[i] = "form feed"
    return chrome


def _section(line: str, ps: ProseSettings) -> tuple[int, str] | None:
    """A numbered section title as (level, title): `6.1 Error Replies.` → (2, 'Error Replies')."""
    text = line.strip()
    m = RFC_SECTION.fullmatch(text)
    if not m or _indent(line) > ps.rfc_section_indent or DOT_LEADERS.search(text):
        return None
    number, title = m.group(1), collapse(m.group(2)).rstrip(".").strip()
    if "." not in number and (_indent(line) or not text[len(number):].startswith(".")):
        return None  # `1. no longer in use;` inside the text is a numbered list, `6. REPLIES` a section
    if not title or len(title.split()) > ps.rfc_section_words or title[-1] in ",;:":
        return None
    return number.count(".") + 1, title


def _pairs(text: str, first_shape: str, ps: ProseSettings) -> list[str] | None:
    """`209  RPL_TRACECLASS   217  RPL_STATSQLINE` → ['209  RPL_TRACECLASS', '217  RPL_STATSQLINE']."""
    cells = WIDE_GAP.split(text)
    if len(cells) < 4 or len(cells) % 2 or len(cells) > 2 * ps.rfc_max_columns:
        return None
    for key, name in zip(cells[0::2], cells[1::2]):
        head = parse_head(key)
        if len(key.split()) != 1 or len(name.split()) != 1 or not head.atoms or head.atoms[0].shape != first_shape:
            return None
        named = parse_head(name).atoms
        if not named or named[0].shape == first_shape:
            return None  # `1       7        8        8`: the numbers over a diagram
    return [f"{k}  {n}" for k, n in zip(cells[0::2], cells[1::2])]


def view_of(lines: list[str], ps: ProseSettings) -> tuple[list[tuple[int, str]], list[Layout | tuple[str, int]]]:
    """The document as this layout reads it: (1-based source line, text) per line — page chrome out, runs of
    blank lines closed up, section titles as headings, list items marked, quoted templates unquoted — and the
    lines that became layout (role, 1-based line)."""
    chrome = page_chrome(lines, ps)
    layout: list[tuple[str, int]] = [(role, i + 1) for i, role in sorted(chrome.items())]
    kept: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if i in chrome:
            continue
        line = line.replace("\f", "").rstrip()
        if not line.strip():
            if kept and not kept[-1][1]:
                continue
            line = ""
        kept.append((i + 1, line))

    view: list[tuple[int, str]] = []
    heads: list[tuple[int, str]] = []  # per view line: (indent, blank | text | the shape of an item's key)
    quote_open = False
    for k, (n, line) in enumerate(kept):
        text = line.strip()
        indent = _indent(line)
        if not text:
            view.append((n, ""))
            heads.append((0, "blank"))
            continue
        if quote_open:  # a quoted template continued with `\` (over a page break too)
            quote_open = text.endswith("\\")
            inner = text.rstrip("\\").rstrip() if quote_open else text.removesuffix('"')
            view.append((n, " " * indent + inner))
            heads.append((indent, "text"))
            continue
        before = view[-1][1] if view else ""
        after = kept[k + 1][1] if k + 1 < len(kept) else ""
        sec = _section(line, ps)
        if sec and not before.strip() and not after.strip():
            view.append((n, "#" * min(sec[0], 6) + " " + sec[1]))
            heads.append((0, "blank"))
            continue
        head = parse_head(prose.plain(text))
        if _opens_item(head, text) and _stands_as_item(heads, indent, head.atoms[0].shape):
            pairs = _pairs(text, head.atoms[0].shape, ps)
            for part in pairs or [text]:
                view.append((n, " " * indent + "- " + part))
                heads.append((indent, head.atoms[0].shape))
            continue
        if text.startswith('"') and len(text) > 1:
            if text.endswith('"'):
                text = text[1:-1]
            elif text.endswith("\\"):
                quote_open, text = True, text[1:-1].rstrip()
            view.append((n, " " * indent + text))
            heads.append((indent, "text"))
            continue
        view.append((n, line))
        heads.append((indent, "text"))
    return view, layout


def _opens_item(head, text: str) -> bool:
    """The line opens with a key-like word: not a citation label (`[RFC2119]  Bradner, S., …`), not a
    run-in label (`NOTES: 1. The data connection …`), not a list number (`1. no longer in use;`)."""
    if not head.atoms or head.atoms[0].tail or head.atoms[0].bracketed:
        return False
    first = text.split()[0]
    cells = WIDE_GAP.split(text)
    if len(cells) > 1 and all(c.isdigit() for c in cells):
        return False  # `1       7        8        8`: a row of figures (bit widths over a diagram)
    if first.endswith(":") and head.atoms[0].shape == "symbolic" and len(text.split()) > 1:
        return False
    return not (first[:-1].isdigit() and first[-1:] in ".)")


def _stands_as_item(heads: list[tuple[int, str]], indent: int, shape: str) -> bool:
    """A line stands where a list item stands: after a blank line (or a heading), or after an item at its
    indent whose key has the same shape, and the deeper lines under that item (a line of running text that
    starts with a number does not, nor `200 directory changed` under `CWD /usr/dm` in an example dialog)."""
    if not heads or heads[-1][1] == "blank":
        return True
    for at, kind in reversed(heads):
        if kind == "blank":
            continue  # a blank line inside what is under the item before
        if at <= indent:
            return kind == shape and at == indent
    return False


def _mapped(loc: Loc, numbers: list[int]) -> Loc:
    if not loc.lines:
        return loc
    return replace(loc, lines=tuple(sorted({numbers[n - 1] for n in loc.lines if 0 < n <= len(numbers)})))


def _mapped_location(location: str, path: str, numbers: list[int]) -> str:
    if not location.startswith(path + ":"):
        return location
    lines = []
    for run in location[len(path) + 1:].split(","):
        a, _, b = run.partition("-")
        if not a.isdigit() or (b and not b.isdigit()):
            return location
        lines += range(int(a), int(b or a) + 1)
    mapped = sorted({numbers[n - 1] for n in lines if 0 < n <= len(numbers)})
    return f"{path}:{line_runs(mapped)}" if mapped else location


def remap(out: Parsed, doc: Document, view: list[tuple[int, str]]) -> None:
    """Every location of what the prose reader found in the view, as the document's own lines; a raw value
    that is one view line is given back as the document's line."""
    numbers = [n for n, _ in view]
    texts = {k + 1: t for k, (_, t) in enumerate(view)}
    lines = doc.lines

    def cell(c):
        raw = c.raw
        if len(c.loc.lines) == 1 and raw == texts.get(c.loc.lines[0]):
            raw = lines[numbers[c.loc.lines[0] - 1] - 1].strip()
        return replace(c, raw=raw, loc=_mapped(c.loc, numbers))

    for rec in out.records:
        rec.cells = {k: cell(c) for k, c in rec.cells.items()}
        rec.loc = _mapped(rec.loc, numbers)
    for group in (out.notes, out.ranges, out.layout):
        for k, item in enumerate(group):
            group[k] = replace(item, loc=_mapped(item.loc, numbers))
    for c in out.conflicts:
        c.values = [replace(ConflictValue.of(v), location=_mapped_location(ConflictValue.of(v).location, doc.path, numbers))
                    for v in c.values]


def read(doc: Document, ctx: Context) -> tuple[Parsed, list[tuple[int, str]]]:
    ps = ctx.settings.prose
    view, layout = view_of(doc.lines, ps)
    seen = Document(doc.source, doc.path, doc.data, "\n".join(t for _, t in view))
    out = prose.parse(seen, ctx, text_items=False)
    remap(out, doc, view)
    out.format = "rfc text"
    loc = lambda n: Loc(doc.source, doc.path, (n,))  # noqa: E731
    out.layout += [Layout(role, loc(n)) for role, n in layout]
    return out, view


def parse(doc: Document, ctx: Context) -> Parsed:
    return read(doc, ctx)[0]


def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    ps = DEFAULT.prose
    lines = doc.lines[:ps.sniff_lines * 2]
    if not page_chrome(lines, ps):
        return 0.0
    view, _ = view_of(lines, ps)
    texts = [t for _, t in view]
    roles = prose.classify(texts, 0)
    heads = len(prose.read_items(texts, roles, ps, text_items=False))
    # page footers and headers are surer than any table shape an RFC draws in ASCII (`+---+`, `|`)
    return 0.99 if heads else 0.0


RULE = LayoutRule("rfc", sniff, parse, "RFC-style plain text: paginated, lists written by indentation")
