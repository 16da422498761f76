"""`python -m extract VERB …`: build, sources, review, resolve, check, diff, kinds. Exit 0 ok, 1 failed gate, 2 bad usage or input."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import kinds
from .errors import InputError

DEFAULT_MANIFEST = Path("raw_sources/sources.toml")
DEFAULT_OUT = Path("normalized")


class Usage(Exception):
    """Bad usage: a one-line reason, exit 2."""


def _say(*lines: str, err: bool = False) -> None:
    for line in lines:
        print(line, file=sys.stderr if err else sys.stdout)


def manifest_specs(manifest: Path):
    from .manifest import load_manifest, unlisted_files

    specs = load_manifest(manifest)
    for path in unlisted_files(manifest, specs):
        _say(f"warning: {path}: not listed in {manifest}, not built", err=True)
    return specs


def adhoc_specs(catalog: str, files: list[str]):
    from .manifest import SLUG, SourceSpec

    if not SLUG.match(catalog):
        raise Usage(f"--catalog {catalog!r} is not a slug (a-z, 0-9, -)")
    stems = [Path(f).stem for f in files]
    # The id is the file's stem; repeated stems get their position so ids stay unique.
    return [SourceSpec(stem if stems.count(stem) == 1 else f"{stem}-{i}", Path(f), catalog, priority=i)
            for i, (stem, f) in enumerate(zip(stems, files), 1)]


def build_from_args(args):
    """The specs named by the command line: ad hoc files with --catalog, else the manifest."""
    from .build import run

    if args.files or args.catalog:
        if not (args.files and args.catalog):
            raise Usage("an ad-hoc build needs both --catalog NAME and at least one FILE")
        if getattr(args, "out", DEFAULT_OUT) is None:
            raise Usage("an ad-hoc build needs --out DIR (it never writes into the project's normalized/)")
        specs = adhoc_specs(args.catalog, args.files)
    else:
        specs = manifest_specs(args.manifest)
    build = run(specs)
    for warning in build.warnings:
        _say(f"warning: {warning}", err=True)
    if build.errors:
        _say(*(f"error: {e}" for e in build.errors), err=True)
        raise SystemExit(2)
    return build


def cmd_build(args) -> int:
    from .outputs import render_all, write_atomically

    build = reviewed_build(args)
    args.out = args.out or DEFAULT_OUT
    write_atomically(render_all(build), args.out)
    entries = sum(len(r.entries) for r in build.catalogs.values())
    open_errors = sum(1 for c in build.conflicts if c.severity == "error" and c.resolution.is_open)
    _say(f"built {args.out}/: {len(build.catalogs)} catalogs, {entries} entries from {len(build.parsed)} sources; "
         f"{len(build.conflicts)} conflicts ({open_errors} open errors)")
    return 0


def cmd_sources(args) -> int:
    build = build_from_args(args)
    rows = [("id", "format", "catalog", "records", "sha256")]
    for spec in build.specs:
        doc, parsed = build.documents[spec.id], build.parsed[spec.id]
        rows.append((spec.id, parsed.format, spec.catalog, str(len(parsed.records)), doc.sha256))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        _say("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0


def reviewed_build(args):
    """The manifest build with the reviewer's decisions applied (what check, review and resolve look at)."""
    from .resolutions import apply_resolutions

    build = build_from_args(args)
    if not (args.files or args.catalog):
        for warning in apply_resolutions(build, args.manifest.parent / "resolutions.toml"):
            _say(f"warning: {warning}", err=True)
    return build


def cmd_check(args) -> int:
    build = reviewed_build(args)
    open_errors = [c for c in build.conflicts if c.severity == "error" and c.resolution.is_open]
    for c in open_errors:
        _say(f"{c.id}: {c.message}")
    if open_errors:
        _say(f"check failed: {len(open_errors)} open conflicts of severity error", err=True)
        return 1
    _say("check passed: no open conflicts of severity error")
    return 0


def cmd_review(args) -> int:
    from .report import render_terminal

    build = reviewed_build(args)
    _say(render_terminal(build, severity=args.severity, kind=args.kind, catalog=args.only_catalog,
                         show_all=args.all))
    return 0


