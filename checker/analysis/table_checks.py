"""Every figure of a budget table against the figures it is computed from.

The relations a table states: each parent (and each 計) is the sum of its rows,
column by column (this year's, last year's and the difference); each row's
difference is this year's amount less last year's; its rate is the difference
over last year's amount (a ratio: this year's over last year's); 皆増 / 皆減
say last year's / this year's amount is zero. Each relation is checked with
the rounding intervals of its printed figures (``table_intervals``).

One wrong cell breaks every relation it takes part in: a sub-row's amount
breaks its own difference and its parent's sum. The findings name that cell
once, at its own row, with the figure each broken relation expects and the
range rounding allows; a broken relation no single cell explains is reported
at the figure it states (the 計, the difference, the rate).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from checker.analysis import table_messages as text
from checker.analysis.budget_tables import (
    ALL_GONE, ALL_NEW, CHANGE, CURRENT, PRIOR, RATE, RATE_OR_RATIO, RATIO, BudgetTable, compact,
)
from checker.analysis.table_hierarchy import Relation, summed_columns, table_hierarchy
from checker.analysis.table_intervals import (
    HUNDRED, ZERO, Interval, cell_interval, divided, meets, minus, printable_range, scaled, times, total_of,
)
from checker.booklet.model import SourceLine

Cell_ = tuple[int, int]  # (row, column)


@dataclass(frozen=True)
class Constraint:
    kind: str  # "sum", "change", "rate", "ratio", "all_new", "all_gone"
    stated: Cell_
    cells: tuple[Cell_, ...]
    relation: Relation | None = None


@dataclass(frozen=True)
class TableFinding:
    line: SourceLine
    related: SourceLine | None
    message: str
    excerpt: str
    expected: str | None
    key: str
    severity: str = "error"


# ------------------------------------------------------------- constraints
def _roles(table: BudgetTable) -> dict[str, int]:
    return {column.role: i for i, column in reversed(list(enumerate(table.columns)))}


def _rate_kind(table: BudgetTable, column: int) -> str:
    role = table.columns[column].role
    if role != RATE_OR_RATIO:
        return role
    votes: Counter = Counter()
    for row in range(len(table.rows)):
        for kind in (RATE, RATIO):
            result = _rate_holds(table, kind, row, column)
            if result is not None:
                votes[kind] += result
    return RATIO if votes[RATIO] > votes[RATE] else RATE


def constraints(table: BudgetTable, relations: tuple[Relation, ...]) -> list[Constraint]:
    found = []
    for relation in relations:
        for column in summed_columns(table):
            found.append(Constraint(
                "sum", (relation.parent, column),
                ((relation.parent, column),) + tuple((child, column) for child in relation.children), relation,
            ))
    roles = _roles(table)
    current, prior, change = roles.get(CURRENT), roles.get(PRIOR), roles.get(CHANGE)
    rate_columns = [(i, _rate_kind(table, i)) for i, c in enumerate(table.columns) if c.role in (RATE, RATIO, RATE_OR_RATIO)]
    if current is None or prior is None:
        return found
    for row in range(len(table.rows)):
        if change is not None:
            found.append(Constraint("change", (row, change), ((row, current), (row, prior), (row, change))))
        for column, kind in rate_columns:
            note = table.rows[row].cells[column].note if table.rows[row].cells[column] else ""
            kind = {ALL_NEW: "all_new", ALL_GONE: "all_gone"}.get(note, kind)
            found.append(Constraint(kind, (row, column), ((row, current), (row, prior), (row, column))))
    return found


def _rate_holds(table: BudgetTable, kind: str, row: int, column: int) -> bool | None:
    roles = _roles(table)
    stated = cell_interval(table, row, column)
    computed = _rate_value(table, kind, row, roles[CURRENT], roles[PRIOR]) if CURRENT in roles and PRIOR in roles else None
    if stated is None or computed is None:
        return None
    return meets(computed, stated)


def _rate_value(table: BudgetTable, kind: str, row: int, current: int, prior: int) -> Interval | None:
    now, before = cell_interval(table, row, current, True), cell_interval(table, row, prior, True)
    if now is None or before is None or table.rows[row].cells[current] is None:
        return None
    quotient = divided(now, before)
    if quotient is None:
        return None
    return scaled(quotient, HUNDRED, -HUNDRED if kind == RATE else Decimal(0))


def holds(table: BudgetTable, constraint: Constraint) -> bool | None:
    """Whether the constraint holds; None when it cannot be checked."""
    row, column = constraint.stated
    if constraint.kind == "sum":
        matched, violated, checkable = sum_status_column(table, constraint)
        return None if not checkable else not violated
    current, prior = constraint.cells[0][1], constraint.cells[1][1]
    if constraint.kind == "change":
        now, before, stated = (cell_interval(table, row, c) for c in (current, prior, column))
        if now is None or stated is None:
            return None
        before = before if before is not None else ZERO
        return meets(minus(now, before), stated)
    if constraint.kind in ("all_new", "all_gone"):
        zero_side = prior if constraint.kind == "all_new" else current
        other = current if constraint.kind == "all_new" else prior
        zero = cell_interval(table, row, zero_side, True)
        value = cell_interval(table, row, other, True)
        if zero is None or value is None:
            return None
        return meets(zero, ZERO) and value[1] > 0
    computed = _rate_value(table, constraint.kind, row, current, prior)
    stated = cell_interval(table, row, column)
    if computed is None or stated is None:
        return None
    return meets(computed, stated)


def sum_status_column(table: BudgetTable, constraint: Constraint) -> tuple[int, int, int]:
    column = constraint.stated[1]
    stated = cell_interval(table, constraint.stated[0], column)
    parts = [cell_interval(table, row, column, blank_is_zero=True) for row, _ in constraint.cells[1:]]
    if stated is None or any(part is None for part in parts):
        return 0, 0, 0
    agrees = meets(total_of(parts), stated)
    return int(agrees), int(not agrees), 1


# ------------------------------------------------------------ localisation
def _culprits(table: BudgetTable, broken: list[Constraint]) -> list[tuple[Cell_, list[Constraint]]]:
    """The cells that explain the broken relations: a cell in several broken
    relations first, then each relation left at the figure it states."""
    remaining = list(broken)
    found = []
    while remaining:
        counts = Counter(cell for constraint in remaining for cell in set(constraint.cells) if _printed(table, cell))
        cell, count = counts.most_common(1)[0] if counts else (None, 0)
        if count >= 2:
            covered = [c for c in remaining if cell in c.cells]
        else:
            covered = [remaining[0]]
            cell = remaining[0].stated
        found.append((cell, covered))
        remaining = [c for c in remaining if c not in covered]
    return found


def _printed(table: BudgetTable, cell: Cell_) -> bool:
    printed = table.rows[cell[0]].cells[cell[1]]
    return printed is not None and (printed.figure is not None or printed.note in (ALL_NEW, ALL_GONE))


def expected_interval(table: BudgetTable, constraint: Constraint, cell: Cell_) -> Interval | None:
    """What the relation says ``cell`` should be."""
    row, column = cell
    value = lambda r, c: cell_interval(table, r, c, blank_is_zero=True)  # noqa: E731
    if constraint.kind == "sum":
        parts = [value(r, c) for r, c in constraint.cells[1:] if (r, c) != cell]
        if any(part is None for part in parts):
            return None
        if cell == constraint.stated:
            return total_of(parts)
        parent = value(*constraint.stated)
        return None if parent is None else minus(parent, total_of(parts))
    current, prior, stated = constraint.cells
    now, before, own = value(*current), value(*prior), value(*stated)
    if constraint.kind == "change":
        if cell == stated:
            return minus(now, before)
        return total_of([before, own]) if cell == current else minus(now, own)
    if constraint.kind in ("rate", "ratio"):
        if cell == stated:
            return _rate_value(table, constraint.kind, row, current[1], prior[1])
        factor = scaled(own, Decimal("0.01"), Decimal(1) if constraint.kind == "rate" else Decimal(0))
        return times(before, factor) if cell == current else divided(now, factor)
    return None


def _range_of(table: BudgetTable, cell: Cell_, covered: list[Constraint]) -> Interval | None:
    common = None
    for constraint in covered:
        interval = expected_interval(table, constraint, cell)
        if interval is None:
            continue
        if common is None:
            common = interval
        elif max(common[0], interval[0]) <= min(common[1], interval[1]):
            common = (max(common[0], interval[0]), min(common[1], interval[1]))
    return common


# ---------------------------------------------------------------- findings
def _row_text(table: BudgetTable, row: int, replace: tuple[int, str] | None = None) -> str:
    cells = []
    for column, cell in enumerate(table.rows[row].cells):
        printed = compact(cell.text) if cell is not None else ""
        if replace and replace[0] == column:
            printed = replace[1]
        cells.append(printed or "　")
    return " ".join([compact(table.rows[row].label) or "　", *cells]).strip()


def format_figure(value: Decimal, like: str, decimals: int) -> str:
    """``value`` printed as the table prints ``like`` (sign mark, separators, places)."""
    sign = next((mark for mark in "▲△" if mark in like), "-")
    body = f"{abs(value):,.{max(decimals, 0)}f}" if "," in like or abs(value) >= 1000 else f"{abs(value):.{max(decimals, 0)}f}"
    return (sign if value < 0 else "") + body


def _cell_finding(table: BudgetTable, cell: Cell_, covered: list[Constraint]) -> TableFinding:
    row, column = cell
    printed = table.rows[row].cells[column]
    interval = _range_of(table, cell, covered)
    reasons = [text.reason(table, constraint, cell) for constraint in covered]
    related = _related_line(table, cell, covered)
    if interval is None or printed is None or printed.figure is None:
        mark = _zero_mark(table, row)
        return TableFinding(
            table.rows[row].line, related,
            text.broken(table, cell, compact(printed.text) if printed else "", reasons),
            _row_text(table, row), _row_text(table, row, (column, mark)) if mark else None, _key(table, cell),
        )
    decimals = printed.figure.decimals
    unit = printed.figure.unit
    middle = (interval[0] + interval[1]) / 2
    expected = format_figure(middle.quantize(unit) if decimals >= 0 else (middle / unit).quantize(Decimal(1)) * unit, printed.text, decimals)
    low, high = printable_range(interval, unit)
    allowed = (format_figure(low, printed.text, decimals), format_figure(high, printed.text, decimals))
    return TableFinding(
        table.rows[row].line, related,
        text.wrong_figure(table, cell, compact(printed.text), expected, allowed, reasons),
        _row_text(table, row), _row_text(table, row, (column, expected)), _key(table, cell),
    )


def _zero_mark(table: BudgetTable, row: int) -> str | None:
    """皆増 or 皆減, whichever the row's amounts call for."""
    roles = _roles(table)
    if CURRENT not in roles or PRIOR not in roles:
        return None
    now, before = (cell_interval(table, row, roles[role], True) for role in (CURRENT, PRIOR))
    if now is None or before is None:
        return None
    if meets(before, ZERO) and now[0] > 0:
        return ALL_NEW
    if meets(now, ZERO) and before[0] > 0:
        return ALL_GONE
    return None


