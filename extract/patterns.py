r"""Every shape the toolkit recognises in a cell or a line, in one place: codes, names, HTTP statuses, sentence
ends, footnote markers, placeholders and Markdown inline markup.

Layouts find cells and compose their line grammars from the token patterns here; the typing stage
(`columns.py`) reads meaning with the predicates. Each pattern runs in time linear in its input, however long
and however hostile the line (tests/test_bounded.py runs every pattern on 20,000-character runs):
- no nested quantifier over the same characters, no two adjacent unbounded quantifiers that can trade
  characters (`\s*\|?\s*`): a run that cannot end the match is taken possessively (`\s*+`, Python 3.11);
- a pattern that is searched (`search`, `findall`, `sub`, `split`) and opens with an unbounded run or an
  unclosed span (a quote, `<tag`) must not rescan the same text from every start: a lookbehind keeps it from
  starting inside the run (`(?<!\s)\s++`), or the span stops at the next opener (`<[^<>]*>`).
"""
from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------- code tokens
# Regex sources, for layouts that compose a line grammar around a code or a name.
DECIMAL_SRC = r"-?\d+"
HEX_SRC = r"0[xX][0-9A-Fa-f]+"
# `E101`, `ORA-00001`, `AUTH-001`, `P1000`: letters, an optional dash, digits
PREFIXED_SRC = r"[A-Z][A-Z0-9_]*-\d+"
# ALL_CAPS or SNAKE_CAPS symbols (`ERR_TIMEOUT`, `EACCES`)
CAPS_SYMBOL_SRC = r"[A-Z][A-Z0-9_]{2,}"
SNAKE_CAPS_SRC = r"[A-Z][A-Z0-9]*_[A-Z0-9_]+"
# a symbolic name as source code declares it: ALL_CAPS, PascalCase (C#, Go's ErrNotFound)
DECLARED_NAME_SRC = r"[A-Z][A-Za-z0-9_]{2,}"
SOURCE_CODE_SRC = r"(?:" + DECIMAL_SRC + "|" + HEX_SRC + r")"  # a number or a hex number
STATUS_SRC = r"[1-5]\d\d"
MULTI_DIGIT_SRC = r"-?\d{2,}"  # a code of two digits or more: a single digit is more often a list number
LONG_NUMBER_SRC = r"\d{3,}"  # three digits or more: `211  System status`

DECIMAL = re.compile(DECIMAL_SRC)
HEX = re.compile(HEX_SRC)
NUMBER_OR_HEX = re.compile(DECIMAL_SRC + "|" + HEX_SRC)
# a family of codes written with wildcard digits: `0x68xx`, `5xx`, `4XX`
WILDCARD_HEX = re.compile(r"0[xX][0-9A-Fa-f]+[xX]+")
WILDCARD_DECIMAL = re.compile(r"[1-9]\d?[xX]{1,2}")
BARE_HEX = re.compile(r"(?:0[xX])?(?=[0-9A-Fa-f]*?\d)[0-9A-Fa-f]+")  # hex digits with at least one digit
SQLSTATE = re.compile(r"[0-9A-Z]{5}")
PREFIXED = re.compile(r"[A-Za-z]{1,8}[-_]?\d+[A-Za-z]?")
PREFIXED_DASHED = re.compile(PREFIXED_SRC)
# a cell of codes: `401, 403`, `500–599`
CODES = re.compile(r"-?\d+(?:\s*(?:[,/;]|[-–])\s*-?\d+)*")
# a code cell that lists several codes: "401, 403", "E10 / E11"
CODE_LIST_WHOLE = re.compile(r"[A-Za-z0-9_.-]+(?:\s*[,/;]\s*[A-Za-z0-9_.-]+)+")
CODE_LIST_SEP = re.compile(r"(?:(?<!\s)\s++)?[,/;]\s*+")  # split on: starts no search inside a run of spaces
# one short word of letters and digits: `23P01`, `E1001`
TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:\\-]{0,39}")
# a key of an object keyed by code
CODE_KEY = re.compile(r"-?[A-Za-z0-9][A-Za-z0-9_.:-]*")
# a table's first line that is data, not a header: its first cell holds a code
DATA_CODE = re.compile(r"-?\d+|0x[0-9A-Fa-f]+|[A-Z]{0,4}\d[\w-]*")

