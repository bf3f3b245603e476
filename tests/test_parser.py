"""The 2020 edition parses into the full tree and ledger, with nothing lost."""

from decimal import Decimal

import pytest
from conftest import TEXT_2020
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.booklet.model import SECTION, TOPIC
from checker.api import parse_file
from checker.booklet.parser import parse
from checker.reading.readers import text_to_raw
from checker.booklet.text import normalize

TEXT = TEXT_2020.read_text(encoding="utf-8")
LINES = TEXT.split("\n")


@pytest.fixture(scope="module")
def document():
    return parse_file(str(TEXT_2020))


def accounted_lines(document) -> list[int]:
    return [line.number for line in document.root.all_lines()]


def test_every_non_blank_line_lands_in_exactly_one_node(document):
    numbers = accounted_lines(document)
    non_blank = [line.number for line in document.raw.lines if line.text.strip()]
    assert sorted(numbers) == non_blank, "a line was lost or placed twice"
    assert document.unclassified() == []


def test_structure_counts(document):
    assert [chapter.number for chapter in document.chapters()] == ["I", "II", "Ⅲ", "IV", "V"]
    assert [int(section.number) for section in document.sections()] == list(range(1, 21))
    levels = [entry.level for entry in document.toc]
    assert levels.count("chapter") == 5 and levels.count("section") == 20
    assert levels.count("topic") == sum(1 for line in LINES if "……" in line)  # every entry with a leader
    assert sum(1 for _ in document.root.find(TOPIC)) >= 60


def test_section_chapters_follow_numbering_not_column_order(document):
    chapter_of = {section.number: chapter.number for chapter in document.chapters() for section in chapter.children if section.kind == SECTION}
    assert chapter_of["2"] == "I", "the contents' second column must not move section 2 to chapter II"
    assert chapter_of["13"] == "IV" and chapter_of["12"] == "Ⅲ"


def test_every_budget_block_parses(document):
    assert len(document.ledger.blocks) == TEXT.count("【予算") == 174
    assert document.ledger.unparsed == []
    for entry in document.ledger.entries:
        assert entry.name
        assert entry.amount is not None or "item_request" in entry.flags


def entries_named(document, fragment):
    return [entry for entry in document.ledger.entries if fragment in entry.name]


def test_trillion_yen_is_converted(document):
    (entry,) = entries_named(document, "地方交付税")
    assert entry.amount == Decimal("168000") and entry.prior_amount == Decimal("162000")
    assert entry.amount_text == "16.8兆円"


def test_thousands_separator(document):
    (entry,) = entries_named(document, "恩給支給事業")
    assert (entry.amount, entry.prior_amount) == (Decimal("1680.9"), Decimal("1990.6"))


def test_item_request_without_amount(document):
    (entry,) = entries_named(document, "震災復興特別交付税")
    assert entry.amount is None and "item_request" in entry.flags
    assert entry.prior_amount == Decimal("3250")


def test_fiscal_investment_components(document):
    entries = entries_named(document, "JICT")
    assert {(e.component, e.amount, e.prior_amount) for e in entries} == {
        ("産業投資", Decimal("450"), Decimal("267")),
        ("政府保証", Decimal("270"), Decimal("85")),
    }
    assert all("fiscal_investment" in e.flags and not e.counts_in_totals for e in entries)


def test_sub_programme_keeps_its_parent(document):
    entries = [e for e in document.ledger.entries if e.parent == "過疎地域等自立活性化推進交付金"]
    assert len(entries) == 2 and all("sub_programme" in e.flags for e in entries)
    assert {e.amount for e in entries} == {Decimal("5.8"), Decimal("5.0")}


def test_supplementary_budget_and_part_of(document):
    (entry,) = entries_named(document, "放送コンテンツの海外展開強化事業等")
    assert entry.prior_amount == Decimal("2.0")
    assert entry.supplementary == (("平成30年度補正", Decimal("14.5")),)
    part_of = entries_named(document, "周波数ひっ迫対策技術試験事務")
    assert part_of and "part_of" in part_of[0].flags and not part_of[0].counts_in_totals


def test_several_programmes_under_one_marker(document):
    block = next(b for b in document.ledger.blocks if any("個人番号カード交付事業費補助金" in e.name for e in b.entries))
    assert [e.amount for e in block.entries] == [Decimal("841.1"), Decimal("651.9"), Decimal("242.0")]
    assert "new" in block.entries[2].flags


def test_repeat_flags(document):
    repeated_topics = [node for node in document.root.find(TOPIC) if node.is_repeat]
    assert repeated_topics, "（再掲） topics are flagged"
    assert all("再掲" in node.title and "再掲" not in node.bare_title for node in repeated_topics)
    assert any("repeat" in entry.flags for entry in document.ledger.entries)


