"""`python -m extract VERB …`: build, sources, review, resolve, check, diff, kinds. Exit 0 ok, 1 failed gate, 2 bad usage or input."""
from __future__ import annotations

import argparse
import os
import sys
import traceback
from dataclasses import replace
from pathlib import Path

from . import gates, kinds
from .cache import FOLDER
from .errors import BUG_REPORT, InputError, ToolkitBug
from .package import toolkit_version
from .settings import DEFAULT, LimitSettings
from .terminal import Progress, say

DEFAULT_MANIFEST = Path("raw_sources/sources.toml")
DEFAULT_OUT = Path("normalized")


class Usage(Exception):
    """Bad usage: a one-line reason, exit 2."""


def _say(*lines: str, err: bool = False, style: str = "") -> None:
    # Text from documents and file names may hold escapes: shown as `\x1b`, never run by the terminal.
    for line in lines:
        say(line, err=err, style=style or ("error" if line.startswith("error:") else
                                           "warning" if line.startswith("warning:") else ""))


def settings_from_args(args):
    limits = LimitSettings(getattr(args, "max_bytes", None) or DEFAULT.limits.max_bytes,
                           getattr(args, "max_pages", None) or DEFAULT.limits.max_pages)
    return replace(DEFAULT, limits=limits)


def report_errors(errors, debug: bool) -> None:
    _say(*(f"error: {e}" for e in errors), err=True)
    if debug:
        for e in errors:
            if isinstance(e, ToolkitBug):
                sys.stderr.write(e.trace)


def manifest_specs(manifest: Path, quiet: bool = False):
    from .manifest import load_manifest, unlisted_files

    specs = load_manifest(manifest)
    for path in [] if quiet else unlisted_files(manifest, specs):
        _say(f"warning: {path}: not listed in {manifest}, not built", err=True)
    return specs


def build_from_args(args, saved: bool = False):
    """The build the command line names: ad hoc files with --catalog, else the manifest's.

    `saved`: a verb that only reads conflicts may take the last build's, saved in the cache, when nothing it was
    made from changed (else it says what changed and rebuilds, re-parsing only what changed)."""
    from .cache import Cache, fingerprint, what_changed

    settings = settings_from_args(args)
    if args.files or args.catalog:
        from .pipeline import adhoc_specs, run

        if not (args.files and args.catalog):
            raise Usage("an ad-hoc build needs both --catalog NAME and at least one FILE")
        if getattr(args, "out", DEFAULT_OUT) is None:
            raise Usage("an ad-hoc build needs --out DIR (it never writes into the project's normalized/)")
        return _finished(_run(run, adhoc_specs(args.catalog, args.files), settings, None, args.jobs), args)
    specs = manifest_specs(args.manifest)
    cache = None if args.no_cache else Cache.for_manifest(args.manifest)
    if cache and saved:
        made_from = fingerprint(args.manifest, specs, settings)
        before = cache.fingerprint()
        changed = what_changed(before, made_from) if before else ["no build saved yet"]
        loaded = None if changed else cache.load_conflicts()
        if loaded is not None:
            for warning in before.get("warnings", []):
                _say(f"warning: {warning}", err=True)
            return _conflicts_only(specs, loaded, before)
        if before:
            _say(f"note: the last build is out of date ({'; '.join(changed[:5])}{' …' if len(changed) > 5 else ''}): "
                 "rebuilding in memory; run `make extract` to update normalized/", err=True)
    from .pipeline import run

    build = _finished(_run(run, specs, settings, cache, args.jobs), args)
    if cache:
        made_from = fingerprint(args.manifest, specs, settings, {sid: d.sha256 for sid, d in build.documents.items()})
        cache.save_build(build, {**made_from, "warnings": build.warnings, "sources_table": sources_table(build),
                                 "layouts": build.layouts})
    return build


def _run(run, specs, settings, cache, jobs):
    progress = Progress()
    try:
        return run(specs, settings, cache, jobs, progress.step)
    finally:
        progress.close()


