"""OpenAPI (3.x) and Swagger (2.0) documents, in YAML or JSON: the error codes an API description states.

What gives entries (each block of them typed by the shared typing stage through `table_records`, the
document's own structure naming the columns):

- **Error-code enums** among the schemas (`components.schemas`, Swagger's `definitions`), the schemas'
  properties included: an `enum` (or a `oneOf`/`anyOf` of `const` values) whose schema or property speaks of
  errors by its name or title (`ErrorCode`, `Error.code`, `reason`). Each value is a code; its name comes from
  `x-enum-varnames` (`x-enumNames`, `x-enum-names`), its description from `x-enum-descriptions`
  (`x-enumDescriptions`, a list or a map by value) or from the schema's description where a line lists the value
  and its text (`* `E101` - text`, `- NOT_FOUND: text`). Where several such enums stand, each one's title (or
  key) is the category of its codes.
- **Error response components** (`components.responses`, Swagger's top-level `responses`): a response that an
  operation returns under a 4xx/5xx status, whose key carries one (`400Error`), or whose example body carries
  an error code or status. Name = its key, HTTP status = that status, description = its `description`; the
  fields of its first example body (`code`, `message`, `title`, `detail`, …) join the row under their own keys,
  and a code in the body is the entry's code, else the status is. Operations = the operationIds (else
  `METHOD /path`) that return it.
- **Inline error responses of operations** (`paths.*.*.responses`): each 4xx/5xx status with its description
  is an entry, code = HTTP status; one entry per distinct description, its operations the ones that return it.

What gives notes: the API's title and version (`info`); success responses among the components (2xx/3xx), one
note each. Everything else (paths, parameters, schemas of bodies, examples of other values, security) is the
document's structure, reported as one layout item; schema `example` values never become entries.
"""
from __future__ import annotations

import json

from ..settings import DEFAULT
from ..columns import header_field
from ..documents import Document
from ..errors import InputError
from ..model import Cell, Layout, Loc, Note, Parsed
from ..patterns import (DECIMAL, ENUM_VALUE_LINE, ERROR_PATH_WORDS, INLINE_TAG, OPENAPI_HEAD,
                        OPENAPI_FRAGMENT, RESPONSE_STATUS, code_shape, ident_words)
from ..text import collapse, nesting_depth
from . import Context, LayoutRule
from .table import Row, table_records

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
VARNAMES = ("x-enum-varnames", "x-enumNames", "x-enum-names", "x-enumVarnames")
DESCRIPTIONS = ("x-enum-descriptions", "x-enumDescriptions", "x-enum-description")
HEAD_CHARS = DEFAULT.detection.head_chars
MAX_DEPTH = DEFAULT.detection.max_depth


# ---------------------------------------------------------------------------------------------- loading
def sniff(doc: Document) -> float:
    if doc.is_pdf:
        return 0.0
    if OPENAPI_HEAD.search(doc.text[:HEAD_CHARS]):
        return 0.98
    # a shared components file (`info:` and `components:` only, no `openapi:` key) that documents $ref into
    # (the plain substring first: a scan in C, where the line-anchored pattern steps through every line)
    return 0.97 if "components:" in doc.text and OPENAPI_FRAGMENT.search(doc.text) else 0.0


def _load(doc: Document):
    text = doc.text
    # brackets nested past the limit (JSON, or YAML's flow style) would exhaust the loaders' recursion: refused
    # in one line, as the JSON layout refuses them (found by `make fuzz`)
    if nesting_depth(text, MAX_DEPTH) > MAX_DEPTH:
        raise InputError(doc.path, f"nested more than {MAX_DEPTH} levels deep; no API description nests so deep")
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except ValueError as exc:
            raise InputError(doc.path, f"invalid JSON: {exc.msg}", getattr(exc, "lineno", None)) from None
    import yaml  # imported here: only YAML sources pay for it

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except RecursionError:  # block-style YAML indented past the loader's recursion
        raise InputError(doc.path, "YAML nested too deep to read; no API description nests so deep") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(doc.path, f"invalid YAML: {getattr(exc, 'problem', exc)}",
                         mark.line + 1 if mark else None) from None


