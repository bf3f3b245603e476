"""The document profile: every heading and budget pattern of a booklet family.

The defaults describe 総務省重点施策 booklets. A booklet numbered differently
is a different profile (``[tool.checker.profile]`` in the configuration), not a
fork of the parser.
"""

from __future__ import annotations

import unicodedata
from checker.i18n import msg

from dataclasses import dataclass, fields, replace

import regex

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
ROMAN_SINGLE = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6, "Ⅶ": 7, "Ⅷ": 8, "Ⅸ": 9, "Ⅹ": 10}


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


ROMAN_PRINTED = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
KATAKANA_ORDER = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"


def _arabic_value(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _roman_value(text: str) -> int | None:
    return int(text) if text.isdigit() else roman_to_int(text)


def _latin_value(text: str) -> int | None:
    if len(text) == 1 and "a" <= text.lower() <= "z":
        return ord(text.lower()) - ord("a") + 1
    return None


def _katakana_value(text: str) -> int | None:
    return KATAKANA_ORDER.index(text) + 1 if len(text) == 1 and text in KATAKANA_ORDER else None


def _roman_printed(value: int) -> str:
    return ROMAN_PRINTED[value - 1] if 1 <= value <= len(ROMAN_PRINTED) else str(value)


def _latin_printed(value: int) -> str | None:
    return chr(ord("a") + value - 1) if 1 <= value <= 26 else None


def _katakana_printed(value: int) -> str | None:
    return KATAKANA_ORDER[value - 1] if 1 <= value <= len(KATAKANA_ORDER) else None


# How a numbering style values a printed number (width-folded) and prints a
# value; a printer that returns None cannot print that value (shown as #n).
NUMBERING_STYLES = {
    "arabic": (_arabic_value, str),
    "roman": (_roman_value, _roman_printed),
    "latin": (_latin_value, _latin_printed),
    "katakana": (_katakana_value, _katakana_printed),
}
# Heading levels that are numbered, as the tree's node kinds name them.
NUMBERED_LEVELS = ("chapter", "section", "item", "subitem")


@dataclass(frozen=True)
class Profile:
    """Patterns and limits of one booklet family. All patterns are `regex` syntax.

    The default patterns run in linear time on a line of any length: titles end
    at a non-space (no lazy match before trailing white space), and runs of
    leader dots are possessive and may not start inside another run.
    """

    # A chapter heading: Roman numeral (ASCII or Ⅰ–Ⅹ), space, title.
    chapter: str = r"^\s*(?P<number>[IVX]{1,4}|[Ⅰ-Ⅹ])[\s　]+(?P<title>\S(?:.*\S)?)\s*$"
    max_chapter: int = 5
    # A section heading (also the running header): 1–2 digits, space, title.
    section: str = r"^\s*(?P<number>\d{1,2})[ 　]+(?P<title>[^\s/／](?:.*\S)?)\s*$"
    max_section: int = 20
    # Items (1) and sub-items (a), half- or full-width brackets.
    item: str = r"^\s*[(（](?P<number>\d{1,2})[)）]\s*(?P<title>(?:\S(?:.*\S)?)?)\s*$"
    subitem: str = r"^\s*[(（](?P<number>[a-zａ-ｚ])[)）]\s*(?P<title>(?:\S(?:.*\S)?)?)\s*$"
    bullet: str = r"^\s*(?:[-－]\s*[・･]?|[・･•●○◆■])\s*"
    note: str = r"^\s*(?:\*\*)?※"
    # The start of a budget block; group "kind" keeps the bracket's words.
    budget_marker: str = r"^\s*(?:\*\*)?[【\[［]\s*(?P<kind>予算[^】\]］]{0,12})\s*[】\]］]"
    toc_marker: str = r"目\s*次"
    # A TOC entry's leader and page number at the end of its last line.
    toc_leader: str = r"^(?P<title>.*?)(?<!\s)\s*+(?<![…‥・.．･])[…‥・.．･]{2,}+\s*+(?P<page>\d{1,4})\s*$"
    # A line that is only a printed page number (footer or header).
    page_number: str = r"^[\s\-－–—‐]*(?P<page>\d{1,4})[\s\-－–—‐]*$"
    # How many lines a TOC entry's title may wrap over before the TOC is over.
    toc_max_wrap: int = 3
    # How each level's numbers are valued and printed: a style of
    # NUMBERING_STYLES, and a template the printed number fills ({} is the number).
    chapter_numbering: str = "roman"
    chapter_printed: str = "{}"
    section_numbering: str = "arabic"
    section_printed: str = "{}"
    item_numbering: str = "arabic"
    item_printed: str = "({})"
    subitem_numbering: str = "latin"
    subitem_printed: str = "({})"

    def number_value(self, level: str, number: str | None) -> int | None:
        """The position a printed number stands for: (3) → 3, (c) → 3, Ⅲ → 3."""
        if number is None or level not in NUMBERED_LEVELS:
            return None
        value_of, _ = NUMBERING_STYLES[getattr(self, f"{level}_numbering")]
        return value_of(unicodedata.normalize("NFKC", number).strip())

    def printed_number(self, level: str, value: int) -> str:
        """How the number ``value`` of ``level`` is printed: (3), (c), III, 12."""
        if level not in NUMBERED_LEVELS:
            return str(value)
        _, printer = NUMBERING_STYLES[getattr(self, f"{level}_numbering")]
        shown = printer(value)
        return getattr(self, f"{level}_printed").format(shown if shown is not None else f"#{value}")

    def compiled(self, name: str) -> regex.Pattern:
        return _compile(getattr(self, name))

    def with_overrides(self, overrides: dict) -> Profile:
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            from checker.errors import UsageError

            raise UsageError(msg("unknown profile setting(s): {unknown}; known: {known}", unknown=', '.join(unknown), known=', '.join(sorted(known))))
        for key, value in overrides.items():
            if key.endswith("_numbering"):
                if value not in NUMBERING_STYLES:
                    from checker.errors import UsageError

                    raise UsageError(f"profile setting {key}: {value!r} is not a numbering style; known: {', '.join(NUMBERING_STYLES)}")
                continue
            if key.endswith("_printed"):
                if not isinstance(value, str) or value.count("{}") != 1:
                    from checker.errors import UsageError

                    raise UsageError(f"profile setting {key}: {value!r} must contain {{}} once, where the number goes")
                continue
            if isinstance(getattr(self, key), str):
                try:
                    regex.compile(value)
                except regex.error as error:
                    from checker.errors import UsageError

                    raise UsageError(msg("profile pattern {key!r} is not a valid regular expression: {error}", key=key, error=error)) from None
        return replace(self, **overrides)

    def chapter_number(self, numeral: str) -> int | None:
        """A chapter heading's number within ``max_chapter``; None if it is none."""
        value = self.number_value("chapter", numeral)
        if value is None or not 1 <= value <= self.max_chapter:
            return None
        return value


_CACHE: dict[str, regex.Pattern] = {}


def _compile(pattern: str) -> regex.Pattern:
    compiled = _CACHE.get(pattern)
    if compiled is None:
        compiled = _CACHE[pattern] = regex.compile(pattern)
    return compiled


DEFAULT_PROFILE = Profile()