def _finished(build, args):
    for warning in build.warnings:
        _say(f"warning: {warning}", err=True)
    if build.errors:
        report_errors(build.errors, args.debug)
        raise SystemExit(2)
    return build


def _conflicts_only(specs, conflicts, saved: dict):
    from .pipeline import Build

    build = Build(specs, conflicts=conflicts)
    build.sources_table = saved.get("sources_table", [])
    return build


def sources_table(build) -> list[list[str]]:
    return [[spec.id, build.sources[spec.id].format, spec.catalog, str(build.sources[spec.id].records),
             build.documents[spec.id].sha256] for spec in build.specs if spec.id in build.sources]


def project_cache(args):
    """The manifest build's cache (None for an ad-hoc build or with --no-cache)."""
    from .cache import Cache

    return None if args.files or args.catalog or args.no_cache else Cache.for_manifest(args.manifest)


def cmd_build(args) -> int:
    from .outputs import render_all, write_atomically

    build = reviewed_build(args)
    args.out = args.out or DEFAULT_OUT
    cache = project_cache(args)
    files = render_all(build, cache)
    if args.check:
        return check_outputs(files, args.out)
    # what changed is told from the catalog.json this build replaces: compared before it is replaced, leaving
    # out the catalogs the cache knows it wrote as they are now
    unchanged = cache.unchanged_catalogs(args.out, build.output_keys) if cache else frozenset()
    before = args.out / "catalog.json"
    summary = build_summary(build, before if before.is_file() else None, unchanged)
    write_atomically(files, args.out)
    if cache:
        cache.note_written(args.out, build.output_keys)
    if not (args.files or args.catalog):  # [[generate]] tables, from the catalog just written
        from .manifest import load_generates

        if load_generates(args.manifest):
            from .generate import run_manifest_generates

            _say(*run_manifest_generates(args.manifest, args.out))
    entries = sum(r.count for r in build.catalogs.values())
    open_errors = sum(1 for c in build.conflicts if c.severity == "error" and c.resolution.is_open)
    _say(f"built {args.out}/: {len(build.catalogs)} catalogs, {entries} entries from {len(build.sources)} sources; "
         f"{len(build.conflicts)} conflicts ({open_errors} open errors)")
    _say(*summary)
    # review, resolve and check read the manifest's build: an ad-hoc build has only its reports
    _say(f"report: {args.out}/report.html (open it in a browser), {args.out}/report.md"
         + ("" if args.files or args.catalog else "; next: `python -m extract review`"), style="dim")
    return 0


