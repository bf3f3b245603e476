"""Totals, changes and rates a document states, against the figures they come from.

Budget summary tables found anywhere in the text (a header naming an amount
column and at least one of prior-year amount, change or rate; rows of a label
and one figure per column), ``計`` lines of a 【予算】 block, and signed changes
and rates printed after a programme's amounts. Each stated figure is compared
with the interval its parts allow (``checker.analysis.figures``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import regex

from checker.analysis.entries import entry_line
from checker.analysis.figures import Figure, amount_figure, intervals_meet, quotient_interval, read_figure, sum_interval
from checker.analysis.figures import format_value as _fmt
from checker.analysis.figures import rounding_interval as _interval
from checker.booklet.budget import NUMBER
from checker.booklet.model import BudgetBlock, BudgetEntry, Document, SourceLine
from checker.booklet.text import normalize, normalize_title
from checker.i18n import msg


CURRENT, PRIOR, CHANGE, RATE, RATIO = "current", "prior", "change", "rate", "ratio"
COLUMN_ROLES = (
    (RATE, regex.compile(r"増減率|伸び?率")),
    (RATIO, regex.compile(r"前年(?:度)?比|対前年")),
    (CHANGE, regex.compile(r"増減|差引|差額")),
    (PRIOR, regex.compile(r"前年")),
    (CURRENT, regex.compile(r"要求額|要望額|予算額|決定額|計上額|予算案|概算額")),
)
TOTAL_LABEL = regex.compile(r"^(?:合計|総計|計)$")
SUBTOTAL_LABEL = regex.compile(r"^小計$")
BREAKDOWN_LABEL = regex.compile(r"^(?:うち|内)")
PLACEHOLDER_CELL = regex.compile(r"^(?:[-－―‐—…]|皆増|皆減|新規|皆減)$")
SIGN_ONLY = regex.compile(r"^[▲△]$")
MAX_BLANKS_IN_TABLE = 2


@dataclass
class TableRow:
    line: SourceLine
    label: str
    cells: dict[str, Figure | None]


@dataclass
class Table:
    header: SourceLine
    columns: list[tuple[str, str]]  # (role, printed heading)
    rows: list[TableRow]


def _column_role(token: str) -> str | None:
    folded = unicodedata.normalize("NFKC", token)
    for role, pattern in COLUMN_ROLES:
        if pattern.search(folded):
            return role
    return None


def read_header(text: str) -> list[tuple[str, str]] | None:
    """The numeric columns a header line names, in order; None if it is no header."""
    columns = []
    for token in text.split():
        role = _column_role(token)
        if role is None:
            continue
        if role == CURRENT and any(r == CURRENT for r, _ in columns):
            role = PRIOR  # 令和2年度要求額 令和元年度予算額: the second amount column is last year's
        if any(r == role for r, _ in columns):
            return None
        columns.append((role, token))
    roles = {role for role, _ in columns}
    if CURRENT not in roles or not roles & {PRIOR, CHANGE, RATE, RATIO} or len(columns) < 2:
        return None
    return columns


def read_row(text: str, columns: list[tuple[str, str]]) -> tuple[str, dict[str, Figure | None]] | None:
    tokens = unicodedata.normalize("NFKC", text).split()
    joined: list[str] = []
    for token in tokens:
        if joined and SIGN_ONLY.match(joined[-1]):
            joined[-1] += token
        else:
            joined.append(token)
    if len(joined) < len(columns) + 1:
        return None
    cells_text = joined[-len(columns):]
    label = "".join(joined[: -len(columns)])
    if read_figure(label) is not None:
        return None
    cells: dict[str, Figure | None] = {}
    for (role, _), cell in zip(columns, cells_text):
        figure = read_figure(cell.rstrip("%"))
        if figure is None and not PLACEHOLDER_CELL.match(cell):
            return None
        cells[role] = figure
    if all(figure is None for figure in cells.values()):
        return None
    return label, cells


def find_tables(lines: list[SourceLine]) -> list[Table]:
    """Budget summary tables anywhere in the document's lines."""
    tables = []
    index = 0
    while index < len(lines):
        columns = read_header(lines[index].text) if lines[index].text.strip() else None
        if columns is None:
            index += 1
            continue
        table = Table(lines[index], columns, [])
        blanks = 0
        cursor = index + 1
        while cursor < len(lines):
            text = lines[cursor].text.strip()
            if not text:
                blanks += 1
                if blanks > MAX_BLANKS_IN_TABLE:
                    break
                cursor += 1
                continue
            row = read_row(text, columns)
            if row is None:
                break
            blanks = 0
            table.rows.append(TableRow(lines[cursor], row[0], row[1]))
            cursor += 1
        if table.rows:
            tables.append(table)
            index = cursor
        else:
            index += 1
    return tables


