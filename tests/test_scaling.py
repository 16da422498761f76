"""The stages stay linear: on a generated catalog of 10,000 entries, the work each stage does that could grow
faster than its input is counted (`extract.model.WORK`) and held to a bound proportional to the input:
characters sniffed, records compared to match variants, texts compared for copies, fragment placements tried.
Counts, never timings: they say the same on a loaded machine and a fast one."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from extract import parsers
from extract.pipeline import parse_document
from extract.checks import duplicate_texts
from extract.documents import load
from extract.model import WORK, Cell, Entry, Hints, Loc
from extract.parsers import CEILINGS, WHOLE_DOCUMENT, detect, head_of, layouts
from extract.reconcile import CatalogResult, reconcile
from extract.settings import DEFAULT

ROWS = 10_000
CHECKS, FRAGMENTS = DEFAULT.checks, DEFAULT.fragments
HEADER = "Error Code\tHTTP Status Code\tError Message\tReturned By\tDescription\n"


def vocabulary(rng: random.Random, size: int = 600) -> list[str]:
    """Made-up words: a vocabulary as large as a real catalog's, so no word is in every other text."""
    return sorted({"".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
                   for _ in range(size)})


def catalog_rows(seed: int = 7) -> list[tuple[str, str, str, str, str]]:
    rng = random.Random(seed)
    words = vocabulary(rng)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."

    rows = []
    for i in range(ROWS):
        code = str(1000 + i - (i % 50 == 0))  # every 50th row repeats the previous code
        status = "" if i % 97 == 0 else rng.choice(["400", "403", "404", "500"])
        rows.append((code, status, sentence(5), rng.choice(["Read", "Create", "Update user"]), sentence(14)))
    return rows


@pytest.fixture(scope="module")
def rows():
    return catalog_rows()


@pytest.fixture(scope="module")
def tab(tmp_path_factory, rows) -> Path:
    path = tmp_path_factory.mktemp("scaling") / "table.tsv"
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def parsed_tab(tab):
    return parse_document(load(tab, "table"), parsers.by_name("tab", str(tab)), "scale")


def test_detection_reads_a_bounded_head_and_stops_at_the_first_sure_layout(tab):
    doc = load(tab, "table")
    assert len(doc.text) > 10 * DEFAULT.detection.sniff_chars  # the document is far longer than the head
    WORK.clear()
    assert detect(doc).name == "tab"
    head_layouts = [r for r in layouts() if r.name not in WHOLE_DOCUMENT]
    assert WORK["head characters sniffed"] <= len(head_layouts) * DEFAULT.detection.sniff_chars
    assert WORK["whole-document sniffs"] <= len(WHOLE_DOCUMENT)
    # layouts that can never score above the tab table's 0.9 are not asked (CSV, prose, constants)
    assert WORK["sniff calls"] <= len([r for r in layouts() if CEILINGS.get(r.name, 1.0) >= 0.9])


def test_a_head_that_shows_no_layout_is_not_the_last_word(tmp_path, rows):
    """A table below a long stretch of text no layout recognises is still found: the whole document is read."""
    filler = "".join(f"Some words of an introduction that say nothing in particular (part {i})\n" for i in range(3000))
    path = tmp_path / "late.tsv"
    path.write_text(filler + HEADER + "".join("\t".join(r) + "\n" for r in rows[:4000]), encoding="utf-8")
    doc = load(path, "late")
    assert len(head_of(doc.text, DEFAULT.detection.sniff_chars)) < filler.index("(part 2999)")
    assert detect(doc).name == "tab"


def test_head_of_cuts_at_a_line_end():
    text = "abc\ndefgh\nij\n"
    assert head_of(text, 100) == text
    assert head_of(text, 8) == "abc"
    assert head_of("abcdefgh", 4) == "abcd"  # one long line: cut where the head ends


def test_no_sniff_scores_above_its_ceiling_on_the_seeds(repo):
    """Detection stops early on the strength of CEILINGS: every layout's sniff must stay at or below its own."""
    for path in sorted((repo / "raw_sources").iterdir()):
        if path.suffix == ".toml" or not path.is_file():
            continue
        doc = load(path, path.stem)
        for rule in layouts():
            assert rule.sniff(doc) <= CEILINGS.get(rule.name, 1.0), (rule.name, path.name)


