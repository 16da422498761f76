"""The real-document corpus held at its recorded floors, and the scorer of `make accuracy` itself.

Every document of tests/corpus/ with a truth file is built ad hoc in a worker process with a time limit and
scored by bench/accuracy.py; each must stay at or above the fields-exact figure recorded for it in
tests/corpus/floors.json and invent no more entries than recorded there. The floors are measured figures (a
ratchet), not truth: after a change that raises a document, or when a document joins the corpus, record them
again with `python bench/accuracy.py --record` (and commit floors.json).

Bounded: the whole corpus takes about 50 s on 2 cores, most of it in two long PDF specifications, so this test
runs every document except the fixed list SLOW below (`make accuracy` still measures those). Each document has
DOC_TIMEOUT seconds; one that takes longer fails as timed out instead of holding the suite.
"""
from __future__ import annotations

import importlib.util
import json
import sys
import time
import warnings
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "accuracy.py"
_spec = importlib.util.spec_from_file_location("bench_accuracy", _PATH)
acc = importlib.util.module_from_spec(_spec)
sys.modules["bench_accuracy"] = acc  # dataclasses look their module up while the class is built
_spec.loader.exec_module(acc)

# Documents left to `make accuracy` because each takes 30-45 s to read on a loaded 2-core machine (long PDFs).
SLOW = frozenset({
    "pdf/riscv-iommu-spec.pdf",
    "pdf/riscv-rpmi-spec.pdf",
})
DOC_TIMEOUT = 60.0

CASES, PROBLEMS = acc.load_cases()
SUBSET = [c for c in CASES if c.key not in SLOW]


@pytest.fixture(scope="module")
def measured() -> dict:
    """The subset, read once (two worker processes): key -> DocResult."""
    started = time.monotonic()
    results = acc.measure(SUBSET, jobs=2, timeout=DOC_TIMEOUT)
    print(f"\naccuracy subset: {len(results)} documents in {time.monotonic() - started:.1f} s")
    return {r.key: r for r in results}


@pytest.fixture(scope="module")
def floors() -> dict:
    if not acc.FLOORS.is_file():
        return {}
    return json.loads(acc.FLOORS.read_text(encoding="utf-8")).get("documents", {})


def test_truth_files_are_readable():
    """A malformed truth file is skipped by the scorer (with a warning), never a reason to stop it."""
    for shown, why in PROBLEMS:
        warnings.warn(f"tests/corpus/{shown}: skipped by bench/accuracy.py: {why}")
    assert CASES, "no corpus document with a truth file under tests/corpus/"


@pytest.mark.parametrize("key", [c.key for c in SUBSET])
def test_document_holds_its_floor(key, measured, floors):
    r = measured[key]
    floor = floors.get(key)
    assert floor is not None, (
        f"{key} has no floor recorded in tests/corpus/floors.json (measured {r.score.percent:.2f}% fields "
        f"exact, {r.score.invented} invented): run `python bench/accuracy.py --record` and commit floors.json")
    assert not r.timed_out, f"{key}: timed out after {DOC_TIMEOUT:g} s (floor {floor['fields_exact']}%)"
    now = round(r.score.percent, 2)
    assert now >= floor["fields_exact"], (
        f"{key}: fields exact fell from {floor['fields_exact']}% to {now}% ({r.reason}); "
        f"errors: {r.errors[:1]}; examples: {r.score.examples[:5]}")
    assert r.score.invented <= floor["invented"], (
        f"{key}: invented entries rose from {floor['invented']} to {r.score.invented}; "
        f"examples: {[e for e in r.score.examples if e[1] == '(invented)'][:5]}")


# The scorer itself, on tiny hand-made truth/entry pairs.