def _related_line(table: BudgetTable, cell: Cell_, covered: list[Constraint]) -> SourceLine | None:
    for constraint in covered:
        for row, _ in constraint.cells:
            if row != cell[0]:
                return table.rows[row].line
    return table.heading[0]


def _key(table: BudgetTable, cell: Cell_) -> str:
    row, column = cell
    printed = table.rows[row].cells[column]
    return f"table:{compact(table.rows[row].label)}:{compact(table.columns[column].heading)}:{compact(printed.text) if printed else ''}"


ROW_KINDS = ("change", "rate", "ratio")


def _doubtful_kinds(table: BudgetTable, found: list[Constraint]) -> set[str]:
    """Row relations that fail on most rows: one wrong cell breaks one row, so
    these say the headings were misread, not the figures."""
    doubtful = set()
    for kind in ROW_KINDS:
        results = [holds(table, c) for c in found if c.kind == kind]
        checked = [result for result in results if result is not None]
        if len(checked) >= 3 and sum(1 for result in checked if not result) * 2 > len(checked):
            doubtful.add(kind)
    return doubtful


def _swapped(table: BudgetTable) -> BudgetTable:
    columns = [
        replace(column, role={CURRENT: PRIOR, PRIOR: CURRENT}.get(column.role, column.role)) for column in table.columns
    ]
    return replace(table, columns=columns)


