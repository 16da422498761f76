"""The registry of conflict kinds: what each kind means, how severe it is by default, and the messages it says.

Modelled on frictionless-py's errors: every kind is one typed description (name, title, description, default
severity, message templates), listable and filterable, and everything that talks about kinds — the README's
table, the report, `python -m extract kinds`, the `Conflict` constructor — reads it from here. A conflict of a
kind that is not registered cannot be made, so no kind is invented silently.

    >>> get("truncated_value").severity
    'warning'
    >>> [k.name for k in with_severity("error")]
    ['missing_value', 'duplicate_code', 'value_mismatch', 'invalid_value', 'block_length_mismatch']
    >>> get("missing_in_source").message(code="219", present="a, b", absent="c")
    'Code 219 is listed by a, b but not by c.'
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

SEVERITIES = ("error", "warning", "info")  # most severe first
STAGES = ("layout", "reconcile", "check")  # where a kind is found: reading one document, joining sources, the catalog


class UnknownKind(ValueError):
    """A conflict kind the registry does not hold."""

    def __init__(self, name: object):
        super().__init__(f"unknown conflict kind {name!r}; registered kinds: {', '.join(NAMES)} "
                         "(add a new kind to extract/kinds.py)")
        self.name = name


@dataclass(frozen=True)
class Kind:
    """One kind of conflict.

    `severities`: every severity the kind is emitted with, its default first (a conflict made without a
    severity takes the default); `severity_rule` says when each other one applies. `templates`: the messages
    of the kind where they are formulaic, `str.format` templates keyed by form (`""` the main one); a kind whose
    message is free text (the reason a line was not parsed) has none. `compared`: the values are competing
    versions of one text (the HTML report highlights their differences). `per_source`: the column of the
    report's Sources table that counts this kind per source."""

    name: str
    title: str
    description: str
    stage: str
    severities: tuple[str, ...]
    severity_rule: str = ""
    templates: Mapping[str, str] = field(default_factory=dict)
    compared: bool = False
    per_source: str = ""

    def __post_init__(self):
        if not self.severities or any(s not in SEVERITIES for s in self.severities):
            raise ValueError(f"{self.name}: severities must be some of {SEVERITIES}")
        if self.stage not in STAGES:
            raise ValueError(f"{self.name}: stage must be one of {STAGES}")
        object.__setattr__(self, "templates", MappingProxyType(dict(self.templates)))

    @property
    def severity(self) -> str:
        """The default severity."""
        return self.severities[0]

    @property
    def template(self) -> str:
        """The main message template ("" where the message is free text)."""
        return self.templates.get("", "")

    def message(self, form: str = "", **params) -> str:
        """The message of one conflict: the template of `form` filled with `params`."""
        try:
            template = self.templates[form]
        except KeyError:
            raise KeyError(f"{self.name} has no message form {form!r} (forms: {', '.join(map(repr, self.templates))})") from None
        return template.format(**params)

    def matches(self, message: str) -> bool:
        """Whether a message is one of this kind's templates filled in (a kind without templates takes any)."""
        return not self.templates or any(_pattern(t).fullmatch(message) for t in self.templates.values())


def _pattern(template: str) -> re.Pattern:
    parts = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(".*?")
    return re.compile("".join(parts), re.DOTALL)


