"""Units of running text: what rules that read sentences look at.

``text_units`` lists these units from the tree (the bracket, date and
notation rules use them): a paragraph of the tree (``Node.paragraphs``: a
paragraph with its wrapped lines, a bullet, a note, a figure caption set over
several lines, a stretch of front matter) is a unit, as decided once by
``checker.booklet.paragraphs``; a heading line is a unit; a budget block and a
contents entry are one unit each. Running headers are copies of their heading
and are left out, so one slip is reported once; a running header that names no
heading (a ``running_header`` node: the booklet's title or chapter name printed
on every page) is read once per distinct text, for the same reason.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from checker.booklet.model import (
    DOCUMENT,
    FRONT_MATTER,
    PAGE_LABEL,
    RUNNING_HEADER,
    Document,
    Node,
    Paragraph,
    SourceLine,
)
from checker.booklet.paragraphs import PARAGRAPH_CONTENT_KINDS, make_paragraph


@dataclass(frozen=True)
class TextUnit:
    """A stretch of running text: its lines, each stripped, joined as a
    paragraph's are (``checker.booklet.paragraphs.make_paragraph``: directly
    in Japanese, one space between two Latin words)."""

    text: str
    lines: tuple[SourceLine, ...]
    starts: tuple[int, ...]  # offset in ``text`` where each line begins
    kind: str  # the kind of the node the unit starts with
    node: Node | None = None

    def line_at(self, offset: int) -> SourceLine:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[max(index, 0)]

    def excerpt(self, start: int, end: int, margin: int = 12) -> str:
        """The text around [start, end) on one line, with … where cut."""
        left = max(0, start - margin)
        right = min(len(self.text), end + margin)
        prefix = "…" if left > 0 else ""
        suffix = "…" if right < len(self.text) else ""
        return prefix + self.text[left:right] + suffix


def paragraph_unit(paragraph: Paragraph, node: Node | None) -> TextUnit:
    """A paragraph of the tree as a unit: its text and line offsets as they are."""
    first = paragraph.nodes[0] if paragraph.nodes else node
    return TextUnit(paragraph.text, paragraph.lines, paragraph.starts, paragraph.kind, first)


def text_units(document: Document) -> list[TextUnit]:
    """The units of running text of a document, in reading order."""
    units: list[TextUnit] = []
    running_headers_read: set[str] = set()
    for node in document.root.walk():
        units.extend(paragraph_unit(paragraph, node) for paragraph in node.paragraphs)
        if node.kind in PARAGRAPH_CONTENT_KINDS or node.kind in (DOCUMENT, FRONT_MATTER, PAGE_LABEL):
            continue  # in a paragraph of its parent, or its own paragraphs, or no text
        lines = [line for line in node.lines if line.text.strip()]
        if node.kind == RUNNING_HEADER:
            # The same words on every page: read once, so a slip in them is one
            # finding; a copy that differs is another text and is read too.
            lines = [line for line in lines if line.text.strip() not in running_headers_read]
            running_headers_read.update(line.text.strip() for line in lines)
        if lines:
            units.append(paragraph_unit(make_paragraph(node.kind, lines, ()), node))
    units.sort(key=lambda unit: unit.lines[0].number)
    return units
