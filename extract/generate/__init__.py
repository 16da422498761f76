"""`python -m extract generate TARGET --catalog NAME --out PATH`: docs, API descriptions and code from a saved
catalog, and the manifest's `[[generate]]` tables, which `build` runs after writing `normalized/`.

Modules: `catalog` (the saved catalog as generators see it), `identifiers` (valid, unique names per language),
`docs` (Markdown and HTML), `openapi`, `problem_types`, `code` (Python, TypeScript, Go, Java), `targets` (the
registry), `writing` (files and folders replaced whole).
"""
from __future__ import annotations

import sys
from pathlib import Path

from .targets import FOLDER_TARGETS, TARGETS, TARGET_NAMES, Settings

DEFAULT_INPUT = Path("normalized")


def add_generate_arguments(sub) -> None:
    """The `generate` verb on the CLI's subparsers."""
    g = sub.add_parser(
        "generate", help="write docs, an OpenAPI fragment, problem types or an enum from a built catalog",
        description="Generate TARGET for catalog NAME from a saved catalog.json (default normalized/). "
                    "Targets: " + "; ".join(f"{t}: {what}" for t, what in TARGETS.items()) + ".",
        epilog="examples: python -m extract generate markdown --catalog parse --out docs/parse-errors.md   "
               "python -m extract generate java --catalog parse --out src/ParseErrorCode.java")
    g.add_argument("target", choices=TARGET_NAMES, metavar="TARGET", help=", ".join(TARGET_NAMES))
    g.add_argument("--catalog", required=True, metavar="NAME", help="the catalog to generate from")
    g.add_argument("--out", required=True, metavar="PATH",
                   help="the file to write (a folder: the target's usual file name inside it; - : standard output); "
                        "for problem-types, the folder")
    g.add_argument("--input", default=str(DEFAULT_INPUT), metavar="PATH",
                   help="a catalog.json or a folder holding one (default %(default)s)")
    g.add_argument("--base-uri", default="", metavar="URI",
                   help="problem-types: what each type URI starts with (default: none, a relative reference)")
    g.add_argument("--package", default="", metavar="NAME", help="java: the package; go: the package name")
    g.set_defaults(func=cmd_generate)


def cmd_generate(args) -> int:
    from .catalog import load_catalog

    catalog = load_catalog(args.input, args.catalog)
    shown = generate(args.target, catalog, args.out, Settings(base_uri=args.base_uri, package=args.package))
    if shown != "-":
        print(f"generated {args.target} for {catalog.name}: {shown} ({len(catalog.entries)} entries)")
    return 0


def generate(target: str, catalog, out: str | Path, settings: Settings = Settings()) -> str:
    """Render TARGET for the catalog and write it to OUT; what was written, as shown to the user."""
    from ..errors import InputError
    from .targets import default_filename, render
    from .writing import write_file, write_folder

    out_text = str(out)
    if target in FOLDER_TARGETS:
        if out_text == "-":
            raise InputError("--out -", f"{target} writes a folder, not standard output")
        from .problem_types import INDEX

        write_folder(render(target, catalog, settings), Path(out), INDEX)
        return out_text
    path = Path(out)
    if out_text != "-" and (path.is_dir() or out_text.endswith(("/", "\\"))):
        path = path / default_filename(target, catalog.name)
    if target == "java" and out_text != "-":
        from .code import JAVA_IDENTIFIER
        from .identifiers import KEYWORDS

        if not JAVA_IDENTIFIER.fullmatch(path.stem) or path.suffix != ".java" or path.stem in KEYWORDS["java"]:
            raise InputError(out_text, "a Java file is named after its public enum: NAME.java, NAME an identifier")
        settings = Settings(settings.base_uri, settings.package, path.stem)
    (text,) = render(target, catalog, settings).values()
    if out_text == "-":
        sys.stdout.write(text)
        return "-"
    write_file(path, text)
    return str(path)


def run_manifest_generates(manifest: Path, out_dir: Path) -> list[str]:
    """Every `[[generate]]` table of the manifest, from the catalog.json just built into OUT_DIR; one line per
    file or folder written (for `build` to print). Paths in the tables are relative to the project folder."""
    from ..manifest import load_generates
    from .catalog import load_catalog

    lines = []
    loaded = {}
    for spec in load_generates(manifest):
        if spec.catalog not in loaded:
            loaded[spec.catalog] = load_catalog(Path(out_dir), spec.catalog)
        catalog = loaded[spec.catalog]
        generate(spec.target, catalog, spec.out, Settings(base_uri=spec.base_uri, package=spec.package))
        lines.append(f"generated {spec.target} for {spec.catalog}: {spec.shown_out}")
    return lines
