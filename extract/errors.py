"""The errors the toolkit reports: bad input always names the file, and the line where there is one."""
from __future__ import annotations

# Where a crash of the toolkit itself is reported (README › Reporting a bug says what to attach).
BUG_REPORT = "README.md › Reporting a bug"


class InputError(Exception):
    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = str(path), " ".join(str(reason).split()), line  # one line, always
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {self.reason}")

    def __reduce__(self):  # crosses from a worker process whole (the default would call __init__ with one argument)
        return _restore, (type(self), self.args, self.__dict__)


class ToolkitBug(InputError):
    """An unexpected exception while reading one source: the toolkit's fault, not the document's. The source
    fails with one line that says so (the others still build); `--debug` prints `trace`, the traceback kept as
    text so it survives the trip back from a worker process."""

    def __init__(self, path: str, doing: str, exc: BaseException, trace: str = ""):
        import traceback

        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        super().__init__(path, f"the toolkit failed {doing} ({detail[:200]}); this is a bug, please report it "
                               f"({BUG_REPORT}; --debug shows the traceback)")
        self.trace = trace or "".join(traceback.format_exception(exc))


def _restore(cls, args, state):
    error = Exception.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error
