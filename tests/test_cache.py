"""What a build keeps between runs (extract/cache.py): parses re-used by source sha256, the saved build the
read-only verbs read, and parallel parsing that gives the same result as parsing one by one."""
from __future__ import annotations

import json
import os
import pickle
import shutil
from dataclasses import replace

import pytest

from conftest import REPO
from extract import cache as cache_module
from extract.pipeline import run
from extract.cache import Cache, fingerprint, what_changed
from extract.cli import manifest_specs
from extract.errors import InputError, ToolkitBug
from extract.outputs import render_all
from extract.settings import DEFAULT


def manifest_of(project):
    return project / "raw_sources" / "sources.toml"


def parsed_now(cache) -> int:
    return sum(1 for name in cache.pending if name.startswith("parsed/"))


def test_a_rebuild_parses_only_the_source_that_changed(project):
    manifest = manifest_of(project)
    specs = manifest_specs(manifest)
    catalogs = {s.catalog for s in specs}
    cold = Cache.for_manifest(manifest)
    first = run(specs, cache=cold)
    assert (cold.hits, cold.catalog_hits, parsed_now(cold)) == (0, 0, len(specs))
    cold.save_build(first, fingerprint(manifest, specs, DEFAULT))
    assert len(cold.pending) == 0 and len(list(cold.folder.glob("parsed/*.pickle"))) == len(specs)
    assert len(list(cold.folder.glob("catalogs/*.entries.pickle"))) == len(catalogs)

    # nothing changed: every catalog is taken whole, no source is parsed or even loaded
    warm = Cache.for_manifest(manifest)
    second = run(specs, cache=warm)
    assert (warm.hits, warm.catalog_hits, parsed_now(warm)) == (0, len(catalogs), 0)
    assert render_all(second) == render_all(first)
    assert second.sources == first.sources and second.conflicts == first.conflicts

    # the edited source is parsed again, and so are the sources that learn from it (a column dump or a
    # collapsed scrape reads its catalog's other sources as evidence); its catalog's other sources come from the
    # cache, and the other catalogs are taken whole
    edited = specs[0]
    mates = [s for s in specs if s.catalog == edited.catalog]
    learners = {sid for sid, p in first.parsed.items() if p.catalog == edited.catalog and sid != edited.id
                and first.parsed[sid].format.split(" ")[0] in ("dump", "collapsed")}
    edited.path.write_text(edited.path.read_text(encoding="utf-8").replace("\n", "\n\n", 1), encoding="utf-8")
    after = Cache.for_manifest(manifest)
    rebuilt = run(specs, cache=after)
    assert (after.hits, after.catalog_hits) == (len(mates) - 1 - len(learners), len(catalogs) - 1)
    assert parsed_now(after) == 1 + len(learners)
    assert render_all(rebuilt) == render_all(run(specs))
    after.save_build(rebuilt, fingerprint(manifest, specs, DEFAULT))
    other = next(s for s in specs if s.catalog != edited.catalog)
    other.path.write_text(other.path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    last = Cache.for_manifest(manifest)
    run(specs, cache=last)
    assert (parsed_now(last), last.catalog_hits) == (1, len(catalogs) - 1)


def test_parsing_in_processes_gives_what_parsing_one_by_one_gives(project):
    specs = manifest_specs(manifest_of(project))
    everywhere = replace(DEFAULT, limits=replace(DEFAULT.limits, parallel_min_bytes=0))
    assert render_all(run(specs, everywhere, jobs=2)) == render_all(run(specs, everywhere, jobs=1))


def test_errors_cross_from_a_worker_process_whole():
    error = pickle.loads(pickle.dumps(InputError("a.tsv", "not UTF-8", 3)))
    assert (type(error), str(error), error.line) == (InputError, "a.tsv:3: not UTF-8", 3)
    try:
        1 / 0
    except ZeroDivisionError as exc:
        bug = pickle.loads(pickle.dumps(ToolkitBug("a.tsv", "reading it as tab", exc)))
    assert isinstance(bug, ToolkitBug) and "ZeroDivisionError: division by zero" in str(bug) and "Traceback" in bug.trace


def test_a_cache_file_someone_else_could_have_written_is_not_loaded(project):
    manifest = manifest_of(project)
    specs = manifest_specs(manifest)
    cache = Cache.for_manifest(manifest)
    cache.save_build(run(specs, cache=cache), fingerprint(manifest, specs, DEFAULT))
    for path in cache.folder.rglob("*.pickle"):
        os.chmod(path, 0o666)
    again = Cache.for_manifest(manifest)
    run(specs, cache=again)
    assert (again.hits, again.catalog_hits) == (0, 0) and again.load_conflicts() is None


def test_a_broken_cache_file_is_a_miss_not_an_error(project):
    manifest = manifest_of(project)
    specs = manifest_specs(manifest)
    cache = Cache.for_manifest(manifest)
    cache.save_build(run(specs, cache=cache), fingerprint(manifest, specs, DEFAULT))
    for n, path in enumerate(sorted(cache.folder.rglob("*.pickle"))):
        path.write_bytes(b"\x80\x05garbage" if n % 2 else b"")
    again = Cache.for_manifest(manifest)
    assert again.load_conflicts() is None
    assert render_all(run(specs, cache=again)) == render_all(run(specs))
    assert (again.hits, again.catalog_hits) == (0, 0)


def test_saved_entries_are_read_only_when_asked_for_and_must_be_the_ones_saved(project):
    manifest = manifest_of(project)
    specs = manifest_specs(manifest)
    cache = Cache.for_manifest(manifest)
    first = run(specs, cache=cache)
    cache.save_build(first, fingerprint(manifest, specs, DEFAULT))
    saved = run(specs, cache=Cache.for_manifest(manifest)).catalogs
    name = sorted(saved)[0]
    assert saved[name]._entries is None and saved[name].count == len(first.catalogs[name].entries)
    assert saved[name].entries == first.catalogs[name].entries
    # entries changed on disk between the catalog's lookup and their first use are refused, never used
    again = run(specs, cache=Cache.for_manifest(manifest)).catalogs[name]
    for path in cache.folder.glob("catalogs/*.entries.pickle"):
        path.write_bytes(pickle.dumps([]))
    with pytest.raises(InputError, match="changed or vanished"):
        again.entries


def test_what_changed_names_each_source():
    old = {"format": 1, "code": "c", "settings": "s", "manifest": "m", "sources": {"a": "1", "b": "2"}}
    assert what_changed(old, old) == []
    new = {**old, "sources": {"a": "1", "b": "3", "c": "4"}}
    assert what_changed(old, new) == ["b changed", "c added"]
    assert what_changed(old, {**old, "code": "d"}) == ["the toolkit changed"]


def test_read_only_verbs_read_the_saved_build_and_say_when_it_is_out_of_date(project, run_cli):
    assert run_cli(["build"], cwd=project)[0] == 0
    code, out, err = run_cli(["check"], cwd=project)
    fresh = run_cli(["check", "--no-cache"], cwd=project)
    assert (code, out) == fresh[:2] and "out of date" not in err
    table = project / "raw_sources" / "backend-services-table.tsv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, out, err = run_cli(["review"], cwd=project)
    assert code == 0
    assert ("note: the last build is out of date (backend-services-table changed): rebuilding in memory; "
            "run `make extract` to update normalized/") in err.splitlines()


def test_resolve_writes_the_decision_into_normalized_at_once(project, run_cli):
    assert run_cli(["build"], cwd=project)[0] == 0
    conflicts = json.loads((project / "normalized" / "conflicts.json").read_text())["conflicts"]
    target = next(c for c in conflicts if c["kind"] == "value_mismatch" and c["resolution"]["status"] != "manual")
    code, out, err = run_cli(["resolve", target["id"], "--acknowledge", "--note", "intended"], cwd=project)
    assert code == 0, err
    assert out.splitlines()[-1] == "updated normalized/ with the decision"
    after = {c["id"]: c for c in json.loads((project / "normalized" / "conflicts.json").read_text())["conflicts"]}
    assert after[target["id"]]["resolution"]["status"] == "manual"
    rebuilt = project / "rebuilt"
    shutil.copytree(project / "normalized", rebuilt)
    assert run_cli(["build", "--no-cache"], cwd=project)[0] == 0
    for name in ("catalog.json", "conflicts.json", "report.md"):  # the same as a full rebuild would write
        assert (project / "normalized" / name).read_text() == (rebuilt / name).read_text()


def test_a_decided_value_reaches_the_catalog_and_leaves_it_when_the_decision_goes(project, run_cli):
    """A catalog taken whole from the cache still takes a decision's value into its entries (its rendered output is
    keyed by the decisions applied to it), and gives it back when the decision is removed."""
    assert run_cli(["build"], cwd=project)[0] == 0
    catalog = project / "normalized" / "catalog.json"
    before = catalog.read_text(encoding="utf-8")
    conflicts = json.loads((project / "normalized" / "conflicts.json").read_text())["conflicts"]
    target = next(c for c in conflicts if c["kind"] == "value_mismatch" and c["field"] == "message"
                  and c["resolution"]["status"] == "open")
    assert run_cli(["resolve", target["id"], "--value", "Decided by a reviewer.", "--note", "t"], cwd=project)[0] == 0
    assert run_cli(["build"], cwd=project)[0] == 0
    entry = next(e for e in json.loads(catalog.read_text(encoding="utf-8"))["entries"]
                 if e["catalog"] == target["catalog"] and e["code"] == target["code"]
                 and e["variant"] == (target["variant"] or 1))
    assert entry["message"] == "Decided by a reviewer."
    (project / "raw_sources" / "resolutions.toml").unlink()
    code, out, _ = run_cli(["build"], cwd=project)
    assert code == 0 and catalog.read_text(encoding="utf-8") == before
    assert run_cli(["build", "--no-cache", "--out", "fresh"], cwd=project)[0] == 0
    assert (project / "fresh" / "catalog.json").read_text(encoding="utf-8") == before


def summary_lines(out: str) -> dict[str, str]:
    return {line.split(":")[0].strip(): line.rsplit("since the last build: ", 1)[1]
            for line in out.splitlines() if "since the last build: " in line}


def test_the_build_summary_compares_only_what_may_have_changed_and_is_right_either_way(project, run_cli):
    """After one table row is edited, its catalog reports the change and the others are unchanged, whether the
    summary skips the catalogs the cache knows it wrote alike or (normalized/catalog.json touched by hand, so
    the cache cannot vouch for it) compares them all."""
    assert run_cli(["build"], cwd=project)[0] == 0
    code, out, _ = run_cli(["build"], cwd=project)
    assert code == 0 and set(summary_lines(out).values()) == {"unchanged"}
    table = project / "raw_sources" / "backend-services-table.tsv"
    text = table.read_text(encoding="utf-8")
    edited = text.replace("\n610\t\t", "\n610\t415\t", 1)
    assert edited != text
    table.write_text(edited, encoding="utf-8")
    code, out, _ = run_cli(["build"], cwd=project)
    skipped = summary_lines(out)
    assert code == 0 and skipped["backend-services"] != "unchanged" and skipped["parse"] == "unchanged"
    table.write_text(text, encoding="utf-8")
    assert run_cli(["build"], cwd=project)[0] == 0
    catalog = project / "normalized" / "catalog.json"
    catalog.write_text(catalog.read_text(encoding="utf-8"), encoding="utf-8")  # same bytes, a new file
    table.write_text(edited, encoding="utf-8")
    code, out, _ = run_cli(["build"], cwd=project)
    assert code == 0 and summary_lines(out) == skipped
