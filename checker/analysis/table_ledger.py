"""A printed summary table against the budget lines of the same document.

Where a document prints both budget lines (the ledger) and a summary table,
the table's rows name programmes, chapters or sections the ledger also sums. A
row is matched by its label (compared as a title: width-folded, without
spaces); its amounts, converted from the table's unit to 億円, must agree with
the ledger's figure for the same thing — a programme's printed amount, or the
sum of a chapter's or section's counted amounts — within the rounding of both
sides (each ledger amount is a printed figure too). A table whose unit is not
printed is not compared.
"""

from __future__ import annotations

from decimal import Decimal

from checker.analysis import table_messages as text
from checker.analysis.budget_tables import CURRENT, PRIOR, UNIT_IN_OKU, BudgetTable, ROW, TOTAL, compact
from checker.analysis.table_checks import TableFinding, _row_text, format_figure
from checker.analysis.table_intervals import Interval, cell_interval, meets, scaled, total_of
from checker.booklet.amounts import printed_figure
from checker.booklet.model import BudgetEntry, Document
from checker.booklet.text import normalize_title


def _entry_interval(entry: BudgetEntry, year: str) -> Interval | None:
    value, printed = (entry.amount, entry.amount_text) if year == CURRENT else (entry.prior_amount, entry.prior_text)
    if year == PRIOR and "prior_part_of" in entry.flags:
        return None
    figure = printed_figure(value, printed)
    if figure is None:
        return (Decimal(0), Decimal(0)) if year == CURRENT and "item_request" in entry.flags else None
    return figure.low, figure.high


def ledger_groups(document: Document) -> dict[str, tuple[str, str, list[BudgetEntry]]]:
    """Programmes, chapters and sections by comparable name: (kind, what, counted entries)."""
    counted = [entry for entry in document.ledger.entries if entry.counts_in_totals]
    groups: dict[str, tuple[str, str, list[BudgetEntry]]] = {}
    for entry in counted:
        what = text.render(text.THE_PROGRAMME, name=entry.name)
        groups.setdefault(normalize_title(entry.name), ("programme", what, []))[2].append(entry)
    for node, kind in [(n, "chapter") for n in document.chapters()] + [(n, "section") for n in document.sections()]:
        members = [e for e in counted if (e.chapter if kind == "chapter" else e.section) == node.number]
        if members and node.title:
            groups.setdefault(normalize_title(node.title), (kind, f"「{node.title}」", members))
    return groups


def _label_key(label: str) -> str:
    return normalize_title(compact(label).lstrip("0123456789ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ.．、)）"))


def _whole_document(table: BudgetTable, index: int, groups, document: Document):
    """The last 計 of a table whose other rows are exactly the document's chapters
    (or sections) stands for the whole document."""
    rows = table.rows
    if rows[index].kind != TOTAL or any(row.kind == TOTAL for row in rows[index + 1:]):
        return None
    parts = [groups.get(_label_key(row.label)) for row in rows[:index] if row.kind == ROW]
    if not parts or any(part is None for part in parts):
        return None
    kinds = {part[0] for part in parts}
    if len(kinds) != 1 or kinds == {"programme"}:
        return None
    counted = [entry for entry in document.ledger.entries if entry.counts_in_totals]
    covered = {id(entry) for part in parts for entry in part[2]}
    if covered != {id(entry) for entry in counted}:
        return None
    return ("document", text.render(text.THE_DOCUMENT), counted)


def table_against_ledger(table: BudgetTable, document: Document) -> list[TableFinding]:
    factor = UNIT_IN_OKU.get(table.unit or "")
    current, prior = table.column(CURRENT), table.column(PRIOR)
    if factor is None or current is None or not document.ledger.entries:
        return []
    groups = ledger_groups(document)
    found = []
    for index, row in enumerate(table.rows):
        matched = groups.get(_label_key(row.label)) or _whole_document(table, index, groups, document)
        if row.kind not in (ROW, TOTAL) or matched is None:
            continue
        kind, what, entries = matched
        if kind == "programme" and len(entries) > 1:
            continue  # one programme printed twice: BUD001's business
        for column, year in ((current, CURRENT), (prior, PRIOR)):
            finding = _compare(table, index, column, year, what, entries, Decimal(factor))
            if finding:
                found.append(finding)
    return found


def _compare(table, index, column, year, what, entries, factor) -> TableFinding | None:
    stated = cell_interval(table, index, column)
    parts = [_entry_interval(entry, year) for entry in entries]
    if column is None or stated is None or not parts or any(part is None for part in parts):
        return None
    ledger = total_of(parts)
    if meets(scaled(stated, factor), ledger):
        return None
    cell = table.rows[index].cells[column]
    middle = sum((p[0] + p[1] for p in parts), Decimal(0)) / 2
    return TableFinding(
        table.rows[index].line, entries[0].amount_line,
        text.render(text.LEDGER_DISAGREES, row=text.row_name(table, index), column=text.column_name(table, column),
                    printed=compact(cell.text), unit=table.unit, amount=f"{cell.figure.value * factor:,f}".rstrip("0").rstrip("."),
                    expected=f"{middle:,f}".rstrip("0").rstrip("."), what=what),
        _row_text(table, index), _row_text(table, index, (column, format_figure(middle / factor, cell.text, cell.figure.decimals))),
        f"ledger:{compact(table.rows[index].label)}:{year}:{compact(cell.text)}",
    )
