"""Random error-code catalogs of many shapes: the truth every rendering is compared with.

A catalog is drawn from a seeded `random.Random`, so a (shape, seed) pair always gives the same catalog. Its
texts are sentences built from a small vocabulary of API nouns and problems, so they read like the documents
users bring (and every text ends with a period). Nothing here calls the toolkit.

A `Shape` says which dimensions of a real document vary: the key style, which fields exist, the column order,
the header (present, absent, written with synonyms), long wrapped texts, blank cells, duplicate codes and
group rows. `SHAPES` are the named shapes of the matrix; `mixed` draws every dimension at random per seed.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field, replace

KEY_STYLES = ("decimal", "negative", "hex", "sqlstate", "prefixed", "symbolic")
OPTIONAL_FIELDS = ("name", "http_status", "message", "description", "operations", "category")
CANONICAL_ORDER = ("code",) + OPTIONAL_FIELDS


@dataclass(frozen=True)
class Shape:
    name: str
    key: str = "decimal"  # one of KEY_STYLES, or "any" (drawn per seed)
    fields: tuple[str, ...] = ("name", "http_status", "message", "description")  # besides the code
    order: str = "canonical"  # canonical | name-first | permuted
    header: str = "standard"  # standard | synonyms | none
    long: bool = False  # descriptions of several sentences, wrapped wherever the layout wraps
    blanks: float = 0.0  # chance that a non-key cell is blank
    duplicates: bool = False  # some codes listed more than once with different meanings
    groups: bool = False  # categories given by group rows / section headings (not by a column)
    mixed: bool = False  # draw every dimension at random per seed
    about: str = ""

    @property
    def table_only(self) -> bool:
        """Shapes that only vary what a table's columns look like: the same as `basic` for item layouts."""
        return self.order != "canonical" or self.header != "standard"


SHAPES: tuple[Shape, ...] = (
    Shape("basic", about="decimal codes; name, HTTP status, message, description; standard header"),
    Shape("negative", key="negative", fields=("name", "message", "description"), about="negative codes (-1, -101)"),
    Shape("hex", key="hex", fields=("name", "message", "description"), about="hexadecimal codes (0x80010003)"),
    Shape("sqlstate", key="sqlstate", fields=("name", "message"), about="five-character SQLSTATE-like codes (23P01)"),
    Shape("prefixed", key="prefixed", fields=("http_status", "message", "description"),
          about="prefixed codes (E101, ORA-00001, P1000, ERR-1001)"),
    Shape("symbolic", key="symbolic", fields=("http_status", "message", "description"),
          about="symbolic codes only (INVALID_ARGUMENT), no other key"),
    Shape("minimal", fields=("description",), about="code and one text column"),
    Shape("all-fields", fields=OPTIONAL_FIELDS, about="every field, operations and category as columns"),
    Shape("name-first", order="name-first", about="the name column before the code column"),
    Shape("permuted", key="any", order="permuted", about="columns in a random order"),
    Shape("synonyms", key="any", header="synonyms",
          about="headers written with synonyms (Error, Symbol, HTTP Status, Reason, Details)"),
    Shape("no-header", header="none", about="no header row"),
    Shape("long-text", long=True, fields=("name", "http_status", "message", "description"),
          about="descriptions of several sentences that wrap"),
    Shape("blanks", blanks=0.2, about="a fifth of the non-key cells blank"),
    Shape("duplicates", duplicates=True, about="some codes listed two or three times with different meanings"),
    Shape("groups", groups=True, about="categories as group rows or section headings"),
    Shape("mixed", key="any", mixed=True, about="every dimension drawn at random per seed"),
)
SHAPE_BY_NAME = {s.name: s for s in SHAPES}

# ---------------------------------------------------------------------------------------------- vocabulary

NOUNS = ["user", "password", "session", "token", "bucket", "object", "file", "request", "account", "field",
         "query", "order", "payment", "card", "invoice", "email address", "API key", "role", "project", "region",
         "quota", "content type", "template", "webhook", "device", "subscription", "folder", "upload", "report",
         "schedule", "certificate", "domain", "message", "channel", "workspace", "index", "snapshot", "volume"]

