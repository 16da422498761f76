"""RFC-style plain text (`rfc` layout): page chrome is layout, entries continue over page breaks, numbered
section titles name the categories, and the heads are typed by the item typing stage. Documents written here."""
from __future__ import annotations

from layout_helpers import build, lost_lines, rows

FOOTER = "Author & Editor                                       [Page {n}]"
HEADER = "RFC 9999              Example Relay Protocol              May 1993"

IRC_STYLE = "\n".join([
    "Network Working Group                                      A. Author",
    "",
    "6. REPLIES",
    "",
    "   The following is a list of numeric replies.",
    "",
    "6.1 Error Replies.",
    "",
    "        401     ERR_NOSUCHNICK",
    "                        \"<nickname> :No such nick/channel\"",
    "",
    "                - Used to indicate the nickname parameter supplied to a",
    "                  command is currently unused.",
    "",
    "        405     ERR_TOOMANYCHANNELS",
    "                        \"<channel name> :You have joined too many \\",
    "",
    "",
    FOOTER.format(n=1),
    "\f",
    HEADER,
    "",
    "",
    "                         channels\"",
    "                - Sent to a user when they have joined the maximum",
    "                  number of allowed channels.",
    "",
    "6.2 Command responses.",
    "",
    "        300     RPL_NONE",
    "                        Dummy reply number. Not used.",
    "",
    "6.3 Reserved numerics.",
    "",
    "        1. no longer in use;",
    "",
    "        209     RPL_TRACECLASS          217     RPL_STATSQLINE",
    "        231     RPL_SERVICEINFO",
    "",
    "7. Client and server authentication",
    "",
    "   Clients may send 401 replies too.",
    "",
    FOOTER.format(n=2),
    "",
])


def test_rfc_numeric_replies_over_a_page_break(tmp_path, run_cli):
    built = build(run_cli, tmp_path, "rfc1459.txt", IRC_STYLE)
    assert rows(built) == [
        ("209", "RPL_TRACECLASS", None, "", "Reserved numerics"),
        ("217", "RPL_STATSQLINE", None, "", "Reserved numerics"),
        ("231", "RPL_SERVICEINFO", None, "", "Reserved numerics"),
        ("300", "RPL_NONE", None, "Dummy reply number. Not used.", "Command responses"),
        ("401", "ERR_NOSUCHNICK", None,
         "<nickname> :No such nick/channel Used to indicate the nickname parameter supplied to a command is "
         "currently unused.", "Error Replies"),
        ("405", "ERR_TOOMANYCHANNELS", None,
         "<channel name> :You have joined too many channels Sent to a user when they have joined the maximum "
         "number of allowed channels.", "Error Replies"),
    ]
    source = built["catalog"]["sources"][0]
    assert source["format"] == "rfc text"
    roles: dict[str, list[int]] = {}
    for item in source["layout"]:
        if item["role"].startswith(("page", "form")):
            roles.setdefault(item["role"], []).extend(item["lines"])
    assert roles == {"page footer": [19, 44], "page header": [21], "form feed": [20]}
    # the reply continued across the page break keeps both of its lines
    e405 = next(e for e in built["catalog"]["entries"] if e["code"] == "405")
    assert {16, 24} <= set(e405["provenance"]["description"]["lines"])
    assert lost_lines(built) == []


FTP_STYLE = "\n".join([
    "RFC 959                                                     October 1985",
    "File Transfer Protocol",
    "",
    "      4.2.1  Reply Codes by Function Groups",
    "",
    "         200 Command okay.",
    "         500 Syntax error, command unrecognized.",
    "             This may include errors such as command line too long.",
    "         110 Restart marker reply.",
    "             In this case, the text is exact; it must read:",
    "                  MARK yyyy = mmmm",
    "",
    "",
    "Postel & Reynolds                                              [Page 39]",
    "",
    "RFC 959                                                     October 1985",
    "File Transfer Protocol",
    "",
    "      4.2.2 Numeric  Order List of Reply Codes",
    "",
    "         110 Restart marker reply.",
    "         200 Command okay.",
    "",
    "      For example:",
    "",
    "         CWD /usr/dm",
    "         200 directory changed to /usr/dm",
    "",
    "            Code     Meaning",
    "",
    "             1       7                8",
    "",
    "Postel & Reynolds                                              [Page 40]",
    "",
])


