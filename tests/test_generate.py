"""The generate verb (extract/generate/): every target for every seed catalog, checked by its real validator or
compiler, read back by the toolkit's own layouts into the same catalog, deterministic, marked as generated, and
escaped for what a hostile catalog holds (quotes, `*/`, `-->`, backslashes, line breaks, controls, non-ASCII,
names that are keywords, start with digits, repeat or are empty)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from extract.generate import run_manifest_generates
from extract.generate.catalog import catalog_of, load_catalog
from extract.generate.code import java_line_comment, paragraphs
from extract.generate.identifiers import identifiers, type_name
from extract.generate.openapi import wrapped_document
from extract.generate.targets import TARGET_NAMES, Settings, render
from extract.text import collapse, loose_text

REPO = Path(__file__).resolve().parents[1]
SEEDS = ("backend-services", "parse", "identity-cloud")
CODE_TARGETS = ("python", "typescript", "go", "java")
LANGUAGE_RESERVED = {"go": lambda cat: frozenset({"ErrorCode"}),
                     "java": lambda cat: frozenset({"code", "httpStatus", "message", type_name(cat.name)})}


# ---------------------------------------------------------------------------------------------- helpers
def verb(argv: list[str], capsys) -> tuple[int, str, str]:
    """A verb run in process through the CLI, the way a user runs it (`python -m extract …`). Until cli.py
    wires `generate` and `drift`, their own argument setup runs behind the CLI's one-line usage errors."""
    from extract import cli
    from extract.drift import add_drift_arguments
    from extract.errors import InputError
    from extract.generate import add_generate_arguments

    wired = cli.parser()._subparsers._group_actions[0].choices
    if argv[0] in wired:
        code = cli.main(argv)
    else:
        parser = cli.OneLineParser(prog="extract")
        sub = parser.add_subparsers(dest="verb", required=True, parser_class=cli.OneLineParser)
        add_generate_arguments(sub)
        add_drift_arguments(sub)
        args = parser.parse_args(argv)
        try:
            code = args.func(args)
        except InputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            code = 2
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def seeds(seed_build):
    return {name: load_catalog(seed_build["root"] / "normalized", name) for name in SEEDS}


def entry(code, variant=1, name="", status=None, message="", description="", category="", operations=()):
    return {"catalog": "hostile", "code": code, "variant": variant, "name": name, "http_status": status,
            "message": message, "description": description, "operations": list(operations), "category": category,
            "sources": ["h"]}


HOSTILE = {
    "catalogs": [{"catalog": "hostile", "sources": ["h"],
                  "notes": [{"kind": "footnote", "text": "A note with <tags> & | pipes *stars* -->", "marker": "*"}],
                  "ranges": [{"range": "100-199", "lo": 100, "hi": 199, "label": "Range <x>"}]}],
    "entries": [
        entry("-1", name="class", status=400, message='Quote " and back\\slash',
              description="Ends */ a comment; --> and <!-- too", category="Weird <b>bold</b> & co"),
        entry("2", name="3DSecure", status=402, message="Pipes | in | cells",
              description="**not bold** _nor this_ `code` [link](x) <script>alert(1)</script>",
              category="Weird <b>bold</b> & co"),
        entry("3", description="Line one\nline two", category="Second"),
        entry("3", variant=2, name="naïve café", status=500, message="Non-ASCII é ✓ 日本",
              description="a\u2028separator, a \x07bell and a \ufeffBOM", category="Second"),
        entry("4", name="mro", description="A line\n@returns nothing"),
        entry("5", name="code", description="Java's field name; \\u000a is no newline, \\u002a/ no comment end"),
        entry("6", name="Infinity", description="a name TypeScript reserves"),
        entry("7", name="class", description="the same name again"),
        entry("8", name="a-b c", description="spaces and dashes in the name"),
        entry("9", name="_private", description="a leading underscore"),
        entry("10", name="x\\u000ay", description="javac reads \\u000a as a line break, even in a comment",
              category="Break \\u000a here"),
    ],
    "sources": [{"id": "h --> */ \"x\" \\u000a", "sha256": "ab" * 32, "catalog": "hostile"}],
}


