"""HTML tables: generated pages read back cell for cell (several tables under headings, colspan/rowspan,
<code>, <br>, footnote markers, a script, a style and a navigation that must be ignored, broken markup), and
corpus documents with raw HTML tables built through the CLI with no rule for the file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from layout_helpers import lines_of_location

from extract.documents import load
from extract.parsers import Context, detect, html, markdown

PAGE = """<!DOCTYPE html>
<html>
<head>
  <title>Storage API errors</title>
  <style>
    td { padding: 2px; }
  </style>
  <script>
    var codes = ["NotACode", 999];
  </script>
</head>
<body>
<nav>
  <ul><li><a href="/">Home</a></li><li><a href="/errors">Errors</a></li></ul>
  <table><tr><th>Code</th><th>Menu</th></tr><tr><td>1</td><td>Products</td></tr></table>
</nav>
<h1>Storage API errors</h1>
<p>Every error response carries one of the codes below.</p>
<h2>Client errors</h2>
<table>
  <thead>
    <tr><th>Error Code</th><th>HTTP Status Code</th><th>Message</th></tr>
  </thead>
  <tbody>
    <tr><td><code>InvalidBucketName</code></td><td>400</td><td>The bucket name is<br>not valid.</td></tr>
    <tr>
      <td><code>NoSuchKey</code><sup>*</sup></td>
      <td>404 </td>
      <td>The key
          does not exist.</td>
    </tr>
    <tr><td>AccessDenied</td><td rowspan="2">403</td><td>Access &amp; rights denied.</td></tr>
    <tr><td>AccountProblem</td><td>The account has a problem.</td></tr>
  </tbody>
</table>
<p>* Only for buckets with versioning.</p>
<h2>Server errors</h2>
<table>
  <caption>Retryable server errors</caption>
  <tr><th>Error Code</th><th>HTTP Status Code</th><th>Message</th></tr>
  <tr><td>InternalError</td><td>500</td><td>Internal error.</td></tr>
  <tr><th colspan="3">Throttling</th></tr>
  <tr><td>SlowDown</td><td>503</td><td>Reduce your request rate.</td></tr>
  <tr><td colspan="2">ServiceUnavailable</td><td>Try again later.</td></tr>
</table>
<h3>Request headers</h3>
<table>
  <tr><th>Header</th><th>Type</th><th>Description</th></tr>
  <tr><td>x-request-id</td><td>string</td><td>Identifies the request.</td></tr>
