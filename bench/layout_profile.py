"""One layout's build beside its floor, in this process, with a cProfile of the build on request: the quick loop for
making a layout faster (`make bench` is the measurement that counts; this is the one to iterate with).

    python bench/layout_profile.py tab 20000            # build and floor seconds, and their ratio
    python bench/layout_profile.py tab 20000 --profile  # … and the 40 costliest functions of the build, cumulative
    python bench/layout_profile.py reconcile 100000     # the bench's 3-source reconcile documents instead of one layout
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402
import documents  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="bench/layout_profile.py", description=__doc__.split("\n\n")[0])
    p.add_argument("layout", choices=[*documents.LAYOUTS, "reconcile"])
    p.add_argument("rows", type=int, nargs="?", default=20000)
    p.add_argument("--profile", action="store_true", help="print the build's costliest functions")
    p.add_argument("--top", type=int, default=40)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        folder = Path(tmp)
        files = (documents.reconcile_files(args.rows, folder / "docs") if args.layout == "reconcile"
                 else documents.layout_files(args.layout, args.rows, folder / "docs"))
        floor = bench.child_floor([str(f) for f in files])["seconds"]
        profiler = cProfile.Profile() if args.profile else None
        cpu = time.process_time()
        if profiler:
            profiler.enable()
        built = bench.child_build(str(folder / "out"), [str(f) for f in files])
        if profiler:
            profiler.disable()
        cpu = time.process_time() - cpu
    print(f"{args.layout} {args.rows} rows: build {built['seconds']:.3f} s ({cpu:.3f} s CPU), floor {floor:.3f} s, "
          f"build / floor {built['seconds'] / floor:.1f}×, exit {built['exit']}", file=sys.stderr)
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
