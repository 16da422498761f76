"""The quirks GUIDE.md lists for seeds 000, 003 and 004, each built alone: what is extracted, and the conflict that
tells a reviewer about it (kind, field, severity, locations)."""
from __future__ import annotations

import pytest

TSV = "raw_sources/backend-services-table.tsv"
MD = "raw_sources/parse-errors.md"
PROSE = "raw_sources/identity-cloud-registration-errors.txt"


@pytest.fixture
def s000(adhoc_build):
    return adhoc_build("backend-services", TSV)


@pytest.fixture
def s003(adhoc_build):
    return adhoc_build("parse", MD)


@pytest.fixture
def s004(adhoc_build):
    return adhoc_build("identity-cloud", PROSE)


def entry(built, code, variant=1):
    found = [e for e in built["catalog"]["entries"] if e["code"] == code and e["variant"] == variant]
    assert len(found) == 1, f"no single entry {code}/{variant}"
    return found[0]


def variants(built, code):
    return [e for e in built["catalog"]["entries"] if e["code"] == code]


def conflicts(built, kind, **where):
    return [c for c in built["conflicts"] if c["kind"] == kind and all(c[k] == v for k, v in where.items())]


def locations(conflict):
    return [v["location"] for v in conflict["values"]]


def notes(built, kind=None):
    return [n for c in built["catalog"]["catalogs"] for n in c["notes"] if kind is None or n["kind"] == kind]


def layout(built):
    return [item for s in built["catalog"]["sources"] for item in s["layout"]]


# --- seed 000: tab table ---------------------------------------------------------------------------------------

def test_000_swapped_header_is_read_by_values_and_reported(s000):
    e = entry(s000, "201")
    assert e["operations"] == ["Register user", "Update user"]
    assert e["description"] == "The name of the user account you are creating or updating already exists."
    found = {c["field"]: c for c in conflicts(s000, "header_mismatch")}
    assert sorted(found) == ["description", "operations"]
    for field, header in (("operations", "Description"), ("description", "Returned By")):
        c = found[field]
        assert c["severity"] == "warning"
        assert c["values"][0] == {"source": "backend-services-table", "value": header, "location": f"{TSV}:3"}
        assert c["resolution"]["status"] == "auto" and c["resolution"]["value"] == field


def test_000_blank_http_statuses_stay_blank_and_are_reported(s000):
    blank = {("107", 1): 5, ("607", 1): 40, ("610", 1): 43, ("611", 1): 44, ("613", 1): 46, ("617", 1): 50}
    assert {(e["code"], e["variant"]) for e in s000["catalog"]["entries"] if e["http_status"] is None} == set(blank)
    found = conflicts(s000, "missing_value")
    assert {(c["code"], c["variant"]) for c in found} == set(blank)
    for c in found:
        assert c["field"] == "http_status"
        assert c["severity"] == "error"
        assert c["resolution"]["status"] == "open"
        assert locations(c) == [f"{TSV}:{blank[c['code'], c['variant']]}"]
        assert c["values"][0]["value"] is None
    assert entry(s000, "107", 2)["http_status"] == 400  # the other two 107 rows have theirs


def test_000_code_107_three_times_gives_three_variants_and_one_duplicate_code(s000):
    assert [e["message"] for e in variants(s000, "107")] == [
        "General database error.",
        "The operation results in a duplicate key for a unique index.",
        'Duplicate values already exist for field Number of content type "New".',
    ]
    assert [e["variant"] for e in variants(s000, "107")] == [1, 2, 3]
    (dup,) = conflicts(s000, "duplicate_code")
    assert dup["code"] == "107" and dup["field"] is None
    assert dup["severity"] == "error"  # three different meanings under one code
    assert locations(dup) == [f"{TSV}:5", f"{TSV}:6", f"{TSV}:7"]


def test_000_footnotes_are_notes_that_name_the_operations_carrying_their_marker(s000):
    found = {n["marker"]: n for n in notes(s000, "footnote")}
    assert sorted(found) == ["*", "†"]
    star, dagger = found["*"], found["†"]
    assert star["location"] == f"{TSV}:68"
    assert star["text"].startswith("Data operations are all CRUD requests to custom or built-in content types.")
    assert star["refers_to"] == ["All data operations*"]
    assert dagger["location"] == f"{TSV}:70"
    assert dagger["text"].startswith("Metadata operations are CRUD requests that work with metadata.")
    assert dagger["refers_to"] == ["Metadata operations†", "Metadata operations† for content types"]
    # every operation that carries a marker is listed by its footnote, and the markers stay on the operations
    for marker, note in found.items():
        carrying = {op for e in s000["catalog"]["entries"] for op in e["operations"] if marker in op}
        assert carrying == set(note["refers_to"])
    assert entry(s000, "611")["operations"] == ["All data operations*", "Metadata operations† for content types"]
    assert entry(s000, "630")["operations"] == ["Metadata operations†"]  # the trailing space of the cell is gone
    assert [n["location"] for n in notes(s000, "preamble")] == [f"{TSV}:2"]