</table>
<script>document.title = "SlowDown";</script>
</body>
</html>
"""

EXPECTED = [  # code, http_status, message, category
    ("InvalidBucketName", 400, "The bucket name is not valid.", "Client errors"),
    ("NoSuchKey", 404, "The key does not exist.", "Client errors"),
    ("AccessDenied", 403, "Access & rights denied.", "Client errors"),
    ("AccountProblem", 403, "The account has a problem.", "Client errors"),  # the rowspan copies 403 down
    ("InternalError", 500, "Internal error.", "Retryable server errors"),  # <caption> before the heading
    ("SlowDown", 503, "Reduce your request rate.", "Throttling"),  # a full-width row names the rows under it
    ("ServiceUnavailable", None, "Try again later.", "Throttling"),  # colspan copies the code into the status
]


def write(tmp_path: Path, text: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def parse_text(tmp_path: Path, text: str, name: str = "page.html"):
    return html.parse(load(write(tmp_path, text, name), "page"), Context("demo"))


def line_of(text: str, needle: str) -> int:
    (n,) = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    return n


def accounted_lines(result) -> set[int]:
    lines = {n for r in result.records for c in [*r.cells.values()] for n in c.loc.lines}
    lines |= {n for r in result.records for n in r.loc.lines}
    lines |= {n for item in [*result.notes, *result.layout] for n in item.loc.lines}
    for c in result.conflicts:
        for v in c.values:
            lines |= set(lines_of_location(v["location"]))
    return lines


def assert_every_line_accounted(text: str, result) -> None:
    nonblank = {i for i, line in enumerate(text.split("\n"), 1) if line.strip()}
    assert nonblank - accounted_lines(result) == set()


def test_generated_page_cell_for_cell(tmp_path):
    result = parse_text(tmp_path, PAGE)
    got = [(r.code, r.get("http_status"), r.get("message"), r.get("category")) for r in result.records]
    assert got == EXPECTED
    invalid = [c for c in result.conflicts if c.kind == "invalid_value"]
    assert [c.values[0]["value"] for c in invalid] == ["ServiceUnavailable"]  # the colspan copy, reported


def test_script_style_and_navigation_are_ignored(tmp_path):
    result = parse_text(tmp_path, PAGE)
    codes = {r.code for r in result.records}
    assert not codes & {"1", "NotACode", "999"}
    texts = " ".join(n.text for n in result.notes)
    assert "Products" not in texts and "var codes" not in texts and "padding" not in texts
    roles = {item.role for item in result.layout}
    assert {"ignored <script>", "ignored <style>", "ignored <nav>"} <= roles
    (script,) = [i for i in result.layout if i.role == "ignored <script>" and line_of(PAGE, "var codes") in i.loc.lines]
    assert script.loc.lines == (line_of(PAGE, "var codes"),)


def test_provenance_is_by_line_and_every_line_is_accounted(tmp_path):
    result = parse_text(tmp_path, PAGE)
    by_code = {r.code: r for r in result.records}
    key = by_code["NoSuchKey"]
    first = line_of(PAGE, "<code>NoSuchKey</code>")
    assert key.loc.lines == (first, first + 1, first + 2, first + 3)  # a cell wrapped over two source lines
    assert key.cells["code"].raw == "NoSuchKey"  # the footnote marker is not part of the code
    assert by_code["InvalidBucketName"].cells["message"].raw == "The bucket name is\nnot valid."  # <br>
    assert by_code["SlowDown"].cells["category"].loc.lines == (line_of(PAGE, "Throttling"),)
    assert by_code["InvalidBucketName"].cells["category"].loc.lines == (line_of(PAGE, "<h2>Client errors"),)
    assert_every_line_accounted(PAGE, result)
    header = [i for i in result.layout if i.role == "table header"]
    assert [i.loc.lines for i in header] == [(line_of(PAGE, "<thead>") + 1,), (line_of(PAGE, "<caption>") + 1,)]


def test_notes_tables_without_codes_and_footnotes(tmp_path):
    result = parse_text(tmp_path, PAGE)
    kinds = [(n.kind, n.text) for n in result.notes]
    assert ("text", "Every error response carries one of the codes below.") in kinds
    assert ("table", "Header | Type | Description\nx-request-id | string | Identifies the request.") in kinds
    (footnote,) = [n for n in result.notes if n.kind == "footnote"]
    assert (footnote.marker, footnote.text, footnote.refs) == ("*", "Only for buckets with versioning.", ["NoSuchKey"])


MALFORMED = """<h2>Legacy errors</h2>
<table>
   <th>
      <tr>
<th>Error code         </th>
<th>Description         </th>
      </tr>
   </thead>
   <tbody>
      <tr>
         <td><p>0A01</p>         </td>
         <td><p>First line of a text
that wraps in the source</p>         </td>
      </tr>
   </tbody>
      <tr>
         <td>0A02</td>
         <td>After a stray closing tbody</td>
      </tr>
         <td>0A03</td>
         <td>A row without its opening tr</td>
      </tr>
      <tr><td>0A04</td><td><p>Two</p><p>paragraphs</p></td></tr>
</table>
"""


def test_malformed_markup_is_read_as_lxml_repairs_it(tmp_path):
    result = parse_text(tmp_path, MALFORMED, "legacy.md")
    got = [(r.code, r.get("description"), r.get("category"), r.loc.lines) for r in result.records]
    assert got == [
        ("0A01", "First line of a text that wraps in the source", "Legacy errors", (11, 12, 13)),
        ("0A02", "After a stray closing tbody", "Legacy errors", (17, 18)),
        ("0A03", "A row without its opening tr", "Legacy errors", (20, 21)),
        ("0A04", "Two paragraphs", "Legacy errors", (23,)),
    ]
    assert not result.conflicts
    assert_every_line_accounted(MALFORMED, result)


MARKDOWN_WITH_HTML = """# Error Response

The service answers with a 3xx, 4xx or 5xx status.

| Name | Description | Type |
| ---- | ----------- | ---- |
| code | The error code | String |

```
<table><tr><th>Error Code</th></tr><tr><td>FromAnExample</td></tr></table>
```

## Error Code List

3XX Type Error
<table>
<tr><th>Error Code</th><th>Description</th><th>HTTP Status Code</th></tr>
<tr><td>Moved</td><td>Moved for good</td><td>301 </td></tr>
</table>

4XX Type Error

