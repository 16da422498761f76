"""The source-constants layout: hand-written sources per language read back field by field, every line accounted
for; the code decided by the value's shape, the name by the declared identifier; a second block of non-error
constants kept apart as a note (the rule in extract/parsers/constants_blocks.py)."""
from __future__ import annotations

from extract.parsers.constants_blocks import Block, Decl, blocks_of_errors
from extract.parsers.constants_lex import read_value
from extract.settings import DEFAULT
from layout_helpers import build, lost_lines


def fields(built, *names):
    return [tuple(e[n] for n in names) for e in built["catalog"]["entries"]]


def notes(built):
    return [n["text"] for c in built["catalog"]["catalogs"] for n in c["notes"]]


def check(run_cli, tmp_path, name, text):
    b = build(run_cli, tmp_path, name, text)
    assert b["catalog"]["sources"][0]["format"] == "constants"
    assert lost_lines(b) == []
    return b


C_HEADER = """\
/**
 * \\file net.h
 */
#ifndef NET_H
#define NET_H

/**
 * \\name Network error codes
 * \\{
 */
/** Failed to open a socket. */
#define NET_ERR_SOCKET_FAILED      -0x0042
#define NET_ERR_BUFFER_TOO_SMALL   PSA_ERROR_BUFFER_TOO_SMALL  /**< The buffer is too small. */
#define NET_ERR_CONN_RESET         (-0x0050)  /**< Connection was reset by peer. */
/** \\} name Network error codes */

#define NET_PROTO_TCP 0 /**< The TCP transport protocol */
#define NET_PROTO_UDP 1 /**< The UDP transport protocol */

typedef enum {
    NET_TYPE_NONE = 0,
    NET_TYPE_DATA,
} net_type;

#endif
"""


def test_c_defines_with_doxygen_groups_and_a_second_block_apart(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "net.h", C_HEADER)
    assert fields(b, "code", "name", "description", "category") == [
        ("-0x0042", "NET_ERR_SOCKET_FAILED", "Failed to open a socket.", "Network error codes"),
        ("-0x0050", "NET_ERR_CONN_RESET", "Connection was reset by peer.", "Network error codes"),
        ("PSA_ERROR_BUFFER_TOO_SMALL", "NET_ERR_BUFFER_TOO_SMALL", "The buffer is too small.", "Network error codes"),
    ]
    kept_apart = notes(b)
    assert any("NET_PROTO_TCP" in t for t in kept_apart)
    assert any("`net_type`" in t for t in kept_apart)


C_ENUM = """\
typedef enum {
    /** Everything went fine. */
    DEMO_OK = 0,
    DEMO_TIMEOUT = 0x10,  /* The call timed out. */
    DEMO_CLOSED,          /**< The channel is closed. */
} demo_error;
"""


def test_c_enum_with_implicit_values_and_a_typedef_name(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "demo.h", C_ENUM)
    assert fields(b, "code", "name", "description") == [
        ("0", "DEMO_OK", "Everything went fine."), ("0x10", "DEMO_TIMEOUT", "The call timed out."),
        ("0x11", "DEMO_CLOSED", "The channel is closed.")]


CSHARP = """\
namespace Demo;

/// <summary>SQLSTATE codes.</summary>
public static class PgErrorCodes
{
    #region Class 23 - Integrity Constraint Violation

    /// <summary>A row would violate a unique index.</summary>
    public const string UniqueViolation = "23505";
    public const string ExclusionViolation = "23P01";

    #endregion Class 23 - Integrity Constraint Violation

    static readonly string[] Critical =
    [
        "53", // Insufficient resources
        UniqueViolation,
    ];
}

public enum Locale
{
    EnglishUs = 1,
    French = 2,
}
"""


def test_csharp_string_constants_regions_and_a_locale_enum(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "Codes.cs", CSHARP)
    assert fields(b, "code", "name", "description", "category") == [
        ("23505", "UniqueViolation", "A row would violate a unique index.", "Class 23 - Integrity Constraint Violation"),
        ("23P01", "ExclusionViolation", "", "Class 23 - Integrity Constraint Violation")]
    assert any("`Locale`" in t for t in notes(b))


