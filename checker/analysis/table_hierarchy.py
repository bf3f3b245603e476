"""Which rows of a budget table add up to which: the table's hierarchy.

Sub-rows (恩給費, その他政策的経費 … under 一般歳出) are part of the row above
them, and a 計 adds up the rows of its level. The hierarchy is read, in this
order of trust, from:

1. うち / 内訳 labels: a breakdown row belongs to the row above it and is never
   a part of a sum (it shows a share, not a full split);
2. indentation, where the text keeps it (a row's parent is the nearest row
   above it printed less indented);
3. the arithmetic itself: which consecutive rows add up, within rounding, to
   the row above them in (nearly) every column. The search keeps the groupings
   that explain the most figures with the fewest disagreements, and a 計 takes
   either the rows of its own block or everything not yet added up (the 計 of
   several accounts under a 合計), whichever agrees.

A grouping that disagrees in every column it can check is no grouping at all:
it is left unchecked and reported once as unclear, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from checker.analysis.budget_tables import BREAKDOWN, CAPTION, ROW, SUMMED_ROLES, TOTAL, BudgetTable
from checker.analysis.table_intervals import cell_interval, meets, total_of

MAX_PARSES = 40
MAX_SEARCH_STEPS = 20_000  # beyond this many groupings tried, the rows are read flat


class _SearchTooLong(Exception):
    pass

MAX_SEARCHED_ROWS = 40  # longer runs of rows are read flat: the search grows with the cube of their length


@dataclass(frozen=True)
class Relation:
    parent: int  # row index
    children: tuple[int, ...]


@dataclass(frozen=True)
class Parse:
    roots: tuple[int, ...]
    relations: tuple[Relation, ...] = ()
    violations: int = 0
    matched: int = 0

    def score(self) -> tuple[int, int]:
        return (self.violations, -self.matched)


def summed_columns(table: BudgetTable) -> list[int]:
    return [i for i, column in enumerate(table.columns) if column.role in SUMMED_ROLES]


def sum_status(table: BudgetTable, parent: int, children: tuple[int, ...]) -> tuple[int, int, int]:
    """(matched, violated, checkable) columns of a parent against its children."""
    matched = violated = checkable = 0
    for column in summed_columns(table):
        stated = cell_interval(table, parent, column)
        parts = [cell_interval(table, child, column, blank_is_zero=True) for child in children]
        if stated is None or any(part is None for part in parts):
            continue
        checkable += 1
        if meets(total_of(parts), stated):
            matched += 1
        else:
            violated += 1
    return matched, violated, checkable


def _nonzero(table: BudgetTable, row: int) -> bool:
    return any(cell is not None and cell.figure is not None and cell.figure.value != 0 for cell in table.rows[row].cells)


def _admissible(table: BudgetTable, parent: int, children: tuple[int, ...]) -> tuple[int, int] | None:
    """A grouping found by arithmetic: at least two real parts, agreeing in every
    column but at most one (one wrong cell must not hide its group)."""
    if len(children) == 1:
        return _only_child(table, parent, children[0])
    if sum(1 for child in children if _nonzero(table, child)) < 2:
        return None
    matched, violated, checkable = sum_status(table, parent, children)
    if checkable == 0 or violated > 1 or matched < max(1, checkable - 1) or not _significant(table, parent, children):
        return None
    return matched, violated


def _only_child(table: BudgetTable, parent: int, child: int) -> tuple[int, int] | None:
    """A row printed again as its own single part (特別会計 over its one account):
    the same figures in every column. It earns nothing, so it is chosen only
    where a total needs it."""
    matched, violated, checkable = sum_status(table, parent, (child,))
    if not _nonzero(table, child) or violated > 1 or matched < 2:
        return None
    return 0, 0


def _significant(table: BudgetTable, parent: int, children: tuple[int, ...]) -> bool:
    """Whether the parent's figures are large against the rounding of a sum of
    its children: 1 = 1 + 1 holds within rounding and says nothing."""
    for column in summed_columns(table):
        cell = table.rows[parent].cells[column]
        if cell is not None and cell.figure is not None and abs(cell.figure.value) > cell.figure.unit * (len(children) + 1):
            return True
    return False


def arithmetic_parses(table: BudgetTable, rows: tuple[int, ...]) -> list[Parse]:
    """Ways to read consecutive rows as a forest, best first."""

    work = [0]

    @lru_cache(maxsize=None)
    def forests(start: int, end: int) -> tuple[Parse, ...]:
        if start == end:
            return (Parse(()),)
        found = []
        for split in range(start + 1, end + 1):
            for tree in trees(start, split):
                work[0] += 1
                if work[0] > MAX_SEARCH_STEPS:
                    raise _SearchTooLong
                for rest in forests(split, end):
                    found.append(Parse(
                        tree.roots + rest.roots, tree.relations + rest.relations,
                        tree.violations + rest.violations, tree.matched + rest.matched,
                    ))
        found.sort(key=Parse.score)
        return tuple(found[:MAX_PARSES])

    @lru_cache(maxsize=None)
    def trees(start: int, end: int) -> tuple[Parse, ...]:
        if end == start + 1:
            return (Parse((rows[start],)),)
        found = []
        for inner in forests(start + 1, end):
            status = _admissible(table, rows[start], inner.roots)
            if status is None:
                continue
            relation = Relation(rows[start], inner.roots)
            found.append(Parse(
                (rows[start],), inner.relations + (relation,),
                inner.violations + status[1], inner.matched + status[0],
            ))
        return tuple(found)

    try:
        return list(forests(0, len(rows)))
    except _SearchTooLong:
        return [Parse(rows)]


def indentation_parse(table: BudgetTable, rows: tuple[int, ...]) -> Parse:
    """The forest the printed indentation draws."""
    stack: list[tuple[int, list[int]]] = []  # (row, children)
    roots: list[int] = []
    relations: list[Relation] = []

    def close(entry: tuple[int, list[int]]) -> None:
        if entry[1]:
            relations.append(Relation(entry[0], tuple(entry[1])))

    for row in rows:
        indent = table.rows[row].indent
        while stack and table.rows[stack[-1][0]].indent >= indent:
            close(stack.pop())
        (stack[-1][1] if stack else roots).append(row)
        stack.append((row, []))
    while stack:
        close(stack.pop())
    violations = matched = 0
    for relation in relations:
        status = sum_status(table, relation.parent, relation.children)
        matched, violations = matched + status[0], violations + status[1]
    return Parse(tuple(roots), tuple(relations), violations, matched)


def segment_parses(table: BudgetTable, rows: tuple[int, ...]) -> list[Parse]:
    if not rows:
        return [Parse(())]
    indented = [indentation_parse(table, rows)] if len({table.rows[row].indent for row in rows}) > 1 else []
    if len(rows) > MAX_SEARCHED_ROWS:
        return indented or [Parse(rows)]
    # Indentation first: it wins a tie, but a layout that indents for looks
    # (centred labels) loses to the grouping the figures agree with.
    return sorted(indented + arithmetic_parses(table, rows), key=Parse.score)


@dataclass(frozen=True)
class Hierarchy:
    relations: tuple[Relation, ...]  # each parent (or 計) with the rows it adds up
    unclear: tuple[Relation, ...]  # groupings that agree in no column: not checked


def _processing_order(table: BudgetTable) -> list[int]:
    """Row indices in the order sums close: a 計 printed above its rows moves below them."""
    order = list(range(len(table.rows)))
    kinds = [row.kind for row in table.rows]
    for index, kind in enumerate(kinds):
        before = [k for k in kinds[:index] if k != BREAKDOWN]
        leading = not before or before[-1] == CAPTION
        if kind != TOTAL or not leading or index + 1 >= len(kinds) or kinds[index + 1] != ROW:
            continue
        end = index + 1
        while end < len(kinds) and kinds[end] in (ROW, BREAKDOWN):
            end += 1
        order.remove(index)
        order.insert(order.index(end - 1) + 1, index)
    return order


def _close_total(table: BudgetTable, total: int, segment: list[int], open_items: list[int]) -> tuple[Parse, tuple[int, ...]] | None:
    best = None
    for parse in segment_parses(table, tuple(segment)):
        options = [parse.roots] if parse.roots else []
        if open_items:
            options.append(tuple(open_items) + parse.roots)
        for option, children in enumerate(options):
            matched, violated, _ = sum_status(table, total, children)
            score = (parse.violations + violated, -(parse.matched + matched), option)
            if best is None or score < best[0]:
                best = (score, parse, children)
    return None if best is None else (best[1], best[2])


def _closing_row(table: BudgetTable, open_items: list[int]) -> Relation | None:
    """A last row without a total's label that adds up the rows above it (a
    text layer that lost the labels still prints the 計 last)."""
    if len(open_items) < 3 or table.rows[open_items[-1]].kind != ROW or any(table.rows[i].kind == TOTAL for i in open_items):
        return None
    last, parts = open_items[-1], tuple(open_items[:-1])
    return Relation(last, parts) if _admissible(table, last, parts) else None


def table_hierarchy(table: BudgetTable) -> Hierarchy:
    relations: list[Relation] = []
    open_items: list[int] = []
    segment: list[int] = []

    def flush() -> None:
        parse = min(segment_parses(table, tuple(segment)), key=Parse.score)
        relations.extend(parse.relations)
        open_items.extend(parse.roots)
        segment.clear()

    for row in _processing_order(table):
        kind = table.rows[row].kind
        if kind == ROW:
            segment.append(row)
        elif kind == CAPTION:
            flush()
        elif kind == TOTAL:
            closed = _close_total(table, row, segment, open_items)
            if closed is None:
                flush()
            else:
                parse, children = closed
                relations.extend(parse.relations)
                relations.append(Relation(row, children))
                open_items[:] = [item for item in open_items if item not in children]
                segment.clear()
            open_items.append(row)
    flush()
    closing = _closing_row(table, open_items)
    if closing is not None:
        relations.append(closing)
    clear, unclear = [], []
    for relation in relations:
        matched, violated, checkable = sum_status(table, relation.parent, relation.children)
        (unclear if checkable >= 2 and violated == checkable else clear).append(relation)
    return Hierarchy(tuple(clear), tuple(unclear))
