"""The values a printed table cell stands for, and arithmetic on them.

Each cell is a printed figure (``checker.booklet.amounts``): rounded on its own,
it stands for the half-open interval of values that round to it; where a
footnote says the table truncates (切り捨て), for the values that truncate to
it. A dash, a bare 事項要求 or nothing printed in a part of a sum counts as
exactly zero. Intervals computed from several cells carry all their widths,
so a total may differ from the sum of its printed rows by up to n half-units
and still agree.
"""

from __future__ import annotations

from decimal import Decimal

from checker.analysis.budget_tables import RATE, RATE_OR_RATIO, RATIO, BudgetTable
from checker.booklet.amounts import Figure

Interval = tuple[Decimal, Decimal]
ZERO: Interval = (Decimal(0), Decimal(0))
HUNDRED = Decimal(100)


def figure_interval(figure: Figure, truncated: bool = False) -> Interval:
    if not truncated:
        return figure.low, figure.high
    if figure.value < 0:
        return figure.value - figure.unit, figure.value
    return figure.value, figure.value + figure.unit


def cell_interval(table: BudgetTable, row: int, column: int, blank_is_zero: bool = False) -> Interval | None:
    cell = table.rows[row].cells[column]
    if cell is None:
        return ZERO if blank_is_zero else None
    if cell.figure is None:
        return ZERO if cell.counts_as_zero and (blank_is_zero or cell.note == "-") else None
    rate = table.columns[column].role in (RATE, RATIO, RATE_OR_RATIO)
    return figure_interval(cell.figure, table.truncated and not rate)


def meets(left: Interval, right: Interval) -> bool:
    """Whether two intervals share a value (a zero-width one is a point)."""
    if left[0] == left[1] and right[0] == right[1]:
        return left[0] == right[0]
    if left[0] == left[1]:
        return right[0] <= left[0] < right[1]
    if right[0] == right[1]:
        return left[0] <= right[0] < left[1]
    return left[0] < right[1] and right[0] < left[1]


def total_of(parts: list[Interval]) -> Interval:
    return sum((p[0] for p in parts), Decimal(0)), sum((p[1] for p in parts), Decimal(0))


def minus(left: Interval, right: Interval) -> Interval:
    return left[0] - right[1], left[1] - right[0]


def times(left: Interval, right: Interval) -> Interval:
    corners = [a * b for a in left for b in right]
    return min(corners), max(corners)


def divided(left: Interval, right: Interval) -> Interval | None:
    if right[0] <= 0 <= right[1]:
        return None
    corners = [a / b for a in left for b in right]
    return min(corners), max(corners)


def scaled(interval: Interval, factor: Decimal, offset: Decimal = Decimal(0)) -> Interval:
    ends = sorted((interval[0] * factor + offset, interval[1] * factor + offset))
    return ends[0], ends[1]


def printable_range(interval: Interval, unit: Decimal) -> tuple[Decimal, Decimal]:
    """The printed figures (multiples of ``unit``) whose rounding interval meets ``interval``."""
    half = unit / 2
    low = ((interval[0] - half) / unit).to_integral_value(rounding="ROUND_FLOOR") * unit
    if low <= interval[0] - half:
        low += unit
    high = ((interval[1] + half) / unit).to_integral_value(rounding="ROUND_CEILING") * unit
    if high >= interval[1] + half:
        high -= unit
    return low, max(low, high)
