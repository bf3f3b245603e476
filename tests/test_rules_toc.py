"""TOC rules: each runs alone on a variant that must fire and one that must not."""

import pytest
from rulecheck import RuleCase, check_case, new_findings, variant_document, run_rule

from checker.booklet.text import marked_difference

CASES = [
    RuleCase("TOC001", fires="toc-wrong-page", silent="toc-consistent-paged"),
    RuleCase("TOC002", fires="toc-title-changed", silent="toc-width-only"),
    RuleCase("TOC003", fires="toc-extra-entry", silent="toc-consistent"),
    RuleCase("TOC004", fires="toc-entry-removed", silent="toc-consistent"),
    RuleCase("TOC005", fires="toc-page-backwards", silent="toc-consistent"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_rule_fires_and_stays_silent(case):
    check_case(case)


def test_extra_heading_is_reported_at_the_heading():
    fired = new_findings("TOC004", "toc-extra-heading")
    assert len(fired) == 1
    assert "架空の施策による地域振興モデルの構築" in fired[0].message


def test_wrong_page_names_the_entry_and_both_pages():
    (finding,) = new_findings("TOC001", "toc-wrong-page")
    assert finding.related, "the heading's location is given"
    assert "contents give page" in finding.message


def test_title_mismatch_marks_the_differing_characters():
    (finding,) = new_findings("TOC002", "toc-title-changed")
    assert finding.expected is not None and finding.excerpt != finding.expected
    # The message names the problem; renderers show the differing characters
    # from the expected/found pair, in the reader's language.
    assert "[-" not in finding.message
    assert "[-" in marked_difference(finding.expected, finding.excerpt)


def test_page_rule_is_skipped_without_pages():
    from checker.lint.engine import run_rules
    from rulecheck import rule_by_code

    findings, summary = run_rules([variant_document("clean")], [rule_by_code("TOC001")])
    assert findings == []
    assert summary.skipped_rules and "no page information" in summary.skipped_rules[0][1]


def test_real_2020_text_toc_findings():
    """The published text has two real contents slips (see the issue note)."""
    rows = []
    for code in ("TOC002", "TOC003", "TOC004", "TOC005"):
        rows += [(f.rule, f.location.line, f.excerpt) for f in run_rule(code, variant_document("clean"))]
    assert rows == [
        ("TOC002", 94, "地方の一般財源総額の確保等"),
        ("TOC002", 135, "地域や組織の枠を超えた連携の推進"),
    ]