def _read_with_confidence(table: BudgetTable, relations) -> tuple[BudgetTable, list[Constraint], set[str]]:
    """The table with this year's and last year's columns as the figures bear
    out; the row relations that still fail on most rows are left out."""
    found = constraints(table, relations)
    doubtful = _doubtful_kinds(table, found)
    if doubtful:
        other = _swapped(table)
        other_found = constraints(other, relations)
        if len(_doubtful_kinds(other, other_found)) < len(doubtful):
            table, found, doubtful = other, other_found, _doubtful_kinds(other, other_found)
    return table, [c for c in found if c.kind not in doubtful], doubtful


def check_table(table: BudgetTable) -> list[TableFinding]:
    """Findings of one table: wrong figures (errors), an unclear hierarchy or
    columns that could not be read with confidence (information)."""
    hierarchy = table_hierarchy(table)
    table, found, doubtful = _read_with_confidence(table, hierarchy.relations)
    broken = [c for c in found if holds(table, c) is False]
    findings = [_cell_finding(table, cell, covered) for cell, covered in _culprits(table, broken)]
    if doubtful:
        findings.append(TableFinding(
            table.heading[0], None, text.columns_unclear(table, sorted(doubtful)),
            " ".join(compact(line.text) for line in table.heading), None,
            "table-columns-unclear:" + ":".join(sorted(doubtful)), "info",
        ))
    if hierarchy.unclear:
        relation = hierarchy.unclear[0]
        findings.append(TableFinding(
            table.rows[relation.parent].line, table.heading[0],
            text.unclear(table, relation, len(hierarchy.unclear)),
            _row_text(table, relation.parent), None,
            f"table-unclear:{compact(table.rows[relation.parent].label)}", "info",
        ))
    return findings