<table>
<tr><th>Error Code</th><th>Description</th><th>HTTP Status Code</th></tr>
<tr><td>Moved</td><td>Same code, other status</td><td>307</td></tr>
<tr><td>BadDigest</td><td>The digest does not match.</td><td>400</td></tr>
</table>
The following table lists headers:
<table>
<tr><th>Header</th><th>Meaning</th></tr>
<tr><td>x-id</td><td>The request id</td></tr>
</table>
"""


def test_markdown_page_with_html_tables(tmp_path):
    path = write(tmp_path, MARKDOWN_WITH_HTML, "errors.md")
    doc = load(path, "errors")
    assert html.sniff(doc) > markdown.sniff(doc) and detect(doc).name == "html"
    result = html.parse(doc, Context("demo"))
    got = [(r.code, r.get("http_status"), r.get("category")) for r in result.records]
    # A plain caption line right above a table (blank lines between allowed) names it; a sentence does not.
    assert got == [("Moved", 301, "3XX Type Error"), ("Moved", 307, "4XX Type Error"), ("BadDigest", 400, "4XX Type Error")]
    notes = {n.kind: n for n in result.notes}
    assert notes["code"].text.startswith("```") and "FromAnExample" in notes["code"].text  # an example, not data
    assert "| code | The error code | String |" in " ".join(n.text for n in result.notes if n.kind == "text")
    assert ("table", "Header | Meaning\nx-id | The request id") in [(n.kind, n.text) for n in result.notes]
    assert "The following table lists headers:" in [n.text for n in result.notes]
    assert {i.role for i in result.layout} >= {"heading h1", "heading h2", "table caption", "table markup"}
    assert_every_line_accounted(MARKDOWN_WITH_HTML, result)


def test_sniff_prefers_markdown_when_pipe_tables_hold_the_errors(tmp_path):
    text = ("## Errors\n\n| Code | Message |\n| --- | --- |\n" + "".join(f"| {n} | Text {n} |\n" for n in range(10))
            + "\n<table><tr><th>Method</th><th>URI</th></tr><tr><td>GET</td><td>/x</td></tr></table>\n")
    doc = load(write(tmp_path, text, "mixed.md"), "mixed")
    assert detect(doc).name == "markdown"
    assert html.sniff(doc) < markdown.sniff(doc)
    page = load(write(tmp_path, PAGE), "page")
    assert html.sniff(page) == 0.99
    plain = load(write(tmp_path, "no markup here\n", "plain.txt"), "plain")
    assert html.sniff(plain) == 0.0


DEFINITIONS = """# Error Messages

<dl> <dt>

**ERROR\\_APP\\_TIMEOUT**
</dt> <dd> <dl> <dt>

12002
</dt> <dt>

Returned by [**Send**](send.md) when the request times out.
</dt> </dl> </dd> <dt>

**ERROR\\_APP\\_GONE**
</dt> <dd> <dl> <dt>

The application is gone.

**Header:** Declared in app.h
</dt> </dl> </dd> <dt>

**ERROR\\_APP\\_BUSY**
</dt> <dd> <dl> <dt>

12005
</dt> <dt>

The application is busy.
</dt> </dl> </dd> </dl>

## See also

<dl> <dt>

[Versions](versions.md)
</dt> </dl>
"""


def test_definition_lists_of_codes(tmp_path):
    """`<dl>` entries (a name, then its code and text in the definition) read like a table's rows."""
    path = write(tmp_path, DEFINITIONS, "messages.md")
    doc = load(path, "messages")
    assert detect(doc).name == "html"
    result = html.parse(doc, Context("demo"))
    got = [(r.code, r.get("name"), r.get("description")) for r in result.records]
    assert got == [("12002", "ERROR_APP_TIMEOUT", "Returned by Send when the request times out."),
                   ("12005", "ERROR_APP_BUSY", "The application is busy.")]
    (missing,) = [c for c in result.conflicts if c.kind == "missing_value"]  # the entry without a code is kept
    assert "ERROR_APP_GONE" in missing.values[0]["value"] and "Declared in app.h" in missing.values[0]["value"]
    assert "[Versions](versions.md)" in [n.text for n in result.notes]  # a list of links is text
    assert_every_line_accounted(DEFINITIONS, result)


