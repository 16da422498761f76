"""The one data model that flows from parser to report.

A parser turns a document into `Record`s whose every field is a `Cell` (value + where it came from).
The reconciler groups records into `Entry`s and emits `Conflict`s; the writers serialise all three.
"""
from __future__ import annotations

import functools
import gc
import hashlib
from collections import Counter
from dataclasses import dataclass, field as _field, fields, replace
from typing import Any

from . import kinds

# The entry fields of the contract, in output order. `code` is text; `http_status` an int or None;
# `operations` a list of str; the others str.
FIELDS = ("code", "name", "http_status", "message", "description", "operations", "category")

# Work done by the stages that must stay linear (characters sniffed, texts compared, fragment placements tried),
# counted so a test can guard how it grows with the input; never timings. `WORK.clear()` before a measured run.
WORK: Counter = Counter()


def gc_paused(stage):
    """A stage run with the cyclic garbage collector paused. A stage that makes a hundred thousand small
    objects (entries, conflicts, JSON items) would otherwise have the collector walk every record already
    parsed, again and again: a quarter of a large build's time. What a stage makes holds no reference cycles;
    the collector runs as before once the stage returns."""
    @functools.wraps(stage)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return stage(*args, **kwargs)
        gc.disable()
        try:
            return stage(*args, **kwargs)
        finally:
            gc.enable()
    return run