@pytest.mark.parametrize("raw, want", [
    ("  The  request\n failed. ", "The request failed."),
    ("**Bold** and *emphasis* and __strong__ and _it_", "Bold and emphasis and strong and it"),
    ("Use `foo()` or ``bar``", "Use foo() or bar"),
    ("See [the spec](https://example.com/x) and [ref][1]", "See the spec and ref"),
    ("<p>Not <code>found</code> &amp; gone</p>", "Not found & gone"),
    ("value < 5 and > 3", "value < 5 and > 3"),
    ('"Quoted message"', "Quoted message"),
    ("`ERR_X`", "ERR_X"),
    ("“curly”", "curly"),
    ("snake_case_name stays, 2*3*4 stays", "snake_case_name stays, 2*3*4 stays"),
    (":c:func:`uv_close` and :ref:`the guide <guide>`", "uv_close and the guide"),
    ("Case Is Kept", "Case Is Kept"),
    (r"an \_escaped\_ star \*", "an _escaped_ star *"),
    ("", None), ("   ", None), (None, None),
])
def test_normalise(raw, want):
    assert acc.normalise(raw) == want


def test_statuses_compare_as_integers_and_text_joins_message_and_description():
    assert acc.status_of("404") == acc.status_of(404) == 404
    assert acc.status_of("") is None and acc.status_of(None) is None
    assert acc.toolkit_text({"message": "Not found.", "description": "The item is gone."}) == \
        "Not found. The item is gone."
    assert acc.toolkit_text({"message": "", "description": "Only this."}) == "Only this."
    assert acc.toolkit_text({"message": None, "description": None}) is None


def test_an_exact_reading_scores_every_field():
    truth = [{"code": "E1", "name": "NotFound", "http_status": 404, "text": "Not found. Gone.", "category": "A"},
             {"code": "E2", "text": "`Bad` input."}]
    got = [{"code": "E1", "variant": 1, "name": "`NotFound`", "http_status": "404", "message": "Not found.",
            "description": "Gone.", "category": "**A**"},
           {"code": "E2", "variant": 1, "name": "BadInput", "message": None, "description": "Bad input."}]
    s = acc.score(truth, got)
    # E1: code, name, status, text, category; E2: code, text (its name is not in the truth: not scored)
    assert (s.expected, s.exact, s.found, s.missing, s.invented) == (7, 7, 2, 0, 0)


def test_missing_invented_and_wrong_fields_are_counted():
    truth = [{"code": "1", "text": "A b."}, {"code": "2", "name": "Two", "text": "C d."}]
    got = [{"code": "2", "variant": 1, "name": "two", "message": "C d."},  # case is kept: name wrong
           {"code": "3", "variant": 1, "description": "E f."}]  # a code the truth lacks
    s = acc.score(truth, got)
    assert (s.missing, s.found, s.invented) == (1, 1, 1)
    assert (s.exact, s.expected) == (2, 5)  # 1: code+text missing; 2: code, text exact, name wrong
    assert s.wrong == {"name": 1}
    assert s.percent == pytest.approx(40.0)


def test_duplicate_codes_pair_variants_in_order():
    truth = [{"code": "107", "text": "First."}, {"code": "107", "text": "Second."}]
    got = [{"code": 107, "variant": 2, "description": "Second."},
           {"code": "107", "variant": 1, "description": "First."},
           {"code": "107", "variant": 3, "description": "Third."}]
    s = acc.score(truth, got)
    assert (s.found, s.missing, s.invented, s.exact, s.expected) == (2, 0, 1, 4, 4)
    swapped = acc.score(truth, [{"code": "107", "variant": 1, "description": "Second."},
                                {"code": "107", "variant": 2, "description": "First."}])
    assert (swapped.exact, swapped.wrong) == (2, {"text": 2})


def test_fields_absent_from_the_truth_are_not_scored():
    truth = [{"code": "X", "text": "T."}]  # no name, status or category in the document
    got = [{"code": "X", "variant": 1, "name": "Anything", "http_status": 500, "message": "T.",
            "category": "Whatever"}]
    assert (acc.score(truth, got).exact, acc.score(truth, got).expected) == (2, 2)
    assert acc.expected_fields({"code": "X", "text": "", "category": "C"}) == ["code", "text", "category"]