# --- corpus documents in this layout, built through the CLI with no rule for the file ---------------------------

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip(f"corpus folder {CORPUS} is absent")
    cache: dict[str, dict] = {}

    def build(name: str) -> dict:
        if name not in cache:
            out = tmp_path_factory.mktemp("html") / "out"
            code, stdout, err = run_cli(["build", "--catalog", "x", "--out", out, CORPUS / name])
            assert code == 0, err
            cache[name] = {
                "stdout": stdout,
                "catalog": json.loads((out / "catalog.json").read_text(encoding="utf-8")),
                "conflicts": json.loads((out / "conflicts.json").read_text(encoding="utf-8"))["conflicts"],
            }
        return cache[name]

    return build


def entries(b, code):
    return [e for e in b["catalog"]["entries"] if e["code"] == code]


def where(e, field="code") -> int:
    return int(e["provenance"][field]["location"].rsplit(":", 1)[1].split("-")[0])


def test_corpus_jdcloud(built):
    b = built("jdcloud-oss-s3-error-response.md")
    (source,) = b["catalog"]["sources"]
    assert (source["format"], source["records"]) == ("html", 81)  # 4 + 73 + 4 rows of the three tables
    redirect = entries(b, "TemporaryRedirect")
    assert [(e["http_status"], where(e)) for e in redirect] == [(302, 46), (307, 56)]  # `302 ` read as 302
    assert {e["category"] for e in redirect} == {"3XX Type Error"}
    # The rows after the stray </tbody> (line 89) are kept, the one without its <tr> (line 115) too.
    assert [where(e) for e in entries(b, "RequestTimeTooSkewed")] == [91]
    # Listed twice with the same text (lines 115 and 135): two variants and a duplicate_code for the reviewer.
    assert [(e["http_status"], where(e)) for e in entries(b, "InvalidParamError")] == [(400, 115), (400, 135)]
    (dup,) = [c for c in b["conflicts"] if c["kind"] == "duplicate_code" and c["code"] == "InvalidParamError"]
    assert [v["location"].rsplit(":", 1)[1] for v in dup["values"]] == ["115-117", "135-137"]
    assert [e["http_status"] for e in entries(b, "MethodNotAllowed")] == [405]  # `405 `
    assert entries(b, "ServiceUnavailable")[0]["category"] == "5XX Type Error"
    assert entries(b, "InternalErrror")[0]["description"] == "Server Internal Error"  # typo kept as written
    assert entries(b, "NoSuchBucket")[0]["description"] == "The bucket does not existt"
    assert not [c for c in b["conflicts"] if c["kind"] == "unparsed_text"]
    notes = [n for c in b["catalog"]["catalogs"] for n in c["notes"]]
    assert any(n["kind"] == "code" and "<Code>NoSuchBucket</Code>" in n["text"] for n in notes)  # the XML example
    assert not entries(b, "NoSuchBucket")[0]["provenance"]["code"]["location"].endswith(":10")


def test_corpus_msstore(built):
    b = built("msstore-business-reclaim-seat.md")
    (source,) = b["catalog"]["sources"]
    assert (source["format"], source["records"]) == ("html", 3)  # the error table only
    got = {e["code"]: e for e in b["catalog"]["entries"]}
    assert sorted(got) == ["400", "404", "409"]
    assert {e["category"] for e in got.values()} == {"Response body"}  # the heading above the table
    assert got["400"]["description"] == "Invalid can include productId, skuId or userName"
    # of the two description columns, the short one ("Not found") is the message, the long one the description
    assert (got["404"]["message"], got["409"]["message"]) == ("Not found", "Conflict")
    assert [where(e) for e in got.values()] == [103, 112, 121]
    notes = [n for c in b["catalog"]["catalogs"] for n in c["notes"] if n["kind"] == "table"]
    assert [n["text"].split("\n")[0] for n in notes] == ["Method | Request URI", "Parameter | Type | Description"]


