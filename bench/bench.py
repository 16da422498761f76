"""`make bench`: build large generated documents of every text layout and report time and peak memory.

Each layout runs in its own process so its peak RSS is its own. The generated documents follow the seeds'
layouts (a tab table, a Markdown page with sections, a prose list, a collapsed web scrape beside its tab
source, a column dump beside its tab source) at ROWS rows, with duplicate codes and blanks sprinkled in.
Targets (2-core CI machine): every layout under TARGET_SECONDS and TARGET_MB.
"""
from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "20000"))
TARGET_SECONDS = 30.0
TARGET_MB = 1024
OPS = ["All", "Read", "Create", "Update user", "Register user", "Link user", "Set password", "Delete by ID"]
WORDS = "alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega request token user field".split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def rows(rng: random.Random):
    for i in range(ROWS):
        code = str(1000 + i - (i % 50 == 0))  # every 50th row repeats the previous code
        status = "" if i % 97 == 0 else rng.choice(["400", "403", "404", "500"])
        ops = ", ".join(rng.sample(OPS, rng.randint(1, 3)))
        yield code, status, sentence(rng, 5), ops, sentence(rng, 14), f"Name{i}"


def documents(folder: Path) -> dict[str, list[Path]]:
    rng = random.Random(7)
    data = list(rows(rng))
    tab = folder / "table.tsv"
    tab.write_text("Error Code\tHTTP Status Code\tError Message\tReturned By\tDescription\n"
                   + "".join("\t".join(r[:5]) + "\n" for r in data), encoding="utf-8")
    md = folder / "page.md"
    parts = ["# Errors\n"]
    for s in range(0, len(data), 500):
        parts.append(f"\n## Section {s // 500}\n\n| Name | Code | Description |\n|---|---|---|\n")
        parts += [f"| `{r[5]}`\t | {r[0]} | {r[4]} |\n" for r in data[s:s + 500]]
    md.write_text("".join(parts), encoding="utf-8")
    prose = folder / "list.txt"
    prose.write_text("Error codes.\n- 1000-99999. All errors.\n"
                     + "".join(f"{r[0]}\n{r[5].lower()}. {r[4][:40]}\n{r[4][40:]}\n" for r in data), encoding="utf-8")
    scrape = folder / "scrape.txt"
    scrape.write_text("Error Code HTTP Status Code Error Message Returned By Description\n"
                      + "".join(" ".join(x for x in r[:5] if x) + "\n" for r in data), encoding="utf-8")
    dump = folder / "dump.txt"
    # every 20th description wraps: its cell stops on "the", its overflow comes after the blocks, in row order
    cut = {i: r[4].rsplit(" ", 3) for i, r in enumerate(data) if i % 20 == 7}
    dump.write_text("Sr.no\tError Code\tHtml Code\n"
                    + "".join(f"{i + 1}\t{r[0]}\t{r[1] or 400}\n" for i, r in enumerate(data))
                    + "Error Message\n" + "".join(f"{r[2]}\n" for r in data)
                    + "Description\n" + "".join(f"{cut[i][0] + ' the' if i in cut else r[4]}\n" for i, r in enumerate(data))
                    + "".join(f"{' '.join(cut[i][1:])}\n" for i in sorted(cut)), encoding="utf-8")
    return {"tab": [tab], "markdown": [md], "prose": [prose], "collapsed+tab": [tab, scrape], "dump+tab": [tab, dump]}


def run_one(files: list[str], out: str) -> None:
    """In a child process: one ad-hoc build, then print its time and peak memory as JSON."""
    start = time.perf_counter()
    from extract.cli import main

    code = main(["build", "--catalog", "bench", "--out", out, *files])
    seconds = time.perf_counter() - start
    entries = len(json.loads((Path(out) / "catalog.json").read_text())["entries"]) if code == 0 else 0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"exit": code, "seconds": round(seconds, 2), "peak_mb": round(peak_mb), "entries": entries}))


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        run_one(sys.argv[3:], sys.argv[2])
        return 0
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(Path(tmp))
        print(f"{ROWS} rows per document; targets: < {TARGET_SECONDS:.0f} s and < {TARGET_MB} MB per build")
        print(f"{'layout':<15}{'seconds':>9}{'peak MB':>9}{'entries':>9}  verdict")
        for name, files in docs.items():
            out = subprocess.run([sys.executable, __file__, "--one", str(Path(tmp) / f"out-{name}"),
                                  *map(str, files)], capture_output=True, text=True)
            line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "{}"
            result = json.loads(line)
            # every generated row must come back as an entry: a fast build that reads nothing is no pass
            ok = (result.get("exit") == 0 and result["entries"] == ROWS and result["seconds"] < TARGET_SECONDS
                  and result["peak_mb"] < TARGET_MB)
            failed |= not ok
            print(f"{name:<15}{result.get('seconds', '-'):>9}{result.get('peak_mb', '-'):>9}"
                  f"{result.get('entries', '-'):>9}  {'ok' if ok else 'OVER TARGET: ' + out.stderr.strip()[-200:]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
