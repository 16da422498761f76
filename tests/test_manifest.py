"""The manifest (extract/manifest.py): a mistyped or wrongly typed key is refused in one line naming the file and
the line, with the keys that are valid, never ignored."""
from __future__ import annotations

import pytest


def write_source(project, body: str) -> None:
    with open(project / "raw_sources" / "sources.toml", "a", encoding="utf-8") as fh:
        fh.write("\n[[source]]\n" + body)


@pytest.mark.parametrize("body, reason", [
    ('id = "x"\npath = "x.tsv"\ncatalog = "extra"\nfromat = "tab"\n',
     "unknown key 'fromat' (valid: catalog, format, id, path, priority, role, title, version)"),
    ('id = "x"\npath = "x.tsv"\ncatalog = "extra"\npriority = true\n', "priority must be an integer"),
])
def test_unknown_or_mistyped_keys_are_refused(project, run_cli, body, reason):
    write_source(project, body)
    code, out, err = run_cli(["build"], cwd=project)
    assert code == 2 and "Traceback" not in err
    line = max(n for n, text in enumerate((project / "raw_sources" / "sources.toml").read_text().splitlines(), 1)
               if text == "[[source]]")
    assert f"error: raw_sources/sources.toml:{line}: [[source]] #6 (x): {reason}" in err.splitlines()


def test_an_unknown_top_level_key_is_refused(project, run_cli):
    manifest = project / "raw_sources" / "sources.toml"
    manifest.write_text('extra = ["x"]\n' + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli(["build"], cwd=project)
    assert code == 2 and err.strip().endswith("unknown key 'extra' (valid: [[source]] and [[generate]] tables)")