def test_corpus_axway(built):
    b = built("axway-transfercft-miscellaneous-codes.md")
    (source,) = b["catalog"]["sources"]
    assert (source["format"], source["records"]) == ("html", 19 + 39 + 12 + 35)  # <th> instead of <thead>: header kept
    assert not [e for e in b["catalog"]["entries"] if e["code"].lower() in ("error code", "code")]
    (one,) = entries(b, "1")
    assert one["category"] == "FPDU Build error codes (PeSIT)"
    assert one["description"].startswith("Received AckCONNECT FPDU header does not conform: an error was detected")
    assert one["provenance"]["description"]["lines"] == [22, 23, 24, 25, 26]  # the row's lines, text wrapped
    assert entries(b, "0A09")[0]["description"] == "ocal EERP FPDU formatting error"
    assert entries(b, "0A09")[0]["category"] == "Transfer CFT Numeric codes - OFTP (ODETTE) protocol"  # <span> read
    rst = entries(b, "RST")
    # the PeSIT table's "FPDU" column (no known header) spells the mnemonic out: read as its message
    assert [(e["category"], e.get("description") or e["message"]) for e in rst] == [
        ("Transfer CFT Mnemonic codes - ODETTE protocol", "Restart option negotiation error"),
        ("FPDU Mnemonic codes - PeSIT protocol", "RESTART")]
    assert entries(b, "0152")[0]["description"] == ('CREDIT value error: 1. Reception of a CDT FPDU but the "credit" '
                                                    'has not been used up 2. Reception of a CDT FPDU but the negotiated '
                                                    '"credit" value is 0')
    assert not [c for c in b["conflicts"] if c["kind"] == "unparsed_text"]


def test_corpus_winhttp_definition_list(built):
    b = built("winhttp-error-messages.md")
    (source,) = b["catalog"]["sources"]
    assert (source["format"], source["records"]) == ("html", 46)  # 55 entries, 9 without a code line
    blank = [c for c in b["conflicts"] if c["kind"] == "missing_value" and c["field"] == "code"]
    assert len(blank) == 9
    (e,) = entries(b, "12178")
    assert e["name"] == "ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR"
    assert e["description"] == "Returned by WinHttpGetProxyForUrl when a proxy for the specified URL cannot be located."
    assert [x["name"] for x in entries(b, "12044")] == ["ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED"]


def test_definition_list_terms_carrying_their_code(tmp_path):
    page = ("<html><body><h2>WinHTTP errors</h2><dl>\n<dt>ERROR_WINHTTP_TIMEOUT (12002)</dt>\n"
            "<dd>The request has timed out.</dd>\n<dt>ERROR_WINHTTP_NAME_NOT_RESOLVED (12007)</dt>\n"
            "<dd>The server name cannot be resolved.</dd>\n</dl></body></html>\n")
    result = parse_text(tmp_path, page)
    assert [(r.code, r.get("name"), r.get("description")) for r in result.records] == [
        ("12002", "ERROR_WINHTTP_TIMEOUT", "The request has timed out."),
        ("12007", "ERROR_WINHTTP_NAME_NOT_RESOLVED", "The server name cannot be resolved.")]
    assert_every_line_accounted(page, result)


# --- shapes nobody tuned for: name before a negative code, captions, group rows, mixed header cells ------------

TWO_TABLES = """<!DOCTYPE html>
<html><body>
<h1>Transport library</h1>
<h2>Return codes</h2>
<table>
<caption>Network errors</caption>
<tr><th>Name</th><td><b>Code</b></td><th>Description</th></tr>
<tr><td colspan=3>Socket</td></tr>
<tr><td>SOCKET_CLOSED</td><td>-101</td><td>The socket was closed.</td></tr>
<tr><td>SOCKET_TIMEOUT</td><td>-102</td><td>The socket timed out.</td></tr>
<tr><td colspan=3>DNS</td></tr>
<tr><td>DNS_FAILED</td><td>-103</td><td>The name could not be resolved.</td></tr>
</table>
<table>
<caption>Storage errors</caption>
<thead><tr><th>Name</th><th>Code</th><th>Description</th></tr></thead>
<tbody>
<tr><td>DISK_FULL</td><td>-201</td><td>The disk is full.</td></tr>
<tr><td>READ_ONLY</td><td>-202</td><td>The volume is read-only.</td></tr>
</tbody>
</table>
</body></html>
"""


def fields(result, *names):
    return [(r.code, *(r.get(n) for n in names)) for r in result.records]


