"""Fuzz the text reader, the tree builder and the budget grammar with hypothesis.

Documents are made of the 2020 booklet's own lines (headings, contents entries
with leaders, budget blocks, notes, bullets, page labels), mutated and mixed
with noise made of the characters the grammar reacts to. Properties:

- nothing but ``InputError`` escapes the reader, nothing at all the parser;
- every non-blank input line lands in exactly one node of the tree, and every
  contents entry's lines are among them;
- the budget grammar returns entries and problems for any block, never raises.

The profile is fixed and derandomized, so CI sees the same examples every run
(about 10 s). ``FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_parser.py`` digs
deeper by hand.
"""

from __future__ import annotations

import os
import unicodedata
from decimal import Decimal

import pytest
from conftest import TEXT_2020
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.booklet import budget
from checker.errors import InputError
from checker.booklet.model import BudgetEntry
from checker.booklet.parser import parse
from checker.booklet.profile import DEFAULT_PROFILE
from checker.reading.readers import decode_text, text_to_raw

REAL_LINES = [line for line in TEXT_2020.read_text(encoding="utf-8").split("\n") if line.strip()]
BUDGET_LINES = [line for line in REAL_LINES if budget.is_amountish(line) or "【予算" in line or line.lstrip().startswith("うち")]
HEADING_LINES = [line for line in REAL_LINES if DEFAULT_PROFILE.compiled("chapter").match(line) or DEFAULT_PROFILE.compiled("section").match(line)]
# Characters the patterns react to: brackets, leaders, bullets, digits, units, flags, numerals.
NOISE_ALPHABET = "【】［］[]（）()「」・･…‥.．※*-－●○■◆ 　\t0123456789０１２３４５６７８９,，:：億円兆百万うち再掲新規事項要求令和平成元年度補正の内数IVXⅠⅡⅢⅣⅤ目次予算財投産業投資政府保証ab/／\u3000\u00a0\u200b\u2028\x0b\ufeff"

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

noise = st.text(alphabet=NOISE_ALPHABET, min_size=0, max_size=40)
real_line = st.sampled_from(REAL_LINES)


@st.composite
def mutated_line(draw) -> str:
    line = draw(st.one_of(real_line, st.sampled_from(BUDGET_LINES), st.sampled_from(HEADING_LINES)))
    how = draw(st.sampled_from(["as is", "cut", "prefix", "suffix", "splice", "fold", "widen", "spaces"]))
    if how == "cut":
        cut = draw(st.integers(0, len(line)))
        return line[:cut]
    if how == "prefix":
        return draw(noise) + line
    if how == "suffix":
        return line + draw(noise)
    if how == "splice":
        other = draw(real_line)
        return line[: len(line) // 2] + other[len(other) // 2:]
    if how == "fold":
        return unicodedata.normalize("NFKC", line)
    if how == "widen":
        return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in line)
    if how == "spaces":
        return line.replace(" ", draw(st.sampled_from(["", "  ", "\u3000", "\t", " " * 30])))
    return line


any_line = st.one_of(
    mutated_line(),
    mutated_line(),
    real_line,
    noise,
    st.sampled_from(["", "   ", "\u3000", "- 12 -", "12", "目次", "【予算】", "\f", "うち", "(1)", "I", "1"]),
)
document_lines = st.lists(any_line, min_size=1, max_size=80)


def booklet_text(lines: list[str], newline: str) -> str:
    return newline.join(lines) + newline


def check_every_line_accounted_for(text: str) -> None:
    raw = text_to_raw(text, "fuzz.txt")
    document = parse(raw)
    numbers = sorted(line.number for line in document.root.all_lines())
    non_blank = [line.number for line in raw.lines if line.text.strip()]
    assert numbers == non_blank, _lost_or_doubled(numbers, non_blank, raw)
    accounted = set(numbers)
    for entry in document.toc:
        assert {line.number for line in entry.lines} <= accounted
    for block in document.ledger.blocks:
        assert all(isinstance(problem, str) for problem in block.problems)
        for entry in block.entries:
            assert entry.amount is None or isinstance(entry.amount, Decimal)


