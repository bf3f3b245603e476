"""What the budget-table findings say, in English and Japanese, in one place.

Messages are English templates (the project's message ids); ``JAPANESE`` holds
the editor's wording for each, so the catalog of the i18n layer can take them
over as they are. ``render(template, "ja", …)`` gives the Japanese text.
"""

from __future__ import annotations

from checker.analysis.budget_tables import CHANGE, CURRENT, PRIOR, BudgetTable, compact

WRONG_FIGURE = "{row} {column} is printed {printed}; expected {expected} ({low} to {high} within rounding) from {reasons}"
WRONG_FIGURE_EXACT = "{row} {column} is printed {printed}; expected {expected} from {reasons}"
DISAGREES = "{row} {column} is printed {printed}, which disagrees with {reasons}"
UNCLEAR = (
    "the rows above {row} do not add up to it in any column, however they are grouped "
    "({count} such total(s) in this table); those totals are not checked"
)
COLUMNS_UNCLEAR = (
    "the {relation} of this table disagree with its amounts on most rows, so its headings "
    "were not read with confidence; those columns are not checked"
)
RELATION_NAMES = {"change": "differences", "rate": "rates", "ratio": "ratios"}
LEDGER_DISAGREES = (
    "{row} {column} is printed {printed} {unit} ({amount}億円), but the budget lines of this document "
    "give {expected}億円 for {what}"
)
ROW_AT_LINE = "the row at line {line}"
REASONS_JOIN = " and from "
SUM_OF_ROWS = "the sum of its {count} rows"
PARENT_LESS_OTHERS = "{parent} less its other rows"
DIFFERENCE = "{left} − {right}"
SUM = "{left} + {right}"
CHANGE_RATE = "({current} − {prior}) ÷ {prior}"
CURRENT_FROM_RATE = "{prior} × (1 + {rate})"
PRIOR_FROM_RATE = "{current} ÷ (1 + {rate})"
RATIO = "{current} ÷ {prior}"
CURRENT_FROM_RATIO = "{prior} × {rate}"
PRIOR_FROM_RATIO = "{current} ÷ {rate}"
ZERO_MEANT = "{column} {value} ({mark} means it is zero)"
THE_PROGRAMME = "the programme 「{name}」"
THE_DOCUMENT = "the whole document"

JAPANESE = {
    WRONG_FIGURE: "{row}の{column}が {printed} です。{reasons}から {expected}（四捨五入の範囲 {low}～{high}）となります",
    WRONG_FIGURE_EXACT: "{row}の{column}が {printed} です。{reasons}から {expected} となります",
    DISAGREES: "{row}の{column} {printed} は、{reasons}と合いません",
    UNCLEAR: "{row}より上の行は、どう組み合わせても、どの列でも{row}と一致しません（この表で{count}か所）。これらの計は検査していません",
    COLUMNS_UNCLEAR: "この表の{relation}は大半の行で金額と合わないため、見出しを確実に読み取れません。これらの列は検査していません",
    "differences": "比較増減額",
    "rates": "増減率",
    "ratios": "対前年度比",
    LEDGER_DISAGREES: "{row}の{column}は {printed}{unit}（{amount}億円）ですが、本文の予算額では{what}は {expected}億円です",
    ROW_AT_LINE: "{line}行目の行",
    REASONS_JOIN: "、および",
    SUM_OF_ROWS: "内訳{count}行の合計",
    PARENT_LESS_OTHERS: "{parent}から他の内訳を差し引いた額",
    DIFFERENCE: "{left}－{right}",
    SUM: "{left}＋{right}",
    CHANGE_RATE: "（{current}－{prior}）÷{prior}",
    CURRENT_FROM_RATE: "{prior}×（1＋{rate}）",
    PRIOR_FROM_RATE: "{current}÷（1＋{rate}）",
    RATIO: "{current}÷{prior}",
    CURRENT_FROM_RATIO: "{prior}×{rate}",
    PRIOR_FROM_RATIO: "{current}÷{rate}",
    ZERO_MEANT: "{column} {value}（{mark}は0を意味します）",
    THE_PROGRAMME: "事業「{name}」",
    THE_DOCUMENT: "文書全体",
}


def render(template: str, language: str = "en", **args: str) -> str:
    chosen = JAPANESE[template] if language == "ja" else template
    return chosen.format(**args)


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
                expected=expected, reasons=render(REASONS_JOIN).join(reasons))
    if allowed[0] == allowed[1]:
        return render(WRONG_FIGURE_EXACT, **args)
    return render(WRONG_FIGURE, low=allowed[0], high=allowed[1], **args)


def broken(table, cell, printed: str, reasons: list[str]) -> str:
    return render(DISAGREES, row=row_name(table, cell[0]), column=column_name(table, cell[1]), printed=printed,
                  reasons=render(REASONS_JOIN).join(reasons))


def columns_unclear(table, kinds: list[str]) -> str:
    return render(COLUMNS_UNCLEAR, relation=" / ".join(RELATION_NAMES[kind] for kind in kinds))


def unclear(table, relation, count: int) -> str:
    return render(UNCLEAR, row=row_name(table, relation.parent), count=str(count))
