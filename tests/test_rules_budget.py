"""BUD rules: each runs alone on a variant that must fire and one that must not."""

import re
from decimal import Decimal

import pytest
from rulecheck import (
    RuleCase,
    all_builtin_rules,
    assert_snapshot,
    check_case,
    finding_rows,
    new_findings,
    run_rule,
    variant_document,
)

from checker.booklet.ledger import ledger_totals
from checker.analysis.figures import Figure, read_figure, sum_interval
from checker.analysis.budget_tables import find_budget_tables, read_columns
from checker.analysis.table_checks import check_table
from make_budget_table import make_table, printed_rows

CASES = [
    RuleCase("BUD001", fires="programme-printed-twice-differently", silent="programme-printed-twice"),
    RuleCase("BUD002", fires="part-of-amount-changed", silent="part-of-spacing-changed"),
    RuleCase("BUD003", fires="new-programme-with-prior", silent="new-marks-in-other-brackets"),
    RuleCase("BUD004", fires="zero-prior-added", silent="zero-priors-marked-new"),
    RuleCase("BUD005", fires="amount-precision-dropped", silent="amount-notation-normalised"),
    RuleCase("BUD006", fires="budget-table-total-broken", silent="budget-table-inserted"),
    RuleCase("BUD007", fires="prior-amount-changed", silent="clean", previous="previous-edition"),
    RuleCase("BUD008", fires="ledger-table-row-changed", silent="ledger-table-inserted"),
    RuleCase("BUD009", fires="summary-table-rows-missing", silent="summary-tables-inserted"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_rule_fires_and_stays_silent(case):
    check_case(case)


def test_rules_have_documented_metadata():
    rules = [rule for rule in all_builtin_rules() if rule.code.startswith("BUD")]
    assert [rule.code for rule in rules] == [f"BUD00{n}" for n in range(1, 10)]
    for rule in rules:
        assert rule.metadata_problems() == []
    cross = [rule for rule in rules if rule.cross_edition]
    assert [rule.code for rule in cross] == ["BUD007"] and cross[0].severity == "warning"
    assert "概算要求" in cross[0].doc_sections()["Why is this bad?"]


@pytest.mark.parametrize("silent, fires", [
    ("budget-block-total-added", "budget-block-total-wrong"),
    ("budget-rate-stated", "budget-rate-wrong"),
])
def test_stated_totals_and_rates_inside_budget_blocks(silent, fires):
    assert run_rule("BUD006", variant_document(silent)) == []
    fired = new_findings("BUD006", fires)
    assert len(fired) == 1
    assert_snapshot(f"rules/BUD006-{fires}", finding_rows(fired))


def test_previous_edition_with_a_changed_amount_fires():
    """The other way round: NEW is the published text, OLD has one amount changed."""
    fired = run_rule("BUD007", variant_document("clean"), variant_document("previous-edition-one-changed"))
    assert len(fired) == 1 and fired[0].related
    assert_snapshot("rules/BUD007-previous-edition-one-changed", finding_rows(fired))


def test_previous_edition_variants_say_they_are_synthetic():
    for name in ("previous-edition", "previous-edition-one-changed"):
        assert variant_document(name).is_synthetic
        assert variant_document(name).synthetic_label


def test_cross_edition_rule_is_skipped_without_previous():
    from checker.lint.engine import run_rules
    from rulecheck import rule_by_code

    findings, summary = run_rules([variant_document("clean")], [rule_by_code("BUD007")])
    assert findings == [] and summary.skipped_rules[0][0] == "BUD007"


# Stated totals: the table fixture and the interval arithmetic ----------------
def test_generated_table_needs_the_rounding_intervals():
    """The printed 計 is not the sum of the printed rows, only within rounding:
    the silent fixture would fail a rule that added printed figures exactly."""
    rows = printed_rows(make_table())
    value = lambda cell: Decimal(cell.replace(",", "").replace("▲", "-"))
    parts = [row for row in rows[:-1] if not row[0].startswith("うち")]
    assert sum(value(row[1]) for row in parts) != value(rows[-1][1])
    assert any(cell.startswith("▲") for row in rows for cell in row)
    assert any("," in cell for row in rows for cell in row)


def test_inserted_table_is_found_and_read():
    document = variant_document("budget-table-inserted")
    (table,) = find_budget_tables(document.raw.lines)
    assert [column.role for column in table.columns] == ["current", "prior", "change", "rate"]
    assert [row.label for row in table.rows][-1] == "計" and len(table.rows) == 8
    assert check_table(table) == []


def test_figures_stand_for_their_rounding_interval():
    assert read_figure("▲1,234") == Figure(Decimal("-1234"), 0)
    assert read_figure("14.5").low == Decimal("14.45") and read_figure("14.5").high == Decimal("14.55")
    low, high = sum_interval([read_figure("1.0"), read_figure("2.0"), read_figure("3.0")])
    assert (low, high) == (Decimal("5.85"), Decimal("6.15"))


def test_ministry_header_with_two_year_amount_columns():
    columns = read_columns(["区分 令和２年度要求額（Ａ） 令和元年度予算額（Ｂ） 比較増減額（Ａ）－（Ｂ） 対前年度比（Ａ）／（Ｂ）"])
    assert [column.role for column in columns] == ["current", "prior", "change", "ratio"]
    assert read_columns(["区分 内容 備考"]) == []


# Year-over-year totals -------------------------------------------------------
def test_ledger_totals_carry_year_over_year_counts():
    totals = ledger_totals(variant_document("clean").ledger)
    document_total = totals[0].to_dict()
    for key in ("amount", "prior_amount", "change", "new", "ended", "item_requests", "excluded"):
        assert key in document_total
    counted = [e for e in variant_document("clean").ledger.entries if e.counts_in_totals]
    assert document_total["item_requests"] == sum(1 for e in counted if "item_request" in e.flags) > 0
    assert document_total["ended"] == sum(1 for e in counted if e.amount == 0 and e.prior_amount)


def test_cross_edition_findings_match_the_synthetic_2019_manifest():
    """The synthetic 2019 edition's manifest lists every programme whose 2020
    prior-year figure is not its 2019 amount (amount_mismatch): exactly those fire."""
    import json

    from rulecheck import ROOT, document_from_text

    manifest = json.loads((ROOT / "fixtures" / "synthetic-2019-changes.json").read_text(encoding="utf-8"))
    expected = sorted((c["name"], c["new_line"], c["old_line"]) for c in manifest["changes"] if c["kind"] == "amount_mismatch")
    old_text = (ROOT / manifest["old_file"]).read_text(encoding="utf-8")
    previous = document_from_text(old_text, "synthetic-2019.txt")
    fired = run_rule("BUD007", variant_document("clean"), previous)
    found = sorted((re.search(r"of 「(.*)」 is ", f.message)[1], f.location.line, f.related[0].line) for f in fired)
    assert expected and found == expected


def test_real_2020_text_budget_findings():
    """What the BUD rules report on the published text (see the issue note)."""
    rows = []
    for code in ("BUD001", "BUD002", "BUD003", "BUD004", "BUD005", "BUD006"):
        rows += [(f.rule, f.location.line, f.excerpt.split()[-1]) for f in run_rule(code, variant_document("clean"))]
    assert rows == [
        ("BUD004", 2442, "0.0億円）"),  # prior-year 0.0億円 on a programme not marked 新規
        ("BUD005", 525, "9.7億円）"),  # 11億円 where the document prints one decimal place
        ("BUD005", 568, "20億円【新規】"),
        ("BUD005", 1546, "1.8億円）"),  # 4億円
        ("BUD005", 1696, "3,250億円）"),
    ]
