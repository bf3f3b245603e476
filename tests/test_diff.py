"""The edition diff: alignment, classification, budget table and totals.

The synthetic 2019 edition comes with a manifest of every change its script
made (fixtures/synthetic-2019-changes.json); the diff of 2019 -> 2020 must
report exactly those changes and nothing else.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from checker.booklet.budget import AMOUNT, parse_amount
from checker.diff import (
    ADDED,
    BUDGET_CHANGED,
    BUDGET_ENDED,
    BUDGET_NEW,
    CHANGE_KINDS,
    MODIFIED,
    MOVED,
    REMOVED,
    RENAMED,
    UNCHANGED,
    diff_documents,
)
from checker.booklet.model import RawDocument, SourceLine
from checker.api import parse_file
from checker.booklet.parser import parse
from checker.booklet.text import normalize, normalize_title

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXT_2020 = FIXTURES / "soumu-juten-shisaku-2020.txt"
PDF_2020 = FIXTURES / "soumu-juten-shisaku-2020.pdf"
SYNTHETIC_2019 = FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt"
SYNTHETIC_2019_PDF = FIXTURES / "synthetic-2019-soumu-juten-shisaku.pdf"
MANIFEST = FIXTURES / "synthetic-2019-changes.json"

needs_synthetic = pytest.mark.skipif(
    not (SYNTHETIC_2019.exists() and MANIFEST.exists()), reason="the synthetic 2019 edition and its manifest are not in fixtures/"
)


@pytest.fixture(scope="module")
def edition_2020():
    return parse_file(str(TEXT_2020))


@pytest.fixture(scope="module")
def synthetic_2019():
    return parse_file(str(SYNTHETIC_2019))


@pytest.fixture(scope="module")
def manifest():
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def synthetic_diff(synthetic_2019, edition_2020):
    return diff_documents(synthetic_2019, edition_2020)


def _no_change(diff) -> None:
    assert diff.changes() == []
    assert all(node.status == UNCHANGED for node in diff.headings())
    assert {row.status for row in diff.budget} <= {"unchanged"}
    assert not any(row.prior_mismatch for row in diff.budget)
    for total in diff.totals:
        assert total.change == 0


# ------------------------------------------------------------ no change at all
def test_an_edition_against_itself_reports_no_change(edition_2020):
    diff = diff_documents(edition_2020, parse_file(str(TEXT_2020)))
    _no_change(diff)
    headings = sum(1 for node in edition_2020.root.walk() if node.kind in ("chapter", "section", "topic", "item", "subitem"))
    assert diff.heading_counts() == {kind: (headings if kind == UNCHANGED else 0) for kind in CHANGE_KINDS}
    assert headings > 200
    assert len(diff.budget) == len(edition_2020.ledger.entries)
    # The same year twice: prior-year figures are not OLD's amounts, so not compared.
    assert diff.prior_year_compared is False


def test_reflowed_text_reports_no_change(edition_2020):
    """Long lines wrapped at other places and pages broken elsewhere change nothing."""
    lines = []
    number = 0
    for page, text in enumerate(TEXT_2020.read_text(encoding="utf-8").splitlines()):
        parts = [text]
        if text.startswith("- ") and len(text) > 60:
            # Wrap where the continuation starts with a plain character.
            cut = next((i for i in range(30, len(text) - 5) if text[i] not in "(（【・-*0123456789"), None)
            if cut is not None:
                parts = [text[:cut], text[cut:]]
        for part in parts:
            number += 1
            lines.append(SourceLine(number=number, text=part, page_index=number // 37, printed_page=number // 37 + 1))
    reflowed = parse(RawDocument(path="reflowed.txt", lines=lines, source_kind="text", has_pages=True))
    diff = diff_documents(edition_2020, reflowed)
    _no_change(diff)


@pytest.fixture(scope="module")
def pdf_2020():
    if not PDF_2020.exists():
        pytest.skip("fixtures/soumu-juten-shisaku-2020.pdf is not generated yet")
    return parse_file(str(PDF_2020))


def test_an_edition_against_its_own_pdf_reports_no_change(edition_2020, pdf_2020):
    _no_change(diff_documents(edition_2020, pdf_2020))
    _no_change(diff_documents(pdf_2020, edition_2020))


def _change_keys(diff) -> Counter:
    return Counter((c.kind, c.level, c.old, c.new, c.old_value, c.new_value, c.implied) for c in diff.changes())


@needs_synthetic
@pytest.mark.skipif(not SYNTHETIC_2019_PDF.exists(), reason="fixtures/synthetic-2019-soumu-juten-shisaku.pdf is not generated yet")
def test_the_pdfs_give_the_same_diff_as_the_texts(synthetic_diff, pdf_2020):
    """116 and 101 pages, lines wrapped and pages broken: the same changes, nothing more."""
    old_pdf = parse_file(str(SYNTHETIC_2019_PDF))
    expected = _change_keys(synthetic_diff)
    assert _change_keys(diff_documents(old_pdf, pdf_2020)) == expected
    assert _change_keys(diff_documents(old_pdf, parse_file(str(TEXT_2020)))) == expected


# --------------------------------------------------------- the synthetic 2019
def _value(text: str | None):
    """An amount as printed, as a comparable value: a Decimal, or 事項要求."""
    if not text:
        return None
    if "事項要求" in text:
        return "事項要求"
    amounts = [parse_amount(match["number"], match["unit"]) for match in AMOUNT.finditer(text)]
    return sum(amounts, Decimal(0)) if amounts else None


def _row_value(amount, amount_text):
    if amount is None:
        return "事項要求" if "事項要求" in (amount_text or "") else None
    return amount


def _manifest_changes(manifest) -> tuple[Counter, list[dict]]:
    """(heading and text changes as keys, budget changes as records)."""
    keys: Counter = Counter()
    budget: list[dict] = []
    for change in manifest["changes"]:
        kind, level = change["kind"], change["level"]
        implied = change["implied_by"] is not None
        if level == "budget":
            budget.append(
                {
                    "id": change["id"],
                    "kind": kind,
                    "name": normalize_title(change["name"]),
                    "old": _value(change.get("old_amount")) if kind != "added" else None,
                    "new": _value(change.get("new_amount")) if kind != "removed" else None,
                    "implied": implied,
                }
            )
        elif level == "paragraph":
            keys[(kind, "text", normalize(change["old_text"]), normalize(change["new_text"]))] += 1
        else:
            keys[(kind, level, normalize_title(change["old_title"] or ""), normalize_title(change["new_title"] or ""), implied)] += 1
    return keys, budget


def _diff_changes(diff) -> tuple[Counter, list[dict]]:
    keys: Counter = Counter()
    budget: dict[tuple, dict] = {}
    for change in diff.changes():
        if change.level == "budget":
            continue
        if change.kind == "reworded":
            keys[(change.kind, "text", normalize(change.old), normalize(change.new))] += 1
        elif change.level in ("paragraph", "bullet", "note", "caption"):
            keys[(change.kind, "text", normalize(change.old or ""), normalize(change.new or ""))] += 1
        else:
            level = "item" if change.level == "subitem" else change.level
            keys[(change.kind, level, normalize_title(change.old or ""), normalize_title(change.new or ""), change.implied)] += 1
    # Budget: one record per programme and kind, the components of a
    # fiscal-investment programme (産業投資, 政府保証) summed as the manifest does.
    for index, row in enumerate(diff.budget):
        kinds = {BUDGET_NEW: ["added"], BUDGET_ENDED: ["removed"], BUDGET_CHANGED: ["amount_changed"]}.get(row.status, [])
        if row.prior_mismatch:
            kinds.append("amount_mismatch")
        for kind in kinds:
            key = (kind, normalize_title(row.programme), normalize_title(row.parent or ""), row.old_location, row.new_location) if not row.old_flags & row.new_flags & {"fiscal_investment"} else (kind, normalize_title(row.programme), "fiscal")
            record = budget.setdefault(
                key,
                {"kind": kind, "name": normalize_title(row.programme), "parent": normalize_title(row.parent or ""), "old": None, "new": None, "implied": row.implied},
            )
            for side, value in (("old", _row_value(row.old_amount, row.old_amount_text)), ("new", _row_value(row.new_amount, row.new_amount_text))):
                if value is None:
                    continue
                if isinstance(value, Decimal) and isinstance(record[side], Decimal):
                    record[side] += value
                else:
                    record[side] = value
            if kind == "added":
                record["old"] = None
            if kind == "removed":
                record["new"] = None
    return keys, list(budget.values())


def _same_programme(expected: dict, found: dict) -> bool:
    # The manifest names a programme as printed: "親 うち 子 等", or the prose
    # around a quoted 「programme」; the ledger keeps the programme's own name.
    name = found["name"]
    return (
        expected["kind"] == found["kind"]
        and expected["implied"] == found["implied"]
        and (expected["name"] == name or (name in expected["name"] and found["parent"] in expected["name"]))
        and expected["old"] == found["old"]
        and expected["new"] == found["new"]
    )


@needs_synthetic
def test_the_synthetic_diff_reports_exactly_the_manifest(synthetic_diff, manifest):
    expected_keys, expected_budget = _manifest_changes(manifest)
    found_keys, found_budget = _diff_changes(synthetic_diff)
    missing = expected_keys - found_keys
    extra = found_keys - expected_keys
    unmatched_found = list(found_budget)
    missing_budget = []
    for expected in expected_budget:
        match = next((found for found in unmatched_found if _same_programme(expected, found)), None)
        if match is None:
            missing_budget.append(expected)
        else:
            unmatched_found.remove(match)
    report = "\n".join(
        [f"missing: {key}" for key in missing]
        + [f"extra: {key}" for key in extra]
        + [f"missing programme change: {record}" for record in missing_budget]
        + [f"extra programme change: {record}" for record in unmatched_found]
    )
    assert not report, report


@needs_synthetic
def test_the_summary_counts_agree_with_the_manifest(synthetic_diff, manifest):
    by_kind = Counter(change.kind for change in synthetic_diff.changes())
    counts = dict(manifest["counts"])
    # The manifest counts a fiscal-investment programme once; the ledger has one
    # entry per component (産業投資, 政府保証), each with its own amount.
    components = [row for row in synthetic_diff.budget if row.status == BUDGET_CHANGED and row.new_flags & {"fiscal_investment"}]
    counts["amount_changed"] += len(components) - len({row.programme for row in components})
    assert dict(by_kind) == counts
    assert synthetic_diff.prior_year_compared is True
    assert synthetic_diff.old_synthetic and not synthetic_diff.new_synthetic
    assert "SYNTHETIC" in synthetic_diff.old_synthetic_label


@needs_synthetic
def test_a_renamed_topic_is_one_node_even_when_its_items_changed(synthetic_diff):
    renamed = [node for node in synthetic_diff.headings() if RENAMED in node.aspects]
    titles = {(node.old.title, node.new.title) for node in renamed}
    assert ("地域ICTクラブの全国展開等を通じたデジタル人材育成の推進", "地域ICTクラブのカリキュラム・教材の体系化等を通じたデジタル人材育成の推進") in titles
    club = next(node for node in renamed if node.new.title.startswith("地域ICTクラブ"))
    statuses = Counter(child.status for child in club.children)
    assert statuses[ADDED] == 3 and statuses[UNCHANGED] == 1
    # The title's character diff shows what was replaced.
    assert any(tag == "replace" and old == "全国展開" for tag, old, new in club.title_ops)


@needs_synthetic
def test_the_moved_item_keeps_its_content_and_says_where_it_came_from(synthetic_diff):
    moved = [node for node in synthetic_diff.headings() if MOVED in node.aspects]
    assert len(moved) == 1
    node = moved[0]
    assert node.old.title == node.new.title == "統計ICTシステムの海外展開"
    assert node.old.path[1].startswith("18 ") and node.new.path[1].startswith("5 ")
    assert node.similarity == 1.0


@needs_synthetic
def test_reworded_sentences_carry_a_character_diff(synthetic_diff):
    changes = [change for _, change in synthetic_diff.text_changes()]
    assert {change.status for change in changes} == {MODIFIED}
    tv = next(change for change in changes if "出荷台数" in change.new_text)
    assert tv.deleted == "着実に" and tv.inserted == "年々"
    assert tv.old_location.line is not None and tv.new_location.line is not None


@needs_synthetic
def test_the_budget_table(synthetic_diff):
    rows = synthetic_diff.budget
    telework = next(row for row in rows if row.programme == "テレワーク普及展開推進事業")
    assert telework.prior_mismatch
    assert telework.old_amount == Decimal("1.6") and telework.new_prior_amount == Decimal("1.8")
    assert telework.change == Decimal("2.4") and telework.rate == Decimal("1.5")
    new_rows = [row for row in rows if row.status == BUDGET_NEW]
    assert all(row.old_amount is None and row.change == row.new_amount for row in new_rows if row.new_amount is not None)
    ended = [row for row in rows if row.status == BUDGET_ENDED]
    assert {row.programme for row in ended} >= {"ICTを活用した地域見守りサービス普及促進事業", "移住・定住促進に向けた全国相談会の開催経費"}
    assert all(row.new_amount is None and row.rate is None for row in ended)
    # The new edition's programmes all appear once, in its order.
    assert [row.new_name for row in rows if row.new_name is not None] == [entry.name for entry in synthetic_diff_new_entries(synthetic_diff)]


def synthetic_diff_new_entries(diff):
    return parse_file(diff.new_path).ledger.entries


def _entries_under_repeated_headings(document) -> set[int]:
    """ids of ledger entries printed under a heading marked 再掲 (or below one)."""
    found: set[int] = set()

    def visit(node, repeated: bool) -> None:
        repeated = repeated or node.is_repeat
        for child in node.children:
            if child.kind == "budget" and repeated:
                block = next(block for block in document.ledger.blocks if block.node is child)
                found.update(id(entry) for entry in block.entries)
            visit(child, repeated)

    visit(document.root, False)
    return found


@needs_synthetic
def test_totals_per_chapter_leave_out_part_of_repeat_and_fiscal_investment(synthetic_diff, synthetic_2019, edition_2020):
    for document, attribute in ((synthetic_2019, "old_total"), (edition_2020, "new_total")):
        repeated = _entries_under_repeated_headings(document)
        assert repeated  # the booklet reprints programmes under 再掲 topics
        expected = sum(
            (
                entry.amount
                for entry in document.ledger.entries
                if entry.counts_in_totals and entry.amount is not None and id(entry) not in repeated
            ),
            Decimal(0),
        )
        # Programmes without a figure in one edition are set aside from both totals, not lost.
        set_aside = attribute.replace("total", "set_aside_amount")
        summed = sum((getattr(total, attribute) + getattr(total, set_aside) for total in synthetic_diff.totals), Decimal(0))
        assert summed == expected
    assert [total.label.split(" ")[0] for total in synthetic_diff.totals] == ["I", "II", "Ⅲ", "IV", "V"]
    for total in synthetic_diff.totals:
        assert total.change == total.new_total - total.old_total


@needs_synthetic
def test_largest_changes_are_counted_programmes_by_absolute_change(synthetic_diff):
    largest = synthetic_diff.largest_changes(5)
    assert len(largest) == 5
    assert all(row.counts_in_totals or row.set_aside for row in largest)
    changes = [row.magnitude for row in largest]
    assert changes == sorted(changes, reverse=True)
    assert len({row.programme for row in largest}) == 5  # a 再掲 copy is not listed again


@needs_synthetic
def test_added_and_removed_headings_list_their_insides_as_implied(synthetic_diff):
    removed = [change for change in synthetic_diff.changes() if change.kind == REMOVED and change.level != "budget"]
    assert [(change.level, change.implied) for change in removed] == [("topic", False), ("item", True)]


def test_the_diff_is_plain_data(edition_2020):
    diff = diff_documents(edition_2020, edition_2020)
    data = diff.to_dict()
    json.dumps(data, ensure_ascii=False)  # serialisable as is
    assert data["summary"]["headings"]["unchanged"] == diff.heading_counts()["unchanged"]
    with pytest.raises(Exception):
        diff.root.status = "changed"  # frozen


# ----------------------------------------------------------------- renderers
@needs_synthetic
def test_json_and_text_renderers(synthetic_diff):
    from checker.reports.diff_formats import render_diff, render_diff_json, render_diff_text

    data = json.loads(render_diff_json(synthetic_diff))
    assert data["format"] == "checker-edition-diff" and data["version"] == 1
    assert data["old"]["synthetic"] is True and "SYNTHETIC" in data["old"]["synthetic_label"]
    assert Counter(change["kind"] for change in data["changes"]) == Counter(change.kind for change in synthetic_diff.changes())
    assert len(data["budget"]) == len(synthetic_diff.budget)
    telework = next(row for row in data["budget"] if row["programme"] == "テレワーク普及展開推進事業")
    assert telework["old_amount"] == "1.6" and telework["new_prior_amount"] == "1.8" and telework["prior_mismatch"] is True
    assert telework["rate"] == "1.5000"
    text = render_diff_text(synthetic_diff)
    assert "SYNTHETIC" in text.splitlines()[2]
    # Old and new side by side, the differing characters between ⟦ ⟧ (the legend says so).
    assert "renamed  topic    5G・光ファイバ等の全国展開支援  [line 334]\n    old: ⟦携帯電話⟧・光ファイバ等の全国展開支援\n    new: ⟦5G⟧・" in text
    assert "⟦年々⟧" in text and "marks the characters that differ" in text.splitlines()[3]
    assert render_diff(synthetic_diff, "text") == text.encode("utf-8")
    assert render_diff(synthetic_diff, "html").startswith(b"<!DOCTYPE html>")


def test_an_unknown_format_names_the_known_ones(edition_2020):
    from checker.api import run_diff
    from checker.errors import UsageError

    with pytest.raises(UsageError, match="known: html, json, text"):
        run_diff(str(TEXT_2020), str(TEXT_2020), "pdf")


def test_run_diff_parses_and_renders(tmp_path):
    from checker.api import run_diff

    output = run_diff(str(TEXT_2020), str(TEXT_2020), "json")
    diff = diff_documents(parse_file(str(TEXT_2020)), parse_file(str(TEXT_2020)))
    assert json.loads(output)["summary"]["headings"] == diff.heading_counts()
    assert json.loads(output)["summary"]["headings"]["unchanged"] == sum(diff.heading_counts().values()) > 200


def test_prose_outside_every_heading_is_compared():
    def document(text):
        return parse(RawDocument(path="x.txt", lines=[SourceLine(1, text)], source_kind="text", has_pages=False))

    diff = diff_documents(
        document("これは見出しの外にある長い本文の一行目であり、ここで文が終わる。"),
        document("これは見出しの外にある長い本文の一行目であり、ここで文章が終わる。"),
    )
    [(node, change)] = diff.text_changes()
    assert node.kind == "document" and change.inserted == "章"
    assert [c.kind for c in diff.changes()] == ["reworded"]


def test_character_diffs_drop_coincidental_equal_characters():
    from checker.diff import readable_char_diff

    assert readable_char_diff("競争的資金による独創的な研究開発の推進", "競争的資金による破壊的イノベーション創出") == [
        ("equal", "競争的資金による", "競争的資金による"),
        ("replace", "独創的な研究開発の推進", "破壊的イノベーション創出"),
    ]
    # A real kept word between two edits stays.
    assert [tag for tag, _, _ in readable_char_diff("安心・安全なICT利用環境の整備", "安心・安全かつ適正なICT利用環境の構築")] == [
        "equal", "insert", "equal", "replace"
    ]


def test_pair_equal_keys_pairs_in_order_then_reordered():
    """The pairing headings and contents entries share: runs in order first, then a reordered key
    to the first unpaired equal one; a key with no partner stays unpaired."""
    from checker.diff.pairing import pair_equal_keys

    assert pair_equal_keys(["a", "b", "c", "d"], ["a", "b", "x", "d"]) == {0: 0, 1: 1, 3: 3}
    assert pair_equal_keys(["a", "b", "c"], ["c", "a", "b"]) == {0: 1, 1: 2, 2: 0}
    assert pair_equal_keys(["a", "a", "b"], ["b", "a"]) == {0: 1, 2: 0}
    assert pair_equal_keys([], ["a"]) == {}
