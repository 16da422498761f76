"""Definition lists read through the item typing stage: reST domain directives (`.. c:macro::`, nested
`.. attribute::` members under a `.. class::`), reST and Markdown definition lists, and HTML `<dl>` with the
code in the term. Documents written here; every line accounted for."""
from __future__ import annotations

from layout_helpers import build, lost_lines, rows

RST_DIRECTIVES = "\n".join([
    "Error handling",
    "==============",
    "",
    "Errors are negative numbered constants.",
    "",
    "Error constants",
    "---------------",
    "",
    ".. c:macro:: UV_E2BIG",
    "",
    "    argument list too long",
    "",
    ".. c:macro:: UV_EACCES",
    "",
    "    permission denied, see :c:func:`uv_strerror` and",
    "    :c:func:`uv_err_name`",
    "",
    ".. c:macro:: UV_EAGAIN",
    "",
    "API",
    "---",
    "",
    ".. c:macro:: UV_ERRNO_MAP(iter_macro)",
    "",
    "    Macro that expands to a series of invocations.",
    "",
    ".. c:function:: const char* uv_strerror(int err)",
    "",
    "    Returns the error message for the given error code.",
    "",
    "    .. versionadded:: 1.22.0",
    "",
])


def test_rst_value_directives_are_entries(tmp_path, run_cli):
    built = build(run_cli, tmp_path, "errors.rst", RST_DIRECTIVES)
    assert rows(built) == [
        ("UV_E2BIG", "", None, "argument list too long", "Error constants"),
        ("UV_EACCES", "", None, "permission denied, see :c:func:`uv_strerror` and :c:func:`uv_err_name`",
         "Error constants"),
        ("UV_EAGAIN", "", None, "", "Error constants"),
    ]
    assert lost_lines(built) == []


RST_CLASSES = "\n".join([
    "WebSocket utilities",
    "===================",
    "",
    ".. class:: WSCloseCode",
    "   :canonical: aiohttp.models.WSCloseCode",
    "",
    "    An :class:`~enum.IntEnum` for keeping close message code.",
    "",
    "    .. attribute:: OK",
    "",
    "       A normal closure.",
    "",
    "    .. attribute:: GOING_AWAY",
    "",
    "       An endpoint is going away.",
    "",
    "    .. attribute:: PROTOCOL_ERROR",
    "",
    "       An endpoint is terminating the connection due",
    "       to a protocol error.",
    "",
    ".. class:: WSMsgType",
    "",
    "   An :class:`~enum.IntEnum` for describing a message.",
    "",
    "   .. attribute:: TEXT",
    "",
    "      Text message.",
    "",
    "   .. attribute:: ERROR",
    "",
    "      A flag set when the websocket received an error.",
    "",
])


def test_members_of_a_class_directive_are_read_under_its_name(tmp_path, run_cli):
    built = build(run_cli, tmp_path, "websocket.rst", RST_CLASSES)
    # the second class holds message types, not codes: nothing above its members speaks of errors
    assert rows(built) == [
        ("GOING_AWAY", "", None, "An endpoint is going away.", "WSCloseCode"),
        ("OK", "", None, "A normal closure.", "WSCloseCode"),
        ("PROTOCOL_ERROR", "", None, "An endpoint is terminating the connection due to a protocol error.",
         "WSCloseCode"),
    ]
    assert lost_lines(built) == []


def test_rst_and_markdown_definition_lists_with_the_code_in_the_term(tmp_path, run_cli):
    rst = "\n".join([
        "Status codes", "============", "", "The service answers with these codes.", "",
        "1000 NORMAL_CLOSURE", "    The connection closed normally.", "",
        "1001 GOING_AWAY", "    The endpoint is going away and", "    will not come back.", "",
        "1002", "    A protocol error.", "",
    ])
    built = build(run_cli, tmp_path, "codes.rst", rst)
    assert rows(built) == [
        ("1000", "NORMAL_CLOSURE", None, "The connection closed normally.", ""),
        ("1001", "GOING_AWAY", None, "The endpoint is going away and will not come back.", ""),
        ("1002", "", None, "A protocol error.", ""),
    ]
    assert lost_lines(built) == []

    md = "\n".join([
        "# Error codes", "", "The service answers with these error codes.", "",
        "## Client errors", "",
        "E101", ": The request is malformed.", "",
        "E102 QUOTA_EXCEEDED", ": The quota is exhausted.", "  Wait for the next period.", "",
        "## Server errors", "",
        "E500", ": The server failed.", "",
    ])
    (tmp_path / "out").mkdir(exist_ok=True)
    built = build(run_cli, tmp_path / "out", "codes.md", md)
    assert rows(built) == [
        ("E101", "", None, "The request is malformed.", "Client errors"),
        ("E102", "QUOTA_EXCEEDED", None, "The quota is exhausted. Wait for the next period.", "Client errors"),
        ("E500", "", None, "The server failed.", "Server errors"),
    ]
    assert lost_lines(built) == []


HTML_DL = "\n".join([
    "<!DOCTYPE html>",
    "<html><head><title>Geolocation</title></head><body>",
    "<section id=\"constants\">",
    "  <h3>Constants</h3>",
    "  <dl>",
    "    <dt><dfn>PERMISSION_DENIED</dfn> (numeric value 1)</dt>",
    "    <dd>[=Request a position=] failed because the user denied permission.</dd>",
    "    <dt><dfn>TIMEOUT</dfn> (numeric value 3)</dt>",
    "    <dd>The {{PositionOptions/timeout}} member has elapsed.</dd>",
    "  </dl>",
    "</section>",
    "<section>",
    "  <h3>Options</h3>",
    "  <dl class=\"switch\">",
    "    <dt>enableHighAccuracy</dt>",
    "    <dd>Ask for the best position.</dd>",
    "  </dl>",
    "  <table><tr><th>Code</th><th>Meaning</th></tr><tr><td>7</td><td>Other.</td></tr></table>",
    "</section>",
    "</body></html>",
])


def test_html_dl_with_a_labelled_code_in_the_term(tmp_path, run_cli):
    built = build(run_cli, tmp_path, "geo.html", HTML_DL)
    got = {r[0]: r for r in rows(built)}
    assert got["1"] == ("1", "PERMISSION_DENIED", None, "Request a position failed because the user denied permission.",
                        "Constants")
    assert got["3"] == ("3", "TIMEOUT", None, "The timeout member has elapsed.", "Constants")
    assert "enableHighAccuracy" not in {r[1] for r in rows(built)}
    assert lost_lines(built) == []
