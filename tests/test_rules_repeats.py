"""REP rules: each runs alone on a variant that must fire and one that must not."""

import pytest
from rulecheck import RuleCase, all_builtin_rules, assert_snapshot, check_case, finding_rows, new_findings, run_rule, variant_document

from checker.analysis.repeats import analyse_repeats, split_content, text_hunks

CASES = [
    RuleCase("REP001", fires="repeat-title-replaced", silent="repeats-consistent"),
    RuleCase("REP002", fires="repeat-title-changed", silent="repeats-consistent"),
    RuleCase("REP003", fires="repeat-sentence-changed", silent="repeats-reflowed"),
    RuleCase("REP004", fires="repeat-figure-text-changed", silent="repeats-reflowed"),
    RuleCase("REP005", fires="repeat-amount-changed", silent="repeats-consistent"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_rule_fires_and_stays_silent(case):
    check_case(case)


def test_rules_have_documented_metadata():
    rules = [rule for rule in all_builtin_rules() if rule.code.startswith("REP")]
    assert [rule.code for rule in rules] == ["REP001", "REP002", "REP003", "REP004", "REP005"]
    for rule in rules:
        assert rule.metadata_problems() == []


def test_figure_text_is_a_lesser_finding_than_prose():
    severities = {rule.code: rule.severity for rule in all_builtin_rules()}
    rank = {"info": 1, "warning": 2, "error": 3}
    assert rank[severities["REP004"]] < rank[severities["REP003"]]


def test_changed_original_amount_is_reported_at_the_repeat():
    fired = new_findings("REP005", "original-amount-changed")
    assert_snapshot("rules/REP005-original-amount-changed", finding_rows(fired))
    (finding,) = fired
    assert finding.related, "the original's location is given"
    assert finding.location.line > finding.related[0].line  # the repeat comes after its original


def test_changed_sentence_marks_the_characters_and_both_texts():
    (finding,) = new_findings("REP003", "repeat-sentence-changed")
    assert "{+" not in finding.message  # renderers mark the characters from expected/excerpt
    assert "全国で" in finding.excerpt and "全国で" not in finding.expected


def test_every_repeat_of_the_2020_text_finds_its_original():
    analysis = analyse_repeats(variant_document("clean"))
    assert analysis.heading_pairs and all(pair.original is not None for pair in analysis.heading_pairs)
    assert all(pair.original is not None for pair in analysis.entry_pairs)
    # Items of a page topic marked 再掲 are repeats even where they carry no mark.
    unmarked = [pair for pair in analysis.heading_pairs if not pair.repeat.is_repeat]
    assert unmarked and all(pair.scope == "original heading" for pair in unmarked)


def test_wrapping_and_bullets_do_not_count():
    assert text_hunks("産学金官の連携", "産学金官の連携") == []
    (hunk,) = text_hunks("産学金官の連携により", "産学官の連携により")
    assert (hunk.original_start, hunk.original_end, hunk.repeat_start, hunk.repeat_end) == (2, 3, 2, 2)


def test_a_short_line_continuing_a_sentence_is_prose():
    document = variant_document("repeats-reflowed")
    for pair in analyse_repeats(document).heading_pairs:
        if pair.original is not None:
            assert split_content(pair.repeat).prose == split_content(pair.original).prose


def test_real_2020_text_repeat_findings():
    """What the REP rules report on the published text (see the issue note)."""
    rows = []
    for code in ("REP001", "REP002", "REP003", "REP004", "REP005"):
        rows += [(f.rule, f.location.line, f.related[0].line) for f in run_rule(code, variant_document("clean"))]
    assert rows == [
        ("REP002", 2092, 1833),  # 火山噴火に伴う降灰… (再掲) vs 降灰が… : the repeat's programme name is longer
        ("REP003", 647, 233),  # 産学官 in the repeat, 産学金官 in the original
        ("REP004", 1658, 1261),  # the repeated figure of 自治体行政スマートプロジェクト lacks three labels
        ("REP004", 1664, 1273),  # … and three more
    ]