# --- seed 003: Markdown tables under ## headings ------------------------------------------------------------------

SECTIONS = ["API Issues", "Push related errors", "File related errors", "Installation related errors",
            "Purchase related errors", "User related errors", "Linked services errors", "Client-only errors",
            "Operational issues", "Other issues"]


def test_003_each_table_takes_its_heading_as_category(s003):
    entries = s003["catalog"]["entries"]
    assert {e["category"] for e in entries} == set(SECTIONS)
    assert entry(s003, "100")["category"] == "Client-only errors"
    assert entry(s003, "-1")["category"] == "Other issues"
    assert entry(s003, "143", 1)["category"] == "API Issues"  # WebhookError
    assert entry(s003, "143", 2)["category"] == "Purchase related errors"  # ReceiptMissing, same code elsewhere
    headings = [item for item in layout(s003) if item["role"] == "heading h2"]
    assert len(headings) == 10
    assert entry(s003, "601")["provenance"]["category"]["location"] == f"{MD}:149"


def test_003_backticks_padding_and_tabs_are_stripped(s003):
    for e in s003["catalog"]["entries"]:
        for field in ("name", "code", "description"):
            value = e[field]
            assert value == value.strip() and "\t" not in value and "  " not in value, (e["code"], field, value)
        assert "`" not in e["name"]
    assert entry(s003, "255")["name"] == "ClassNotEmpty"  # `ClassNotEmpty`       <TAB>
    assert entry(s003, "115", 1)["description"] == \
        "Push is misconfigured in your app. Check error message for more details."  # two spaces in the source
    assert entry(s003, "100")["description"] == "The connection to the Parse servers failed."  # padded cell


def test_003_kramdown_attribute_lines_are_layout(s003):
    attr = [item["location"] for item in layout(s003) if item["role"] == "kramdown attribute line"]
    assert attr == [f"{MD}:{n}" for n in (48, 70, 83, 94, 107, 123, 147, 157, 168, 178)]
    texts = [e["description"] for e in s003["catalog"]["entries"]] + [n["text"] for n in notes(s003)]
    assert not any("docs_table" in t for t in texts)


def test_003_name_with_space_inside_backticks_is_normalised_and_reported(s003):
    assert entry(s003, "601")["name"] == "FileReadError"
    (c,) = conflicts(s003, "normalized_value")
    assert (c["code"], c["variant"], c["field"], c["severity"]) == ("601", 1, "name", "info")
    assert c["values"] == [{"source": "parse-errors", "value": "`FileReadError `", "location": f"{MD}:155"}]
    assert c["resolution"]["status"] == "auto" and c["resolution"]["value"] == "FileReadError"


def test_003_codes_shared_by_several_names_keep_one_entry_each(s003):
    assert len(s003["catalog"]["entries"]) == 115
    shared = {"101": 2, "115": 9, "116": 2, "139": 2, "141": 5, "143": 2, "251": 10, "252": 5}
    for code, count in shared.items():
        assert [e["variant"] for e in variants(s003, code)] == list(range(1, count + 1)), code
    assert [e["name"] for e in variants(s003, "251")][:3] == ["InvalidLinkedSession", "InvalidGeneralAuthData",
                                                           "BadAnonymousID"]
    assert variants(s003, "251")[-1]["name"] == "TwitterConnectFailure"
    found = {c["code"]: c for c in conflicts(s003, "duplicate_code")}
    assert sorted(found, key=int) == list(shared)
    for code, c in found.items():
        assert (c["severity"], c["field"]) == ("info", None)  # aliases: each has its own name
        assert len(c["values"]) == shared[code]
    assert locations(found["115"]) == [f"{MD}:{n}" for n in range(58, 67)]
    assert locations(found["143"]) == [f"{MD}:38", f"{MD}:100"]


# --- seed 004: prose list ------------------------------------------------------------------------------------------

def test_004_wrapped_descriptions_are_rejoined(s004):
    assert entry(s004, "201")["description"] == (
        "Two or more conflicting arguments were included in the same operation. For example, you typically can't "
        "use id and uuid in the same operation.")
    assert entry(s004, "234")["description"] == (
        "You attempted to modify a reserved attribute. Some attributes -- such as uuid and created -- can't be "
        "modified.")
    assert entry(s004, "330")["description"] == "The created or lastUpdated value doesn't match the supplied argument."
    assert entry(s004, "361")["description"] == "A unique or locally-unique constraint was violated."
    # "set to null" + ". Required": no space before the period
    assert entry(s004, "362")["description"] == (
        "An attribute with the required constraint was either missing or set to null. Required attributes can't "
        "have null values.")
    assert entry(s004, "363")["description"].startswith("A string value violated an attribute’s length constraint.")
    assert entry(s004, "362")["name"] == "missing_required_attribute"