class Positions:
    """The lines of every key and value of the document, by key path (keys as text, list items by index),
    read from the YAML node tree (JSON is YAML's flow style). A document the composer cannot read has no
    positions: its values then carry no line, and every line is reported as structure."""

    def __init__(self, text: str):
        self.at: dict[tuple, tuple[int, int, int]] = {}  # path → (key line, value start line, value end line)
        try:
            import yaml

            root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except Exception:  # noqa: BLE001 - a JSON detail YAML does not accept (tabs): no positions, no failure
            return
        if root is not None:
            self._walk(root, ())

    def _walk(self, node, path: tuple) -> None:
        import yaml

        stack = [(node, path)]
        while stack:
            node, path = stack.pop()
            if len(path) > MAX_DEPTH:
                continue
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    here = path + (str(key.value),)
                    if here in self.at:
                        continue  # an alias seen before
                    self.at[here] = (key.start_mark.line + 1, value.start_mark.line + 1, value.end_mark.line + 1)
                    stack.append((value, here))
            elif isinstance(node, yaml.SequenceNode):
                for i, value in enumerate(node.value):
                    here = path + (i,)
                    self.at[here] = (value.start_mark.line + 1, value.start_mark.line + 1, value.end_mark.line + 1)
                    stack.append((value, here))

    def key(self, path: tuple) -> tuple[int, ...]:
        found = self.at.get(_norm(path))
        return (found[0],) if found else ()

    def value(self, path: tuple) -> tuple[int, ...]:
        found = self.at.get(_norm(path))
        return (found[1],) if found else ()

    def span(self, path: tuple) -> tuple[int, int] | None:
        found = self.at.get(_norm(path))
        return (found[1], max(found[1], found[2])) if found else None


def _norm(path: tuple) -> tuple:
    return tuple(p if isinstance(p, int) else str(p) for p in path)


# ---------------------------------------------------------------------------------------------- reading
def _text(value) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value if not isinstance(v, (dict, list)) and v is not None)
    if value is None or isinstance(value, dict):
        return ""
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _words(*names) -> set[str]:
    return {w for name in names if isinstance(name, str) for w in ident_words(name)}


def _speaks_of_errors(*names) -> bool:
    return bool(_words(*names) & ERROR_PATH_WORDS)


def _status_of(key) -> int | None:
    """The HTTP status a response key or name carries: `'404'`, `404`, `400Error` (not `4XX`, not `default`)."""
    found = RESPONSE_STATUS.findall(str(key))
    if len(found) == 1 and found[0].isdigit():
        return int(found[0])
    return None


def _is_error_status(key) -> bool:
    found = RESPONSE_STATUS.findall(str(key))
    return len(found) == 1 and found[0][0] in "45"


