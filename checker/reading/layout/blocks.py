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

from checker.reading.glyphs import is_latin, is_space
from checker.reading.layout.lines import TextLine

# Lines this far apart (in font sizes, bottom of one to top of the next) are
# still one block.
BLOCK_GAP_EM = 0.5
# Alignment tolerances, in font sizes: left edges (indents and hanging bullets
# included), centres, right edges.
LEFT_ALIGN_EM = 2.0
CENTRE_ALIGN_EM = 1.0
RIGHT_ALIGN_EM = 1.0
# A line ends at its block's right edge (it wrapped) within this many average
# character widths; a Latin line also when the next line's first word would
# not have fitted in the room left.
WRAP_SLACK_CHARS = 1.6
# Vertical-writing columns this close (font sizes) are one block.
COLUMN_GAP_EM = 1.0


@dataclass(eq=False)
class Block:
    lines: list[TextLine]
    container: int
    vertical: bool = False
    wraps: list[bool] = field(default_factory=list)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (min(l.x0 for l in self.lines), min(l.y0 for l in self.lines), max(l.x1 for l in self.lines), max(l.y1 for l in self.lines))


def build_blocks(lines: list[TextLine]) -> list[Block]:
    horizontal = [line for line in lines if not line.vertical]
    vertical = [line for line in lines if line.vertical]
    blocks = _horizontal_blocks(horizontal) + _vertical_blocks(vertical)
    for block in blocks:
        block.wraps = _wraps(block)
    return blocks


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


def _wraps(block: Block) -> list[bool]:
    """Per line: whether it runs to the block's right edge (so the next line continues it)."""
    lines = block.lines
    if block.vertical or len(lines) < 2:
        return [False] * len(lines)
    right = max(line.x1 for line in lines)
    flags = []
    for index, line in enumerate(lines):
        if index == len(lines) - 1:
            flags.append(False)
            continue
        room = right - line.x1
        characters = max(1, sum(1 for g in line.glyphs if not is_space(g.text)))
        slack = WRAP_SLACK_CHARS * line.width / characters
        flags.append(room <= slack or room < _first_word_width(lines[index + 1]))
    return flags


def _first_word_width(line: TextLine) -> float:
    """Width of the next line's first Latin word plus a space (0 when it starts in Japanese)."""
    glyphs = sorted(line.glyphs, key=lambda g: (g.x0, g.order))
    if not glyphs or not is_latin(glyphs[0].text):
        return 0.0
    end = glyphs[0].x1
    for glyph in glyphs:
        if is_space(glyph.text) or not (is_latin(glyph.text) or glyph.text in "-'.,"):
            break
        end = glyph.x1
    return end - glyphs[0].x0 + 0.25 * line.em