ALL: tuple[Kind, ...] = (
    Kind(
        "missing_value", "Missing value",
        "a blank cell in a column that is mostly filled; filled from another source when one has it "
        "(`auto`, `fill-blank-from-other-source`); a row without a code is kept here too",
        "reconcile", ("warning", "error", "info"),
        "error for a status no source fills, info when filled",
        {"": "No source gives {what} for code {code}.",
         "filled": "{blank} {verb} the {what} of code {code} blank; {source} gives {value!r}.",
         "no code": "A row has no code, so it cannot become an entry; its text is kept here."},
    ),
    Kind(
        "duplicate_code", "Duplicate code",
        "one code listed more than once in a catalog; every listing is kept as a variant",
        "check", ("warning", "error", "info"),
        "error when the rows mean different things, info for names sharing a code",
        {"": "Code {code} is listed {count} times {how}; kept as variants 1-{count}."},
    ),
    Kind(
        "value_mismatch", "Value mismatch",
        "sources disagree on a field; the message says when only case, punctuation or whitespace differ "
        "(then `auto`, `cosmetic-take-priority`)",
        "reconcile", ("warning", "error", "info"),
        "error for status, message and name; info when cosmetic",
        {"": "Sources disagree on the {what} of code {code}; {source} (highest priority) is used until a reviewer "
             "decides.",
         "cosmetic": "Sources differ on the {what} of code {code} only in case, punctuation or whitespace."},
        compared=True,
    ),
    Kind(
        "truncated_value", "Truncated value",
        "one source's text is a cut-off prefix of another's; the full text is kept (`auto`, `keep-untruncated`)",
        "reconcile", ("warning",), "",
        {"": "The {field} of code {code} in {cut} is a cut-off prefix of the text in {full}; the full text is kept."},
        compared=True,
    ),
    Kind(
        "missing_in_source", "Missing in source",
        "a code one source of the catalog lacks and another has",
        "reconcile", ("info",), "",
        {"": "Code {code} is listed by {present} but not by {absent}."},
    ),
    Kind(
        "header_mismatch", "Header mismatch",
        "a header that its column's values contradict; the column is read by its values "
        "(`auto`, `columns-typed-by-values`)",
        "layout", ("warning", "info"),
        "info when the header is merely unusual",
        {"": "Column {column} is headed '{header}' but its values are {what}; read as {read_as}.",
         "unusual": "Column {column} is headed '{header}'; its values read as {what}.",
         "none": "Column {column} has no header; its values read as {what}.",
         "collapsed": "The header names '{header}' where the rows hold {what}; the rows are split in the order "
                      "{order}."},
    ),
    Kind(
        "duplicate_name", "Duplicate name",
        "one symbolic name at several codes",
        "check", ("warning",), "",
        {"": "The name {name} is used for codes {codes}."},
    ),
    Kind(
        "duplicate_text", "Duplicate text",
        "(nearly) the same description at unrelated codes; texts from one template that differ in the words "
        "naming their own entry are not copies",
        "check", ("warning", "info"), "info where a group of texts was too large to compare pair by pair",
        {"": "Codes {code_a} and {code_b} have {same} description; one was probably copied.",
         "capped": "In {groups} groups of more than {cap} descriptions that share their first or last {words} "
                   "words (the largest: {size} that {where} with '{words_text}'), each text was compared for "
                   "copies only with the next in sorted order, not with every other."},
        compared=True,
    ),
    Kind(
        "overlapping_ranges", "Overlapping ranges",
        "category ranges that partly overlap; the narrower wins (`auto`, `narrowest-range-wins`)",
        "check", ("warning",), "",
        {"": "Ranges {a} ({a_label}) and {b} ({b_label}) partly overlap; codes in both ({codes}) take {wins} "
             "({wins_label}), {why}."},
    ),
    Kind(
        "out_of_range", "Out of range",
        "a code outside every declared category range",
        "check", ("warning",), "",
        {"": "Code {code} lies outside every declared range."},
    ),
    Kind(
        "invalid_value", "Invalid value",
        "a status cell that names no HTTP status (a placeholder such as `—` or `N/A` is a blank, not an "
        "invalid value): the status is lost",
        "layout", ("error",), "",
        {"": "{text!r} is not an HTTP status."},
    ),
    Kind(
        "joined_fragment", "Joined fragment",
        "a wrapped fragment joined to a row's text, with the evidence for the join (`auto`)",
        "layout", ("info", "warning"),
        "warning when only another source shows where it belongs",
        {"": "The loose fragment {text!r} was joined to the {field} of code {code}: {evidence}.",
         # a line of a PDF table without ruling lines joined to the row whose key cell starts it
         "by position": "A wrapped line of an unruled table was joined to a row by its position alone ({rule})."},
        per_source="joined fragments",
    ),
    Kind(
        "orphan_fragment", "Orphan fragment",
        "a wrapped fragment that could not be attached with certainty; kept unplaced with its candidate rows",
        "layout", ("warning",), "",
        {"": "The loose fragment {text!r} could not be placed for sure; candidate rows: {candidates}.",
         "unmatched": "The loose fragment {text!r} matches no row's text; kept here."},
        per_source="orphan fragments",
    ),
    Kind(
        "uncertain_split", "Uncertain split",
        "a collapsed row cut by the document's regularities alone (`auto`, `split-by-document-regularities`)",
        "layout", ("info", "warning"),
        "warning when no split fits and the text is kept whole",
        {"": "The collapsed row of code {code} was split as [{split}] by the document's own regularities; no other "
             "source confirms it{alternatives}",
         "unsplit": "The text of code {code} could not be split into {fields}; it is kept whole as the {last}."},
        per_source="uncertain splits",
    ),
    Kind(
        "block_length_mismatch", "Block length mismatch",
        "a column-dump block with more or fewer values than rows",
        "layout", ("error",), "",
        {"": "The '{heading}' block has {count} values for {rows} rows; they are matched by position up to the "
             "shorter length and the rest is reported."},
    ),
    Kind(
        "normalized_value", "Normalized value",
        "a fix applied to a value: whitespace inside a code span, a code list or range expanded into one entry "
        "per code, one name written in different naming styles by different sources, control characters and "
        "terminal escapes removed from a document (`auto`)",
        "layout", ("info",), "",
        {"code span": "Whitespace inside the code span {text!r} was removed.",
         "code list": "The code cell {text!r} lists {count} codes; each became an entry of its own.",
         "code range": "The entry is headed by the code range {text}; it became one entry per code ({codes}).",
         "name style": "Sources write the name of code {code} in different naming styles ({names}); it is one "
                       "name, not a disagreement, and the catalog uses {chosen}.",
         "control characters": "{count} control characters or terminal escapes ({chars}) were removed from "
                               "{lines}; no document means them as text."},
    ),
    Kind(
        "unparsed_text", "Unparsed text",
        "input text that went into no record or note: nothing is dropped silently; the message says why",
        "layout", ("warning", "info"),
        "info around a table",
        per_source="unparsed lines",
    ),
)

