"""Budget summary tables in the layouts ministries print (issue 18): reading,
hierarchy, and one changed figure reported once, at its own row."""

import subprocess
import sys
from decimal import Decimal

import pytest
from rulecheck import ROOT, assert_snapshot, document_from_text, finding_rows, new_findings, run_rule, variant_document

from checker.analysis.budget_tables import find_budget_tables, read_cell, read_columns
from checker.analysis.table_checks import check_table
from checker.analysis.table_hierarchy import table_hierarchy
from checker.reading.readers import text_to_raw
from make_summary_tables import figure_rows, make_document

CLEAN = make_document()


def tables_of(text):
    return find_budget_tables(text_to_raw(text, "tables.txt").lines)


def test_the_three_layouts_are_read_whole():
    tables = tables_of(CLEAN)
    assert [table.unit for table in tables] == ["億円", "百万円", "億円"]
    assert [[column.role for column in table.columns] for table in tables] == [
        ["current", "prior", "change", "rate"],
        ["current", "prior", "change", "ratio"],
        ["prior", "current", "change", "rate"],  # the prior year printed first (C=B-A layouts)
    ]
    assert [len([row for row in table.rows if row.kind in ("row", "total")]) for table in tables] == [
        figure_rows(0), figure_rows(1), figure_rows(2)
    ]


def test_unchanged_tables_raise_nothing_alone_and_inside_the_booklet():
    assert [finding for table in tables_of(CLEAN) for finding in check_table(table)] == []
    for code in ("BUD006", "BUD008", "BUD009"):
        assert run_rule(code, document_from_text(CLEAN, "tables.txt")) == []
        assert run_rule(code, variant_document("summary-tables-inserted")) == []


def test_hierarchy_from_arithmetic_indentation_and_a_total_above_its_rows():
    first, second, third = tables_of(CLEAN)
    as_labels = lambda table: sorted(  # noqa: E731
        (table.rows[r.parent].name, tuple(table.rows[c].name for c in r.children)) for r in table_hierarchy(table).relations
    )
    assert ("一般歳出", ("恩給費", "その他政策的経費", "臨時・特別の措置")) in as_labels(first)
    assert ("総務省所管合計", ("地方交付税等財源繰入れ", "一般歳出", "東日本大震災復興特別会計への繰入れ")) in as_labels(first)
    assert ("合計", ("計", "計")) in as_labels(second)  # two accounts under one 合計
    assert ("地域力創造", ("地域おこし協力隊", "関係人口")) in as_labels(second)
    assert ("合計", ("債務償還費", "利子及割引料", "国債事務取扱費")) in as_labels(third)
    assert ("公債等償還", ("定率繰入", "特例繰入", "予算繰入")) in as_labels(third)


def _changes():
    for table in range(3):
        for row in range(figure_rows(table)):
            for column in range(4):
                change = (table, row, column)
                if make_document(change) != CLEAN:
                    yield change


@pytest.mark.parametrize("change", list(_changes()), ids=lambda c: "t{}-r{}-c{}".format(*c))
def test_one_changed_figure_is_reported_once_at_its_row(change):
    text = make_document(change)
    changed_lines = [n for n, (a, b) in enumerate(zip(CLEAN.split("\n"), text.split("\n")), 1) if a != b]
    findings = run_rule("BUD006", document_from_text(text, "tables.txt"))
    assert [f.location.line for f in findings] == changed_lines
    assert findings[0].expected and findings[0].expected != findings[0].excerpt


def test_a_changed_sub_row_inside_the_booklet_is_reported_at_its_row():
    fired = new_findings("BUD006", "summary-table-sub-row-changed")
    assert len(fired) == 1 and fired[0].excerpt.startswith("その他政策的経費")
    assert_snapshot("rules/BUD006-summary-table-sub-row-changed", finding_rows(fired))


def test_the_finding_shows_stated_expected_and_rounding_range():
    (finding,) = run_rule("BUD006", document_from_text(make_document((0, 3, 0)), "tables.txt"))
    assert "is printed 5,494; expected 5,488 (5,487 to 5,489 within rounding)" in finding.message
    assert finding.excerpt == "その他政策的経費 5,494 4,464 1,024 22.9"
    assert finding.expected == "その他政策的経費 5,488 4,464 1,024 22.9"


def test_rounding_within_half_units_is_not_reported_and_one_unit_beyond_is():
    table = "（単位：億円）\n区分 要求額 前年度予算額\n甲 1 1\n乙 1 1\n丙 1 1\n計 {} 3\n"
    assert run_rule("BUD006", document_from_text(table.format(4), "t.txt")) == []  # 0.5+0.5+0.5 … 1.4×3 = 4.2
    assert run_rule("BUD006", document_from_text(table.format(2), "t.txt")) == []
    assert len(run_rule("BUD006", document_from_text(table.format(5), "t.txt"))) == 1


