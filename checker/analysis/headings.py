"""Headings that continue one another across pages.

A continuation page repeats its item's number and title; a title nearly the
same under the same number is that item with a slip in its header (HDR003),
not a second item (NUM001). Both families ask the same question here.

Every copy of a chapter or section title (its heading line, each page's
running header, its contents entry) votes for the title's form; the copy
that is the odd one out is the slip: HDR001 reports a page, TOC002 the
contents, never both for one slip.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from checker.analysis.contents import TocMatch
from checker.booklet.model import Node, SourceLine
from checker.booklet.text import normalize, normalize_title

# Title similarity (0–100) from which two headings with one number are one heading.
DEFAULT_SIMILARITY = 80.0


def is_continuation_variant(earlier: Node, later: Node, threshold: float = DEFAULT_SIMILARITY) -> bool:
    """Same number, title nearly the same: a continuation header with a slip."""
    if earlier.number != later.number:
        return False
    return fuzz.ratio(normalize_title(earlier.title), normalize_title(later.title)) >= threshold


def neighbouring_variants(node: Node, siblings: list[Node], threshold: float = DEFAULT_SIMILARITY) -> list[Node]:
    """The siblings just before and after ``node`` whose titles are nearly its own, not the same.

    Neighbouring topics so named are one topic whose header has a slip on a
    page (HDR002); the contents list the topic once.
    """
    index = next(position for position, sibling in enumerate(siblings) if sibling is node)
    neighbours = siblings[max(index - 1, 0):index] + siblings[index + 1:index + 2]
    title = normalize_title(node.title)
    return [other for other in neighbours
            if normalize(other.title) != normalize(node.title) and fuzz.ratio(title, normalize_title(other.title)) >= threshold]


def first_of_variants(node: Node, siblings: list[Node], threshold: float = DEFAULT_SIMILARITY) -> Node:
    """The first page of a topic whose earlier pages print its header with a slip.

    Walks back over the neighbours just before ``node`` that are its
    ``neighbouring_variants``: where the topic begins for its contents entry.
    """
    first = node
    while True:
        index = next((position for position, sibling in enumerate(siblings) if sibling is first), 0)
        before = siblings[index - 1] if index > 0 else None
        if before is None or not any(other is before for other in neighbouring_variants(first, siblings, threshold)):
            return first
        first = before


@dataclass(frozen=True)
class TitleCopy:
    """One printed copy of a heading's title: on a page, or in the contents."""

    title: str
    line: SourceLine | None
    in_contents: bool = False

    @property
    def form(self) -> str:
        return normalize(self.title)


def title_copies(toc_matches: list[TocMatch], node: Node) -> list[TitleCopy]:
    """The heading line, every running header, then the contents entry."""
    copies = []
    if node.lines:
        copies.append(TitleCopy(node.title, node.first_line))
    copies += [TitleCopy(header.title, header.first_line) for header in node.headers]
    for match in toc_matches:
        if match.node is node and match.entry.level == node.kind:
            copies.append(TitleCopy(match.entry.title, match.entry.lines[0], in_contents=True))
            break
    return copies


def reference_form(copies: list[TitleCopy]) -> str:
    """The form most copies share; on a tie, the contents' form, else the first."""
    counts = Counter(copy.form for copy in copies)
    top = max(counts.values())
    leaders = [form for form, count in counts.items() if count == top]
    if len(leaders) == 1:
        return leaders[0]
    in_contents = [copy.form for copy in copies if copy.in_contents and copy.form in leaders]
    if in_contents:
        return in_contents[0]
    return next(copy.form for copy in copies if copy.form in leaders)
