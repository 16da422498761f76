"""`make accuracy`: how exactly the toolkit reads the real documents of tests/corpus/, field by field.

Every corpus document `tests/corpus/<family>/X.ext` that has a truth file `X.truth.json` beside it (written by
reading the document, never by running the toolkit) is built ad hoc, in-process, the way
`python -m extract build --catalog corpus --out DIR X.ext` builds it, each in its own worker process with a time
limit (a hang is reported, not waited on). What the toolkit read is compared with the truth:

- Entries are paired by code, compared as text. A code listed several times pairs its variants in order (the
  toolkit's variant 1 with the truth's first entry of that code, …). A truth entry left unpaired is *missing*
  (all of its fields count as expected and wrong); a toolkit entry left unpaired (a code the truth lacks, or a
  variant more than the truth lists) is *invented*.
- Fields expected per truth entry: `code` (present), and `name`, `http_status`, `text`, `category` each only
  where the truth gives it. `text` is compared with the toolkit's message and description joined with a space.
- Values are compared after one normalisation of both sides (`normalise`): Markdown, reST and HTML markup
  stripped, HTML entities decoded, surrounding quotes and backticks stripped, whitespace collapsed; case is
  kept. HTTP statuses are compared as integers. After that, a field counts only when exact.

Prints a table per document and per family and writes bench/accuracy.md. `--record` writes each document's
measured figures (fields exact %, invented entries) to tests/corpus/floors.json: the floors that
tests/test_accuracy.py holds every document to (a ratchet of measured figures, not truth).

    python bench/accuracy.py [--record] [--jobs N] [--timeout S] [--examples N] [--only SUBSTRING …]
"""
from __future__ import annotations

import argparse
import html
import json
import multiprocessing
import os
import re
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import catalogs  # noqa: E402  (bench/catalogs.py: the multi-document catalogs)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
FLOORS = CORPUS / "floors.json"
REPORT = ROOT / "bench" / "accuracy.md"
TRUTH_SUFFIX = ".truth.json"
SCORED = ("name", "http_status", "text", "category")  # besides `code`, each only where the truth gives it
DEFAULT_TIMEOUT = float(os.environ.get("ACCURACY_TIMEOUT", "120"))
DEFAULT_JOBS = int(os.environ.get("ACCURACY_JOBS", "2"))

if str(ROOT) not in sys.path:  # run as a script from anywhere: the project's own package
    sys.path.insert(0, str(ROOT))


# ----------------------------------------------------------------------------------------------------------
# Normalisation and matching (pure; unit-tested in tests/test_accuracy.py)

_TAG = re.compile(r"</?[A-Za-z!][^<>]*>")
_MD_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^()\s]*(?:\s+\"[^\"]*\")?\)|\[[^\]]*\])")
_RST_ROLE = re.compile(r":[\w.+-]+(?::[\w.+-]+)*:`([^`]*)`")
_RST_LINK = re.compile(r"`([^`<]*?)\s*<[^`>]*>`__?")
_RST_REF = re.compile(r"`([^`]+)`__?(?!\w)")
_TARGET = re.compile(r"^(.*?)\s*<[^<>]*>$")  # `text <target>` inside a role
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPH_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_EMPH_UNDER = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
_PAIRS = {'"': '"', "'": "'", "`": "`", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}


def _role(match: re.Match) -> str:
    inner = match.group(1)
    target = _TARGET.match(inner)
    return (target.group(1) if target and target.group(1) else inner).lstrip("~!")


def normalise(value) -> str | None:
    """A text field as compared: markup stripped, entities decoded, whitespace collapsed, surrounding quotes
    and backticks stripped; case kept. Blank (None, "", whitespace, []) is None."""
    if value is None or value == [] or value == "":
        return None
    s = str(value)
    s = _ESCAPE.sub(lambda m: chr(0xE000 + ord(m.group(1))), s)  # a backslash-escaped character is no markup
    s = _TAG.sub("", s)
    s = html.unescape(s)
    s = _MD_LINK.sub(r"\1", s)
    s = _RST_ROLE.sub(_role, s)
    s = _RST_LINK.sub(r"\1", s)
    s = _RST_REF.sub(r"\1", s)
    s = s.replace("``", "").replace("`", "")
    for pattern in (_STRONG, _EMPH_STAR, _EMPH_UNDER):
        s = pattern.sub(lambda m: m.group(m.lastindex), s)
    s = re.sub("[\uE000-\uE07F]", lambda m: chr(ord(m.group()) - 0xE000), s)
    s = " ".join(s.split())
    while len(s) >= 2 and _PAIRS.get(s[0]) == s[-1]:
        s = s[1:-1].strip()
    return s or None