@dataclass(frozen=True)
class Discrepancy:
    line: SourceLine
    related: SourceLine | None
    message: str
    expected: str | None
    key: str


def check_row_arithmetic(label: str, cells: dict[str, Figure | None], headings: dict[str, str]) -> list[tuple[str, str, str]]:
    """(message, expected, key) for a row whose change or rate disagrees with its amounts."""
    problems = []
    current, prior = cells.get(CURRENT), cells.get(PRIOR)
    if current is None or prior is None:
        return problems
    change = cells.get(CHANGE)
    if change is not None:
        low, high = current.low - prior.high, current.high - prior.low
        if not intervals_meet(low, high, change):
            computed = current.value - prior.value
            problems.append((
                msg("{label}: stated {change_heading} {change} is not {current_heading} − {prior_heading} = {computed} ({rounding})",
                    label=label, change_heading=headings[CHANGE], change=change.text(), current_heading=headings[CURRENT],
                    prior_heading=headings[PRIOR], computed=_fmt(computed, change.decimals),
                    rounding=_interval(low, high, change.decimals)),
                _fmt(computed, change.decimals),
                f"{label}:change:{change.value}",
            ))
    for role in (RATE, RATIO):
        stated = cells.get(role)
        if stated is None:
            continue
        quotient = quotient_interval((current.low, current.high), (prior.low, prior.high))
        if quotient is None:
            continue
        offset = Decimal(100) if role == RATE else Decimal(0)
        low, high = quotient[0] * 100 - offset, quotient[1] * 100 - offset
        if not intervals_meet(low, high, stated):
            computed = current.value / prior.value * 100 - offset
            what = msg("(current − prior) / prior") if role == RATE else msg("current / prior")
            problems.append((
                msg("{label}: stated {heading} {stated}%, but {formula} = {computed}% ({rounding})",
                    label=label, heading=headings[role], stated=stated.text(), formula=what,
                    computed=_fmt(computed, stated.decimals), rounding=_interval(low, high, stated.decimals + 1)),
                _fmt(computed, stated.decimals),
                f"{label}:{role}:{stated.value}",
            ))
    return problems


# Radon 17: a running total and a running subtotal over the rows, each row checked once.
def table_discrepancies(table: Table) -> list[Discrepancy]:
    headings = {role: heading for role, heading in table.columns}
    found: list[Discrepancy] = []
    since_total: list[TableRow] = []
    since_subtotal: list[TableRow] = []
    for row in table.rows:
        label = normalize(row.label)
        for message, expected, key in check_row_arithmetic(row.label, row.cells, headings):
            found.append(Discrepancy(row.line, table.header, message, expected, key))
        if BREAKDOWN_LABEL.match(label):
            continue  # a うち row is part of the row above, not another part of the total
        is_total, is_subtotal = TOTAL_LABEL.match(label), SUBTOTAL_LABEL.match(label)
        if not (is_total or is_subtotal):
            since_total.append(row)
            since_subtotal.append(row)
            continue
        parts = since_subtotal if is_subtotal else since_total
        for role in (CURRENT, PRIOR, CHANGE):
            stated = row.cells.get(role)
            figures = [part.cells.get(role) for part in parts]
            if stated is None or not figures or any(figure is None for figure in figures):
                continue
            low, high = sum_interval(figures)
            if not intervals_meet(low, high, stated):
                computed = sum((figure.value for figure in figures), Decimal(0))
                found.append(Discrepancy(
                    row.line,
                    parts[0].line,
                    msg("stated {label} of {heading} is {stated}, but its {count} rows add up to {computed} ({rounding})",
                        label=row.label, heading=headings[role], stated=stated.text(), count=len(figures),
                        computed=_fmt(computed, stated.decimals), rounding=_interval(low, high, stated.decimals)),
                    _fmt(computed, stated.decimals),
                    f"{row.label}:{role}:{stated.value}",
                ))
        if is_subtotal:
            since_subtotal = []
        else:
            since_total, since_subtotal = [], []
    return found


