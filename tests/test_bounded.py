"""Bounded work on hostile input (issue 10): no regular expression backtracks on a long line, and no document
under 1 MB holds a build for long.

Two kinds of test:
- every hostile case the issue names (a line of `210` and 3,000 spaces, 3,000 spaces in a cell of every seed,
  50,000 `[`, a collapsed row of 800 words, a Markdown list nested 1,000 levels, …) is built through the CLI
  and must end in under 5 s with a clean result or one-line errors (exit 2);
- every compiled pattern of extract/patterns.py and of the layouts' modules is run, the way the toolkit runs it
  (`match`, `search`, `sub`…, found in the source), on 20,000-character runs built from its own literals and
  classes (spaces, digits, `[`, `|`, `-`, backticks, `<`, tabs and mixes), and must finish each in well under a
  second: linear, where a backtracking pattern takes minutes.

Both run in a child process with a time limit, so a regression fails the test instead of hanging the suite.
Run `python tests/test_bounded.py patterns` to print every pattern's worst time.
"""
from __future__ import annotations

import ast
import importlib
import json
import os
import pkgutil
import random
import re
import re._constants as _sre
import re._parser as _sre_parse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "raw_sources"
LIMIT = 5.0  # seconds a hostile document under 1 MB may take (the bar)
PATTERN_LIMIT = 1.0  # seconds one pattern may take on its worst 20,000-character run (linear takes milliseconds)
RUN_CHARS = 20_000
SCALING_FLOOR = 0.02  # seconds on RUN_CHARS above which a pattern's growth is judged too (see `super_linear`)

# ---------------------------------------------------------------------------------------------- hostile documents
# `main(argv)` timed inside a child process: the interpreter's start is not counted, a hang is cut off.
DRIVER = """
import sys, time
from extract.cli import main
started = time.perf_counter()
try:
    code = main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
sys.stderr.write(f"\\nELAPSED {time.perf_counter() - started:.3f} EXIT {code}\\n")
"""


