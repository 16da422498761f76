"""An OpenAPI 3.1 fragment for a catalog: `components.schemas` with the error-code enum (`x-` members give each
code's names and texts) and an error object that carries it, and `components.responses`, one per HTTP status,
listing the codes that status can carry.

The fragment is a JSON document with only `components` (and `x-generated`): paste or `$ref` it into an API
description. Texts are Markdown in OpenAPI (`description`), so they are escaped as the Markdown page escapes
them; everything else is data, written by the JSON encoder.
"""
from __future__ import annotations

import json

from .catalog import Catalog, Entry, generated_notice
from .code import DECIMAL_LITERAL
from .docs import md_text
from .identifiers import identifiers, type_name

# JSON Schema's integer: codes that are decimal integers within what every JSON reader keeps exact
SAFE_INTEGER = 2 ** 53 - 1


def integer_codes(catalog: Catalog) -> bool:
    return bool(catalog.entries) and all(DECIMAL_LITERAL.fullmatch(e.code) and abs(int(e.code)) <= SAFE_INTEGER
                                         for e in catalog.entries)


def entry_item(e: Entry) -> dict:
    item = {"code": e.code, "variant": e.variant, "name": e.name or None, "httpStatus": e.http_status,
            "message": e.message or None, "description": e.description or None, "category": e.category or None,
            "operations": list(e.operations)}
    return {k: v for k, v in item.items() if v not in (None, [])}


def render_openapi(catalog: Catalog) -> str:
    integer = integer_codes(catalog)
    code_schema = type_name(catalog.name)
    error_schema = type_name(catalog.name, "Error")
    value = (lambda code: int(code)) if integer else (lambda code: code)
    by_code: dict[str, list[Entry]] = {}
    for e in catalog.entries:
        by_code.setdefault(e.code, []).append(e)
    firsts = [variants[0] for variants in by_code.values()]
    names = identifiers(firsts, "openapi")
    code_description = (f"The error codes of catalog `{catalog.name}`. `x-enum-varnames` and `x-enum-descriptions` "
                        "follow `enum` (one per code: its first entry's name, and every entry's text); "
                        "`x-error-codes` lists every entry with all its fields.")
    schemas = {
        code_schema: {
            "title": f"{catalog.name} error code",
            "description": code_description,
            "type": "integer" if integer else "string",
            "enum": [value(code) for code in by_code],
            "x-enum-varnames": [n.text for n in names],
            "x-enum-descriptions": [" / ".join(v.text for v in variants if v.text) for variants in by_code.values()],
            "x-error-codes": [entry_item(e) for e in catalog.entries],
        },
        error_schema: {
            "title": f"{catalog.name} error",
            "description": f"An error of catalog `{catalog.name}`: its code and a message.",
            "type": "object",
            "properties": {
                "code": {"$ref": f"#/components/schemas/{code_schema}"},
                "message": {"type": "string", "description": "What went wrong, for a person to read."},
            },
            "required": ["code"],
        },
    }
    responses = {}
    for status in catalog.statuses():
        carried = [e for e in catalog.entries if e.http_status == status]
        codes = list(dict.fromkeys(e.code for e in carried))
        lines = [f"HTTP {status} with an error of catalog `{catalog.name}`; the codes it can carry:", ""]
        lines += [f"- `{md_text(e.code)}`" + (f" {md_text(e.name)}" if e.name else "")
                  + (f": {md_text(e.message or e.description)}" if e.message or e.description else "")
                  for e in carried]
        responses[f"{error_schema}{status}"] = {
            "description": "\n".join(lines),
            "content": {"application/json": {"schema": {
                "allOf": [{"$ref": f"#/components/schemas/{error_schema}"}],
                "properties": {"code": {"enum": [value(c) for c in codes]}},
            }}},
            "x-error-codes": [{k: v for k, v in entry_item(e).items() if k in ("code", "variant", "name")}
                              for e in carried],
        }
    unmapped = [e.code for e in catalog.entries if e.http_status is None]
    if unmapped:
        schemas[code_schema]["x-codes-without-http-status"] = list(dict.fromkeys(unmapped))
    doc = {"x-generated": generated_notice("openapi", catalog), "components": {"schemas": schemas}}
    if responses:
        doc["components"]["responses"] = responses
    return json_text(doc)


def json_text(data) -> str:
    """JSON for a person to read and a diff to show: objects and lists of objects one member per line, lists
    of plain values (an enum's codes) on one line."""
    def one(value, indent: str) -> str:
        inner = indent + "  "
        if isinstance(value, dict) and value:
            members = (f"{inner}{json.dumps(k, ensure_ascii=False)}: {one(v, inner)}" for k, v in value.items())
            return "{\n" + ",\n".join(members) + f"\n{indent}}}"
        if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
            return "[\n" + ",\n".join(inner + one(v, inner) for v in value) + f"\n{indent}]"
        return json.dumps(value, ensure_ascii=False)

    return one(data, "") + "\n"


def wrapped_document(fragment: dict, title: str = "error catalog") -> dict:
    """The fragment inside the smallest whole OpenAPI 3.1 document (what a validator checks)."""
    return {"openapi": "3.1.0", "info": {"title": title, "version": "1"}, "paths": {}, **fragment}