class Reader:
    def __init__(self, doc: Document, data: dict, ctx: Context):
        self.doc, self.data, self.ctx = doc, data, ctx
        self.pos = Positions(doc.text)
        self.out = Parsed(doc.source, ctx.catalog, "openapi")
        self.taken: set[int] = set()
        swagger = "swagger" in data and "openapi" not in data
        components = data.get("components") if isinstance(data.get("components"), dict) else {}
        self.schemas_path = ("definitions",) if swagger else ("components", "schemas")
        self.responses_path = ("responses",) if swagger else ("components", "responses")
        self.schemas = (data.get("definitions") if swagger else components.get("schemas")) or {}
        self.responses = (data.get("responses") if swagger else components.get("responses")) or {}
        if not isinstance(self.schemas, dict):
            self.schemas = {}
        if not isinstance(self.responses, dict):
            self.responses = {}

    def loc(self, lines) -> Loc:
        return Loc(self.doc.source, self.doc.path, tuple(sorted({n for n in lines if n})))

    # ------------------------------------------------------------------------------------ operations
    def operations(self):
        """(operation id, response key, response, path to the response) for every response of every operation."""
        paths = self.data.get("paths")
        if not isinstance(paths, dict):
            return
        for route, item in paths.items():
            if not isinstance(item, dict):
                continue
            for method in METHODS:
                op = item.get(method)
                if not isinstance(op, dict) or not isinstance(op.get("responses"), dict):
                    continue
                op_id = op.get("operationId") or f"{method.upper()} {route}"
                for key, response in op["responses"].items():
                    if isinstance(response, dict):
                        yield str(op_id), key, response, ("paths", route, method, "responses", key), \
                            ("paths", route, method, "operationId")

    # ------------------------------------------------------------------------------------ enums
    def enums(self):
        """(schema path, names on the way, values, schema) of every enum among the schemas."""
        stack = [((*self.schemas_path, name), (name,), schema) for name, schema in self.schemas.items()]
        found = []
        while stack:
            path, names, schema = stack.pop(0)
            if not isinstance(schema, dict) or len(path) > MAX_DEPTH:
                continue
            values = self._enum_values(schema, path)
            if values:
                found.append((path, names, values, schema))
            for key in ("properties", "definitions", "$defs"):
                props = schema.get(key)
                if isinstance(props, dict):
                    stack += [((*path, key, name), (*names, name), sub) for name, sub in props.items()]
            for key in ("items", "additionalProperties"):
                if isinstance(schema.get(key), dict):
                    stack.append(((*path, key), names, schema[key]))
            for key in ("allOf", "oneOf", "anyOf"):
                subs = schema.get(key)
                if isinstance(subs, list) and not values:
                    stack += [((*path, key, i), names, sub) for i, sub in enumerate(subs)]
        return found

    def _enum_values(self, schema: dict, path: tuple) -> list[tuple[object, dict, tuple]]:
        """The enum's values, each with what stands beside it (a `const`'s title and description) and its path."""
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, (str, int)) and not isinstance(v, bool)
                                                   for v in enum):
            return [(v, {}, (*path, "enum", i)) for i, v in enumerate(enum)]
        for key in ("oneOf", "anyOf"):
            subs = schema.get(key)
            if isinstance(subs, list) and subs and all(isinstance(s, dict) and "const" in s for s in subs):
                return [(s["const"], s, (*path, key, i, "const")) for i, s in enumerate(subs)]
        return []

    def _error_refs(self) -> set[str]:
        """The schemas an error schema refers to (`Error.code: {$ref: ErrorCode}`, or a `oneOf` of several):
        an enum of values that an error body carries is a set of error codes whatever its own name."""
        prefix = "#/" + "/".join(self.schemas_path) + "/"
        found = set()
        for name, schema in self.schemas.items():
            title = schema.get("title") if isinstance(schema, dict) else None
            if not _speaks_of_errors(str(name), title):
                continue
            stack = [(schema, 0)]
            while stack:
                node, depth = stack.pop()
                if depth > MAX_DEPTH:
                    continue
                if isinstance(node, dict):
                    ref = node.get("$ref")
                    if isinstance(ref, str) and ref.startswith(prefix):
                        found.add(ref[len(prefix):])
                    stack += [(v, depth + 1) for v in node.values()]
                elif isinstance(node, list):
                    stack += [(v, depth + 1) for v in node]
        return found

    def read_enums(self) -> None:
        errors = []
        referenced = self._error_refs()
        for path, names, values, schema in self.enums():
            title = schema.get("title") if isinstance(schema.get("title"), str) else ""
            if _speaks_of_errors(*names, title) or (len(names) == 1 and str(names[0]) in referenced):
                errors.append((path, names, values, schema, title))
        grouped = len(errors) > 1
        for path, names, values, schema, title in errors:
            varnames = next((schema[k] for k in VARNAMES if isinstance(schema.get(k), list)), None)
            descs = next((schema[k] for k in DESCRIPTIONS if isinstance(schema.get(k), (list, dict))), None)
            listed = self._listed_texts(schema, path, {str(v) for v, _, _ in values})
            header = ["code", "name", "description"]
            rows = []
            for i, (value, beside, vpath) in enumerate(values):
                cells = [_text(value), "", ""]
                locs = [self.pos.value(vpath), (), ()]
                if isinstance(varnames, list) and i < len(varnames):
                    cells[1], locs[1] = _text(varnames[i]), self.pos.value((*path, _key(schema, VARNAMES), i))
                elif isinstance(beside.get("title"), str):
                    cells[1], locs[1] = beside["title"], self.pos.value((*vpath[:-1], "title"))
                if isinstance(descs, list) and i < len(descs):
                    cells[2], locs[2] = _text(descs[i]), self.pos.value((*path, _key(schema, DESCRIPTIONS), i))
                elif isinstance(descs, dict) and str(value) in map(str, descs):
                    k = next(k for k in descs if str(k) == str(value))
                    cells[2], locs[2] = _text(descs[k]), self.pos.value((*path, _key(schema, DESCRIPTIONS), k))
                elif isinstance(beside.get("description"), str):
                    cells[2], locs[2] = beside["description"], self.pos.value((*vpath[:-1], "description"))
                elif str(value) in listed:
                    cells[2], locs[2] = listed[str(value)]
                rows.append(self._row(cells, locs))
            if grouped:
                header.append("category")
                category = title or str(names[-1])
                line = self.pos.value((*path, "title")) if title else self.pos.key(path)
                for row in rows:
                    row.cells.append(category)
                    row.cell_locs.append(self.loc(line))
                self.out.notes.append(Note("section", category, self.loc(line)))
                self.taken.update(line)
            self._records(header, rows)

    def _listed_texts(self, schema: dict, path: tuple, values: set[str]) -> dict[str, tuple[str, tuple]]:
        """The texts a schema's description gives its values, line by line (`* `E101` - text`): value → (text,
        lines). A line that names no value of the enum is no entry's text."""
        text = schema.get("description")
        if not isinstance(text, str) or "\n" not in text:
            return {}
        span = self.pos.span((*path, "description"))
        doc_lines = self.doc.lines
        found: dict[str, tuple[str, tuple]] = {}
        cursor = span[0] if span else 0
        for line in text.split("\n"):
            m = ENUM_VALUE_LINE.fullmatch(line)
            if not m or m.group(1) not in values or m.group(1) in found:
                continue
            lineno = ()
            if span:  # the document line that holds this value and the first words of its text
                start = m.group(2)[:20]
                for n in range(cursor, min(span[1], len(doc_lines)) + 1):
                    if n >= 1 and m.group(1) in doc_lines[n - 1] and start.split(" ")[0] in doc_lines[n - 1]:
                        lineno, cursor = (n,), n + 1
                        break
            found[m.group(1)] = (collapse(m.group(2)), lineno)
        return found

    # ------------------------------------------------------------------------------------ responses
    def read_responses(self) -> None:
        refs: dict[str, list[tuple[str, object, tuple]]] = {}
        inline: dict[tuple[str, str], list[tuple[str, dict, tuple, tuple]]] = {}
        for op_id, key, response, rpath, op_path in self.operations():
            ref = response.get("$ref")
            if isinstance(ref, str):
                prefix = "#/" + "/".join(self.responses_path) + "/"
                if ref.startswith(prefix):
                    refs.setdefault(ref[len(prefix):], []).append((op_id, key, op_path))
                continue
            if not _is_error_status(key):
                continue
            text = collapse(_text(response.get("description")))
            inline.setdefault((str(key), text), []).append((op_id, response, rpath, op_path))

        single, coded = [], []  # responses that are one entry each; entries of the codes responses carry
        for name, response in self.responses.items():
            if not isinstance(response, dict):
                continue
            path = (*self.responses_path, name)
            used = refs.get(str(name), [])
            statuses = list(dict.fromkeys(str(k) for _, k, _ in used if _is_error_status(k)))
            if not statuses and _status_of(name) is not None:
                statuses = [str(_status_of(name))]
            codes = self._codes(response, path)
            if not statuses:
                statuses = list(dict.fromkeys(c["status"] for c in codes if c["status"]))
            error = any(_is_error_status(s) for s in statuses) or (not statuses and bool(codes))
            if not error:
                self._note_response(name, response, path, statuses or [str(k) for _, k, _ in used])
                continue
            for status in statuses or [""]:
                ops = [(op, op_path) for op, k, op_path in used if str(k) == status or not status]
                if codes:
                    self._note_response(name, response, path, [status] if status else [])
                    coded += [(c, status, str(name), ops) for c in codes if not c["status"] or not status
                              or c["status"] == status]
                else:
                    single.append((status, str(name), self.pos.key(path), response, path, ops))
        for (status, _), uses in inline.items():
            _, response, rpath, _ = uses[0]
            codes = self._codes(response, rpath)
            if not codes:
                single.append((status, "", self.pos.key(rpath), response, rpath,
                               [(op, op_path) for op, _, _, op_path in uses]))
                continue
            for op, response, rpath, op_path in uses:  # each operation lists its own: the operation is the group
                route, method = rpath[1], rpath[2]
                coded += [(c, status, f"{method.upper()} {route}", [(op, op_path)])
                          for c in self._codes(response, rpath)]
        if coded or self.out.records:  # the document states its error codes (in responses or enums): a
            # response with a status alone is their transport, not an entry
            for status, name, _, response, path, _ in single:
                self._note_response(name or status, response, path, [status] if name else [])
            single = []
        if single:
            self._single_records(single)
        if coded:
            self._coded_records(coded)

    def _bodies(self, response: dict, path: tuple):
        """The example bodies of a response (OpenAPI 3 `content.*.example(s)`, Swagger `examples`), each with
        its path and the example's own description."""
        content = response.get("content")
        if isinstance(content, dict):
            for media, spec in content.items():
                if not isinstance(spec, dict):
                    continue
                if isinstance(spec.get("example"), dict):
                    yield spec["example"], (*path, "content", media, "example"), None
                examples = spec.get("examples")
                if isinstance(examples, dict):
                    for ex_name, ex in examples.items():
                        if isinstance(ex, dict) and isinstance(ex.get("value"), dict):
                            yield ex["value"], (*path, "content", media, "examples", ex_name, "value"), \
                                (*path, "content", media, "examples", ex_name, "description")
        examples = response.get("examples")
        if isinstance(examples, dict):
            for media, ex in examples.items():
                if isinstance(ex, dict):
                    yield ex, (*path, "examples", media), None

    def _schema_enums(self, response: dict, path: tuple) -> tuple[list[tuple[object, tuple]], str]:
        """The code enum and the status of a response's own schema (`allOf: [{$ref: Error}, {properties:
        {status: {enum: [400]}, code: {enum: [INVALID_ARGUMENT, …]}}}]`)."""
        codes, status = [], ""
        content = response.get("content")
        specs = [(("content", m), spec.get("schema")) for m, spec in content.items()
                 if isinstance(spec, dict)] if isinstance(content, dict) else []
        if isinstance(response.get("schema"), dict):
            specs.append(((), response["schema"]))
        for where, schema in specs[:1]:
            stack = [((*path, *where, "schema"), schema)]
            while stack:
                spath, node = stack.pop(0)
                if not isinstance(node, dict) or len(spath) > MAX_DEPTH:
                    continue
                props = node.get("properties")
                if isinstance(props, dict):
                    for key, prop in props.items():
                        if not isinstance(prop, dict) or not isinstance(prop.get("enum"), list):
                            continue
                        said = header_field(str(key))
                        if said == "code" and not codes:
                            codes = [(v, (*spath, "properties", key, "enum", i)) for i, v in enumerate(prop["enum"])
                                     if isinstance(v, (str, int)) and not isinstance(v, bool)]
                        elif said == "http_status" and len(prop["enum"]) == 1:
                            status = _text(prop["enum"][0])
                for key in ("allOf", "oneOf", "anyOf"):
                    if isinstance(node.get(key), list):
                        stack += [((*spath, key, i), sub) for i, sub in enumerate(node[key])]
        return codes, status

    def _codes(self, response: dict, path: tuple) -> list[dict]:
        """The error codes a response states, in order: its schema's code enum, then the codes its description
        lists (`* `M_USER_IN_USE` : text`). Each with the status, the text its description gives it and the
        example body that shows it (the first whose value is the code). An example alone states no code."""
        enum, status = self._schema_enums(response, path)
        found: dict[str, dict] = {}
        for value, vpath in enum:
            found.setdefault(str(value), {"code": str(value), "line": self.pos.value(vpath), "status": status,
                                          "body": {}, "body_path": (), "about": None, "listed": None})
        for code, text, lines in self._listed_codes(response, path):
            entry = found.setdefault(code, {"code": code, "line": lines, "status": status, "body": {},
                                            "body_path": (), "about": None, "listed": None})
            entry["listed"] = (text, lines)
        for body, bpath, about in self._bodies(response, path):
            leaves = dict(_leaves(body))
            code_key = next((k for k, v in leaves.items() if isinstance(v, (str, int)) and not isinstance(v, bool)
                             and str(v) in found and not found[str(v)]["body"]), None)
            if code_key is None:
                continue  # an example of no listed code: an example, not an entry
            entry = found[str(leaves[code_key])]
            entry.update(body={k: v for k, v in leaves.items() if k != code_key}, body_path=bpath, about=about,
                         code_line=self.pos.value((*bpath, *code_key)))
            for k, v in leaves.items():
                if header_field(k[-1]) == "http_status" and _status_of(v) is not None and not entry["status"]:
                    entry["status"] = str(_status_of(v))
        return list(found.values())

    def _listed_codes(self, response: dict, path: tuple) -> list[tuple[str, str, tuple]]:
        """The codes a response's description lists one per line (`* `M_USER_IN_USE` : text`), the text's
        wrapped lines joined: code, text, lines. Only codes with a code's shape other than a bare word count."""
        text = response.get("description")
        if not isinstance(text, str) or "\n" not in text:
            return []
        span = self.pos.span((*path, "description"))
        out: list[list] = []
        open_item = False  # a list item's text goes on over indented lines until a blank line
        for line in text.split("\n"):
            plain = _strip_markup(line)
            m = ENUM_VALUE_LINE.fullmatch(plain)
            code = m.group(1) if m else ""
            # a list item or a code span (`* `M_USER_IN_USE` : …`), its code shaped as one: not `Note: …`
            marked = plain.lstrip().startswith(("* ", "- ", "+ ", "• ")) or f"`{code}`" in plain
            if m and marked and code_shape(code) is not None and not DECIMAL.fullmatch(code) and (
                    "_" in code or code.isupper() or code_shape(code) != "symbolic"):
                out.append([code, m.group(2), [line]])
                open_item = True
            elif open_item and line.startswith((" ", "\t")) and line.strip():
                out[-1][1] += " " + line.strip()
                out[-1][2].append(line)
            else:
                open_item = False
        found = []
        doc_lines = self.doc.lines
        cursor = span[0] if span else 0
        for code, body, raw in out:
            lines = []
            if span:
                for n in range(cursor, min(span[1], len(doc_lines)) + 1):
                    if n >= 1 and code in doc_lines[n - 1]:
                        lines = list(range(n, n + len(raw)))
                        cursor = n + len(raw)
                        break
            found.append((code, collapse(body), tuple(lines)))
        return found

    def _note_response(self, name, response: dict, path: tuple, statuses: list[str]) -> None:
        line = self.pos.key(path)
        desc = collapse(_text(response.get("description")))
        status = f" ({', '.join(statuses)})" if statuses else ""
        desc_lines = self.pos.value((*path, "description"))
        self.out.notes.append(Note("response", f"{name}{status}: {desc}" if desc else f"{name}{status}",
                                   self.loc(line + desc_lines)))
        self.taken.update(line + desc_lines)

    def _single_records(self, rows) -> None:
        """Responses that are one entry each (`400Error: {description: Bad request}`): the status is the code,
        the key the name, the description the text."""
        header = ["code", "name", "http status", "description", "operations"]
        table = []
        for status, name, name_line, response, path, ops in rows:
            code_line = self.pos.key(path) if not name else ()
            desc_line = self.pos.value((*path, "description"))
            op_lines = tuple(n for _, op_path in ops for n in self.pos.value(op_path))
            cells = [status, name, status, _text(response.get("description")), ", ".join(op for op, _ in ops)]
            table.append(self._row(cells, [code_line, name_line, code_line, desc_line, op_lines]))
        self._records(header, table, lists=frozenset({4}))

    def _coded_records(self, coded) -> None:
        """The codes responses carry: code, status, the response as their category, the text their
        description lists, and the fields of the example body that shows each code under their own keys. The
        example's own description speaks of the example, not the error: kept as an extra field."""
        body_keys: list[tuple] = []
        for c, _, _, _ in coded:
            for k in c["body"]:
                if k not in body_keys and header_field(k[-1]) != "http_status":
                    body_keys.append(k)
        header = ["code", "http status", "category", "description", "operations"]
        header += [".".join(map(str, k)) for k in body_keys]
        table, extras = [], []
        for c, status, name, ops in coded:
            body, bpath = c["body"], c["body_path"]
            listed, listed_lines = c["listed"] or ("", ())
            op_lines = tuple(n for _, op_path in ops for n in self.pos.value(op_path))
            cells = [c["code"], c["status"] or status, name, listed, ", ".join(op for op, _ in ops)]
            locs = [c["line"], (), (), listed_lines, op_lines]
            row_extras = []
            for k in body_keys:
                # where the document states the code's text, its example body is an example: kept beside it
                text, lines = _text(body.get(k)), (self.pos.value((*bpath, *k)) if k in body else ())
                if c["listed"]:
                    cells.append("")
                    locs.append(())
                    row_extras.append(("example." + ".".join(k), text, lines))
                else:
                    cells.append(text)
                    locs.append(lines)
            table.append(self._row(cells, locs))
            about = c["about"]
            text = self._get(about) if about else None
            if isinstance(text, str) and text.strip():
                row_extras.append(("example", text, self.pos.value(about)))
            extras.append(row_extras)
        start = len(self.out.records)
        self._records(header, table, lists=frozenset({4}))
        for record in self.out.records[start:]:
            for key, text, lines in extras[record.order - start] if 0 <= record.order - start < len(extras) else ():
                if text.strip():
                    record.cells["x:" + key] = Cell(collapse(text), text, self.loc(lines))
                    # (its line stays in the structure item too: the report's provenance names contract fields)

    def _get(self, path: tuple):
        value = self.data
        for key in path:
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                return None
        return value

    # ------------------------------------------------------------------------------------ output
    def _row(self, cells: list[str], locs: list[tuple]) -> Row:
        cell_locs = [self.loc(lines) for lines in locs]
        return Row(cells, self.loc([n for lines in locs for n in lines]), cell_locs)

    def _records(self, header: list[str], rows: list[Row], lists: frozenset[int] = frozenset()) -> None:
        start = len(self.out.records)
        records, conflicts = table_records(header, rows, source=self.doc.source, catalog=self.ctx.catalog,
                                           header_loc=self.loc(()), order_start=start, lists=lists)
        self.out.records += records
        self.out.conflicts += conflicts
        for record in records:
            for fld, cell in record.cells.items():
                if not fld.startswith("x:") and fld != "category":  # (a category names its group)
                    self.taken.update(cell.loc.lines)

    def notes(self) -> None:
        info = self.data.get("info")
        if isinstance(info, dict):
            for key in ("title", "version"):
                if isinstance(info.get(key), (str, int, float)):
                    lines = self.pos.key(("info", key))
                    self.out.notes.append(Note("preamble", f"{key}: {info[key]}", self.loc(lines)))
                    self.taken.update(lines)

    def finish(self) -> Parsed:
        rest = [n for n, line in enumerate(self.doc.lines, 1) if line.strip() and n not in self.taken]
        if rest:
            self.out.layout.append(Layout("OpenAPI structure (paths, schemas, parameters, examples)", self.loc(rest)))
        return self.out


def _strip_markup(line: str) -> str:
    """A description line without inline tags and template shortcodes (`{{% added-in v="1.17" %}}`)."""
    line = INLINE_TAG.sub("", line)
    while "{{" in line and "}}" in line[line.index("{{"):]:
        a = line.index("{{")
        line = line[:a] + line[line.index("}}", a) + 2:]
    return line


def _key(schema: dict, names: tuple[str, ...]) -> str:
    return next(k for k in names if k in schema)


def _leaves(value, path: tuple = ()):
    """The scalar and list leaves of an example body, by key path, in document order."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (str(k),))
    elif path:
        yield path, value


def parse(doc: Document, ctx: Context) -> Parsed:
    data = _load(doc)
    if not isinstance(data, dict):
        raise InputError(doc.path, "an OpenAPI document is an object at the top")
    reader = Reader(doc, data, ctx)
    reader.notes()
    reader.read_enums()
    reader.read_responses()
    return reader.finish()


RULE = LayoutRule("openapi", sniff, parse, "OpenAPI/Swagger: error-code enums, error responses")