def test_name_column_before_a_negative_code_with_captions_and_group_rows(tmp_path):
    result = parse_text(tmp_path, TWO_TABLES)
    assert fields(result, "name", "description", "category") == [
        ("-101", "SOCKET_CLOSED", "The socket was closed.", "Socket"),
        ("-102", "SOCKET_TIMEOUT", "The socket timed out.", "Socket"),
        ("-103", "DNS_FAILED", "The name could not be resolved.", "DNS"),
        ("-201", "DISK_FULL", "The disk is full.", "Storage errors"),
        ("-202", "READ_ONLY", "The volume is read-only.", "Storage errors"),
    ]
    by_code = {r.code: r for r in result.records}
    assert by_code["-101"].loc.lines == (line_of(TWO_TABLES, "-101"),)
    assert by_code["-101"].cells["category"].loc.lines == (line_of(TWO_TABLES, ">Socket<"),)
    assert by_code["-201"].cells["category"].loc.lines == (line_of(TWO_TABLES, "Storage errors"),)
    roles = [(i.role, i.loc.lines) for i in result.layout]
    assert ("table section row", (line_of(TWO_TABLES, ">DNS<"),)) in roles  # a group row, not an entry
    assert ("table header", (line_of(TWO_TABLES, "<b>Code</b>"),)) in roles  # th and td mixed
    assert not [c for c in result.conflicts if c.severity != "info"]
    assert_every_line_accounted(TWO_TABLES, result)


def test_two_tables_build_through_the_cli(tmp_path):
    out = tmp_path / "out"
    code, stdout, err = run_cli(["build", "--catalog", "x", "--out", out, write(tmp_path, TWO_TABLES)])
    assert code == 0, err
    catalog = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    assert sorted((e["code"], e["name"], e["category"]) for e in catalog["entries"]) == [
        ("-101", "SOCKET_CLOSED", "Socket"), ("-102", "SOCKET_TIMEOUT", "Socket"), ("-103", "DNS_FAILED", "DNS"),
        ("-201", "DISK_FULL", "Storage errors"), ("-202", "READ_ONLY", "Storage errors")]


def test_markdown_page_whose_html_header_mixes_th_and_td_is_ours(tmp_path):
    text = ("## Options\n\n| Option | Default |\n| --- | --- |\n| retries | 3 |\n\n## Return codes\n\n"
            + TWO_TABLES.split("<body>\n", 1)[1].split("</body>", 1)[0])
    doc = load(write(tmp_path, text, "codes.md"), "codes")
    assert detect(doc).name == "html"
    result = html.parse(doc, Context("demo"))
    assert [r.code for r in result.records] == ["-101", "-102", "-103", "-201", "-202"]


HEADER_PLACES = """<h2>Socket errors</h2>
<table>
<tr><td><b>Name</b></td><td><b>Code</b></td><td><b>Description</b></td></tr>
<tr><td>SOCKET_CLOSED</td><td>-101</td><td>The socket was closed.</td></tr>
<tr><td>SOCKET_TIMEOUT</td><td>-102</td><td>The socket timed out.</td></tr>
</table>
<h2>TLS errors</h2>
<table>
<thead><tr><td>Name</td><td>Code</td><td>Description</td></tr></thead>
<tr><td>TLS_EXPIRED</td><td>-201</td><td>The certificate has expired.</td></tr>
</table>
<h2>DNS errors</h2>
<table>
<tr><td>DNS_FAILED</td><td>-301</td><td>The name could not be resolved.</td></tr>
<tr><td>DNS_TIMEOUT</td><td>-302</td><td>The resolver did not answer.</td></tr>
</table>
"""


def test_header_in_thead_in_the_first_row_or_absent(tmp_path):
    """A header of `td` cells in the first row or in `<thead>` names the columns; a first row that reads as
    data (no column name, the shapes of the rows below) is a row of a table without a header."""
    result = parse_text(tmp_path, HEADER_PLACES, "places.md")
    assert fields(result, "name", "category") == [
        ("-101", "SOCKET_CLOSED", "Socket errors"), ("-102", "SOCKET_TIMEOUT", "Socket errors"),
        ("-201", "TLS_EXPIRED", "TLS errors"),
        ("-301", "DNS_FAILED", "DNS errors"), ("-302", "DNS_TIMEOUT", "DNS errors")]
    by_code = {r.code: r for r in result.records}
    assert by_code["-201"].get("description") == "The certificate has expired."
    assert by_code["-301"].loc.lines == (line_of(HEADER_PLACES, "-301"),)
    assert by_code["-301"].get("message") or by_code["-301"].get("description") == "The name could not be resolved."
    headers = [i.loc.lines for i in result.layout if i.role == "table header"]
    assert headers == [(line_of(HEADER_PLACES, "<b>Name</b>"),), (line_of(HEADER_PLACES, "<thead>"),)]
    assert_every_line_accounted(HEADER_PLACES, result)


