"""House-style rules (NUM, HDR, DAT, BRK, NOT): each runs alone on a variant
that must fire and one that must stay silent; further variants and options
are checked against the findings they add to the clean text."""

import pytest
from rulecheck import RuleCase, all_builtin_rules, check_case, document_from_text, new_findings, run_rule, variant_document

from checker.booklet.model import SourceLine

FAMILIES = ("NUM", "HDR", "DAT", "BRK", "NOT")

CASES = [
    RuleCase("NUM001", fires="num-duplicate-item", silent="num-consistent"),
    RuleCase("NUM002", fires="num-item-gap", silent="num-consistent"),
    RuleCase("NUM003", fires="num-not-from-first", silent="num-consistent"),
    RuleCase("NUM004", fires="num-section-skipped", silent="num-consistent"),
    RuleCase("NUM005", fires="num-toc-section-twice", silent="num-consistent"),
    RuleCase("HDR001", fires="hdr-section-header-changed", silent="hdr-width-only"),
    RuleCase("HDR002", fires="hdr-topic-header-changed", silent="hdr-width-only"),
    RuleCase("HDR003", fires="hdr-item-header-changed", silent="hdr-width-only"),
    RuleCase("DAT001", fires="dat-before-reiwa", silent="dat-consistent"),
    RuleCase("DAT002", fires="dat-no-year", silent="dat-consistent"),
    RuleCase("DAT003", fires="dat-year-mismatch", silent="dat-consistent"),
    RuleCase("DAT004", fires="dat-weekday-mismatch", silent="dat-consistent"),
    RuleCase("BRK001", fires="brk-unclosed", silent="brk-wrapped"),
    RuleCase("BRK002", fires="brk-width-mismatch", silent="brk-wrapped"),
    RuleCase("NOT001", fires="not-marker-style", silent="not-consistent"),
    RuleCase("NOT002", fires="not-amount-space", silent="not-consistent"),
    RuleCase("NOT003", fires="not-latin-space", silent="not-consistent"),
    RuleCase("NOT004", fires="not-notation-mixed", silent="not-consistent"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.code)
def test_rule_fires_and_stays_silent(case):
    check_case(case)


def test_every_style_rule_has_a_case_and_complete_docs():
    rules = [rule for rule in all_builtin_rules() if rule.code.startswith(FAMILIES)]
    tested = {case.code for case in CASES}
    assert {rule.code for rule in rules} == tested
    for rule in rules:
        assert rule.metadata_problems() == [], rule.code


# ---------------------------------------------------------------- numbering


def test_subitem_gap_is_reported_in_its_item():
    fired = new_findings("NUM002", "num-subitem-gap")
    assert [f.message.split(" in ")[0] for f in fired] == ["sub-item (c) follows (a): (b) missing"]


def test_continued_numbering_across_topics_is_accepted_unless_disabled():
    clean = variant_document("clean")
    assert run_rule("NUM003", clean) == []
    strict = run_rule("NUM003", clean, options={"allow-continued-numbering": False})
    # Sections 8, 11 and 19 number their items through two topics.
    assert [f.excerpt[:3] for f in strict] == ["（3）", "(3)", "(2)"]


def _tree_text(section_lines: list[str]) -> str:
    return "\n\n".join(section_lines) + "\n"


def test_heading_numbers_in_the_body():
    text = _tree_text([
        "1 最初の節", "最初の話題", "(1) 項目", "- 本文の段落です。",
        "2 次の節", "次の話題", "(1) 項目", "- 本文の段落です。",
        "4 飛んだ節", "飛んだ話題", "(1) 項目", "- 本文の段落です。",
    ])
    findings = run_rule("NUM004", document_from_text(text))
    assert [f.message for f in findings] == ["section 4 follows 2: 3 missing"]


def test_toc_numbers():
    text = (
        "表紙\n\n目次\n\nI 第一章\n\n1 第一節\n\n- 話題一…………… 1\n\n3 第三節\n\n- 話題三…………… 2\n\n"
        "1 第一節\n\n話題一\n\n(1) 項目\n\n- 本文の段落です。\n"
    )
    findings = run_rule("NUM005", document_from_text(text))
    assert [f.message for f in findings] == ["the contents list no section 2 (numbers run up to 3)"]


def test_real_duplicate_is_told_from_a_continuation_page():
    """The published text has one real duplicate; its continuation pages
    (same number, same title) are not reported."""
    findings = run_rule("NUM001", variant_document("clean"))
    assert [(f.location.line, f.related[0].line) for f in findings] == [(1380, 1364)]


# ---------------------------------------------------------------- running headers


def test_header_mismatch_marks_the_differing_characters():
    (finding,) = new_findings("HDR001", "hdr-section-header-changed")
    assert "[-" not in finding.message and finding.expected and finding.excerpt != finding.expected


def test_mistyped_item_header_is_not_a_duplicate_number():
    assert new_findings("NUM001", "hdr-item-header-changed") == []


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("name", ["dat-heisei-too-late", "dat-day-overflow"])
def test_more_impossible_dates(name):
    assert new_findings("DAT001", name)


def _unit_problems(text: str):
    from checker.analysis.text_units import TextUnit
    from checker.rules.dates import date_problems

    unit = TextUnit(text, (SourceLine(1, text),), (0,), "paragraph")
    return [(problem.kind, text[problem.start:problem.end]) for problem in date_problems(unit)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("令和元年4月1日に施行", [("impossible", "令和元年4月1日")]),
        ("平成31年4月30日まで", []),
        ("令和元年5月1日から", []),
        ("平成31年5月1日", [("impossible", "平成31年5月1日")]),
        ("平成32年度予算", [("impossible", "平成32年度")]),
        ("令和2年度、元年度、平成31年度", []),
        ("13月", [("impossible", "13月")]),
        ("2月30日", [("impossible", "2月30日")]),
        ("2019年2月29日", [("impossible", "2019年2月29日")]),
        ("2020年2月29日", []),
        ("H31.4時点、H30.7月、19.1.11公表", []),
        ("H31.5時点", [("impossible", "H31.5")]),
        ("19.2.30公表", [("impossible", "19.2.30")]),
        ("28.2～28.3GHz、12.13.14版", []),
        ("令和二年五月一日", []),
        ("令和２年（２０１９年）", [("year", "令和２年（２０１９年）")]),
        ("2020年（令和2年）", []),
        ("令和2（2020）年", []),
        ("令和元年12月1日（日）", []),
        ("令和元年12月1日(月)", [("weekday", "令和元年12月1日(月)")]),
        ("令和元年30年6月21日閣議決定", [("malformed", "令和元年30年6月21日")]),
        ("令和年6月1日", [("malformed", "令和年6月1日")]),
        ("2020年8月10日～28日", []),
        ("2020年9月10日～31日", [("impossible", "31日")]),
    ],
)
def test_date_forms(text, expected):
    assert _unit_problems(text) == expected