BY_NAME: Mapping[str, Kind] = MappingProxyType({k.name: k for k in ALL})
NAMES: tuple[str, ...] = tuple(BY_NAME)


def get(name: str) -> Kind:
    """The registered kind of that name; `UnknownKind` (a ValueError) for any other."""
    try:
        return BY_NAME[name]
    except (KeyError, TypeError):
        raise UnknownKind(name) from None


def with_severity(severity: str, default_only: bool = False) -> list[Kind]:
    """The kinds that can be emitted with `severity` (with `default_only`, whose default it is)."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}; one of {', '.join(SEVERITIES)}")
    return [k for k in ALL if (k.severity == severity if default_only else severity in k.severities)]


def at_stage(stage: str) -> list[Kind]:
    """The kinds found at one stage: reading a document, reconciling its sources, checking the catalog."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; one of {', '.join(STAGES)}")
    return [k for k in ALL if k.stage == stage]


def markdown_table(selected: list[Kind] | tuple[Kind, ...] = ALL) -> str:
    """The README's table of conflict kinds (what `python -m extract kinds` prints)."""
    rows = ["| kind | severity | when |", "| --- | --- | --- |"]
    for k in selected:
        severity = k.severity + (f" ({k.severity_rule})" if k.severity_rule else "")
        rows.append(f"| `{k.name}` | {severity} | {k.description} |")
    return "\n".join(rows) + "\n"
