"""`python -m tests.fuzz --seconds N` (what `make fuzz` runs): the fuzz properties of tests/test_fuzz.py with
many more examples than `make test` gives them, round after round until N seconds have passed, then what was
found written to bench/fuzz.md: each distinct failure with its minimal example (as hypothesis shrank it) and
how to replay it, or "nothing found in N s, K examples".

A failure is told apart from another by its exception and the place in extract/ that raised it; once found,
it is counted wherever it is met again and no longer stops a round, so fuzzing goes on past it.
"""
from __future__ import annotations

import argparse
import platform
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import hypothesis
from hypothesis import given, settings
from hypothesis.errors import InvalidArgument

from tests.test_fuzz import PROPERTIES, warm_up

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "fuzz.md"
ROUND = 20  # examples per property per round: the time limit is looked at between rounds


@dataclass
class Found:
    prop: str
    kind: str  # `IndexError: list index out of range`
    where: str  # the innermost frame inside extract/: `extract/parsers/delimited.py:81 in parse`
    example: str  # hypothesis' falsifying example
    replay: str  # its @reproduce_failure line, where hypothesis gave one
    times: int = 1


@dataclass
class Tally:
    examples: dict[str, int] = field(default_factory=dict)
    found: dict[tuple, Found] = field(default_factory=dict)


def _where(exc: BaseException) -> str:
    """The last frame of the traceback inside the toolkit (else the last one)."""
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if "/extract/" in f.filename.replace("\\", "/")] or frames[-1:]
    if not inside:
        return "?"
    f = inside[-1]
    path = Path(f.filename)
    try:
        path = path.relative_to(REPO)
    except ValueError:
        pass
    return f"{path}:{f.lineno} in {f.name}"


def _notes(exc: BaseException) -> tuple[str, str]:
    notes = getattr(exc, "__notes__", [])
    example = "\n".join(n for n in notes if not n.startswith(("You can reproduce", "Explanation", "    "))
                        and "reproduce_failure" not in n)
    replay = next((m.group(0) for n in notes if (m := re.search(r"@reproduce_failure\(.*?\)", n))), "")
    return example.strip(), replay


def _record(tally: Tally, name: str, exc: BaseException, say) -> None:
    kind = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
    where = _where(exc)
    key = (name, type(exc).__name__, where)
    if key in tally.found:
        tally.found[key].times += 1
        return
    example, replay = _notes(exc)
    tally.found[key] = Found(name, kind, where, example, replay)
    say(f"found: {name}: {kind} at {where}")


def _counted(prop, name: str, tally: Tally):
    """The property, counting its examples; a failure already found is counted again and let pass, so that
    later rounds look past it for others instead of shrinking it once more."""
    def run(case):
        tally.examples[name] += 1
        try:
            prop(*case)
        except Exception as exc:  # noqa: BLE001
            known = tally.found.get((name, type(exc).__name__, _where(exc)))
            if known is None:
                raise
            known.times += 1
    return run


def fuzz(seconds: float, tally: Tally, say=print) -> None:
    warm_up()  # outside the deadlines: the first parse imports the heavy libraries
    stop = time.monotonic() + seconds
    profile = settings(settings.get_profile("fuzz-long"), max_examples=ROUND)
    while time.monotonic() < stop:
        for name, (prop, strategy) in PROPERTIES.items():
            if time.monotonic() >= stop:
                break
            tally.examples.setdefault(name, 0)
            try:
                settings(profile)(given(strategy)(_counted(prop, name, tally)))()
            except InvalidArgument:  # the harness itself is wrong: no finding, stop
                raise
            except Exception as exc:  # noqa: BLE001 (every failure is a finding, whatever its type)
                # hypothesis raises an ExceptionGroup when one run met several distinct failures
                for one in (exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]):
                    _record(tally, name, one, say)


def report(tally: Tally, seconds: float, elapsed: float) -> str:
    total = sum(tally.examples.values())
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Fuzzing: what `make fuzz` found", "",
             f"`python -m tests.fuzz --seconds {seconds:g}` on {when}: {elapsed:.0f} s, {total} examples "
             f"(hypothesis {hypothesis.__version__}, Python {platform.python_version()}, profile `fuzz-long`, "
             f"{ROUND} examples per property per round). The properties and their inputs are described in "
             "tests/test_fuzz.py; `make test` runs them bounded.", "",
             "| property | examples | distinct failures |", "| --- | ---: | ---: |"]
    for name in PROPERTIES:
        n = sum(1 for f in tally.found.values() if f.prop == name)
        lines.append(f"| {name} | {tally.examples.get(name, 0)} | {n} |")
    lines.append("")
    if not tally.found:
        lines.append(f"Nothing found in {elapsed:.0f} s, {total} examples.")
    for i, f in enumerate(tally.found.values(), 1):
        lines += [f"## {i}. {f.kind[:120]}", "",
                  f"- property: {f.prop} (met {f.times} time{'s' if f.times != 1 else ''})",
                  f"- raised at: `{f.where}`", "- minimal example:", "", "```",
                  (f.example or "(hypothesis gave none)")[:3000], "```", ""]
        prop = PROPERTIES[f.prop][0].__name__
        lines += [f"Replay: `from tests.test_fuzz import {prop}; {prop}(*case)` with the case above"
                  + (f", or `{f.replay}` on a test drawing from the same strategy." if f.replay else "."), ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=300, help="how long to fuzz (default %(default)s)")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write what was found (default bench/fuzz.md)")
    args = ap.parse_args(argv)
    tally = Tally()
    started = time.monotonic()
    fuzz(args.seconds, tally, say=lambda s: print(s, file=sys.stderr, flush=True))
    elapsed = time.monotonic() - started
    text = report(tally, args.seconds, elapsed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    total = sum(tally.examples.values())
    print(f"{len(tally.found)} distinct failures in {elapsed:.0f} s, {total} examples; written to {args.out}")
    return 1 if tally.found else 0


if __name__ == "__main__":
    sys.exit(main())