def test_variant_matching_compares_only_the_records_of_one_code(tmp_path, rows, parsed_tab):
    # a second source of the same catalog: the same codes, every tenth message reworded
    other = tmp_path / "other.tsv"
    other.write_text(HEADER + "".join("\t".join((c, s, m if i % 10 else "Something else went wrong.", o, d)) + "\n"
                                      for i, (c, s, m, o, d) in enumerate(rows)), encoding="utf-8")
    second = parse_document(load(other, "other"), parsers.by_name("tab", str(other)), "scale")
    WORK.clear()
    result = reconcile([parsed_tab, second], {"table": 0, "other": 1})["scale"]
    # (a code listed twice whose reworded message matches neither of its two rows becomes a variant of its own)
    assert ROWS <= len(result.entries) <= ROWS + ROWS // 50
    # each record of the second source is compared with the variants of its own code only (two for a code
    # listed twice): about one comparison per record, never records × codes
    assert WORK["variant comparisons"] <= 2 * ROWS
    assert WORK["fields chosen among records"] <= 7 * ROWS


def test_one_source_needs_no_matching_and_no_choosing(parsed_tab):
    WORK.clear()
    result = reconcile([parsed_tab], {"table": 0})["scale"]
    assert len(result.entries) == ROWS
    assert WORK["variant comparisons"] == 0 and WORK["fields chosen among records"] == 0


@pytest.mark.parametrize("openings", [400, 50], ids=["blocks under the cap", "blocks over the cap"])
def test_near_duplicate_check_compares_a_bounded_number_of_texts(openings):
    """10,000 descriptions opening with one of a few hundred (or a few dozen) stock phrases: a block of texts
    that open alike is compared pair by pair up to the cap, along a chain above it; never every text with every
    other."""
    rng = random.Random(5)
    words = vocabulary(rng)
    stock = [" ".join(rng.choice(words) for _ in range(3)).capitalize() for _ in range(openings)]
    texts = [f"{rng.choice(stock)} {' '.join(rng.choice(words) for _ in range(10))}." for _ in range(ROWS)]
    WORK.clear()
    duplicate_texts(entries_with(texts))
    per_block = ROWS // openings
    bound = ROWS * (per_block if per_block <= CHECKS.max_block else 1) + ROWS  # plus the chains of the last words
    assert 0 < WORK["text comparisons"] <= bound


def entries_with(descriptions: list[str]) -> CatalogResult:
    result = CatalogResult("c")
    for i, text in enumerate(descriptions):
        loc = Loc("s", "s.tsv", (i + 2,))
        cells = {"code": Cell(str(100 + i), str(100 + i), loc), "description": Cell(text, text, loc)}
        result.entries.append(Entry("c", str(100 + i), 1, cells, []))
    return result


def test_a_block_over_the_cap_is_still_compared_and_the_cap_is_said():
    """More than `max_block` texts starting with the same words: the texts are compared along a chain in
    sorted order (a copy among them is still found), and an info conflict says the cap was hit."""
    stock = [f"The request was refused because the field number {i} holds a value of the wrong kind."
             for i in range(CHECKS.max_block + 10)]
    stock.append("The request was refused because the field number 7 holds the value of the wrong kind.")
    WORK.clear()
    found = duplicate_texts(entries_with(stock))
    notice = [c for c in found if c.severity == "info"]
    assert len(notice) == 1 and notice[0].kind == "duplicate_text"
    assert f"more than {CHECKS.max_block} descriptions" in notice[0].message
    assert "In 2 groups" in notice[0].message and "51 that end with 'the wrong kind'" in notice[0].message
    copies = [c for c in found if c.severity == "warning"]
    assert [(c.values[0].code, c.values[1].code) for c in copies] == [("107", str(100 + len(stock) - 1))]
    assert WORK["text comparisons"] <= 2 * len(stock)


def test_no_notice_where_no_block_is_capped():
    found = duplicate_texts(entries_with([f"Text number {i} about one thing or another, long enough." for i in range(5)]))
    assert not [c for c in found if c.severity == "info"]


def dump_text(rows, junk: int = 0) -> str:
    """The rows as a PDF text layer dumps them: short columns first, then each text column as a block, then the
    overflow of every 20th description, cut three words before its end (its cell stops on `the`)."""
    cut = {i: r[4].rsplit(" ", 3) for i, r in enumerate(rows) if i % 20 == 7}
    return ("Sr.no\tError Code\tHtml Code\n"
            + "".join(f"{i + 1}\t{r[0]}\t{r[1] or 400}\n" for i, r in enumerate(rows))
            + "Error Message\n" + "".join(f"{r[2]}\n" for r in rows)
            + "Description\n" + "".join(f"{cut[i][0] + ' the' if i in cut else r[4]}\n" for i, r in enumerate(rows))
            + "".join(f"{' '.join(cut[i][1:])}\n" for i in sorted(cut))
            + "".join(f"zzz appendix note {k}.\n" for k in range(junk)))


