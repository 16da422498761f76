"""The item half of the typing stage (extract/items.py): heads typed per block, on documents written here."""
from __future__ import annotations

from extract.items import Item, parse_head, type_block
from layout_helpers import build, lost_lines


def entries(b):
    return [(e["code"], e["name"], e["message"], e["description"], e["category"]) for e in b["catalog"]["entries"]]


def test_a_block_of_heads_decides_which_token_is_the_code():
    numbered = [Item("heading", 3, f"{code}: {name}", n) for n, (code, name) in
                enumerate([("100", "QUOTA_DISABLED"), ("101", "QUOTA_EXCEEDED"), ("102", "fileTooLarge")], 1)]
    assert [(t.code, t.name) for t in type_block(numbered)] == [
        ("100", "QUOTA_DISABLED"), ("101", "QUOTA_EXCEEDED"), ("102", "fileTooLarge")]
    symbols = [Item("heading", 3, name, n) for n, name in enumerate(["QUOTA_DISABLED", "QUOTA_EXCEEDED"], 1)]
    assert [(t.code, t.name) for t in type_block(symbols)] == [("QUOTA_DISABLED", ""), ("QUOTA_EXCEEDED", "")]
    assert parse_head("Check that attribute exists [attr-defined]").atoms[0].text == "attr-defined"
    assert parse_head("Obsolete errors (50-51)").rest == "Obsolete errors"


def test_headings_with_the_code_alone_or_beside_a_name(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "h.md", "# Errors of the demo service\n\nEvery code the service returns.\n\n"
              "## Quota errors\n\n### E101\n\nThe quota is disabled.\n\n### E102\n\nThe quota is used up. Wait\n"
              "for the next period.\n\n## File errors\n\n### E201\n\nThe file is too large.\n")
    assert entries(b) == [("E101", "", "", "The quota is disabled.", "Quota errors"),
                          ("E102", "", "", "The quota is used up. Wait for the next period.", "Quota errors"),
                          ("E201", "", "", "The file is too large.", "File errors")]
    assert lost_lines(b) == []
    n = build(run_cli, tmp_path, "n.md", "# Errors\n\nThe codes below.\n\n### 100: QUOTA_DISABLED\n\nThe quota is "
              "disabled.\n\n### 101: QUOTA_EXCEEDED\n\nThe quota is used up.\n\n### 102: FILE_TOO_LARGE\n\nToo big.\n")
    assert entries(n) == [("100", "QUOTA_DISABLED", "", "The quota is disabled.", ""),  # the title is no category
                          ("101", "QUOTA_EXCEEDED", "", "The quota is used up.", ""),
                          ("102", "FILE_TOO_LARGE", "", "Too big.", "")]
    assert lost_lines(n) == []


def test_bullets_with_the_name_before_or_after_the_code(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "b.md", "## Device errors\n* **E101** Device not responding\n* **E102** Low battery\n"
              "* **E103** Date and time not set\n")
    assert entries(b) == [("E101", "", "", "Device not responding", "Device errors"),
                          ("E102", "", "", "Low battery", "Device errors"),
                          ("E103", "", "", "Date and time not set", "Device errors")]
    n = build(run_cli, tmp_path, "n.md", "# Quota errors\n\n- `QUOTA_DISABLED` (**100**): The quota is disabled.\n"
              "- `QUOTA_EXCEEDED` (**101**): The quota is used up. Wait for\n  the next period.\n"
              "- `FILE_TOO_LARGE` (**102**): The file is too large.\n")
    assert entries(n) == [("100", "QUOTA_DISABLED", "", "The quota is disabled.", "Quota errors"),
                          ("101", "QUOTA_EXCEEDED", "", "The quota is used up. Wait for the next period.", "Quota errors"),
                          ("102", "FILE_TOO_LARGE", "", "The file is too large.", "Quota errors")]
    assert lost_lines(n) == []


def test_bare_hex_codes_with_a_name_line_below(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "p.txt", "Error codes\n0x80010007\nfile_too_large. The size of the file exceeds\n"
              "the limit.\n0x80010008\nfile_locked. The file is locked.\n0x80010009\nThe file is gone.\n")
    assert entries(b) == [("0x80010007", "file_too_large", "", "The size of the file exceeds the limit.", ""),
                          ("0x80010008", "file_locked", "", "The file is locked.", ""),
                          ("0x80010009", "", "", "The file is gone.", "")]
    assert lost_lines(b) == []


def test_a_list_of_ranges_and_a_list_without_codes_give_no_entries(run_cli, tmp_path):
    b = build(run_cli, tmp_path, "r.md", "Codes are grouped:\n\n- 100-199. Input errors.\n- 200. Storage errors.\n\n"
              "Contents:\n\n- Overview\n- Setup\n\nError codes:\n\n- `E101`: Bad input.\n- `E102`: Too long.\n"
              "- `E201`: Disk full.\n")
    assert [(e["code"], e["description"], e["category"]) for e in b["catalog"]["entries"]] == [
        ("E101", "Bad input.", "Error codes"), ("E102", "Too long.", "Error codes"), ("E201", "Disk full.", "Error codes")]
    assert lost_lines(b) == []


def test_a_block_typed_from_the_heads_the_layout_parsed_reads_as_from_its_items():
    items = [Item("bullet", 0, head, n) for n, head in enumerate(
        ["`QUOTA_DISABLED` (**100**): The quota is disabled.", "E102 Low battery - Charge it.",
         "Check that attribute exists [attr-defined]", "101 QUOTA_EXCEEDED", "Nothing here"], 1)]
    assert type_block(items, heads=[parse_head(it.head) for it in items]) == type_block(items)


def test_the_key_at_the_end_of_a_head_is_found_as_a_search_of_the_whole_head_finds_it():
    from extract.items import TAIL_KEY, _tail_key
    long = "word " * 40
    heads = ["Obsolete errors (50-51)", "Check that attribute exists [attr-defined]  ", 'Say "(E1)"', "(E1)'",
             "(E1)” \t", "a (b) (c)", "(a) b", long + "(" + "x" * 60 + ")", long + "(" + "x" * 61 + ")",
             long + "[" + "x " * 30 + "]\"  ", "(x)", ")", "", "   ", "]'", long + "(E1) )", "((E1))"]
    for head in heads:
        found, whole = _tail_key(head), TAIL_KEY.search(head)
        assert (found and (found.span(), found.group(1))) == (whole and (whole.span(), whole.group(1))), head
