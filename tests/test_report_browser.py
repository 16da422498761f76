"""normalized/report.html in a real headless browser, as a reviewer uses it: it opens on the open conflicts,
filters and searches (kept in the URL over a reload), shows each source's own value whole with its differences
from the value in use beside it, marks the value in use and the reviewer's decisions, copies a `resolve` command
that runs as shown, fits a 375 px wide window, and shows hostile document text as text.

Uses Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver; `make test` installs them
when missing) driven by Selenium, so nothing is downloaded at run time. Every wait is for a condition on the page,
never a fixed sleep.
"""
from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run_cli

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")
WAIT = 30  # seconds a condition may take on a loaded machine before the test gives up
FILTERS = ("status", "severity", "kind", "catalog")
RANK = {"error": 0, "warning": 1, "info": 2}  # the page lists errors first, then in conflicts.json order


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
                "--no-first-run", "--window-size=1200,900",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_script_timeout(WAIT)
        # the page copies with navigator.clipboard; granted so that the test can read back what was copied
        driver.execute_cdp_cmd("Browser.grantPermissions",
                               {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
        yield driver
    finally:
        driver.quit()


def load(driver, page: Path, fragment: str = ""):
    """Open the page afresh: a full load, never a jump within the already open page to a new fragment."""
    driver.get("about:blank")
    driver.get(page.as_uri() + fragment)
    return driver


@pytest.fixture
def page(browser, seed_build):
    return load(browser, seed_build["root"] / "normalized" / "report.html")


def wait(driver, condition, message: str = ""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT).until(condition, message)


def shown(driver) -> list[tuple[str, str]]:
    rows = driver.execute_script(
        "return [...document.querySelectorAll('.conflict:not([hidden])')].map(e => [e.dataset.id, e.dataset.kind])")
    return [tuple(r) for r in rows]


def search(driver, text: str) -> None:
    """Type into the search box as a user does (select all, delete, type)."""
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element("id", "q")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    if text:
        box.send_keys(text)
    assert box.get_attribute("value") == text


def choose(driver, q: str | None = None, **filters: str) -> list[tuple[str, str]]:
    """Set every filter (status, severity, kind, catalog; "" = all) as a user would, optionally search, and read
    the list."""
    from selenium.webdriver.support.ui import Select

    for name in FILTERS:
        Select(driver.find_element("id", f"f-{name}")).select_by_value(filters.get(name, ""))
    if q is not None:
        search(driver, q)
    return shown(driver)


def show(value) -> str:
    """A value as the page writes it: lists joined with '; ', blanks as '(blank)'."""
    if value in (None, "", []):
        return "(blank)"
    if isinstance(value, list):
        return "; ".join(v if isinstance(v, str) else json.dumps(v) for v in value)
    return value if isinstance(value, str) else json.dumps(value)


def haystack(c: dict, in_use: dict) -> str:
    """What the search looks in, as the page promises: everything a card shows."""
    r = c["resolution"]
    parts = [c["id"], c["kind"], c["catalog"], c["code"], c["field"], c["severity"], c["message"], r["status"],
             r["rule"], r.get("note"), r.get("stale_decision"), r["value"] not in (None, "", []) and show(r["value"])]
    for v in c["values"]:
        parts += [v["source"], v["location"], v.get("code"), v["value"] not in (None, "", []) and show(v["value"])]
    if c["id"] in in_use and in_use[c["id"]] not in (None, "", []):
        parts.append(show(in_use[c["id"]]))
    return "\n".join(p for p in parts if p).lower()


def in_use_of(seed_build) -> dict:
    from test_report_html import embedded

    return embedded((seed_build["root"] / "normalized" / "report.html").read_text(encoding="utf-8"))["in_use"]


def expected(conflicts, q: str = "", in_use: dict | None = None, **filters: str) -> list[tuple[str, str]]:
    get = {"catalog": lambda c: c["catalog"], "kind": lambda c: c["kind"], "severity": lambda c: c["severity"],
           "status": lambda c: c["resolution"]["status"]}
    terms = q.lower().split()
    return [(c["id"], c["kind"]) for c in sorted(conflicts, key=lambda c: RANK[c["severity"]])
            if all(not v or get[k](c) == v for k, v in filters.items())
            and all(t in haystack(c, in_use or {}) for t in terms)]


def card(driver, cid: str):
    return driver.find_element("css selector", f'.conflict[data-id="{cid}"]')


def conflict(seed_build, **match) -> dict:
    return next(c for c in seed_build["conflicts"] if all(c[k] == v for k, v in match.items()))


# --- what the page opens on, and the filters ---------------------------------------------------------------------

def test_it_opens_on_the_open_conflicts_errors_first(page, seed_build):
    conflicts = seed_build["conflicts"]
    want = expected(conflicts, status="open")
    assert want and len(want) < len(conflicts)
    assert shown(page) == want
    assert page.find_element("id", "f-status").get_attribute("value") == "open"
    assert page.find_element("id", "shown").text == f"{len(want)} of {len(conflicts)} shown"
    assert page.execute_script("return location.hash") == ""


def test_filter_options_are_the_statuses_severities_and_values_present(page, seed_build):
    from selenium.webdriver.support.ui import Select

    conflicts = seed_build["conflicts"]
    values = {name: [o.get_attribute("value") for o in Select(page.find_element("id", f"f-{name}")).options]
              for name in FILTERS}
    assert values["status"] == ["", "open", "auto", "manual"]
    assert values["severity"] == ["", "error", "warning", "info"]
    assert values["kind"] == [""] + sorted({c["kind"] for c in conflicts})
    assert values["catalog"] == [""] + sorted({c["catalog"] for c in conflicts})
    labels = [o.text for o in Select(page.find_element("id", "f-severity")).options]
    assert labels[1] == f"error ({sum(c['severity'] == 'error' for c in conflicts)})"


@pytest.mark.parametrize("filters", [
    {},
    {"kind": "truncated_value"},
    {"kind": "value_mismatch"},
    {"severity": "error"},
    {"catalog": "identity-cloud"},
    {"status": "auto"},
    {"catalog": "backend-services", "kind": "missing_in_source", "status": "open"},
    {"catalog": "backend-services", "kind": "missing_value", "severity": "info"},
    {"catalog": "parse", "severity": "info", "status": "open"},
], ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "all")
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
    assert page.find_element("id", "none").is_displayed()


# --- search and the URL ------------------------------------------------------------------------------------------

def test_search_finds_words_anywhere_without_regard_to_case(page, seed_build):
    conflicts, in_use = seed_build["conflicts"], in_use_of(seed_build)
    timed_out = conflict(seed_build, kind="value_mismatch", code="902")
    got = choose(page, q="timed out")
    assert got == expected(conflicts, q="timed out", in_use=in_use) and (timed_out["id"], "value_mismatch") in got
    assert choose(page, q="SERVER  Timed") == expected(conflicts, q="server timed", in_use=in_use)
    got = choose(page, q="611")
    assert {i for i, _ in got} >= {c["id"] for c in conflicts if c["code"] == "611"}
    assert got == expected(conflicts, q="611", in_use=in_use)
    # with the filters: every word and every filter must hold
    got = choose(page, q="operations 611", kind="value_mismatch", status="open")
    ops = conflict(seed_build, kind="value_mismatch", code="611", field="operations")
    assert got == [(ops["id"], "value_mismatch")]
    assert choose(page, q="no conflict says this") == []
    assert page.find_element("id", "none").is_displayed()
    assert choose(page, q="") == expected(conflicts)


def test_filters_and_search_are_kept_in_the_url_over_a_reload(page, seed_build):
    from selenium.webdriver.support.ui import Select

    conflicts = seed_build["conflicts"]
    got = choose(page, q="operations", kind="value_mismatch", catalog="backend-services")
    assert got and got == expected(conflicts, q="operations", in_use=in_use_of(seed_build), kind="value_mismatch",
                                   catalog="backend-services")
    fragment = page.execute_script("return location.hash")
    assert fragment == "#status=all&kind=value_mismatch&catalog=backend-services&q=operations"

    def kept():
        assert [page.find_element("id", f"f-{n}").get_attribute("value") for n in FILTERS] == [
            "", "", "value_mismatch", "backend-services"]
        assert page.find_element("id", "q").get_attribute("value") == "operations"
        assert shown(page) == got

    page.refresh()
    kept()
    load(page, seed_build["root"] / "normalized" / "report.html", fragment)  # a bookmark or a shared link
    kept()
    # back to what a reviewer has to do: the open conflicts, nothing in the URL
    page.find_element("id", "reset").click()
    assert shown(page) == expected(conflicts, status="open")
    assert page.execute_script("return location.hash") == ""
    assert page.find_element("id", "q").get_attribute("value") == ""
    # a link written by hand, with a value no conflict has: shown as chosen, matching nothing (never "all")
    load(page, seed_build["root"] / "normalized" / "report.html", "#severity=error&kind=no_such_kind")
    assert Select(page.find_element("id", "f-kind")).first_selected_option.get_attribute("value") == "no_such_kind"
    assert shown(page) == []


# --- what a card shows -------------------------------------------------------------------------------------------

CARDS_JS = """
return [...document.querySelectorAll('.conflict')].map(card => ({
  id: card.dataset.id,
  values: [...card.querySelectorAll('.value')].map(li => {
    const own = li.querySelector('.own'), delta = li.querySelector('.delta');
    return {
      own: own.textContent, blank: own.classList.contains('blank'), markup: own.children.length,
      rendered: own.getClientRects().length > 0, inUse: li.classList.contains('in-use'),
      source: li.querySelector('.source').textContent, location: li.querySelector('.loc').textContent,
      delta: delta && [...delta.childNodes].filter(n => !(n.classList && n.classList.contains('label')))
        .map(n => [n.nodeName === 'DEL' ? '-' : n.nodeName === 'INS' ? '+' : '=', n.textContent]),
    };
  }),
  inUse: card.querySelector('.use-value') && card.querySelector('.use-value').textContent,
}));
"""


def test_each_sources_own_value_is_shown_whole(page, seed_build):
    choose(page)  # every conflict
    cards = {c["id"]: c for c in page.execute_script(CARDS_JS)}
    assert len(cards) == len(seed_build["conflicts"])
    for c in seed_build["conflicts"]:
        values = cards[c["id"]]["values"]
        assert [v["own"] for v in values] == [show(v["value"]) for v in c["values"]], c["id"]
        assert [v["blank"] for v in values] == [v["value"] in (None, "", []) for v in c["values"]], c["id"]
        assert [(v["source"], v["location"]) for v in values] == [(v["source"], v["location"]) for v in c["values"]]
        assert all(v["markup"] == 0 and v["rendered"] for v in values), c["id"]  # plain text, never marked up


def test_differences_from_the_value_in_use_are_marked_beside_the_own_value(page, seed_build):
    choose(page)
    cards = {c["id"]: c for c in page.execute_script(CARDS_JS)}
    in_use = in_use_of(seed_build)
    deltas = 0
    for c in seed_build["conflicts"]:
        for got in cards[c["id"]]["values"]:
            if got["delta"]:
                deltas += 1
                # the unchanged and deleted parts spell the value in use; the unchanged and inserted, the own value
                reference = show(in_use[c["id"]]) if c["id"] in in_use else cards[c["id"]]["values"][0]["own"]
                assert "".join(t for op, t in got["delta"] if op != "+") == reference, c["id"]
                assert "".join(t for op, t in got["delta"] if op != "-") == got["own"], c["id"]
    assert deltas >= 5
    # issue 12: code 611's PDF value "All" is shown whole, its difference beside it as a deletion
    ops = conflict(seed_build, kind="value_mismatch", code="611", field="operations")
    pdf = next(v for v in cards[ops["id"]]["values"] if v["source"] == "backend-services-pdf-dump")
    assert pdf["own"] == "All"
    assert pdf["delta"] == [["=", "All"], ["-", " data operations*; Metadata operations\u2020 for content types"]]
    cosmetic = conflict(seed_build, kind="value_mismatch", code="603")
    pdf = next(v for v in cards[cosmetic["id"]]["values"] if v["source"] == "backend-services-pdf-dump")
    assert pdf["own"] == "Access Denied" and pdf["delta"] == [["=", "Access "], ["-", "denied."], ["+", "Denied"]]
    # both kinds of change are visible: deletions struck through, insertions underlined, each on a colour
    el = card(page, cosmetic["id"])
    page.execute_script("arguments[0].scrollIntoView()", el)
    style = page.execute_script("""const s = e => getComputedStyle(e);
        return [s(arguments[0]).textDecorationLine, s(arguments[1]).textDecorationLine,
                s(arguments[0]).backgroundColor, s(arguments[1]).backgroundColor]""",
                                el.find_element("css selector", "del"), el.find_element("css selector", "ins"))
    assert style[0] == "line-through" and style[1] == "underline"
    assert "rgba(0, 0, 0, 0)" not in style[2:] and style[2] != style[3]
    assert "only in case, punctuation or whitespace" in el.text and "cosmetic-take-priority" in el.text


def test_the_value_in_use_is_marked(page, seed_build):
    choose(page)
    cards = {c["id"]: c for c in page.execute_script(CARDS_JS)}
    entries = {(e["catalog"], e["code"], e["variant"]): e for e in seed_build["catalog"]["entries"]}
    marked = 0
    for c in seed_build["conflicts"]:
        got = cards[c["id"]]
        if c["field"] and c["code"] is not None and all(v.get("code") in (None, c["code"]) for v in c["values"]):
            value = entries[(c["catalog"], c["code"], c["variant"] or 1)][c["field"]]  # what catalog.json holds
            assert got["inUse"] == show(value), c["id"]
            assert [v["inUse"] for v in got["values"]] == [show(v["value"]) == show(value) for v in c["values"]]
            marked += sum(v["inUse"] for v in got["values"])
    assert marked >= 20
    status = conflict(seed_build, kind="missing_value", code="611")
    assert cards[status["id"]]["inUse"] == "400"
    assert [v["inUse"] for v in cards[status["id"]]["values"]] == [False, False, True]  # the PDF dump's 400
    badge = card(page, status["id"]).find_elements("css selector", ".value.in-use .badge")
    assert [b.text for b in badge] == ["in use"]


# --- copying the resolve command ---------------------------------------------------------------------------------

def clipboard(driver) -> str:
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('clipboard refused: ' + e));")


def copy(driver, el, action: str, source: str | None = None, value: str | None = None, note: str | None = None) -> str:
    """Fill the card's inputs, click one of its copy buttons, wait for the copy, and return the command both as
    the page shows it and as the clipboard holds it (they must agree)."""
    driver.execute_script("arguments[0].scrollIntoView()", el)
    driver.execute_script("return navigator.clipboard.writeText('(nothing copied yet)')")
    for cls, text in (("value-input", value), ("note-input", note)):
        if text is not None:
            box = el.find_element("css selector", f".{cls}")
            box.clear()
            if text:
                box.send_keys(text)
            assert box.get_attribute("value") == text
    selector = f'button[data-action="{action}"]'
    buttons = [b for b in el.find_elements("css selector", selector)
               if source is None or b.get_attribute("data-source") == source]
    assert len(buttons) == 1, (action, source)
    buttons[0].click()
    out = el.find_element("css selector", ".copied")
    wait(driver, lambda d: out.get_attribute("data-result"), "the copy never finished")
    assert out.get_attribute("data-result") == "copied" and out.is_displayed()
    shown_command = out.find_element("css selector", "input").get_attribute("value")
    assert clipboard(driver) == shown_command
    return shown_command


def test_copy_buttons_give_the_resolve_command_of_an_open_conflict(page, seed_build):
    choose(page)
    c = conflict(seed_build, kind="value_mismatch", code="902")
    el = card(page, c["id"])
    assert copy(page, el, "accept", source="backend-services-pdf-dump") == \
        f"python -m extract resolve {c['id']} --accept backend-services-pdf-dump"
    assert copy(page, el, "acknowledge", note="the PDF is older") == \
        f"python -m extract resolve {c['id']} --acknowledge --note 'the PDF is older'"
    assert copy(page, el, "value", value="Server timed out.", note="") == \
        f"python -m extract resolve {c['id']} --value 'Server timed out.'"
    # one accept button per source that gives a value; none on decided conflicts, none where there is no field
    assert [b.get_attribute("data-source") for b in el.find_elements("css selector", '[data-action="accept"]')] == [
        "backend-services-table", "backend-services-web-scrape", "backend-services-pdf-dump"]
    decided = [c for c in seed_build["conflicts"] if c["resolution"]["status"] != "open"]
    assert decided and all(not card(page, d["id"]).find_elements("css selector", "button[data-action]")
                           for d in decided)
    missing = conflict(seed_build, kind="missing_in_source", code="606")
    buttons = card(page, missing["id"]).find_elements("css selector", "button")
    assert [b.get_attribute("data-action") for b in buttons] == ["acknowledge"]


def test_a_copied_command_runs_as_shown_and_the_decision_then_shows(browser, seed_build, tmp_path):
    """The page's shell quoting, end to end: a value and a note full of shell syntax go through the copied
    command unchanged, run nothing, and the rebuilt page shows the decision with its value and note."""
    shutil.copytree(seed_build["root"] / "raw_sources", tmp_path / "raw_sources")
    code, _, err = run_cli(["build"], cwd=tmp_path)
    assert code == 0, err
    report = tmp_path / "normalized" / "report.html"
    c = conflict(seed_build, kind="value_mismatch", code="902")
    value = "-Server's \"time\" ran out: $(touch pwned) `touch pwned` $HOME; echo \\ * done"
    note = "O'Brien checked it; $(touch pwned) stays text & <b>so</b> does this"
    load(browser, report)
    command = copy(browser, card(browser, c["id"]), "value", value=value, note=note)
    assert shlex.split(command) == ["python", "-m", "extract", "resolve", c["id"], f"--value={value}", "--note", note]

    shim = tmp_path / "bin"
    shim.mkdir()
    # the command says `python`: the test's interpreter answers (a script, as a symlink would lose the venv)
    (shim / "python").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
    (shim / "python").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(REPO)}
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.rglob("pwned"))
    code, _, err = run_cli(["build"], cwd=tmp_path)
    assert code == 0, err

    decided = next(d for d in json.loads((tmp_path / "normalized" / "conflicts.json").read_text(encoding="utf-8"))
                   ["conflicts"] if d["id"] == c["id"])
    assert decided["resolution"]["status"] == "manual" and decided["resolution"]["value"] == value
    load(browser, report, "#status=manual")
    assert shown(browser) == [(c["id"], "value_mismatch")]
    el = card(browser, c["id"])
    assert el.find_element("css selector", ".decided").text == "value"
    assert el.find_element("css selector", ".decided-value").get_attribute("textContent") == value
    assert el.find_element("css selector", ".note-text").get_attribute("textContent") == note
    assert el.find_element("css selector", ".use-value").get_attribute("textContent") == value  # now in use
    assert not el.find_elements("css selector", "button[data-action]")  # decided: nothing left to copy


