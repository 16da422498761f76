"""The JSON and YAML layouts on the shapes real catalogs take: a key hidden under another name, nested objects,
list-valued groups, flat maps, null texts. Meaning is decided by the typing stage over whole columns; each
document is read back field by field with every line accounted for."""
from __future__ import annotations

from layout_helpers import build, lost_lines


def entries(b) -> dict:
    return {e["code"]: e for e in b["catalog"]["entries"]}


def test_error_code_beside_a_code_that_is_the_http_status(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.json", """\
{
  "errors": [
    {"code": 400, "error_code": "E_INVALID_INPUT", "message": "The input is invalid."},
    {"code": 404, "error_code": "E_NO_USER", "message": "No such user."},
    {"code": 404, "error_code": "E_NO_ORDER", "message": "No such order."}
  ]
}
""")
    got = [(e["code"], e["http_status"], e["message"]) for e in b["catalog"]["entries"]]
    assert sorted(got) == [("E_INVALID_INPUT", 400, "The input is invalid."), ("E_NO_ORDER", 404, "No such order."),
                           ("E_NO_USER", 404, "No such user.")]
    assert lost_lines(b) == []


def test_nested_object_is_its_text_and_the_rest_extra(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "codes.json", """\
[
  {
    "code": 404,
    "phrase": "Not Found",
    "constant": "NOT_FOUND",
    "comment": {
      "doc": "Official Documentation @ https://tools.ietf.org/html/rfc7231#section-6.5.4",
      "description": "The server can not find the requested resource."
    }
  },
  {
    "code": 400,
    "phrase": "Bad Request",
    "constant": "BAD_REQUEST",
    "isDeprecated": false,
    "comment": {
      "doc": "Official Documentation @ https://tools.ietf.org/html/rfc7231#section-6.5.1",
      "description": "This response means that server could not understand the request due to invalid syntax."
    }
  }
]
""")
    e = entries(b)
    # (the phrases are short labels: a column of them is the message when most hold two words or more)
    assert e["404"]["name"] == "NOT_FOUND"
    assert e["404"]["message"] == "Not Found"
    assert e["404"]["description"] == "The server can not find the requested resource."
    assert e["404"]["extra"]["comment.doc"].startswith("Official Documentation @ https://")
    assert e["400"]["message"] == "Bad Request"
    assert e["400"]["extra"]["is deprecated"] == "false"
    assert e["400"]["provenance"]["description"]["lines"] == [18]
    assert "{" not in e["400"]["description"] and "doc" not in e["400"]["description"]
    assert lost_lines(b) == []


def test_nested_object_of_several_fields_is_flattened(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.yaml", """\
errors:
  - status: 401
    error:
      code: AUTH_EXPIRED
      message: The token has expired.
  - status: 403
    error:
      code: AUTH_DENIED
      message: The role does not allow this.
""")
    assert b["catalog"]["sources"][0]["format"] == "yaml"
    assert [(e["code"], e["http_status"], e["message"]) for e in b["catalog"]["entries"]] == [
        ("AUTH_DENIED", 403, "The role does not allow this."), ("AUTH_EXPIRED", 401, "The token has expired.")]
    assert entries(b)["AUTH_EXPIRED"]["provenance"]["message"]["lines"] == [5]
    assert lost_lines(b) == []


def test_keyed_by_code_with_http_tags_and_null_descriptions(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.json", """\
{
\t"Internal": {
\t\t"description": "An internal server error with a proprietary message.",
\t\t"message": "Server error: {message}",
\t\t"http": 500,
\t\t"tags": ["General"]
\t},
\t"RequestTimeout": {
\t\t"description": null,
\t\t"message": "Request timed out.",
\t\t"http": 408,
\t\t"tags": ["General", "Data Processing"]
\t}
}
""")
    e = entries(b)
    assert (e["Internal"]["http_status"], e["Internal"]["category"]) == (500, "General")
    assert e["Internal"]["message"] == "Server error: {message}"
    assert e["Internal"]["description"] == "An internal server error with a proprietary message."
    assert (e["RequestTimeout"]["http_status"], e["RequestTimeout"]["category"]) == (408, "General, Data Processing")
    assert e["RequestTimeout"]["description"] in ("", None)
    assert e["RequestTimeout"]["operations"] in ([], None)
    assert lost_lines(b) == []


def test_list_that_names_operations_stays_operations(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "errors.json", """\
[
  {"code": "E101", "message": "Unknown user.", "returned_by": ["Login", "Logout"]},
  {"code": "E102", "message": "Wrong password.", "ops": ["Login"]}
]
""")
    e = entries(b)
    assert e["E101"]["operations"] == ["Login", "Logout"]
    assert lost_lines(b) == []


def test_flat_map_of_status_to_phrase(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "codes.json", """\
{
  "100": "Continue",
  "404": "Not Found",
  "500": "Internal Server Error"
}
""")
    assert [(e["code"], e["message"]) for e in b["catalog"]["entries"]] == [
        ("100", "Continue"), ("404", "Not Found"), ("500", "Internal Server Error")]
    assert lost_lines(b) == []