JAVA = """\
public enum PSQLState {
    UNKNOWN_STATE(""),
    /** Too many rows. */
    TOO_MANY_RESULTS("0100E"),
    NOT_FOUND(4040, 404, "The item was not found."),
    CONNECTION_FAILURE("08006");

    private final String state;

    PSQLState(String state) {
        this.state = state;
    }
}
"""


def test_java_enum_with_string_and_int_arguments(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "PSQLState.java", JAVA)
    assert fields(b, "code", "name", "http_status", "message", "description") == [
        ("4040", "NOT_FOUND", 404, "The item was not found.", ""),  # the empty code is no entry
        ("08006", "CONNECTION_FAILURE", None, "", ""),
        ("0100E", "TOO_MANY_RESULTS", None, "", "Too many rows.")]


GO = """\
package codes

// A Code is an error code.
type Code uint32

const (
\t// OK is returned on success.
\tOK Code = iota
\t// Canceled means the caller canceled.
\t//
\t// The framework reports it on cancellation.
\tCanceled
\tUnknown // Unknown error.

\t_maxCode = 17
)

var strToCode = map[string]Code{
\t`"OK"`: OK,
\t`"CANCELLED"`:/* [sic] */ Canceled,
}
"""


def test_go_typed_consts_with_iota(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "codes.go", GO)
    assert fields(b, "code", "name", "description") == [
        ("0", "OK", "OK is returned on success."),
        ("1", "Canceled", "Canceled means the caller canceled. The framework reports it on cancellation."),
        ("2", "Unknown", "Unknown error.")]  # `_maxCode` is a sentinel, the map repeats names


TYPESCRIPT = """\
/**
 * @see {@link https://example.com/errors}
 */
export enum RESTErrorCodes {
\tGeneralError,

\tUnknownAccount = 10_001,
\tUnknownApplication,
\tWriteRateLimit = 20_028,
\t/**
\t * @deprecated Use {@link RESTErrorCodes.WriteRateLimit} instead
\t */
\tSendRateLimit = WriteRateLimit,
\tNotFound = "E404",
}

export enum Locale {
\tEnglishUS = 'en-US',
\tIndonesian = 'id',
}
"""


def test_typescript_enum_auto_increment_separators_and_aliases(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "common.ts", TYPESCRIPT)
    assert fields(b, "code", "name", "description") == [
        ("0", "GeneralError", ""), ("10001", "UnknownAccount", ""), ("10002", "UnknownApplication", ""),
        ("20028", "WriteRateLimit", ""),
        ("20028", "SendRateLimit", "@deprecated Use RESTErrorCodes.WriteRateLimit instead"),  # tags alone: text
        ("E404", "NotFound", "")]
    assert any("`Locale`" in t for t in notes(b))


PYTHON = """\
\"\"\"Close codes and message types.\"\"\"
from enum import IntEnum
from typing import NamedTuple


class CloseCode(IntEnum):
    ok = 1000
    #: The peer is going away.
    goingAway = 1001
    protocol_error = 1002  # The peer broke the protocol.


class MsgType(IntEnum):
    TEXT = 0x1
    BINARY = 0x2
    ERROR = 0x102


class MessageError(NamedTuple):
    size: int = 0
    type: int = MsgType.ERROR


LEGACY_CODE = "E101"
"""


def test_python_enums_in_any_case_style_and_a_message_type_enum_apart(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "models.py", PYTHON)
    assert fields(b, "code", "name", "description") == [
        ("1000", "ok", ""), ("1001", "goingAway", "The peer is going away."),
        ("1002", "protocol_error", "The peer broke the protocol."),
        ("E101", "LEGACY_CODE", "")]  # a loose constant whose name speaks of codes
    assert any("`MsgType`" in t for t in notes(b))


PY_EXCEPTIONS = """\
class ApiError(Exception):
    \"\"\"Base class of the API's errors; never raised itself.\"\"\"

    default_description = ""

    def __init__(self, description=None):
        self.description = description or self.default_description


class NotFoundError(ApiError):
    code = "NotFound"
    default_description = (
        "The resource was not "
        "found on this server"
    )


class ThrottledError(ApiError):
    \"\"\"
    The client sent too many requests.
    \"\"\"

    code = 'throttled'
    status_code = status.HTTP_429_TOO_MANY_REQUESTS


class QuotaError(ApiError):
    code = 4031
    message = _("The quota is spent.")


class ValidationError(Exception):
    \"\"\"Raised when a payload does not validate.\"\"\"

    pass
"""


