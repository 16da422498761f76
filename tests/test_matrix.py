"""The rendering matrix's fixed slice: generated catalogs of every shape, rendered in every layout, read back
in-process and compared field by field with the catalog (the generator is the truth, not the toolkit).

A ratchet: every layout × shape cell must stay at or above the accuracy recorded in tests/matrix/floors.json,
and a cell that invented no entries must go on inventing none. After a change that raises a cell, record the
new floors with `python -m tests.matrix --record-floors` (and commit them); `make matrix` runs the larger
matrix and writes bench/matrix.md."""
from __future__ import annotations

import json

import pytest

from matrix.compare import compare
from matrix.generate import SHAPE_BY_NAME, SHAPES, generate
from matrix.render import RENDERERS, render
from matrix.run import FLOORS, cells_of, floors_of, run_matrix


@pytest.fixture(scope="module")
def measured() -> dict:
    """The slice, measured once: {"layout/shape": {"accuracy", "invented"}} (two processes, ~10 s)."""
    return floors_of(cells_of(run_matrix("slice", jobs=2)))


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))["cells"]


def test_the_slice_measures_what_the_floors_recorded(measured, floors):
    assert sorted(measured) == sorted(floors), (
        "the matrix's cells changed (a layout or shape added or removed): "
        "record the floors again with `python -m tests.matrix --record-floors`")


@pytest.mark.parametrize("layout", list(RENDERERS))
def test_no_cell_drops_below_its_floor(layout, measured, floors):
    dropped = {key: (floors[key]["accuracy"], now["accuracy"]) for key, now in measured.items()
               if key.startswith(layout + "/") and key in floors and now["accuracy"] < floors[key]["accuracy"]}
    assert not dropped, f"fields exact fell below the recorded floor (floor, now): {dropped}"


@pytest.mark.parametrize("layout", list(RENDERERS))
def test_cells_without_invented_entries_stay_so(layout, measured, floors):
    """A rendering the toolkit read without inventing an entry (every table layout's plain shapes) stays so."""
    invented = {key: now["invented"] for key, now in measured.items()
                if key.startswith(layout + "/") and key in floors and floors[key]["invented"] == 0
                and now["invented"]}
    assert not invented, f"entries invented where none were: {invented}"


# The harness itself: a perfect reading scores 100%, and each kind of error is counted where it belongs.


def test_a_perfect_reading_is_exact():
    cat = generate(SHAPE_BY_NAME["all-fields"], 1, (6, 8))
    rendering = render("tab", cat, __import__("random").Random(1))
    got = [{"code": e.code, "name": e.name, "http_status": e.http_status, "message": e.message,
            "description": e.description, "operations": list(reversed(e.operations)), "category": e.category}
           for e in cat.entries]
    score = compare(rendering.expected, got, rendering.carried)
    assert (score.exact, score.missing, score.invented) == (score.checked, 0, 0)


def test_missing_invented_spurious_and_variants_are_counted():
    expected = [{"code": "1", "text": "A b."}, {"code": "2", "text": "C d."}, {"code": "2", "text": "E f."}]
    got = [{"code": "1", "message": "", "description": "A  b."},  # whitespace is no difference
           {"code": "2", "message": "E f.", "http_status": 400},  # a value the document does not carry
           {"code": "3", "description": "G."}]  # a code the catalog lacks
    score = compare(expected, got, frozenset({"text"}))
    assert (score.missing, score.invented, score.spurious) == (1, 1, 1)
    assert (score.exact, score.checked) == (2 + 2, 2 + 3 + 2)


def test_the_generator_is_deterministic_and_covers_every_shape():
    for shape in SHAPES:
        a, b = generate(shape, 7, (5, 8)), generate(shape, 7, (5, 8))
        assert a.entries == b.entries and a.columns == b.columns and a.headers == b.headers
        assert all(e.message.endswith(".") for e in a.entries if e.message)
        assert all(e.description.endswith(".") for e in a.entries if e.description)