# (name part, HTTP status, message template, description templates)
PROBLEMS = [
    ("NotFound", 404, "The specified {n} was not found.",
     ["The {n} you requested does not exist or you do not have permission to read it.",
      "The {n} may have been deleted by another user."]),
    ("AlreadyExists", 409, "A {n} with the same name already exists.",
     ["You are trying to create a {n} whose name is already taken.",
      "Choose another name for the {n}, or update the existing one."]),
    ("Invalid", 400, "The {n} is invalid.",
     ["The {n} you specified is not in the correct format.",
      "Some of the data you specified for the {n} is invalid; the error message names the first problem."]),
    ("Missing", 400, "No {n} was specified.",
     ["The request does not include a {n}, which this operation requires.",
      "You are trying to call the operation without specifying a {n}."]),
    ("Expired", 401, "The {n} has expired.",
     ["The validity of the {n} has expired.", "Request a new {n} and send the request again."]),
    ("Locked", 423, "The {n} is locked.",
     ["Another operation holds a lock on the {n}.", "Wait until the running operation finishes, then retry."]),
    ("TooLarge", 413, "The {n} is too large.",
     ["The size of the {n} exceeds the limit of your plan.", "Split the {n} into smaller parts."]),
    ("LimitExceeded", 429, "Too many requests for this {n}.",
     ["You have sent too many requests for the {n} in a short time.",
      "Retry after the number of seconds given in the Retry-After header."]),
    ("Disabled", 403, "The {n} is disabled.",
     ["An administrator has disabled the {n}.", "The {n} cannot be used until it is enabled again."]),
    ("Conflict", 409, "The {n} was modified by another request.",
     ["The {n} changed after you read it.", "Read the {n} again, apply your change and retry."]),
    ("Unsupported", 415, "The {n} is not supported.",
     ["The service does not support this kind of {n}.", "See the list of supported values in the reference."]),
    ("AccessDenied", 403, "You are not allowed to access this {n}.",
     ["Your role does not grant access to the {n}.", "Ask the owner of the {n} to share it with you."]),
    ("Timeout", 504, "The {n} timed out.",
     ["The {n} did not complete within 60 seconds.", "A request times out if it does not complete in time."]),
    ("Unavailable", 503, "The {n} is temporarily unavailable.",
     ["The {n} is down for maintenance.", "You are advised to stop all requests to it and resume them later."]),
    ("Unauthorized", 401, "Authentication is required for this {n}.",
     ["You did not provide the credentials that the {n} requires.", "Sign in and send the request again."]),
]

EXTRA_SENTENCES = [
    "Check the error message for more details.",
    "Contact support if the problem persists.",
    "Retry the request after a short delay.",
    "Make sure the name is spelled correctly, including its case.",
    "The request is rejected before any change is made.",
    "This can also indicate that the network is failing badly.",
    "Only an administrator can change this setting.",
    "See the settings page in the console for the current limits.",
    "Names are case-sensitive and must start with a letter.",
    "The error shows which value was rejected (for example, the field \"Id\").",
    "Clients should not retry this request without changing it.",
    "If you use an SDK, update it to the latest version.",
    "The operation was not applied, so it is safe to send it again.",
    "Data operations are all requests that create, read, update or delete records.",
]

OPERATIONS = ["Create user", "Update user", "Delete user", "Register user", "Upload file", "Read by ID",
              "List objects", "Login", "Set password", "Send email", "Create order", "Refund payment", "All"]

GROUPS = ["Authentication errors", "Validation errors", "Storage errors", "Billing errors", "Server errors",
          "Rate limiting", "Account errors", "Network errors"]

HEADERS = {
    "code": ["Code", "Error Code"],
    "name": ["Name", "Error Name"],
    "http_status": ["HTTP Status", "HTTP Status Code"],
    "message": ["Message", "Error Message"],
    "description": ["Description"],
    "operations": ["Returned By", "Operations"],
    "category": ["Category"],
}
SYNONYMS = {
    "code": ["Error", "Error ID", "Number", "Fault Code", "Error Number"],
    "name": ["Symbol", "Error", "Constant", "Identifier", "Symbolic Name"],
    "http_status": ["HTTP", "Status", "HTTP Code", "Http Status"],
    "message": ["Reason", "Text", "Summary", "Title"],
    "description": ["Details", "Explanation", "Meaning", "Cause"],
    "operations": ["Applies To", "From/to", "Operation"],
    "category": ["Group", "Section", "Class"],
}
SQL_CLASSES = ["08", "22", "23", "28", "40", "42", "53", "57", "P0", "XX", "HV", "0A"]
PREFIXES = ["E{n}", "ORA-{n:05d}", "P{n}", "ERR-{n}", "AUTH{n:03d}"]
NAME_STYLES = ("Pascal", "UPPER_SNAKE", "snake", "camel")


@dataclass
class Entry:
    code: str
    name: str = ""
    http_status: int | None = None
    message: str = ""
    description: str = ""
    operations: list[str] = field(default_factory=list)
    category: str = ""
    words: list[str] = field(default_factory=list, repr=False, compare=False)  # what the name is made of

    def value(self, fld: str):
        return getattr(self, fld)