def test_python_exception_classes_carrying_their_code_as_an_attribute(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "exceptions.py", PY_EXCEPTIONS)
    # one entry per class with a code attribute; the text from a description or message attribute (adjacent
    # literals over lines joined) or the docstring; the class name only where the code is not itself a name;
    # the base class and a class without a code give none
    assert fields(b, "code", "name", "http_status", "message", "description") == [
        ("4031", "QuotaError", None, "The quota is spent.", ""),
        ("NotFound", "", None, "", "The resource was not found on this server"),
        ("throttled", "", 429, "", "The client sent too many requests."),
    ]


JAVA_EXCEPTIONS = """\
/** Base of every API error. */
public abstract class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected ApiException(String message) {
        super(message);
    }
}

/** The access token is expired or malformed. */
public class InvalidTokenException extends ApiException {
    public static final String CODE = "invalid_token";
    private static final long serialVersionUID = 2L;

    public InvalidTokenException() {
        super("The access token is invalid.");
    }
}

public class QuotaExceededException extends ApiException
{
    public static final int CODE = 4291;
    public static final String MESSAGE = "The request quota was exceeded.";
    public static final int HTTP_STATUS = 429;
}
"""


def test_java_exception_classes_with_a_code_constant_and_their_other_constants_apart(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "Errors.java", JAVA_EXCEPTIONS)
    assert fields(b, "code", "name", "http_status", "message", "description") == [
        ("4291", "QuotaExceededException", 429, "The request quota was exceeded.", ""),
        ("invalid_token", "", None, "", "The access token is expired or malformed."),
    ]
    # serialVersionUID of the base and of a class with a code: notes, not entries
    assert sum("serialVersionUID" in t for t in notes(b)) == 2


RUST = """\
/// HTTP/2 error codes.
pub struct Reason(u32);

impl Reason {
    /// The endpoint detected an unspecific protocol error.
    pub const PROTOCOL_ERROR: Reason = Reason(1);
    /// The connection was reset.
    pub const CONNECT_ERROR: Reason = Reason(10);

    pub fn description(&self) -> &str {
        match self.0 {
            1 => "unspecific protocol error detected",
            10 => {
                "connection established in response to a CONNECT request was reset or abnormally \\
                 closed"
            }
            _ => "unknown reason",
        }
    }
}
"""


def test_rust_associated_consts_and_a_match_of_messages(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "reason.rs", RUST)
    assert fields(b, "code", "name", "message", "description") == [
        ("1", "PROTOCOL_ERROR", "unspecific protocol error detected",
         "The endpoint detected an unspecific protocol error."),
        ("10", "CONNECT_ERROR", "connection established in response to a CONNECT request was reset or abnormally closed",
         "The connection was reset.")]


PROTO = """\
syntax = "proto3";

option java_package = "com.example.rpc";

// The canonical error codes.
enum Code {
  // Not an error; returned on success
  //
  // HTTP Mapping: 200 OK
  OK = 0;

  // The entity was not found.
  //
  // HTTP Mapping: 404 Not Found
  NOT_FOUND = 5;
}
"""


def test_protobuf_enum_with_http_mappings(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "code.proto", PROTO)
    assert fields(b, "code", "name", "http_status", "description") == [
        ("0", "OK", 200, "Not an error; returned on success"), ("5", "NOT_FOUND", 404, "The entity was not found.")]


JS_MAP = """\
const MESSAGES = {
  404: "The item was not found.",
  409: "The item changed meanwhile.",
  "E101": "The token expired.",
};
module.exports = MESSAGES;
"""


def test_a_map_of_code_to_message(run_cli, tmp_path):
    b = check(run_cli, tmp_path, "messages.js", JS_MAP)
    assert fields(b, "code", "message") == [("404", "The item was not found."), ("409", "The item changed meanwhile."),
                                          ("E101", "The token expired.")]