# ---------------------------------------------------------------------------------------------- names
IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.:\\-]*")  # an identifier, dotted or namespaced allowed
WORD_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # one plain identifier
DOTTED_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
# A symbolic name, not a word: snake_case, ALL_CAPS, CamelCase or camelCase ("Conflict" alone is a title)
SYMBOL = re.compile(r"[A-Za-z0-9]*_[A-Za-z0-9_]*|[A-Z][A-Z0-9]+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+|[a-z]+[A-Z]\w*")
# a limit or a default is a setting, not an error code: MAX_RETRIES, DEFAULT_TIMEOUT_MS, MaxItems
SETTING_NAME = re.compile(r"(?:MAX|MIN|DEFAULT|Max|Min|Default)(?:_|[A-Z])")

# ---------------------------------------------------------------------------------------------- statuses
STATUS = re.compile(STATUS_SRC)
# the statuses HTTP registers (IANA): a column of these, repeated, reads as statuses rather than as a key
REGISTERED_STATUSES = frozenset([100, 101, 102, 103, *range(200, 209), 226, *range(300, 309), *range(400, 419),
                                 *range(421, 427), 428, 429, 431, 451, *range(500, 509), 510, 511])
STATUS_IN_TEXT = re.compile(r"(?<!\d)(" + STATUS_SRC + r")(?!\d)")

# ---------------------------------------------------------------------------------------------- sentences
SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")  # a full stop, perhaps inside quotes or brackets
CLAUSE_END = re.compile(r"[.!?:][\"')\]]?$")  # … or a colon that introduces what follows
CELL_END = re.compile(r"[.!?:)\"']$")  # a cell's text that ends like a sentence
SENTENCE_START = re.compile(r"(?:[A-Z][a-z'’]+|A|I)\b")
PHRASE_END_CHARS = (".", ":", ";", ",", "!", "?")  # a line that stops on one of these ends its phrase
PHRASE_JOIN_CHARS = ".,;:!?)"  # no space before these when wrapped lines are re-joined

# A key cell that is a span or bound of codes rather than one (`28 - 63`, `-15 to -127`, `< -127`, `>= 9000`), and
# a text that says such a span is set aside rather than an error (`Reserved for future use`, `Vendor specific`)
CODE_SPAN_OR_BOUND = re.compile(r"-?\d+\s*(?:[-–]|to)\s*-?\d+|[<>]=?\s*-?\d+")
RESERVED_TEXT = re.compile(r"\b(?:reserved|unassigned|unused|custom use|private use|vendor|implementation[- ]specific"
                           r"|experimental|future (?:standard )?use)\b", re.I)

# ---------------------------------------------------------------------------------------------- footnotes
# A footnote starts with a marker that is neither a letter, a digit nor a bracket: `*`, `†`, `‡`, `§`, `¹`.
FOOTNOTE_LINE = re.compile(r"\s*([^\w\s(\[{<|#-]{1,3}|\(\d+\)|\[\d+\])\s*(\S.*)")
FOOTNOTE_LINE_STRICT = re.compile(r"([*†‡§¶]{1,3}|\[\d{1,3}\]|\(\d{1,3}\))\s+(\S.*)")
FOOTNOTE_MARKER = re.compile(r"[*†‡§¶#]{1,3}|\[\d{1,3}\]|\(\d{1,3}\)")
LINKED_MARKER = re.compile(r"\d{1,3}|[a-z]")

# ---------------------------------------------------------------------------------------------- placeholders
# What a table writes in a cell that has no value: read as blank, not as a value (in code and status cells;
# "N/A" in an operations column means "no operation" and is kept).
PLACEHOLDERS = frozenset({"", "-", "--", "—", "–", "n/a", "na", "none", "null", "tbd", "?"})