def test_manual_and_stale_decisions_show_their_value_and_note(browser, tmp_path):
    from extract.pipeline import Build
    from extract.model import Conflict, Resolution
    from extract.report_html import render_html

    values = [{"source": "a", "value": "Not found.", "location": "a.txt:1"},
              {"source": "-b", "value": "Not  found.", "location": "b.txt:1"}]
    build = Build([])
    build.conflicts = [
        Conflict("value_mismatch", "demo", message="accepted", code="1", variant=1, field="message", values=values,
                 resolution=Resolution("manual", "Not found.", "accept", note="a is the current document")),
        Conflict("value_mismatch", "demo", message="acknowledged", code="2", variant=1, field="message",
                 values=values, resolution=Resolution("manual", None, "acknowledge", note="")),
        Conflict("value_mismatch", "demo", message="stale", code="3", variant=1, field="message", values=values,
                 resolution=Resolution(stale_decision="decided on older values")),
    ]
    for c in build.conflicts:
        c.assign_id()
    (tmp_path / "report.html").write_text(render_html(build), encoding="utf-8")
    load(browser, tmp_path / "report.html", "#status=all")
    accepted, acknowledged, stale = (card(browser, c.id) for c in build.conflicts)
    assert accepted.find_element("css selector", ".decided").text == "accept"
    assert accepted.find_element("css selector", ".decided-value").text == "Not found."
    assert accepted.find_element("css selector", ".note-text").text == "a is the current document"
    assert [v.get_attribute("class") for v in accepted.find_elements("css selector", ".value")] == [
        "value in-use", "value"]
    assert acknowledged.find_element("css selector", ".decided").text == "acknowledge"
    assert not acknowledged.find_elements("css selector", ".decided-value")
    assert acknowledged.find_element("css selector", ".note .blank").text == "(none)"
    assert "decided on older values" in stale.find_element("css selector", ".stale").text
    # a whitespace-only difference is marked visibly; a source id starting with '-' cannot pass for an option
    ws = stale.find_elements("css selector", "ins.ws")
    assert [w.get_attribute("textContent") for w in ws] == ["  "]
    assert copy(browser, stale, "accept", source="-b") == \
        f"python -m extract resolve {build.conflicts[2].id} --accept=-b"


