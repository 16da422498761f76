"""`make bench`: every layout's whole build beside the floor of its parser on the same bytes, and the scale targets
of issue 11, measured in one run on generated documents (bench/documents.py).

Sections (`--only NAME` runs one and keeps the others of bench/results.json):
  layouts    each layout at --rows rows (PDF at a tenth of them): build time / floor time
  scaling    each layout at 10k and 100k rows (PDF at 200 and 2,000): 100k time / 10k time
  reconcile  a 3-source build (tab, Markdown, CSV) of the same 100,000 codes: time and peak memory
  manifest   a 20-source manifest build: cold, warm (nothing changed), after one source changed
  check      `python -m extract check` after a `build` of a manifest of 60,000 entries
  seeds      the CPU time of `python -m extract build` in a copy of raw_sources/

Every measurement runs in its own process; its peak memory is that process's ru_maxrss (os.wait4: the largest
process of its tree), its CPU the user+sys time of the tree. A layout's build time is taken inside the child after
`extract` and the layout's library are imported, as the floor's time is taken after its library is imported
(the process's wall time, Python start included, is in results.json too). A measurement under ~10 s is the
median of 3 runs, a longer one a single run. Every run starts cold: a fresh output folder, working folder and
HOME / XDG_CACHE_HOME, so no cache of an earlier run is read unless the section measures it (manifest warm).
Writes bench/results.json and bench/bench.md and prints the tables; exits 1 when a target is missed (never
with --quick, whose sizes are too small to mean anything).
"""
from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import documents  # noqa: E402  (bench/documents.py, beside this file)

SECTIONS = ("layouts", "scaling", "reconcile", "manifest", "check", "seeds")
REPEAT_UNDER = 10.0  # seconds: a run shorter than this is repeated, and the median of 3 kept

# The targets of issue 11 ("Done when").
TARGETS = {
    "layout_ratio": 10.0,  # a text layout's whole build within 10× its floor at 20,000 rows
    "pdf_ratio": 1.3,  # the PDF layout within 1.3× pdfplumber
    "scale_ratio": 11.0,  # 100k rows within 11× the 10k time
    "reconcile_seconds": 15.0,  # 100,000 entries from 3 sources
    "reconcile_mb": 400,
    "check_seconds": 1.0,  # check on a 60,000-entry saved build
    "warm_speedup": 5.0,  # a rebuild with one changed source of 20 at least 5× faster than cold
    "seeds_cpu": 0.25,  # seconds of CPU for the seeds build
}