# ---------------------------------------------------------------------------------------------- Markdown inline
MD_LINK = re.compile(r"!?\[([^\]\[]*)\]\([^()]*\)")
# (strong text runs 400 characters at most: an unclosed `**` would otherwise be read to the line's end again
# from every later `**`, quadratic on a line of them)
MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,400}?)(?<=\S)\1")
MD_STRONG_STARS = re.compile(r"\*\*(.+?)\*\*")  # not `__strong__`: that is how `__init__`-like names are written
MD_EMPHASIS_MARKS = re.compile(r"\*\*|__|`")
# an ATX heading, `## Title ##`: its marks, then its title without the closing `#`s and the spaces around them.
# Each run of the title is kept unless the rest of the line is closing marks (a lazy `(.*?)\s*#*\s*$` re-split
# every run of spaces at every position, cubic: 5 s for `# a`, 1,000 spaces and a word).
ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s++((?:[^\s#]++|#++(?!\s*+$)|[^\S\n]++(?!\s*+#*+\s*+$))*+)\s*+#*+\s*+$")
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")
INLINE_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
INLINE_BREAK = re.compile(r"<br\s*/?>", re.I)
MARKUP_ONLY = re.compile(r"\s*(?:<[^<>]+>\s*)+")  # `<a id="ERR_X"></a>`: an anchor, no text


# ---------------------------------------------------------------------------------------------- predicates
def code_shape(text: str) -> str | None:
    """What kind of code a cell holds: decimal, negative, hex, sqlstate, prefixed, symbolic, or None."""
    t = text.strip().strip("`").strip()
    if not t or len(t) > 48:
        return None
    if DECIMAL.fullmatch(t):
        return "negative" if t.startswith("-") else "decimal"
    if HEX.fullmatch(t) or WILDCARD_HEX.fullmatch(t):
        return "hex"
    if WILDCARD_DECIMAL.fullmatch(t):
        return "decimal"
    if PREFIXED.fullmatch(t) or PREFIXED_DASHED.fullmatch(t):  # letters then digits: `E101`, `P1000`, `HY000`
        return "prefixed"
    if SQLSTATE.fullmatch(t) and any(ch.isdigit() for ch in t):  # five characters mixed: `23P01`
        return "sqlstate"
    if SYMBOL.fullmatch(t):
        return "symbolic"
    return None


def is_symbol(text: str) -> bool:
    return bool(SYMBOL.fullmatch(text.strip().strip("`").strip()))


def http_status_of(text: str) -> int | None:
    """`400`, `Bad Request (400)`, `403 ` → the status; None where the cell names no 1xx–5xx status."""
    found = STATUS_IN_TEXT.findall(text)
    return int(found[0]) if len(found) == 1 else None


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text))


def is_placeholder(text: str) -> bool:
    return " ".join(text.split()).lower() in PLACEHOLDERS


def numeric_code(code: str) -> int | None:
    """The code as a number where it is one (`"-1"`, `"107"`), else None (`"E1001"`, `"23P01"`)."""
    return int(code) if DECIMAL.fullmatch(code) else None


# ---------------------------------------------------------------------------------------------- schema tables
# (added for the HTML layout; any table layout may use it)
# A data type as API references write it in a parameter or field table: `string`, `Integer`, `int32`,
# `array of string`, `string[]`, `List<String>`, `boolean (optional)`. A column of these makes a table a schema
# (request parameters, response fields, properties), not an error table.
DATA_TYPE = re.compile(
    r"(?:(?:array|list|set|map)\s+of\s+|(?:array|list|set|map)<)?"
    r"(?:string|str|text|integer|int|int8|int16|int32|int64|uint8|uint16|uint32|uint64|long|short|float|double"
    r"|number|numeric|decimal|boolean|bool|object|array|list|map|dict|date|datetime|date-time|time|timestamp"
    r"|uuid|guid|binary|byte|bytes|char|enum|json|uri|url|email|null|any)s?"
    r"(?:\[\]|>)?(?:\s*\([A-Za-z ,-]{0,40}\))?",
    re.I)


# ---------------------------------------------------------------------------------------------- item heads
# (appended for the item-block typing stage, extract/items.py)
# a code written in lower-case words joined by dashes, as linters name their checks: `attr-defined`
KEBAB_CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
# a code range written where one code would stand: `50-51`, `75–76`
CODE_RANGE = re.compile(r"\d+\s?[-–]\s?\d+")
# a dash or colon standing alone between a head's key and its text: `E101 – text`, `SIM104 : text`
HEAD_SEPARATOR = re.compile(r"[-–—:]|--")
# a title, then its text after a dash or a colon: `Not Found - The resource …`, `Bad Request: …`
TITLE_THEN_TEXT = re.compile(r"([^:–—.!?]{1,80}?)\s?(?::|\s[-–—]|\s--)\s+(\S.*)")


# ---------------------------------------------------------------------------------------------- source code
# (appended for the source-constants layout, extract/parsers/constants*.py; any layout may use them)
# An identifier as declared, in any case style: `NOT_FOUND`, `NotFound`, `notFound`, `not_found`.
IDENTIFIER_SRC = r"[A-Za-z_][A-Za-z0-9_]*"
# A number literal as source code writes it: `-0x5300`, `10_001`, `1001L`, `0x80004005UL`, `(-0x0042)`.
SOURCE_NUMBER = re.compile(r"\(?\s*(?P<num>-?\s?(?:0[xX][0-9A-Fa-f_]+|\d[0-9_]*))(?:[uUlL]{0,3})\s*\)?")
# A string literal, whole: `"23505"`, `'E101'`, `` `x` ``.
# (a quote right after a backslash opens none: searched, an unclosed `\"` would be read to the end again from
# every later escaped quote)
STRING_LITERAL = re.compile(r"(?<!\\)\"((?:[^\"\\]|\\.)*+)\"|(?<!\\)'((?:[^'\\]|\\.)*+)'|`([^`]*+)`")
# The words of an identifier: `RESTJSONErrorCodes` → REST JSON Error Codes, `mbedtls_pkcs7_type` → mbedtls pkcs 7 type.
IDENT_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
# Words that make a block of constants (its name, or most of its members' names) speak of errors.
ERROR_WORDS = frozenset({"err", "error", "errors", "errno", "code", "codes", "status", "statuses", "reason",
                         "reasons", "result", "results", "fault", "faults", "failure", "failures", "exception",
                         "exceptions", "sqlstate"})
# Member-name words that speak of a failure (a block whose members mostly carry one is an error block).
FAILURE_WORDS = frozenset({"err", "error", "errno", "fail", "failed", "failure", "invalid", "exception", "denied",
                           "unknown", "unsupported", "illegal", "bad", "missing", "timeout", "exceeded"})
# Block names that say their constants are some other kind of value (`Locale`, `MsgType`, `PollMode`).
NON_ERROR_WORDS = frozenset({"type", "types", "kind", "kinds", "locale", "locales", "mode", "modes", "option",
                             "options", "flag", "flags", "level", "levels", "format", "formats", "version",
                             "direction", "opcode", "opcodes", "event", "events", "state", "states", "color",
                             "colour", "lang", "language", "permission", "permissions", "limit", "limits"})
# A comment line that maps the code to an HTTP status: `HTTP Mapping: 404 Not Found` (google.rpc.Code).
HTTP_MAPPING = re.compile(r"HTTP\s+(?:Mapping|Status)\s*:\s*(?P<status>[1-5]\d\d)\b")


def ident_words(name: str) -> list[str]:
    """`RESTJSONErrorCodes` → ['rest', 'json', 'error', 'codes']; `PSQLState` also gives 'sqlstate'."""
    words = [w.lower() for w in IDENT_WORD.findall(name)]
    if "sqlstate" in name.lower().replace("_", ""):
        words.append("sqlstate")
    return words
# a PascalCase name that opens with an acronym: `APIKeyUnsupported`, `HTTPErrorTimeout` (two humps at least)
# (possessive: the capitals of `(?:[A-Z]+[a-z0-9]*)+` could be shared out between repetitions in every way,
# exponential on a run of capitals that does not end the match)
ACRONYM_SYMBOL = re.compile(r"[A-Z]++[a-z0-9]++(?:[A-Z]++[a-z0-9]*+)++")


# ---------------------------------------------------------------------------------------------- reST markup
# (appended for the reStructuredText tables, extract/parsers/grid.py)
# a hyperlink target inside a cell or on a line of its own: `.. _pgrst000:` — markup, no text
RST_LABEL_TARGET = re.compile(r"\s*\.\. _[^:\s][^:]*:\s*")
# a line of a line block: `| if authenticated 403,` (the bar is markup, the text after it is the value)
RST_LINE_BLOCK = re.compile(r"\|(?: (.*))?")
# a table directive: `.. list-table:: Title`, `.. csv-table:: Title`
RST_TABLE_DIRECTIVE = re.compile(r"(\s*)\.\. (list-table|csv-table)::[ \t]*(.*)")
# a directive option line: `:header-rows: 1`, `:header: "Code", "Text"`, `:widths: auto`
RST_OPTION = re.compile(r"\s*:([A-Za-z][\w-]*):(?:[ \t]+(.*))?")
# a list-table item: `* - cell` opens a row, `- cell` the next cell of it
RST_LIST_ROW = re.compile(r"(\s*+)\*[ \t]++-(?:[ \t]++(.*))?")
RST_LIST_CELL = re.compile(r"(\s*+)-(?:[ \t]++(.*))?")
# a code cell that lists several codes as code spans: ``A``, ``B``, ``C``. (the spans and a closing stop are markup)
CODE_SPAN_LIST = re.compile(r"`{1,2}[^`,;/]+`{1,2}(?:\s*[,;/]\s*`{1,2}[^`,;/]+`{1,2})+\.?")


# ---------------------------------------------------------------------------------------------- RFC-style text
# (appended for the RFC plain-text layout, extract/parsers/rfc.py; any layout may use them)
# A page footer: `Postel & Reynolds                    [Page 39]` (searched at the end of a line).
RFC_PAGE_FOOTER = re.compile(r"\[Page \d{1,5}\][ \t]*$")
# A page header opens with the RFC's number and ends with its date: `RFC 959      October 1985`.
RFC_PAGE_HEADER = re.compile(r"\f?(?:RFC|Internet-Draft) ?\d{0,5}[ \t]")
MONTH_YEAR_END = re.compile(r"(?:January|February|March|April|May|June|July|August|September|October|November"
                            r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{4}[ \t]*$")
# A numbered section title: `6.1 Error Replies.`, `4.2.1  Reply Codes by Function Groups`, `7.4.1.  Defined …`
# (matched on a stripped line; the title starts with a capital letter).
RFC_SECTION = re.compile(r"(\d{1,2}(?:\.\d{1,2}){0,5})\.?[ \t]+([A-Z][^\t]{0,100})")
# a table-of-contents line: dot leaders then a page number
# (searched: it starts only where a run of leaders starts, not again after each of its dots)
DOT_LEADERS = re.compile(r"(?<!\.)(?<!\.[ \t])(?:\.[ \t]?){4,}[ \t]*+\d{0,4}+[ \t]*+$")
# a line's cells, where runs of two spaces or more separate them
WIDE_GAP = re.compile(r" {2,}|\t")
# a row's anchor id: a lower-case prefix, a dash and the row's number (`code-1`, `end-4a`, `apdx-2`) — layout,
# not a code (`ERR_1` is an identifier)
ROW_ID = re.compile(r"([a-z][a-z.]{0,15})-(\d{1,4})([a-z]?)")


# ---------------------------------------------------------------------------------------------- JSON, YAML, OpenAPI
# (appended for the JSON/YAML and OpenAPI layouts, extract/parsers/jsondoc.py and openapi.py, and the typing of
# structural list columns in columns.py)
# The key of a list that groups its entry rather than naming operations: `tags`, `labels`, `groups`, `topics`.
GROUP_KEY = re.compile(r"(?:tags?|labels?|groups?|topics?|categor(?:y|ies)|areas?|classes|kinds?)")
# The head of an OpenAPI or Swagger document: `openapi: 3.0.0`, `swagger: "2.0"`, `"openapi": "3.1.0"`.
OPENAPI_HEAD = re.compile(r"""^[^\S\n]*+["']?(?:openapi|swagger)["']?\s*+:\s*+["']?[23]\.\d""", re.M)
# A response key or name that is an HTTP status (`'404'`, `4XX`, `400Error`, `Error500`): the status digits.
RESPONSE_STATUS = re.compile(r"(?<![0-9])([1-5](?:\d\d|XX|xx))(?![0-9])")
# A line of a description that lists one enum value and its text: `* `E101` - text`, `- NOT_FOUND: text`,
# `404 = text`. The value is compared with the enum's own values, so any token may stand there.
# (the text runs to the end, newlines included: the value can end at any dash or bar inside it, and a text
# that could not reach the end would be read again for each)
ENUM_VALUE_LINE = re.compile(r"\s*+(?:[-*+•]\s++)?(?:\*\*)?`?([^\s`:=*]+)`?(?:\*\*)?\s*+(?:[:=]|[-–—]|\|)\s*+(\S(?s:.*))")
# Words that make a schema, a property or a response speak of errors.
ERROR_PATH_WORDS = frozenset({"err", "error", "errors", "fault", "faults", "failure", "failures", "exception",
                              "exceptions", "problem", "problems", "reason", "reasons"})
# a code cell that names its code in brackets after it: `200 (OK)`, `5xx (SERVER ERROR)`
CODE_WITH_LABEL = re.compile(r"(\S{1,48})\s+\(([^()]{1,80})\)")


# ---------------------------------------------------------------------------------------------- definition lists
# (appended for definition lists read by the prose layout; any layout may use them)
# A reST domain directive that declares one value, with the value's name as its argument:
# `.. c:macro:: UV_E2BIG`, `.. data:: E_FAIL`, `   .. c:enumerator:: ERR_X`, `.. py:exception:: Timeout`.
RST_VALUE_DIRECTIVE = re.compile(r"(\s*)\.\.[ \t]+(?:[a-z]{1,8}:)?(?:macro|data|enumerator|const|constant|var|member"
                                 r"|attribute|exception|value|error|code)::[ \t]+(\S[^\t]*)")
# A Markdown (PHP Markdown Extra, pandoc) definition: `: the text`, after its term line.
MD_DEFINITION = re.compile(r"[ \t]{0,3}:[ \t]+(\S.*)")
# a code written as a short lower-case phrase, as WebDriver names its errors: `no such element`
PHRASE_CODE = re.compile(r"[a-z][a-z0-9]*(?: [a-z][a-z0-9]*){1,5}")
# A term that carries its code in brackets after a label: `PERMISSION_DENIED (numeric value 1)`, `X (code 12)`
# (matched on the bracket's inside: a few words, then the code).
LABELLED_CODE = re.compile(r"(?:[A-Za-z]{1,12}[ \t]){0,3}(?:=[ \t]?)?(-?\d{1,10}|0[xX][0-9A-Fa-f]{1,16})")
# ReSpec's shorthands in W3C specifications, read as the words they show: `[=acquire a position=]`,
# `[=call back with error|initialized to=]` (the words after `|`), `{{PositionOptions/timeout}}` (the last part).
RESPEC_TERM = re.compile(r"\[=([^=\[\]|]{1,120})(?:\|([^=\[\]|]{1,120}))?=\]")
RESPEC_IDL = re.compile(r"\{\{(?:[^{}/]{1,80}/)?([^{}/]{1,80})\}\}")
# A reST domain directive that declares a container of values — its members are nested directives under it:
# `.. class:: WSCloseCode`, `.. c:enum:: uv_errno_t`, `.. py:class:: Status`.
RST_CONTAINER_DIRECTIVE = re.compile(r"(\s*)\.\.[ \t]+(?:[a-z]{1,8}:)?(?:class|enum|enum-class|struct|union|type)::"
                                     r"[ \t]+(\S[^\t]*)")
# A reST interpreted-text role: `:py:meth:`bind()``, `:rfc:`3629``, `:attr:`~a.B.C`` (kept as written in text).
RST_ROLE = re.compile(r":[\w.+-]{1,30}(?::[\w.+-]{1,30}){0,3}:`[^`]{0,200}`")
# An OpenAPI fragment without the `openapi:` key: a top-level `components:` with schemas or responses under it.
OPENAPI_FRAGMENT = re.compile(r"^components:[ \t]*\r?\n(?:[ \t\r]*(?:#[^\n]*)?\n)*[ \t]+[A-Za-z][\w-]*:", re.M)
