"""What a line of a booklet starts: a heading, marker, bullet or note.

The profile's (user-configurable) patterns, compiled once and shared by the
contents reader, the body builder and the budget grammar, so each decides the
same way whether a line begins something new.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.booklet.model import CHAPTER, SECTION
from checker.booklet.profile import Profile

# A line ending a sentence is prose, never a heading or a budget name.
SENTENCE_END = ("。", "．")
# No heading, marker or contents entry is longer than this; longer lines are
# prose and are not offered to the (user-configurable) heading patterns, which
# keeps a hostile 10 MB line from costing more than one linear scan.
MAX_STRUCTURE_CHARS = 2000


@dataclass
class Heading:
    kind: str
    number: str
    title: str


class LinePatterns:
    """The profile's line patterns and the heading tests built on them."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.chapter_re = profile.compiled("chapter")
        self.section_re = profile.compiled("section")
        self.item_re = profile.compiled("item")
        self.subitem_re = profile.compiled("subitem")
        self.bullet_re = profile.compiled("bullet")
        self.note_re = profile.compiled("note")
        self.budget_re = profile.compiled("budget_marker")
        self.toc_marker_re = profile.compiled("toc_marker")
        self.toc_leader_re = profile.compiled("toc_leader")

    def match_chapter(self, text: str) -> Heading | None:
        if len(text) > MAX_STRUCTURE_CHARS:
            return None
        match = self.chapter_re.match(text)
        if not match or self.profile.chapter_number(match["number"]) is None:
            return None
        if self.toc_leader_re.match(text):
            return None
        return Heading(CHAPTER, match["number"], match["title"])

    def match_section(self, text: str) -> Heading | None:
        if len(text) > MAX_STRUCTURE_CHARS:
            return None
        match = self.section_re.match(text)
        if not match or self.profile.section_number(match["number"]) is None:
            return None
        title = match["title"]
        if title.endswith(SENTENCE_END) or len(title) > 60 or self.toc_leader_re.match(text):
            return None
        return Heading(SECTION, match["number"], title)

    def is_structural(self, text: str) -> bool:
        """A line that starts something else: a heading, marker, bullet or note."""
        if len(text) > MAX_STRUCTURE_CHARS:
            return bool(self.budget_re.match(text) or self.note_re.match(text) or self.bullet_re.match(text))
        return bool(
            self.budget_re.match(text)
            or self.item_re.match(text)
            or self.subitem_re.match(text)
            or self.note_re.match(text)
            or self.bullet_re.match(text)
            or self.match_section(text)
            or self.match_chapter(text)
        )