def sizes(args) -> dict:
    if args.quick:
        # the scaling section's large size is the layouts section's size, so its builds are measured once
        rows = args.rows or 100
        return {"rows": rows, "pdf_rows": 10, "scale": (max(rows // 10, 10), rows), "pdf_scale": (2, 10),
                "reconcile": 300, "manifest_sources": 20, "manifest_rows": 10, "check": 300}
    rows = args.rows or int(os.environ.get("BENCH_ROWS") or 20000)
    return {"rows": rows, "pdf_rows": max(rows // 10, 10), "scale": (10000, 100000), "pdf_scale": (200, 2000),
            "reconcile": 100000, "manifest_sources": 20, "manifest_rows": 2000, "check": 60000}


# --------------------------------------------------------------------------------------------- children

# the library each file's layout parses with: imported before either clock starts (build or floor)
LIBRARY = {".html": "lxml.html", ".pdf": "pdfplumber", ".md": "markdown_it"}


def child_build(out: str, files: list[str]) -> dict:
    import importlib

    import extract.pipeline  # noqa: F401
    import extract.outputs  # noqa: F401
    import extract.parsers
    from extract.cli import main

    extract.parsers.layouts()  # every layout module imported: the clock starts at the work
    for lib in {LIBRARY[Path(f).suffix] for f in files if Path(f).suffix in LIBRARY}:
        importlib.import_module(lib)
    start = time.perf_counter()
    try:
        code = main(["build", "--catalog", "bench", "--out", out, *files])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    return {"exit": code, "seconds": time.perf_counter() - start}


def _floor(path: Path) -> None:
    if path.suffix == ".tsv":
        import pandas

        pandas.read_csv(path, sep="\t")
    elif path.suffix == ".csv":
        import pandas

        pandas.read_csv(path)
    elif path.suffix == ".md":
        from markdown_it import MarkdownIt

        # the preset the Markdown layout parses with: pipe tables on (plain commonmark reads them as paragraphs)
        MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))
    elif path.suffix == ".html":
        import lxml.html

        lxml.html.fromstring(path.read_bytes())
    elif path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()
    else:
        path.read_text(encoding="utf-8").splitlines()


def child_floor(files: list[str]) -> dict:
    import importlib

    paths = [Path(f) for f in files]
    for path in paths:  # the libraries first, outside the clock
        lib = {".tsv": "pandas", ".csv": "pandas"}.get(path.suffix) or LIBRARY.get(path.suffix)
        if lib:
            importlib.import_module(lib)
    parts = []
    for path in paths:
        start = time.perf_counter()
        _floor(path)
        parts.append(time.perf_counter() - start)
    return {"exit": 0, "seconds": sum(parts), "parts": parts}


def child_main(argv: list[str]) -> int:
    kind, rest = argv[0], argv[1:]
    result = child_build(rest[0], rest[1:]) if kind == "build" else child_floor(rest)
    sys.stdout.flush()
    print("BENCH " + json.dumps(result))
    return 0


# ---------------------------------------------------------------------------------------------- running


def fresh_env(home: Path) -> dict:
    """The environment of a child: its own HOME and cache folder, so no run reads what another one cached."""
    home.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"), "PYTHONDONTWRITEBYTECODE": "1"}


def spawn(argv: list[str], cwd: str, env: dict) -> dict:
    """One child process: wall time, CPU (user+sys of its tree), peak RSS, exit code, output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
        out.seek(0)
        err.seek(0)
        return {"exit": proc.returncode, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024, "stdout": out.read(), "stderr": err.read()}


def launcher_main() -> int:
    """The process every measurement is started from, one request per line on stdin. Linux keeps the RSS a
    child had before exec (its parent's, copied at fork) in the child's ru_maxrss, so children are started
    from this small process, never from the bench itself (which holds generated documents and fpdf2)."""
    for line in sys.stdin:
        req = json.loads(line)
        print(json.dumps(spawn(req["argv"], req["cwd"], req["env"])), flush=True)
    return 0


class Launcher:
    _proc: subprocess.Popen | None = None

    @classmethod
    def run(cls, argv: list[str], cwd: Path, env: dict) -> dict:
        if cls._proc is None:
            cls._proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--launcher"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        cls._proc.stdin.write(json.dumps({"argv": argv, "cwd": str(cwd), "env": env}) + "\n")
        cls._proc.stdin.flush()
        return json.loads(cls._proc.stdout.readline())

    @classmethod
    def close(cls) -> None:
        if cls._proc is not None:
            cls._proc.stdin.close()
            cls._proc.wait()
            cls._proc = None


def run_process(argv: list[str], cwd: Path, env: dict, ok_exits: tuple[int, ...] = (0,)) -> dict:
    """One measurement in its own process, started by the launcher; an exit code outside ok_exits is an error."""
    raw = Launcher.run(argv, cwd, env)
    stdout, stderr = raw.pop("stdout"), raw.pop("stderr")
    result = raw
    for line in stdout.splitlines():
        if line.startswith("BENCH "):  # what the child measured inside itself
            inner = json.loads(line[6:])
            result.update(seconds=inner["seconds"], exit=inner["exit"] if raw["exit"] == 0 else raw["exit"],
                          **({"parts": inner["parts"]} if "parts" in inner else {}))
    found = re.search(r"(\d+) entries from (\d+) sources; (\d+) conflicts", stdout)
    if found:
        result.update(entries=int(found[1]), conflicts=int(found[3]))
    result.setdefault("seconds", result["wall"])
    if result["exit"] not in ok_exits:
        last = (stderr.strip().splitlines() or ["(no message)"])[-1]
        result["error"] = f"exit {result['exit']}: {last[:300]}"
    return result


def measured(run, quick: bool, key: str = "seconds") -> dict:
    """The median of 3 runs by `key` when the first is under REPEAT_UNDER seconds, else the one run; peak
    memory is the largest of the runs."""
    runs = [run()]
    if not quick and runs[0][key] < REPEAT_UNDER and "error" not in runs[0]:
        runs += [run(), run()]
    chosen = sorted(runs, key=lambda r: r[key])[len(runs) // 2]
    return {**chosen, "runs": [round(r[key], 4) for r in runs], "peak_mb": max(r["peak_mb"] for r in runs)}


class Bench:
    def __init__(self, args, tmp: Path):
        self.args, self.tmp, self.sizes = args, tmp, sizes(args)
        self.quick = args.quick
        self._docs: dict[tuple[str, int], list[Path]] = {}
        self._builds: dict[tuple[str, int], dict] = {}
        self._n = 0

    def fresh(self, what: str) -> Path:
        self._n += 1
        path = self.tmp / f"{self._n:04d}-{what}"
        path.mkdir(parents=True)
        return path

    def progress(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    def docs(self, layout: str, n: int) -> list[Path]:
        if (layout, n) not in self._docs:
            self._docs[(layout, n)] = documents.layout_files(layout, n, self.tmp / "docs" / f"{layout}-{n}")
        return self._docs[(layout, n)]

    def child(self, kind: str, args: list[str], cwd: Path | None = None, home: Path | None = None) -> dict:
        cwd = cwd or self.fresh("cwd")
        env = fresh_env(home or self.fresh("home"))
        return run_process([sys.executable, str(Path(__file__).resolve()), "--child", kind, *args], cwd, env)

    def cli(self, args: list[str], cwd: Path, home: Path) -> dict:
        # `check` exits 1 while an error is open (the generated catalogs have some): that is its answer, not a fault
        ok_exits = (0, 1) if args[0] == "check" else (0,)
        return run_process([sys.executable, "-m", "extract", *args], cwd, fresh_env(home), ok_exits)

    def adhoc_build(self, files: list[str]) -> dict:
        """One measured ad-hoc build of `files` into a fresh folder, removed afterwards."""
        out = self.fresh("out")
        try:
            return self.child("build", [str(out / "normalized"), *files])
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def build(self, layout: str, n: int) -> dict:
        """A layout's whole ad-hoc build at n rows (measured once per run, shared by the sections)."""
        if (layout, n) not in self._builds:
            files = [str(p) for p in self.docs(layout, n)]
            self.progress(f"build {layout} at {n:,} rows")
            self._builds[(layout, n)] = measured(lambda: self.adhoc_build(files), self.quick)
        return self._builds[(layout, n)]

    def floor(self, layout: str, n: int) -> dict:
        files = [str(p) for p in self.docs(layout, n)]
        self.progress(f"floor {layout} at {n:,} rows")
        return measured(lambda: self.child("floor", files), self.quick)

    # ------------------------------------------------------------------------------------------ sections

    def layouts(self) -> dict:
        rows = []
        for layout, files in documents.LAYOUTS.items():
            n = self.sizes["pdf_rows"] if layout == "pdf" else self.sizes["rows"]
            floor, build = self.floor(layout, n), self.build(layout, n)
            target = TARGETS["pdf_ratio"] if layout == "pdf" else TARGETS["layout_ratio"]
            ratio = build["seconds"] / floor["seconds"] if floor["seconds"] > 0 else None
            ok = ratio is not None and ratio <= target and _complete(build, n)
            rows.append({"layout": layout, "rows": n, "floor": " + ".join(documents.floor_of(f) for f, _ in files),
                         "floor_seconds": floor["seconds"], "floor_runs": floor["runs"],
                         "floor_peak_mb": floor["peak_mb"], "build_seconds": build["seconds"],
                         "build_runs": build["runs"], "build_process_seconds": build["wall"],
                         "build_peak_mb": build["peak_mb"], "entries": build.get("entries"),
                         "conflicts": build.get("conflicts"), "error": build.get("error"),
                         "ratio": ratio, "target": target, "pass": ok})
        return {"rows": rows}

    def scaling(self) -> dict:
        rows = []
        for layout in documents.LAYOUTS:
            small, large = self.sizes["pdf_scale"] if layout == "pdf" else self.sizes["scale"]
            a, b = self.build(layout, small), self.build(layout, large)
            ratio = b["seconds"] / a["seconds"] if a["seconds"] > 0 else None
            ok = ratio is not None and ratio <= TARGETS["scale_ratio"] and _complete(a, small) and _complete(b, large)
            rows.append({"layout": layout, "small_rows": small, "large_rows": large,
                         "small_seconds": a["seconds"], "small_runs": a["runs"], "small_peak_mb": a["peak_mb"],
                         "large_seconds": b["seconds"], "large_runs": b["runs"], "large_peak_mb": b["peak_mb"],
                         "small_entries": a.get("entries"), "large_entries": b.get("entries"),
                         "error": a.get("error") or b.get("error"),
                         "ratio": ratio, "target": TARGETS["scale_ratio"], "pass": ok})
        return {"rows": rows}

    def reconcile(self) -> dict:
        n = self.sizes["reconcile"]
        files = [str(p) for p in documents.reconcile_files(n, self.tmp / "docs" / f"reconcile-{n}")]
        self.progress(f"reconcile 3 sources of {n:,} codes")
        r = measured(lambda: self.adhoc_build(files), self.quick, key="wall")
        ok = (r["wall"] < TARGETS["reconcile_seconds"] and r["peak_mb"] < TARGETS["reconcile_mb"]
              and _complete(r, n))
        return {"codes": n, "sources": ["tab", "markdown", "csv"], "process_seconds": r["wall"], "runs": r["runs"],
                "build_seconds": r["seconds"], "cpu_seconds": r["cpu"], "peak_mb": r["peak_mb"],
                "entries": r.get("entries"), "conflicts": r.get("conflicts"), "error": r.get("error"),
                "target_seconds": TARGETS["reconcile_seconds"], "target_mb": TARGETS["reconcile_mb"], "pass": ok}

    def manifest(self) -> dict:
        k, n = self.sizes["manifest_sources"], self.sizes["manifest_rows"]
        template = self.tmp / "docs" / f"manifest-{k}x{n}"
        if not template.exists():
            documents.manifest_project(template, k, n)
        changed_name = sorted((template / "raw_sources").glob("service-0-markdown.*"))[0].name
        projects: list[tuple[Path, Path]] = []

        def cold():
            project, home = self.fresh("project"), self.fresh("home")
            shutil.copytree(template / "raw_sources", project / "raw_sources")
            projects.append((project, home))
            return self.cli(["build"], project, home)

        self.progress(f"manifest of {k} sources × {n:,} rows: cold")
        c = measured(cold, self.quick, key="wall")
        project, home = projects[0]  # warm and changed builds follow the first cold build, in its folder
        self.progress("manifest: warm (nothing changed)")
        w = measured(lambda: self.cli(["build"], project, home), self.quick, key="wall")
        rounds = iter(range(1, 100))

        def changed():
            documents.change_one_source(project / "raw_sources" / changed_name, next(rounds))
            return self.cli(["build"], project, home)

        self.progress("manifest: one source changed")
        ch = measured(changed, self.quick, key="wall")
        speedup = lambda r: c["wall"] / r["wall"] if r["wall"] > 0 else None  # noqa: E731
        runs = []
        for name, r in (("cold", c), ("warm, nothing changed", w), ("warm, one source changed", ch)):
            runs.append({"run": name, "seconds": r["wall"], "runs": r["runs"], "cpu_seconds": r["cpu"],
                         "peak_mb": r["peak_mb"], "entries": r.get("entries"), "error": r.get("error"),
                         "speedup": speedup(r) if name != "cold" else 1.0})
        ok = (speedup(ch) is not None and speedup(ch) >= TARGETS["warm_speedup"]
              and not any(r["error"] or not r["entries"] for r in runs))
        return {"sources": k, "rows_per_source": n, "changed_source": changed_name, "runs": runs,
                "target_speedup": TARGETS["warm_speedup"], "pass": ok}

    def check(self) -> dict:
        n = self.sizes["check"]
        project, home = self.fresh("project"), self.fresh("home")
        documents.check_project(project, n)
        self.progress(f"check: building a manifest of {n:,} entries")
        b = self.cli(["build"], project, home)
        self.progress("check: python -m extract check")
        r = measured(lambda: self.cli(["check"], project, home), self.quick, key="wall")
        ok = r["wall"] < TARGETS["check_seconds"] and "error" not in r and _complete(b, n)
        return {"entries": b.get("entries"), "expected_entries": n, "build_seconds": b["wall"],
                "build_peak_mb": b["peak_mb"], "build_error": b.get("error"), "check_seconds": r["wall"],
                "runs": r["runs"], "check_cpu_seconds": r["cpu"], "check_peak_mb": r["peak_mb"],
                "check_exit": r["exit"], "error": r.get("error"), "target_seconds": TARGETS["check_seconds"],
                "pass": ok}

    def seeds(self) -> dict:
        projects: list[tuple[Path, Path]] = []

        def cold():
            project, home = self.fresh("project"), self.fresh("home")
            shutil.copytree(ROOT / "raw_sources", project / "raw_sources")
            projects.append((project, home))
            return self.cli(["build"], project, home)

        self.progress("seeds build")
        c = measured(cold, self.quick, key="cpu")
        project, home = projects[0]
        w = measured(lambda: self.cli(["build"], project, home), self.quick, key="cpu")
        bare = measured(lambda: run_process([sys.executable, "-c", "pass"], self.fresh("cwd"),
                                            fresh_env(self.fresh("home"))), self.quick, key="cpu")
        runs = []
        for name, r in (("cold (fresh copy of raw_sources/)", c), ("warm (second build, nothing changed)", w)):
            runs.append({"run": name, "cpu_seconds": r["cpu"], "runs": r["runs"], "wall_seconds": r["wall"],
                         "peak_mb": r["peak_mb"], "entries": r.get("entries"), "error": r.get("error"),
                         "pass": r["cpu"] < TARGETS["seeds_cpu"] and "error" not in r and bool(r.get("entries"))})
        return {"runs": runs, "bare_python_cpu_seconds": bare["cpu"], "target_cpu_seconds": TARGETS["seeds_cpu"],
                "pass": runs[0]["pass"]}


def _complete(result: dict, expected: int) -> bool:
    """A fast build that reads nothing is no pass: every generated row must come back as an entry."""
    return "error" not in result and result.get("entries") == expected


# --------------------------------------------------------------------------------------------- reporting


def _s(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 100 else f"{x:.0f}"


def _x(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}×" if x < 100 else f"{x:.0f}×"


def _mb(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f}"


def _verdict(ok: bool, error: str | None = None) -> str:
    return ("**fail**: " + error.replace("|", "\\|")[:120]) if error else "pass" if ok else "**fail**"


def _table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _entries(got, want) -> str:
    return f"{got:,}" if got == want else f"**{got if got is not None else '—'} of {want:,}**"


def render_section(name: str, data: dict) -> str:
    if name == "layouts":
        n = data["rows"][0]["rows"] if data["rows"] else 0
        head = ["layout", "rows", "floor", "floor s", "build s", "build / floor", "target", "peak MB", "entries",
                "verdict"]
        rows = [[r["layout"], f"{r['rows']:,}", r["floor"], _s(r["floor_seconds"]), _s(r["build_seconds"]),
                 _x(r["ratio"]), f"≤ {r['target']:g}×", _mb(r["build_peak_mb"]), _entries(r["entries"], r["rows"]),
                 _verdict(r["pass"], r["error"])] for r in data["rows"]]
        title = f"### Whole build against the floor of its parser ({n:,} rows; PDF at a tenth)"
    elif name == "scaling":
        head = ["layout", "small rows", "small s", "large rows", "large s", "large / small", "target",
                "peak MB (large)", "verdict"]
        rows = [[r["layout"], f"{r['small_rows']:,}", _s(r["small_seconds"]), f"{r['large_rows']:,}",
                 _s(r["large_seconds"]), _x(r["ratio"]), f"≤ {r['target']:g}×", _mb(r["large_peak_mb"]),
                 _verdict(r["pass"], r["error"] or (None if r["large_entries"] == r["large_rows"]
                                                    else f"{r['large_entries']} entries of {r['large_rows']}"))]
                for r in data["rows"]]
        title = "### Scaling: ten times the rows"
    elif name == "reconcile":
        head = ["sources", "codes", "entries", "conflicts", "seconds", "target", "peak MB", "target", "verdict"]
        rows = [[" + ".join(data["sources"]), f"{data['codes']:,}", _entries(data["entries"], data["codes"]),
                 f"{data['conflicts']:,}" if data["conflicts"] is not None else "—", _s(data["process_seconds"]),
                 f"< {data['target_seconds']:g} s", _mb(data["peak_mb"]), f"< {data['target_mb']} MB",
                 _verdict(data["pass"], data["error"])]]
        title = "### One catalog from 3 sources of different layouts"
    elif name == "manifest":
        head = ["build", "seconds", "CPU s", "peak MB", "faster than cold", "target", "verdict"]
        rows = []
        for r in data["runs"]:
            judged = r["run"] == "warm, one source changed"
            rows.append([r["run"], _s(r["seconds"]), _s(r["cpu_seconds"]), _mb(r["peak_mb"]),
                         _x(r["speedup"]) if r["run"] != "cold" else "—",
                         f"≥ {data['target_speedup']:g}×" if judged else "—",
                         _verdict(data["pass"], r["error"]) if judged else ("—" if not r["error"] else
                                                                            _verdict(False, r["error"]))])
        title = (f"### A manifest of {data['sources']} sources × {data['rows_per_source']:,} rows "
                 f"(changed: {data['changed_source']})")
    elif name == "check":
        head = ["entries", "build s (setup)", "check s", "target", "check peak MB", "exit", "verdict"]
        rows = [[_entries(data["entries"], data["expected_entries"]), _s(data["build_seconds"]),
                 _s(data["check_seconds"]), f"< {data['target_seconds']:g} s", _mb(data["check_peak_mb"]),
                 data["check_exit"], _verdict(data["pass"], data["error"] or data["build_error"])]]
        title = "### `python -m extract check` on a saved build"
    else:
        head = ["seeds build", "CPU s", "wall s", "peak MB", "target", "verdict"]
        rows = [[r["run"], _s(r["cpu_seconds"]), _s(r["wall_seconds"]), _mb(r["peak_mb"]),
                 f"< {data['target_cpu_seconds']:g} s CPU", _verdict(r["pass"], r["error"])] for r in data["runs"]]
        rows.append(["bare `python -c pass` (reference)", _s(data["bare_python_cpu_seconds"]), "", "", "", ""])
        title = "### The seeds build"
    return title + "\n\n" + _table(head, rows) + "\n"


def passed(name: str, data: dict) -> bool:
    if name in ("layouts", "scaling"):
        return all(r["pass"] for r in data["rows"])
    return bool(data["pass"])


def render_markdown(results: dict) -> str:
    m = results["machine"]
    out = ["# `make bench`", "",
           "Written by `bench/bench.py`; every number is in `bench/results.json`. How it measures:", "",
           "- Documents are generated by `bench/documents.py` from a seeded table: every 50th code repeated (a "
           "variant), every 97th status blank, descriptions wrapped as each layout wraps them. The PDF (fpdf2) has "
           "a tenth of the other layouts' rows (pdfplumber reads about 150 rows a second here) and scales from 200 "
           "to 2,000 rows. Collapsed and dump layouts are built with the tab table they were taken from (they read "
           "it as evidence); their floor is the sum of both files' floors. The Markdown floor parses with the "
           "preset the layout uses (`commonmark` with tables on).",
           "- A layout's build time is taken inside its child process after `extract` and the layout's library "
           "are imported, as the floor's is after its library is imported; the reconcile, manifest, check and "
           "seeds figures are whole processes (`python -m extract …`, Python start included), with the package's "
           "bytecode compiled beforehand, as an installed package has it.",
           "- Medians of 3 where a run is under 10 s, else one run. Peak MB is the ru_maxrss of the measurement's "
           "own process, started from a small launcher process (Linux counts in a child's ru_maxrss what it held "
           "before exec, copied from its parent). Every run is cold (fresh output and working folders, HOME, "
           "cache) except the warm runs, which follow the first cold build in its folder.",
           "- Reconcile: a tab table, a Markdown page (every 200th row missing, every 150th description reworded) "
           "and a CSV export (every 250th status different) of the same codes. Manifest: 5 catalogs of 4 sources "
           "each (tab, CSV, Markdown, HTML, grid, AsciiDoc, prose in turn); the change rewords one description of "
           "one source. Check: a manifest of a tab table and a CSV export of the same 60,000 codes, built, then "
           "checked.", "",
           f"Machine: {m['cores']} cores, Python {m['python']}, {m['platform']}; load average "
           f"{m['load_before']} before, {m['load_after']} after; {m['date']}"
           + (" — **quick run: sizes too small to judge**" if results.get("quick") else "") + ".", ""]
    for name in SECTIONS:
        if name in results["sections"]:
            data = results["sections"][name]
            out += [render_section(name, data), f"Section: {'pass' if passed(name, data) else '**fail**'}"
                    f" ({data.get('seconds_taken', 0):.0f} s to measure).", ""]
    return "\n".join(out)


def machine() -> dict:
    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "platform": f"{platform.system()} {platform.machine()}",
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    if argv[:1] == ["--launcher"]:
        return launcher_main()
    p = argparse.ArgumentParser(prog="bench/bench.py", description=__doc__.split("\n\n")[0].replace("\n", " "))
    p.add_argument("--rows", type=int, help="rows per document in the layouts section (default $BENCH_ROWS or "
                   "20000; PDF a tenth)")
    p.add_argument("--quick", action="store_true", help="tiny sizes, one run each: a smoke run, judged on nothing")
    p.add_argument("--only", choices=SECTIONS, action="append", help="run this section only (repeatable); the "
                   "other sections of the results file are kept")
    p.add_argument("--results", type=Path, default=HERE / "results.json", help="results file (default %(default)s)")
    p.add_argument("--markdown", type=Path, default=HERE / "bench.md", help="tables file (default %(default)s)")
    p.add_argument("--render", action="store_true", help="measure nothing: write the tables file from the results "
                   "file again")
    args = p.parse_args(argv)
    if args.render:
        results = json.loads(args.results.read_text(encoding="utf-8"))
        args.markdown.write_text(render_markdown(results), encoding="utf-8")
        print(f"wrote {args.markdown}")
        return 0
    if args.rows is not None and args.rows < 10:
        p.error("--rows must be at least 10")
    chosen = args.only or list(SECTIONS)
    results = {"sections": {}}
    if args.only and args.results.exists():
        results = json.loads(args.results.read_text(encoding="utf-8"))
    info = machine()
    info["load_before"] = _load()
    failed = False
    Launcher.run([sys.executable, "-c", "pass"], ROOT, dict(os.environ))  # started now, while this process is small
    # The package's bytecode compiled once, as an installed package has it: with PYTHONDONTWRITEBYTECODE set (as
    # here, and for the children) every measured process would otherwise compile all of extract/ again.
    compileall.compile_dir(str(ROOT / "extract"), quiet=1)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            bench = Bench(args, Path(tmp))
            for name in chosen:
                start = time.perf_counter()
                data = getattr(bench, name)()
                data["seconds_taken"] = time.perf_counter() - start
                results["sections"][name] = data
                failed |= not passed(name, data)
                print(render_section(name, data), flush=True)
    finally:
        Launcher.close()
    info["load_after"] = _load()
    results.update(machine=info, quick=args.quick, sizes=sizes(args), targets=TARGETS)
    args.results.write_text(json.dumps(results, indent=1, default=_json) + "\n", encoding="utf-8")
    args.markdown.write_text(render_markdown(results), encoding="utf-8")
    print(f"wrote {args.results} and {args.markdown}")
    return 1 if failed and not args.quick else 0


def _json(x):
    if isinstance(x, tuple):
        return list(x)
    raise TypeError(type(x).__name__)


if __name__ == "__main__":
    sys.exit(main())
