"""What the budget-table findings say, in one place.

Every message is an English template marked for the gettext catalog (``N_``)
and built with ``checker.i18n.msg``: the finding's message is its English
text, and the renderers translate it (``checker/locale/ja``) at output time.
Row labels and column headings are quoted document text and stay as printed.
"""

from __future__ import annotations

from functools import reduce

from checker.analysis.budget_tables import CHANGE, CURRENT, PRIOR, BudgetTable, compact
from checker.i18n import N_, Message, msg

WRONG_FIGURE = N_("{row} {column} is printed {printed}; expected {expected} ({low} to {high} within rounding) from {reasons}")
WRONG_FIGURE_EXACT = N_("{row} {column} is printed {printed}; expected {expected} from {reasons}")
DISAGREES = N_("{row} {column} is printed {printed}, which disagrees with {reasons}")
UNCLEAR = N_(
    "the rows above {row} do not add up to it in any column, however they are grouped "
    "({count} such total(s) in this table); those totals are not checked"
)
COLUMNS_UNCLEAR = N_(
    "the {relation} of this table disagree with its amounts on most rows, so its headings "
    "were not read with confidence; those columns are not checked"
)
RELATION_NAMES = {"change": N_("differences"), "rate": N_("rates"), "ratio": N_("ratios")}
LEDGER_DISAGREES = N_(
    "{row} {column} is printed {printed} {unit} ({amount}億円), but the budget lines of this document "
    "give {expected}億円 for {what}"
)
ROW_AT_LINE = N_("the row at line {line}")
REASONS_JOIN = N_("{first} and from {then}")
RELATIONS_JOIN = N_("{first} and {then}")
SUM_OF_ROWS = N_("the sum of its {count} rows")
PARENT_LESS_OTHERS = N_("{parent} less its other rows")
DIFFERENCE = N_("{left} − {right}")
SUM = N_("{left} + {right}")
CHANGE_RATE = N_("({current} − {prior}) ÷ {prior}")
CURRENT_FROM_RATE = N_("{prior} × (1 + {rate})")
PRIOR_FROM_RATE = N_("{current} ÷ (1 + {rate})")
RATIO = N_("{current} ÷ {prior}")
CURRENT_FROM_RATIO = N_("{prior} × {rate}")
PRIOR_FROM_RATIO = N_("{current} ÷ {rate}")
ZERO_MEANT = N_("{column} {value} ({mark} means it is zero)")
THE_PROGRAMME = N_("the programme 「{name}」")
THE_DOCUMENT = N_("the whole document")


def render(template: str, **args) -> Message:
    return msg(template, **args)


def joined(parts: list, template: str = REASONS_JOIN) -> Message | str:
    """``a and from b and from c`` as one translatable message."""
    return reduce(lambda first, then: msg(template, first=first, then=then), parts) if parts else ""


def row_name(table: BudgetTable, row: int) -> str:
    label = compact(table.rows[row].label)
    return f"「{label}」" if label else render(ROW_AT_LINE, line=str(table.rows[row].line.number))


def column_name(table: BudgetTable, column: int) -> str:
    return compact(table.columns[column].heading)


def _names(table: BudgetTable) -> dict[str, str]:
    roles = {column.role: i for i, column in reversed(list(enumerate(table.columns)))}
    return {role: column_name(table, roles[role]) for role in (CURRENT, PRIOR, CHANGE) if role in roles}


def reason(table: BudgetTable, constraint, cell: tuple[int, int]) -> str:
    """How the constraint computes ``cell``, in the table's own headings."""
    names = _names(table)
    if constraint.kind == "sum":
        if cell == constraint.stated:
            return render(SUM_OF_ROWS, count=str(len(constraint.cells) - 1))
        return render(PARENT_LESS_OTHERS, parent=row_name(table, constraint.stated[0]))
    current, prior, stated = constraint.cells
    which = {current: CURRENT, prior: PRIOR, stated: "stated"}[cell]
    rate = column_name(table, stated[1])
    if constraint.kind == "change":
        change = names.get(CHANGE, rate)
        return {
            "stated": render(DIFFERENCE, left=names[CURRENT], right=names[PRIOR]),
            CURRENT: render(SUM, left=names[PRIOR], right=change),
            PRIOR: render(DIFFERENCE, left=names[CURRENT], right=change),
        }[which]
    if constraint.kind in ("all_new", "all_gone"):
        side = PRIOR if constraint.kind == "all_new" else CURRENT
        column = current if side == CURRENT else prior
        printed = table.rows[column[0]].cells[column[1]]
        mark = "皆増" if constraint.kind == "all_new" else "皆減"
        return render(ZERO_MEANT, column=names[side], value=compact(printed.text) if printed else "", mark=mark)
    templates = {
        "rate": (CHANGE_RATE, CURRENT_FROM_RATE, PRIOR_FROM_RATE),
        "ratio": (RATIO, CURRENT_FROM_RATIO, PRIOR_FROM_RATIO),
    }[constraint.kind]
    template = templates[{"stated": 0, CURRENT: 1, PRIOR: 2}[which]]
    return render(template, current=names[CURRENT], prior=names[PRIOR], rate=rate)


def wrong_figure(table, cell, printed: str, expected: str, allowed: tuple[str, str], reasons: list[str]) -> str:
    args = dict(row=row_name(table, cell[0]), column=column_name(table, cell[1]), printed=printed,
                expected=expected, reasons=joined(reasons))
    if allowed[0] == allowed[1]:
        return render(WRONG_FIGURE_EXACT, **args)
    return render(WRONG_FIGURE, low=allowed[0], high=allowed[1], **args)


def broken(table, cell, printed: str, reasons: list[str]) -> str:
    return render(DISAGREES, row=row_name(table, cell[0]), column=column_name(table, cell[1]), printed=printed,
                  reasons=joined(reasons))


def columns_unclear(table, kinds: list[str]) -> str:
    return render(COLUMNS_UNCLEAR, relation=joined([msg(RELATION_NAMES[kind]) for kind in kinds], RELATIONS_JOIN))


def unclear(table, relation, count: int) -> str:
    return render(UNCLEAR, row=row_name(table, relation.parent), count=str(count))