def line_runs(lines) -> str:
    """`4`, `4-6`, or `247-248,339` for lines that are not one run (a cell joined with a fragment)."""
    if len(lines) == 1 and isinstance(lines, (tuple, list)):  # most cells stand on one line: nothing to sort
        return str(lines[0])
    runs: list[list[int]] = []
    for n in sorted(set(lines)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a value came from: a source, its file (relative to the project) and lines or a page."""

    source: str
    path: str
    lines: tuple[int, ...] = ()
    page: int | None = None

    def __str__(self) -> str:
        if self.page is not None:
            where = f"page {self.page}"
            if self.lines:
                where += f" line {self.lines[0]}"
            return f"{self.path}:{where}"
        if not self.lines:
            return self.path
        return f"{self.path}:{line_runs(self.lines)}"

    # Pickled as a plain tuple: the slotted dataclass's own pickling calls fields() per object, which made saving
    # a build's millions of cells and locations the slowest step of a warm rebuild.
    def __reduce__(self):
        return Loc, (self.source, self.path, self.lines, self.page)

    def merged(self, other: "Loc") -> "Loc":
        return Loc(self.source, self.path, tuple(sorted(set(self.lines) | set(other.lines))), self.page)

    def to_json(self) -> dict:
        out: dict[str, Any] = {"source": self.source, "location": str(self)}
        if self.lines:
            out["lines"] = [self.lines[0]] if len(self.lines) == 1 else sorted(set(self.lines))
        if self.page is not None:
            out["page"] = self.page
        return out


@dataclass(slots=True)
class Cell:
    """One field's value, the raw text it was read from, and where."""

    value: Any
    raw: str
    loc: Loc

    def __reduce__(self):  # as Loc's
        return Cell, (self.value, self.raw, self.loc)


@dataclass(slots=True)
class Record:
    """One row of one source: the fields it gives, each with provenance."""

    source: str
    catalog: str
    cells: dict[str, Cell]
    loc: Loc
    order: int = 0  # position among the source's records

    def __reduce__(self):  # as Loc's
        return Record, (self.source, self.catalog, self.cells, self.loc, self.order)

    def get(self, name: str, default: Any = None) -> Any:
        cell = self.cells.get(name)
        return default if cell is None else cell.value

    @property
    def code(self) -> str:
        return self.get("code", "")


@dataclass
class Note:
    """A catalog fact that is not an entry: a footnote, a preamble sentence, a range definition."""

    kind: str  # footnote | preamble | range | caption
    text: str
    loc: Loc
    marker: str = ""  # footnote marker (`*`, `†`) or range label
    refs: list[str] = _field(default_factory=list)  # what the note explains (operations carrying a marker)

    def to_json(self) -> dict:
        out = {"kind": self.kind, "text": self.text, **self.loc.to_json()}
        if self.marker:
            out["marker"] = self.marker
        if self.refs:
            out["refers_to"] = self.refs
        return out


@dataclass
class Range:
    """A declared code range that names a category (`200-399. An argument is invalid.`)."""

    lo: int | None  # None: no lower bound (`<= 4999`)
    hi: int | None  # None: open-ended (`500+`, `>= 9000`)
    label: str
    loc: Loc

    @property
    def low(self) -> float:
        return float("-inf") if self.lo is None else self.lo

    @property
    def high(self) -> float:
        return float("inf") if self.hi is None else self.hi

    def contains(self, code: int) -> bool:
        return self.low <= code <= self.high

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def text(self) -> str:
        if self.lo is None:
            return f"<= {self.hi}"
        if self.hi is None:
            return f"{self.lo}+"
        return str(self.lo) if self.lo == self.hi else f"{self.lo}-{self.hi}"


@dataclass(frozen=True)
class ConflictValue:
    """One competing value of a conflict: which source gives it, the value, and where (`path:LINE`).
    `code`: the entry it belongs to, where one conflict spans several codes (a name used at two codes)."""

    source: str
    value: Any
    location: str
    code: str | None = None

    @classmethod
    def of(cls, item: "ConflictValue | dict") -> "ConflictValue":
        """A value from its dict form (`{"source", "value", "location"[, "code"]}`), as older code builds it."""
        if isinstance(item, cls):
            return item
        if not isinstance(item, dict):
            raise TypeError(f"a conflict value is a ConflictValue or a dict, not {type(item).__name__}")
        unknown = set(item) - {"source", "value", "location", "code"}
        if unknown:
            raise TypeError(f"a conflict value has no field {', '.join(sorted(unknown))}")
        return cls(item.get("source", ""), item.get("value"), item.get("location", ""), item.get("code"))

    def with_code(self, code: str) -> "ConflictValue":
        return replace(self, code=code)

    def to_json(self) -> dict:
        out = {"source": self.source, "value": self.value, "location": self.location}
        if self.code is not None:
            out["code"] = self.code
        return out

    # Read access by key, for code written against the dict form (`v["value"]`, `v.get("code")`).
    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.to_json().get(key, default)

    def __or__(self, other: dict) -> "ConflictValue":
        return ConflictValue.of({**self.to_json(), **other})


RESOLUTION_STATUSES = ("open", "auto", "manual")


@dataclass(frozen=True)
class Resolution:
    """How a conflict stands: `open` (a reviewer has to decide), `auto` (the toolkit chose `value` by `rule`) or
    `manual` (a reviewer's decision from resolutions.toml: `rule` is the decision, `note` its reason).
    `stale_decision`: the note of a decision that no longer applies because the competing values changed."""

    status: str = "open"
    value: Any = None
    rule: str = ""
    note: str | None = None
    stale_decision: str | None = None

    def __post_init__(self):
        if self.status not in RESOLUTION_STATUSES:
            raise ValueError(f"resolution status {self.status!r} is not one of {', '.join(RESOLUTION_STATUSES)}")

    @classmethod
    def auto(cls, value: Any, rule: str) -> "Resolution":
        return cls("auto", value, rule)

    @classmethod
    def of(cls, item: "Resolution | dict | None") -> "Resolution":
        """A resolution from its dict form (`{"status", "value", "rule"}`), as older code builds it."""
        if item is None:
            return cls()
        if isinstance(item, cls):
            return item
        if not isinstance(item, dict):
            raise TypeError(f"a resolution is a Resolution or a dict, not {type(item).__name__}")
        unknown = set(item) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"a resolution has no field {', '.join(sorted(unknown))}")
        return cls(**item)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def to_json(self) -> dict:
        out = {"status": self.status, "value": self.value, "rule": self.rule}
        if self.note is not None:
            out["note"] = self.note
        if self.stale_decision is not None:
            out["stale_decision"] = self.stale_decision
        return out

    # Read access by key, for code written against the dict form (`c.resolution["status"]`).
    def __getitem__(self, key: str) -> Any:
        return self.to_json()[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.to_json().get(key, default)


@dataclass
class Conflict:
    """A disagreement, gap or automatic choice a reviewer should be able to see.

    `kind` must be registered in `extract.kinds` (an unknown one raises); `severity` defaults to the kind's,
    and `message` to the kind's main template where that needs only the conflict's own fields. `values` and
    `resolution` may be given in their dict forms; they are stored as `ConflictValue`s and a `Resolution`."""

    kind: str
    catalog: str
    severity: str = ""  # info | warning | error; "" takes the kind's default
    message: str = ""
    code: str | None = None
    variant: int | None = None
    field: str | None = None
    values: list[ConflictValue] = _field(default_factory=list)
    resolution: Resolution = _field(default_factory=Resolution)
    # What makes this conflict itself, independent of line numbers, so its id survives doc edits.
    key: tuple = ()
    id: str = ""

    def __post_init__(self):
        kind = kinds.get(self.kind)
        if not self.severity:
            self.severity = kind.severity
        elif self.severity not in kinds.SEVERITIES:
            raise ValueError(f"{self.kind}: severity {self.severity!r} is not one of {', '.join(kinds.SEVERITIES)}")
        if not self.message:
            try:
                self.message = kind.message(code=self.code, field=self.field, catalog=self.catalog)
            except (KeyError, IndexError):
                raise ValueError(f"a {self.kind} conflict needs a message") from None

    def __setattr__(self, name: str, value: Any) -> None:
        # Coerced on every assignment, so a dict given now or assigned later is stored typed.
        if name == "values":
            value = [ConflictValue.of(v) for v in value]
        elif name == "resolution":
            value = Resolution.of(value)
        object.__setattr__(self, name, value)

    def assign_id(self) -> None:
        material = "\x1f".join(str(p) for p in (self.kind, self.catalog, self.code, self.field, *self.key))
        digest = hashlib.sha256(material.encode()).hexdigest()[:10]
        self.id = f"{self.kind}:{self.catalog}:{self.code if self.code is not None else '-'}:{digest}"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "catalog": self.catalog,
            "code": self.code,
            "variant": self.variant,
            "kind": self.kind,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
            "values": [ConflictValue.of(v).to_json() for v in self.values],  # items appended as dicts too
            "resolution": self.resolution.to_json(),
        }


