"""Reading order of positioned boxes on a slide: a recursive XY cut.

A booklet slide is a title bar, perhaps a strip across the top (the topic box),
then panels side by side, each read top to bottom, and perhaps a note across
the bottom. The boxes are cut where a gap runs clean across them: first
between columns (a gap from top to bottom: panels read left to right), else
between bands (a gap from side to side: strips read top to bottom), and each
part is cut again. A strip that spans the slide allows no column cut, so it is
read before (or after) the panels below (or above) it; the bands below a band
with columns join it while the columns run through them (the item titles of two
panels line up in one band, their texts in the next), so each panel is read to
its end before the next. Boxes that overlap so that no clean
gap separates them are read top to bottom, then left to right.
"""

from __future__ import annotations

from dataclasses import dataclass

# Boxes may overlap their neighbours by this fraction of the slide's size and
# still count as separated (editors line up boxes by eye, edges touch).
OVERLAP_TOLERANCE = 0.01


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float  # top (slide coordinates grow downwards)
    x1: float
    y1: float

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)


def reading_order(boxes: list[Box], width: float, height: float) -> list[int]:
    """Indexes of ``boxes`` in reading order."""
    slack_x, slack_y = OVERLAP_TOLERANCE * width, OVERLAP_TOLERANCE * height
    return _cut(list(range(len(boxes))), boxes, slack_x, slack_y)


def _cut(indexes: list[int], boxes: list[Box], slack_x: float, slack_y: float) -> list[int]:
    if len(indexes) <= 1:
        return indexes
    columns = _groups(indexes, [(boxes[i].x0 + slack_x, boxes[i].x1 - slack_x) for i in indexes])
    if len(columns) > 1:
        return [index for group in columns for index in _cut(group, boxes, slack_x, slack_y)]
    bands = _groups(indexes, [(boxes[i].y0 + slack_y, boxes[i].y1 - slack_y) for i in indexes])
    if len(bands) > 1:
        regions = _panel_regions(bands, boxes, slack_x)
        return [index for group in regions for index in _cut(group, boxes, slack_x, slack_y)]
    return sorted(indexes, key=lambda i: (boxes[i].y0, boxes[i].x0))


def _columns(group: list[int], boxes: list[Box], slack_x: float) -> int:
    return len(_groups(group, [(boxes[i].x0 + slack_x, boxes[i].x1 - slack_x) for i in group]))


def _panel_regions(bands: list[list[int]], boxes: list[Box], slack_x: float) -> list[list[int]]:
    """Bands merged into the region of columns above them while the columns still run
    through (a box under one panel belongs to that panel; a strip across ends the region)."""
    regions: list[list[int]] = []
    region_has_columns = False
    for band in bands:
        if regions and region_has_columns and _columns(regions[-1] + band, boxes, slack_x) > 1:
            regions[-1] = regions[-1] + band
            continue
        regions.append(band)
        region_has_columns = _columns(band, boxes, slack_x) > 1
    return regions


def _groups(indexes: list[int], spans: list[tuple[float, float]]) -> list[list[int]]:
    """Indexes grouped by overlapping spans along one axis, groups in axis order."""
    order = sorted(range(len(indexes)), key=lambda k: (spans[k][0], spans[k][1]))
    groups: list[list[int]] = []
    reach = None
    for k in order:
        start, end = spans[k]
        end = max(start, end)
        if reach is None or start >= reach:
            groups.append([])
            reach = end
        else:
            reach = max(reach, end)
        groups[-1].append(indexes[k])
    # Keep each group's members in their original order for the next cut.
    return [sorted(group, key=indexes.index) for group in groups]
