"""Glyphs to lines: rows of upright glyphs, columns of vertical writing, runs of
turned glyphs; the line's text with the spaces the page shows and no others.

Measured on LibreOffice exports (IPA fonts, 10-24 pt): glyphs of one row
overlap vertically by their full height, rows of one paragraph by none; the
gap LibreOffice leaves between Japanese and Latin or digits (its autospace)
is 0.24-0.26 em and a real space is a glyph of its own, often emitted out of
stream order (so glyphs are ordered by position, not by stream). A Latin word
gap without a space glyph is at least a quarter em; side-by-side panels and
table cells stand further apart than one em, or in different boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.reading.glyphs import HORIZONTAL, ROTATED, VERTICAL, Glyph, is_latin, is_space, is_wide

# A gap wider than this many font sizes ends a row fragment (a column, a cell).
FRAGMENT_GAP_EM = 1.0
# Two glyphs share a row when they overlap vertically by this share of the smaller.
SAME_ROW_SHARE = 0.5
# Gaps (in font sizes) that stand for a space the page shows without a glyph.
LATIN_WORD_GAP_EM = 0.25  # between two Latin letters or digits
SCRIPT_BOUNDARY_GAP_EM = 0.5  # between Japanese and Latin/digits: autospace is ~0.25
# A glyph drawn again within this distance (same text) is a fake-bold double.
DOUBLE_STRIKE_EM = 0.15
# Stacked single glyphs form a column of vertical text when their centres are
# this close horizontally and their gap vertically is at most this (font sizes).
STACK_CENTRE_EM = 0.25
STACK_GAP_EM = 0.5


@dataclass(eq=False)
class TextLine:
    """A row (or column) of glyphs that reads as one line."""

    glyphs: list[Glyph]
    container: int
    vertical: bool = False
    text: str = ""
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0
    size: float = 0.0
    placed: int = 0  # glyphs this line accounts for (doubles included)
    core: tuple[float, float] = field(default=(0.0, 0.0))  # y range of its largest glyph

    def finish(self) -> None:
        self.x0 = min(g.x0 for g in self.glyphs)
        self.x1 = max(g.x1 for g in self.glyphs)
        self.y0 = min(g.y0 for g in self.glyphs)
        self.y1 = max(g.y1 for g in self.glyphs)
        self.size = _typical_size(self.glyphs)
        self.placed = len(self.glyphs)
        self.text = _vertical_text(self.glyphs) if self.vertical else _row_text(self.glyphs)

    @property
    def em(self) -> float:
        return max(self.size, 1.0)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def _typical_size(glyphs: list[Glyph]) -> float:
    """The size most of the line's visible glyphs are drawn at."""
    counts: dict[float, int] = {}
    for glyph in glyphs:
        if not is_space(glyph.text):
            key = round(glyph.size, 1)
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return round(max(g.size for g in glyphs), 1)
    return max(counts, key=lambda size: (counts[size], size))


def build_lines(glyphs: list[Glyph]) -> list[TextLine]:
    """Every glyph lands in exactly one line."""
    lines = _rows([g for g in glyphs if g.axis == HORIZONTAL])
    lines = _stack_single_glyphs(lines)
    lines += _vertical_columns([g for g in glyphs if g.axis == VERTICAL])
    lines += _turned_runs([g for g in glyphs if g.axis == ROTATED])
    for line in lines:
        if not line.text:
            line.finish()
    return lines


def _rows(glyphs: list[Glyph]) -> list[TextLine]:
    """Sweep left to right; a glyph joins the open row it overlaps most."""
    done: list[TextLine] = []
    open_rows: list[TextLine] = []
    for glyph in sorted(glyphs, key=lambda g: (g.x0, g.order)):
        best, best_share = None, 0.0
        still_open = []
        for row in open_rows:
            reach = row.x1 + FRAGMENT_GAP_EM * max(row.size, glyph.em)
            if glyph.x0 > reach:
                done.append(row)
                continue
            still_open.append(row)
            if row.container != glyph.container:
                continue
            overlap = min(row.core[1], glyph.y1) - max(row.core[0], glyph.y0)
            share = overlap / max(min(row.core[1] - row.core[0], glyph.height), 0.01)
            if share >= SAME_ROW_SHARE and share > best_share:
                best, best_share = row, share
        open_rows = still_open
        if best is None:
            row = TextLine([glyph], glyph.container, x1=glyph.x1, size=glyph.em, core=(glyph.y0, glyph.y1))
            open_rows.append(row)
        else:
            best.glyphs.append(glyph)
            best.x1 = max(best.x1, glyph.x1)
            if glyph.size > best.size and not is_space(glyph.text):
                best.size, best.core = glyph.em, (glyph.y0, glyph.y1)
    return done + open_rows