def cmd_resolve(args) -> int:
    from .resolutions import record_decision

    build = reviewed_build(args)
    chosen = [d for d in ("accept", "value", "acknowledge") if getattr(args, d) not in (None, False)]
    if len(chosen) != 1:
        raise Usage("give exactly one of --accept SOURCE, --value VALUE, --acknowledge")
    path = args.manifest.parent / "resolutions.toml"
    conflict = record_decision(build, path, args.id, chosen[0], getattr(args, chosen[0]), args.note)
    _say(f"recorded in {path}: {conflict.id} → {chosen[0]}" + (f" {getattr(args, chosen[0])}" if chosen[0] != "acknowledge" else ""))
    return 0


def cmd_kinds(args) -> int:
    """The registry of conflict kinds as the README's table (the README's table is this output)."""
    selected = [k for k in kinds.ALL if (not args.severity or args.severity in k.severities)
                and (not args.stage or k.stage == args.stage)]
    _say(kinds.markdown_table(selected).rstrip("\n"))
    return 0


def _kind(name: str) -> str:
    try:
        return kinds.get(name).name
    except kinds.UnknownKind:
        raise argparse.ArgumentTypeError(f"unknown conflict kind {name!r}; `extract kinds` lists them") from None


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line (`error: …`, exit 2), like every other error of the tool."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="extract", description="Rebuild a canonical error-code catalog from documents.")
    sub = p.add_subparsers(dest="verb", required=True, parser_class=OneLineParser)

    def common(sp, files=True):
        sp.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST, help="sources manifest (default %(default)s)")
        sp.set_defaults(files=[], catalog=None)
        if files:
            sp.add_argument("--catalog", help="ad hoc: the catalog the FILEs describe (no manifest needed)")
            sp.add_argument("files", nargs="*", metavar="FILE", help="ad hoc: documents to build, format detected")

    b = sub.add_parser("build", help="parse, reconcile and write normalized/")
    common(b)
    b.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_OUT}; required for an ad-hoc build)")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("sources", help="list sources with detected format, catalog, records and sha256")
    common(s, files=False)
    s.set_defaults(func=cmd_sources)
    c = sub.add_parser("check", help="exit 1 while a conflict of severity error is open")
    common(c, files=False)
    c.set_defaults(func=cmd_check)
    r = sub.add_parser("review", help="print the open conflicts in the terminal, errors first")
    common(r, files=False)
    r.add_argument("--severity", choices=kinds.SEVERITIES, help="only this severity")
    r.add_argument("--kind", type=_kind, help="only this conflict kind (see `extract kinds`)")
    r.add_argument("--only-catalog", help="only this catalog")
    r.add_argument("--all", action="store_true", help="also the conflicts resolved auto or manual")
    r.set_defaults(func=cmd_review)
    v = sub.add_parser("resolve", help="record a decision on a conflict in raw_sources/resolutions.toml")
    common(v, files=False)
    v.add_argument("id", help="conflict id (from review, report.md or conflicts.json)")
    v.add_argument("--accept", metavar="SOURCE", help="take this source's value")
    v.add_argument("--value", help="give the value yourself")
    v.add_argument("--acknowledge", action="store_true", help="keep as it is: the conflict is intended")
    v.add_argument("--note", default="", help="why (kept with the decision)")
    v.set_defaults(func=cmd_resolve)
    k = sub.add_parser("kinds", help="list the conflict kinds with their default severity and meaning",
                       description="List the conflict kinds a build can report, as a Markdown table.",
                       epilog="example: python -m extract kinds --severity error")
    k.add_argument("--severity", choices=kinds.SEVERITIES, help="only kinds that can have this severity")
    k.add_argument("--stage", choices=kinds.STAGES, help="only kinds found at this stage")
    k.set_defaults(func=cmd_kinds)
    from .diff import add_parser as add_diff_parser

    add_diff_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (InputError, Usage) as exc:
        _say(f"error: {exc}", err=True)
        return 2
    except BrokenPipeError:  # `extract review | head`: the reader has gone, which is no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
