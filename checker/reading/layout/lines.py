"""Glyphs to lines: rows of upright glyphs, columns of vertical writing, runs of
turned glyphs; the line's text with the spaces the page shows and no others.

Measured on LibreOffice exports (IPA fonts, 10-24 pt): glyphs of one row
overlap vertically by their full height, rows of one paragraph by none; the
gap LibreOffice leaves between Japanese and Latin or digits (its autospace)
is 0.24-0.26 em and a real space is a glyph of its own, often emitted out of
stream order (so glyphs are ordered by position, not by stream). Between the
letters of a Latin word the gap is at most 0.02 em (3,125 pairs in the two
office fixtures); a word gap drawn without a space glyph (TeX, justified
text) is at least 0.22 em (TeX's interword glue at full shrink), so the
threshold sits between. Side-by-side panels and table cells stand further
apart than one em, or in different boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from checker.reading.glyphs import HORIZONTAL, ROTATED, VERTICAL, Glyph, is_latin, is_space, is_wide

# A gap wider than this many font sizes ends a row fragment (a column, a cell).
FRAGMENT_GAP_EM = 1.0
# Two glyphs share a row when they overlap vertically by this share of the smaller.
SAME_ROW_SHARE = 0.5
# Gaps (in font sizes) that stand for a space the page shows without a glyph.
LATIN_WORD_GAP_EM = 0.15  # between two Latin letters or digits
SCRIPT_BOUNDARY_GAP_EM = 0.5  # between Japanese and Latin/digits: autospace is ~0.25
# A non-ASCII glyph at least this wide (of its font size) is set full width.
FULL_WIDTH_SHARE = 0.85
# A glyph drawn again within this distance (same text) is a fake-bold double.
DOUBLE_STRIKE_EM = 0.15
# Upright glyphs set as vertical text: centres this close horizontally, touching
# vertically (gap at most this), and no glyph closer than this at their side (font sizes).
STACK_CENTRE_EM = 0.25
STACK_TOUCH_EM = 0.05
STACK_SIDE_GAP_EM = 0.15
STACK_BUCKET = 24.0
# A stream successor this close under a glyph (em; vertical punctuation sits a quarter em off) continues its column.
STREAM_DROP_EM = 0.5  # points: the neighbour index's cell (glyphs up to ~24 pt)

_BY_ORDER = attrgetter("order")
_BY_X0_THEN_ORDER = attrgetter("x0", "order")
_X0, _Y0, _X1, _Y1 = attrgetter("x0"), attrgetter("y0"), attrgetter("x1"), attrgetter("y1")


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
        glyphs = self.glyphs
        self.x0 = min(map(_X0, glyphs))
        self.x1 = max(map(_X1, glyphs))
        self.y0 = min(map(_Y0, glyphs))
        self.y1 = max(map(_Y1, glyphs))
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
    exact: dict[float, int] = {}  # rounded once per distinct size, not per glyph
    for glyph in glyphs:
        if not glyph.text.isspace():
            exact[glyph.size] = exact.get(glyph.size, 0) + 1
    counts: dict[float, int] = {}
    for size, count in exact.items():
        key = round(size, 1)
        counts[key] = counts.get(key, 0) + count
    if not counts:
        return round(max(g.size for g in glyphs), 1)
    return max(counts, key=lambda size: (counts[size], size))


def build_lines(glyphs: list[Glyph]) -> list[TextLine]:
    """Every glyph lands in exactly one line."""
    upright, columns = _split_stacked([g for g in glyphs if g.axis == HORIZONTAL])
    lines = _rows(upright) + columns
    lines += _vertical_columns([g for g in glyphs if g.axis == VERTICAL])
    lines += _turned_runs([g for g in glyphs if g.axis == ROTATED])
    for line in lines:
        if not line.text:
            line.finish()
    return lines


def _runs(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs in content-stream order cut into runs that go on rightwards on one row
    (mostly one string of the content stream each): rows are then built from runs."""
    runs: list[list[Glyph]] = []
    last = None
    for glyph in sorted(glyphs, key=_BY_ORDER):
        if last is not None and glyph.container == last.container:
            gap = glyph.x0 - last.x1
            em = glyph.em if glyph.em > last.em else last.em
            overlap = (glyph.y1 if glyph.y1 < last.y1 else last.y1) - (glyph.y0 if glyph.y0 > last.y0 else last.y0)
            smaller = glyph.height if glyph.height < last.height else last.height
            if -0.5 * em <= gap <= FRAGMENT_GAP_EM * em and glyph.x0 >= last.x0 and overlap >= SAME_ROW_SHARE * smaller:
                runs[-1].append(glyph)
                last = glyph
                continue
        runs.append([glyph])
        last = glyph
    return runs