def conflict_value(cell_or_loc: Cell | Loc, value: Any = None) -> ConflictValue:
    """A `values` item of a conflict from a cell (or a location and a value)."""
    if isinstance(cell_or_loc, Cell):
        loc, value = cell_or_loc.loc, cell_or_loc.value
    else:
        loc = cell_or_loc
    return ConflictValue(loc.source, value, str(loc))


def unparsed(catalog: str, where: Loc, text: str, why: str, severity: str = "warning") -> Conflict:
    """Input text that went into no record or note: kept in the report, never dropped silently."""
    text = " ".join(text.split())
    return Conflict(kind="unparsed_text", catalog=catalog, severity=severity, message=why,
                    values=[conflict_value(where, text)], key=(where.source, text))


@dataclass
class Layout:
    """Lines a parser consumed as document structure (table headers, separators, attribute lines)."""

    role: str
    loc: Loc

    def to_json(self) -> dict:
        return {"role": self.role, **self.loc.to_json()}


@dataclass
class Parsed:
    """Everything one parser got from one document."""

    source: str
    catalog: str
    format: str
    records: list[Record] = _field(default_factory=list)
    notes: list[Note] = _field(default_factory=list)
    ranges: list[Range] = _field(default_factory=list)
    layout: list[Layout] = _field(default_factory=list)
    conflicts: list[Conflict] = _field(default_factory=list)  # what the document alone shows

    def facts(self, warnings: tuple[str, ...] = ()) -> "SourceFacts":
        blank = sum(1 for r in self.records for c in r.cells.values() if c.value in (None, "", []))
        return SourceFacts(self.source, self.catalog, self.format, len(self.records), blank,
                           tuple(item.to_json() for item in self.layout), warnings)


@dataclass(frozen=True)
class SourceFacts:
    """What the summaries and reports say of a parsed source, kept without its records: a rebuild that reuses
    a catalog's saved result never reads its sources' records again."""

    source: str
    catalog: str
    format: str
    records: int
    blank_cells: int
    layout: tuple[dict, ...]  # its `Layout` items as catalog.json writes them
    warnings: tuple[str, ...] = ()  # what the build says of it (nothing found, and why)


@dataclass(slots=True)
class Entry:
    """One canonical (catalog, code, variant) with each field's chosen cell and the records behind it."""

    catalog: str
    code: str
    variant: int
    cells: dict[str, Cell]
    records: list[Record]

    def __reduce__(self):  # as Loc's
        return Entry, (self.catalog, self.code, self.variant, self.cells, self.records)

    def get(self, name: str, default: Any = None) -> Any:
        cell = self.cells.get(name)
        return default if cell is None else cell.value

    @property
    def sources(self) -> list[str]:
        return sorted({r.source for r in self.records})


@dataclass
class Hints:
    """What the other sources of a catalog say, as evidence for layouts that cannot split their own text for
    sure. Keyed by code; each item is one record's field values."""

    by_code: dict[str, list[dict[str, Any]]] = _field(default_factory=dict)

    @classmethod
    def from_records(cls, records: list[Record]) -> "Hints":
        hints = cls()
        for r in records:
            hints.by_code.setdefault(r.code, []).append({k: c.value for k, c in r.cells.items()})
        return hints

    def values(self, code: str, name: str) -> list[Any]:
        return [v[name] for v in self.by_code.get(code, []) if v.get(name) not in (None, "", [])]

    def all_values(self, name: str) -> list[Any]:
        return [v[name] for items in self.by_code.values() for v in items if v.get(name) not in (None, "", [])]
