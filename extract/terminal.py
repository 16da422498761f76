"""The terminal a person reads: colour and a progress bar only where they help, plain text everywhere else.

Colour only when the stream is a terminal and `NO_COLOR` is unset (https://no-color.org); `FORCE_COLOR` forces
it. Piped or captured output is plain and the same bytes as before, so scripts and tests read it as they did.
Every line goes through `printable` first: nothing from a document or a file name reaches the terminal raw.
"""
from __future__ import annotations

import os
import sys
import time

from .text import printable

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan", "ok": "green", "dim": "dim"}
SHOWN_CHARS = 200  # a value longer than this is cut in the terminal, with "…" and how much was left out


def colour(stream) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or (hasattr(stream, "isatty") and stream.isatty())


def say(line: str, err: bool = False, style: str = "") -> None:
    stream = sys.stderr if err else sys.stdout
    line = printable(line)
    if style and colour(stream):
        from rich.console import Console
        from rich.text import Text

        Console(file=stream, highlight=False, soft_wrap=True).print(Text(line, style=STYLES.get(style, style)))
    else:
        print(line, file=stream)


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """The text whole, or its start with "…" and how many characters were left out: never cut silently."""
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}… ({len(text) - limit + 1} more characters)"


class Progress:
    """A progress bar on stderr for a build that runs longer than `delay` seconds, on a terminal only; quiet
    otherwise. `step(stage, done, total)` is what the build calls; it costs nothing when no bar is shown."""

    def __init__(self, delay: float = 1.0):
        self.enabled = hasattr(sys.stderr, "isatty") and sys.stderr.isatty() and not os.environ.get("NO_COLOR")
        self.start, self.delay = time.monotonic(), delay
        self.bar = self.task = None

    def step(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.delay:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeElapsedColumn

            self.bar = Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           transient=True, console=Console(file=sys.stderr))
            self.bar.start()
            self.task = self.bar.add_task(stage, total=total)
        self.bar.update(self.task, description=stage, completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