def _rows(glyphs: list[Glyph]) -> list[TextLine]:
    """Sweep runs left to right; a run joins the open row it overlaps most.

    (The inner loop is written out with comparisons instead of min/max: it
    runs once per run and open row, the hottest loop of the layout.)
    """
    done: list[TextLine] = []
    open_rows: list[TextLine] = []
    for run in sorted(_runs(glyphs), key=lambda r: (r[0].x0, r[0].order)):
        first = run[0]
        x0, em, container = first.x0, first.em, first.container
        core = max(run, key=lambda g: g.size)
        low, high, core_height = core.y0, core.y1, core.height
        best, best_share = None, 0.0
        still_open = []
        for row in open_rows:
            if x0 > row.x1 + FRAGMENT_GAP_EM * (row.size if row.size > em else em):
                done.append(row)
                continue
            still_open.append(row)
            row_low, row_high = row.core
            if row_high <= low or row_low >= high or row.container != container:
                continue
            overlap = (row_high if row_high < high else high) - (row_low if row_low > low else low)
            smaller = row_high - row_low if row_high - row_low < core_height else core_height
            share = overlap / (smaller if smaller > 0.01 else 0.01)
            if share >= SAME_ROW_SHARE and share > best_share:
                best, best_share = row, share
        open_rows = still_open
        run_x1 = max(g.x1 for g in run)
        if best is None:
            open_rows.append(TextLine(list(run), container, x1=run_x1, size=core.em, core=(low, high)))
            continue
        best.glyphs.extend(run)
        if run_x1 > best.x1:
            best.x1 = run_x1
        if core.size > best.size and not is_space(core.text):
            best.size, best.core = core.em, (low, high)
    return done + open_rows


def _row_text(glyphs: list[Glyph]) -> str:
    """The row's glyphs left to right, a glyph drawn twice once, and a space where
    ``_shows_space`` says the gap shows one. Whether a glyph is blank or set wide
    is worked out once per glyph (each glyph is the right, then the left of a pair)."""
    parts: list[str] = []
    previous = None
    previous_blank = previous_wide = False
    for glyph in sorted(glyphs, key=_BY_X0_THEN_ORDER):
        text = glyph.text
        if previous is not None:
            em = glyph.em if glyph.em > previous.em else previous.em  # max(previous.em, glyph.em)
            if text == previous.text and glyph.x1 > glyph.x0 and abs(glyph.x0 - previous.x0) < DOUBLE_STRIKE_EM * em:
                continue  # drawn twice for a bold look: one character
        blank = text.isspace()
        wide = not blank and _set_wide(glyph)
        if previous is not None and not blank and not previous_blank:
            if _shows_space(previous_wide, wide, glyph.x0 - previous.x1, em):
                parts.append(" ")
        parts.append(text)
        previous, previous_blank, previous_wide = glyph, blank, wide
    return "".join(parts)


def _shows_space(left_wide: bool, right_wide: bool, gap: float, em: float) -> bool:
    """Whether a gap between two glyphs that are not blanks stands for a space.

    Between two Japanese glyphs never (no word spaces; a wide gap is spacing
    for emphasis or alignment). Between Japanese and Latin or digits only a gap
    wider than a space (exporters leave a quarter em there by themselves).
    """
    if left_wide and right_wide:
        return False
    if left_wide or right_wide:
        return gap >= SCRIPT_BOUNDARY_GAP_EM * em
    return gap >= LATIN_WORD_GAP_EM * em


def _set_wide(glyph: Glyph) -> bool:
    """Set as a Japanese (full-width) glyph: wide by Unicode, or a character of
    ambiguous width (…, ―, ※) drawn a full em wide by a Japanese font."""
    if is_wide(glyph.text):
        return True
    return bool(glyph.text) and not glyph.text.isascii() and glyph.x1 - glyph.x0 >= FULL_WIDTH_SHARE * glyph.em


def _vertical_text(glyphs: list[Glyph]) -> str:
    return "".join(g.text for g in sorted(glyphs, key=lambda g: (-g.y1, g.order)))


