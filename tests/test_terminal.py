"""What the terminal shows (extract/terminal.py): colour only on a terminal and never with NO_COLOR, values cut
only with "…" and the count left out, a progress bar only where a person watches a long build."""
from __future__ import annotations

import io
import sys

from extract import terminal


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert terminal.colour(Tty()) and not terminal.colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not terminal.colour(Tty())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert terminal.colour(io.StringIO())


def test_piped_output_is_plain_and_escapes_are_shown_not_run(monkeypatch, capsys):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    terminal.say("ERROR   x \x1b[2J", style="error")
    assert capsys.readouterr().out == "ERROR   x \\x1b[2J\n"


def test_a_terminal_gets_the_style_and_still_no_raw_escape_from_the_text(monkeypatch):
    out = Tty()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal.say("ERROR   x \x1b]0;title\x07", style="error")
    text = out.getvalue()
    assert "\x1b[" in text  # rich's own colour codes
    assert "\x1b]0;" not in text and "\\x1b]0;title\\x07" in text


def test_values_are_cut_only_with_an_ellipsis_and_what_was_left_out():
    assert terminal.shorten("a" * 200) == "a" * 200
    cut = terminal.shorten("a" * 250)
    assert cut == "a" * 199 + "… (51 more characters)"


def test_no_progress_bar_where_no_one_watches(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    progress = terminal.Progress(delay=0)
    progress.step("parsing sources", 1, 2)
    progress.close()
    assert progress.bar is None and sys.stderr.getvalue() == ""


def test_a_progress_bar_on_a_terminal_after_the_delay(monkeypatch):
    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.delenv("NO_COLOR", raising=False)
    quick = terminal.Progress(delay=60)
    quick.step("parsing sources", 1, 2)
    assert quick.bar is None  # a build under the delay shows nothing
    slow = terminal.Progress(delay=0)
    slow.step("parsing sources", 1, 2)
    slow.close()
    assert slow.bar is not None
