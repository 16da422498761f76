"""Every tuning number of the heuristics, one frozen dataclass per concern (as pdfplumber's `TableSettings`).

A layout receives them through its `Context` (`parse(doc, ctx)`); `Settings()` holds the defaults, and
`dataclasses.replace` makes a variant for a test or a bench. Each knob says what it trades.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ShapeWeights:
    """How much each shape of a column's values counts as evidence for a field (`columns.shape_scores`, 0..1):
    the share of values with the shape, times its weight."""

    row_number: float = 0.5  # a column of numbers may be a running row number
    code_list: float = 0.9  # cells listing codes (`401, 403`, `500–599`)
    bare_hex: float = 0.8  # hex digits without `0x`
    identifier_as_code: float = 0.7  # an identifier column may be a symbolic key
    identifier_as_name: float = 0.9
    number_as_name: float = 0.2  # identifiers that are mostly numbers are no names
    unique_labels_as_list: float = 0.5  # distinct one-item "lists" are as much labels as operations
    list_mean_words: float = 6  # lists of operations (and short descriptions) average at most this many words
    long_list: float = 0.3
    message_mean_words: float = 25  # messages average at most this many words
    long_message: float = 0.6
    label_as_message: float = 0.5  # a short label is a weak message: it never contradicts a header
    short_description: float = 0.5
    label_as_category: float = 0.8
    # lower-case phrases (`no such element`) are codes only where a header says so: enough to keep its claim,
    # never enough to make a column the key by its values alone
    phrase_as_code: float = 0.5


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
    weights: ShapeWeights = field(default_factory=ShapeWeights)
    # A table is a table of references (a note) when at least this share of its keys, and at least
    # `reference_min_keys` of them, are names or codes another table of the document defines (and every other
    # key is a name, not a code): "nearly all", leaving room for a symbol the document uses without defining it
    reference_share: float = 0.6
    reference_min_keys: int = 2
    # a column with at least this share of data types (`string`, `int32`) makes the table a schema, not errors
    schema_type_share: float = 0.6
    # a column filled in at most this share of rows, its blanks under a filled cell, is a value carried down
    # (the group of the rows below it), never a key: a key is filled in every row
    carried_fill: float = 0.75
    # ... when a column beside it is filled in at least this share of rows with this share of code-like words
    key_fill: float = 0.9
    key_words_share: float = 0.6
    # a column of row ids (`code-1`, `code-2`, … or 1, 2, …) counts as row numbers when this share of them
    # is a prefix and the row's position
    row_id_share: float = 0.9


@dataclass(frozen=True)
class DetectionSettings:
    """How much of a document the sniffers look at."""

    head_lines: int = 200  # the lines a header or a first block is searched for in
    min_rows_after_header: int = 3  # rows that must follow a collapsed header within the next 5 lines
    head_chars: int = 4000  # the characters a key near the top (`openapi:`, `swagger:`) is looked for in
    max_depth: int = 64  # nested structures (JSON, YAML, OpenAPI schemas) are read no deeper than this
    max_yaml_nodes: int = 1_000_000  # values a YAML document may hold with its aliases expanded
    max_colspan: int = 1000  # a colspan wider than this is a typo, not a table a thousand columns wide
    # a document whose lines take turns starting with a code and with text more often than this share of line
    # pairs holds entries (code, then text), never a column dump
    max_turn_share: float = 0.6
    # Detection reads the head of a document, this many characters (whole lines), not all of it: a layout shows
    # in its first tables and lines, and a sniff over a 100 MB export would cost as much as parsing it. A head in
    # which no layout is recognised is not the last word: then the whole document is sniffed. (Layouts that must
    # parse the whole document to say anything, JSON, YAML, OpenAPI and column dumps, always see all of it.)
    sniff_chars: int = 65_536


@dataclass(frozen=True)
class SplitSettings:
    """Collapsed rows: where the cells of a row joined by spaces are cut."""

    max_item_words: int = 6  # an operation name in a comma list has at most this many words
    max_header_words: int = 40
    max_phrase_words: int = 4  # a column name in a collapsed header has at most this many words
    # Bounds that keep the split search linear in a row's words: a cell that is not the row's last may end at
    # one of at most this many candidate cuts after its start, and a comma list spans at most this many words.
    max_cell_cuts: int = 24
    max_list_words: int = 40
    # A line of more words than this is no table row: it is reported as unparsed text, never searched for cuts
    # (the search reads every such line once per candidate order, so a 100,000-word line would hold the build)
    max_row_words: int = 1000
    # candidate column orders tried (the header's, the header's with two columns swapped, or, with no header,
    # orders of the fields the rows show), each judged on about this many rows spread over the table's head
    # (every n // this-th row: fewer than twice this many, whatever the table's length)
    max_orders: int = 160
    order_sample_rows: int = 40
    # The orders are judged best-looking first (by how they read this many sample rows), so that the best
    # order is found early and the others are dropped as soon as they cannot beat it (`collapsed.choose_order`)
    order_preview_rows: int = 3
    # how much a blank cell costs against a filled one; a message of several sentences pays per extra sentence
    blank_cost: float = 3.0
    extra_sentence_cost: float = 0.5
    # how much a text's length, against its column's mean length, decides between two text columns
    length_weight: float = 2.0
    # weight of the whole-column fit (`columns.shape_scores`) per row when orders are compared
    column_fit_weight: float = 2.0
    # a split is reported as uncertain when the next best is less than this far behind, or when a lone text
    # (the other text cell blank) fits the message and the description lengths within this much of each other
    uncertain_margin: float = 2.0
    lone_text_margin: float = 0.5
    # a text column whose first-pass cells end a sentence at least this often takes no cell that ends on a
    # comma (`Set password,` is an item of the operations list, no description)
    comma_end_share: float = 0.6
    # A row's text told into message and description by the table's regularities (`collapsed.settle_texts`):
    # a blank text cell costs this much, a sentence the table repeats only after another (a stock tail such as
    # `Contact support.`) costs this much where it would start a cell
    lone_text_blank_cost: float = 3.0
    tail_start_cost: float = 3.0
    # how much a sentence the table repeats votes for the text column it was mostly seen in
    sentence_evidence_weight: float = 4.0
    # an order other than the header's must read the sample this much better per row to overrule it
    order_override_gain: float = 0.5
    # With no header, the rows' texts are one column (not a message and a description) where at least this
    # share of rows has two sentences and their first sentences are, in words, at least this share of the
    # second ones (a message column is clearly shorter than what follows it)
    one_text_rows: float = 0.5
    message_length_ratio: float = 0.8
    # how sure detection is of a scrape with no header line (below every layout that recognised a header)
    headerless_confidence: float = 0.3


@dataclass(frozen=True)
class FragmentSettings:
    """Column dumps: how wrapped overflow fragments are placed."""

    # characters at the junction where a reference may disagree with the row's own text (a PDF text layer loses
    # or garbles a few characters where a cell wraps)
    junction_slack: int = 6
    max_preamble: int = 5  # title lines above a dump's first block
    heading_words: int = 4  # a block heading (a column name) has at most this many words
    # a block heading is believed only once the block before it holds this share of a column (a value such as
    # "All data operations*" may look like a heading); a block of no heading ends the dump's values where fewer
    # than this share of a column is left, and its values end where this share start in lower case
    min_block_share: float = 0.5
    fragment_lower_share: float = 0.3
    # a block with fewer values than rows (blank cells are not written) is aligned with its rows by the words
    # each value shares with the rest of its row; a value is placed only when every alignment within this
    # much of the best puts it on one row. Past this many blank cells the block is matched by position and
    # reported (the alignment costs rows × (blank cells + 1)).
    align_margin: float = 0.05
    max_align_skips: int = 64
    # Fragments placed by their order (they come in the order of the cells left open): a cell that ends a
    # sentence may still have been cut there when it is as long as the cells seen cut, within this many
    # characters; at most this many such cells per document (the search costs cells × (this + 1)).
    cut_length_slack: int = 8
    max_closed_cuts: int = 32
    # an open cell continued by a fragment that starts a sentence costs this much; two placements closer than
    # `order_margin` leave the fragment unplaced
    capital_after_open_cost: float = 1.0
    order_margin: float = 0.2


@dataclass(frozen=True)
class HtmlSettings:
    """How HTML tables are read (extract/parsers/html*.py)."""

    # a caption (a `<caption>`, a short line right above a table, a title row across it) names the rows'
    # category when it is a label of at most this many words without closing punctuation; else it is a note
    caption_max_words: int = 8
    caption_max_distance: int = 3  # lines between a caption line and its table (blank or markup lines only)
    # the header is looked for in this many rows at the top of a table (title rows above it, cells th or td)
    header_search_rows: int = 3
    # past libxml2's last line (65,535) source tags are matched to elements by name among this many tags
    # ahead; a tag the parser dropped or implied costs no more than this look-ahead
    line_match_window: int = 256


@dataclass(frozen=True)
class ProseSettings:
    # a heading that covers a few codes (`Obsolete errors (50-51)`) gives one entry per code; a wider range is
    # a section rather than a few codes, and stays one entry whose code is the range text
    max_expanded_range: int = 16
    # a block of items is a list of errors when at least this share of its heads holds a code of one family
    key_share: float = 0.5
    # a head's title (`404 Not Found - text`) is at most this many words; a block writes its heads as
    # `code Title - text` when this share of them split so
    title_words: int = 8
    title_share: float = 0.6
    # the heads a layout reads to sniff a document (a bounded sample)
    sniff_lines: int = 4000
    # a later block whose codes were nearly all listed before by items of another kind (example headings after
    # a list of rules, an index) repeats them: it gives no entries
    repeat_share: float = 0.8
    # RFC-style plain text: a document is paginated when it has at least this many page footers (`[Page 39]`)
    rfc_min_pages: int = 1
    # a line under a page header is the running title when it is repeated on at least this many pages
    rfc_running_title_pages: int = 2
    # a numbered section title (`6.1 Error Replies.`) is at most this many words and indented at most this much
    rfc_section_words: int = 10
    rfc_section_indent: int = 8
    # a line of `CODE  NAME` pairs laid out in columns (`209  RPL_TRACECLASS   217  RPL_STATSQLINE`) gives one
    # item per pair when it has at most this many pairs
    rfc_max_columns: int = 4


@dataclass(frozen=True)
class LimitSettings:
    """How much of any input is read at most (`--max-bytes`, `--max-pages`): a source over a limit fails with
    one line saying which and how to raise it, so no document can make a build run without end."""

    max_bytes: int = 200_000_000  # a million-row tab export is about 150 MB
    max_pages: int = 5_000  # PDF pages (the longest specification in the corpus has a few hundred)
    # `--jobs`: sources are parsed in worker processes only when the bytes left to parse outweigh starting them
    parallel_min_bytes: int = 2_000_000


@dataclass(frozen=True)
class PdfSettings:
    """Every knob of PDF table reading (extract/parsers/pdf*.py), named and in one place, as pdfplumber's
    `TableSettings`. Lengths are PDF points unless the name ends in `_em`: a multiple of the height of the text
    line at hand, so the same settings work for 8pt and 12pt documents."""

    # Ruled tables (pdfplumber `lines` strategy): drawn edges this close are snapped / joined / made to meet.
    snap_tolerance: float = 3.0
    join_tolerance: float = 3.0
    intersection_tolerance: float = 3.0
    edge_min_length: float = 3.0
    # Words: characters closer than `word_x_tolerance` form one word; words whose tops differ by no more
    # than `line_y_tolerance` share a text line (the unit of a provenance line index).
    word_x_tolerance: float = 1.5
    line_y_tolerance: float = 3.0
    # Unruled tables. A gap at least this wide between two words of a line may separate two cells (a space
    # between words is about 0.28 em in Helvetica; tables leave >= 0.5 em between columns); a gutter between
    # two columns is at least this wide too.
    column_gap_em: float = 0.5
    # A column starts (or, right-aligned, ends) where the words of at least this many lines share an x-position
    # within `align_tolerance`, no line of the table but a group row crosses it, and fewer lines cross it than
    # align on it. Fewer than 3 lines would let two lines of a justified paragraph make a column.
    column_min_lines: int = 3
    align_tolerance: float = 1.5
    # A line over the whole table (a group row) either starts at the table's left edge or is centred on the
    # table, within this many ems.
    group_centre_em: float = 2.0
    # Blank space between lines this many times the smallest such space in the table separates two rows, so
    # wrapped lines are joined by the row bands the whitespace shows, not by guesswork.
    row_band_ratio: float = 1.3
    # Without rules or such space, every cell of a row has its top, centre or bottom where its key cell has
    # (the row's vertical alignment): a wrapped line joins the row whose anchor its cell's run of lines
    # matches within this many ems (lines of one row and the next are at least half a line apart).
    row_anchor_em: float = 0.25
    # An unruled table ends where the blank space below its last line is wider than this.
    table_end_gap_em: float = 2.5
    # A header is at most this many text lines (a header cell wrapped over lines: `HTTP` / `Status`), and a
    # line of it that is a column name of its own at most this many words (`HTTP Status Code`).
    header_max_lines: int = 4
    column_name_words: int = 3
    # A short line (at most `caption_max_words`, no closing punctuation) at most this far above a table is
    # its caption: the category of its rows.
    caption_gap_em: float = 2.0
    caption_max_words: int = 8
    # The top or bottom line of a page whose text, numbers aside, is the top or bottom line of at least this
    # many pages is a running header or footer: it captions no table and names no rows.
    furniture_min_pages: int = 3
    # A table drawn with inner lines only: a rule across its whole width this many text lines (or fewer) away,
    # with one line of text between, lies past a group row of the same table (a cell without vertical rules).
    group_band_em: float = 2.0
    # Smaller tables are not tables (a boxed note, a two-column page footer).
    min_rows: int = 2  # header row + data rows
    min_columns: int = 2
    # A ruled table may be one row: its borders make it a table for sure, and it is often the last row of a
    # table continued from the page before.
    ruled_min_rows: int = 1
    # Consecutive free lines closer than this form one paragraph (one note).
    paragraph_gap_em: float = 0.8

    def ruled(self) -> dict:
        """pdfplumber table settings for tables with drawn cell borders."""
        return {
            "vertical_strategy": "lines", "horizontal_strategy": "lines",
            "snap_tolerance": self.snap_tolerance, "join_tolerance": self.join_tolerance,
            "intersection_tolerance": self.intersection_tolerance, "edge_min_length": self.edge_min_length,
            "text_x_tolerance": self.word_x_tolerance, "text_y_tolerance": self.line_y_tolerance,
        }


@dataclass(frozen=True)
class ConstantsSettings:
    """How error codes declared in source code are read (extract/parsers/constants*.py)."""

    # a document is source constants when at least this many lines declare a constant with a code's value
    min_declarations: int = 2
    sniff_lines: int = 2000  # the lines detection looks at
    # sentences outside comments (running prose) allowed per declaration: a page about code has more
    prose_per_declaration: float = 1.0
    # how sure detection is then: above prose, which would read `NAME: 1001,` as a code and its text
    confidence: float = 0.88
    # a block whose name says nothing speaks of errors when more than this share of its members' names carry a
    # failure word (`..._FAILED`, `INVALID_...`)
    member_error_share: float = 0.5
    # lines a map arm's value may run over (`10 => {` … `"text"` … `}`)
    arm_lines: int = 6


PdfTableSettings = PdfSettings  # the name it had inside the PDF layout


@dataclass(frozen=True)
class MatchSettings:
    """Reconciling: when two sources' records under one code are the same variant."""

    # records whose names differ in style only, or whose texts are at least this similar (0..100), are one variant
    same_variant: float = 60.0
    # records with neither a name nor a text to compare score this (one record alone still matches)
    no_evidence: float = 50.0
    # a source's names all starting with one namespace (`CLOSE_REASON_`) count it as style when there are at
    # least this many of them
    namespace_min_names: int = 3
    # two texts at least this similar (0..100) are the same text reworded: `diff` reports a change, not a
    # removal and an addition
    reworded_text: float = 65.0


@dataclass(frozen=True)
class CheckSettings:
    """Catalog checks: texts copied onto unrelated codes."""

    min_copied_text: int = 30  # shorter texts ("Not found.") repeat by nature
    copied_text_similarity: float = 90.0  # 0..100: at least this alike counts as a copy
    # candidate pairs come from blocks of texts that share their first or last `block_words` words; a block
    # larger than `max_block` is a stock phrase, not a copy, and is not compared pair by pair
    block_words: int = 3
    max_block: int = 40


@dataclass(frozen=True)
class Settings:
    typing: TypingSettings = field(default_factory=TypingSettings)
    detection: DetectionSettings = field(default_factory=DetectionSettings)
    split: SplitSettings = field(default_factory=SplitSettings)
    fragments: FragmentSettings = field(default_factory=FragmentSettings)
    html: HtmlSettings = field(default_factory=HtmlSettings)
    prose: ProseSettings = field(default_factory=ProseSettings)
    match: MatchSettings = field(default_factory=MatchSettings)
    checks: CheckSettings = field(default_factory=CheckSettings)
    pdf: PdfSettings = field(default_factory=PdfSettings)
    constants: ConstantsSettings = field(default_factory=ConstantsSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)


DEFAULT = Settings()