@pytest.fixture(scope="module")
def hostile():
    return catalog_of(json.loads(json.dumps(HOSTILE)), "hostile")


def written(tmp_path: Path, target: str, catalog, settings: Settings = Settings()) -> Path:
    files = render(target, catalog, settings)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8", newline="\n")
    return tmp_path / next(iter(files))


def read_back(path: Path, catalog: str) -> list[dict]:
    """The entries the toolkit's own layouts read from a generated file (an ad-hoc build, in process)."""
    from extract.pipeline import run
    from extract.manifest import SourceSpec
    from extract.outputs import catalog_document

    build = run([SourceSpec("generated", path, catalog, 1, root=path.parent)])
    assert not build.errors, build.errors
    return catalog_document(build)["entries"]


def tool(name: str) -> str | None:
    local = REPO / ".tools" / "node_modules" / ".bin" / name
    return str(local) if local.exists() else shutil.which(name)


def compile_check(target: str, path: Path, tmp_path: Path) -> None:
    """Compile (or vet) a generated module with the language's own tool; skip, saying why, where there is none."""
    if target == "python":
        proc = subprocess.run([sys.executable, "-m", "py_compile", str(path)], capture_output=True, text=True)
    elif target == "typescript":
        tsc = tool("tsc")
        if not tsc:
            pytest.skip("tsc not found (make compilers installs TypeScript into .tools/ with npm)")
        proc = subprocess.run([tsc, "--noEmit", "--strict", "--target", "es2020", str(path)],
                              capture_output=True, text=True)
    elif target == "go":
        go = shutil.which("go")
        if not go:
            pytest.skip("go not found (make compilers installs Debian's golang-go when run as root)")
        pkg = tmp_path / "gopkg"
        pkg.mkdir()
        shutil.copy(path, pkg / path.name)
        env = {**os.environ, "GOCACHE": str(tmp_path / "gocache"), "GOPATH": str(tmp_path / "gopath"),
               "GO111MODULE": "off", "GOFLAGS": "", "HOME": str(tmp_path)}
        proc = subprocess.run([go, "vet", "."], cwd=pkg, capture_output=True, text=True, env=env)
        if proc.returncode == 0:
            fmt = subprocess.run([shutil.which("gofmt") or "gofmt", "-l", str(pkg / path.name)],
                                 capture_output=True, text=True)
            assert fmt.stdout == "", f"not gofmt-formatted: {fmt.stdout}"
    else:
        javac = shutil.which("javac")
        if not javac:
            pytest.skip("javac not found (install a JDK: apt-get install default-jdk-headless)")
        proc = subprocess.run([javac, "-encoding", "UTF-8", "-Xlint:all", "-Werror", "-d", str(tmp_path / "classes"),
                               str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---------------------------------------------------------------------------------------------- every target
@pytest.mark.parametrize("catalog", SEEDS)
@pytest.mark.parametrize("target", TARGET_NAMES)
def test_every_target_is_generated_deterministically_and_marked(seeds, target, catalog):
    cat = seeds[catalog]
    first, second = render(target, cat), render(target, cat)
    assert first == second
    text = next(t for name, t in first.items() if not name.endswith(".json") or target == "openapi")
    head = "\n".join(text.splitlines()[:4])
    assert "Generated by `python -m extract generate" in head and f"'{catalog}'" in head
    assert "Do not edit by hand" in text
    for name, body in first.items():
        assert body.endswith("\n") and "\r" not in body, name


@pytest.mark.parametrize("target", [t for t in TARGET_NAMES if t != "problem-types"])
def test_the_header_names_the_catalog_and_its_sources_not_a_path_or_a_time(seeds, target):
    text = next(iter(render(target, seeds["backend-services"]).values()))
    head = text[:1200]
    for source in ("backend-services-table", "backend-services-web-scrape", "backend-services-pdf-dump"):
        assert source in head
    assert "normalized/" not in head and not re.search(r"20\d\d-\d\d-\d\d", head)


# ---------------------------------------------------------------------------------------------- round trips
def assert_same_fields(expected: list[dict], got: list[dict], fields) -> None:
    assert [(e["code"], e["variant"]) for e in got] == [(e["code"], e["variant"]) for e in expected]
    for want, have in zip(expected, got):
        for field in fields:
            assert have[field] == want[field], (want["code"], want["variant"], field, want[field], have[field])


@pytest.mark.parametrize("catalog", SEEDS)
@pytest.mark.parametrize("target", ("markdown", "html"))
def test_the_documentation_page_reads_back_as_the_same_catalog(seeds, tmp_path, target, catalog):
    cat = seeds[catalog]
    got = read_back(written(tmp_path, target, cat), catalog)
    expected = [{"code": e.code, "variant": e.variant, "name": e.name, "http_status": e.http_status,
                 "message": e.message, "description": e.description, "operations": list(e.operations),
                 "category": e.category} for e in cat.entries]
    assert_same_fields(expected, got, ("name", "http_status", "message", "description", "operations", "category"))


def code_expected(cat, target: str) -> list[dict]:
    """What a generated module carries per entry: its code, its identifier (the catalog's name wherever the
    language allows it), its HTTP status, its category, its doc comment's text as the description, and in Java
    the message as a constructor argument."""
    language = target
    idents = identifiers(cat.entries, language, LANGUAGE_RESERVED.get(language, lambda c: frozenset())(cat))
    out = []
    for e, ident in zip(cat.entries, idents):
        texts = [p for p in paragraphs(e, with_message=target != "java") if not p.startswith("HTTP Status: ")]
        out.append({"code": e.code, "variant": e.variant, "name": ident.text, "http_status": e.http_status,
                    # a Java comment doubles a backslash, or javac would read `\u000a` in it as a line break
                    "category": java_line_comment(e.category) if target == "java" else e.category,
                    "description": collapse(" ".join(texts)),
                    # the constants layout keeps a string literal's escapes (`\"`) as written: a parser gap
                    "message": (e.message.replace("\\", "\\\\").replace('"', '\\"') if target == "java" else "")})
    return out


@pytest.mark.parametrize("catalog", SEEDS)
@pytest.mark.parametrize("target", CODE_TARGETS)
def test_the_code_module_reads_back_as_the_same_catalog(seeds, tmp_path, target, catalog):
    cat = seeds[catalog]
    got = read_back(written(tmp_path, target, cat), catalog)
    expected = code_expected(cat, target)
    assert_same_fields(expected, got, ("name", "http_status", "category", "description", "message"))
    # a name the language allows is kept as the catalog writes it (Go: exported, so CamelCase where it is not)
    for e, want in zip(cat.entries, expected):
        if e.name and target != "go":
            assert want["name"].rstrip("_0123456789") == e.name or want["name"].startswith(e.name + "_"), e.name
        if e.name:
            assert loose_text(want["name"]).startswith(loose_text(e.name))


@pytest.mark.parametrize("catalog", SEEDS)
@pytest.mark.parametrize("target", CODE_TARGETS)
def test_the_code_module_compiles(seeds, tmp_path, target, catalog):
    compile_check(target, written(tmp_path, target, seeds[catalog]), tmp_path)


# ---------------------------------------------------------------------------------------------- hostile input
@pytest.mark.parametrize("target", CODE_TARGETS)
def test_a_hostile_catalog_compiles_in_every_language(hostile, tmp_path, target):
    compile_check(target, written(tmp_path, target, hostile), tmp_path)


@pytest.mark.parametrize("target", CODE_TARGETS)
def test_a_hostile_catalog_reads_back_codes_names_and_statuses(hostile, tmp_path, target):
    got = read_back(written(tmp_path, target, hostile), "hostile")
    assert_same_fields(code_expected(hostile, target), got, ("name", "http_status", "category"))


def test_hostile_identifiers_are_derived_and_the_derivation_is_said(hostile):
    python = [i.text for i in identifiers(hostile.entries, "python")]
    assert python == ["class_", "E3DSecure", "CODE_3", "naive_cafe", "mro_", "code_5", "Infinity", "class__7",
                      "a_b_c", "private_", "x_u000ay"]
    java = [i.text for i in identifiers(hostile.entries, "java", frozenset({"code"}))]
    assert java[5] == "code_" and java[9] == "private_"
    go = [i.text for i in identifiers(hostile.entries, "go")]
    assert go == ["Class", "E3DSecure", "CODE_3", "NaiveCafe", "Mro", "Code", "Infinity", "Class_7", "ABC", "Private",
                  "XU000ay"]
    assert [i.text for i in identifiers(hostile.entries, "typescript")][6] == "Infinity_"
    text = " ".join(render("python", hostile)["hostile_errors.py"].replace("#", " ").split())
    assert "`class` is a reserved word here" in text and "the catalog gives no name" in text
    assert "`class_` is already the identifier of an earlier entry" in text


def test_no_comment_of_a_generated_module_can_be_ended_by_the_catalog(hostile):
    ts = render("typescript", hostile)["hostile-errors.ts"]
    java = render("java", hostile)["HostileErrorCode.java"]
    for text in (ts, java):
        for block in re.findall(r"/\*\*.*?\*/", text, re.S):
            assert "*/" not in block[3:-2]
    # javac reads a `\\u` escape (a backslash after an even run of backslashes) before it sees any comment
    assert not re.search(r"(?<!\\)(?:\\\\)*\\u", java)
    assert "U+0007" in ts and "\x07" not in ts + java


def test_the_hostile_markdown_and_html_pages_read_back_and_inject_nothing(hostile, tmp_path):
    md = written(tmp_path, "markdown", hostile)
    html_page = written(tmp_path, "html", hostile)
    for path in (md, html_page):
        got = read_back(path, "hostile")
        assert [(e["code"], e["variant"], e["name"], e["http_status"]) for e in got] == \
               [(e.code, e.variant, e.name, e.http_status) for e in hostile.entries]
        for e, want in zip(got, hostile.entries):
            assert e["message"] == collapse(want.message)
            # the Markdown layout keeps a heading's character references as written (a parser gap): a category
            # holding `<`, `&` or `*` comes back escaped from the Markdown page, whole from the HTML page
            if path == html_page or want.category in ("", "Second"):
                assert e["category"] == want.category
    tags = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    Tags().feed(html_page.read_text(encoding="utf-8"))
    assert "script" not in tags and "b" not in tags
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(md.read_text(encoding="utf-8"))
    assert "<script>" not in rendered and "<strong>" not in rendered and "<em>" not in rendered
    assert rendered.count("<table>") == 4  # the uncategorised entries, then one table per category


@pytest.mark.parametrize("target", CODE_TARGETS)
def test_a_catalog_without_entries_still_compiles(tmp_path, target):
    empty = catalog_of({"catalogs": [{"catalog": "empty"}], "entries": [], "sources": []}, "empty")
    compile_check(target, written(tmp_path, target, empty), tmp_path)


# ---------------------------------------------------------------------------------------------- OpenAPI
@pytest.mark.parametrize("catalog", SEEDS)
def test_the_openapi_fragment_is_valid_and_lists_the_codes_per_status(seeds, catalog):
    from openapi_spec_validator import validate

    cat = seeds[catalog]
    fragment = json.loads(render("openapi", cat)[f"{catalog}-errors.openapi.json"])
    validate(wrapped_document(fragment))
    schema = fragment["components"]["schemas"][type_name(catalog)]
    codes = list(dict.fromkeys(e.code for e in cat.entries))
    assert [str(v) for v in schema["enum"]] == codes
    assert len(schema["x-enum-varnames"]) == len(schema["x-enum-descriptions"]) == len(codes)
    assert len(schema["x-error-codes"]) == len(cat.entries)
    responses = fragment["components"].get("responses", {})
    assert sorted(int(k[-3:]) for k in responses) == cat.statuses()
    for key, response in responses.items():
        status = int(key[-3:])
        carried = {e.code for e in cat.entries if e.http_status == status}
        enum = response["content"]["application/json"]["schema"]["properties"]["code"]["enum"]
        assert {str(v) for v in enum} == carried
        assert all(f"`{code}`" in response["description"] for code in carried)


def test_the_hostile_openapi_fragment_is_valid(hostile):
    from openapi_spec_validator import validate

    fragment = json.loads(render("openapi", hostile)["hostile-errors.openapi.json"])
    validate(wrapped_document(fragment))
    assert fragment["components"]["schemas"]["HostileErrorCode"]["type"] == "integer"


# ---------------------------------------------------------------------------------------------- problem types
PROBLEM = {"type": "object", "required": ["type", "title", "detail"],
           "properties": {"type": {"type": "string", "format": "uri-reference"}, "title": {"type": "string"},
                          "status": {"type": "integer", "minimum": 100, "maximum": 599},
                          "detail": {"type": "string"}}}


@pytest.mark.parametrize("catalog", SEEDS)
def test_problem_types_are_rfc9457_objects_with_a_page_each(seeds, catalog):
    import jsonschema

    cat = seeds[catalog]
    files = render("problem-types", cat, Settings(base_uri=f"https://errors.example.com/{catalog}/"))
    index = json.loads(files["index.json"])
    assert len(index["problem_types"]) == len(cat.entries)
    assert sorted(index["files"]) == sorted(files)
    types = set()
    for e, obj in zip(cat.entries, index["problem_types"]):
        jsonschema.validate(obj, PROBLEM)
        assert obj.get("status") == e.http_status and obj["code"] == e.code
        slug = obj["type"].rsplit("/", 1)[1]
        assert json.loads(files[f"{slug}.json"]) == obj and f"{slug}.html" in files
        assert obj["type"].startswith(f"https://errors.example.com/{catalog}/")
        types.add(obj["type"])
    assert len(types) == len(cat.entries)


def test_hostile_problem_type_file_names_are_safe_and_unique(hostile):
    files = render("problem-types", hostile)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", name) and not name.startswith(".") for name in files)
    assert "minus-1.json" in files and "3-v2.json" in files
    page = files["minus-1.html"]
    assert "<script>" not in page and "&lt;!-- too" in page


def test_problem_types_rewrite_removes_pages_of_entries_gone_and_keeps_other_files(seeds, tmp_path, capsys):
    from extract.generate import generate

    out = tmp_path / "problems"
    generate("problem-types", seeds["parse"], out)
    (out / "README.md").write_text("kept\n", encoding="utf-8")
    assert (out / "1.json").exists()
    fewer = catalog_of({"catalogs": [{"catalog": "parse"}], "entries": [
        {"catalog": "parse", "code": "2", "variant": 1, "name": "ServiceUnavailable", "http_status": None,
         "message": "", "description": "The service is currently unavailable.", "operations": [], "category": "",
         "sources": []}], "sources": []}, "parse")
    generate("problem-types", fewer, out)
    assert sorted(p.name for p in out.iterdir()) == ["2.html", "2.json", "README.md", "index.html", "index.json"]


# ---------------------------------------------------------------------------------------------- the verb
def test_generate_writes_a_file_a_folder_or_standard_output(seed_build, tmp_path, capsys):
    normalized = str(seed_build["root"] / "normalized")
    code, out, err = verb(["generate", "markdown", "--catalog", "parse", "--input", normalized,
                           "--out", str(tmp_path / "docs" / "errors.md")], capsys)
    assert code == 0 and (tmp_path / "docs" / "errors.md").read_text().startswith("<!-- Generated")
    assert out.startswith("generated markdown for parse: ")
    code, out, err = verb(["generate", "java", "--catalog", "parse", "--input", normalized,
                           "--out", str(tmp_path)], capsys)
    assert code == 0 and (tmp_path / "ParseErrorCode.java").exists()
    code, out, err = verb(["generate", "go", "--catalog", "parse", "--input", normalized, "--out", "-"], capsys)
    assert code == 0 and out.startswith("// Code generated by python -m extract generate go") \
        and "DO NOT EDIT." in out.splitlines()[0]


def test_generate_refuses_bad_input_in_one_line(seed_build, tmp_path, capsys):
    normalized = str(seed_build["root"] / "normalized")
    code, out, err = verb(["generate", "python", "--catalog", "nope", "--input", normalized, "--out", str(tmp_path)],
                          capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "no catalog 'nope' in it (catalogs: backend-services, identity-cloud, parse)" in err
    code, out, err = verb(["generate", "java", "--catalog", "parse", "--input", normalized,
                           "--out", str(tmp_path / "not-a-class.java")], capsys)
    assert code == 2 and "a Java file is named after its public enum" in err
    bad = tmp_path / "catalog.json"
    bad.write_text('{"entries": [{"catalog": "x", "code": 5}]}', encoding="utf-8")
    code, out, err = verb(["generate", "html", "--catalog", "x", "--input", str(bad), "--out", str(tmp_path)], capsys)
    assert code == 2 and "entry 1 (code 5): code must be a non-empty text" in err


def test_a_java_package_and_a_go_package_can_be_named(seeds, tmp_path):
    java = render("java", seeds["parse"], Settings(package="com.example.errors"))["ParseErrorCode.java"]
    assert "\npackage com.example.errors;\n" in java
    go = render("go", seeds["parse"], Settings(package="perrors"))["parse_errors.go"]
    assert "\npackage perrors\n" in go
    with pytest.raises(Exception, match="not a Go package name"):
        render("go", seeds["parse"], Settings(package="Bad-Name"))


# ---------------------------------------------------------------------------------------------- the manifest
def manifest_with(project: Path, text: str) -> Path:
    manifest = project / "raw_sources" / "sources.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return manifest


def test_generate_tables_run_after_a_build(project, capsys):
    manifest = manifest_with(project, '[[generate]]\ntarget = "markdown"\ncatalog = "parse"\nout = "docs/parse.md"\n\n'
                                      '[[generate]]\ntarget = "problem-types"\ncatalog = "identity-cloud"\n'
                                      'out = "site/problems"\nbase_uri = "https://example.com/p/"\n')
    from extract import cli

    assert cli.main(["build", "--manifest", str(manifest), "--out", str(project / "normalized")]) == 0
    lines = run_manifest_generates(manifest, project / "normalized")
    assert lines == ["generated markdown for parse: docs/parse.md",
                     "generated problem-types for identity-cloud: site/problems"]
    assert (project / "docs" / "parse.md").read_text().count("\n## ") >= 10
    index = json.loads((project / "site" / "problems" / "index.json").read_text())
    assert index["problem_types"][0]["type"].startswith("https://example.com/p/")


@pytest.mark.parametrize("table, reason", [
    ('target = "markdown"\ncatalog = "parse"\nout = "x.md"\nfromat = "x"\n',
     "[[generate]] #1: unknown key 'fromat' (valid: base_uri, catalog, out, package, target)"),
    ('target = "pdf"\ncatalog = "parse"\nout = "x.pdf"\n',
     "[[generate]] #1: unknown target 'pdf' (valid: markdown, html, openapi, problem-types, python, typescript, go, "
     "java)"),
    ('target = "markdown"\ncatalog = "nope"\nout = "x.md"\n', "[[generate]] #1: no [[source]] describes catalog 'nope'"),
    ('target = "markdown"\ncatalog = "parse"\nout = "../x.md"\n',
     "[[generate]] #1: out '../x.md' lies outside the project folder"),
    ('target = "markdown"\ncatalog = "parse"\nout = "raw_sources/x.md"\n',
     "[[generate]] #1: out 'raw_sources/x.md' lies inside raw_sources/, where the sources are"),
    ('target = "markdown"\ncatalog = "parse"\n', "[[generate]] #1: missing or empty 'out'"),
])
def test_a_bad_generate_table_is_refused_in_one_line_naming_its_line(project, run_cli, table, reason):
    manifest = manifest_with(project, "[[generate]]\n" + table)
    line = manifest.read_text().splitlines().index("[[generate]]") + 1
    code, out, err = run_cli(["build"], cwd=project)
    assert code == 2 and "Traceback" not in err
    assert any(l.startswith(f"error: raw_sources/sources.toml:{line}: {reason}") for l in err.splitlines()), err


def test_a_source_role_must_be_docs_or_code(project, run_cli):
    manifest = project / "raw_sources" / "sources.toml"
    text = manifest.read_text(encoding="utf-8").replace('id = "parse-errors"', 'id = "parse-errors"\nrole = "sdk"', 1)
    manifest.write_text(text, encoding="utf-8")
    code, out, err = run_cli(["build"], cwd=project)
    assert code == 2 and "role must be one of 'docs', 'code', not 'sdk'" in err