def _row_text(glyphs: list[Glyph]) -> str:
    ordered = sorted(glyphs, key=lambda g: (g.x0, g.order))
    parts: list[str] = []
    previous = None
    for glyph in ordered:
        if previous is not None:
            em = max(previous.em, glyph.em)
            if glyph.text == previous.text and glyph.x1 > glyph.x0 and abs(glyph.x0 - previous.x0) < DOUBLE_STRIKE_EM * em:
                continue  # drawn twice for a bold look: one character
            if _shows_space(previous, glyph, glyph.x0 - previous.x1, em):
                parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    return "".join(parts)


def _shows_space(left: Glyph, right: Glyph, gap: float, em: float) -> bool:
    """Whether a gap without a space glyph stands for a space.

    Between two Japanese glyphs never (no word spaces; a wide gap is spacing
    for emphasis or alignment). Between Japanese and Latin or digits only a gap
    wider than a space (exporters leave a quarter em there by themselves).
    """
    if is_space(left.text) or is_space(right.text):
        return False
    left_wide, right_wide = is_wide(left.text), is_wide(right.text)
    if left_wide and right_wide:
        return False
    if left_wide or right_wide:
        return gap >= SCRIPT_BOUNDARY_GAP_EM * em
    return gap >= LATIN_WORD_GAP_EM * em


def _vertical_text(glyphs: list[Glyph]) -> str:
    return "".join(g.text for g in sorted(glyphs, key=lambda g: (-g.y1, g.order)))


def _stack_single_glyphs(lines: list[TextLine]) -> list[TextLine]:
    """Upright Japanese glyphs drawn one under another (vertical text set
    glyph by glyph) become one vertical line, read top to bottom."""
    singles = [line for line in lines if len(line.glyphs) == 1 and is_wide(line.glyphs[0].text)]
    if len(singles) < 2:
        return lines
    chains: list[list[TextLine]] = []
    for line in sorted(singles, key=lambda line: (-line.glyphs[0].y1, line.glyphs[0].x0)):
        home = next((chain for chain in chains if _stacks_under(chain[-1].glyphs[0], line.glyphs[0])), None)
        if home is None:
            chains.append([line])
        else:
            home.append(line)
    stacked = [chain for chain in chains if len(chain) >= 2]
    absorbed = {id(line) for chain in stacked for line in chain}
    columns = [TextLine([line.glyphs[0] for line in chain], chain[0].container, vertical=True) for chain in stacked]
    return [line for line in lines if id(line) not in absorbed] + columns


def _stacks_under(upper: Glyph, lower: Glyph) -> bool:
    em = max(upper.em, lower.em)
    centre_shift = abs((upper.x0 + upper.x1) / 2 - (lower.x0 + lower.x1) / 2)
    gap = upper.y0 - lower.y1
    return upper.container == lower.container and centre_shift <= STACK_CENTRE_EM * em and -0.1 * em <= gap <= STACK_GAP_EM * em


def _vertical_columns(glyphs: list[Glyph]) -> list[TextLine]:
    """Vertical-writing glyphs: a column is glyphs sharing their x range."""
    columns: list[TextLine] = []
    for glyph in sorted(glyphs, key=lambda g: (-g.y1, g.order)):
        home = None
        for column in columns:
            last = column.glyphs[-1]
            overlap = min(last.x1, glyph.x1) - max(last.x0, glyph.x0)
            if column.container == glyph.container and overlap >= SAME_ROW_SHARE * min(last.x1 - last.x0, glyph.x1 - glyph.x0) and last.y0 - glyph.y1 <= FRAGMENT_GAP_EM * glyph.em:
                home = column
                break
        if home is None:
            columns.append(TextLine([glyph], glyph.container, vertical=True))
        else:
            home.glyphs.append(glyph)
    return columns


def _turned_runs(glyphs: list[Glyph]) -> list[TextLine]:
    """Glyphs turned by the text matrix: runs in content-stream order."""
    runs: list[TextLine] = []
    for glyph in sorted(glyphs, key=lambda g: g.order):
        if runs:
            last = runs[-1].glyphs[-1]
            near = abs(glyph.x0 - last.x0) + abs(glyph.y0 - last.y0) <= 2 * max(glyph.em, last.em)
            if near and glyph.container == last.container and glyph.order == last.order + 1:
                runs[-1].glyphs.append(glyph)
                continue
        runs.append(TextLine([glyph], glyph.container))
    for run in runs:
        run.finish()
        run.text = "".join(g.text for g in run.glyphs)
    return runs