def test_rfc_lists_repeated_in_two_sections_are_variants(tmp_path, run_cli):
    built = build(run_cli, tmp_path, "rfc959.txt", FTP_STYLE)
    got = sorted(rows(built))
    assert got == [
        ("110", "", None, "Restart marker reply.", "Numeric Order List of Reply Codes"),
        ("110", "", None, "Restart marker reply. In this case, the text is exact; it must read: MARK yyyy = mmmm",
         "Reply Codes by Function Groups"),
        ("200", "", None, "Command okay.", "Numeric Order List of Reply Codes"),
        ("200", "", None, "Command okay.", "Reply Codes by Function Groups"),
        ("500", "", None, "Syntax error, command unrecognized. This may include errors such as command line "
         "too long.", "Reply Codes by Function Groups"),
    ]
    layout = built["catalog"]["sources"][0]["layout"]
    running = [i["lines"] for i in layout if i["role"] == "running title"]
    assert running == [[2], [17]]
    # the example dialog (`200 directory changed`) and a row of figures over a diagram give no entry
    assert all(e["code"] in ("110", "200", "500") for e in built["catalog"]["entries"])
    assert lost_lines(built) == []


WEBSOCKET_STYLE = "\n".join([
    "RFC 6455                 The WebSocket Protocol            December 2011",
    "",
    "7.4.1.  Defined Status Codes",
    "",
    "   1000",
    "",
    "      1000 indicates a normal closure.",
    "",
    "   1010",
    "",
    "      1010 indicates that an endpoint (client) is terminating the",
    "      connection because the server did not negotiate an extension that",
    "",
    "",
    "Fette & Melnikov             Standards Track                   [Page 45]",
    "\f",
    "RFC 6455                 The WebSocket Protocol            December 2011",
    "",
    "",
    "      it needs.",
    "",
    "7.4.2.  Reserved Status Code Ranges",
    "",
    "   0-999",
    "",
    "      Status codes in the range 0-999 are not used.",
    "",
    "   [RFC2119]  Bradner, S., \"Key words for use in RFCs\", BCP 14,",
    "              March 1997.",
    "",
    "Fette & Melnikov             Standards Track                   [Page 46]",
])


def test_rfc_bare_codes_with_text_below_continue_over_the_page(tmp_path, run_cli):
    built = build(run_cli, tmp_path, "rfc6455.txt", WEBSOCKET_STYLE)
    assert rows(built) == [
        ("1000", "", None, "1000 indicates a normal closure.", "Defined Status Codes"),
        ("1010", "", None, "1010 indicates that an endpoint (client) is terminating the connection because the "
         "server did not negotiate an extension that it needs.", "Defined Status Codes"),
    ]
    assert lost_lines(built) == []


def test_plain_prose_without_page_chrome_is_not_rfc(tmp_path, run_cli):
    built = build(run_cli, tmp_path, "errors.txt", "\n".join([
        "E1001: The request failed.", "E1002: The token expired.", "E1003: The quota is exhausted.", ""]))
    assert built["catalog"]["sources"][0]["format"] == "prose"
    assert [e["code"] for e in built["catalog"]["entries"]] == ["E1001", "E1002", "E1003"]