def _lost_or_doubled(numbers: list[int], non_blank: list[int], raw) -> str:
    from collections import Counter

    counts = Counter(numbers)
    lost = [n for n in non_blank if n not in counts]
    doubled = [n for n, count in counts.items() if count > 1]
    text_of = {line.number: line.text for line in raw.lines}
    return f"lost {[(n, text_of.get(n)) for n in lost]}, doubled {[(n, text_of.get(n)) for n in doubled]}"


@pytest.mark.parametrize("lines", [
    ["目次", "V 持続可能な社会基盤の確保", "目次"],
    ["目次", "- 項目…………… 4", "10 多様な働き方の実現", "Society 5.0時代の持続可能な地域社会の構築(総務省重点施策2020) 目次", "本文"],
])
def test_headings_pending_at_a_repeated_contents_marker_are_kept(lines):
    """Found by the fuzz test below (FUZZ_EXAMPLES=4000): the heading line was lost."""
    check_every_line_accounted_for(booklet_text(lines, "\n"))


@FUZZ
@given(lines=document_lines, newline=st.sampled_from(["\n", "\r\n"]))
@example(lines=["目次", "I 見出し", "1 見出し", "- 項目…… 4", "1 見出し", "見出しのつづき", "【予算】", "うち", "1億円"], newline="\n")
def test_tree_builder_accounts_for_every_line(lines, newline):
    check_every_line_accounted_for(booklet_text(lines, newline))


@FUZZ
@given(head=st.lists(real_line, min_size=5, max_size=40), lines=document_lines)
def test_booklet_start_with_noise_accounts_for_every_line(head, lines):
    """The real contents page first (so the TOC parser runs), noise after it."""
    start = REAL_LINES[:40]
    check_every_line_accounted_for(booklet_text(start + head + lines, "\n"))


@FUZZ
@given(data=st.one_of(
    st.binary(max_size=400),
    document_lines.map(lambda lines: booklet_text(lines, "\n").encode("utf-8")),
    document_lines.map(lambda lines: booklet_text(lines, "\n").encode("cp932", errors="replace")),
    st.tuples(document_lines, document_lines).map(
        lambda pair: booklet_text(pair[0], "\n").encode("utf-8") + booklet_text(pair[1], "\n").encode("cp932", errors="replace")
    ),
))
def test_text_reader_answers_text_or_input_error(data):
    try:
        text, encoding = decode_text(data, "fuzz.txt")
    except InputError as error:
        message = str(error)
        assert message.startswith("fuzz.txt: ") and "\n" not in message
        return
    assert encoding in ("utf-8", "utf-8-sig", "utf-16", "cp932")
    raw = text_to_raw(text, "fuzz.txt")
    assert [line.number for line in raw.lines] == list(range(1, len(raw.lines) + 1))
    if "\f" not in text:
        # Every line with text is kept, verbatim but for a CR of a CRLF ending.
        parts = [part.removesuffix("\r") for part in text.split("\n")]
        assert [line.text for line in raw.lines if line.text.strip()] == [part for part in parts if part.strip()]


@FUZZ
@given(
    marker=st.sampled_from(["【予算】", "【予算(財投)】", "**【予算】", "[予算]", "【予算 】"]),
    lines=st.lists(st.one_of(st.sampled_from(BUDGET_LINES), mutated_line(), noise), min_size=0, max_size=12),
)
def test_budget_grammar_never_raises(marker, lines):
    from checker.booklet.model import SourceLine

    source = [SourceLine(number, text) for number, text in enumerate([marker + (lines[0] if lines else "")] + lines[1:], start=1)]
    entries, problems = budget.parse_block(source, DEFAULT_PROFILE.compiled("budget_marker"), block_id=1)
    assert all(isinstance(entry, BudgetEntry) for entry in entries)
    assert all(isinstance(problem, str) for problem in problems)
    assert entries or problems, "a block with no entry must say why"