def status_of(value):
    """An HTTP status as compared: an integer where it reads as one, else its normalised text."""
    if value is None or value == "":
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return normalise(value)


def toolkit_text(entry: dict) -> str | None:
    """The toolkit's message and description joined with a space (either may be blank)."""
    parts = [str(entry.get(f)) for f in ("message", "description") if entry.get(f) not in (None, "", [])]
    return " ".join(parts) or None


def field_value(name: str, entry: dict, side: str):
    """The comparable value of one scored field; `side` is "truth" or "toolkit"."""
    if name == "http_status":
        return status_of(entry.get("http_status"))
    if name == "text":
        return normalise(entry.get("text") if side == "truth" else toolkit_text(entry))
    return normalise(entry.get(name))


def expected_fields(truth_entry: dict) -> list[str]:
    """The scored fields of one truth entry: `code` always, the others where the truth gives them."""
    return ["code"] + [f for f in SCORED if f in truth_entry and (f == "text" or truth_entry[f] is not None)]


@dataclass
class Score:
    entries: int = 0  # truth entries
    found: int = 0  # truth entries paired with a toolkit entry
    missing: int = 0
    invented: int = 0  # toolkit entries paired with no truth entry
    exact: int = 0  # fields exact
    expected: int = 0  # fields expected
    wrong: dict = field(default_factory=dict)  # field -> count of wrong values (missing entries not counted)
    examples: list = field(default_factory=list)  # (code, field, truth value, toolkit value)

    def add(self, other: "Score") -> None:
        for name in ("entries", "found", "missing", "invented", "exact", "expected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.wrong.items():
            self.wrong[k] = self.wrong.get(k, 0) + v

    @property
    def percent(self) -> float:
        return 100.0 * self.exact / self.expected if self.expected else 100.0


def score(truth: list[dict], got: list[dict], max_examples: int = 8) -> Score:
    """Compare truth entries with the toolkit's entries (dicts with code, variant, name, http_status, message,
    description, category)."""
    s = Score(entries=len(truth))
    by_code: dict[str, list[dict]] = {}
    for g in sorted(got, key=lambda g: int(g.get("variant") or 1)):
        by_code.setdefault(str(g["code"]).strip(), []).append(g)
    taken: dict[str, int] = {}

    def note(*example):
        if len(s.examples) < max_examples:
            s.examples.append(example)

    for t in truth:
        code = str(t["code"]).strip()
        fields = expected_fields(t)
        s.expected += len(fields)
        i = taken.get(code, 0)
        candidates = by_code.get(code, [])
        if i >= len(candidates):
            s.missing += 1
            note(code, "(entry)", "present", "missing")
            continue
        taken[code] = i + 1
        g = candidates[i]
        s.found += 1
        s.exact += 1  # the code
        for f in fields[1:]:
            want, have = field_value(f, t, "truth"), field_value(f, g, "toolkit")
            if want == have:
                s.exact += 1
            else:
                s.wrong[f] = s.wrong.get(f, 0) + 1
                note(code, f, want, have)
    for code, candidates in by_code.items():
        extra = candidates[taken.get(code, 0):]
        s.invented += len(extra)
        for g in extra[:1]:
            note(code, "(invented)", "absent", (toolkit_text(g) or g.get("name") or "")[:100])
    return s


# ----------------------------------------------------------------------------------------------------------
# The corpus


@dataclass
class Case:
    family: str
    document: Path
    truth_file: Path
    truth: list[dict]

    @property
    def key(self) -> str:
        return f"{self.family}/{self.document.name}"


def load_cases(corpus: Path = CORPUS) -> tuple[list[Case], list[tuple[str, str]]]:
    """Every document with a readable truth file, and the truth files skipped with the reason."""
    cases, problems = [], []
    for truth_file in sorted(corpus.glob(f"*/*{TRUTH_SUFFIX}")):
        shown = str(truth_file.relative_to(corpus))
        try:
            data = json.loads(truth_file.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            entries = data.get("entries")
            if not isinstance(entries, list):
                raise ValueError("`entries` is not a list")
            for i, e in enumerate(entries):
                if not isinstance(e, dict) or e.get("code") in (None, ""):
                    raise ValueError(f"entry #{i + 1} has no code")
            name = data.get("document") or truth_file.name[: -len(TRUTH_SUFFIX)]
            document = truth_file.parent / name
            if not document.is_file():
                raise ValueError(f"its document {name} is not there")
        except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            problems.append((shown, str(exc)))
            continue
        cases.append(Case(truth_file.parent.name, document, truth_file, entries))
    return cases, problems


def documents_without_truth(corpus: Path = CORPUS) -> list[str]:
    """Corpus files that no truth file names (not scored yet)."""
    named = set()
    for truth_file in corpus.glob(f"*/*{TRUTH_SUFFIX}"):
        try:
            named.add(truth_file.parent / json.loads(truth_file.read_text(encoding="utf-8"))["document"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        named.add(truth_file.parent / truth_file.name[: -len(TRUTH_SUFFIX)])  # X.truth.json beside X.ext
    skip = {"SOURCES.md", "README.md", "floors.json"}
    return [str(p.relative_to(corpus)) for p in sorted(corpus.glob("*/*"))
            if p.is_file() and p.name not in skip and not p.name.endswith(TRUTH_SUFFIX)
            and p not in named and p.parent / p.stem not in named]


# ----------------------------------------------------------------------------------------------------------
# Reading a document (in the worker)


def read_document(path: Path) -> dict:
    """Build one document ad hoc, in this process: its layout, entries (plain dicts), errors and warnings."""
    from extract import parsers
    from extract.pipeline import run
    from extract.pipeline import adhoc_specs
    from extract.documents import load
    from extract.errors import InputError

    specs = adhoc_specs("corpus", [str(path)])
    layout = None
    try:
        layout = parsers.detect(load(specs[0].path, specs[0].id, specs[0].root)).name
    except InputError as exc:
        layout = "not recognised" if "no known layout" in str(exc) else f"unreadable: {exc}"
    build = run(specs)
    parsed = build.parsed.get(specs[0].id)
    if parsed is not None and parsed.format and parsed.format != layout:
        layout = parsed.format  # the finer name (`tab (quoted)`, `pdf text layer: prose`)
    entries = []
    for result in build.catalogs.values():
        for e in result.entries:
            entries.append({"code": e.code, "variant": e.variant,
                            **{f: e.get(f) for f in ("name", "http_status", "message", "description", "category")}})
    return {"layout": layout, "entries": entries, "errors": [str(x) for x in build.errors],
            "warnings": list(build.warnings)}


def _worker(reader, path: str, conn) -> None:
    try:
        result = reader(Path(path))
    except BaseException as exc:  # noqa: BLE001 - reported, never raised across the process boundary
        result = {"layout": None, "entries": [], "errors": [f"crashed: {type(exc).__name__}: {exc}"],
                  "warnings": []}
    try:
        conn.send(result)
    finally:
        conn.close()


def read_all(paths: list[Path], jobs: int = DEFAULT_JOBS, timeout: float = DEFAULT_TIMEOUT,
             reader=read_document) -> dict[Path, dict]:
    """Read every document in its own worker process (`reader(path)`, by default `read_document`), `jobs` at a
    time; one that takes longer than `timeout` seconds is stopped and reported as timed out. Returns
    path -> result (with `seconds`, and `timed_out` where it was stopped)."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending = list(paths)
    running: dict = {}  # conn -> (path, process, started)
    results: dict[Path, dict] = {}
    while pending or running:
        while pending and len(running) < max(1, jobs):
            path = pending.pop(0)
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker, args=(reader, str(path), send), daemon=True)
            proc.start()
            send.close()
            running[recv] = (path, proc, time.monotonic())
        now = time.monotonic()
        soonest = min(started + timeout for _, _, started in running.values())
        ready = wait(list(running), timeout=max(0.0, soonest - now))
        now = time.monotonic()
        for conn in list(running):
            path, proc, started = running[conn]
            if conn in ready:
                try:
                    result = conn.recv()
                except EOFError:
                    result = {"layout": None, "entries": [], "errors": [
                        f"worker died (exit code {proc.exitcode if not proc.is_alive() else 'unknown'})"],
                        "warnings": []}
                proc.join(5)
            elif now - started >= timeout:
                proc.terminate()
                proc.join(5)
                if proc.is_alive():
                    proc.kill()
                    proc.join()
                result = {"layout": None, "entries": [], "errors": [f"timed out after {timeout:g} s"],
                          "warnings": [], "timed_out": True}
            else:
                continue
            conn.close()
            del running[conn]
            result["seconds"] = round(now - started, 2)
            results[path] = result
    return results


# ----------------------------------------------------------------------------------------------------------
# Measuring and reporting


@dataclass
class DocResult:
    case: Case
    layout: str | None
    score: Score
    seconds: float
    errors: list[str]
    warnings: list[str]
    timed_out: bool = False

    @property
    def key(self) -> str:
        return self.case.key

    @property
    def reason(self) -> str:
        """The main reason a document is not read exactly, from its figures."""
        s = self.score
        if self.timed_out:
            return "timed out"
        if self.layout in (None, "not recognised") or (self.layout or "").startswith("unreadable"):
            return "layout not recognised" if self.layout == "not recognised" else (self.errors or ["no layout"])[0]
        if self.errors:
            return self.errors[0][:120]
        if s.found == 0:
            return f"no truth entry found ({s.invented} invented)" if s.invented else "no entries read"
        reasons = []
        if s.missing:
            reasons.append(f"{s.missing} missing")
        if s.invented:
            reasons.append(f"{s.invented} invented")
        for f, n in sorted(s.wrong.items(), key=lambda kv: -kv[1]):
            reasons.append(f"{f} wrong on {n}")
        return ", ".join(reasons) or "exact"


def measure(cases: list[Case], jobs: int = DEFAULT_JOBS, timeout: float = DEFAULT_TIMEOUT,
            max_examples: int = 8) -> list[DocResult]:
    read = read_all([c.document for c in cases], jobs=jobs, timeout=timeout)
    out = []
    for c in cases:
        r = read[c.document]
        out.append(DocResult(c, r.get("layout"), score(c.truth, r["entries"], max_examples), r.get("seconds", 0.0),
                             r.get("errors", []), r.get("warnings", []), bool(r.get("timed_out"))))
    return out


def families(results: list[DocResult]) -> dict[str, Score]:
    fam: dict[str, Score] = {}
    for r in results:
        fam.setdefault(r.case.family, Score()).add(r.score)
    return fam


def overall(results: list[DocResult]) -> Score:
    total = Score()
    for r in results:
        total.add(r.score)
    return total


def floors_of(results: list[DocResult]) -> dict[str, dict]:
    return {r.key: {"fields_exact": round(r.score.percent, 2), "invented": r.score.invented,
                    "exact": r.score.exact, "expected": r.score.expected}
            for r in results}


def measure_catalogs(jobs: int = DEFAULT_JOBS, timeout: float = DEFAULT_TIMEOUT, only: list[str] = ()) -> list:
    """The multi-document catalogs of tests/corpus/catalogs/ (bench/catalogs.py), each built in a worker."""
    folders = [f for f in catalogs.catalog_dirs() if not only or any(s in f"catalogs/{f.name}" for s in only)]
    read = read_all(folders, jobs=jobs, timeout=timeout, reader=catalogs.read_catalog)
    out = []
    for folder in folders:
        got = read[folder]
        if got.get("timed_out"):
            got = {**got, "errors": [f"timed out after {timeout:g} s"]}
        out.append(catalogs.score_catalog(folder, got, score))
    return out


def catalog_floors(results: list) -> dict[str, dict]:
    return {f"catalogs/{r.name}": {"fields_exact": round(r.score.percent, 2), "invented": r.score.invented,
                                   "missing_recall": round(r.missing_recall, 2),
                                   "disagreement_recall": round(r.disagreement_recall, 2)}
            for r in results if not r.errors}


CATALOG_COLUMNS = ("catalog", "documents", "truth", "found", "invented", "fields exact", "%",
                   "missing found", "disagreements found", "unlisted mismatches")


def _catalog_row(r) -> list[str]:
    s = r.score
    return [r.name, ", ".join(r.documents), str(s.entries), str(s.found), str(s.invented),
            f"{s.exact}/{s.expected}", f"{s.percent:.1f}", f"{r.missing_found}/{r.missing_expected}",
            f"{r.disagreements_found}/{r.disagreements_expected}", str(len(r.unlisted_mismatches))]


def record(results: list[DocResult], path: Path = FLOORS, catalog_results: list = ()) -> None:
    """Write the measured figures as the floors, keeping floors of documents not measured this time (and of
    documents that timed out: a timeout is the machine's load, not the toolkit's reading)."""
    old = {}
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8")).get("documents", {})
        except (OSError, ValueError):
            old = {}
    for r in results:
        if r.timed_out:
            print(f"warning: {r.key}: timed out, floor not recorded"
                  + (" (the old one is kept)" if r.key in old else ""), file=sys.stderr)
    docs = {**old, **floors_of([r for r in results if not r.timed_out]), **catalog_floors(catalog_results)}
    data = {"about": "Measured figures of the toolkit on the corpus truth, not truth: each document's fields "
                     "exact (%) must stay at or above `fields_exact` and its invented entries at or below "
                     "`invented` (tests/test_accuracy.py). Written by `python bench/accuracy.py --record`.",
            "documents": dict(sorted(docs.items()))}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


COLUMNS = ("document", "layout", "truth", "found", "missing", "invented", "fields exact", "%", "seconds")


def _row(r: DocResult) -> list[str]:
    s = r.score
    return [r.key, r.layout or "-", str(s.entries), str(s.found), str(s.missing), str(s.invented),
            f"{s.exact}/{s.expected}", f"{s.percent:.1f}", f"{r.seconds:.1f}" + (" (timeout)" if r.timed_out else "")]


def _family_row(name: str, s: Score, docs: int) -> list[str]:
    return [f"{name} ({docs} docs)", str(s.entries), str(s.found), str(s.missing), str(s.invented),
            f"{s.exact}/{s.expected}", f"{s.percent:.1f}"]


FAMILY_COLUMNS = ("family", "truth", "found", "missing", "invented", "fields exact", "%")


def _table_text(header, rows) -> str:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def catalogs_text(results: list) -> str:
    out = [_table_text(CATALOG_COLUMNS, [_catalog_row(r) for r in results])]
    for r in results:
        for e in r.errors[:2]:
            out.append(f"{r.name}: error: {e[:200]}")
        if r.lost:
            out.append(f"{r.name}: not reported: {'; '.join(r.lost[:8])}")
        if r.unlisted_mismatches:
            out.append(f"{r.name}: reported but not in the truth: {'; '.join(r.unlisted_mismatches[:8])}")
    return "\n".join(out)


def text_table(results: list[DocResult]) -> str:
    def table(header, rows):
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
        line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
        return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])

    fam = families(results)
    counts = {f: sum(1 for r in results if r.case.family == f) for f in fam}
    total = overall(results)
    return "\n\n".join([
        table(COLUMNS, [_row(r) for r in results]),
        table(FAMILY_COLUMNS, [_family_row(f, s, counts[f]) for f, s in sorted(fam.items())]),
        f"overall: {len(results)} documents, {total.entries} truth entries, {total.found} found, "
        f"{total.missing} missing, {total.invented} invented; fields exact {total.exact}/{total.expected} "
        f"({total.percent:.1f}%)",
    ])


def markdown(results: list[DocResult], problems: list[tuple[str, str]], untruthed: list[str],
             catalog_results: list = ()) -> str:
    def table(header, rows):
        esc = lambda c: str(c).replace("|", "\\|")  # noqa: E731
        return "\n".join(["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
                         + ["| " + " | ".join(esc(c) for c in r) + " |" for r in rows])

    fam = families(results)
    counts = {f: sum(1 for r in results if r.case.family == f) for f in fam}
    total = overall(results)
    out = ["# Accuracy on real documents", "",
           "Written by `make accuracy` (`python bench/accuracy.py`): every document of `tests/corpus/` that has a "
           "truth file, built ad hoc and compared field by field with the truth (how: the docstring of "
           "`bench/accuracy.py`). *invented*: entries the toolkit gives that the truth lacks; *fields exact*: "
           "fields read exactly / fields the truth gives (code, and name, HTTP status, text, category where given).",
           "", "## Per document", "",
           table(COLUMNS + ("main reason",), [_row(r) + [r.reason] for r in results]),
           "", "## Per family", "",
           table(FAMILY_COLUMNS, [_family_row(f, s, counts[f]) for f, s in sorted(fam.items())]),
           "", f"**overall**: {len(results)} documents, {total.entries} truth entries, {total.found} found, "
               f"{total.missing} missing, {total.invented} invented; fields exact {total.exact}/{total.expected} "
               f"({total.percent:.1f}%).", ""]
    if catalog_results:
        out += ["## Catalogs described by several documents", "",
                "Each folder of `tests/corpus/catalogs/` built as one catalog (bench/catalogs.py): canonical "
                "fields against the truth, the codes each document lacks found as `missing_in_source`, the real "
                "disagreements found as `value_mismatch`/`truncated_value`, and mismatches reported that the "
                "truth does not list (a style-only difference reported would show here).", "",
                table(CATALOG_COLUMNS, [_catalog_row(r) for r in catalog_results]), ""]
    if problems:
        out += ["## Truth files skipped", ""] + [f"- `{p}`: {why}" for p, why in problems] + [""]
    if untruthed:
        out += ["## Documents without a truth file (not scored)", ""] + [f"- `{p}`" for p in untruthed] + [""]
    return "\n".join(out)


def examples_text(results: list[DocResult], n: int) -> str:
    lines = []
    for r in results:
        if r.score.exact == r.score.expected and not r.score.invented and not r.errors:
            continue
        lines.append(f"{r.key}: {r.reason}")
        for e in r.errors[:2]:
            lines.append(f"    error: {e[:200]}")
        for code, f, want, have in r.score.examples[:n]:
            lines.append(f"    {code} {f}: truth {str(want)[:90]!r} / toolkit {str(have)[:90]!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--record", action="store_true", help=f"write the measured figures as floors to {FLOORS}")
    ap.add_argument("--jobs", type=int, default=DEFAULT_JOBS, help="documents read at once (default %(default)s)")
    ap.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                    help="seconds per document before it is stopped (default %(default)s)")
    ap.add_argument("--examples", type=int, default=0, metavar="N",
                    help="also print up to N wrong values per document that is not exact")
    ap.add_argument("--only", nargs="*", default=[], metavar="SUBSTRING",
                    help="only documents whose family/name contains one of these (the report is not written)")
    args = ap.parse_args(argv)

    cases, problems = load_cases()
    for shown, why in problems:
        print(f"warning: tests/corpus/{shown}: skipped: {why}", file=sys.stderr)
    if args.only:
        cases = [c for c in cases if any(s in c.key for s in args.only)]
    catalog_only = bool(args.only) and all(s.startswith("catalogs") for s in args.only)
    if not cases and not catalog_only:
        print("no corpus document with a truth file", file=sys.stderr)
        return 1
    started = time.monotonic()
    results = measure(cases, jobs=args.jobs, timeout=args.timeout, max_examples=max(8, args.examples))
    if results:
        print(text_table(results))
    catalog_results = measure_catalogs(args.jobs, args.timeout, args.only)
    if catalog_results:
        print()
        print(catalogs_text(catalog_results))
    print(f"({time.monotonic() - started:.1f} s, {args.jobs} workers, {args.timeout:g} s per document)")
    if args.examples:
        print()
        print(examples_text(results, args.examples))
    if not args.only:
        REPORT.write_text(markdown(results, problems, documents_without_truth(), catalog_results), encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}")
    if args.record:
        record(results, catalog_results=catalog_results)
        print(f"recorded floors for {sum(not r.timed_out for r in results)} documents in "
              f"{FLOORS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