REGISTRY_STYLE = "\n".join([
    "RFC 9998                 The Example Frame Protocol              June 2012",
    "",
    "7.4.1.  Defined Status Codes",
    "",
    "   1000",
    "",
    "      1000 indicates a normal closure.",
    "",
    "   1007",
    "",
    "      1007 indicates that the payload data was not consistent.",
    "",
    "11.7.  Close Code Number Registry",
    "",
    "   IANA has added initial values to the registry as follows.",
    "",
    "     |Status Code | Meaning         | Contact       | Reference |",
    "    -+------------+-----------------+---------------+-----------|",
    "     | 1000       | Normal Closure  | ex@ietf.org   | RFC 9998  |",
    "    -+------------+-----------------+---------------+-----------|",
    "     | 1007       | Invalid frame   | ex@ietf.org   | RFC 9998  |",
    "     |            | payload data    |               |           |",
    "    -+------------+-----------------+---------------+-----------|",
    "",
    "",
    "Author & Editor              Standards Track                   [Page 64]",
    "\f",
    "RFC 9998                 The Example Frame Protocol              June 2012",
    "",
    "     |Status Code | Meaning         | Contact       | Reference |",
    "    -+------------+-----------------+---------------+-----------|",
    "     | 1015       | TLS handshake   | ex@ietf.org   | RFC 9998  |",
    "    -+------------+-----------------+---------------+-----------|",
    "",
    "11.8.  Opcode Registry",
    "",
    "     |Opcode  | Meaning                             | Reference |",
    "    -+--------+-------------------------------------+-----------|",
    "     | 0      | Continuation Frame                  | RFC 9998  |",
    "    -+--------+-------------------------------------+-----------|",
    "     | 1      | Text Frame                          | RFC 9998  |",
    "    -+--------+-------------------------------------+-----------|",
    "",
    "Author & Editor              Standards Track                   [Page 65]",
    "",
])


def test_rfc_registry_table_names_the_listed_codes_in_one_record(tmp_path, run_cli):
    built = build(run_cli, tmp_path, "rfc9998.txt", REGISTRY_STYLE)
    entries = {e["code"]: e for e in built["catalog"]["entries"]}
    # one entry per code: the list's text and section, the table's `Meaning` as the name (no second variant);
    # a code only the table gives is an entry of its own under the table's section; the opcode table is no
    # table of codes and gives none
    assert sorted(e["code"] for e in built["catalog"]["entries"]) == ["1000", "1007", "1015"]
    e1000, e1007, e1015 = entries["1000"], entries["1007"], entries["1015"]
    assert e1000["name"] == "Normal Closure"
    assert e1000["description"] == "1000 indicates a normal closure."
    assert e1000["category"] == "Defined Status Codes"
    assert e1000["http_status"] is None
    assert e1000["provenance"]["name"]["lines"] == [19]
    assert e1000["provenance"]["description"]["lines"] == [7]
    assert e1007["name"] == "Invalid frame payload data"  # the cell wrapped over two lines, joined
    assert e1007["description"] == "1007 indicates that the payload data was not consistent."
    assert e1007["category"] == "Defined Status Codes"
    assert e1007["provenance"]["name"]["lines"] == [21, 22]
    assert e1015["name"] == "TLS handshake"
    assert e1015["description"] == ""
    assert e1015["category"] == "Close Code Number Registry"
    assert e1015["provenance"]["name"]["lines"] == [32]
    roles: dict[str, list[int]] = {}
    for item in built["catalog"]["sources"][0]["layout"]:
        if item["role"].startswith("table"):
            roles.setdefault(item["role"], []).extend(item["lines"])
    assert roles == {"table header": [17], "table header (repeated)": [30], "table rule": [18, 20, 23, 31, 33]}
    assert lost_lines(built) == []


def test_rfc_table_without_rules_between_rows_reads_a_row_per_line(tmp_path, run_cli):
    text = "\n".join([
        "RFC 9997                 The Example Reply Protocol               May 2013",
        "",
        "4.1.  Reply Codes",
        "",
        "   4001",
        "",
        "      The request was refused.",
        "",
        "5.  Registry",
        "",
        "     | Code | Meaning       |",
        "    -+------+---------------|",
        "     | 4001 | Refused       |",
        "     | 4002 | Gone Away     |",
        "    -+------+---------------|",
        "",
        "Author & Editor              Standards Track                   [Page 7]",
        "",
        "RFC 9997                 The Example Reply Protocol               May 2013",
        "",
        "   Text after the table.",
        "",
        "Author & Editor              Standards Track                   [Page 8]",
        "",
    ])
    built = build(run_cli, tmp_path, "rfc9997.txt", text)
    # no rules between the rows: each line is a row
    assert rows(built) == [
        ("4001", "Refused", None, "The request was refused.", "Reply Codes"),
        ("4002", "Gone Away", None, "", "Registry"),
    ]
    assert lost_lines(built) == []
