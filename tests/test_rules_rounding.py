"""Every comparison of rounded amounts at its boundary: a figure one unit
apart in its last place is another figure and is reported; the same figure
printed with one decimal place fewer is not (variants_rounding.py)."""

import pytest
from rulecheck import RuleCase, check_case, variant_document

from checker.diff import diff_documents

CASES = [
    RuleCase("BUD001", fires="programme-printed-twice-one-unit-off", silent="programme-printed-twice-coarser"),
    RuleCase("BUD002", fires="part-of-amount-one-unit-off", silent="part-of-amount-coarser"),
    RuleCase("BUD006", fires="budget-block-total-one-unit-off", silent="budget-block-total-coarser"),
    RuleCase("BUD007", fires="prior-amount-one-unit-off", silent="prior-amount-coarser", previous="previous-edition"),
    RuleCase("REP005", fires="repeat-amount-one-unit-off", silent="repeat-amount-coarser"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_one_unit_apart_fires_and_another_precision_does_not(case):
    check_case(case)


def test_bud007_coarser_figure_in_the_previous_edition_is_the_same_figure():
    from rulecheck import run_rule

    assert run_rule("BUD007", variant_document("clean"), variant_document("previous-edition-coarser")) == []


@pytest.mark.parametrize("new, previous, marked", [
    ("prior-amount-one-unit-off", "previous-edition", 1),
    ("prior-amount-coarser", "previous-edition", 0),
    ("clean", "previous-edition-coarser", 0),
    ("clean", "previous-edition", 0),
])
def test_the_diff_marks_a_prior_year_figure_one_unit_off(new, previous, marked):
    diff = diff_documents(variant_document(previous), variant_document(new))
    rows = [row for row in diff.budget if row.prior_mismatch]
    assert len(rows) == marked
    if marked:
        assert rows[0].programme == "関係人口創出・拡大事業"