def test_a_truncation_footnote_changes_the_intervals():
    table = "（単位：億円）\n区分 要求額 前年度予算額\n甲 1 1\n乙 1 1\n計 {} 2\n※ 単位未満切り捨て\n"
    assert run_rule("BUD006", document_from_text(table.format(3), "t.txt")) == []  # [1,2)+[1,2) reaches 3.x
    assert len(run_rule("BUD006", document_from_text(table.format(1), "t.txt"))) == 1


@pytest.mark.parametrize("heading, roles", [
    (["区分 要求・要望額 前年度予算額 比較増減額 増減率"], ["current", "prior", "change", "rate"]),
    (["区 分 平成30年度予定額(A) 平成29年度予算額(B) 比較増減額(A)-(B) 増減率"], ["current", "prior", "change", "rate"]),
    (["組 織 平成23年度 要求・要望額A 平成22年度 予 算 額 B 比較増減額 (A-B)C 増減率 (C/B)%"], ["current", "prior", "change", "rate"]),
    (["事項 令和2年度当初予算額 令和3年度概算要求・要望額 比較増△減額"], ["prior", "current", "change"]),
    (["令 和 3 年 度予 算 額(案)", "令 和 2年 度予 算 額", "比 較 増 減 額 増 減 率"], ["current", "prior", "change", "rate"]),
    (["区分\t令和2年度\t令和元年度\t比較増減額\t増減率", "\t補正後予算額\t決定額\t\t"], ["current", "prior", "change", "rate"]),
    (["区分 要求額 前年度予算額 比較増減額 対前年度比", "(A) (B) (A)-(B) (A)/(B)"], ["current", "prior", "change", "ratio"]),
    (["区分 要求額 前年度予算額 対前年度増減額 対前年度増減率"], ["current", "prior", "change", "rate"]),
    (["区分 要求額 前年度予算額 差引増△減額 伸率"], ["current", "prior", "change", "rate"]),
    (["区分 要求額 前年度予算額 前年度比較増減 増減比"], ["current", "prior", "change", "rate_or_ratio"]),
    (["区分 令和2年度予算案 令和元年度予算 対前年度比"], ["current", "prior", "rate_or_ratio"]),
])
def test_column_roles_come_from_the_headings_meaning(heading, roles):
    assert [column.role for column in read_columns(heading)] == roles


@pytest.mark.parametrize("printed, value, note", [
    ("164,246+事項要求", Decimal("164246"), "事項要求"),
    ("事項要求", None, "事項要求"),
    ("皆増", None, "皆増"),
    ("ー", None, "-"),
    ("－", None, "-"),
    ("―", None, "-"),
    ("△1,975", Decimal("-1975"), ""),
    ("▲15.6", Decimal("-15.6"), ""),
    ("2.7%", Decimal("2.7"), ""),
])
def test_cells(printed, value, note):
    cell = read_cell(printed)
    assert (cell.figure.value if cell.figure else None, cell.note) == (value, note)
    assert read_cell("恩給費") is None


def test_a_grouping_that_agrees_nowhere_is_said_once_and_not_guessed():
    fired = new_findings("BUD009", "summary-table-rows-missing")
    assert len(fired) == 1 and fired[0].severity == "info"
    assert run_rule("BUD006", variant_document("summary-table-rows-missing")) == []
    assert_snapshot("rules/BUD009-summary-table-rows-missing", finding_rows(fired))


def test_the_findings_speak_japanese():
    from checker.i18n import Translator

    (finding,) = run_rule("BUD006", document_from_text(make_document((0, 3, 0)), "tables.txt"))
    assert Translator("ja").text(finding.message) == (
        "「その他政策的経費」の令和2年度要求額が 5,494 になっている。「一般歳出」から他の内訳を差し引いた額、"
        "および令和元年度予算額＋比較増減額、および令和元年度予算額×（1＋増減率）から 5,488（端数処理の範囲 5,487～5,489）となる"
    )


