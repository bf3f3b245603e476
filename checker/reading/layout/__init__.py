"""Page layout from glyphs: lines, blocks, reading order and tables, decided
from the glyphs' positions and the boxes drawn around them.

Why our own layout and not pdfminer's (``LAParams``): measured on LibreOffice
exports of a Japanese slide deck and a Word document, pdfminer's text boxes
(1) invent a space wherever the gap between glyphs exceeds ``word_margin``
(0.1 of a glyph width), and LibreOffice's autospace leaves 0.24-0.26 em
between Japanese and Latin or digits, so ``（1）`` reads ``（ 1 ）`` and a
``5テラビット`` label reads ``5 テラビット``; (2) it never looks inside Form
XObjects (``LTFigure``), so grouped shapes and pasted diagrams lose their
text; (3) it orders boxes by one global ``boxes_flow`` score, which reads two
side-by-side panels across; (4) it ignores the drawn borders that group a
budget box or a table cell, and puts each cell on a line of its own. Taking
the glyphs (``laparams=None``) and assembling lines, blocks and order here
fixes each of these from measurements, costs less time than pdfminer's own
analysis, and lets every glyph be accounted for: each one lands in a line or
is reported as unplaced.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from checker.reading.glyphs import Box, Glyph, Rule, is_latin, is_space
from checker.reading.layout.blocks import Block, assign_wraps, build_blocks
from checker.reading.layout.boxes import assign_containers, box_parents, usable_boxes
from checker.reading.layout.lines import build_lines
from checker.reading.layout.order import PageOrder
from checker.reading.layout.turn import page_turn, turn_upright

# At most this many unplaced glyphs are described per page (all are counted).
MAX_UNPLACED_DESCRIBED = 20


class LaidLine(NamedTuple):
    """One line of a page in reading order, as plain (picklable) data."""

    text: str
    bbox: tuple[float, float, float, float]
    size: float
    block: int  # page-local block number; a table row is a block of its own
    wraps: bool  # runs to its block's right edge, and the block goes on


class PageLayout(NamedTuple):
    width: float
    height: float
    lines: list[LaidLine]
    chars_total: int
    chars_placed: int
    unplaced: list[str]
    # The quarter turn (degrees) applied to the page as pdfminer gives it (its /Rotate applied) to set its
    # text upright: the line boxes, width and height are in that upright frame (turn.displayed_point undoes it).
    turn: int = 0


def lay_out_page(glyphs: list[Glyph], boxes: list[Box], rules: list[Rule], width: float, height: float) -> PageLayout:
    """One page laid out; boxes in the result are in the page's reading orientation
    (a page whose text runs sideways is turned upright first, its size swapped)."""
    turn = page_turn(glyphs)
    glyphs, boxes, rules, width, height = turn_upright(glyphs, boxes, rules, width, height, turn)
    on_page, unplaced = _on_page(glyphs, width, height)
    kept_boxes = assign_containers(on_page, usable_boxes(boxes, rules, width, height))
    blocks = build_blocks(build_lines(on_page))
    assign_wraps(blocks, kept_boxes, width)
    order = PageOrder(blocks, kept_boxes, box_parents(kept_boxes)).ordered()
    lines: list[LaidLine] = []
    placed = 0
    for number, item in enumerate(order):
        if item.block is not None:
            placed += sum(line.placed for line in item.block.lines)
            lines.extend(_block_lines(item.block, number))
        else:
            cells = [block for cell in item.row for block in cell]
            placed += sum(line.placed for block in cells for line in block.lines)
            row = _table_row(item.row, number)
            if row is not None:
                lines.append(row)
    descriptions = [_describe(glyph) for glyph in unplaced[:MAX_UNPLACED_DESCRIBED]]
    return PageLayout(width, height, lines, len(glyphs), placed, descriptions, turn)


def _on_page(glyphs: list[Glyph], width: float, height: float) -> tuple[list[Glyph], list[Glyph]]:
    """Glyphs a viewer shows, and those outside the page (or without a place)."""
    inside, outside = [], []
    right, top = width + 1, height + 1
    for glyph in glyphs:
        x0, y0, x1, y1 = glyph.x0, glyph.y0, glyph.x1, glyph.y1
        # A coordinate that is not finite (inf, NaN) makes the centre infinite
        # or NaN, which fails these comparisons: no separate finiteness test.
        if -1 <= (x0 + x1) / 2 <= right and -1 <= (y0 + y1) / 2 <= top:
            inside.append(glyph)
        else:
            outside.append(glyph)
    return inside, outside


def _describe(glyph: Glyph) -> str:
    return f"{glyph.text!r} outside the page at ({glyph.x0:.0f}, {glyph.y0:.0f})"


def _block_lines(block: Block, number: int) -> list[LaidLine]:
    result = []
    for line, wraps in zip(block.lines, block.wraps):
        if line.text.strip():
            bbox = (round(line.x0, 2), round(line.y0, 2), round(line.x1, 2), round(line.y1, 2))
            result.append(LaidLine(line.text, bbox, line.size, number, wraps))
    return result


def _table_row(cells: list[list[Block]], number: int) -> LaidLine | None:
    """A table row as one line, its cells joined by a tab (as a text layer has them)."""
    texts = [_cell_text(blocks) for blocks in cells]
    lines = [line for blocks in cells for block in blocks for line in block.lines]
    if not lines or not any(text.strip() for text in texts):
        return None
    bbox = (round(min(l.x0 for l in lines), 2), round(min(l.y0 for l in lines), 2), round(max(l.x1 for l in lines), 2), round(max(l.y1 for l in lines), 2))
    return LaidLine("\t".join(texts), bbox, max(l.size for l in lines), number, False)


def _cell_text(blocks: list[Block]) -> str:
    """A cell's lines joined: with a space between Latin words, else directly."""
    text = ""
    for block in blocks:
        for line in block.lines:
            part = line.text.strip()
            if not part:
                continue
            if text and is_latin(text[-1]) and is_latin(part[0]):
                text += " "
            text += part
    return text


__all__ = ["LaidLine", "PageLayout", "lay_out_page", "is_space"]
