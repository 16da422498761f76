"""Run the rendering matrix: generate, render, parse back in-process, compare; print and write the table.

    python -m tests.matrix                    # the full matrix (PROFILES["full"]), writes bench/matrix.md
    python -m tests.matrix --layouts tab,csv --shapes basic,hex --examples 3
    python -m tests.matrix --record-floors    # measure the test slice and write tests/matrix/floors.json

Each rendering is written to a temporary folder and built the way `extract build --catalog matrix --out DIR
FILE` builds it (one ad-hoc source, its layout detected from the content), but in-process.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import tempfile
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .compare import FIELDS, Score, compare
from .generate import SHAPE_BY_NAME, SHAPES, generate
from .render import RENDERERS, TABLE_LAYOUTS, render

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FLOORS = HERE / "floors.json"
REPORT = ROOT / "bench" / "matrix.md"
TARGET = 0.995  # the bar: fields exact in every layout × shape cell
TIMEOUT_SECONDS = 60  # one rendering's build; beyond it the toolkit is counted as having read nothing


@dataclass(frozen=True)
class Profile:
    name: str
    seeds: int  # catalogs per shape (every layout renders the same catalogs)
    rows: tuple[int, int]  # distinct codes per catalog


PROFILES = {
    "full": Profile("full", seeds=5, rows=(12, 30)),
    "slice": Profile("slice", seeds=1, rows=(5, 8)),  # what tests/test_matrix.py runs and floors.json records
}


def stable_seed(*parts) -> int:
    return zlib.crc32(":".join(map(str, parts)).encode())


@dataclass
class Result:
    layout: str
    shape: str
    seed: int
    applicable: bool = True
    score: Score = field(default_factory=Score)
    format: str = ""  # the layout the toolkit detected
    error: str = ""
    seconds: float = 0.0
    sample: str = ""  # the first lines of the rendering (text layouts), for the report


def _entry_dict(e) -> dict:
    return {"code": e.code, **{f: e.get(f) for f in FIELDS}}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def run_one(task: tuple[str, str, str, int]) -> Result:
    profile_name, layout, shape_name, i = task
    profile = PROFILES[profile_name]
    cat_seed = stable_seed(profile_name, shape_name, i)
    result = Result(layout, shape_name, cat_seed)
    cat = generate(SHAPE_BY_NAME[shape_name], cat_seed, profile.rows)
    rendering = render(layout, cat, random.Random(stable_seed(layout, cat_seed)))
    if rendering is None:
        result.applicable = False
        return result
    if not rendering.filename.endswith(".pdf"):
        result.sample = "\n".join(rendering.data.decode("utf-8").split("\n")[:14])
    else:
        result.sample = f"(PDF: {rendering.note})"
    from extract.pipeline import run
    from extract.manifest import SourceSpec

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="matrix-") as tmp:
        path = Path(tmp) / rendering.filename
        path.write_bytes(rendering.data)
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TIMEOUT_SECONDS)
        got: list[dict] = []
        try:
            build = run([SourceSpec("doc", path, "matrix", priority=1, root=Path(tmp))])
            if build.errors:
                result.error = "; ".join(str(e) for e in build.errors)[:300]
            if "doc" in build.parsed:
                result.format = build.parsed["doc"].format
            catalog = build.catalogs.get("matrix")
            got = [_entry_dict(e) for e in catalog.entries] if catalog else []
        except _Timeout:
            result.error = f"timeout after {TIMEOUT_SECONDS}s"
        except Exception as exc:  # noqa: BLE001 - a crash is a result of the matrix, not of the runner
            result.error = f"{type(exc).__name__}: {exc}"[:300]
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    result.seconds = time.perf_counter() - started
    result.score = compare(rendering.expected, got, rendering.carried)
    return result


def tasks(profile: str, layouts, shapes) -> list[tuple]:
    out = [(profile, layout, shape, i) for shape in shapes for i in range(PROFILES[profile].seeds)
           for layout in layouts]
    # PDFs are the slowest: start them first so the pool ends evenly
    return sorted(out, key=lambda t: not t[1].startswith("pdf"))


def run_matrix(profile: str = "full", layouts=None, shapes=None, jobs: int = 2, progress: bool = False
               ) -> list[Result]:
    layouts = list(layouts or RENDERERS)
    shapes = list(shapes or (s.name for s in SHAPES))
    todo = tasks(profile, layouts, shapes)
    results = []
    if jobs <= 1:
        for n, t in enumerate(todo, 1):
            results.append(run_one(t))
            if progress:
                print(f"\r{n}/{len(todo)}", end="", file=sys.stderr, flush=True)
    else:
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(jobs, maxtasksperchild=50) as pool:
            for n, r in enumerate(pool.imap_unordered(run_one, todo, chunksize=2), 1):
                results.append(r)
                if progress:
                    print(f"\r{n}/{len(todo)}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return results


@dataclass
class Cell:
    score: Score = field(default_factory=Score)
    renderings: int = 0
    formats: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    examples: list[tuple] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
    seconds: float = 0.0


def cells_of(results: list[Result]) -> dict[tuple[str, str], Cell]:
    cells: dict[tuple[str, str], Cell] = {}
    for r in sorted(results, key=lambda r: (r.layout, r.shape, r.seed)):
        if not r.applicable:
            continue
        c = cells.setdefault((r.layout, r.shape), Cell())
        c.score.add(r.score)
        c.renderings += 1
        c.formats[r.format or "-"] += 1
        c.seconds += r.seconds
        if r.error:
            c.errors.append(r.error)
        if r.score.examples and len(c.examples) < 6:
            c.examples += r.score.examples[: 6 - len(c.examples)]
            if r.sample:
                c.samples.append(r.sample)
    return cells


def pct(score: Score) -> str:
    if not score.checked:
        return "–"
    a = 100.0 * score.accuracy
    return "100" if score.exact == score.checked else f"{min(a, 99.9):.1f}"


def mark(score: Score) -> str:
    """The accuracy, `+` when entries were invented, `-` when entries are missing."""
    return pct(score) + ("+" if score.invented else "") + ("-" if score.missing else "")


def totals(cells, by: int) -> dict[str, Score]:
    out: dict[str, Score] = defaultdict(Score)
    for key, c in cells.items():
        out[key[by]].add(c.score)
    return out


def terminal_table(cells, layouts, shapes) -> str:
    short = {s: s[:8] for s in shapes}
    width = max(9, *(len(v) for v in short.values())) + 1
    by_layout = totals(cells, 0)
    lines = ["layout".ljust(12) + "".join(short[s].rjust(width) for s in shapes) + "total".rjust(width)]
    for layout in layouts:
        row = layout.ljust(12)
        for s in shapes:
            c = cells.get((layout, s))
            row += (mark(c.score) if c else "n/a").rjust(width)
        row += pct(by_layout.get(layout, Score())).rjust(width)
        lines.append(row)
    by_shape = totals(cells, 1)
    lines.append("total".ljust(12) + "".join(pct(by_shape.get(s, Score())).rjust(width) for s in shapes))
    overall = Score()
    for c in cells.values():
        overall.add(c.score)
    lines.append(f"overall: {pct(overall)}% of {overall.checked} fields exact; {overall.entries} entries expected, "
                 f"{overall.missing} missing, {overall.invented} invented, {overall.spurious} spurious values")
    lines.append("(+ entries invented, - entries missing; n/a: the layout cannot express the shape)")
    return "\n".join(lines)


def markdown_report(cells, layouts, shapes, profile: str, seconds: float, jobs: int) -> str:
    p = PROFILES[profile]
    overall = Score()
    for c in cells.values():
        overall.add(c.score)
    out = ["# Rendering matrix", "",
           f"`make matrix` (`python -m tests.matrix`, profile `{profile}`: {p.seeds} catalogs per shape of "
           f"{p.rows[0]}–{p.rows[1]} codes each, every layout rendering the same catalogs; {jobs} processes, "
           f"{seconds:.0f} s). Generated catalogs are rendered in every layout, read back by the toolkit "
           f"in-process and compared field by field with the catalog (see `tests/matrix/README.md`).", "",
           f"**Overall: {pct(overall)}% of {overall.checked} fields exact; {overall.entries} entries expected, "
           f"{overall.missing} missing, {overall.invented} invented.** Target: {100 * TARGET:g}% in every cell, "
           "no invented entries.", "",
           "Percent of fields exact per layout × shape; `+` some entries invented, `-` some entries missing, "
           "`n/a` the layout cannot express the shape. **Bold**: at or above the target without invented "
           "entries.", ""]
    by_layout, by_shape = totals(cells, 0), totals(cells, 1)
    out.append("| layout | " + " | ".join(shapes) + " | total |")
    out.append("|---|" + "---:|" * (len(shapes) + 1))
    for layout in layouts:
        row = []
        for s in shapes:
            c = cells.get((layout, s))
            if not c:
                row.append("n/a")
                continue
            m = mark(c.score)
            ok = c.score.accuracy >= TARGET and not c.score.invented
            row.append(f"**{m}**" if ok else m)
        out.append(f"| {layout} | " + " | ".join(row) + f" | {pct(by_layout.get(layout, Score()))} |")
    out.append("| total | " + " | ".join(pct(by_shape.get(s, Score())) for s in shapes) + f" | {pct(overall)} |")
    out += ["", "## Per layout", "",
            "| layout | fields exact | entries | missing | invented | spurious values | detected as | s per doc |",
            "|---|---:|---:|---:|---:|---:|---|---:|"]
    for layout in layouts:
        mine = [c for (l, _), c in cells.items() if l == layout]
        sc, fmts, n, secs = Score(), Counter(), 0, 0.0
        for c in mine:
            sc.add(c.score)
            fmts += c.formats
            n += c.renderings
            secs += c.seconds
        detected = ", ".join(f"{k} ×{v}" for k, v in fmts.most_common())
        out.append(f"| {layout} | {pct(sc)}% of {sc.checked} | {sc.entries} | {sc.missing} | {sc.invented} | "
                   f"{sc.spurious} | {detected} | {secs / max(n, 1):.2f} |")
    out += ["", "## Shapes", ""]
    out += [f"- `{s.name}`: {s.about}" for s in SHAPES if s.name in shapes]
    out += ["", "## Cells below the target", "",
            "The first wrong fields of each cell (code, field, expected, what the toolkit gave) and the top of "
            "one rendering.", ""]
    for layout in layouts:
        for s in shapes:
            c = cells.get((layout, s))
            if not c or (c.score.accuracy >= TARGET and not c.score.invented):
                continue
            out.append(f"### {layout} × {s}: {mark(c.score)}")
            out.append("")
            fm = ", ".join(f"{k} ×{v}" for k, v in c.formats.most_common())
            out.append(f"detected as {fm}; {c.score.entries} entries expected, {c.score.missing} missing, "
                       f"{c.score.invented} invented" + (f"; errors: {c.errors[0]}" if c.errors else ""))
            out.append("")
            for code, fld, exp, got in c.examples[:3]:
                out.append(f"- `{code}` {fld}: expected {_short(exp)}, got {_short(got)}")
            if c.samples:
                out += ["", "```", _fence_safe("\n".join(c.samples[0].split("\n")[:8])), "```"]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _short(v, n: int = 90) -> str:
    text = repr(v)
    text = text if len(text) <= n else text[: n - 1] + "…"
    return "`" + text.replace("`", "'") + "`"


def _fence_safe(text: str) -> str:
    return "\n".join(line[:160] for line in text.replace("```", "'''").split("\n"))


def floors_of(cells) -> dict:
    return {f"{l}/{s}": {"accuracy": int(c.score.accuracy * 10000) / 10000, "invented": c.score.invented}
            for (l, s), c in sorted(cells.items())}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.matrix", description=__doc__.split("\n")[0])
    ap.add_argument("--profile", choices=sorted(PROFILES), default="full")
    ap.add_argument("--layouts", help="comma list (default: all)")
    ap.add_argument("--shapes", help="comma list (default: all)")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--examples", type=int, default=0, help="print the first N wrong fields of each cell")
    ap.add_argument("--out", type=Path, default=REPORT, help="markdown report (default %(default)s)")
    ap.add_argument("--no-report", action="store_true", help="do not write the markdown report")
    ap.add_argument("--record-floors", action="store_true",
                    help="measure the test slice (profile slice) and write tests/matrix/floors.json")
    args = ap.parse_args(argv)
    if args.record_floors:
        args.profile = "slice"
    layouts = args.layouts.split(",") if args.layouts else list(RENDERERS)
    shapes = args.shapes.split(",") if args.shapes else [s.name for s in SHAPES]
    for x in layouts:
        if x not in RENDERERS:
            ap.error(f"unknown layout {x!r} (known: {', '.join(RENDERERS)})")
    for x in shapes:
        if x not in SHAPE_BY_NAME:
            ap.error(f"unknown shape {x!r} (known: {', '.join(SHAPE_BY_NAME)})")
    started = time.perf_counter()
    results = run_matrix(args.profile, layouts, shapes, args.jobs, progress=sys.stderr.isatty())
    seconds = time.perf_counter() - started
    cells = cells_of(results)
    print(terminal_table(cells, layouts, shapes))
    if args.examples:
        for (l, s), c in sorted(cells.items()):
            if c.examples and (c.score.accuracy < 1 or c.score.invented):
                print(f"\n{l} × {s}: {mark(c.score)}  detected {dict(c.formats)}" +
                      (f"  errors: {c.errors[0]}" if c.errors else ""))
                for ex in c.examples[: args.examples]:
                    print("   ", ex)
    print(f"{len(results)} renderings in {seconds:.0f} s")
    if args.record_floors:
        if args.layouts or args.shapes:
            ap.error("--record-floors measures the whole slice: no --layouts/--shapes")
        FLOORS.write_text(json.dumps({"profile": "slice", "note": "measured by `python -m tests.matrix "
                                      "--record-floors`; accuracy floored to 4 decimals",
                                      "cells": floors_of(cells)}, indent=1, sort_keys=True) + "\n",
                          encoding="utf-8")
        print(f"wrote {FLOORS.relative_to(ROOT)}")
    elif not args.no_report and not (args.layouts or args.shapes):
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(markdown_report(cells, layouts, shapes, args.profile, seconds, args.jobs),
                            encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
