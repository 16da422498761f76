"""The one error the toolkit raises for bad input: it always names the file, and the line where there is one."""
from __future__ import annotations


class InputError(Exception):
    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = str(path), reason, line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")