@dataclass
class Catalog:
    """The truth: entries in document order, and how a document should present them."""

    shape: Shape  # the resolved shape (no "any", no "mixed" left)
    seed: int
    key: str  # the key style
    columns: tuple[str, ...]  # fields in column order, `code` among them (category only when a column)
    headers: dict[str, str]  # field → header text (empty when the shape has no header)
    entries: list[Entry]
    groups: list[str]  # category names in order, when the shape has group rows
    title: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the catalog gives, besides the code (category included when it comes from groups)."""
        out = [f for f in OPTIONAL_FIELDS if f in self.columns]
        if self.groups and "category" not in out:
            out.append("category")
        return tuple(out)

    def has(self, fld: str) -> bool:
        return fld in self.fields


ARTICLE = re.compile(r"\b([Aa]) (?=[AEIOaeio]|un|up)")


def articles(text: str) -> str:
    """`a email address` → `an email address` (the vocabulary's nouns put into templates)."""
    return ARTICLE.sub(lambda m: m.group(1) + "n ", text)


def _words_to_name(words: list[str], style: str) -> str:
    parts = [p for w in words for p in re.findall(r"[A-Za-z]+", w)]
    if style == "Pascal":
        return "".join(p[:1].upper() + p[1:] for p in parts)
    if style == "camel":
        name = "".join(p[:1].upper() + p[1:] for p in parts)
        return name[:1].lower() + name[1:]
    if style == "UPPER_SNAKE":
        return "_".join(p.upper() for p in parts)
    return "_".join(p.lower() for p in parts)


def _split_camel(text: str) -> list[str]:
    return re.findall(r"[A-Z][a-z]*|[a-z]+", text)


def _codes(rng: random.Random, key: str, n: int, style: dict) -> list[str]:
    if key == "decimal":
        base = rng.choice([1, 100, 1000, 4000, 20000])
        out, cur = [], base
        for _ in range(n):
            out.append(str(cur))
            cur += rng.choice([1, 1, 1, 2, 3, 10])
        return out
    if key == "negative":
        start = rng.choice([1, 100, 1000])
        out, cur = [], start
        for _ in range(n):
            out.append(str(-cur))
            cur += rng.choice([1, 1, 2, 5])
        return out
    if key == "hex":
        base = rng.choice([0x80010000, 0x80070000, 0xC0000000, 0x8004D000])
        out, cur = [], base + rng.randint(0, 8)
        for _ in range(n):
            out.append(style["hex_format"] % cur)
            cur += rng.choice([1, 1, 2, 3, 16])
        return out
    if key == "sqlstate":
        seen, out = set(), []
        classes = sorted(rng.sample(SQL_CLASSES, min(len(SQL_CLASSES), max(2, n // 4))))
        while len(out) < n:
            cls = rng.choice(classes)
            if rng.random() < 0.75:
                tail = f"{rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]):01d}{rng.randint(0, 12):02d}"
            else:
                tail = rng.choice(["P", "F", "R", "B"]) + f"{rng.randint(1, 9):02d}"
            code = cls + tail
            if code not in seen:
                seen.add(code)
                out.append(code)
        return sorted(out)
    if key == "prefixed":
        fmt = style["prefix"]
        base = rng.choice([1, 100, 1000])
        out, cur = [], base
        for _ in range(n):
            out.append(fmt.format(n=cur))
            cur += rng.choice([1, 1, 2, 5])
        return out
    raise ValueError(key)


def sentence_text(rng: random.Random, problem, noun: str, long: bool) -> str:
    first = rng.choice(problem[3]).format(n=noun)
    first = first[:1].upper() + first[1:]
    n_extra = rng.randint(2, 5) if long else rng.choice([0, 0, 1])
    extra = rng.sample(EXTRA_SENTENCES, n_extra)
    if long:
        other = [t.format(n=noun) for t in problem[3] if t.format(n=noun) != first][0]
        extra.insert(rng.randint(0, len(extra)), other[:1].upper() + other[1:])
    return articles(" ".join([first, *extra]))


def _resolve(shape: Shape, rng: random.Random) -> Shape:
    key = shape.key if shape.key != "any" else rng.choice(KEY_STYLES)
    fields = shape.fields
    order, header, long, blanks, dups, groups = (shape.order, shape.header, shape.long, shape.blanks,
                                                 shape.duplicates, shape.groups)
    if shape.mixed:
        fields = tuple(f for f in OPTIONAL_FIELDS if rng.random() < 0.55)
        if not {"message", "description"} & set(fields):
            fields += (rng.choice(["message", "description"]),)
            fields = tuple(f for f in OPTIONAL_FIELDS if f in fields)
        order = rng.choice(["canonical", "name-first", "permuted"])
        header = rng.choice(["standard", "standard", "synonyms", "none"])
        long = rng.random() < 0.3
        blanks = rng.choice([0.0, 0.0, 0.1])
        dups = rng.random() < 0.3
        groups = "category" not in fields and rng.random() < 0.3
    if key == "symbolic":
        fields = tuple(f for f in fields if f != "name")
    if not fields:
        fields = ("description",)
    return replace(shape, key=key, fields=fields, order=order, header=header, long=long, blanks=blanks,
                   duplicates=dups, groups=groups, mixed=False)


def generate(shape: Shape, seed: int, rows: tuple[int, int] = (12, 30)) -> Catalog:
    """A catalog of `shape` drawn from `seed`, with between rows[0] and rows[1] distinct codes."""
    rng = random.Random(seed)
    shape = _resolve(shape, rng)
    n = rng.randint(*rows)
    style = {"name": rng.choice(NAME_STYLES), "hex_format": rng.choice(["0x%08X", "0x%08x"]),
             "prefix": rng.choice(PREFIXES), "status_noise": rng.random() < 0.5}
    if shape.key == "hex" and style["name"] in ("camel",):
        style["name"] = "UPPER_SNAKE"
    # distinct (problem, noun) pairs make distinct names and messages
    pairs = rng.sample([(p, noun) for p in range(len(PROBLEMS)) for noun in NOUNS], n * 3)
    used = iter(pairs)

    def make(code: str) -> Entry:
        pi, noun = next(used)
        p = PROBLEMS[pi]
        words = noun.split() + _split_camel(p[0])
        name = _words_to_name(words, style["name"])
        status = p[1] if not style["status_noise"] or rng.random() < 0.7 else rng.choice([400, 404, 500, 503])
        ops = rng.sample(OPERATIONS[:-1], rng.randint(1, 3)) if rng.random() < 0.85 else ["All"]
        message = articles(p[2].format(n=noun))
        return Entry(code=code, name=name, words=words, http_status=status, message=message[:1].upper() + message[1:],
                     description=sentence_text(rng, p, noun, shape.long), operations=ops)

    if shape.key == "symbolic":
        code_style = rng.choice(["UPPER_SNAKE", "Pascal"])
        entries = [make("") for _ in range(n)]
        for e in entries:
            e.code, e.name = _words_to_name(e.words, code_style), ""
        entries.sort(key=lambda e: e.code)
    else:
        entries = [make(c) for c in _codes(rng, shape.key, n, style)]
    groups: list[str] = []
    if shape.groups or "category" in shape.fields:
        k = rng.randint(2, min(4, max(2, n // 3)))
        names = rng.sample(GROUPS, k)
        cuts = sorted(rng.sample(range(1, n), k - 1))
        bounds = [0, *cuts, n]
        for g, (a, b) in enumerate(zip(bounds, bounds[1:])):
            for e in entries[a:b]:
                e.category = names[g]
        if shape.groups:
            groups = names
    if shape.duplicates:
        out = []
        for e in entries:
            out.append(e)
            if rng.random() < 0.2:
                for _ in range(rng.choice([1, 1, 2])):
                    twin = make(e.code)
                    twin.category = e.category
                    if shape.key == "symbolic":
                        twin.name = ""
                    out.append(twin)
        entries = out
    if shape.blanks:
        for f in ("name", "http_status", "message", "description", "operations"):
            if f not in shape.fields:
                continue
            for e in entries:
                if rng.random() < shape.blanks:
                    setattr(e, f, None if f == "http_status" else [] if f == "operations" else "")
            if all(e.value(f) in ("", None, []) for e in entries):  # a column is never all blank
                setattr(entries[0], f, make(entries[0].code).value(f))
    # fields the shape does not have are blank in the truth
    for e in entries:
        for f in OPTIONAL_FIELDS:
            if f == "category":
                if not (shape.groups or "category" in shape.fields):
                    e.category = ""
            elif f not in shape.fields:
                setattr(e, f, None if f == "http_status" else [] if f == "operations" else "")
    columns = ["code"] + [f for f in OPTIONAL_FIELDS if f in shape.fields]
    if shape.order == "name-first" and "name" in columns:
        columns.remove("name")
        columns.insert(0, "name")
    elif shape.order == "permuted":
        rng.shuffle(columns)
    headers = {}
    if shape.header != "none":
        both = "name" in columns  # "Error" heads the name column only when a code column stands beside it
        for f in columns:
            pool = SYNONYMS[f] if shape.header == "synonyms" else HEADERS[f]
            if shape.header == "synonyms":
                pool = [h for h in pool if h != "Error" or (f == "name") == both]
            headers[f] = rng.choice(pool)
    title = rng.choice(["Error codes", "API error reference", "Errors returned by the service",
                        "Error codes returned by the REST API"])
    return Catalog(shape=shape, seed=seed, key=shape.key, columns=tuple(columns), headers=headers,
                   entries=entries, groups=groups, title=title)


def cell_text(e: Entry, fld: str) -> str:
    """How a table cell shows a field: statuses as digits, operations as a comma list, blank as ''."""
    value = e.value(fld)
    if fld == "http_status":
        return "" if value is None else str(value)
    if fld == "operations":
        return ", ".join(value)
    return value or ""