def _n(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def build_summary(build, before: Path | None, unchanged: frozenset[str] = frozenset()) -> list[str]:
    """One line per catalog: entries, sources, open errors and warnings, and what changed since the last build
    (`before`: the catalog.json this build replaces, None when there is none; `unchanged`: the catalogs the
    cache knows are written there alike, from `unchanged_catalogs`). Needs `render_all` to have run."""
    from .cache import ALL_SAME
    from .catalog_diff import diff_written_catalog

    changes = {}
    if before is not None and ALL_SAME not in unchanged:
        try:
            result = diff_written_catalog(before, [o.summary for o in build.rendered.values()],
                                          {name: o.entry_lines for name, o in build.rendered.items()}, unchanged)
            changes = {c["catalog"]: c for c in result["catalogs"]}
        except (KeyError, TypeError, ValueError, OSError):  # a hand-edited old catalog.json: no comparison
            changes = {}
    rows = []
    for name, result in sorted(build.catalogs.items()):
        sources = [sid for sid, facts in result.facts.items() if facts.records]
        open_ = [c for c in build.conflicts if c.catalog == name and c.resolution.is_open]
        errors = sum(1 for c in open_ if c.severity == "error")
        warnings = sum(1 for c in open_ if c.severity == "warning")
        if before is None:
            since = "first build"
        elif name not in changes:
            since = "unchanged"
        else:
            c = changes[name]
            sm = c["summary"]
            since = "new catalog" if c["status"] == "added" else "unchanged" if c["status"] == "unchanged" else \
                ", ".join(f"{sm[k]} {k}" for k in ("breaking", "changed", "added", "removed") if sm[k])
        rows.append(f"  {name}: {_n(result.count, 'entry', 'entries')} from {_n(len(sources), 'source')}; "
                    f"{_n(errors, 'open error')}, {_n(warnings, 'open warning')}; since the last build: {since}")
    return rows


def check_outputs(files: dict[str, str], out: Path) -> int:
    """`build --check`: exit 1, naming the files, when `out` is not what this build would write."""
    stale = gates.outputs_differ(files, out)
    if stale:
        _say(f"build --check failed: {out}/ is not what a build would write: {', '.join(stale)}; "
             f"rebuild it (`make extract`) and commit it", err=True)
        return 1
    _say(f"build --check passed: {out}/ is what a build would write")
    return 0


def cmd_sources(args) -> int:
    build = build_from_args(args, saved=True)
    table = getattr(build, "sources_table", None) or sources_table(build)
    rows = [("id", "format", "catalog", "records", "sha256"), *map(tuple, table)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        _say("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0


def reviewed_build(args, saved: bool = False):
    """The manifest build with the reviewer's decisions applied (what check, review and resolve look at)."""
    from .resolutions import apply_resolutions

    build = build_from_args(args, saved)
    if not (args.files or args.catalog):
        for warning in apply_resolutions(build, args.manifest.parent / "resolutions.toml"):
            _say(f"warning: {warning}", err=True)
    return build


def cmd_check(args) -> int:
    build = reviewed_build(args, saved=True)
    text, code = gates.format_check(build.conflicts, args.format, args.severity_threshold)
    if args.format == "text":
        _say(*text.splitlines())
    else:
        sys.stdout.write(text)  # for a machine: exact bytes, no colour, nothing else on stdout
    # The verdict goes to stderr when the gate fails, and always with json/github so stdout stays machine-readable.
    _say(gates.check_verdict(build.conflicts, args.severity_threshold), err=bool(code) or args.format != "text")
    return code


def cmd_review(args) -> int:
    from .report import render_terminal

    build = reviewed_build(args, saved=True)
    catalogs = sorted({s.catalog for s in build.specs})
    if args.only_catalog and args.only_catalog not in catalogs:
        raise Usage(f"--only-catalog {args.only_catalog!r} is no catalog of this build (catalogs: {', '.join(catalogs)})")
    for line in render_terminal(build, severity=args.severity, kind=args.kind, catalog=args.only_catalog,
                                show_all=args.all).split("\n"):
        _say(line, style=next((sev for sev in kinds.SEVERITIES if line.startswith(sev.upper() + " ")), ""))
    return 0


def cmd_resolve(args) -> int:
    from .resolutions import record_decision

    chosen = [d for d in ("accept", "value", "acknowledge") if getattr(args, d) not in (None, False)]
    if len(chosen) != 1:
        raise Usage("give exactly one of --accept SOURCE, --value VALUE, --acknowledge")
    build = reviewed_build(args, saved=True)
    path = args.manifest.parent / "resolutions.toml"
    conflict = record_decision(build, path, args.id, chosen[0], getattr(args, chosen[0]), args.note)
    _say(f"recorded in {path}: {conflict.id} → {chosen[0]}" + (f" {getattr(args, chosen[0])}" if chosen[0] != "acknowledge" else ""))
    _apply_to_outputs(args)
    return 0


def _apply_to_outputs(args) -> None:
    """The decision reaches normalized/ at once when normalized/ was written from the current saved build: the
    build is made again from the cache (nothing re-parsed or reconciled), with every decision applied, and only
    the catalog the decision is in is rendered again."""
    from .cache import fingerprint, what_changed
    from .outputs import render_all, write_atomically

    out = args.manifest.resolve().parent.parent / DEFAULT_OUT
    cache = project_cache(args)
    before = cache.fingerprint() if cache and out.is_dir() else None
    if not before or what_changed(before, fingerprint(args.manifest, manifest_specs(args.manifest, quiet=True),
                                                      settings_from_args(args))):
        _say(f"run `make extract` to write the decision into {DEFAULT_OUT}/", err=True)
        return
    from .pipeline import run
    from .resolutions import apply_resolutions

    build = run(manifest_specs(args.manifest, quiet=True), settings_from_args(args), cache)
    if build.errors:
        return
    apply_resolutions(build, args.manifest.parent / "resolutions.toml")  # its warnings were said already
    write_atomically(render_all(build, cache), out)
    _say(f"updated {DEFAULT_OUT}/ with the decision")


def cmd_diff(args) -> int:
    from .catalog_diff import adhoc_catalog, diff_catalogs, load_catalog
    from .diff_render import render_json, render_markdown

    if args.catalog:
        old, new = adhoc_catalog(args.catalog, args.old), adhoc_catalog(args.catalog, args.new)
    else:
        old, new = load_catalog(args.old), load_catalog(args.new)
    result = diff_catalogs(old, new, args.old, args.new)
    sys.stdout.write(render_json(result) if args.format == "json" else render_markdown(result))
    return 1 if args.fail_on == "breaking" and result["summary"]["breaking"] else 0


def cmd_kinds(args) -> int:
    """The registry of conflict kinds as the README's table (the README's table is this output)."""
    selected = [k for k in kinds.ALL if (not args.severity or args.severity in k.severities)
                and (not args.stage or k.stage == args.stage)]
    _say(kinds.markdown_table(selected).rstrip("\n"))
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _kind(name: str) -> str:
    try:
        return kinds.get(name).name
    except kinds.UnknownKind:
        raise argparse.ArgumentTypeError(f"unknown conflict kind {name!r}; `extract kinds` lists them") from None


EXAMPLES = {
    "build": ["python -m extract build", "python -m extract build --check",
              "python -m extract build --catalog demo --out /tmp/demo errors.md codes.tsv"],
    "sources": ["python -m extract sources"],
    "check": ["python -m extract check", "python -m extract check --format github --severity-threshold warning"],
    "review": ["python -m extract review --severity error", "python -m extract review --kind value_mismatch --all"],
    "resolve": ['python -m extract resolve value_mismatch:backend-services:902:7fd1e7fad7 '
                '--accept backend-services-table --note "the table is current"'],
    "kinds": ["python -m extract kinds --severity error"],
    "diff": ["python -m extract diff --fail-on breaking git:main normalized",
             "python -m extract diff --catalog parse old/errors.md new/errors.md"],
}


class OneLineParser(argparse.ArgumentParser):
    """Usage errors as one line (`error: …`, exit 2), like every other error of the tool."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def parser() -> argparse.ArgumentParser:
    p = OneLineParser(prog="extract", description="Rebuild a canonical error-code catalog from documents.")
    # --debug is accepted before or after the verb: `extract --debug build` and `extract build --debug`
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                       help="on a crash of the toolkit itself, print the traceback")
    p.add_argument("--debug", action="store_true", help="on a crash of the toolkit itself, print the traceback")
    p.add_argument("--version", action="version", version=f"extract {toolkit_version()}")
    sub = p.add_subparsers(dest="verb", parser_class=OneLineParser)
    _add_parser = sub.add_parser

    def add_verb(name, **kw):
        # every verb's --help: what it does (its one-line help, unless it says more) and a real example
        kw.setdefault("description", kw.get("help", "").capitalize() + ".")
        if "epilog" not in kw:
            kw["epilog"] = "example:\n  " + "\n  ".join(EXAMPLES[name])
        return _add_parser(name, parents=[debug, *kw.pop("parents", [])],
                           formatter_class=argparse.RawDescriptionHelpFormatter, **kw)

    sub.add_parser = add_verb

    def common(sp, files=True):
        sp.add_argument("--manifest", type=Path, default=DEFAULT_MANIFEST, help="sources manifest (default %(default)s)")
        sp.add_argument("--max-bytes", type=_positive, metavar="N",
                        help=f"read no source larger than N bytes (default {DEFAULT.limits.max_bytes:,})")
        sp.add_argument("--max-pages", type=_positive, metavar="N",
                        help=f"read no PDF of more than N pages (default {DEFAULT.limits.max_pages:,})")
        sp.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1, metavar="N",
                        help="parse sources in N processes (default: the number of cores, %(default)s)")
        sp.add_argument("--no-cache", action="store_true",
                        help=f"neither read nor write {FOLDER}/ (parse every source, save no build)")
        sp.set_defaults(files=[], catalog=None)
        if files:
            sp.add_argument("--catalog", help="ad hoc: the catalog the FILEs describe (no manifest needed)")
            sp.add_argument("files", nargs="*", metavar="FILE", help="ad hoc: documents to build, format detected")

    b = sub.add_parser("build", help="parse, reconcile and write normalized/")
    common(b)
    b.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_OUT}; required for an ad-hoc build)")
    b.add_argument("--check", action="store_true",
                   help="write nothing; exit 1, naming the files, when the output folder is not what this build "
                        "would write (a CI and pre-commit gate)")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("sources", help="list sources with detected format, catalog, records and sha256")
    common(s, files=False)
    s.set_defaults(func=cmd_sources)
    c = sub.add_parser("check", help="exit 1 while an open conflict of severity error (or --severity-threshold) "
                                     "exists; list them as text, json or GitHub annotations")
    common(c, files=False)
    c.add_argument("--format", choices=gates.FORMATS, default="text",
                   help="text (default), json (a list for scripts) or github (GitHub Actions annotations)")
    c.add_argument("--severity-threshold", choices=kinds.SEVERITIES, default="error",
                   help="fail while an open conflict of this severity or a higher one exists (default %(default)s)")
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
                       description="List the conflict kinds a build can report, as a Markdown table.")
    k.add_argument("--severity", choices=kinds.SEVERITIES, help="only kinds that can have this severity")
    k.add_argument("--stage", choices=kinds.STAGES, help="only kinds found at this stage")
    k.set_defaults(func=cmd_kinds)
    d = sub.add_parser(
        "diff", help="compare two catalog versions; breaking changes called out",
        description="OLD and NEW: a catalog.json, a folder holding one, or git:REV (the committed "
                    "normalized/catalog.json at REV). With --catalog NAME they are two versions of a source "
                    "document, built in memory the way `build --catalog` does.")
    d.add_argument("old", metavar="OLD")
    d.add_argument("new", metavar="NEW")
    d.add_argument("--format", choices=("md", "json"), default="md", help="output format (default %(default)s)")
    d.add_argument("--fail-on", choices=("breaking",), help="exit 1 when a change of this class is found")
    d.add_argument("--catalog", metavar="NAME", help="OLD and NEW are source documents of catalog NAME")
    d.set_defaults(func=cmd_diff)
    from .drift import add_drift_arguments
    from .generate import add_generate_arguments

    add_generate_arguments(sub)
    add_drift_arguments(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a console that cannot print `←` or a file name's stray byte
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    p = parser()
    args = p.parse_args(argv)
    if not args.verb:  # bare `extract`: what it can do, not an error
        p.print_help()
        return 0
    try:
        return args.func(args)
    except (InputError, Usage) as exc:
        report_errors([exc], args.debug)
        return 2
    except BrokenPipeError:  # `extract review | head`: the reader has gone, which is no error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the toolkit's own fault: say so in one line; the traceback only on request
        if args.debug:
            traceback.print_exc()
        _say(f"error: internal error ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}); this is a bug "
             f"in extract, please report it ({BUG_REPORT}; --debug shows the traceback)", err=True)
        return 3


if __name__ == "__main__":
    sys.exit(main())
