"""Numbering styles: how a booklet marks its chapters, sections, items and sub-items.

A style is one way of printing a heading's number — ``Ⅰ``, ``I.``, ``第1章``,
``1``, ``1.``, ``1-1``, ``第1節``, ``(1)``, ``⑴``, ``①``, ``1)``, ``(a)``,
``ア``, ``(ｱ)``, ``a.`` — with the line pattern that finds it (groups
``number`` and ``title``), how a printed numeral is valued (``③`` → 3,
``ウ`` → 3, ``第三`` → 3) and how a value is printed back for messages.
Full- and half-width forms of a mark are the same style.

This module holds the catalogue only; choosing the styles of a document is
``checker.booklet.numbering_detection``.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a pattern is compiled (see _compiled)
    import regex

CHAPTER, SECTION, ITEM, SUBITEM = "chapter", "section", "item", "subitem"
LEVELS = (CHAPTER, SECTION, ITEM, SUBITEM)

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
ROMAN_SINGLE = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10}
ROMAN_PRINTED = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
KANJI_DIGITS = "一二三四五六七八九"
# Katakana marks count in 五十音 order (ア イ ウ エ オ カ …), as 公用文 lists do.
KATAKANA_ORDER = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
CIRCLED_FIRST, PAREN_DIGIT_FIRST = 0x2460, 0x2474  # ① and ⑴; twenty of each
# Circled numbers: ①–⑳, ㉑–㉟, ㊱–㊿ (first code point, first value, last value).
CIRCLED_RANGES = ((CIRCLED_FIRST, 1, 20), (0x3251, 21, 35), (0x32B1, 36, 50))

# A title: from the first non-space to the last (linear: no lazy match before trailing space).
_TITLE = r"(?P<title>\S(?:.*\S)?)\s*$"
_OPTIONAL_TITLE = r"(?P<title>(?:\S(?:.*\S)?)?)\s*$"
_KANJI_OR_DIGITS = r"[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}"


def roman_to_int(numeral: str) -> int | None:
    """Value of an ASCII (III) or single-glyph (Ⅲ) Roman numeral; None if not one."""
    if numeral in ROMAN_SINGLE:
        return ROMAN_SINGLE[numeral]
    if not numeral or any(ch not in ROMAN_VALUES for ch in numeral):
        return None
    total = 0
    for index, ch in enumerate(numeral):
        value = ROMAN_VALUES[ch]
        following = ROMAN_VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def kanji_to_int(numeral: str) -> int | None:
    """一 … 九十九 (the forms headings use); None if not one."""
    if not numeral or any(ch not in KANJI_DIGITS + "十" for ch in numeral):
        return None
    if "十" not in numeral:
        return KANJI_DIGITS.index(numeral) + 1 if len(numeral) == 1 else None
    tens, _, ones = numeral.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (KANJI_DIGITS.index(tens) + 1 if tens else 1) * 10 + (KANJI_DIGITS.index(ones) + 1 if ones else 0)


def fold(text: str) -> str:
    """NFKC: ① → 1, ⑴ → (1), Ⅲ → III, ｱ → ア, full-width digits and letters to ASCII."""
    return unicodedata.normalize("NFKC", text).strip()


# How a numeral kind values a printed number (already folded) and prints a value;
# a printer returns None for a value it cannot print (shown as #n).
def _arabic_value(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


def _roman_value(text: str) -> int | None:
    return _arabic_value(text) or roman_to_int(text.upper())


def _kanji_value(text: str) -> int | None:
    return _arabic_value(text) or kanji_to_int(text)


def _paren_digit_value(text: str) -> int | None:  # ⑴ folds to (1)
    return _arabic_value(text[1:-1]) if text.startswith("(") and text.endswith(")") else None


def _compound_value(text: str) -> int | None:  # 1-1: the section's place in its chapter
    head, _, tail = text.replace("‐", "-").partition("-")
    return int(tail) if head.isdigit() and tail.isdigit() and tail.isascii() else None


def _latin_value(text: str) -> int | None:
    return ord(text.lower()) - ord("a") + 1 if len(text) == 1 and "a" <= text.lower() <= "z" else None


def _katakana_value(text: str) -> int | None:
    return KATAKANA_ORDER.index(text) + 1 if len(text) == 1 and text in KATAKANA_ORDER else None


def _roman_printed(value: int) -> str:
    return ROMAN_PRINTED[value - 1] if 1 <= value <= len(ROMAN_PRINTED) else str(value)


def _latin_printed(value: int) -> str | None:
    return chr(ord("a") + value - 1) if 1 <= value <= 26 else None


def _katakana_printed(value: int) -> str | None:
    return KATAKANA_ORDER[value - 1] if 1 <= value <= len(KATAKANA_ORDER) else None


def _circled_printed(value: int) -> str | None:
    return next((chr(first + value - low) for first, low, high in CIRCLED_RANGES if low <= value <= high), None)


def _paren_digit_printed(value: int) -> str | None:
    return chr(PAREN_DIGIT_FIRST + value - 1) if 1 <= value <= 20 else None


NUMERAL_KINDS = {
    "arabic": (_arabic_value, str),
    "roman": (_roman_value, _roman_printed),
    "latin": (_latin_value, _latin_printed),
    "katakana": (_katakana_value, _katakana_printed),
    "kanji": (_kanji_value, str),  # 第三 and 第3 alike; printed in digits
    "circled": (_arabic_value, _circled_printed),  # ③ folds to 3
    "paren-digit": (_paren_digit_value, _paren_digit_printed),
    "compound": (_compound_value, str),
}


def value_of(numeral_kind: str, printed: str | None) -> int | None:
    """The position a printed numeral stands for, read as ``numeral_kind``."""
    if not printed:
        return None
    value, _ = NUMERAL_KINDS[numeral_kind]
    return value(fold(printed))


def numeral_of(numeral_kind: str, value: int) -> str:
    """How ``value`` is written as ``numeral_kind`` (#n where it cannot be)."""
    _, printer = NUMERAL_KINDS[numeral_kind]
    shown = printer(value)
    return shown if shown is not None else f"#{value}"


@functools.lru_cache(maxsize=None)
def _compiled(pattern: str) -> regex.Pattern:
    # regex.match(pattern, ...) looks the pattern up in regex's cache on every call,
    # which costs more than the match itself; a style's patterns are few and fixed.
    # Imported here: the model imports this module, and a check answered from the
    # result cache compiles no pattern.
    import regex

    return regex.compile(pattern)


@dataclass(frozen=True)
class NumberStyle:
    """One way of numbering a level: its line pattern, numerals and printed form."""

    name: str
    levels: tuple[str, ...]  # the levels this mark may number, most usual first
    pattern: str  # `regex` syntax, groups "number" and "title"
    numeral: str  # how the "number" group is valued: see value_of
    template: str  # how a value is printed: "({})" -> (3)
    example: str  # the first mark, as a reader would recognise it
    restarts: bool = False  # numbers start again under every heading of the level above
    first: str = "."  # a character class every mark of this style starts with (a quick test)

    def value(self, printed: str | None) -> int | None:
        return value_of(self.numeral, printed)

    def can_start(self, character: str) -> bool:
        """Whether a line (stripped) starting with ``character`` may carry this mark."""
        return _compiled(self.first).match(character) is not None

    def printed(self, value: int) -> str:
        return self.template.format(numeral_of(self.numeral, value))


STYLES: tuple[NumberStyle, ...] = (
    # Chapters. "roman" is the 2020 booklet's: Ⅰ or I, then a space.
    NumberStyle("roman", (CHAPTER,), r"^\s*(?P<number>[IVX]{1,4}|[Ⅰ-Ⅹ])[\s　]+" + _TITLE, "roman", "{}", "Ⅰ", first=r"[IVXⅠ-Ⅹ]"),
    NumberStyle("roman-dot", (CHAPTER,), r"^\s*(?P<number>[IVX]{1,4}|[Ⅰ-Ⅹ]|[ＩＶＸ]{1,4})[.．、][\s　]*" + _TITLE, "roman", "{}.", "I.", first=r"[IVXⅠ-ⅩＩＶＸ]"),
    NumberStyle("dai-sho", (CHAPTER,), r"^\s*第\s*(?P<number>" + _KANJI_OR_DIGITS + r")\s*章[\s　]*" + _OPTIONAL_TITLE, "kanji", "第{}章", "第1章", first=r"第"),
    NumberStyle("dai", (CHAPTER,), r"^\s*第(?P<number>" + _KANJI_OR_DIGITS + r")(?:[\s　]+|[.．、])[\s　]*" + _TITLE, "kanji", "第{}", "第1", first=r"第"),
    # Sections. "arabic" is the 2020 booklet's: 1–2 digits, then a space.
    NumberStyle("arabic", (SECTION,), r"^\s*(?P<number>\d{1,2})[ 　]+(?P<title>[^\s/／](?:.*\S)?)\s*$", "arabic", "{}", "1", first=r"\d"),
    NumberStyle("arabic-dot", (SECTION, ITEM), r"^\s*(?P<number>[0-9０-９]{1,2})[.．](?:[\s　]+|(?![0-9０-９]))(?P<title>[^\s/／](?:.*\S)?)\s*$", "arabic", "{}.", "1.", first=r"[0-9０-９]"),
    NumberStyle("compound", (SECTION,), r"^\s*(?P<number>[0-9０-９]{1,2}[-－‐][0-9０-９]{1,2})(?:[\s　]+|(?![0-9０-９]))(?P<title>\S(?:.*\S)?)\s*$", "compound", "{}", "1-1", restarts=True, first=r"[0-9０-９]"),
    NumberStyle("dai-setsu", (SECTION,), r"^\s*第\s*(?P<number>" + _KANJI_OR_DIGITS + r")\s*節[\s　]*" + _OPTIONAL_TITLE, "kanji", "第{}節", "第1節", restarts=True, first=r"第"),
    # Items. "paren-arabic" is the 2020 booklet's: (1) or （１）.
    NumberStyle("paren-arabic", (ITEM, SUBITEM), r"^\s*[(（](?P<number>\d{1,2})[)）]\s*" + _OPTIONAL_TITLE, "arabic", "({})", "(1)", first=r"[(（]"),
    NumberStyle("paren-digit", (ITEM, SUBITEM), r"^\s*(?P<number>[⑴-⒇])\s*" + _OPTIONAL_TITLE, "paren-digit", "{}", "⑴", first=r"[⑴-⒇]"),
    NumberStyle("circled", (ITEM, SUBITEM), r"^\s*(?P<number>[①-⑳㉑-㉟㊱-㊿])\s*" + _OPTIONAL_TITLE, "circled", "{}", "①", first=r"[①-⑳㉑-㉟㊱-㊿]"),
    NumberStyle("half-paren", (ITEM, SUBITEM), r"^\s*(?P<number>[0-9０-９]{1,2})[)）][\s　]*(?P<title>[^\s)）](?:.*\S)?)\s*$", "arabic", "{})", "1)", first=r"[0-9０-９]"),
    # Sub-items. "paren-latin" is the 2020 booklet's: (a) or （ａ）.
    NumberStyle("paren-latin", (SUBITEM,), r"^\s*[(（](?P<number>[a-zａ-ｚ])[)）]\s*" + _OPTIONAL_TITLE, "latin", "({})", "(a)", first=r"[(（]"),
    NumberStyle("katakana", (SUBITEM, ITEM), r"^\s*(?P<number>[ア-ンｱ-ﾝ])[\s　]+" + _TITLE, "katakana", "{}", "ア", first=r"[ア-ンｱ-ﾝ]"),
    NumberStyle("paren-katakana", (SUBITEM,), r"^\s*[(（](?P<number>[ア-ンｱ-ﾝ])[)）]\s*" + _OPTIONAL_TITLE, "katakana", "({})", "(ア)", first=r"[(（]"),
    NumberStyle("latin-dot", (SUBITEM,), r"^\s*(?P<number>[a-zａ-ｚ])[.．][\s　]*(?P<title>[^\s.．](?:.*\S)?)\s*$", "latin", "{}.", "a.", first=r"[a-zａ-ｚ]"),
)
STYLES_BY_NAME = {style.name: style for style in STYLES}
DEFAULT_STYLES = {CHAPTER: "roman", SECTION: "arabic", ITEM: "paren-arabic", SUBITEM: "paren-latin"}


def candidates(level: str) -> list[NumberStyle]:
    return [style for style in STYLES if level in style.levels]