def test_running_headers_are_kept_with_locations(document):
    section = document.sections()[3]  # section 4 spans many pages
    assert len(section.headers) >= 5
    assert all(header.first_line.number > section.first_line.number for header in section.headers)


def test_text_without_form_feeds_has_no_pages(document):
    assert not document.has_pages
    assert all(line.page_index is None and line.printed_page is None for line in document.raw.lines)


def test_form_feeds_give_pages_and_printed_numbers():
    text = "表紙\n\f目次\n- 項目…… 3\n2\n\f1 節\n項目\n(1) 項目\n3\n"
    document = parse(text_to_raw(text, "paged.txt"))
    assert document.has_pages
    section = document.sections()[0]
    assert section.first_line.page_index == 2 and section.first_line.printed_page == 3


# --- property: the ledger does not depend on layout accidents -----------------

def ledger_signature(text: str):
    document = parse(text_to_raw(text, "x.txt"))
    return [(normalize(e.name), e.amount, e.prior_amount, tuple(sorted(e.flags)), e.parent, e.component) for e in document.ledger.entries], len(document.ledger.unparsed)


BASELINE = ledger_signature(TEXT)
LINES = TEXT.split("\n")
BUDGET_LINES = [i for i, line in enumerate(LINES) if line.lstrip().startswith("【予算】") and "億円" in line]
WIDTH_SWAP = str.maketrans({"（": "(", "）": ")", "(": "（", ")": "）"})


def reflow(lines: list[str], index: int) -> list[str]:
    """Wrap a one-line budget entry after its programme name."""
    line = lines[index]
    head, _, amount = line.rpartition(" ")
    if not head.strip() or "億円" not in amount or head.strip() == "【予算】":
        return lines
    return lines[:index] + [head, amount] + lines[index + 1:]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    wraps=st.lists(st.sampled_from(BUDGET_LINES), max_size=8, unique=True),
    swaps=st.lists(st.sampled_from(BUDGET_LINES), max_size=8, unique=True),
    blanks=st.lists(st.integers(min_value=200, max_value=len(LINES) - 1), max_size=10, unique=True),
)
def test_ledger_is_unchanged_by_reflow_bracket_width_and_blank_lines(wraps, swaps, blanks):
    lines = list(LINES)
    for index in swaps:
        lines[index] = lines[index].translate(WIDTH_SWAP)
    for index in sorted(blanks, reverse=True):
        lines.insert(index, "")
    # Wrap last, from the bottom, so earlier indices stay valid.
    shifted = {i + sum(1 for b in blanks if b <= i) for i in wraps}
    for index in sorted(shifted, reverse=True):
        lines = reflow(lines, index)
    assert ledger_signature("\n".join(lines)) == BASELINE


def test_a_differently_numbered_booklet_is_a_profile():
    from checker.booklet.profile import DEFAULT_PROFILE

    text = "\n".join([
        "令和3年度 重点施策", "目次",
        "第1章 地域の活性化", "21 地方への人の流れ", "- 移住の推進…… 4",
        "第1章 地域の活性化", "21 地方への人の流れ", "移住の推進", "(1) 移住の推進",
        "- ・移住を支援", "【予算】 移住支援事業 1.0億円（2年度 0.8億円）",
    ])
    default = parse(text_to_raw(text, "other.txt"))
    assert default.sections() == [], "section 21 is outside the default profile"
    profile = DEFAULT_PROFILE.with_overrides({"chapter": r"^第(?P<number>\d+)章\s*(?P<title>\S.*)$", "max_section": 30})
    document = parse(text_to_raw(text, "other.txt", profile), profile)
    assert [c.title for c in document.chapters()] == ["地域の活性化"]
    assert [s.number for s in document.sections()] == ["21"]
    assert [e.level for e in document.toc] == ["chapter", "section", "topic"]
    (entry,) = document.ledger.entries
    assert entry.amount == Decimal("1.0") and entry.prior_amount == Decimal("0.8")
    assert document.unclassified() == []


def test_profile_rejects_unknown_settings_and_bad_patterns():
    from checker.errors import UsageError
    from checker.booklet.profile import DEFAULT_PROFILE

    with pytest.raises(UsageError, match="unknown profile setting"):
        DEFAULT_PROFILE.with_overrides({"sektion": "x"})
    with pytest.raises(UsageError, match="not a valid regular expression"):
        DEFAULT_PROFILE.with_overrides({"section": "(("})


def test_carriage_return_only_line_ends():
    text = "\r".join(LINES[:400])
    document = parse(text_to_raw(text, "mac.txt"))
    assert len(document.raw.lines) == 400
    assert len(document.sections()) >= 3
