"""What a reviewer reads: `review` in the terminal and normalized/report.md of the manifest build."""
from __future__ import annotations

import re
from collections import Counter

import pytest

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
HEAD = re.compile(r"^(ERROR|WARNING|INFO)\s+(\S+)\s+\[(open|auto|manual)\]$")


def listed(out: str) -> list[tuple[str, str, str]]:
    """(severity, id, status) of every conflict `review` printed, in order."""
    return [(m.group(1).lower(), m.group(2), m.group(3)) for m in map(HEAD.match, out.splitlines()) if m]


@pytest.fixture(scope="module")
def open_conflicts(seed_build) -> list[dict]:
    return [c for c in seed_build["conflicts"] if c["resolution"]["status"] == "open"]


def test_review_lists_the_open_conflicts_errors_first(seed_build, open_conflicts, run_cli):
    code, out, err = run_cli(["review"], cwd=seed_build["root"])
    assert code == 0, err
    shown = listed(out)
    assert sorted(i for _, i, _ in shown) == sorted(c["id"] for c in open_conflicts)
    assert {s for _, _, s in shown} == {"open"}
    ranks = [SEVERITY_RANK[s] for s, _, _ in shown]
    assert ranks == sorted(ranks) and ranks[0] == 0
    assert [s for s, _, _ in shown[:5]] == ["error"] * 5
    n = Counter(c["severity"] for c in open_conflicts)
    assert out.splitlines()[-1].startswith(
        f"{len(open_conflicts)} conflicts shown ({n['error']} error, {n['warning']} warning, {n['info']} info)")
    assert "python -m extract resolve ID" in out.splitlines()[-1]


def test_review_shows_message_values_and_locations(seed_build, run_cli):
    _, out, _ = run_cli(["review", "--severity", "error"], cwd=seed_build["root"])
    block = out.split("value_mismatch:backend-services:902:")[1].split("\nERROR")[0]
    assert "Sources disagree on the message of code 902" in block
    assert "Server timed Out    ← raw_sources/backend-services-pdf-dump.txt:143" in block
    assert ("The execution of the custom server code timed out.    ← raw_sources/backend-services-table.tsv:62"
            in block)
    assert {s for s, _, _ in listed(out)} == {"error"}


def test_review_filters_and_all(seed_build, run_cli):
    root = seed_build["root"]
    _, out, _ = run_cli(["review", "--kind", "missing_in_source"], cwd=root)
    assert len(listed(out)) == 16
    _, out, _ = run_cli(["review", "--only-catalog", "identity-cloud"], cwd=root)
    assert all(":identity-cloud:" in i for _, i, _ in listed(out))
    _, out, _ = run_cli(["review", "--all"], cwd=root)
    assert len(listed(out)) == len(seed_build["conflicts"])
    assert {s for _, _, s in listed(out)} == {"open", "auto"}


@pytest.fixture(scope="module")
def report(seed_build) -> str:
    return (seed_build["root"] / "normalized" / "report.md").read_text(encoding="utf-8")


def table_after(report: str, title: str) -> dict[str, str]:
    """The `| title | count |` table as {key: count}."""
    lines = report.split(f"| {title} | count |\n| --- | ---: |\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return {cells[0]: cells[1] for cells in ([c.strip() for c in line.strip("|").split("|")] for line in lines)}


def test_report_opens_with_the_counts(report, seed_build, open_conflicts):
    conflicts = seed_build["conflicts"]
    lines = report.splitlines()
    assert lines[0] == "# Conflict report"
    assert lines[2] == f"{len(conflicts)} conflicts, {len(open_conflicts)} open."
    counts_end = report.index("## Sources")
    assert counts_end < report.index("## Open conflicts")
    for title, key in (("catalog", lambda c: c["catalog"]), ("kind", lambda c: c["kind"]),
                       ("severity", lambda c: c["severity"]), ("status", lambda c: c["resolution"]["status"])):
        assert report.index(f"| {title} | count |") < counts_end
        assert table_after(report, title) == {k: str(v) for k, v in Counter(map(key, conflicts)).items()}


def test_report_has_a_quality_row_per_source_with_agreement(report):
    section = report.split("## Sources\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    header = [h.strip() for h in section[0].strip("|").split("|")]
    assert header == ["source", "format", "records", "blank cells", "joined fragments", "orphan fragments",
                      "uncertain splits", "unparsed lines", "agreement"]
    rows = {r["source"]: r for r in ({h: c.strip() for h, c in zip(header, line.strip("|").split("|"))}
                                     for line in section[2:])}
    assert set(rows) == {"backend-services-pdf-dump", "backend-services-table", "backend-services-web-scrape",
                         "identity-cloud-registration", "parse-errors"}
    pdf = rows["backend-services-pdf-dump"]
    assert (pdf["format"], pdf["records"], pdf["joined fragments"], pdf["orphan fragments"]) == ("dump", "46", "6", "1")
    # 46 rows x 4 compared fields = 184 cells; 6 differ from the catalog's choice (operations of 107, 611 and
    # 613, the message of 902, the cut-off messages of 610 and 960): 178/184.
    assert pdf["agreement"] == "97% of 184"
    table = rows["backend-services-table"]
    assert (table["format"], table["records"], table["blank cells"]) == ("tab", "64", "6")
    assert table["agreement"] == "100% of 250"  # 64 x 4 fields less the 6 blank statuses
    assert rows["backend-services-web-scrape"]["agreement"] == "100% of 250"
    assert rows["parse-errors"]["agreement"] == "-"  # a catalog of one source has nothing to agree with


def test_report_lists_every_open_conflict_with_its_values(report, seed_build, open_conflicts):
    section = report.split("## Open conflicts\n", 1)[1]
    ids = re.findall(r"^`([^`]+)`", section, flags=re.M)
    rank = {"error": 0, "warning": 1, "info": 2}  # errors first, then conflicts.json order
    assert ids == [c["id"] for c in sorted(open_conflicts, key=lambda c: rank[c["severity"]])]
    auto = [c["id"] for c in seed_build["conflicts"] if c["resolution"]["status"] != "open"]
    assert not any(f"`{i}`" in section for i in auto)
    assert "### error: value_mismatch — backend-services 902 (variant 1)" in section
    assert "| backend-services-pdf-dump | Server timed Out | raw_sources/backend-services-pdf-dump.txt:143 |" in section
    assert "| backend-services-table | (blank) | raw_sources/backend-services-table.tsv:40 |" in section  # 607
