"""Reading order: boxes, tables and blocks of a page in the order a person reads them.

Recursive XY-cut with one twist. A region splits into columns wherever a
vertical gap runs through all of it; if none does, it splits into horizontal
strips, and consecutive strips are merged back as long as the merged strip
still has a column gap, so two panels that happen to have a blank band at the
same height are read down, one after the other, and a title bar or a footer
that spans them stays a strip of its own. A box (border, bar, cell) is one
unit here and is ordered inside by the same rule; a grid of touching cells is
a table, read row by row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.reading.glyphs import Box
from checker.reading.layout.blocks import Block

# A grid is looked for among at most this many boxes of one container.
MAX_GRID_BOXES = 400
# Touching cells may miss each other by this much (points).
TOUCH = 2.0
# Deeper than this, nested boxes (or XY-cut levels) are read top to bottom, left to right.
MAX_NESTING = 60
MAX_CUT_DEPTH = 200


@dataclass(eq=False)
class Unit:
    """Something the XY-cut orders: a block, a box with its contents, or a table."""

    x0: float
    y0: float
    x1: float
    y1: float
    block: Block | None = None
    box: int | None = None
    table: list[list[int]] | None = None  # rows of cell box numbers


@dataclass(eq=False)
class Ordered:
    """A block in reading order, or one table row (cells left to right)."""

    block: Block | None = None
    row: list[list[Block]] | None = None  # per cell, its blocks in order
    row_cells: list[int] = field(default_factory=list)


class PageOrder:
    def __init__(self, blocks: list[Block], boxes: list[Box], parents: list[int]) -> None:
        self.boxes = boxes
        self.blocks_in: dict[int, list[Block]] = {}
        for block in blocks:
            self.blocks_in.setdefault(block.container, []).append(block)
        self.children: dict[int, list[int]] = {}
        for number, parent in enumerate(parents):
            self.children.setdefault(parent, []).append(number)
        self.has_text = [False] * len(boxes)
        for container in self.blocks_in:
            while container != -1 and not self.has_text[container]:
                self.has_text[container] = True
                container = parents[container]

    def ordered(self) -> list[Ordered]:
        return self._container(-1, 0)

    def _container(self, container: int, depth: int) -> list[Ordered]:
        units = [Unit(*block.bbox, block=block) for block in self.blocks_in.get(container, [])]
        child_boxes = [child for child in self.children.get(container, []) if self.has_text[child]]
        if depth >= MAX_NESTING:  # boxes nested deeper than any layout: read what is inside in order
            return [Ordered(block=block) for block in sorted(self._all_blocks(child_boxes) + [u.block for u in units], key=lambda b: (-b.bbox[3], b.bbox[0]))]
        tables, loose = self._tables(child_boxes)
        units += tables
        units += [Unit(self.boxes[c].x0, self.boxes[c].y0, self.boxes[c].x1, self.boxes[c].y1, box=c) for c in loose]
        result: list[Ordered] = []
        for unit in xy_order(units):
            if unit.block is not None:
                result.append(Ordered(block=unit.block))
            elif unit.table is not None:
                for row in unit.table:
                    cells = [self._container(cell, depth + 1) for cell in row]
                    result.append(Ordered(row=[[o.block for o in cell if o.block] for cell in cells], row_cells=row))
                    # a table nested in a cell is read after its row, not lost
                    result.extend(o for cell in cells for o in cell if o.row is not None)
            else:
                result.extend(self._container(unit.box, depth + 1))
        return result

    def _all_blocks(self, boxes: list[int]) -> list[Block]:
        found: list[Block] = []
        stack = list(boxes)
        while stack:
            box = stack.pop()
            found.extend(self.blocks_in.get(box, []))
            stack.extend(self.children.get(box, []))
        return found

    def _tables(self, boxes: list[int]) -> tuple[list[Unit], list[int]]:
        """Grids of touching boxes (at least two rows and two columns) are tables."""
        if len(boxes) < 4 or len(boxes) > MAX_GRID_BOXES:
            return [], boxes
        groups = _touching_groups([self.boxes[b] for b in boxes])
        tables, loose = [], []
        for group in groups:
            members = [boxes[i] for i in group]
            rows = _rows_of([self.boxes[m] for m in members])
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2 and len(members) >= 4:
                table_rows = [[members[i] for i in row] for row in rows]
                x0 = min(self.boxes[m].x0 for m in members)
                y0 = min(self.boxes[m].y0 for m in members)
                x1 = max(self.boxes[m].x1 for m in members)
                y1 = max(self.boxes[m].y1 for m in members)
                tables.append(Unit(x0, y0, x1, y1, table=table_rows))
            else:
                loose.extend(members)
        return tables, loose


def _touching_groups(boxes: list[Box]) -> list[list[int]]:
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            side = (abs(a.x1 - b.x0) <= TOUCH or abs(b.x1 - a.x0) <= TOUCH) and min(a.y1, b.y1) - max(a.y0, b.y0) > TOUCH
            stacked = (abs(a.y1 - b.y0) <= TOUCH or abs(b.y1 - a.y0) <= TOUCH) and min(a.x1, b.x1) - max(a.x0, b.x0) > TOUCH
            if side or stacked:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(boxes)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _rows_of(boxes: list[Box]) -> list[list[int]]:
    """Cells grouped into rows (top to bottom), each row left to right."""
    rows: list[list[int]] = []
    row_top = None
    for index in sorted(range(len(boxes)), key=lambda i: (-boxes[i].y1, boxes[i].x0)):
        top = boxes[index].y1
        if row_top is None or row_top - top > TOUCH:
            rows.append([])
            row_top = top
        rows[-1].append(index)
    return [sorted(row, key=lambda i: boxes[i].x0) for row in rows]


def xy_order(units: list[Unit], depth: int = 0) -> list[Unit]:
    if len(units) <= 1:
        return list(units)
    if depth >= MAX_CUT_DEPTH:
        return sorted(units, key=lambda u: (-u.y1, u.x0))
    columns = _split(units, horizontal=False)
    if len(columns) > 1:
        if all(unit.block is not None and unit.block.vertical for unit in units):
            columns.reverse()  # vertical writing: columns read right to left
        return [unit for column in columns for unit in xy_order(column, depth + 1)]
    strips = _split(units, horizontal=True)
    if len(strips) == 1:
        return sorted(units, key=lambda u: (-u.y1, u.x0))
    groups: list[list[Unit]] = [strips[0]]
    for strip in strips[1:]:
        if _continues_columns(groups[-1], strip):
            groups[-1] = groups[-1] + strip
        else:
            groups.append(strip)
    return [unit for group in groups for unit in xy_order(group, depth + 1)]


def _continues_columns(group: list[Unit], strip: list[Unit]) -> bool:
    """Whether a strip goes on with the group's columns (so it is read with them).

    It does when the two together still split into columns and each of the
    strip's units lies under one column of the group; a unit under a column
    gap (a centred footer) or across columns (a title, a note) starts anew,
    and so does a strip that stands wholly beside a one-column group (a short
    label at the margin below an indented paragraph).
    """
    if len(_split(group + strip, horizontal=False)) < 2:
        return False
    columns = _split(group, horizontal=False)
    if len(columns) < 2:
        # One column so far (a panel that starts higher than its neighbour):
        # the strip goes on with it only if some of it stands under that column.
        x0, x1 = min(u.x0 for u in group), max(u.x1 for u in group)
        return any(min(x1, unit.x1) > max(x0, unit.x0) for unit in strip)
    spans = [(min(u.x0 for u in column), max(u.x1 for u in column)) for column in columns]
    for unit in strip:
        under = sum(1 for x0, x1 in spans if min(x1, unit.x1) > max(x0, unit.x0))
        if under != 1:
            return False
    return True


def _split(units: list[Unit], horizontal: bool) -> list[list[Unit]]:
    """Split at gaps running through all units: columns left to right, or strips top to bottom."""
    if horizontal:
        ordered = sorted(units, key=lambda u: -u.y1)
        groups, reach = [[ordered[0]]], ordered[0].y0
        for unit in ordered[1:]:
            if unit.y1 < reach:
                groups.append([unit])
            else:
                groups[-1].append(unit)
            reach = min(reach, unit.y0)
        return groups
    ordered = sorted(units, key=lambda u: u.x0)
    groups, reach = [[ordered[0]]], ordered[0].x1
    for unit in ordered[1:]:
        if unit.x0 > reach:
            groups.append([unit])
        else:
            groups[-1].append(unit)
        reach = max(reach, unit.x1)
    return groups
