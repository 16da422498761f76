"""Fuzzing every layout (issue 10): mutated real documents and generated hostile text, fed to every layout's
sniffer and parser, are read or refused with an `InputError`, never a crash, and each in bounded time.

Two kinds of input:
- the seeds (raw_sources/) and one small document of every other family in tests/corpus/ (JSON, YAML/OpenAPI,
  HTML, reST, AsciiDoc, CSV, RFC text, source code), with lines deleted, duplicated, swapped or cut, bytes
  deleted or inserted, and hostile snippets (long runs of spaces, `[`, `|`, backticks, `<`, deep brackets,
  NUL, a BOM, stray quotes, template markers) inserted;
- generated documents that put hostile cells into the skeleton of each layout (a Markdown or HTML table, a tab
  or comma table, a collapsed header, a prose list, JSON, YAML, an AsciiDoc or reST table, an enum), so that
  the text gets past detection into the parser.

Every example is read as the build reads it (`documents.load`), then every layout sniffs it and parses it (as a
manifest's `format =` would force), and the build runs on it with its layout detected. The examples are
bounded here (profile `fuzz-bounded`: few examples, a per-example deadline); `make fuzz`
(`python -m tests.fuzz --seconds N`) runs the same properties for as long as asked (profile `fuzz-long`).
"""
from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import parsers
from extract.pipeline import run
from extract.documents import load
from extract.errors import InputError
from extract.manifest import SourceSpec
from extract.model import Parsed

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"

# The deadline is the bar for a hostile document under 1 MB (the examples are far smaller): a loaded
# 2-core machine must not make a linear reading look like a hang.
_COMMON = dict(database=None, print_blob=True, deadline=5000,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much, HealthCheck.large_base_example])
# `make test`: about 20 s for the whole module on a loaded 2-core machine.
settings.register_profile("fuzz-bounded", max_examples=25, **_COMMON)
# `make fuzz`: as many examples as the time allows (tests/fuzz.py runs the properties in rounds of this size).
settings.register_profile("fuzz-long", max_examples=200, **_COMMON)
BOUNDED = settings.get_profile("fuzz-bounded")

# ---------------------------------------------------------------------------------------------- seeds
SEEDS = {
    "backend-services-table.tsv": REPO / "raw_sources" / "backend-services-table.tsv",
    "backend-services-web-scrape.txt": REPO / "raw_sources" / "backend-services-web-scrape.txt",
    "backend-services-pdf-dump.txt": REPO / "raw_sources" / "backend-services-pdf-dump.txt",
    "parse-errors.md": REPO / "raw_sources" / "parse-errors.md",
    "identity-cloud-registration-errors.txt": REPO / "raw_sources" / "identity-cloud-registration-errors.txt",
    "jshttp-statuses-codes.json": CORPUS / "json-yaml" / "jshttp-statuses-codes.json",
    "matrix-client-server-registration.yaml": CORPUS / "openapi" / "matrix-client-server-registration.yaml",
    "kafka-0100-protocol-errors.html": CORPUS / "html-tables" / "kafka-0100-protocol-errors.html",
    "trafficserver-http-status-codes.en.rst": CORPUS / "rst" / "trafficserver-http-status-codes.en.rst",
    "riscv-sbi-binary-encoding.adoc": CORPUS / "asciidoc" / "riscv-sbi-binary-encoding.adoc",
    "woudc-errors.csv": CORPUS / "csv-tsv" / "woudc-errors.csv",
    "grpc-go-codes.go": CORPUS / "source-code" / "grpc-go-codes.go",
    "h2-reason.rs": CORPUS / "source-code" / "h2-reason.rs",
    "rfc959-ftp.txt": CORPUS / "rfc-text" / "rfc959-ftp.txt",  # its reply-code section only (see `seed`)
}


@lru_cache(maxsize=None)
def seed(name: str) -> bytes:
    data = SEEDS[name].read_bytes()
    if name == "rfc959-ftp.txt":  # the section that lists the reply codes, page breaks and all
        start = data.index(b"4.2.1  Reply Codes by Function Groups")
        data = data[start - 2000: start + 14000]
    return data


