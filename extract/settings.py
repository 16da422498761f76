"""Every tuning number of the heuristics, one frozen dataclass per concern (as pdfplumber's `TableSettings`).

A layout receives them through its `Context` (`parse(doc, ctx)`); `Settings()` holds the defaults, and
`dataclasses.replace` makes a variant for a test or a bench. Each knob says what it trades.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TypingSettings:
    """How the typing stage decides which column or part holds which field."""

    # values looked at per column: a column's shape shows in a spread sample; typing every row is waste
    sample: int = 400
    # a header whose column fits its field less than this is doubtful, and its values may overrule it
    doubtful_fit: float = 0.35
    # how much better (per doubtful column) another assignment must fit to overrule a header
    override_gain: float = 0.5
    # a key column is nearly unique and nearly all of its values have a code's shape
    key_distinct: float = 0.9
    key_shape: float = 0.9
    # a column counts as HTTP statuses / symbols / sentences when this share of its values is one
    status_share: float = 0.9
    symbol_share: float = 0.8
    sentence_share: float = 0.6
    # a column that lost a shared header claim takes a free field only when it fits it this well
    claim_fit: float = 0.8
    sibling_fit: float = 0.5
    # a comma list of operations: at most this many characters, items of at most this many words
    list_max_chars: int = 120
    list_item_words: int = 5
    # a label (a title, a section name) has at most this many words
    label_words: int = 8
    # an HTTP status written inside a short text (`Bad Request (400)`) counts when the cell is shorter than this
    status_text_chars: int = 40
    # a block whose key column holds fewer code-shaped values than this share is no error table
    error_table_share: float = 0.6


@dataclass(frozen=True)
class DetectionSettings:
    """How much of a document the sniffers look at."""

    head_lines: int = 200  # the lines a header or a first block is searched for in
    min_rows_after_header: int = 3  # rows that must follow a collapsed header within the next 5 lines


@dataclass(frozen=True)
class SplitSettings:
    """Collapsed rows: where the cells of a row joined by spaces are cut."""

    max_item_words: int = 6  # an operation name in a comma list has at most this many words
    max_header_words: int = 40
    max_phrase_words: int = 4  # a column name in a collapsed header has at most this many words


@dataclass(frozen=True)
class FragmentSettings:
    """Column dumps: how wrapped overflow fragments are placed."""

    # characters at the junction where a reference may disagree with the row's own text (a PDF text layer loses
    # or garbles a few characters where a cell wraps)
    junction_slack: int = 6
    max_preamble: int = 5  # title lines above a dump's first block


@dataclass(frozen=True)
class HtmlSettings:
    caption_max_words: int = 8
    caption_max_distance: int = 3  # lines between a caption line and its table (blank or markup lines only)


@dataclass(frozen=True)
class ProseSettings:
    # a heading that covers a few codes (`Obsolete errors (50-51)`) gives one entry per code; a wider range is
    # a section rather than a few codes, and stays one entry whose code is the range text
    max_expanded_range: int = 16


@dataclass(frozen=True)
class Settings:
    typing: TypingSettings = field(default_factory=TypingSettings)
    detection: DetectionSettings = field(default_factory=DetectionSettings)
    split: SplitSettings = field(default_factory=SplitSettings)
    fragments: FragmentSettings = field(default_factory=FragmentSettings)
    html: HtmlSettings = field(default_factory=HtmlSettings)
    prose: ProseSettings = field(default_factory=ProseSettings)


DEFAULT = Settings()