@pytest.mark.parametrize("junk", [0, FRAGMENTS.max_closed_cuts + 8], ids=["in order", "order unusable"])
def test_fragment_placement_is_linear(tmp_path, rows, parsed_tab, junk):
    """With the order of the fragments usable, they are placed in one pass over the cells; with more loose
    lines than the order can explain, each fragment is looked for among the rows that share a key with it
    only, and each placement looks again only at the fragments it concerns."""
    path = tmp_path / "dump.txt"
    path.write_text(dump_text(rows, junk), encoding="utf-8")
    fragments = ROWS // 20 + junk
    WORK.clear()
    parsed = parse_document(load(path, "dump"), parsers.by_name("dump", str(path)), "scale",
                            Hints.from_records(parsed_tab.records))
    joined = [c for c in parsed.conflicts if c.kind == "joined_fragment"]
    assert len(joined) == ROWS // 20
    assert WORK["fragment order steps"] <= 2 * ROWS * (FRAGMENTS.max_closed_cuts + 1)
    assert WORK["fragment rows examined"] <= 20 * fragments
    assert WORK["fragment updates"] <= 20 * fragments
    assert WORK["fragment status checks"] <= 20 * fragments
    if not junk:
        assert WORK["fragment rows examined"] == 0 and WORK["fragment placement rounds"] == 1


def reference_document(groups: int) -> list[list[tuple[str, str]]]:
    """Tables of (code, name) rows, three per group: one that refers to the group's symbols before they are
    defined, the table that defines them, and one of codes of its own (a candidate that never refers, so the
    candidates left open grow with the document)."""
    tables = []
    for g in range(groups):
        names = [f"E_G{g}_{j}" for j in range(4)]
        tables.append([(n, "") for n in names[:3]])
        tables.append([(str(-(g * 4 + j)), n) for j, n in enumerate(names)])
        tables.append([(str(100_000 + g * 2 + j), "") for j in range(2)])
    return tables


def read_tables(tables: list[list[tuple[str, str]]], settle_each: bool):
    from extract.model import Conflict, Parsed, Record
    from extract.parsers.table import DocumentTables
    out = Parsed("s", "c", "markdown")
    doc = DocumentTables(out)
    line = 0
    for rows in tables:
        with doc.reading():
            for code, name in rows:
                line += 1
                loc = Loc("s", "s.md", (line,))
                cells = {"code": Cell(code, code, loc), **({"name": Cell(name, name, loc)} if name else {})}
                out.records.append(Record("s", "c", cells, loc, line))
            out.conflicts.append(Conflict(kind="header_mismatch", catalog="c", severity="info",
                                          message=f"table of line {line}", values=[], key=("s", line)))
        if settle_each:
            doc.settle()
    doc.settle()
    return out


def test_settling_tables_of_references_after_each_table_is_linear(monkeypatch):
    """A layout without an end-of-document hook settles its tables of references after each table: each
    table's records are read once, a candidate is judged again only when it is new or a key of its own became
    defined, and a table set apart is dropped from the end of the records, not from all of them — and the
    document reads exactly as settled once at the end."""
    from extract.model import Record
    from extract.parsers import table
    groups = 600
    tables = reference_document(groups)
    records = sum(len(t) for t in tables)
    names = table._names
    read = []  # every record read for what it names beside its code, by any settling
    monkeypatch.setattr(table, "_names", lambda r: (read.append(1), names(r))[1])
    WORK.clear()
    each = read_tables(tables, settle_each=True)
    assert len(read) <= 2 * records  # once to tell a defining table, once for what it defines
    assert WORK["reference records read"] <= records
    assert WORK["reference candidates judged"] <= len(tables) + records
    assert WORK["set-apart items scanned"] <= 2 * records
    once = read_tables(tables, settle_each=False)
    assert [(r.code, r.loc.lines) for r in each.records] == [(r.code, r.loc.lines) for r in once.records]
    assert [c.message for c in each.conflicts] == [c.message for c in once.conflicts]
    assert [(n.text, n.loc) for n in each.notes] == [(n.text, n.loc) for n in once.notes]
    assert len(each.notes) == groups and len(each.records) == records - 3 * groups
    # the same tables as the stated rule finds them over the whole document at once
    assert [3 * g for g in range(groups)] == table.reference_tables(
        [[Record("s", "c", {"code": Cell(c, c, LOC0), **({"name": Cell(n, n, LOC0)} if n else {})}, LOC0)
          for c, n in t] for t in tables])


LOC0 = Loc("s", "s.md", (1,))