# ---------------------------------------------------------------------------------------------- hostile pieces
# Long runs that made a pattern or a search super-linear once, at sizes that take a linear reader milliseconds.
RUNS = [" " * 3000, "\t" * 2000, "[" * 3000, "|" * 3000, "`" * 2000, "<" * 2000, "-" * 3000, "1" * 3000,
        "**x " * 500, "# a" + " " * 1500 + "b", "210" + " " * 3000, ". " * 1500, "+-" * 1500, "<tr" * 800,
        "\\\"" * 1000, "A:" * 1000 + " {", "{" * 80 + "}" * 80, "[" * 80 + "]" * 80, "  " * 300 + "- x",
        "> " * 400 + "x", "options=" * 300, "Aa" + "A" * 2000 + "!", "a, " * 1000, "Get, Set, " * 300]
# Short pieces: markup of every layout, odd characters, numbers that are no numbers.
SNIPPETS = ["\x00", "\ufeff", "\u200b", "\u2028", "\u202e", "é", "̀", "😀", "\x1b[31m", "\x7f", "\r", "\f", "\v",
            "|", "||", "|---|---|", "| a | b |", "\t", ",", ";", '"', "'", '""', "\\", "`", "```", "~~~", "#", "## ",
            "* ", "- ", "1. ", "> ", ":", "::", ".. list-table::", ".. _x:", "* - ", "|===", "+---+---+", "===",
            "<table>", "<tr>", "<td>", "</td>", "</tr>", "</table>", "<!--", "-->", "<br>", "&nbsp;", "&#0;",
            "<script>alert(1)</script>", "%DATA%", "{{x}}", "${x}", "{", "}", "[", "]", "(", ")", "[x](y)", "**",
            "__", "0x", "0x1F", "-1", "404", "999999999999999999999999", "1e10000", "NaN", "Infinity", "E101",
            "ERR_X", "enum E {", "= 1,", "#define X 1", "&a [*a, *a]", "*a", "---", "...", "null", "true",
            "openapi: 3.0.0", "swagger: '2.0'", "components:", "Error Code HTTP Status Code Error Message"]
LAYOUT_SKELETONS = {
    "markdown": ("| Code | Name | Message |\n|---|---|---|\n", "| {code} | {a} | {b} |\n", ""),
    "html": ("<table><tr><th>Code</th><th>Message</th></tr>\n", "<tr><td>{code}</td><td>{a} {b}</td></tr>\n",
             "</table>\n"),
    "tab": ("Code\tName\tMessage\n", "{code}\t{a}\t{b}\n", ""),
    "csv": ("code,name,message\n", '{code},"{a}","{b}"\n', ""),
    "collapsed": ("Error Code HTTP Status Code Error Message Description Returned By\n", "{code} 400 {a} {b}\n", ""),
    "prose": ("Error codes\n\n", "{code}\n{a}. {b}\n\n", ""),
    "json": ('{"errors": [\n', '{{"code": {code}, "message": "{a} {b}"}},\n', '{"code": 1}]}\n'),
    "yaml": ("errors:\n", "  - code: {code}\n    message: '{a} {b}'\n", ""),
    "asciidoc": ('[options="header"]\n|===\n|Code |Message\n', "|{code} |{a} {b}\n", "|===\n"),
    "grid": ("+------+---------+\n| Code | Message |\n+======+=========+\n", "| {code} | {a} {b} |\n+------+-----+\n", ""),
    "constants": ("enum ErrorCode {\n", "  E{code} = {code}, // {a} {b}\n", "}\n"),
    "rfc": ("4.2.1  Reply Codes\n\n", "   {code} {a}\n          {b}\n", ""),
}


def hostile_piece() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(RUNS), st.sampled_from(SNIPPETS), st.text(max_size=30),
                     st.lists(st.sampled_from(SNIPPETS), max_size=8).map("".join))