def test_004_ranges_are_parsed_with_the_sub_ranges_inside_a_line(s004):
    (catalog,) = s004["catalog"]["catalogs"]
    ranges = [(r["lo"], r["hi"], r["label"], r["location"]) for r in catalog["ranges"]]
    assert ranges == [
        (100, 100, "Missing argument", f"{PROSE}:12"),
        (200, 399, "An argument is invalid", f"{PROSE}:13"),
        (300, 399, "Occurs when creating, updating or querying records", f"{PROSE}:14"),
        (340, 369, "Occurs when a record value violates the schema", f"{PROSE}:15"),
        (340, 359, "data type errors", f"{PROSE}:15"),
        (360, 379, "constraint errors", f"{PROSE}:15"),
        (400, 499, "Authentication and permission errors, including expired tokens and codes, and OAuth errors",
         f"{PROSE}:16"),
        (500, None, "Unexpected internal errors", f"{PROSE}:17"),
    ]


def test_004_each_code_takes_its_most_specific_range(s004):
    expected = {"100": "Missing argument", "226": "An argument is invalid",
                "300": "Occurs when creating, updating or querying records",
                "340": "data type errors", "352": "data type errors", "360": "constraint errors",
                "363": "constraint errors", "380": "Occurs when creating, updating or querying records",
                "390": "Occurs when creating, updating or querying records",
                "480": "Authentication and permission errors, including expired tokens and codes, and OAuth errors",
                "540": "Unexpected internal errors"}
    for code, category in expected.items():
        assert entry(s004, code)["category"] == category, code
    (catalog,) = s004["catalog"]["catalogs"]
    for e in s004["catalog"]["entries"]:  # and for every code: the narrowest declared range holding it
        n = int(e["code"])
        holding = [r for r in catalog["ranges"] if r["lo"] <= n and (r["hi"] is None or n <= r["hi"])]
        narrowest = min(holding, key=lambda r: float("inf") if r["hi"] is None else r["hi"] - r["lo"])
        assert e["category"] == narrowest["label"], e["code"]
    assert not conflicts(s004, "out_of_range")


def test_004_partly_overlapping_ranges_are_reported(s004):
    (c,) = conflicts(s004, "overlapping_ranges")
    assert (c["severity"], c["field"], c["code"]) == ("warning", None, None)
    assert [v["value"] for v in c["values"]] == ["340-369", "360-379"]
    assert locations(c) == [f"{PROSE}:15", f"{PROSE}:15"]
    assert c["resolution"]["status"] == "auto"
    assert "360, 361, 362, 363" in c["message"]


def test_004_one_name_at_two_codes_is_reported(s004):
    assert entry(s004, "221")["name"] == entry(s004, "352")["name"] == "unknown_application"
    (c,) = conflicts(s004, "duplicate_name")
    assert (c["field"], c["severity"]) == ("name", "warning")
    assert [(v["code"], v["value"], v["location"]) for v in c["values"]] == [
        ("221", "unknown_application", f"{PROSE}:40"), ("352", "unknown_application", f"{PROSE}:74")]


def test_004_description_copied_onto_another_code_is_reported(s004):
    (c,) = conflicts(s004, "duplicate_text")
    assert (c["code"], c["variant"], c["field"], c["severity"]) == ("352", 1, "description", "warning")
    assert [(v["code"], v["location"]) for v in c["values"]] == [("214", f"{PROSE}:38"), ("352", f"{PROSE}:74")]
    assert entry(s004, "352")["description"] == \
        "Occurs if password history is enabled and you try to reuse a previously-used password."


def test_004_preamble_facts_are_notes_not_entries(s004):
    assert len(s004["catalog"]["entries"]) == 43
    for e in s004["catalog"]["entries"]:
        for field, where in e["provenance"].items():
            if field != "category":
                assert min(where["lines"]) >= 19, (e["code"], field)
    texts = {n["text"]: n for n in notes(s004)}
    assert texts["- code: an integer error code."]["kind"] == "preamble"
    assert texts["- error_description: a text description of the error."]["location"] == f"{PROSE}:5"
    assert texts["A code that is a multiple of 100 or 10 is a catch-all for the codes below it, and may be split off "
                 "into more specific codes in the future."]["location"] == f"{PROSE}:18"
    request_token = next(t for t in texts if t.startswith("Whenever an operation fails"))
    assert texts[request_token]["lines"] == [7, 8, 9]  # one wrapped paragraph
    assert "the request_token field, a generated string of 16 characters." in request_token
    assert [n["location"] for n in notes(s004, "range")] == [f"{PROSE}:{n}" for n in range(12, 18)]
    assert notes(s004)[0]["location"] == f"{PROSE}:1"
