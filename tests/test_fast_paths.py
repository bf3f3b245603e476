"""The rules' fast paths find what the plain way finds (issue 15: all rules on
the parsed edition in 50 ms, findings unchanged).

Each shortcut rests on a property of Unicode or of a pattern; these tests
prove the property (over every code point where it is about characters) or
compare the shortcut with the plain way it replaced, on random texts and on
the fixtures. ``tests/same_findings.py`` compares whole checks before and
after a change; these tests keep the properties true when the code moves on.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest
import regex
from conftest import PDF_2020, TEXT_2020
from rulecheck import all_builtin_rules, document_from_text, variant_registry, variant_text

from checker.analysis import budget_tables
from checker.analysis.text_units import text_units
from checker.booklet.model import BUDGET, TOC_ENTRY
from checker.booklet.text import normalize
from checker.lint.engine import EngineSettings, run_rules
from checker.reading.readers import text_to_raw
from checker.rules import brackets, dates, notation
from make_summary_tables import make_document  # fixtures/tools, on the path rulecheck sets

WHITE_SPACE = regex.compile(r"\s")  # what the compact forms remove
DIGIT = regex.compile(r"\d")


def every_character():
    """Every code point, one at a time (a list of them all would stay in the test
    process's memory, which the peak memory of later tests' commands counts)."""
    return map(chr, range(sys.maxunicode + 1))


def random_texts(alphabet: str, count: int, longest: int, seed: int) -> list[str]:
    chooser = random.Random(seed)
    return ["".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, longest))) for _ in range(count)]


# ------------------------------------------------------------------ folding


def test_printable_text_holds_no_white_space_but_the_space():
    """compact() and normalize() replace " " in printable text instead of
    removing every regex \\s."""
    assert [char for char in every_character() if char.isprintable() and WHITE_SPACE.match(char)] == [" "]


def test_compact_and_normalize_agree_with_the_regex_way_on_the_fixture():
    for line in TEXT_2020.read_text(encoding="utf-8").splitlines() + ["a\tb", "x\x1cy", "全角\u3000空白", "¨ ̈"]:
        folded = unicodedata.normalize("NFKC", line)
        assert budget_tables.compact.__wrapped__(line) == WHITE_SPACE.sub("", folded)
        assert normalize.__wrapped__(line) == WHITE_SPACE.sub("", unicodedata.normalize("NFKC", normalize.__wrapped__(line)))


def test_only_the_listed_characters_fold_to_a_column_word_character():
    """A line is tested for COLUMN_WORD_CHARACTER before it is folded."""
    keys = set(budget_tables.COLUMN_WORD_CHARACTERS)
    folding = {char for char in every_character() if keys & set(unicodedata.normalize("NFKC", char))}
    listed = {char for char in every_character() if budget_tables.COLUMN_WORD_CHARACTER.match(char)}
    assert folding == listed


def test_every_column_word_holds_a_column_word_character():
    pieces = ["要求", "要望", "額", "予算", "予定", "決定", "計上", "概算", "決算", "見込", "所要", "政府", "案", "(案)",
              "補正後", "当初", "修正", "比較", "対前年", "前年", "度", "増", "減", "▲", "△", "加", "少", "率", "比", "伸び",
              "差引", "差額", "・", "令和", "年", "(A)", "B", "-", "/", "区分", "計"]
    chooser = random.Random(1)
    texts = ["".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 6))) for _ in range(30000)]
    texts += ["要求額", "要求・要望額", "予定額", "予算額", "予算額(案)", "決定額", "補正後予算額", "当初予算", "政府案",
              "増減", "差引", "差額", "増減率", "伸率", "対前年度比", "前年比", "比率"]
    found = 0
    for text in texts:
        for match in budget_tables.COLUMN_WORD.finditer(text):
            found += 1
            assert budget_tables.COLUMN_WORD_CHARACTER.search(match.group()), match.group()
    assert found > 1000  # the random texts did hold column words


def test_no_canonical_composition_makes_or_takes_a_digit():
    """A digit in a cell's folded text is a digit in its line's folded text
    (the budget tables' digit test before splitting a line)."""
    touching = []
    for char in every_character():
        decomposition = unicodedata.decomposition(char)
        if decomposition and not decomposition.startswith("<"):
            parts = [chr(int(code, 16)) for code in decomposition.split()]
            if DIGIT.match(char) or any(DIGIT.match(part) for part in parts):
                touching.append(char)
    assert touching == []


def test_every_character_a_token_holds_folds_to_something_not_white_space():
    """Two tokens longer than four characters cannot fold to 皆増, 皆減 or
    事項要求 (budget_tables._glued), which no composition makes or takes in."""
    assert [char for char in every_character() if not char.isspace() and all(WHITE_SPACE.match(part) for part in unicodedata.normalize("NFKD", char))] == []
    for word in budget_tables.WHOLE_WORDS:
        assert all(unicodedata.decomposition(char) == "" for char in word)


# ------------------------------------------------------------------ budget tables


def _clear_table_caches():
    for cached in (budget_tables.compact, budget_tables.split_row, budget_tables._read_columns, budget_tables._columns_from_text):
        cached.cache_clear()


def _table_samples():
    """Raw documents with and without summary tables, made one at a time (all the
    variants at once would hold some 150 MB)."""
    from checker.api import parse_file
    from checker.reading.readers import ReadOptions

    yield text_to_raw(make_document(), "tables.txt")
    for name in sorted(variant_registry.load_all()):
        yield text_to_raw(variant_text(name), f"{name}.txt")
    yield parse_file(str(PDF_2020), ReadOptions(cache=True)).raw


def test_the_budget_table_shortcuts_find_the_same_tables(monkeypatch):
    """With the shortcuts off, every line could be a heading, every line range a
    heading's, and every line a data row: the plain search finds the same tables."""
    tables = 0
    for raw in _table_samples():
        fast = budget_tables.find_budget_tables(raw.lines)
        with monkeypatch.context() as patch:
            patch.setattr(budget_tables, "COLUMN_WORD_CHARACTER", re.compile(".", re.S))
            patch.setattr(budget_tables, "HAS_DIGIT", re.compile(""))
            _clear_table_caches()
            assert budget_tables.find_budget_tables(raw.lines) == fast, raw.path
        _clear_table_caches()
        tables += len(fast)
    assert tables >= 20  # the samples do hold tables


# ------------------------------------------------------------------ notation


def _alternation_marker_pattern(max_length: int) -> regex.Pattern:
    """NOT001's pattern as it was: one alternative per bracket pair, in regex."""
    alternatives = []
    for index in range(0, len(notation.MARKER_BRACKETS), 2):
        open_, close = regex.escape(notation.MARKER_BRACKETS[index]), regex.escape(notation.MARKER_BRACKETS[index + 1])
        word = rf"[^\s{regex.escape(notation.MARKER_BRACKETS)}]{{1,{max_length}}}"
        alternatives.append(rf"(?P<open>{open_})(?P<inner>{word})(?P<close>{close})")
    return regex.compile("|".join(alternatives))


def test_the_white_space_spelt_out_is_regexs():
    spelt = re.compile(f"[{notation.WHITE_SPACE_CHARACTERS}]")
    assert [char for char in every_character() if bool(spelt.match(char)) != bool(WHITE_SPACE.match(char))] == []


@pytest.mark.parametrize("max_length", [1, 3, 8])
def test_the_marker_pattern_finds_what_one_alternative_per_pair_finds(max_length):
    plain = _alternation_marker_pattern(max_length)
    fast = notation._marker_pattern(max_length)
    for text in random_texts(notation.MARKER_BRACKETS + "新規予算 \u3000ab\x1c\x1f\t\u2028", 20000, 24, seed=max_length):
        expected = [(m.span(), m["open"], m["inner"], m["close"]) for m in plain.finditer(text)]
        found = [(m.span(), m["open"], m["inner"], m["close"]) for m in fast.finditer(text) if m["close"] == notation.MARKER_PARTNER[m["open"]]]
        assert found == expected, text


def test_japanese_latin_joins_are_the_overlapped_matches_of_the_pattern():
    japanese, latin, space = notation.JAPANESE, notation.LATIN, notation.SPACE
    pattern = regex.compile(
        rf"(?P<left>{japanese})(?P<space>{space}*)(?P<right>{latin})|(?P<left>{latin})(?P<space>{space}*)(?P<right>{japanese})"
    )
    chooser = random.Random(3)
    for text in random_texts("漢字かなカナー々〆AaＡｚ\u3000 1。、", 30000, 16, seed=3):
        begin = chooser.randint(0, max(len(text) - 1, 0))
        expected = [match.span() for match in pattern.finditer(text, begin, overlapped=True)]
        assert notation.japanese_latin_joins(text, begin) == expected, (text, begin)


def _search_unit_by_unit(entries, units, texts):
    """find_occurrences as its docstring says: entry by entry, unit by unit,
    spelling by spelling (longest first), in text order."""
    found = []
    for entry in entries:
        for unit, text in zip(units, texts):
            claimed: list[tuple[int, int]] = []
            for form in sorted(entry.forms, key=len, reverse=True):
                start = text.find(form)
                while start >= 0:
                    end = start + len(form)
                    overlaps = any(low < end and start < high for low, high in claimed)
                    excluded = any(text.startswith(word, end) for word in entry.not_followed_by)
                    if not overlaps and not excluded:
                        claimed.append((start, end))
                        found.append((entry, form, unit, start))
                    start = text.find(form, start + 1)
    return found


def test_occurrences_are_those_of_a_search_unit_by_unit():
    entries = notation.default_dictionary()
    lines = TEXT_2020.read_text(encoding="utf-8").split("\n")
    lines[300:300] = [f"- ・{form}と{form}の{entry.preferred}" for entry in entries for form in entry.forms]
    document = document_from_text("\n".join(lines))
    units = [unit for unit in text_units(document) if unit.kind not in (TOC_ENTRY, BUDGET)]
    texts = [notation.masked_text(unit, ["地域"], True) for unit in units]
    found = [tuple(occurrence) for occurrence in notation.find_occurrences(entries, units, texts)]
    assert len(found) > 1000
    assert found == _search_unit_by_unit(entries, units, texts)


# ------------------------------------------------------------------ brackets and dates


def test_list_marker_ends_are_where_the_list_marker_pattern_ends():
    pattern = regex.compile(r"(?:^|(?<=[\s・]))(?:\d{1,2}|[A-Za-z]|[ァ-ヶ]|[①-⑳])[)）]")
    brackets_pattern = brackets._bracket_pattern(brackets.DEFAULT_PAIRS)
    for text in random_texts("12３aZアヶ①⑳ ・\u3000\t()（）漢x", 50000, 12, seed=5):
        found = [(match.start(), match.group()) for match in brackets_pattern.finditer(text)]
        expected = {match.end() - 1 for match in pattern.finditer(text)} & {offset for offset, _ in found}
        assert brackets.list_marker_ends(text, found) == expected, text


def test_the_bracket_pattern_reads_any_pairs_as_regex_did():
    for pairs in (brackets.DEFAULT_PAIRS, "[]^-\\\\", "ab"):
        plain = regex.compile("[" + "".join(regex.escape(char) for char in sorted(set(pairs))) + "]")
        fast = brackets._bracket_pattern(pairs)
        for text in random_texts(pairs + "x \n", 2000, 12, seed=7):
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_fold_digits_is_the_translation_it_replaced():
    texts = TEXT_2020.read_text(encoding="utf-8").splitlines()
    texts += random_texts("".join(chr(code) for code in range(0xFF00, 0xFF62)) + "\u3000 a1年", 2000, 20, seed=9)
    for text in texts:
        assert dates.fold_digits(text) == text.translate(dates._FOLD)


# ------------------------------------------------------------------ caches across documents


def _finding_rows(findings):
    return sorted((f.rule, f.message, f.location.path, f.location.line, f.excerpt, f.expected) for f in findings)


def test_documents_checked_together_find_what_each_finds_alone():
    """The caches the rules and views keep per process (folded lines, split
    rows, heading readings, the dictionary) carry nothing from one document to
    the next: checked in one run, in either order, two editions and a table
    sample find exactly what each finds alone."""
    rules = all_builtin_rules()
    documents = [
        document_from_text(TEXT_2020.read_text(encoding="utf-8"), "2020.txt"),
        document_from_text(make_document((0, 1, 0)), "tables.txt"),  # a changed figure: BUD006 fires
        document_from_text(variant_text("clean").replace("億円", "億円 "), "spaced.txt"),
    ]
    alone = [_finding_rows(run_rules([document], rules, EngineSettings())[0]) for document in documents]
    together = _finding_rows(run_rules(documents, rules, EngineSettings())[0])
    backwards = _finding_rows(run_rules(documents[::-1], rules, EngineSettings())[0])
    assert together == backwards == sorted(row for rows in alone for row in rows)
    assert all(alone)  # each document has findings of its own
    again = _finding_rows(run_rules([documents[0]], rules, EngineSettings())[0])
    assert again == alone[0]