@st.composite
def mutated_seeds(draw) -> tuple[str, bytes]:
    """A seed or corpus document with up to six mutations of its lines and bytes."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = seed(name)
    for _ in range(draw(st.integers(1, 6))):
        lines = data.split(b"\n")
        kind = draw(st.sampled_from(["insert", "insert", "insert", "delete_lines", "duplicate_lines", "swap",
                                     "cut", "delete_bytes", "insert_bytes", "repeat_line"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "insert":  # a hostile piece inside a line (inside a cell, mostly)
            piece = draw(hostile_piece()).encode("utf-8", "surrogatepass")
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + piece + lines[i][at:]
        elif kind == "delete_lines":
            del lines[i: i + draw(st.integers(1, 20))]
        elif kind == "duplicate_lines":
            k = draw(st.integers(1, 20))
            lines[i:i] = lines[i: i + k]
        elif kind == "repeat_line":  # one line many times: a table of a thousand equal rows
            lines[i:i] = [lines[i]] * draw(st.integers(2, 400))
        elif kind == "swap":
            j = draw(st.integers(0, max(0, len(lines) - 1)))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "cut":  # the document stops mid-line
            lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
        data = b"\n".join(lines)
        if kind == "delete_bytes":
            at = draw(st.integers(0, max(0, len(data) - 1)))
            data = data[:at] + data[at + draw(st.integers(1, 64)):]
        elif kind == "insert_bytes":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
    return name, data


@st.composite
def hostile_documents(draw) -> tuple[str, bytes]:
    """A layout's skeleton (header, rows, end) with hostile cells, codes and lines between the rows."""
    layout = draw(st.sampled_from(sorted(LAYOUT_SKELETONS)))
    head, row, tail = LAYOUT_SKELETONS[layout]
    text = head
    for _ in range(draw(st.integers(0, 12))):
        code = draw(st.one_of(st.integers(-5, 1200).map(str), st.sampled_from(["0x1F", "E101", "ERR_X", "", "1e5"]),
                              hostile_piece()))
        text += row.format(code=code, a=draw(hostile_piece()), b=draw(hostile_piece()))
        if draw(st.booleans()):
            text += draw(hostile_piece()) + "\n"
    text += tail + draw(st.one_of(st.just(""), hostile_piece()))
    return f"{layout}.txt", text.encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------------------------------------- the properties
def one_line(exc: InputError) -> None:
    assert "\n" not in str(exc), f"an error of more than one line: {str(exc)[:300]!r}"


def every_layout_reads_or_refuses(name: str, data: bytes) -> None:
    """Read as the build reads it, then sniffed and parsed by every layout: a score in 0..1 and a Parsed, or an
    InputError of one line. Anything else raised here is a defect (the build would call it a bug)."""
    with tempfile.TemporaryDirectory(prefix="extract-fuzz-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            doc = load(path, "fuzz", Path(tmp))
        except InputError as exc:
            one_line(exc)
            return
        for rule in parsers.layouts():
            try:
                score = rule.sniff(doc)
            except InputError as exc:  # a document a sniffer must refuse outright (JSON nested too deep)
                one_line(exc)
                continue
            assert 0.0 <= score <= 1.0, (rule.name, score)
            try:
                parsed = rule.parse(doc, parsers.Context("fuzz"))
            except InputError as exc:
                one_line(exc)
                continue
            assert isinstance(parsed, Parsed), (rule.name, type(parsed))


def the_build_reads_or_refuses(name: str, data: bytes) -> None:
    """The whole build (detection, the detected layout, reconciling, checks) on one document: entries and
    conflicts, or errors that are InputErrors of one line."""
    with tempfile.TemporaryDirectory(prefix="extract-fuzz-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        build = run([SourceSpec("fuzz", path, "fuzz", priority=1, root=Path(tmp))])
        for exc in build.errors:
            assert isinstance(exc, InputError)
            one_line(exc)


PROPERTIES = {  # name → (property, strategy): what tests/fuzz.py runs for longer
    "mutated seeds, every layout": (every_layout_reads_or_refuses, mutated_seeds()),
    "hostile documents, every layout": (every_layout_reads_or_refuses, hostile_documents()),
    "mutated seeds, the build": (the_build_reads_or_refuses, mutated_seeds()),
    "hostile documents, the build": (the_build_reads_or_refuses, hostile_documents()),
}


@lru_cache(maxsize=None)
def warm_up() -> None:
    """Every layout once, outside any deadline: the first parse imports pdfplumber, lxml and markdown-it."""
    for name in ("parse-errors.md", "kafka-0100-protocol-errors.html", "backend-services-web-scrape.txt"):
        every_layout_reads_or_refuses(name, seed(name))


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


@BOUNDED
@given(mutated_seeds())
def test_every_layout_reads_or_refuses_a_mutated_seed(case):
    every_layout_reads_or_refuses(*case)


@BOUNDED
@given(hostile_documents())
def test_every_layout_reads_or_refuses_generated_hostile_text(case):
    every_layout_reads_or_refuses(*case)


@BOUNDED
@given(st.one_of(mutated_seeds(), hostile_documents()))
def test_the_build_reads_or_refuses_what_fuzzing_makes(case):
    the_build_reads_or_refuses(*case)


def test_the_seeds_read_cleanly_before_mutation():
    """The unmutated inputs go through both properties (the fuzzing starts from documents that read)."""
    for name in SEEDS:
        every_layout_reads_or_refuses(name, seed(name))
        the_build_reads_or_refuses(name, seed(name))
