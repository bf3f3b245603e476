"""Drawn boxes as containers: which box holds each glyph, and how boxes nest.

A bordered or filled rectangle is where a slide or a Word table groups text:
a budget box, a title bar, a panel, a table cell. Text in one box is never
joined to text outside it. Table grids drawn only as ruling lines are turned
into cell boxes first, so they are containers too.
"""

from __future__ import annotations

from checker.reading.glyphs import Box, Glyph, Rule

# A rectangle thinner than this (points) is a ruling line, not a box.
MIN_BOX_SIDE = 3.0
# A box covering this share of the page is the page's background.
BACKGROUND_SHARE = 0.95
# Ruling ends and crossings may miss each other by this much (points).
RULE_SLACK = 1.5
# A cell side counts as drawn when rulings cover this share of it.
RULE_COVER = 0.9
# Grid cells are looked for in at most this many rulings per page (charts draw thousands).
MAX_RULES = 600
# At most this many boxes per page are containers (the smallest; charts draw thousands).
MAX_BOXES = 4000
# Grid side of the spatial index, in points.
CELL = 64.0


def usable_boxes(boxes: list[Box], rules: list[Rule], width: float, height: float) -> list[Box]:
    """Boxes that can hold text: on the page (clipped to it), deduplicated, not
    hairlines, not the page itself; the smallest first, at most ``MAX_BOXES``."""
    page_area = max(width * height, 1.0)
    candidates = [_clipped(box, width, height) for box in list(boxes) + cells_from_rules(rules)]
    seen: set[tuple] = set()
    kept: list[Box] = []
    for box in sorted((b for b in candidates if b is not None), key=lambda b: b.area):
        if len(kept) >= MAX_BOXES:
            break
        if box.x1 - box.x0 < MIN_BOX_SIDE or box.y1 - box.y0 < MIN_BOX_SIDE:
            continue
        if box.area >= BACKGROUND_SHARE * page_area:
            continue
        key = tuple(round(v / RULE_SLACK) for v in (box.x0, box.y0, box.x1, box.y1))
        if key in seen:
            continue
        seen.add(key)
        kept.append(box)
    return kept  # smallest first


def _clipped(box: Box, width: float, height: float) -> Box | None:
    x0, y0 = max(box.x0, -RULE_SLACK), max(box.y0, -RULE_SLACK)
    x1, y1 = min(box.x1, width + RULE_SLACK), min(box.y1, height + RULE_SLACK)
    if not (x1 > x0 and y1 > y0):  # also false for NaN
        return None
    return Box(x0, y0, x1, y1)


def assign_containers(glyphs: list[Glyph], boxes: list[Box]) -> list[Box]:
    """Each glyph's container: the smallest box holding its centre (-1: none).

    Returns the boxes that hold some glyph (the others cannot group text),
    smallest first; glyphs' container numbers index this list.
    """
    # Each grid cell lists (number, x0, y0, x1, y1) of the boxes touching it, smallest first.
    index: dict[tuple[int, int], list[tuple[int, float, float, float, float]]] = {}
    for number, box in enumerate(boxes):
        entry = (number, box.x0, box.y0, box.x1, box.y1)
        for gx in range(int(box.x0 // CELL), int(box.x1 // CELL) + 1):
            for gy in range(int(box.y0 // CELL), int(box.y1 // CELL) + 1):
                index.setdefault((gx, gy), []).append(entry)
    used: set[int] = set()
    for glyph in glyphs:
        cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.y0 + glyph.y1) / 2
        near = index.get((int(cx // CELL), int(cy // CELL))) if index else None
        if not near:
            glyph.container = -1
            continue
        holders = [n for n, x0, y0, x1, y1 in near if x0 <= cx <= x1 and y0 <= cy <= y1]
        glyph.container = holders[0] if holders else -1  # in order of area: the smallest
        used.update(holders)
    kept = sorted(used)
    renumber = {old: new for new, old in enumerate(kept)}
    for glyph in glyphs:
        glyph.container = renumber.get(glyph.container, -1)
    return [boxes[number] for number in kept]


def box_parents(boxes: list[Box]) -> list[int]:
    """For each box, the smallest larger box holding it (-1: the page)."""
    parents = []
    for number, box in enumerate(boxes):
        parent = -1
        for other in range(number + 1, len(boxes)):
            if boxes[other].area > box.area and boxes[other].holds(box.x0, box.y0, box.x1, box.y1, RULE_SLACK):
                parent = other
                break
        parents.append(parent)
    return parents


def cells_from_rules(rules: list[Rule]) -> list[Box]:
    """Cells of grids drawn as ruling lines (a Word table's borders)."""
    if not rules or len(rules) > MAX_RULES:
        return []
    horizontal = [r for r in rules if r.horizontal]
    vertical = [r for r in rules if not r.horizontal]
    if not horizontal or not vertical:
        return []
    xs = _distinct(sorted(((r.x0 + r.x1) / 2 for r in vertical)))
    ys = _distinct(sorted(((r.y0 + r.y1) / 2 for r in horizontal)))
    vertical, horizontal = _by_position(vertical, along_x=False), _by_position(horizontal, along_x=True)
    cells: list[Box] = []
    for bottom, top in zip(ys, ys[1:]):
        start = None
        for x in xs:
            if not _covered(vertical, x, bottom, top, along_x=False):
                continue
            if start is not None and _covered(horizontal, top, start, x, along_x=True) and _covered(horizontal, bottom, start, x, along_x=True):
                cells.append(Box(start, bottom, x, top))
            start = x
    return cells


def _distinct(values: list[float]) -> list[float]:
    result: list[float] = []
    for value in values:
        if not result or value - result[-1] > RULE_SLACK:
            result.append(value)
    return result


def _by_position(rules: list[Rule], along_x: bool) -> dict[int, list[Rule]]:
    """Rulings indexed by where they stand across their length (a horizontal one by y)."""
    index: dict[int, list[Rule]] = {}
    for rule in rules:
        at = (rule.y0 + rule.y1) / 2 if along_x else (rule.x0 + rule.x1) / 2
        index.setdefault(int(at // RULE_SLACK), []).append(rule)
    return index


def _covered(index: dict[int, list[Rule]], position: float, low: float, high: float, along_x: bool) -> bool:
    """Whether rulings at ``position`` cover the span low..high."""
    length = high - low
    if length <= 0:
        return False
    key = int(position // RULE_SLACK)
    spans = []
    for rule in index.get(key - 1, []) + index.get(key, []) + index.get(key + 1, []):
        at = (rule.y0 + rule.y1) / 2 if along_x else (rule.x0 + rule.x1) / 2
        if abs(at - position) > RULE_SLACK:
            continue
        start, end = (rule.x0, rule.x1) if along_x else (rule.y0, rule.y1)
        start, end = max(start, low), min(end, high)
        if end > start:
            spans.append((start, end))
    covered, reach = 0.0, low
    for start, end in sorted(spans):
        if end > reach:
            covered += end - max(start, reach)
            reach = end
    return covered >= RULE_COVER * length - RULE_SLACK
