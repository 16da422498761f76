"""normalized/report.html in a real headless browser: the filters show exactly the conflicts they should.

Uses Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver; `make test` installs them
when missing) driven by Selenium, so nothing is downloaded at run time.
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMEDRIVER.exists():
        pytest.skip(f"{CHROMEDRIVER} is absent: install Debian's browser and driver with "
                    "`sudo apt-get install chromium chromium-driver` (as root, `make test` does it)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    if CHROMIUM.exists():
        options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def page(browser, seed_build):
    browser.get((seed_build["root"] / "normalized" / "report.html").as_uri())
    return browser


def shown(driver) -> list[tuple[str, str]]:
    return [(el.get_attribute("data-id"), el.get_attribute("data-kind"))
            for el in driver.find_elements("css selector", ".conflict")]


def choose(driver, **filters: str) -> list[tuple[str, str]]:
    """Set every filter (catalog, kind, severity, status; "" = all) as a user would, then read the list."""
    from selenium.webdriver.support.ui import Select

    for name in ("catalog", "kind", "severity", "status"):
        Select(driver.find_element("id", f"f-{name}")).select_by_value(filters.get(name, ""))
    return shown(driver)


def expected(conflicts, **filters: str) -> list[tuple[str, str]]:
    get = {"catalog": lambda c: c["catalog"], "kind": lambda c: c["kind"], "severity": lambda c: c["severity"],
           "status": lambda c: c["resolution"]["status"]}
    rank = {"error": 0, "warning": 1, "info": 2}  # the page lists errors first, then conflicts.json order
    return [(c["id"], c["kind"]) for c in sorted(conflicts, key=lambda c: rank[c["severity"]])
            if all(not v or get[k](c) == v for k, v in filters.items())]


def test_everything_is_shown_at_first_errors_first(page, seed_build):
    conflicts = seed_build["conflicts"]
    assert choose(page) == expected(conflicts)
    assert page.find_element("id", "shown").text == f"{len(conflicts)} of {len(conflicts)} shown"


def test_filter_options_are_the_values_present(page, seed_build):
    from selenium.webdriver.support.ui import Select

    conflicts = seed_build["conflicts"]
    for name, get in (("catalog", lambda c: c["catalog"]), ("kind", lambda c: c["kind"]),
                      ("severity", lambda c: c["severity"]), ("status", lambda c: c["resolution"]["status"])):
        options = [o.get_attribute("value") for o in Select(page.find_element("id", f"f-{name}")).options]
        assert options == [""] + sorted({get(c) for c in conflicts})


@pytest.mark.parametrize("filters", [
    {"kind": "truncated_value"},
    {"kind": "value_mismatch"},
    {"severity": "error"},
    {"catalog": "identity-cloud"},
    {"status": "auto"},
    {"catalog": "backend-services", "kind": "missing_in_source", "status": "open"},
    {"catalog": "backend-services", "kind": "missing_value", "severity": "info"},
    {"catalog": "parse", "severity": "info", "status": "open"},
], ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_filters_show_the_right_conflicts(page, seed_build, filters):
    want = expected(seed_build["conflicts"], **filters)
    assert want, "a filter that matches nothing proves little"
    assert choose(page, **filters) == want
    assert page.find_element("id", "shown").text == f"{len(want)} of {len(seed_build['conflicts'])} shown"


def test_specific_selections(page):
    got = choose(page, kind="truncated_value")
    assert [(i.split(":")[2], k) for i, k in got] == [("610", "truncated_value"), ("960", "truncated_value")]
    got = choose(page, severity="error")
    assert sorted((i.split(":")[0], i.split(":")[2]) for i, _ in got) == [
        ("duplicate_code", "107"), ("missing_value", "107"), ("missing_value", "607"), ("missing_value", "617"),
        ("value_mismatch", "902")]
    assert choose(page, catalog="identity-cloud", kind="truncated_value") == []
    assert page.find_element("id", "shown").text.startswith("0 of ")


def test_a_conflict_shows_its_competing_values_and_locations(page, seed_build):
    c = next(c for c in seed_build["conflicts"] if c["kind"] == "value_mismatch" and c["code"] == "603")
    choose(page, kind="value_mismatch", severity="info")
    el = page.find_element("css selector", f'.conflict[data-id="{c["id"]}"]')
    assert "only in case, punctuation or whitespace" in el.text and "cosmetic-take-priority" in el.text
    values = el.find_elements("css selector", ".value")
    assert [v.find_element("css selector", ".loc").text for v in values] == [
        f"{v['source']} · {v['location']}" for v in c["values"]]
    assert values[0].text.startswith("Access denied.")
    # later values are shown as a word difference against the first one
    pdf = values[2]
    assert [d.text for d in pdf.find_elements("css selector", "del")] == ["denied."]
    assert [i.text for i in pdf.find_elements("css selector", "ins")] == ["Denied"]


def test_document_text_never_becomes_markup_or_script(browser, tmp_path):
    """Source ids, file names and values carrying HTML, script and the template's own markers are shown as text
    and run nothing (issue 10: the page used to be filled by plain text replacement)."""
    import json
    import os
    import subprocess
    import sys

    from conftest import REPO

    hostile = "<img src=x onerror=window.pwned=1>"
    (tmp_path / "%DATA%.tsv").write_text(f"Code\tMessage\n100\t{hostile}\n101\t<!--<script>window.pwned=2</script>\n",
                                         encoding="utf-8")
    (tmp_path / "b.tsv").write_text("Code\tMessage\n100\tBad input.\n101\t%SUMMARY% and %CSP%\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "extract", "build", "--catalog", "demo", "--out", "out", "%DATA%.tsv",
                    "b.tsv"], cwd=tmp_path, env=env, check=True, capture_output=True, timeout=120)
    conflicts = json.loads((tmp_path / "out" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    browser.get((tmp_path / "out" / "report.html").as_uri())
    from selenium.webdriver.support.ui import Select

    for name in ("catalog", "kind", "severity", "status"):
        Select(browser.find_element("id", f"f-{name}")).select_by_value("")
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_elements("css selector", "img") == []  # no value became an element
    text = browser.find_element("id", "list").text
    assert hostile in text and "<!--<script>window.pwned=2</script>" in text and "%SUMMARY% and %CSP%" in text
    assert len(browser.find_elements("css selector", ".conflict")) == len(conflicts)
