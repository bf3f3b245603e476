"""The document profile: every heading and budget pattern of a booklet family.

The defaults describe 総務省重点施策 booklets. A booklet numbered differently
is a different profile (``[tool.checker.profile]`` in the configuration), not a
fork of the parser.
"""

from __future__ import annotations

import unicodedata
from checker.i18n import msg

from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where a pattern is compiled
    import regex
from checker.booklet.numbering_styles import (  # noqa: F401 - part of this module's interface
    CHAPTER,
    ITEM,
    KATAKANA_ORDER,
    NUMERAL_KINDS,
    ROMAN_PRINTED,
    SECTION,
    STYLES,
    SUBITEM,
    NumberStyle,
    roman_to_int,
)

# How a numbering style values a printed number (width-folded) and prints a
# value; a printer that returns None cannot print that value (shown as #n).
# The kinds and the line patterns that go with them: booklet/numbering_styles.py.
NUMBERING_STYLES = NUMERAL_KINDS
# Heading levels that are numbered, as the tree's node kinds name them.
NUMBERED_LEVELS = (CHAPTER, SECTION, ITEM, SUBITEM)
SECTION_SCOPES = ("document", "chapter")


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
    # The lookahead (a digit at the end) changes no match: it fails a line without a page
    # number at once, where the lazy title would try every position first (7x faster on
    # a booklet's lines; the parse tests every short line against this pattern).
    toc_leader: str = r"^(?=.*\d\s*$)(?P<title>.*?)(?<!\s)\s*+(?<![…‥・.．･])[…‥・.．･]{2,}+\s*+(?P<page>\d{1,4})\s*$"
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
    # "document": sections are numbered through the booklet; "chapter": from 1 again in each chapter.
    section_scope: str = "document"

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

                    raise UsageError(msg("profile setting {key}: {value!r} is not a numbering style; known: {known}",
                                         key=key, value=value, known=", ".join(NUMBERING_STYLES)))
                continue
            if key.endswith("_printed"):
                if not isinstance(value, str) or value.count("{}") != 1:
                    from checker.errors import UsageError

                    raise UsageError(msg("profile setting {key}: {value!r} must contain {{}} once, where the number goes", key=key, value=value))
                continue
            if key == "section_scope":
                if value not in SECTION_SCOPES:
                    from checker.errors import UsageError

                    raise UsageError(msg("profile setting section_scope: {value!r} is not one of {known}", value=value, known=", ".join(SECTION_SCOPES)))
                continue
            if isinstance(getattr(self, key), str):
                import regex

                try:
                    regex.compile(value)
                except regex.error as error:
                    from checker.errors import UsageError

                    raise UsageError(msg("profile pattern {key!r} is not a valid regular expression: {error}", key=key, error=error)) from None
        return replace(self, **overrides)

    def section_number(self, numeral: str) -> int | None:
        """A section heading's number within ``max_section``; None if it is none."""
        value = self.number_value(SECTION, numeral)
        if value is None or not 1 <= value <= self.max_section:
            return None
        return value

    def section_key(self, numeral: str | None, chapter_numeral: str | None) -> tuple[int, int] | None:
        """What identifies a section: its number, with its chapter's where sections restart per chapter."""
        value = self.number_value(SECTION, numeral)
        if value is None:
            return None
        if self.section_scope == "chapter":
            return (self.number_value(CHAPTER, chapter_numeral) or 0, value)
        return (0, value)

    def style(self, level: str) -> NumberStyle | None:
        """The catalogued numbering style this profile numbers ``level`` with (None: a configured pattern)."""
        pattern = getattr(self, level)
        numbering, printed = getattr(self, f"{level}_numbering"), getattr(self, f"{level}_printed")
        return next((s for s in STYLES if s.pattern == pattern and s.numeral == numbering and s.template == printed), None)

    def describe(self) -> dict:
        """What a user is told was assumed: each level's style, first number as printed, pattern."""
        levels = {}
        for level in NUMBERED_LEVELS:
            style = self.style(level)
            levels[level] = {
                "style": style.name if style is not None else "configured",
                "example": self.printed_number(level, 1),
                "numbering": getattr(self, f"{level}_numbering"),
                "printed": getattr(self, f"{level}_printed"),
                "pattern": getattr(self, level),
            }
        return {**levels, "max_chapter": self.max_chapter, "max_section": self.max_section, "section_scope": self.section_scope}

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
        # Imported here: the model imports this module, and a check answered from the
        # result cache builds no pattern (importing regex is ~8 ms of such a check).
        import regex

        compiled = _CACHE[pattern] = regex.compile(pattern)
    return compiled


DEFAULT_PROFILE = Profile()
