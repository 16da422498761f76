"""`datapackage.json`: the Frictionless Data Package that describes every data file of `normalized/`.

`catalog.csv` is a tabular resource with a Table Schema (types, constraints, primary key); `catalog.json` and
`conflicts.json` are JSON resources carrying the JSON Schemas of `extract/schemas/`. Those go under `jsonSchema`,
not `schema`: frictionless reads a resource's `schema` as a Table Schema whatever the resource's type, so a JSON
Schema there makes the package invalid (`jsonSchema` is the name frictionless-py reserves for it).
The package holds nothing that changes between two builds of the same inputs: no timestamps, no byte counts.
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

SLUG_PATTERN = "^[a-z0-9][a-z0-9-]*$"
SCHEMAS = {"catalog.json": "catalog.schema.json", "conflicts.json": "conflicts.schema.json"}

_DESCRIBED = {
    "catalog": "catalog slug",
    "code": "the error code as text (`-1`, `107`, `E1001`)",
    "variant": "1, 2, … where one catalog lists several entries under one code, else 1",
    "name": "symbolic name, empty where the catalog has none",
    "http_status": "HTTP status returned with the error, empty where no source gives one",
    "message": "short error message, empty where the catalog has none",
    "description": "long description, whitespace collapsed",
    "operations": "operations that return the error, joined with '; '",
    "category": "section or code-range category, empty where none",
    "sources": "ids of the sources attesting the entry, joined with '; '",
}
_TYPES = {"variant": "integer", "http_status": "integer"}
_CONSTRAINTS = {
    "catalog": {"required": True, "pattern": SLUG_PATTERN},
    "code": {"required": True},
    "variant": {"required": True, "minimum": 1},
    "http_status": {"minimum": 100, "maximum": 599},
    "sources": {"required": True},
}


def toolkit_version() -> str:
    """The toolkit's version: the package's `__version__`, which a test holds equal to pyproject.toml's (asking
    importlib.metadata costs every build a tenth of the seeds' whole build time in imports)."""
    from . import __version__

    return __version__


def json_schema(name: str) -> dict:
    """A JSON Schema shipped in `extract/schemas/` (`catalog.schema.json`, `conflicts.schema.json`): a fresh
    dict on every call, so a caller that changes it changes no one else's."""
    return json.loads(_schema_text(name))


@cache
def _schema_text(name: str) -> str:
    return resources.files(__package__).joinpath("schemas", name).read_text(encoding="utf-8")


def _csv_resource() -> dict:
    from .outputs import CSV_FIELDS  # at call time: outputs imports this module to render datapackage.json

    fields = []
    for name in CSV_FIELDS:
        field = {"name": name, "type": _TYPES.get(name, "string"), "description": _DESCRIBED[name]}
        if name in _CONSTRAINTS:
            field["constraints"] = dict(_CONSTRAINTS[name])
        fields.append(field)
    return {
        "name": "catalog", "path": "catalog.csv", "profile": "tabular-data-resource",
        "title": "The catalogs as one table",
        "description": ("One row per (catalog, code, variant). A text cell that a spreadsheet would run as a formula "
                        "(`=…`, `+…`, `@…`) starts with a `'` added against CSV injection; numbers such as `-1` "
                        "are written as they are."),
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": fields, "primaryKey": ["catalog", "code", "variant"], "missingValues": [""]},
    }


def _json_resource(name: str, path: str, title: str, description: str) -> dict:
    return {
        "name": name, "type": "json", "path": path, "title": title, "description": description,
        "format": "json", "mediatype": "application/json", "encoding": "utf-8",
        "jsonSchema": json_schema(SCHEMAS[path]),
    }


def _sources(doc: dict) -> list[dict]:
    """The documents the catalogs were read from, as Data Package sources (a title is required: the manifest's
    title, else the source id). Paths are relative to the project folder, as everywhere in catalog.json."""
    out = []
    for s in doc.get("sources", []):
        item = {"title": s.get("title") or s["id"], "path": s["path"], "id": s["id"], "catalog": s["catalog"]}
        if s.get("version"):
            item["version"] = s["version"]
        item["sha256"] = s["sha256"]
        out.append(item)
    return out


def datapackage(doc: dict) -> dict:
    """The datapackage.json of one build, from its catalog document (`outputs.catalog_document`)."""
    catalogs = [c["catalog"] for c in doc.get("catalogs", [])]
    return {
        "name": "error-code-catalog",
        "title": "Error-code catalog" + (f"s: {', '.join(catalogs)}" if len(catalogs) > 1
                                         else f": {catalogs[0]}" if catalogs else "s"),
        "description": (f"{len(doc.get('entries', []))} entries in {len(catalogs)} catalogs, rebuilt by `extract` "
                        f"from {len(doc.get('sources', []))} source documents, with every conflict between them."),
        "version": toolkit_version(),
        "profile": "data-package",
        "sources": _sources(doc),
        "resources": [
            _csv_resource(),
            _json_resource("catalog-json", "catalog.json", "The catalogs with provenance",
                           "Every entry with where each field's value was read, each catalog's notes and ranges, "
                           "and the sources with their sha256."),
            _json_resource("conflicts", "conflicts.json", "The conflicts between sources",
                           "Every disagreement, gap and automatic choice, with the competing values and how "
                           "each conflict stands (open, auto or manual)."),
        ],
    }
