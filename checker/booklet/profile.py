"""The document profile: every heading and budget pattern of a booklet family.

The defaults describe 総務省重点施策 booklets. A booklet numbered differently
is a different profile (``[tool.checker.booklet.profile]`` in the configuration), not a
fork of the parser.
"""

from __future__ import annotations

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

    def compiled(self, name: str) -> regex.Pattern:
        return _compile(getattr(self, name))

    def with_overrides(self, overrides: dict) -> Profile:
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            from checker.errors import UsageError

            raise UsageError(f"unknown profile setting(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        for key, value in overrides.items():
            if isinstance(getattr(self, key), str):
                try:
                    regex.compile(value)
                except regex.error as error:
                    from checker.errors import UsageError

                    raise UsageError(f"profile pattern {key!r} is not a valid regular expression: {error}") from None
        return replace(self, **overrides)

    def chapter_number(self, numeral: str) -> int | None:
        value = int(numeral) if numeral.isdigit() else roman_to_int(numeral)
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
