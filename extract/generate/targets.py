"""The generate targets: what each writes, and the file name it takes when `--out` is a folder.

Kept free of imports of the renderers, so the manifest can check a `[[generate]]` target's name cheaply.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# target → what it writes (the help text); problem-types writes a folder, every other target one file
TARGETS = {
    "markdown": "a Markdown documentation page: one section per category, every field, ranges and notes",
    "html": "the same page in HTML",
    "openapi": "an OpenAPI 3.1 fragment: the error-code enum and error schema, one response per HTTP status",
    "problem-types": "RFC 9457 problem types: a JSON object and an HTML page per entry (a folder)",
    "python": "a Python IntEnum (StrEnum for codes that are not integers) with doc comments",
    "typescript": "a TypeScript enum with JSDoc comments",
    "go": "Go constants of a named type with doc comments",
    "java": "a Java enum with code, HTTP status and message, and Javadoc comments",
}
TARGET_NAMES = tuple(TARGETS)
FOLDER_TARGETS = frozenset({"problem-types"})


@dataclass(frozen=True)
class Settings:
    """What a target may be told beyond the catalog: the problem types' base URI, a Java or Go package, and
    the Java enum's name (a public Java type is named after its file)."""
    base_uri: str = ""
    package: str = ""
    type_name: str = ""


def default_filename(target: str, catalog: str) -> str:
    from .identifiers import type_name

    snake = re.sub(r"[^a-z0-9]+", "_", catalog.lower()).strip("_") or "catalog"
    return {
        "markdown": f"{catalog}-errors.md", "html": f"{catalog}-errors.html",
        "openapi": f"{catalog}-errors.openapi.json", "python": f"{snake}_errors.py",
        "typescript": f"{catalog}-errors.ts", "go": f"{snake}_errors.go", "java": f"{type_name(catalog)}.java",
    }[target]


def render(target: str, catalog, settings: Settings = Settings()) -> dict[str, str]:
    """The files of one target for one catalog: {name: text}; one name for a file target."""
    from . import code, docs, openapi, problem_types

    if target == "problem-types":
        return problem_types.render_problem_types(catalog, settings.base_uri)
    options = code.Options(type_name=settings.type_name, package=settings.package)
    text = {
        "markdown": lambda: docs.render_markdown(catalog),
        "html": lambda: docs.render_html(catalog),
        "openapi": lambda: openapi.render_openapi(catalog),
        "python": lambda: code.render_python(catalog, options),
        "typescript": lambda: code.render_typescript(catalog, options),
        "go": lambda: code.render_go(catalog, options),
        "java": lambda: code.render_java(catalog, options),
    }[target]()
    return {default_filename(target, catalog.name) if target != "java" or not settings.type_name
            else f"{settings.type_name}.java": text}