HEADER_COLUMN = """<html><body>
<h2>Quota errors</h2>
<table>
<tr><th>Name</th><th>Code</th><th>Description</th></tr>
<tr><th scope="row">QUOTA_EXCEEDED</th><td>-401</td><td>The quota is exceeded.</td></tr>
<tr><th scope="row">QUOTA_UNKNOWN</th><td>-402</td><td>No quota is set.</td></tr>
</table>
<h2>Lock error</h2>
<table>
<tr><th>Code</th><td>-501</td><td>-502</td></tr>
<tr><th>Name</th><td>LOCK_HELD</td><td>LOCK_LOST</td></tr>
<tr><th>Description</th><td>The lock is held by another client.</td><td>The lock was lost.</td></tr>
</table>
</body></html>
"""


def test_header_column_of_th_cells(tmp_path):
    """Row headers (`<th>` per row) are data under a header row; a table with no header row whose first
    column names the fields lists one entry per column."""
    result = parse_text(tmp_path, HEADER_COLUMN)
    assert fields(result, "name", "description", "category") == [
        ("-401", "QUOTA_EXCEEDED", "The quota is exceeded.", "Quota errors"),
        ("-402", "QUOTA_UNKNOWN", "No quota is set.", "Quota errors"),
        ("-501", "LOCK_HELD", "The lock is held by another client.", "Lock error"),
        ("-502", "LOCK_LOST", "The lock was lost.", "Lock error")]
    lock = {r.code: r for r in result.records}["-502"]
    assert lock.cells["name"].loc.lines == (line_of(HEADER_COLUMN, "LOCK_LOST"),)
    assert lock.loc.lines == tuple(range(line_of(HEADER_COLUMN, "<th>Code</th><td>"), line_of(HEADER_COLUMN, "lock was lost") + 1))
    assert [i.loc.lines for i in result.layout if i.role == "table header column"] == [lock.loc.lines]
    assert_every_line_accounted(HEADER_COLUMN, result)


CAPTION_SENTENCE = """<html><body>
<h2>Cache errors</h2>
<table>
<caption>The calls below may fail with these codes.</caption>
<tr><th>Name</th><th>Code</th></tr>
<tr><td>CACHE_MISS</td><td>-601</td></tr>
<tr><td>CACHE_FULL</td><td>-602</td></tr>
</table>
</body></html>
"""


def test_caption_sentence_is_a_note_and_the_heading_names_the_rows(tmp_path):
    result = parse_text(tmp_path, CAPTION_SENTENCE)
    assert fields(result, "name", "category") == [("-601", "CACHE_MISS", "Cache errors"),
                                                  ("-602", "CACHE_FULL", "Cache errors")]
    assert [(n.kind, n.text, n.loc.lines) for n in result.notes] == [
        ("caption", "The calls below may fail with these codes.", (line_of(CAPTION_SENTENCE, "<caption>"),))]
    assert_every_line_accounted(CAPTION_SENTENCE, result)


PARAMETERS = """<html><body>
<h2>Request parameters</h2>
<table>
<tr><th>Name</th><th>Type</th><th>Description</th></tr>
<tr><td>bucket</td><td>string</td><td>The bucket to read.</td></tr>
<tr><td>limit</td><td>integer</td><td>How many items to return.</td></tr>
<tr><td>verbose</td><td>boolean</td><td>Whether to say more.</td></tr>
</table>
<h2>Response fields</h2>
<table>
<tr><th>Key</th><th>Type</th><th>Description</th></tr>
<tr><td>request_id</td><td>String</td><td>The request's id.</td></tr>
<tr><td>error_code</td><td>int32</td><td>The error code.</td></tr>
<tr><td>items</td><td>array of object</td><td>What was found.</td></tr>
</table>
<h2>Errors</h2>
<table>
<tr><th>Name</th><th>Code</th><th>Description</th></tr>
<tr><td>NOT_FOUND</td><td>-404</td><td>Nothing was found.</td></tr>
</table>
</body></html>
"""


def test_parameter_and_field_tables_give_no_entries(tmp_path):
    """Stated rule: a table with a column of data types (`string`, `integer`, `int32`, `array of object`) is a
    schema — parameters, fields, properties — and becomes a note, even when a column is named like a key."""
    result = parse_text(tmp_path, PARAMETERS)
    assert fields(result, "name", "description", "category") == [
        ("-404", "NOT_FOUND", "Nothing was found.", "Errors")]
    tables = [n for n in result.notes if n.kind == "table"]
    assert [n.text.split("\n") for n in tables] == [
        ["Name | Type | Description", "bucket | string | The bucket to read.",
         "limit | integer | How many items to return.", "verbose | boolean | Whether to say more."],
        ["Key | Type | Description", "request_id | String | The request's id.", "error_code | int32 | The error code.",
         "items | array of object | What was found."]]
    assert tables[1].loc.lines == tuple(range(line_of(PARAMETERS, "<th>Key</th>"), line_of(PARAMETERS, "array of") + 1))
    assert_every_line_accounted(PARAMETERS, result)


