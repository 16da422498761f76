"""Reading a source document: bytes in, checked text (or a PDF) out, with a clear error otherwise."""
from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .text import without_controls

PDF_MAGIC = b"%PDF-"


@dataclass
class Document:
    """A source as the parsers see it: its id, its display path, its text split into lines (1-based)."""

    source: str
    path: str  # as shown in locations, relative to the project where possible
    data: bytes
    text: str = ""  # empty for PDFs
    controls: dict[int, list[str]] = field(default_factory=dict)  # line → control characters removed from it
    digest: str = ""  # the sha256 of `data`, computed once (kept when a saved build drops the bytes)
    _lines: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def sha256(self) -> str:
        if not self.digest:
            self.digest = hashlib.sha256(self.data).hexdigest()
        return self.digest

    @property
    def is_pdf(self) -> bool:
        return self.data.startswith(PDF_MAGIC)

    @property
    def lines(self) -> list[str]:
        """The text's lines, split once (a layout's sniff and parse both read them; none changes them)."""
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines


def display_path(path: Path, root: Path | None = None) -> str:
    """How a file is named in locations and messages: relative to the project root (or the working folder),
    so outputs do not depend on where the command was run from."""
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)


def read_regular(path: Path, shown: str, max_bytes: int | None = None, what: str = "document",
                 missing: str = "file not found") -> bytes:
    """The bytes of a regular file, or one line saying why not: a FIFO or a device would block or never end,
    a folder or a name with a NUL byte is no file. Never more than `max_bytes` + 1 bytes are read."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError(shown, missing) from None
    except ValueError:  # a NUL byte in the name
        raise InputError(ascii(str(path))[1:-1], "not a valid file name (it holds a NUL byte)") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise InputError(shown, f"is a directory, not a {what}")
    if not stat.S_ISREG(mode):
        raise InputError(shown, "not a regular file (a pipe, socket or device); give a file")
    try:
        with open(path, "rb") as fh:  # never more than the limit is read, even from a file growing meanwhile
            return fh.read(max_bytes + 1) if max_bytes else fh.read()
    except FileNotFoundError:
        raise InputError(shown, missing) from None
    except IsADirectoryError:
        raise InputError(shown, f"is a directory, not a {what}") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror}") from None


def read_text(path: Path, what: str, shown: str | None = None, missing: str = "file not found") -> str:
    """A small UTF-8 text file the toolkit itself reads (a manifest, decisions, a catalog.json), checked as
    documents are: a regular file, UTF-8, one line naming the file otherwise."""
    shown = shown or str(path)
    data = read_regular(path, shown, what=what, missing=missing)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(shown, f"{what} is not UTF-8 (byte 0x{data[exc.start]:02x})",
                         data[: exc.start].count(b"\n") + 1) from None


def load(path: Path, source: str, root: Path | None = None, max_bytes: int | None = None) -> Document:
    shown = display_path(path, root)
    data = read_regular(path, shown, max_bytes)
    if max_bytes and len(data) > max_bytes:
        raise InputError(shown, f"larger than --max-bytes {max_bytes:,} bytes; raise the limit to read it")
    if not data.strip():
        raise InputError(shown, "empty document")
    if data.startswith(PDF_MAGIC):
        return Document(source, shown, data)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(shown, "UTF-16 text (as spreadsheets save 'Unicode text'); re-save the file as UTF-8")
    if b"\x00" in data[:8192]:
        raise InputError(shown, "binary file, not a text document or PDF")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(shown, f"not UTF-8 (byte 0x{data[exc.start]:02x}); re-save the file as UTF-8", line) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text, controls = without_controls(text)  # reported by the build as a `normalized_value` per document
    return Document(source, shown, data, text, controls)