INLINE_RATE = regex.compile(r"(?P<sign>[+＋▲△−])\s*(?P<number>\d+(?:[.．]\d+)?)\s*[%％]")
INLINE_CHANGE = regex.compile(rf"(?P<sign>[+＋▲△−])\s*(?P<number>{NUMBER})\s*(?P<unit>兆円|億円|百万円)")
TOTAL_ENTRY = regex.compile(r"^(?:合計|総計|小計|計)$")


def _block_text_positions(entries: list[BudgetEntry], text: str) -> list[tuple[int, BudgetEntry]]:
    positions = []
    cursor = 0
    for entry in entries:
        if not entry.amount_text:
            continue
        found = text.find(entry.amount_text, cursor)
        if found < 0:
            continue
        positions.append((found, entry))
        cursor = found + len(entry.amount_text)
    return positions


def budget_block_discrepancies(document: Document) -> list[Discrepancy]:
    """Totals (計 lines) and signed changes or rates stated inside budget blocks."""
    found: list[Discrepancy] = []
    for block in document.ledger.blocks:
        found.extend(_block_total_discrepancies(block.entries))
        found.extend(_inline_change_discrepancies(block))
    return found


# Radon 17: a running total and subtotal over the block's entries, and the two printed columns of each.
def _block_total_discrepancies(entries: list[BudgetEntry]) -> list[Discrepancy]:
    """計 / 小計 lines of a block: the sum of the lines above them."""
    found: list[Discrepancy] = []
    parts: list[BudgetEntry] = []
    sub_parts: list[BudgetEntry] = []
    for entry in entries:
        label = normalize_title(entry.name)
        if not TOTAL_ENTRY.match(label):
            if not entry.flags & {"part_of", "sub_programme", "item_request"} and entry.amount is not None:
                parts.append(entry)
                sub_parts.append(entry)
            continue
        summed = sub_parts if label == "小計" else parts
        for what, stated_text, values in (
            (msg("amount"), entry.amount_text, [p.amount_text for p in summed]),
            (msg("prior-year amount"), entry.prior_text, [p.prior_text for p in summed]),
        ):
            stated = amount_figure(stated_text)
            figures = [amount_figure(text) for text in values]
            if stated is None or not figures or any(f is None for f in figures):
                continue
            low, high = sum_interval(figures)
            if not intervals_meet(low, high, stated):
                computed = sum((f.value for f in figures), Decimal(0))
                found.append(Discrepancy(
                    entry_line(entry), entry_line(summed[0]),
                    msg("stated {name} {what} {stated}億円 is not the sum of the {count} lines above it, {computed}億円",
                        name=entry.name, what=what, stated=stated.text(), count=len(figures),
                        computed=_fmt(computed, max(stated.decimals, 0))),
                    _fmt(computed, max(stated.decimals, 0)),
                    f"block:{entry.name}:{what}:{stated.value}",
                ))
        if label == "小計":
            sub_parts = []
        else:
            parts, sub_parts = [], []
    return found


def _inline_change_discrepancies(block: BudgetBlock) -> list[Discrepancy]:
    """Signed changes and rates: they belong to the programme printed before them."""
    found: list[Discrepancy] = []
    entries = block.entries
    text = "\n".join(line.text for line in block.node.lines).replace("**", "")
    positions = _block_text_positions(entries, text)
    for pattern, role in ((INLINE_CHANGE, CHANGE), (INLINE_RATE, RATE)):
        for match in pattern.finditer(text):
            owner = [entry for position, entry in positions if position < match.start()]
            if not owner:
                continue
            entry = owner[-1]
            current, prior = amount_figure(entry.amount_text), amount_figure(entry.prior_text)
            if current is None or prior is None:
                continue
            sign = "-" if match["sign"] in "▲△−" else ""
            number = match["number"]
            if role == CHANGE:
                figure = amount_figure(f"{number}{match['unit']}")
                stated = Figure(-figure.value if sign else figure.value, figure.decimals)
            else:
                stated = read_figure(sign + number)
            cells = {CURRENT: current, PRIOR: prior, role: stated}
            headings = {CURRENT: msg("amount"), PRIOR: msg("prior-year amount"), CHANGE: msg("change"), RATE: msg("change rate")}
            line = next((l for l in block.node.lines if match.group(0).strip() in l.text), entry_line(entry))
            for message, expected, key in check_row_arithmetic(f"「{entry.name}」", cells, headings):
                found.append(Discrepancy(line, None, message, expected, key))
    return found