def big_page() -> tuple[str, int]:
    """A page of more than 70,000 lines: rows over several lines, comments, and past libxml2's 65,535th line a
    script holding tags, a comment holding a row and a paragraph without its end tag."""
    parts = ["<!DOCTYPE html>", "<html><body>", "<h2>Errors</h2>", "<table>",
             "<tr><th>Code</th><th>Name</th><th>Description</th></tr>"]
    n = 0
    while len(parts) < 66000:
        n += 1
        parts += ["<tr>", f"  <td>{n}</td>", f"  <td>ERR_{n}</td>", "  <td>Text of", f"  error {n}.</td>", "</tr>",
                  "<!-- a", "comment -->"]
    parts += ["</table>", "<script>var s = '<table><tr><td>1</td></tr>';</script>", "<!-- <tr><td>2</td></tr> -->",
              "<p>A paragraph", "<table>", "<tr><th>Code</th><th>Name</th><th>Description</th></tr>"]
    while len(parts) < 70500:
        n += 1
        parts += ["<tr>", f"  <td>{n}</td>", f"  <td>ERR_{n}</td>", "  <td>Text of", f"  error {n}.</td>", "</tr>"]
    parts += ["</table>", "<p>The end.</p>", "</body></html>"]
    return "\n".join(parts) + "\n", n


def test_lines_past_libxml2s_limit_are_counted(tmp_path):
    text, last = big_page()
    result = parse_text(tmp_path, text)
    assert len(result.records) == last
    by_code = {r.code: r for r in result.records}
    first = line_of(text, f"  <td>{last}</td>")
    assert first > 70000
    assert by_code[str(last)].loc.lines == (first, first + 1, first + 2, first + 3)
    assert by_code[str(last)].get("description") == f"Text of error {last}."
    early = line_of(text, "  <td>7</td>")
    assert by_code["7"].loc.lines == (early, early + 1, early + 2, early + 3)
    (end,) = [n for n in result.notes if n.text == "The end."]
    assert end.loc.lines == (line_of(text, "<p>The end.</p>"),)
    (script,) = [i for i in result.layout if i.role == "ignored <script>"]
    assert script.loc.lines == (line_of(text, "<script>"),)
    assert not result.conflicts
    assert_every_line_accounted(text, result)


def test_tables_of_references_are_settled_once_per_page(tmp_path, monkeypatch):
    """The document-level pass over a page's tables runs once, after the last table (never once per table:
    that is quadratic in the tables of a long page), and still sets apart a table that refers to codes an
    earlier table defines."""
    from extract.parsers.table import DocumentTables

    calls = []
    settle = DocumentTables.settle
    monkeypatch.setattr(DocumentTables, "settle", lambda self: (calls.append(1), settle(self))[1])
    defining = ["<h2>Errors {k}</h2>", "<table>", "<tr><th>Code</th><th>Name</th><th>Description</th></tr>"]
    parts = ["<!DOCTYPE html>", "<html><body>"]
    for k in range(30):
        parts += [line.format(k=k) for line in defining]
        parts += [f"<tr><td>{1000 + 10 * k + i}</td><td>ERR_{k}_{i}</td><td>Error {i} of {k}.</td></tr>"
                  for i in range(3)]
        parts += ["</table>"]
    parts += ["<h2>Returned by Delete</h2>", "<table>", "<tr><th>Error</th><th>When</th></tr>",
              "<tr><td>ERR_0_1</td><td>The object is locked.</td></tr>",
              "<tr><td>ERR_1_2</td><td>The object is gone.</td></tr>", "</table>", "</body></html>"]
    text = "\n".join(parts) + "\n"
    result = parse_text(tmp_path, text)
    assert len(calls) == 1
    assert len(result.records) == 90
    (refs,) = [n for n in result.notes if n.kind == "references"]
    assert refs.loc.lines == (line_of(text, "ERR_0_1</td><td>The"), line_of(text, "ERR_1_2</td><td>The"))
    assert_every_line_accounted(text, result)