def _split_stacked(glyphs: list[Glyph]) -> tuple[list[Glyph], list[TextLine]]:
    """Upright Japanese glyphs set one under another (vertical text drawn glyph
    by glyph): columns, read top to bottom; the other glyphs are left for rows.

    The content stream says it first: a glyph followed in the stream by the
    glyph right under it, in its column, is vertical text (as in the 官報,
    where columns stand only half an em apart and vertical punctuation sits
    a quarter em off its cell). Glyphs the stream does not settle belong to a
    column when the glyph under (or over) them touches them and no glyph
    touches them from the side: horizontal text is the other way round.
    """
    in_rows, stream_below = _stream_neighbours(glyphs)
    below: dict[int, Glyph] = {}
    has_above: set[int] = set()
    for glyph in glyphs:
        under = stream_below.get(id(glyph))
        if under is not None and id(glyph) not in in_rows and id(under) not in in_rows and id(under) not in has_above:
            below[id(glyph)] = under
            has_above.add(id(under))
    index: dict[tuple[int, int, int], list[Glyph]] = {}
    wide = [g for g in glyphs if id(g) not in in_rows and g.x1 > g.x0 and is_wide(g.text)]
    for glyph in wide:
        index.setdefault(_bucket(glyph), []).append(glyph)
    for glyph in wide:
        if id(glyph) in below or _touches_side(glyph, index):
            continue
        under = _touching_below(glyph, index)
        if under is not None and id(under) not in has_above and not _touches_side(under, index):
            below[id(glyph)] = under
            has_above.add(id(under))
    columns: list[TextLine] = []
    taken: set[int] = set()
    for glyph in sorted(glyphs, key=lambda g: (-g.y1, g.order)):
        if id(glyph) in has_above or id(glyph) not in below or id(glyph) in taken:
            continue
        chain = [glyph]
        while id(chain[-1]) in below and id(below[id(chain[-1])]) not in taken:
            chain.append(below[id(chain[-1])])
            taken.add(id(chain[-2]))
        taken.update(id(g) for g in chain)
        columns.append(TextLine(chain, glyph.container, vertical=True))
    return [g for g in glyphs if id(g) not in taken], columns


def _stream_neighbours(glyphs: list[Glyph]) -> tuple[set[int], dict[int, Glyph]]:
    """From content-stream order: glyphs touched side by side by their stream
    neighbour (horizontal text), and each glyph's stream successor when that
    stands right under it in its column (vertical text)."""
    in_rows: set[int] = set()
    below: dict[int, Glyph] = {}
    ordered = sorted(glyphs, key=_BY_ORDER)
    for upper, lower in zip(ordered, ordered[1:]):
        em = upper.em
        if upper.container != lower.container or upper.text.isspace() or lower.text.isspace():
            continue
        gap = lower.x0 - upper.x1
        if -0.1 * em <= gap <= STACK_SIDE_GAP_EM * em and abs(lower.y0 - upper.y0) < 0.2 * em:
            in_rows.add(id(upper))
            in_rows.add(id(lower))
            continue
        centre_shift = abs((upper.x0 + upper.x1) / 2 - (lower.x0 + lower.x1) / 2)
        drop = upper.y0 - lower.y1
        if centre_shift <= STACK_CENTRE_EM * em and -STREAM_DROP_EM * em <= drop <= STREAM_DROP_EM * em and lower.y1 < upper.y1:
            below[id(upper)] = lower
    return in_rows, below


def _bucket(glyph: Glyph) -> tuple[int, int, int]:
    return (glyph.container, int((glyph.x0 + glyph.x1) / 2 // STACK_BUCKET), int((glyph.y0 + glyph.y1) / 2 // STACK_BUCKET))


def _near(glyph: Glyph, index: dict) -> list[Glyph]:
    container, bx, by = _bucket(glyph)
    found = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            found.extend(index.get((container, bx + dx, by + dy), ()))
    return found


def _touches_side(glyph: Glyph, index: dict) -> bool:
    em = glyph.em
    for other in _near(glyph, index):
        if other is glyph:
            continue
        overlap = min(glyph.y1, other.y1) - max(glyph.y0, other.y0)
        gap = max(other.x0 - glyph.x1, glyph.x0 - other.x1)
        if overlap >= SAME_ROW_SHARE * min(glyph.height, other.height) and gap <= STACK_SIDE_GAP_EM * em:
            return True
    return False


def _touching_below(glyph: Glyph, index: dict) -> Glyph | None:
    em = glyph.em
    for other in _near(glyph, index):
        if other is glyph:
            continue
        centre_shift = abs((glyph.x0 + glyph.x1) / 2 - (other.x0 + other.x1) / 2)
        gap = glyph.y0 - other.y1
        if centre_shift <= STACK_CENTRE_EM * em and abs(gap) <= STACK_TOUCH_EM * em:
            return other
    return None


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
    for glyph in sorted(glyphs, key=_BY_ORDER):
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
