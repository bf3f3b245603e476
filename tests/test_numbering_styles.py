"""Numbering styles detected from the document (issue 19).

The fixtures are made by ``fixtures/tools/make_numbering_styles.py`` from the
2020 structure, printed in other numbering styles; each lists its headings.
"""

from __future__ import annotations

import json
import pathlib
import sys

import pytest
import regex

from checker.booklet.model import CHAPTER, ITEM, SECTION, SUBITEM, TOPIC
from checker.booklet.numbering_detection import detect_profile
from checker.booklet.numbering_styles import DEFAULT_STYLES, STYLES_BY_NAME, kanji_to_int, value_of
from checker.booklet.parser import parse
from checker.booklet.profile import DEFAULT_PROFILE
from checker.diff import diff_documents
from checker.lint.engine import run_rules
from checker.reading.readers import ReadOptions, read_document, text_to_raw
from checker.reports.diff_formats import render_diff_json, render_diff_text
from rulecheck import all_builtin_rules

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(FIXTURES / "tools"))
import make_numbering_styles as styles_fixture  # noqa: E402

STYLE_SETS = list(styles_fixture.STYLE_SETS)
KINDS = {"outline": styles_fixture.make_outline, "booklet": styles_fixture.make_booklet}
NUM_RULES = [rule for rule in all_builtin_rules() if rule.code.startswith("NUM")]
HEADING_KINDS = (CHAPTER, SECTION, TOPIC, ITEM, SUBITEM)


def headings_of(document) -> list[list]:
    """[kind, value, title] of every heading, in document order, valued in the document's own style."""
    found = []

    def visit(node):
        for child in node.children:
            if child.kind in HEADING_KINDS:
                value = None if child.kind == TOPIC else document.profile.number_value(child.kind, child.number)
                found.append([child.kind, value, child.title])
                visit(child)

    visit(document.root)
    return found


def parse_text(text: str, path: str = "numbering.txt"):
    return parse(text_to_raw(text, path))


# ---------------------------------------------------------------- the 2020 booklet
@pytest.mark.parametrize(
    "path",
    [
        "soumu-juten-shisaku-2020.txt",
        "soumu-juten-shisaku-2020.paged.txt",
        "soumu-juten-shisaku-2020.pdf",
        "synthetic-2019-soumu-juten-shisaku.txt",
        "office/soumu-2020-deck.paged.txt",
        "office/soumu-2020-doc.paged.txt",
    ],
)
def test_the_2020_family_is_detected_as_the_default_profile(path):
    raw = read_document(str(FIXTURES / path), ReadOptions())
    assert detect_profile(raw.lines, DEFAULT_PROFILE) == DEFAULT_PROFILE
    assert parse(raw).profile == DEFAULT_PROFILE


def test_default_profile_patterns_are_the_default_styles():
    for level, name in DEFAULT_STYLES.items():
        style = STYLES_BY_NAME[name]
        assert getattr(DEFAULT_PROFILE, level) == style.pattern
        assert (getattr(DEFAULT_PROFILE, f"{level}_numbering"), getattr(DEFAULT_PROFILE, f"{level}_printed")) == (style.numeral, style.template)
        assert DEFAULT_PROFILE.style(level) is style


def test_body_lines_counting_up_do_not_outvote_the_contents():
    """A numbered diagram list in the body (1. 2. 3. …) leaves the contents' section style alone."""
    text = (FIXTURES / "soumu-juten-shisaku-2020.txt").read_text(encoding="utf-8")
    anchor = "(1) 豊かなライフスタイルの提示による地方への人の流れの創出\n"
    labels = "".join(f"{n}. 図の説明その{n}\n{n} 図の凡例{n}\n" for n in range(1, 8))
    document = parse_text(text.replace(anchor, anchor + labels, 1))
    assert document.profile == DEFAULT_PROFILE
    assert [section.number for section in document.sections()][:2] == ["1", "2"]


# ---------------------------------------------------------------- the fixtures
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("style", STYLE_SETS)
def test_every_heading_at_its_level_and_no_numbering_finding(style, kind):
    text, expected = KINDS[kind](style)
    document = parse_text(text, f"{kind}-{style}.txt")
    assert document.profile_source == "detected"
    assert headings_of(document) == expected
    findings, _ = run_rules([document], NUM_RULES)
    assert findings == []
    # An outline's title line is the only line outside the headings.
    assert len(document.unclassified()) == (1 if kind == "outline" else 0)