def run_timed(args: list, cwd: Path) -> tuple[int, float, str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    try:
        proc = subprocess.run([sys.executable, "-c", DRIVER, *map(str, args)], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=60 + 10 * LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"extract {' '.join(map(str, args))[:200]} still running after {60 + 10 * LIMIT:.0f} s")
    m = re.search(r"ELAPSED (\S+) EXIT (\S+)\s*$", proc.stderr)
    assert m, f"no result from the build (exit {proc.returncode}): {proc.stderr[-2000:]}"
    err = proc.stderr[: m.start()].strip()
    return int(m.group(2)) if m.group(2).lstrip("-").isdigit() else -1, float(m.group(1)), proc.stdout, err


def assert_bounded(code: int, elapsed: float, err: str, what: str) -> None:
    assert "Traceback" not in err, err[-3000:]
    assert code in (0, 2), f"{what}: exit {code}: {err[-2000:]}"
    if code == 2:  # refused: one line per error, each naming a file
        errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
        assert errors, err[-2000:]
        assert all(re.match(r"error: \S+", ln) for ln in errors), errors
    assert elapsed < LIMIT, f"{what}: {elapsed:.1f} s (limit {LIMIT} s)"


def build_one(tmp_path: Path, name: str, text: str) -> tuple[int, float, str, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size < 1_000_000
    return run_timed(["build", "--catalog", "hostile", "--out", tmp_path / "out", path], tmp_path)


HOSTILE_LINES = {
    # the prose sniffer's patterns backtracked cubically on runs of whitespace (1,000 spaces took 6.6 s)
    "code-then-spaces": "210" + " " * 3000 + "\n",
    "code-spaces-word": "210" + " " * 3000 + "x\n211 Not found\n",
    "heading-spaces-word": "# a" + " " * 3000 + "b\n\n100 Bad request\n",
    "list-code-spaces": "- 210" + " " * 3000 + ". x\n",
    "brackets": "[" * 50_000 + "\n",  # the link pattern took 29 s
    "link-opens": "[a](" * 12_000 + "\n",
    "pipes": "|" * 50_000 + "\n",
    "dashes": "-" * 50_000 + "\n",
    "backticks": "`" * 50_000 + "\n",
    "angles": "<" * 50_000 + "\n",
    "tabs": "1\t" + "\t" * 50_000 + "x\n",
    "digits": "1" * 50_000 + "\n",
    "strong-opens": "**x " * 12_000 + "\n",
    "quotes": "\\\"x" * 15_000 + "\n",
    "dot-leaders": ". " * 25_000 + "x\n",
    "table-rule": "+-" * 25_000 + "x\n",
    "tags": "<tr" * 15_000 + "\n",
    "options": "[options=" * 5_000 + "\n",
    "assignments": "A:" * 20_000 + " {\n",
    "separator-spaces": "| a | b |\n" + " " * 50_000 + "x\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_LINES))
def test_a_hostile_line_is_detected_and_read_in_bounded_time(tmp_path, name):
    code, elapsed, _, err = build_one(tmp_path, f"{name}.txt", HOSTILE_LINES[name])
    assert_bounded(code, elapsed, err, name)


def test_a_markdown_list_nested_1000_levels(tmp_path):
    """The table separator's pattern split every indentation's spaces in every way (23 s)."""
    indented = "".join("  " * i + "- item\n" for i in range(700))  # 700 levels: just under 0.5 MB
    table = "| Code | Message |\n|---|---|\n| 1 | Bad request. |\n| 2 | Not found. |\n"
    for name, text in (("indented.md", indented), ("indented-with-table.md", table + indented),
                       ("one-line.md", table + "- " * 1000 + "item\n"), ("quotes.md", table + "> " * 1000 + "x\n"),
                       ("mixed.md", table + "> - " * 1000 + "x\n")):
        code, elapsed, _, err = build_one(tmp_path, name, text)
        assert_bounded(code, elapsed, err, name)


def _seed_lines(name: str) -> list[str]:
    return (SEEDS / name).read_text(encoding="utf-8").split("\n")


def test_a_collapsed_row_of_800_words_is_split_in_bounded_time(tmp_path):
    """The split search was cubic in a row's words (36 s for 800); every cell is now scored once."""
    lines = _seed_lines("backend-services-web-scrape.txt")
    for shape, words in (("words", [f"word{i}" for i in range(800)]),
                         ("capitalised list", [f"Get, Set{i}," for i in range(400)]),
                         ("sentences", [f"Thing{i} failed." for i in range(400)])):
        row = "999 " + " ".join(words)
        code, elapsed, _, err = build_one(tmp_path, "scrape.txt", "\n".join(lines[:8] + [row] + lines[8:]))
        assert_bounded(code, elapsed, err, shape)
        assert code == 0, err


def test_a_line_longer_than_any_row_is_reported_and_the_table_goes_on(tmp_path):
    """A line past `max_row_words` inside a collapsed table is never searched: it is unparsed text, and the rows
    after it are still rows."""
    lines = _seed_lines("backend-services-web-scrape.txt")
    giant = "999 " + " ".join(f"Get, Set{i}," for i in range(6000))
    code, elapsed, _, err = build_one(tmp_path, "scrape.txt", "\n".join(lines[:8] + [giant] + lines[8:]))
    assert_bounded(code, elapsed, err, "giant row")
    conflicts = json.loads((tmp_path / "out" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    said = [c for c in conflicts if c["kind"] == "unparsed_text" and "longer than any row" in c["message"]]
    assert len(said) == 1 and said[0]["values"][0]["value"].startswith("999 Get, Set0,")
    catalog = json.loads((tmp_path / "out" / "catalog.json").read_text(encoding="utf-8"))
    entries = catalog["entries"] if isinstance(catalog, dict) else catalog
    assert len({e["code"] for e in entries}) >= 60  # the rows after the giant line are still read


def test_3000_spaces_in_a_cell_of_every_seed_do_not_hold_the_manifest_build(tmp_path):
    raw = tmp_path / "raw_sources"
    shutil.copytree(SEEDS, raw, ignore=shutil.ignore_patterns("resolutions.toml"))
    for path in raw.iterdir():
        if path.suffix == ".toml":
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        i = next(k for k in range(7, len(lines)) if " " in lines[k].strip())  # a row of the table or list
        line = lines[i]
        cut = line.find(" ", len(line) // 2)  # between two words of a cell past the row's middle
        cut = cut if cut >= 0 else line.index(" ")
        lines[i] = line[:cut] + " " * 3000 + line[cut:]
        path.write_text("\n".join(lines), encoding="utf-8")
    code, elapsed, _, err = run_timed(["build", "--manifest", raw / "sources.toml", "--out", tmp_path / "out"],
                                      tmp_path)
    assert_bounded(code, elapsed, err, "seeds with 3,000 spaces")
    assert code == 0, err


# ---------------------------------------------------------------------------------------------- every pattern
# every module of the toolkit that reads document text with its own patterns
PATTERN_MODULES = ["extract.patterns", "extract.items", "extract.columns", "extract.text", "extract.ranges"] + [
    f"extract.parsers.{m.name}" for m in pkgutil.iter_modules([str(REPO / "extract" / "parsers")])]
OPS = ("match", "fullmatch", "search", "findall", "finditer", "sub", "subn", "split")
# Patterns the toolkit never applies to a whole line, with the function that applies them: the pattern is timed
# through that function. (`TAG` alone is quadratic on `<<<<…`; `without_tags` never searches past the last `>`.)
GUARDED = {"extract.parsers.html_detect.TAG": ("extract.parsers.html_detect", "without_tags")}
BASE_TOKENS = (" ", "\t", "a", "A", "1", "0", "-", "[", "]", "|", "`", "<", ">", ".", ":", ",", "*", "#", "=",
               "\\", '"', "'", "(", ")", "_", "x ")
_REPRESENTATIVE = {_sre.CATEGORY_DIGIT: "7", _sre.CATEGORY_NOT_DIGIT: "a", _sre.CATEGORY_SPACE: " ",
                   _sre.CATEGORY_NOT_SPACE: "x", _sre.CATEGORY_WORD: "w", _sre.CATEGORY_NOT_WORD: "-"}


def compiled_patterns() -> dict[str, re.Pattern]:
    """Every module-level compiled pattern (alone or in a dict, list or tuple), by its dotted name."""
    out, seen = {}, set()
    for module in PATTERN_MODULES:
        mod = importlib.import_module(module)
        for attr, value in vars(mod).items():
            items = [(attr, value)]
            if isinstance(value, dict):
                items = [(f"{attr}[{k}]", v) for k, v in value.items()]
            elif isinstance(value, (list, tuple)):
                items = [(f"{attr}[{i}]", v[0] if isinstance(v, tuple) and v else v) for i, v in enumerate(value)]
            for name, p in items:
                if isinstance(p, re.Pattern) and id(p) not in seen:
                    seen.add(id(p))
                    out[f"{module}.{name}"] = p
    return out


def inline_patterns() -> dict[str, tuple[re.Pattern, set[str]]]:
    """Patterns written inside functions (`re.search(r"…", text)`), with the call that runs them."""
    out = {}
    for path in [REPO / "extract" / "patterns.py", *sorted((REPO / "extract" / "parsers").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in OPS \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args \
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                flags = 0
                for kw in node.keywords:
                    if kw.arg == "flags" and isinstance(kw.value, ast.Attribute):
                        flags |= getattr(re, kw.value.attr, 0)
                name = f"{path.stem}:{node.lineno}"
                out[name] = (re.compile(node.args[0].value, flags), {node.func.attr})
    return out


def applied_ops(name: str, sources: list[str]) -> set[str]:
    """How the toolkit runs a pattern, read from the source (`NAME.search(`); searched where unknown."""
    short = re.escape(name.rsplit(".", 1)[-1].split("[")[0])
    found = {m.group(1) for text in sources for m in re.finditer(r"\b" + short + r"\.(" + "|".join(OPS) + r")\(", text)}
    return found or {"search"}


def pattern_tokens(p: re.Pattern) -> list[str]:
    """The pattern's own pieces: its literal runs and a member of each class it names (`<tr`, `0x`, ` `, `7`)."""
    out, run = set(), []

    def flush():
        if run:
            out.add("".join(run))
            run.clear()

    def walk(seq):
        for op, av in seq:
            if op is _sre.LITERAL:
                run.append(chr(av))
                continue
            flush()
            if op is _sre.IN:
                for o, a in av:
                    if o is _sre.LITERAL:
                        out.add(chr(a))
                    elif o is _sre.RANGE:
                        out.update((chr(a[0]), chr(a[1])))
                    elif o is _sre.CATEGORY and a in _REPRESENTATIVE:
                        out.add(_REPRESENTATIVE[a])
            elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op is _sre.SUBPATTERN:
                walk(av[-1])
            elif op is _sre.ATOMIC_GROUP:
                walk(av)
            elif op is _sre.BRANCH:
                for branch in av[1]:
                    walk(branch)
                    flush()
            elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
                walk(av[1])
            elif op is _sre.CATEGORY and av in _REPRESENTATIVE:
                out.add(_REPRESENTATIVE[av])
        flush()

    walk(_sre_parse.parse(p.pattern, p.flags & ~re.UNICODE))
    return sorted(t for t in out if t and t != "\n")


def hostile_shapes(name: str, p: re.Pattern, count: int = 240) -> list[tuple[str, str, str]]:
    """(prefix, repeated unit, suffix) shapes from the pattern's pieces: a run of each piece; after each piece
    (alone, or followed by a word), a run of spaces, tabs, letters, capitals, digits, dashes or dots, then
    something else (`210` + spaces + `x`, `# a` + spaces + `b`, `Aa` + capitals + `!`); runs of two of the
    pattern's own pieces (`options=options=…`); and runs of two or three pieces of any kind (`"\\"\\…`).
    Newlines stand inside the text only for patterns compiled for several lines (MULTILINE, DOTALL): the
    others are applied to one line at a time, which ends the text at most."""
    own = pattern_tokens(p)
    tokens = sorted(set(own) | set(BASE_TOKENS))
    rnd = random.Random(name)
    runs = [" ", "\t", "a", "A", "7", "-", "."] + (["\n", " \n"] if p.flags & (re.M | re.S) else [])
    ends = ["", "!", "x", " ", "\n"]
    shapes = {("", t, end) for t in tokens for end in ("", "!", "\n")}
    shapes |= {(t + after, run, end) for t in tokens for after, end in (("", "x"), (" a", "b"), ("a", "!"), ("", "\n"))
               for run in runs}
    pairs = [(a, b) for a in own for b in own if a != b]
    shapes |= {("", a + b, rnd.choice(ends)) for a, b in (pairs if len(pairs) <= 400 else rnd.sample(pairs, 400))}
    pick = lambda: rnd.choice(tokens)  # noqa: E731
    mixed = set()
    while len(mixed) < count:
        mixed.add(("" if rnd.random() < 0.5 else pick(), pick() + pick() + ("" if rnd.random() < 0.5 else pick()),
                   rnd.choice(ends)))
    return sorted(shapes | mixed)


def hostile_text(shape: tuple[str, str, str], chars: int) -> str:
    prefix, unit, suffix = shape
    return prefix + unit * max(1, chars // len(unit)) + suffix


def _runner(p: re.Pattern, op: str, guard):
    if guard is not None:
        return lambda s: guard(s)
    f = getattr(p, op)
    if op in ("sub", "subn"):
        return lambda s: f("", s)
    if op == "finditer":
        return lambda s: list(f(s))
    return f


def time_patterns(out=sys.stdout) -> None:
    """For every pattern: its slowest shapes at 300 characters, then those at RUN_CHARS; one line each."""
    sources = [p.read_text(encoding="utf-8") for p in (REPO / "extract").rglob("*.py")]
    todo = [(n, p, applied_ops(n, sources)) for n, p in compiled_patterns().items()]
    todo += [(n, p, ops) for n, (p, ops) in inline_patterns().items()]
    for name, p, ops in todo:
        out.write(f"START {name}\n")
        out.flush()
        guard = None
        if name in GUARDED:
            mod, fn = GUARDED[name]
            guard, ops = getattr(importlib.import_module(mod), fn), {"guarded"}
        screened = []
        for shape in hostile_shapes(name, p):
            text = hostile_text(shape, 300)
            for op in sorted(ops):
                run = _runner(p, op, guard)
                best = min(_time(run, text) for _ in range(2))
                screened.append((best, shape, op))
        screened.sort(key=lambda t: -t[0])
        worst = (0.0, 0.0, None, None)
        for _, shape, op in screened[:5]:
            run = _runner(p, op, guard)
            seconds = min(_time(run, hostile_text(shape, RUN_CHARS)) for _ in range(2))
            quarter = min(_time(run, hostile_text(shape, RUN_CHARS // 4)) for _ in range(2))
            worst = max(worst, (seconds, quarter, shape, op), key=lambda t: t[0])
        out.write(json.dumps({"name": name, "seconds": worst[0], "quarter": worst[1], "op": worst[3],
                              "shape": worst[2]}) + "\n")
        out.flush()


def super_linear(quarter: float, whole: float) -> bool:
    """Four times the text taking more than ten times as long (linear: four; quadratic: sixteen), measured
    where the time is long enough to be more than noise."""
    return whole > SCALING_FLOOR and whole > 10 * max(quarter, 1e-6)


def _time(run, text: str) -> float:
    started = time.perf_counter()
    run(text)
    return time.perf_counter() - started


def test_the_pattern_survey_finds_every_kind_of_pattern():
    names = compiled_patterns()
    assert "extract.patterns.MD_LINK" in names and "extract.parsers.markdown.SEPARATOR" in names
    assert any(k.startswith("extract.parsers.html_lines.RAW_TEXT_END[") for k in names)  # inside a dict
    assert inline_patterns()  # `re.search(r"…", text)` inside functions (prose, grid, constants)
    rfc = (REPO / "extract" / "parsers" / "rfc.py").read_text(encoding="utf-8")
    assert applied_ops("extract.patterns.DOT_LEADERS", [rfc]) == {"search"}
    assert applied_ops("extract.parsers.rfc.TABLE_RULE", [rfc]) == {"fullmatch"}
    assert {"<d", "t", " ", "0", "x", "X"} <= set(pattern_tokens(re.compile(r"<d[td]\b\s*0[xX]")))


def test_every_pattern_runs_in_linear_time_on_hostile_runs():
    """A super-linear pattern takes seconds on 20,000 characters (a cubic one, hours); a linear one takes
    milliseconds, so the limit of PATTERN_LIMIT per pattern leaves room for a loaded machine."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, __file__, "patterns"], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = proc.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        started = [ln[6:] for ln in stdout.splitlines() if ln.startswith("START ")]
        pytest.fail(f"the pattern survey was still running after 300 s, on {started[-1] if started else '?'}")
    assert proc.returncode == 0, stderr[-3000:]
    results = [json.loads(ln) for ln in stdout.splitlines() if ln.startswith("{")]
    assert len(results) > 150, stdout[-2000:]
    slow = [f"{r['name']} {r['op']} {r['seconds']:.2f} s on {r['shape']!r} ({r['quarter']:.3f} s on a quarter of it)"
            for r in results if r["seconds"] > PATTERN_LIMIT or super_linear(r["quarter"], r["seconds"])]
    assert not slow, "super-linear patterns:\n" + "\n".join(slow)


if __name__ == "__main__":
    if sys.argv[1:] == ["patterns"]:
        sys.path.insert(0, str(REPO))
        time_patterns()