def test_load_cases_skips_malformed_truth_files(tmp_path):
    fam = tmp_path / "fam"
    fam.mkdir()
    (fam / "good.md").write_text("x\n", encoding="utf-8")
    (fam / "good.truth.json").write_text(json.dumps(
        {"document": "good.md", "family": "fam", "entries": [{"code": "1", "text": "x"}]}), encoding="utf-8")
    (fam / "broken.truth.json").write_text("{not json", encoding="utf-8")
    (fam / "nodoc.truth.json").write_text(json.dumps({"document": "absent.md", "entries": []}), encoding="utf-8")
    (fam / "nocode.md").write_text("x\n", encoding="utf-8")
    (fam / "nocode.truth.json").write_text(json.dumps({"document": "nocode.md", "entries": [{"text": "x"}]}),
                                           encoding="utf-8")
    (fam / "untruthed.txt").write_text("x\n", encoding="utf-8")
    cases, problems = acc.load_cases(tmp_path)
    assert [c.key for c in cases] == ["fam/good.md"]
    assert sorted(p for p, _ in problems) == ["fam/broken.truth.json", "fam/nocode.truth.json",
                                             "fam/nodoc.truth.json"]
    assert acc.documents_without_truth(tmp_path) == ["fam/untruthed.txt"]


def _hang(path):
    time.sleep(60)


def test_a_hanging_document_is_reported_not_waited_on(tmp_path):
    doc = tmp_path / "x.md"
    doc.write_text("x\n", encoding="utf-8")
    started = time.monotonic()
    result = acc.read_all([doc], jobs=1, timeout=1.0, reader=_hang)[doc]
    assert result["timed_out"] and "timed out" in result["errors"][0]
    assert time.monotonic() - started < 15


@pytest.fixture(scope="module")
def catalogs_measured() -> dict:
    return {f"catalogs/{r.name}": r for r in acc.measure_catalogs(jobs=2, timeout=DOC_TIMEOUT)}


@pytest.mark.parametrize("folder", [f.name for f in acc.catalogs.catalog_dirs()])
def test_catalog_holds_its_floor(folder, catalogs_measured, floors):
    key = f"catalogs/{folder}"
    r = catalogs_measured[key]
    assert not r.errors, f"{key}: {r.errors[:2]}"
    floor = floors.get(key)
    assert floor is not None, f"{key} has no floor recorded: run `python bench/accuracy.py --record`"
    assert round(r.score.percent, 2) >= floor["fields_exact"], f"{key}: canonical fields fell ({r.score.examples[:5]})"
    assert r.score.invented <= floor["invented"]
    assert round(r.missing_recall, 2) >= floor["missing_recall"], f"{key}: not reported: {r.lost[:5]}"
    assert round(r.disagreement_recall, 2) >= floor["disagreement_recall"], f"{key}: not reported: {r.lost[:5]}"


def test_catalog_scoring(tmp_path):
    """missing_in_source and disagreement recall, and mismatches the truth does not list, on a made-up catalog."""
    (tmp_path / acc.catalogs.TRUTH).write_text(json.dumps({
        "catalog": "demo", "documents": ["a.md", "b.go"],
        "entries": [{"code": "1", "name": "NOT_FOUND"}, {"code": "2", "name": "DENIED"}, {"code": "3"}],
        "missing": {"a.md": ["3"], "b.go": ["2"]},
        "disagreements": [{"code": "1", "field": "text", "values": {"a.md": "x", "b.go": "y"}},
                          {"code": "2", "field": "http_status", "values": {"a.md": 403, "b.go": 401}}]}))
    got = {"entries": [{"code": "1", "name": "NOT_FOUND"}, {"code": "2", "name": "DENIED"}, {"code": "3"}],
           "conflicts": [
               {"kind": "missing_in_source", "code": "3", "field": None, "sources": ["b.go"]},
               {"kind": "value_mismatch", "code": "1", "field": "description", "sources": ["a.md", "b.go"]},
               {"kind": "value_mismatch", "code": "1", "field": "name", "sources": ["a.md", "b.go"]}]}
    r = acc.catalogs.score_catalog(tmp_path, got, acc.score)
    assert (r.missing_found, r.missing_expected) == (1, 2)
    assert (r.disagreements_found, r.disagreements_expected) == (1, 2)
    assert r.unlisted_mismatches == ["1 name"]
    assert r.score.percent == 100.0