# ---------------------------------------------------------------- brackets


def test_split_caption_is_one_unit():
    from checker.analysis.text_units import text_units
    from checker.rules.brackets import bracket_problems

    document = variant_document("brk-wrapped")
    joined = [unit for unit in text_units(document) if unit.kind == "caption" and len(unit.lines) > 1 and unit.text.startswith("【")]
    assert joined and all(not bracket_problems(unit) for unit in joined)


def test_list_markers_are_not_brackets():
    from checker.analysis.text_units import TextUnit
    from checker.rules.brackets import bracket_problems

    text = "1) 最初 a) 次 ア) その次（注）"
    unit = TextUnit(text, (SourceLine(1, text),), (0,), "paragraph")
    assert bracket_problems(unit) == []


# ---------------------------------------------------------------- notation


def test_notation_excludes_proper_names_and_quotations():
    clean = variant_document("clean")
    names = [f.excerpt for f in run_rule("NOT004", clean)]
    assert any("子ども" in name for name in names)
    # The name as its paragraph has it: a diagram label (子ども統計, with プログラミング教室 on the next line).
    excluded = run_rule("NOT004", clean, options={"exclude": ["子ども統計"]})
    assert not any("子ども" in f.excerpt for f in excluded)
    quoted = variant_document("not-quoted-variant")
    assert run_rule("NOT004", quoted) == []
    assert [f.excerpt for f in run_rule("NOT004", quoted, options={"exclude-quotations": False})] != []


def test_notation_user_entries_and_config_table(tmp_path):
    from checker.errors import UsageError
    from checker.rules.notation import options_from_config

    dictionary = tmp_path / "house.toml"
    dictionary.write_text('[[entry]]\npreferred = "子ども"\nvariants = ["子供"]\n', encoding="utf-8")
    options = options_from_config({"dictionary": "house.toml", "skip-budget-names": False}, str(tmp_path))
    findings = run_rule("NOT004", variant_document("clean"), options=options)
    # The user's entry replaces the default one and turns its preference round.
    assert [f.message.split(" here")[0] for f in findings if "子" in f.message] == ["「子供」"] * 3
    with pytest.raises(UsageError):
        options_from_config({"dictionnary": "x.toml"})
    with pytest.raises(UsageError):
        options_from_config({"entry": [{"preferred": "子供"}]})


def test_notation_can_follow_the_majority():
    findings = run_rule("NOT004", variant_document("clean"), options={"follow": "majority"})
    server = [f for f in findings if "サーバ" in f.message]
    assert server and all(f.message.startswith("「サーバー」") for f in server)


def test_real_2020_text_style_findings():
    """Every finding on the published text; each is explained in the issue note."""
    rows = []
    for code in sorted(rule.code for rule in all_builtin_rules() if rule.code.startswith(FAMILIES)):
        rows += [(f.rule, f.location.line) for f in run_rule(code, variant_document("clean"))]
    assert sorted(rows) == sorted(
        [("NUM001", 1380), ("HDR001", 2270), ("DAT002", 765), ("NOT001", 755)]
        + [("NOT002", 1288), ("NOT002", 1288), ("NOT002", 1295), ("NOT002", 1295), ("NOT002", 1351)]
        + [("NOT003", 1044), ("NOT003", 2405), ("NOT003", 2408), ("NOT003", 2413)]
        + [("NOT004", line) for line in (383, 1201, 1201, 1215, 1223, 1223, 1223, 1234, 1303, 1371, 1450, 1632, 2044, 2197, 2544)]
        # 将来に渡って (line 2329) beside 将来にわたって (line 2366): the booklet writes one phrase two ways.
        + [("NOT004", 2329)]
    )