FAULTS = {
    "duplicate-item": ("NUM001", ("outline", "booklet")),
    "skipped-item": ("NUM002", ("outline", "booklet")),
    "duplicate-section": ("NUM004", ("outline",)),
    "skipped-section": ("NUM004", ("outline",)),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("style", STYLE_SETS)
def test_an_injected_numbering_fault_is_reported_once(style, fault):
    code, kinds = FAULTS[fault]
    for kind in kinds:
        text, _ = KINDS[kind](style, fault)
        document = parse_text(text, f"{kind}-{style}-{fault}.txt")
        findings, _ = run_rules([document], NUM_RULES)
        assert [finding.rule for finding in findings] == [code], (kind, [f.message for f in findings])


def test_messages_print_numbers_in_the_document_style():
    text, _ = styles_fixture.make_outline("sho-setsu-circled", "skipped-item")
    findings, _ = run_rules([parse_text(text)], NUM_RULES)
    assert regex.search(r"item [①-⑳] follows [①-⑳]: [①-⑳] missing", findings[0].message), findings[0].message


@pytest.mark.parametrize("style", STYLE_SETS)
@pytest.mark.parametrize("kind", KINDS)
def test_committed_fixtures_are_the_script_output(style, kind):
    text, headings = KINDS[kind](style)
    assert (FIXTURES / "numbering" / f"{kind}-{style}.txt").read_text(encoding="utf-8") == text
    assert json.loads((FIXTURES / "numbering" / f"{kind}-{style}.headings.json").read_text(encoding="utf-8")) == headings


def test_the_earlier_editions_outline_of_the_issue():
    outline = "主要事業\n\nI.地域経済の好循環の拡大\n1.自立促進に向けた取組\n(1)過疎地域の自立促進\n(a)過疎対策事業債\n(b)過疎地域等自立活性化推進交付金\n(2)地域おこし協力隊の推進\n2.地域の活性化\n(1)関係人口の創出\n(2)ふるさと納税の適正な運用\n"
    document = parse_text(outline)
    assert [kind for kind, _, _ in headings_of(document)] == [CHAPTER, SECTION, ITEM, SUBITEM, SUBITEM, ITEM, SECTION, ITEM, ITEM]
    findings, _ = run_rules([document], NUM_RULES)
    assert findings == []


# ---------------------------------------------------------------- numerals
@pytest.mark.parametrize(
    "kind, printed, value",
    [("kanji", "一", 1), ("kanji", "十", 10), ("kanji", "十二", 12), ("kanji", "二十三", 23), ("kanji", "１２", 12),
     ("circled", "③", 3), ("circled", "㉑", 21), ("paren-digit", "⑽", 10), ("katakana", "ウ", 3), ("katakana", "ｶ", 6),
     ("roman", "Ⅳ", 4), ("roman", "IX", 9), ("latin", "ｃ", 3), ("compound", "2-3", 3), ("arabic", "１５", 15)],
)
def test_numerals_are_valued(kind, printed, value):
    assert value_of(kind, printed) == value


def test_not_numerals():
    assert kanji_to_int("十十") is None
    assert value_of("circled", "⑴") is None
    assert value_of("katakana", "ヴ") is None


# ---------------------------------------------------------------- configuration
def test_a_configured_profile_wins():
    text, _ = styles_fixture.make_outline("roman-dot")
    circled = STYLES_BY_NAME["circled"]
    configured = DEFAULT_PROFILE.with_overrides({"item": circled.pattern, "item_numbering": circled.numeral, "item_printed": circled.template})
    document = parse(text_to_raw(text, "configured.txt"), configured)
    assert document.profile_source == "configured"
    assert document.profile.style("item") is circled
    assert not list(document.root.find(SECTION))  # the configuration says nothing of "1." sections: not detected


# ---------------------------------------------------------------- the edition diff
@pytest.mark.parametrize("style", ["roman-dot", "fullwidth-dot", "half-paren"])
def test_a_renumbered_edition_differs_only_by_the_style_note(style):
    published = (FIXTURES / "soumu-juten-shisaku-2020.txt").read_text(encoding="utf-8")
    old = parse_text(published, "old.txt")
    new = parse_text(styles_fixture.renumber_2020(style, published), "new.txt")
    diff = diff_documents(old, new)
    counts = diff.heading_counts()
    assert counts["unchanged"] > 200 and sum(counts.values()) == counts["unchanged"]
    assert diff.text_counts() == {"modified": 0, "added": 0, "removed": 0}
    notes = [line for line in render_diff_text(diff).splitlines() if line.startswith("numbering style changed")]
    assert len(notes) == 1
    japanese = [line for line in render_diff_text(diff, lang="ja").splitlines() if line.startswith("見出し番号の付け方の変更：")]
    assert len(japanese) == 1 and "→" in japanese[0]
    assert json.loads(render_diff_json(diff))["numbering_changes"]


def test_same_style_no_note():
    published = (FIXTURES / "soumu-juten-shisaku-2020.txt").read_text(encoding="utf-8")
    diff = diff_documents(parse_text(published, "old.txt"), parse_text(published, "new.txt"))
    assert "numbering" not in render_diff_text(diff)
    assert "numbering_changes" not in json.loads(render_diff_json(diff))


# ---------------------------------------------------------------- outline-only documents
CONTENTS_ONLY = """総務省重点施策 目次

第1章 地域の活性化

第1節 地方への新しい人の流れ

- 関係人口の創出…………… 4
- 移住・交流の推進…………… 5

第2節 地域経済の活性化

- ローカル10,000プロジェクト…………… 8

第2章 防災・減災

第1節 消防防災力の強化

- 緊急消防援助隊の充実…………… 12
"""


def test_a_contents_page_alone_reads_as_a_tree_without_body():
    document = parse_text(CONTENTS_ONLY)
    assert not document.has_body
    assert [(kind, value) for kind, value, _ in headings_of(document)] == [
        (CHAPTER, 1), (SECTION, 1), (TOPIC, None), (TOPIC, None), (SECTION, 2), (TOPIC, None), (CHAPTER, 2), (SECTION, 1), (TOPIC, None)
    ]
    findings, summary = run_rules([document], all_builtin_rules())
    assert findings == []
    skipped = dict(summary.skipped_rules)
    assert "no body" in skipped["TOC003"] and "no body" in skipped["REP001"] and "no body" in skipped["HDR001"]
    assert "NUM005" not in skipped


def test_a_booklet_has_a_body():
    text, _ = styles_fixture.make_booklet("roman-dot")
    assert parse_text(text).has_body
    outline, _ = styles_fixture.make_outline("roman-dot")
    assert not parse_text(outline).has_body


def test_the_renumbered_booklet_of_the_profile_tests_needs_no_configuration():
    """fixtures/tools/renumber.py (第N章, (ア)) needs a [profile] table without detection; with it, none."""
    import renumber

    published = (FIXTURES / "soumu-juten-shisaku-2020.paged.txt").read_text(encoding="utf-8")
    original, renumbered = parse_text(published, "booklet.txt"), parse_text(renumber.renumber(published), "booklet.txt")
    assert (renumbered.profile.style(CHAPTER).name, renumbered.profile.style(SUBITEM).name) == ("dai-sho", "paren-katakana")
    rules = all_builtin_rules()
    found, _ = run_rules([renumbered], rules)
    expected, _ = run_rules([original], rules)
    assert [(f.rule, f.location.line) for f in found] == [(f.rule, f.location.line) for f in expected]


def test_contents_printed_without_leaders_page_numbers_on_their_own_lines():
    """A strategy paper's contents as text extraction gives them: Ⅰ. / 1. / (1), sections
    numbered again in each chapter, each page number alone on the next line (no topic)."""
    text = "\n".join([
        "（目次）", "Ⅰ.基本的な考え方", "1", "1.現状の認識", "1", "2.課題の整理", "3",
        "Ⅱ.施策の方向", "5", "1.基本目標", "5", "(1)成果を重視した目標", "(2)四つの目標",
        "2.重点の取組", "8", "(1)地域の取組の推進", "(2)新たな担い手づくり", "(3)政策の充実",
    ]) + "\n"
    document = parse_text(text)
    assert document.profile.section_scope == "chapter"
    assert [kind for kind, _, _ in headings_of(document)] == [
        CHAPTER, SECTION, SECTION, CHAPTER, SECTION, ITEM, ITEM, SECTION, ITEM, ITEM, ITEM
    ]
    findings, _ = run_rules([document], NUM_RULES)
    assert findings == []


def test_checker_parse_prints_and_records_the_numbering(tmp_path, capsys):
    from checker.cli import main

    outline, _ = styles_fixture.make_outline("sho-setsu-circled")
    path = tmp_path / "outline.txt"
    path.write_text(outline, encoding="utf-8")
    assert main(["parse", str(path)]) == 0
    assert "numbering (detected): chapter 第1章 (dai-sho) · section 第1節 (dai-setsu) · item ① (circled) · sub-item ア (katakana)" in capsys.readouterr().out
    assert main(["parse", str(path), "--format", "json"]) == 0
    profile = json.loads(capsys.readouterr().out)["profile"]
    assert profile["source"] == "detected" and profile["section_scope"] == "chapter"
    assert profile["item"]["style"] == "circled" and profile["item"]["example"] == "①"