# --- a narrow window, a large page, hostile text ---------------------------------------------------------------

def assert_fits(driver, width: int) -> None:
    """No sideways scrolling: the page is no wider than the window, and no element reaches past its right edge
    except inside a box that scrolls on its own (the wide sources table)."""
    # cards off screen skip their layout (content-visibility: auto); lay them all out to measure them
    driver.execute_script("document.querySelectorAll('.conflict').forEach(e => e.style.contentVisibility = 'visible')")
    assert driver.execute_script("return window.innerWidth") == width  # the viewport meta is honoured
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    wide = driver.execute_script("""const w = arguments[0];
        return [...document.body.querySelectorAll('*')].filter(e => !e.closest('.scroll, script, style'))
          .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 0.5)
          .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60))""", width)
    assert wide == []


@pytest.fixture
def narrow(browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        yield browser
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_375_px_window_never_scrolls_sideways(narrow, seed_build):
    page = load(narrow, seed_build["root"] / "normalized" / "report.html", "#status=all")
    c = conflict(seed_build, kind="value_mismatch", code="611", field="operations")
    copy(page, card(page, c["id"]), "accept", source="backend-services-table")  # the command box shown too
    assert_fits(page, 375)


def test_a_large_page_filters_by_hiding_cards_it_built_once(browser, tmp_path):
    """2,400 conflicts: searching and filtering show the right cards, and they are the same elements as before
    (filtering flips `hidden`; nothing is rebuilt per keystroke, which is what keeps a search quick)."""
    from extract.pipeline import Build
    from extract.model import Conflict
    from extract.report_html import render_html

    build = Build([])
    for i in range(2400):
        kind = ("value_mismatch", "missing_in_source", "truncated_value")[i % 3]
        text = f"The request for item marker{i:04d} failed because the value is not valid."
        build.conflicts.append(Conflict(
            kind, f"cat{i % 4}", "warning", f"Conflict number {i}.", code=str(1000 + i), variant=1,
            field=None if kind == "missing_in_source" else "description",
            values=[{"source": "s1", "value": text, "location": f"a.txt:{i}"},
                    {"source": "s2", "value": text.replace("valid", "allowed"), "location": f"b.txt:{i}"}],
            resolution={"status": "open"} if i % 2 else {"status": "auto", "value": text, "rule": "priority"}))
        build.conflicts[-1].assign_id()
    (tmp_path / "report.html").write_text(render_html(build), encoding="utf-8")
    page = load(browser, tmp_path / "report.html", "#status=all")
    assert page.find_element("id", "shown").text == "2400 of 2400 shown"
    page.execute_script("document.querySelectorAll('.conflict').forEach(e => e.dataset.built = 'once')")

    got = choose(page, q="marker2399")
    assert [i for i, _ in got] == [build.conflicts[2399].id]
    got = choose(page, q="marker23", kind="truncated_value", status="open")
    assert [i for i, _ in got] == [c.id for c in build.conflicts[2300:2400]
                                   if c.kind == "truncated_value" and c.resolution.is_open]
    choose(page, q="allowed")
    assert page.find_element("id", "shown").text == "2400 of 2400 shown"
    assert page.execute_script(
        "return [...document.querySelectorAll('.conflict')].every(e => e.dataset.built === 'once')")
    assert page.execute_script("return document.querySelectorAll('.conflict').length") == 2400


def test_document_text_never_becomes_markup_or_script(browser, narrow, tmp_path):
    """Source ids, file names and values carrying HTML, script, shell syntax, the template's own markers and
    one very long word are shown as text, run nothing, copy into a command that a shell reads back unchanged,
    and still fit a narrow window (issue 10: the page used to be filled by plain text replacement)."""
    hostile = "<img src=x onerror=window.pwned=1>"
    long_word = "x" * 600
    hostile_name = "it's $(touch pwned) `x` %DATA%"
    (tmp_path / f"{hostile_name}.tsv").write_text(
        f"Code\tMessage\n100\t{hostile}\n101\t<!--<script>window.pwned=2</script>\n102\t{long_word}\n",
        encoding="utf-8")
    (tmp_path / "b.tsv").write_text(f"Code\tMessage\n100\tBad input.\n101\t%SUMMARY% and %CSP%\n102\t{long_word}y\n",
                                    encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "extract", "build", "--catalog", "demo", "--out", "out",
                    f"{hostile_name}.tsv", "b.tsv"], cwd=tmp_path, env=env, check=True, capture_output=True,
                   timeout=120)
    conflicts = json.loads((tmp_path / "out" / "conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    page = load(narrow, tmp_path / "out" / "report.html", "#status=all")
    assert page.execute_script("return window.pwned === undefined")
    assert page.find_elements("css selector", "img") == []  # no value became an element
    text = page.find_element("id", "list").get_attribute("textContent")
    assert hostile in text and "<!--<script>window.pwned=2</script>" in text and "%SUMMARY% and %CSP%" in text
    assert len(shown(page)) == len(conflicts)
    assert_fits(page, 375)

    sources = {v["source"] for c in conflicts for v in c["values"]}
    source = next(s for s in sources if "pwned" in s)
    c = next(c for c in conflicts if c["resolution"]["status"] == "open" and c["field"]
             and any(v["source"] == source and v["value"] for v in c["values"]))
    command = copy(page, card(page, c["id"]), "accept", source=source)
    assert shlex.split(command) == ["python", "-m", "extract", "resolve", c["id"], "--accept", source]
    assert not list(tmp_path.rglob("pwned"))
