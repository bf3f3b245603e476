"""Totals, changes and rates a budget block states, against the figures they come from.

``計`` lines of a 【予算】 block, and signed changes and rates printed after a
programme's amounts. Each stated figure is compared with the interval its parts
allow (``checker.analysis.figures``). Budget summary tables are read and
checked by ``budget_tables`` and ``table_checks``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from checker.analysis.entries import entry_line
from checker.analysis.figures import Figure, amount_figure, intervals_meet, quotient_interval, read_figure, sum_interval
from checker.analysis.figures import format_value as _fmt
from checker.analysis.figures import rounding_interval as _interval
from checker.booklet.budget import NUMBER
from checker.booklet.model import BudgetBlock, BudgetEntry, Document, SourceLine
from checker.booklet.text import normalize_title
from checker.i18n import msg


CURRENT, PRIOR, CHANGE, RATE, RATIO = "current", "prior", "change", "rate", "ratio"
@dataclass(frozen=True)
class Discrepancy:
    line: SourceLine
    related: SourceLine | None
    message: str
    expected: str | None
    key: str
    excerpt: str | None = None  # what the finding quotes; the line's text when None


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
