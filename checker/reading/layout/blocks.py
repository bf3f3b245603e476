"""Lines to blocks: the lines one text frame or paragraph group holds.

A line joins the block of the nearest line above it in the same box when the
gap between them is small for their font size and the two are aligned (left
edges, centres or right edges), and no other line at its height claims the
same line above (two columns under one heading stay apart). Measured: wrapped
lines of a LibreOffice or reportlab paragraph stand 0.2 em apart; reportlab's
paragraphs 0.75 em; PowerPoint paragraphs of one frame as close as its wraps,
which is why joining a block's lines is left to the booklet layer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.reading.glyphs import is_space, is_wide
from checker.reading.layout.lines import TextLine

# Lines this far apart (in font sizes, bottom of one to top of the next) are
# still one block.
BLOCK_GAP_EM = 0.5
# Alignment tolerances, in font sizes: left edges (indents and hanging bullets
# included), centres, right edges.
LEFT_ALIGN_EM = 2.0
CENTRE_ALIGN_EM = 1.0
RIGHT_ALIGN_EM = 1.0
# A line wrapped when the room left at its frame's right edge is less than
# what the next line starts with (its first unbreakable unit), give or take this (em).
WRAP_TOLERANCE_EM = 0.15
# ... and when the frame's edge is only the page's text area (insets unknown).
PAGE_EDGE_TOLERANCE_EM = 0.6
# Lines that end within this (em) of the rightmost show a frame's right edge.
CORROBORATE_EM = 1.0
# 禁則: characters that may not start a line, and that may not end one.
NO_LINE_START = set("、。，．・：；？！゛゜ヽヾゝゞ々ー－）］｝」』】〕〉》〙〗〟’”｠»…‥ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
HANGING = set("、。，．,.")
NO_LINE_END = set("（［｛「『【〔〈《〘〖〝‘“｟«")
# A gap this much wider (font sizes) than a block's usual line gap is space
# between paragraphs (LibreOffice: 0.2 em of wrap gap, 0.4 em with spacing).
PARAGRAPH_SPACING_EM = 0.1
# Vertical-writing columns this close (font sizes) are one block: vertical
# text is set at a pitch of 1.5 to 2.5 em (a gap of up to 1.5 em).
COLUMN_GAP_EM = 1.5


@dataclass(eq=False)
class Block:
    lines: list[TextLine]
    container: int
    vertical: bool = False
    wraps: list[bool] = field(default_factory=list)  # set by assign_wraps

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(l.x0 for l in self.lines), min(l.y0 for l in self.lines), max(l.x1 for l in self.lines), max(l.y1 for l in self.lines))


def build_blocks(lines: list[TextLine]) -> list[Block]:
    horizontal = [line for line in lines if not line.vertical]
    vertical = [line for line in lines if line.vertical]
    return _horizontal_blocks(horizontal) + _vertical_blocks(vertical)


def _aligned(upper: TextLine, lower: TextLine, em: float) -> bool:
    return (
        abs(upper.x0 - lower.x0) <= LEFT_ALIGN_EM * em
        or abs((upper.x0 + upper.x1) - (lower.x0 + lower.x1)) / 2 <= CENTRE_ALIGN_EM * em
        or abs(upper.x1 - lower.x1) <= RIGHT_ALIGN_EM * em
    )


def _horizontal_blocks(lines: list[TextLine]) -> list[Block]:
    ordered = sorted(lines, key=lambda l: (-l.y1, l.x0))
    above: dict[int, TextLine] = {}
    claims: dict[int, list[TextLine]] = {}
    for position, line in enumerate(ordered):
        nearest, nearest_gap = None, None
        for candidate in reversed(ordered[:position]):
            gap = candidate.y0 - line.y1
            em = max(candidate.em, line.em)
            if gap > BLOCK_GAP_EM * em * 4:
                break  # sorted by top: everything further up is further away
            if candidate.container != line.container or min(candidate.x1, line.x1) <= max(candidate.x0, line.x0):
                continue
            if gap < -0.3 * em or candidate.y1 <= line.y1:
                continue
            if nearest_gap is None or gap < nearest_gap:
                nearest, nearest_gap = candidate, gap
        if nearest is not None and nearest_gap <= BLOCK_GAP_EM * max(nearest.em, line.em) and _aligned(nearest, line, max(nearest.em, line.em)):
            above[id(line)] = nearest
            claims.setdefault(id(nearest), []).append(line)
    blocks: list[Block] = []
    block_of: dict[int, Block] = {}
    for line in ordered:
        upper = above.get(id(line))
        if upper is not None and len(claims[id(upper)]) == 1:
            block = block_of[id(upper)]
            block.lines.append(line)
        else:
            block = Block([line], line.container)
            blocks.append(block)
        block_of[id(line)] = block
    return blocks


def _vertical_blocks(lines: list[TextLine]) -> list[Block]:
    """Columns of vertical writing side by side are one block, read right to left."""
    blocks: list[Block] = []
    for line in sorted(lines, key=lambda l: -l.x1):
        home = None
        for block in blocks:
            last = block.lines[-1]
            if block.container == line.container and 0 <= last.x0 - line.x1 <= COLUMN_GAP_EM * max(last.em, line.em) and min(last.y1, line.y1) > max(last.y0, line.y0):
                home = block
                break
        if home is None:
            blocks.append(Block([line], line.container, vertical=True))
        else:
            home.lines.append(line)
    return blocks


def assign_wraps(blocks: list[Block], boxes: list, page_width: float) -> None:
    """Per line of each block: whether it runs to the right edge of its text
    frame and the next line continues it (a wrap, not the author's break).

    The frame's right edge is the inside of the box holding the block (the
    inset taken as on the left), or, for text on the page itself, the right
    end of the lines that start where the block starts (one column of frames).
    A gap before the next line wider than the block's usual line gap is a
    paragraph's spacing: no wrap there.
    """
    columns = _column_edges(blocks)
    page_lines = [line for block in blocks if not block.vertical for line in block.lines]
    text_area_right = page_width - min((line.x0 for line in page_lines), default=0.0)
    for block in blocks:
        block.wraps = _wraps(block, *_frame_right(block, boxes, columns, text_area_right))


def _column_edges(blocks: list[Block]) -> list[tuple[int, float, list[float]]]:
    """(container, left edge, right ends of its lines) of each horizontal block."""
    return [(b.container, b.bbox[0], [_body_end(line) for line in b.lines]) for b in blocks if not b.vertical]


def _body_end(line: TextLine) -> float:
    """Where the line ends, punctuation hanging past the frame (ぶら下げ) left out."""
    glyphs = sorted(line.glyphs, key=lambda g: (g.x1, g.order))
    while len(glyphs) > 1 and (glyphs[-1].text in HANGING or is_space(glyphs[-1].text)):
        glyphs.pop()
    return glyphs[-1].x1 if glyphs else line.x1


def _frame_right(block: Block, boxes: list, columns: list, text_area_right: float) -> tuple[float, float]:
    """Where the block's text frame ends on the right, and how sure that is (a
    tolerance in em for the wrap test).

    In a box: the box's inside (its inset taken as on the left). On the page:
    the block's own right end when another line of the column of frames that
    start where it starts ends there too; else the right edge of the page's
    text area (a right margin as wide as the left one), less sure, since one
    long line alone does not show where its frame ends.
    """
    x0, _, x1, _ = block.bbox
    if block.container >= 0:
        box = boxes[block.container]
        return max(x1, box.x1 - max(0.0, x0 - box.x0)), WRAP_TOLERANCE_EM
    em = block.lines[0].em
    ends = [end for container, left, line_ends in columns if container == -1 and abs(left - x0) <= LEFT_ALIGN_EM * em for end in line_ends]
    own = max(_body_end(line) for line in block.lines)
    if sum(1 for end in ends if abs(end - own) <= CORROBORATE_EM * em) >= 2:
        return max(ends_near(ends, own, CORROBORATE_EM * em)), WRAP_TOLERANCE_EM
    return max(text_area_right, x1), PAGE_EDGE_TOLERANCE_EM


def ends_near(ends: list[float], end: float, distance: float) -> list[float]:
    return [other for other in ends if abs(other - end) <= distance]


def _wraps(block: Block, right: float, tolerance: float) -> list[bool]:
    lines = block.lines
    if block.vertical or len(lines) < 2:
        return [False] * len(lines)
    gaps = [upper.y0 - lower.y1 for upper, lower in zip(lines, lines[1:])]
    usual_gap = min(gaps)
    flags = []
    for index, line in enumerate(lines[:-1]):
        room = right - line.x1  # punctuation hanging past the edge makes it negative
        at_edge = room < _first_unit_width(lines[index + 1]) + tolerance * line.em
        spaced = gaps[index] > usual_gap + PARAGRAPH_SPACING_EM * line.em
        flags.append(at_edge and not spaced)
    return flags + [False]


def _first_unit_width(line: TextLine) -> float:
    """Width of what the next line starts with that no line break could have split:
    up to the first Japanese glyph allowed to start a line (禁則: not a closing
    bracket, small kana, prolonged sound mark or leader), or to the first space;
    a Latin word or number is never split from what precedes it."""
    glyphs = sorted(line.glyphs, key=lambda g: (g.x0, g.order))
    while glyphs and is_space(glyphs[0].text):
        glyphs = glyphs[1:]
    if not glyphs:
        return 0.0
    end = glyphs[0].x1
    for previous, glyph in zip(glyphs, glyphs[1:]):
        if is_space(glyph.text):
            break
        may_start = is_wide(glyph.text) and glyph.text not in NO_LINE_START and previous.text not in NO_LINE_END
        if may_start:
            break
        end = max(end, glyph.x1)
    return end - glyphs[0].x0
