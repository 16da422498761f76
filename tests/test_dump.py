"""Column dumps written by hand in the shapes a PDF text layer takes: no header, a first block of one column, no
first block at all, blank cells left out of a block, a split last row with a blank cell, and wrapped cells whose
overflow is placed by its order. Every field is checked, and every line must end somewhere."""
from __future__ import annotations

from layout_helpers import build, lost_lines

from extract import parsers
from extract.documents import load
from extract.model import WORK
from extract.parsers.dump_blocks import read_dump
from extract.pipeline import parse_document
from extract.settings import DEFAULT

FIELDS = ("code", "name", "http_status", "message", "description")


def got(b) -> list[tuple]:
    return [tuple(e[f] for f in FIELDS) for e in b["catalog"]["entries"]]


def kinds(b, kind: str) -> list[dict]:
    return [c for c in b["conflicts"] if c["kind"] == kind]


def paragraphs(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def test_headerless_dump_is_a_dump_not_a_tab_table(run_cli, tmp_path):
    text = ("1\t4001\tcard_declined\t402\n2\t4002\tcard_expired\t402\n3\t4003\tcard_missing\t400\n\n"
            + paragraphs("The card was declined.", "The card has expired.", "No card was specified.",
                         "The bank declined the card; ask for another one.", "The card expired before the payment.",
                         "The request does not include a card."))
    b = build(run_cli, tmp_path, "dump.txt", text)
    assert b["catalog"]["sources"][0]["format"] == "dump"
    assert got(b) == [
        ("4001", "card_declined", 402, "The card was declined.", "The bank declined the card; ask for another one."),
        ("4002", "card_expired", 402, "The card has expired.", "The card expired before the payment."),
        ("4003", "card_missing", 400, "No card was specified.", "The request does not include a card.")]
    assert lost_lines(b) == []


def test_first_block_of_one_column_and_a_text_block(run_cli, tmp_path):
    text = "Code\n100\n101\n102\n\n" + paragraphs("Description", "The token has expired.", "The token is invalid.",
                                                     "No token was specified.")
    b = build(run_cli, tmp_path, "dump.txt", text)
    assert b["catalog"]["sources"][0]["format"] == "dump"
    assert got(b) == [("100", "", None, "", "The token has expired."), ("101", "", None, "", "The token is invalid."),
                      ("102", "", None, "", "No token was specified.")]
    assert lost_lines(b) == []


def test_no_first_block_a_text_column_first(run_cli, tmp_path):
    text = paragraphs("Description", "The user may have been deleted.", "The session expired after an hour.",
                      "Choose another name for the bucket.",
                      "Code", "E101", "E102", "E103", "Name", "UserNotFound", "SessionExpired", "BucketExists")
    b = build(run_cli, tmp_path, "dump.txt", text)
    assert b["catalog"]["sources"][0]["format"] == "dump"
    assert got(b) == [("E101", "UserNotFound", None, "", "The user may have been deleted."),
                      ("E102", "SessionExpired", None, "", "The session expired after an hour."),
                      ("E103", "BucketExists", None, "", "Choose another name for the bucket.")]
    assert lost_lines(b) == []


def test_a_block_with_a_blank_cell_is_aligned_by_the_words_of_its_rows(run_cli, tmp_path):
    text = ("Code\tName\n10\tfile_too_large\n11\tquota_exceeded\n12\tregion_locked\n13\tpayment_missing\n\n"
            + paragraphs("Message", "The file is too large.", "The region is locked.", "No payment was specified."))
    b = build(run_cli, tmp_path, "dump.txt", text)
    assert got(b) == [("10", "file_too_large", None, "The file is too large.", ""),
                      ("11", "quota_exceeded", None, "", ""),
                      ("12", "region_locked", None, "The region is locked.", ""),
                      ("13", "payment_missing", None, "No payment was specified.", "")]
    (c,) = kinds(b, "block_length_mismatch")
    assert c["resolution"]["status"] == "auto" and c["resolution"]["rule"] == "block-aligned-by-row-words"
    assert "blank: row 2" in c["message"]
    assert lost_lines(b) == []


def test_a_blank_cell_without_evidence_stays_an_open_conflict(run_cli, tmp_path):
    text = ("Code\tHTTP Status\n10\t400\n11\t404\n12\t409\n\n"
            + paragraphs("Returned By", "Create user", "Delete user"))
    b = build(run_cli, tmp_path, "dump.txt", text)
    (c,) = kinds(b, "block_length_mismatch")
    assert c["resolution"]["status"] == "open"
    assert lost_lines(b) == []


def test_split_last_row_with_a_blank_cell_goes_to_the_columns_it_fits(run_cli, tmp_path):
    text = ("Sr.no\tCode\tName\tHTTP Status\n1\t201\tuser_exists\t409\n2\t202\tuser_missing\t400\n\n3\n\n203\n\n400\n\n"
            + paragraphs("Message", "A user with the same name already exists.", "No user was specified.",
                         "The user is invalid."))
    b = build(run_cli, tmp_path, "dump.txt", text)
    assert got(b) == [("201", "user_exists", 409, "A user with the same name already exists.", ""),
                      ("202", "user_missing", 400, "No user was specified.", ""),
                      ("203", "", 400, "The user is invalid.", "")]
    assert lost_lines(b) == []


def test_overflow_fragments_are_placed_by_the_order_of_the_open_cells(run_cli, tmp_path):
    text = ("Code\tHTTP Status\n1\t400\n2\t404\n3\t409\n\n"
            + paragraphs("Description",
                         "The request could not be understood by the server because",
                         "The item you asked for does not exist. Check the",
                         "The item changed after you read it. Read it again.",
                         "of malformed syntax.", "identifier you sent.", "Then apply your change and retry."))
    b = build(run_cli, tmp_path, "dump.txt", text)
    assert [e["description"] for e in b["catalog"]["entries"]] == [
        "The request could not be understood by the server because of malformed syntax.",
        "The item you asked for does not exist. Check the identifier you sent.",
        "The item changed after you read it. Read it again. Then apply your change and retry."]
    joined = kinds(b, "joined_fragment")
    assert len(joined) == 3 and not kinds(b, "orphan_fragment")
    last = [c for c in joined if c["code"] == "3"][0]
    assert last["resolution"]["rule"] == "fragment-joined-by-order" and last["severity"] == "warning"
    assert "order of the cells left open" in last["message"]
    assert lost_lines(b) == []


def test_fragments_that_do_not_fit_the_open_cells_stay_orphans(run_cli, tmp_path):
    # two lower-case fragments for one open cell: no order fits, nothing is guessed
    text = ("Code\tHTTP Status\n1\t400\n2\t404\n\n"
            + paragraphs("Description", "The request could not be understood by the server.",
                         "The item you asked for does not exist. Check", "the identifier.", "and more text."))
    b = build(run_cli, tmp_path, "dump.txt", text)
    assert b["catalog"]["entries"][0]["description"] == "The request could not be understood by the server."
    assert len(kinds(b, "orphan_fragment")) == 2
    assert lost_lines(b) == []


def test_lines_taking_turns_between_a_code_and_its_text_are_no_dump(run_cli, tmp_path):
    text = ("Error codes\n===========\n\n28001 PAYMENT_MISSING\n    No payment was specified.\n\n"
            "28007 ROLE_UNAVAILABLE\n    The role is temporarily unavailable.\n\n"
            "28010 WORKSPACE_LIMIT_EXCEEDED\n    Too many requests for this workspace.\n")
    b = build(run_cli, tmp_path, "codes.rst", text)
    assert b["catalog"]["sources"][0]["format"] != "dump"
    assert got(b) == [("28001", "PAYMENT_MISSING", None, "", "No payment was specified."),
                      ("28007", "ROLE_UNAVAILABLE", None, "", "The role is temporarily unavailable."),
                      ("28010", "WORKSPACE_LIMIT_EXCEEDED", None, "", "Too many requests for this workspace.")]


# ------------------------------------------------------------------------------------------------ linear work
ROWS = 10_000
THINGS = ["quota", "token", "region", "payment", "bucket", "session", "webhook", "record"]


def desc_of(i: int) -> str:
    return f"The {THINGS[i % 8]} {i} cannot be used for this request because it is locked by the other caller."


def heading_like_names_dump(rows: int = ROWS) -> str:
    """A dump whose Name block holds names that read as the heading "Message" (`message_quota_7`), so every one
    of them asks whether it has the block's shape; every 20th description is cut after `the`, its end in the
    overflow."""
    cut = {i: desc_of(i).rsplit(" ", 2) for i in range(rows) if i % 20 == 7}
    return ("Code\tHTTP Status\n" + "".join(f"{1000 + i}\t{400 + i % 30}\n" for i in range(rows))
            + "Name\n" + "".join(f"message_{THINGS[i % 8]}_{i}\n" for i in range(rows))
            + "Description\n" + "".join(f"{cut[i][0] if i in cut else desc_of(i)}\n" for i in range(rows))
            + "".join(f"{' '.join(cut[i][1:])}\n" for i in sorted(cut)))


def test_a_large_dump_reads_each_value_once(tmp_path):
    """Each value's shape is read once whatever the lines look like (a value that may be a heading compares
    its shape with counts kept for the block, never with the whole block again), and the fragments are placed
    by their order over the open cells only: counts proportional to the document, never to rows × rows."""
    path = tmp_path / "dump.txt"
    path.write_text(heading_like_names_dump(), encoding="utf-8")
    doc = load(path, "dump")
    lines = len(doc.lines)
    WORK.clear()
    rule = parsers.detect(doc)
    parsed = parse_document(doc, rule, "scale")
    assert rule.name == "dump" and len(parsed.records) == ROWS
    assert parsed.records[7].get("name") == "message_record_7"
    assert parsed.records[7].get("description") == desc_of(7)
    assert len([c for c in parsed.conflicts if c.kind == "joined_fragment"]) == ROWS // 20
    assert not [c for c in parsed.conflicts if c.kind == "orphan_fragment"]
    assert 0 < WORK["dump block shapes read"] <= lines
    # the order's fit runs over the cells that can take a fragment (here the open ones), not every text cell
    assert WORK["fragment order steps"] <= ROWS // 20 * (DEFAULT.fragments.max_closed_cuts + 1)
    assert WORK["fragment rows examined"] == 0


def test_blocks_of_changing_shape_read_each_value_once():
    """Without headings a block ends where the values change shape; values that change shape at every line
    make a block per value, and each value is still read once (not a window of a column's length per block)."""
    lines = [f"{i + 1}\t{1000 + i}\t400" for i in range(ROWS)]
    lines += [f"The value {i} is wrong." if i % 2 else f"Name_{i}" for i in range(2 * ROWS)]
    WORK.clear()
    read_dump(lines)
    assert 0 < WORK["dump block shapes read"] <= len(lines)
