"""Pages whose text runs sideways or upside down, turned upright before layout.

A landscape table inserted into a portrait booklet, or a page shown turned by
its /Rotate entry, puts most glyphs on one rotated baseline. When most of a
page's glyphs share a turned direction, the whole page (glyphs, boxes,
rulings) is turned so that direction reads left to right; lines then carry
boxes in the page's reading orientation, and its width and height swap for a
quarter turn.
"""

from __future__ import annotations

from dataclasses import replace

from checker.reading.glyphs import HORIZONTAL, ROTATED, VERTICAL, Box, Glyph, Rule

# The page turns when more than this share of its glyphs runs in one turned direction.
TURNED_SHARE = 0.5


def page_turn(glyphs: list[Glyph]) -> int:
    """The quarter turn (degrees, 0/90/180/270) that sets the page's dominant direction upright; 0 for none."""
    counts: dict[int, int] = {}
    for glyph in glyphs:
        if glyph.axis != VERTICAL:
            counts[glyph.angle] = counts.get(glyph.angle, 0) + 1
    angle = max(counts, key=counts.get) if counts else 0
    if angle == 0 or counts[angle] <= TURNED_SHARE * len(glyphs):
        return 0
    return angle


def turn_upright(glyphs: list[Glyph], boxes: list[Box], rules: list[Rule], width: float, height: float, angle: int | None = None):
    """(glyphs, boxes, rules, width, height) with the page's dominant direction upright
    (turned by ``angle``, by default ``page_turn(glyphs)``)."""
    angle = page_turn(glyphs) if angle is None else angle
    if angle == 0:
        return glyphs, boxes, rules, width, height
    point = _turn(angle, width, height)
    turned = []
    for glyph in glyphs:
        x0, y0, x1, y1 = _box(point, glyph.x0, glyph.y0, glyph.x1, glyph.y1)
        axis = glyph.axis if glyph.axis == VERTICAL else (HORIZONTAL if glyph.angle == angle else ROTATED)
        turned.append(replace(glyph, x0=x0, y0=y0, x1=x1, y1=y1, axis=axis, angle=(glyph.angle - angle) % 360))
    turned_boxes = [Box(*_box(point, b.x0, b.y0, b.x1, b.y1)) for b in boxes]
    turned_rules = [Rule(*_box(point, r.x0, r.y0, r.x1, r.y1)) for r in rules]
    new_width, new_height = (height, width) if angle in (90, 270) else (width, height)
    return turned, turned_boxes, turned_rules, new_width, new_height


def _turn(angle: int, width: float, height: float):
    """The map of a point that turns the page by -angle (so that angle reads as 0)."""
    if angle == 90:
        return lambda x, y: (y, width - x)
    if angle == 270:
        return lambda x, y: (height - y, x)
    return lambda x, y: (width - x, height - y)


def displayed_point(angle: int, x: float, y: float, width: float, height: float) -> tuple[float, float]:
    """A point of the upright page back on the page as it was before the turn by
    ``angle`` (the inverse of ``_turn``); ``width`` and ``height`` are that page's."""
    if angle == 90:
        return width - y, x
    if angle == 270:
        return y, height - x
    if angle == 180:
        return width - x, height - y
    return x, y


def _box(point, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    ax, ay = point(x0, y0)
    bx, by = point(x1, y1)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)
