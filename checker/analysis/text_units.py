"""Units of running text: what rules that read sentences look at.

``text_units`` builds these units from the tree (the bracket, date and
notation rules use them): a heading line is a unit; a content node
(paragraph, bullet, note, caption) is a unit, and a paragraph or caption line
that follows on the very next source line (no blank line between) continues
it — that is a wrapped line, or a figure caption set over several lines. A
bullet or note always starts a new unit, since it starts with its own marker.
A budget block and a contents entry are one unit each. Running headers are
copies of their heading and are left out, so one slip is reported once.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from checker.booklet.model import (
    BUDGET,
    BULLET,
    CAPTION,
    FRONT_MATTER,
    HEADING_KINDS,
    NOTE,
    PAGE_LABEL,
    PARAGRAPH,
    TOC_ENTRY,
    UNCLASSIFIED,
    Document,
    Node,
    SourceLine,
)

# Lines that continue the unit above them when they follow it directly.
CONTINUING_KINDS = (PARAGRAPH, CAPTION, UNCLASSIFIED)
CONTENT_KINDS = (PARAGRAPH, BULLET, NOTE, CAPTION, UNCLASSIFIED)


@dataclass(frozen=True)
class TextUnit:
    """A stretch of running text: its lines joined without separators (a
    wrapped Japanese line continues without a space), each line stripped of
    its leading and trailing white space."""

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


def _unit(lines: list[SourceLine], kind: str, node: Node | None) -> TextUnit:
    parts, starts, offset = [], [], 0
    for line in lines:
        piece = line.text.strip()
        starts.append(offset)
        parts.append(piece)
        offset += len(piece)
    return TextUnit("".join(parts), tuple(lines), tuple(starts), kind, node)


def text_units(document: Document) -> list[TextUnit]:
    """The units of running text of a document, in reading order."""
    units: list[TextUnit] = []
    pending: list[SourceLine] = []
    pending_kind = ""
    pending_node: Node | None = None
    pending_parent: Node | None = None

    def flush() -> None:
        nonlocal pending
        if pending:
            units.append(_unit(pending, pending_kind, pending_node))
        pending = []

    def visit(node: Node, parent: Node | None) -> None:
        nonlocal pending, pending_kind, pending_node, pending_parent
        lines = [line for line in node.lines if line.text.strip()]
        if node.kind == PAGE_LABEL or not lines and node.kind != FRONT_MATTER:
            pass
        elif node.kind in CONTENT_KINDS:
            follows = (
                pending
                and node.kind in CONTINUING_KINDS
                and pending_kind in CONTENT_KINDS
                and parent is pending_parent
                and lines[0].number == pending[-1].number + 1
            )
            if not follows:
                flush()
                pending_kind, pending_node, pending_parent = node.kind, node, parent
            pending = pending + lines
        elif node.kind == FRONT_MATTER:
            flush()
            for line in lines:
                if pending and line.number == pending[-1].number + 1:
                    pending.append(line)
                else:
                    flush()
                    pending, pending_kind, pending_node, pending_parent = [line], FRONT_MATTER, node, parent
            flush()
        elif node.kind in (BUDGET, TOC_ENTRY) or node.kind in HEADING_KINDS:
            flush()
            units.append(_unit(lines, node.kind, node))
        else:
            flush()
            if lines:
                units.append(_unit(lines, node.kind, node))
        for child in node.children:
            visit(child, node)
        if node.kind in HEADING_KINDS:
            flush()

    visit(document.root, None)
    flush()
    units.sort(key=lambda unit: unit.lines[0].number)
    return units