def test_script_refuses_a_bad_change_with_one_line():
    result = subprocess.run([sys.executable, str(ROOT / "fixtures/tools/make_summary_tables.py"), "--change", "x"],
                            capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1


# Text layers of real tables: what they do to rows ---------------------------
LABELS_LOST = """（億円）
令 和 ３ 年 度予 算 額(案)
令 和 ２年 度予   算   額
比 較 増 減 額 増 減 率
150,000 148,000 2,000 1.4
7,000 9,000 ▲ 2,000 ▲ 22.2
1,500 1,700 ▲ 200 ▲ 11.8
5,500 7,300 ▲ 1,800 ▲ 24.7
157,000 157,000 0 0.0
※ 計数はそれぞれ四捨五入しているため、計が一致しない場合がある。
"""

SHARES_IN_BRACKETS = """(単位:億円)
事項\t令和2年度 当初予算額\t令和3年度 概算要求・要望額\t比較増△減額
\t(A)\t(B)\t(C=B-A)
甲経費\t2,000\t2,100\t100
乙経費\t700\t1,000\t300
【うち要望額】\t\t【250】\t
丙経費\t600\t600\t-
合計\t3,300\t3,700\t400
(注)各々の計数において億円未満を四捨五入
"""

RUN_TOGETHER = """(単位:億円)
組 織 平成23年度 要求・要望額A 平成22年度 予 算 額 B 比較増減額 (A-B)C 増減率 (C/B)%
本 省 1,000 1,100 △100 △9.1
甲 局 170 200 △30 △15.0 乙 局 130 140 △10 △7.1 丙 庁 170 130 40 30.8
所管合計 1,470 1,570 △100 △6.4
"""


@pytest.mark.parametrize("text, wrong, line", [
    (LABELS_LOST, ("1,500 1,700", "1,510 1,700"), 7),
    (SHARES_IN_BRACKETS, ("乙経費\t700\t1,000", "乙経費\t700\t1,010"), 5),
    (RUN_TOGETHER, ("乙 局 130", "乙 局 135"), 4),
], ids=["labels-lost", "shares-in-brackets", "rows-run-together"])
def test_text_layers_of_real_tables(text, wrong, line):
    assert run_rule("BUD006", document_from_text(text, "t.txt")) == []
    assert [len(table_hierarchy(table).relations) for table in tables_of(text)] in ([2], [1])
    fired = run_rule("BUD006", document_from_text(text.replace(*wrong), "t.txt"))
    assert [finding.location.line for finding in fired] == [line]


def test_headings_the_figures_contradict_are_not_trusted():
    swapped = "（単位：億円）\n区分 要求額 前年度予算額 比較増減額\n甲 100 120 20\n乙 50 60 10\n丙 30 31 1\n計 180 211 31\n"
    assert run_rule("BUD006", document_from_text(swapped, "t.txt")) == []  # the amounts were printed the other way round
    unreadable = "（単位：億円）\n区分 要求額 前年度予算額 比較増減額\n甲 100 120 7\n乙 50 60 8\n丙 30 31 9\n計 180 211 24\n"
    assert run_rule("BUD006", document_from_text(unreadable, "t.txt")) == []
    (note,) = run_rule("BUD009", document_from_text(unreadable, "t.txt"))
    assert note.severity == "info" and "differences" in note.message


def test_years_on_a_line_of_their_own_belong_to_the_amount_words():
    heading = ["区 分 令和２年度 令和元年度 比較増減額 増減率", "要求額 予算額"]
    assert [(column.role, column.heading) for column in read_columns(heading)] == [
        ("current", "令和2年度要求額"), ("prior", "令和元年度予算額"), ("change", "比較増減額"), ("rate", "増減率"),
    ]


def _chapter_table(document, bump_first=0, bump_total=0):
    from checker.booklet.ledger import ledger_totals

    # A printed table sums every counted programme's figures, including those the
    # ledger sets aside from its year-over-year comparison (a prior year の内数).
    totals = ledger_totals(document.ledger)
    rows = [[node.title, t.amount + t.set_aside_amount, t.prior_amount + t.set_aside_prior_amount]
            for node in document.chapters() for t in totals if t.scope == "chapter" and t.key == node.number]
    rows[0][1] += bump_first
    whole = totals[0]
    whole_amount = whole.amount + whole.set_aside_amount + bump_first + bump_total
    whole_prior = whole.prior_amount + whole.set_aside_prior_amount
    return "\n".join(["（単位：億円）", "区分 要求額 前年度予算額", *(f"{n} {a:,.1f} {p:,.1f}" for n, a, p in rows),
                      f"計 {whole_amount:,.1f} {whole_prior:,.1f}"]) + "\n"


def test_a_table_of_chapters_against_the_ledger_totals():
    clean = variant_document("clean")
    base = "\n".join(line.text for line in clean.raw.lines) + "\n\n"
    assert run_rule("BUD008", document_from_text(base + _chapter_table(clean), "b.txt")) == []
    # Chapter I: 16 amounts printed to 0.1億円 allow ±0.8; 1.0 more is a finding at its row.
    (fired,) = run_rule("BUD008", document_from_text(base + _chapter_table(clean, bump_first=1), "b.txt"))
    assert fired.excerpt.startswith("東京一極集中の是正と地域の活性化 43.0") and "「東京一極集中" in fired.message
    # The 計 stands for the whole document (16.8兆円 printed to 0.1兆円 allows ±500億円 alone).
    (fired,) = run_rule("BUD008", document_from_text(base + _chapter_table(clean, bump_total=1000), "b.txt"))
    assert "the whole document" in fired.message and fired.excerpt.startswith("計")


def test_rows_of_small_figures_are_not_grouped_by_coincidence():
    """1 = 1 + 1 holds within rounding and says nothing: forty such rows are
    read flat, at once, and their 計 checked against all of them."""
    rows = "\n".join(f"行{i} 1 1 0" for i in range(40))
    table = f"（単位：億円）\n区分 要求額 前年度予算額 比較増減額\n{rows}\n計 40 40 0\n"
    (parsed,) = tables_of(table)
    assert [len(relation.children) for relation in table_hierarchy(parsed).relations] == [40]
    assert run_rule("BUD006", document_from_text(table, "t.txt")) == []


def test_years_over_a_full_heading_line():
    heading = ["令和2年度 令和元年度", "区 分 要求額 予算額 比較増減額 増減率"]
    assert [(column.role, column.year) for column in read_columns(heading)] == [
        ("current", 2020), ("prior", 2019), ("change", None), ("rate", None),
    ]
    assert [column.role for column in read_columns(["令和元年度 令和2年度", "区分 予算額 要求額 比較増減額"])] == [
        "prior", "current", "change",
    ]


LAYOUT_MODE = """（単位：億円、％）
                         令和２年度       令和元年度
  区      分               要求額           予算額      比較増減額    増減率
地方交付税等財源繰入れ   164,246+事項要求     159,850       4,395       2.7
一 般 歳 出               7,682+事項要求       6,444       1,238      19.2
  恩 給 費                      1,671         1,980       ▲ 309     ▲ 15.6
  そ の 他 政 策 的 経 費        5,487         4,464       1,024      22.9
  臨 時 ・ 特 別 の 措 置          523             0         523      皆 増
東日本大震災復興特別会計への繰入れ  事項要求    －    －    －
総 務 省 所 管 合 計    171,927+事項要求     166,294       5,633       3.4
※ 計数はそれぞれ四捨五入しているため、計が一致しない場合がある。
"""


def test_a_table_as_pdftotext_layout_prints_it():
    (table,) = tables_of(LAYOUT_MODE)
    assert [(column.role, column.year) for column in table.columns][:2] == [("current", 2020), ("prior", 2019)]
    assert run_rule("BUD006", document_from_text(LAYOUT_MODE, "t.txt")) == []
    (fired,) = run_rule("BUD006", document_from_text(LAYOUT_MODE.replace("1,980", "1,990"), "t.txt"))
    assert fired.location.line == 6 and fired.expected == "恩給費 1,671 1,980 ▲309 ▲15.6"


def test_a_title_above_the_heading_lends_it_no_year():
    text = ("令和２年度予算概算要求の概要\n令和元年度予算額 令和２年度要求額 比較増減額\n"
            "甲 100 110 10\n乙 200 190 ▲10\n計 300 300 0\n")
    (table,) = tables_of(text)
    assert [column.role for column in table.columns] == ["prior", "current", "change"]
    assert run_rule("BUD006", document_from_text(text, "t.txt")) == []


def test_an_account_printed_over_its_only_part():
    text = ("（単位：億円）\n区分 要求額 前年度予算額 比較増減額\n一般会計 7,000 6,000 1,000\n甲 3,000 2,500 500\n"
            "乙 4,000 3,500 500\n特別会計 2,000 1,800 200\n丙 2,000 1,800 200\n合計 9,000 7,800 1,200\n")
    assert run_rule("BUD006", document_from_text(text, "t.txt")) == []
    assert run_rule("BUD009", document_from_text(text, "t.txt")) == []
    (fired,) = run_rule("BUD006", document_from_text(text.replace("丙 2,000", "丙 2,050"), "t.txt"))
    assert fired.location.line == 7


def test_labels_ending_in_a_number_and_totals_with_a_letter():
    text = ("（単位：億円）\n区分 要求額 前年度予算額 比較増減額\nSociety 5.0 100 90 10\n甲 50 40 10\n計(C) 150 130 20\n")
    (table,) = tables_of(text)
    assert [row.label for row in table.rows] == ["Society 5.0", "甲", "計(C)"] and table.rows[-1].kind == "total"
    assert run_rule("BUD006", document_from_text(text.replace("計(C) 150", "計(C) 160"), "t.txt"))
