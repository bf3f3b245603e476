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
# Grid side of the spatial index, in points.
CELL = 64.0


def usable_boxes(boxes: list[Box], rules: list[Rule], width: float, height: float) -> list[Box]:
    """Boxes that can hold text: deduplicated, not hairlines, not the page itself."""
    page_area = max(width * height, 1.0)
    candidates = list(boxes) + cells_from_rules(rules)
    seen: set[tuple] = set()
    kept: list[Box] = []
    for box in sorted(candidates, key=lambda b: b.area):
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


def assign_containers(glyphs: list[Glyph], boxes: list[Box]) -> None:
    """Each glyph's container: the smallest box holding its centre (-1: none)."""
    index: dict[tuple[int, int], list[int]] = {}
    for number, box in enumerate(boxes):
        for gx in range(int(box.x0 // CELL), int(box.x1 // CELL) + 1):
            for gy in range(int(box.y0 // CELL), int(box.y1 // CELL) + 1):
                index.setdefault((gx, gy), []).append(number)
    for glyph in glyphs:
        cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.y0 + glyph.y1) / 2
        candidates = index.get((int(cx // CELL), int(cy // CELL)), ())
        glyph.container = -1
        for number in candidates:  # in order of area: the first that holds it is the smallest
            box = boxes[number]
            if box.x0 <= cx <= box.x1 and box.y0 <= cy <= box.y1:
                glyph.container = number
                break


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


def _covered(rules: list[Rule], position: float, low: float, high: float, along_x: bool) -> bool:
    """Whether rulings at ``position`` cover the span low..high."""
    length = high - low
    if length <= 0:
        return False
    spans = []
    for rule in rules:
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