def test_values_are_codes_by_their_shape():
    assert (read_value("-0x5300").kind, read_value("-0x5300").text) == ("code", "-0x5300")
    assert read_value("10_001").text == "10001"
    assert read_value("1001L").text == "1001"
    assert read_value('"23505"').text == "23505"
    assert read_value("'E101'").text == "E101"
    assert read_value('"The item was not found."').kind == "prose"  # prose is a message, not a code
    assert read_value('""').kind == "empty"
    assert read_value("Reason(7)").text == "7"
    assert read_value("iota + 1").step == 1
    assert read_value("OtherMember").kind == "alias"


def test_the_rule_for_blocks_that_are_not_errors():
    def block(name, *members, loose=False):
        b = Block(name, "enum", 1, loose=loose)
        b.decls = [Decl(m, i + 1, code=str(i)) for i, m in enumerate(members)]
        return b

    names = lambda keep: [d.name for d in keep]  # noqa: E731
    # a block named for errors wins over one named for something else
    keep, apart = blocks_of_errors([block("WSCloseCode", "OK", "GOING_AWAY"), block("WSMsgType", "TEXT", "BINARY", "ERROR")],
                                   DEFAULT.constants)
    assert names(keep) == ["OK", "GOING_AWAY"] and [b.name for b in apart] == ["WSMsgType"]
    # the only block gives entries whatever its name
    keep, apart = blocks_of_errors([block("Things", "A", "B")], DEFAULT.constants)
    assert names(keep) == ["A", "B"] and apart == []
    # no block speaks of errors: a block named as another kind of value is kept apart
    keep, apart = blocks_of_errors([block("", "TOKEN_MISSING", loose=True), block("demo_state", "IDLE")],
                                   DEFAULT.constants)
    assert names(keep) == ["TOKEN_MISSING"] and [b.name for b in apart] == ["demo_state"]
    # loose constants speak one by one
    keep, apart = blocks_of_errors([block("", "NET_ERR_SOCKET", "NET_PROTO_TCP", loose=True)], DEFAULT.constants)
    assert names(keep) == ["NET_ERR_SOCKET"] and [d.name for d in apart[0].decls] == ["NET_PROTO_TCP"]


def test_detection_does_not_claim_markdown_with_code_samples(run_cli, tmp_path):
    from extract.documents import load
    from extract.parsers.constants import sniff

    path = tmp_path / "errors.md"
    path.write_text("# Errors\n\n```c\n#define ERR_A 1\n#define ERR_B 2\n```\n", encoding="utf-8")
    assert sniff(load(path, "x")) == 0.0
    path.write_text('{"ERR_A": 1,\n "ERR_B": 2}\n', encoding="utf-8")
    assert sniff(load(path, "x")) == 0.0


def test_javascript_constants_set_on_their_owner(run_cli, tmp_path):
    text = ("const STATE_OPEN = 'open';\n\nfunction Connection() {\n    this.state = STATE_OPEN;\n}\n\n"
            "Connection.CLOSE_REASON_NORMAL = 1000;\nConnection.CLOSE_REASON_GOING_AWAY = 1001;\n"
            "Connection.CLOSE_REASON_RESERVED = 1004; // Reserved value.  Undefined meaning.\n")
    b = check(run_cli, tmp_path, "connection.js", text)
    assert fields(b, "code", "name", "description") == [
        ("1000", "CLOSE_REASON_NORMAL", ""), ("1001", "CLOSE_REASON_GOING_AWAY", ""),
        ("1004", "CLOSE_REASON_RESERVED", "Reserved value. Undefined meaning.")]


def test_a_map_keyed_by_an_enums_members_gives_their_messages(run_cli, tmp_path):
    text = ("import enum\n\n\nclass CloseCode(enum.IntEnum):\n    NORMAL_CLOSURE = 1000\n    GOING_AWAY = 1001\n"
            "    SERVICE_RESTART = 1012\n\n\nCLOSE_CODE_EXPLANATIONS: dict[int, str] = {\n"
            "    CloseCode.NORMAL_CLOSURE: \"OK\",\n    CloseCode.GOING_AWAY: \"going away\",\n"
            "    CloseCode.SERVICE_RESTART: \"service restart\",\n}\n")
    b = check(run_cli, tmp_path, "frames.py", text)
    assert fields(b, "code", "name", "message") == [
        ("1000", "NORMAL_CLOSURE", "OK"), ("1001", "GOING_AWAY", "going away"),
        ("1012", "SERVICE_RESTART", "service restart")]
