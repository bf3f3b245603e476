"""Budget rules (BUD): the figures of the budget ledger against each other,
against the totals a document states, and against the previous edition.

Amounts are compared as printed figures (checker.booklet.amounts): a figure
shown with d decimal places stands for every value that rounds to it, the
half-open interval [x − ½·10⁻ᵈ, x + ½·10⁻ᵈ) (14.5 stands for [14.45, 14.55)).
Two printings of one amount at the same precision must print the same; at
different precisions the coarser one's interval must hold the finer one. A
stated total, change or rate is consistent with its parts when the interval
computed from the parts (a sum of n figures carries n such intervals) shares a
value with the stated figure's interval: the rounding rule of XBRL Calculation
1.1, with half-open intervals.

Copies are not checked twice: budget lines under a heading marked 再掲, or
marked 再掲 themselves, are compared with their originals by the REP rules,
so the budget rules that judge a single programme (BUD002–BUD004) look at
originals only.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from checker.analysis.entries import entry_excerpt, entry_line
from checker.booklet.amounts import printed_figure, same_amount, same_figure
from checker.booklet.budget import AMOUNT
from checker.booklet.model import BudgetEntry, SourceLine
from checker.i18n import msg
from checker.booklet.text import normalize, normalize_title
from checker.hookspecs import hookimpl
from checker.lint.rule import Option, Rule

FLAG_NAMES = {"new": "新規", "item_request": "事項要求"}


# ------------------------------------------------------------------ helpers
def _same_amounts(entry: BudgetEntry, reference: BudgetEntry) -> bool:
    """Amount, prior-year amount and 事項要求 mark the same, each amount as printed."""
    return (
        same_amount(entry.amount, entry.amount_text, reference.amount, reference.amount_text)
        and same_amount(entry.prior_amount, entry.prior_text, reference.prior_amount, reference.prior_text)
        and ("item_request" in entry.flags) == ("item_request" in reference.flags)
    )


def _amounts(entry: BudgetEntry) -> str:
    current = "事項要求" if "item_request" in entry.flags else ("—" if entry.amount is None else f"{entry.amount:,}億円")
    prior = "" if entry.prior_amount is None else f"（前年度 {entry.prior_amount:,}億円）"
    flags = "".join(f"【{FLAG_NAMES[f]}】" for f in ("new",) if f in entry.flags)
    return f"{current}{prior}{flags}"


def _line_with(entry: BudgetEntry, text: str, after: SourceLine | None = None) -> SourceLine:
    wanted = normalize(text)
    started = after is None
    for line in entry.lines:
        if line is after:
            started = True
        if started and wanted and wanted in normalize(line.text):
            return line
    return after or entry_line(entry)


# ------------------------------------------------------------------- rules
class ProgrammeAmountsDiffer(Rule):
    """What it does:
    Groups the budget lines of the whole document by programme (normalised
    name, component and the programme a うち line belongs to; の内数 mentions
    are left to BUD002) and reports each line whose amount, prior-year amount
    or 事項要求 mark differs from the programme's first unmarked line. Lines a
    REP rule already compares with their original (a 再掲 copy against the
    line it repeats) are not reported again.

    Why is this bad?
    One programme has one budget. Two different figures for it in one booklet
    mean at least one is wrong, typically a page updated after a late budget
    change while another page was not.

    Example:
    `地域経済循環創造事業交付金 14.5億円（元年度 10.0億円）` in section 2 and
    `地域経済循環創造事業交付金 15.0億円（元年度 10.0億円）` on a page of section
    4 that is not marked 再掲.
    """

    code = "BUD001"
    needs_body = True
    name = "programme-amounts-differ"
    severity = "error"

    def check(self):
        analysis = self.analysis.repeats()
        compared = self.analysis.repeat_differences().compared_entries
        groups: dict[tuple, list[BudgetEntry]] = {}
        for entry in self.document.ledger.entries:
            if "part_of" in entry.flags:
                continue
            key = (normalize_title(entry.name), entry.component, normalize_title(entry.parent or ""))
            groups.setdefault(key, []).append(entry)
        for entries in groups.values():
            if len(entries) < 2:
                continue
            reference = next((e for e in entries if not analysis.entry_in_repeat(e)), entries[0])
            for entry in entries:
                if entry is reference or (id(entry), id(reference)) in compared:
                    continue
                if _same_amounts(entry, reference):
                    continue
                yield self.draft(
                    msg("programme 「{name}」 is printed here as {here} but elsewhere as {elsewhere}", name=entry.name, here=_amounts(entry), elsewhere=_amounts(reference)),
                    self.at_line(entry_line(entry)),
                    related=(self.at_line(entry_line(reference)),),
                    excerpt=entry_excerpt(entry),
                    expected=entry_excerpt(reference),
                    key=f"{normalize_title(entry.name)}:{entry.amount}:{entry.prior_amount}",
                )


class PartOfTotalMismatch(Rule):
    """What it does:
    A budget line `X億円の内数` says the work is paid from programme X, whose
    total is X億円. Where the same document prints that programme's own total
    (an unmarked line with the same normalised name and no の内数), the two
    must agree, for the current and for the prior year (`（元年度 Y億円の内数）`).
    Where no total is printed, every の内数 mention of the programme must agree
    with the first one.

    Why is this bad?
    The の内数 figure is the programme's total, restated. When the total
    changes and one mention is not updated, the booklet gives two budgets for
    one programme.

    Example:
    `戦略的情報通信研究開発推進事業 (SCOPE) 21.0億円（元年度 15.3億円）` and,
    on another page, `戦略的情報通信研究開発推進事業 (SCOPE) 22.0億円の内数`.
    """

    code = "BUD002"
    needs_body = True
    name = "part-of-total-mismatch"
    severity = "error"

    def check(self):
        originals = self.analysis.budget_originals()
        totals: dict[tuple, BudgetEntry] = {}
        for entry in originals:
            if "part_of" not in entry.flags and entry.amount is not None:
                totals.setdefault((normalize_title(entry.name), entry.component), entry)
        first_mention: dict[tuple, BudgetEntry] = {}
        for entry in originals:
            if "part_of" not in entry.flags:
                continue
            key = (normalize_title(entry.name), entry.component)
            reference = totals.get(key)
            what = msg("the programme's total printed")
            if reference is None:
                reference = first_mention.setdefault(key, entry)
                what = msg("another の内数 mention of the programme")
                if reference is entry:
                    continue
            problems = []
            if not same_amount(entry.amount, entry.amount_text, reference.amount, reference.amount_text):
                problems.append(msg("{amount:,}億円の内数, but {what} says {reference:,}億円", amount=entry.amount, what=what, reference=reference.amount))
            if "prior_part_of" in entry.flags and entry.prior_amount is not None and reference.prior_amount is not None:
                if not same_amount(entry.prior_amount, entry.prior_text, reference.prior_amount, reference.prior_text):
                    problems.append(
                        msg("prior year {amount:,}億円の内数, but {what} says {reference:,}億円", amount=entry.prior_amount, what=what, reference=reference.prior_amount)
                    )
            for problem in problems:
                yield self.draft(
                    msg("「{name}」: {problem}", name=entry.name, problem=problem),
                    self.at_line(entry_line(entry)),
                    related=(self.at_line(entry_line(reference)),),
                    excerpt=entry_excerpt(entry),
                    expected=entry_excerpt(reference),
                    key=f"{key[0]}:{problem}",
                )


class NewProgrammeWithPriorAmount(Rule):
    """What it does:
    Reports a budget line marked 【新規】 (new programme) that also states a
    prior-year amount or a prior-year 事項要求.

    Why is this bad?
    A new programme had no budget last year. Either the 新規 mark is wrong (a
    continuing programme), or the prior-year figure was copied from another
    line.

    Example:
    `多言語翻訳の普及推進 1.2億円【新規】（元年度 0.8億円）`.
    """

    code = "BUD003"
    needs_body = True
    name = "new-programme-with-prior-amount"
    severity = "warning"

    def check(self):
        for entry in self.analysis.budget_originals():
            if "new" not in entry.flags:
                continue
            if entry.prior_amount is None and "prior_item_request" not in entry.flags:
                continue
            prior = "事項要求" if entry.prior_amount is None else f"{entry.prior_amount:,}億円"
            yield self.draft(
                msg("「{name}」 is marked 新規 but states a prior-year amount ({prior})", name=entry.name, prior=prior),
                self.at_line(_line_with(entry, entry.prior_text, entry_line(entry))),
                excerpt=entry_excerpt(entry),
                key=f"{normalize_title(entry.name)}:{prior}",
            )


class ZeroPriorAmountNotNew(Rule):
    """What it does:
    Reports a budget line whose prior-year amount is printed as zero (0.0億円)
    while the line is not marked 【新規】.

    Why is this bad?
    A programme without a budget last year is new and is marked so; a zero
    that stands for an amount below the printed precision (under 0.05億円)
    reads as "no budget". Either mark the line 新規 or print the amount in a
    unit that shows it. Informational: both readings occur.

    Example:
    `各府省の統計作成支援のための相談・支援窓口の設置 0.4億円（元年度 0.0億円）`.
    """

    code = "BUD004"
    needs_body = True
    name = "zero-prior-amount-not-new"
    severity = "info"

    def check(self):
        for entry in self.analysis.budget_originals():
            if entry.prior_amount is None or entry.prior_amount != 0 or "new" in entry.flags:
                continue
            yield self.draft(
                msg("「{name}」 states a prior-year amount of 「{prior}」 but is not marked 新規", name=entry.name, prior=entry.prior_text.strip() or '0'),
                self.at_line(_line_with(entry, entry.prior_text, entry_line(entry))),
                excerpt=entry_excerpt(entry),
                key=f"{normalize_title(entry.name)}:zero-prior",
            )


@dataclass(frozen=True)
class PrintedAmount:
    entry: BudgetEntry
    text: str  # the figure as printed, with its unit
    line: SourceLine
    decimals: int
    separated: bool | None  # thousands separators used (None below 1,000)
    full_width: bool


def printed_amounts(entry: BudgetEntry) -> list[PrintedAmount]:
    """Every amount printed on a budget line: current, prior, supplementary."""
    found = []
    current_line = entry_line(entry)
    for source, line in ((entry.amount_text, current_line), (entry.prior_text, None)):
        for match in AMOUNT.finditer(source or ""):
            number = match["number"]
            folded = unicodedata.normalize("NFKC", number)
            integer = folded.split(".", 1)[0]
            digits = integer.replace(",", "")
            found.append(
                PrintedAmount(
                    entry=entry,
                    text=f"{number}{match['unit']}",
                    line=line or _line_with(entry, match.group(0), current_line),
                    decimals=len(folded.split(".", 1)[1]) if "." in folded else 0,
                    separated=("," in integer) if len(digits) > 3 else None,
                    full_width=folded != number.replace("，", ","),
                )
            )
    return found


class AmountNotationDeparts(Rule):
    """What it does:
    Learns the document's dominant way of printing budget amounts (decimal
    places, thousands separators, digit width) and reports each amount
    printed otherwise. Fiscal investment (財投) amounts are a population of
    their own, since they are customarily printed in whole 億円. An aspect is
    judged only when at least ``min-count`` amounts show it and the most
    common form has at least ``min-share`` of them.

    Why is this bad?
    `20億円` among hundreds of `20.0億円`-style figures reads as a rounded or
    provisional figure, and a reader cannot tell whether 0.3億円 were dropped.
    Consistent notation is part of the booklet's house style.

    Example:
    `多言語翻訳技術の高度化に関する研究開発 20億円【新規】` where the document
    prints one decimal place.
    """

    code = "BUD005"
    needs_body = True
    name = "amount-notation-departs"
    severity = "info"
    options = {
        "min-count": Option(10, "fewest amounts that must show an aspect before its dominant form is judged"),
        "min-share": Option(0.75, "share (0–1) of those amounts the most common form must have to be the norm"),
    }

    ASPECTS = (
        ("decimals", lambda a: a.decimals, lambda v: msg("{count} decimal place(s)", count=v)),
        ("separators", lambda a: a.separated, lambda v: msg("thousands separators") if v else msg("no thousands separators")),
        ("width", lambda a: a.full_width, lambda v: msg("full-width digits") if v else msg("half-width digits")),
    )

    def check(self):
        populations: dict[str, list[PrintedAmount]] = {}
        for entry in self.document.ledger.entries:
            population = "fiscal_investment" if "fiscal_investment" in entry.flags else "budget"
            populations.setdefault(population, []).extend(printed_amounts(entry))
        for population, amounts in populations.items():
            for aspect, value_of, describe in self.ASPECTS:
                values = [value_of(a) for a in amounts if value_of(a) is not None]
                if len(values) < self.config["min-count"]:
                    continue
                norm, count = Counter(values).most_common(1)[0]
                if count / len(values) < self.config["min-share"]:
                    continue
                for amount in amounts:
                    value = value_of(amount)
                    if value is None or value == norm:
                        continue
                    yield self.draft(
                        msg("amount 「{amount}」 of 「{name}」 is printed with {form}; "
                            "the document prints {norm} ({count} of {total} amounts)",
                            amount=amount.text, name=amount.entry.name, form=describe(value), norm=describe(norm),
                            count=count, total=len(values)),
                        self.at_line(amount.line),
                        excerpt=amount.line.text.strip(),
                        key=f"{aspect}:{normalize_title(amount.entry.name)}:{amount.text}",
                    )


class StatedTotalMismatch(Rule):
    """What it does:
    Checks every total, change and rate the document states against the
    figures it is computed from. Budget summary tables found anywhere in the
    text, or as the whole document: columns read by the meaning of their
    headings (this year's and last year's amount, difference, rate or ratio),
    cells such as `164,246+事項要求`, 皆増, a dash, ▲ or △; each parent row and
    each 計 must be the sum of its rows (read from うち labels, indentation or
    the arithmetic), column by column, each row's difference this year's
    amount less last year's and its rate the difference over last year's
    amount. Also `計` lines of a 【予算】 block, and signed changes (`+3.0億円`,
    `▲1.2億円`) and rates (`+3.4%`) printed after a programme's amounts.
    Each printed figure stands for the values that round to it (that
    truncate to it, where a footnote says 切り捨て), and a sum of n figures
    carries n such intervals. A wrong figure is reported once, at its row,
    with the figure expected and the range rounding allows.

    Why is this bad?
    A stated total that is not the sum of its parts is a wrong figure in the
    most read part of a budget summary, and usually means a row was updated
    without the total, or the other way round.

    Example:
    `計 1,250,402 1,188,145 62,257 5.2` under rows whose 要求額 add up to
    1,249,402.
    """

    code = "BUD006"
    needs_body = True
    name = "stated-total-mismatch"
    severity = "error"

    def check(self):
        for item in self.analysis.stated_total_discrepancies:
            yield self.draft(
                item.message,
                self.at_line(item.line),
                related=(self.at_line(item.related),) if item.related is not None else (),
                excerpt=item.excerpt or item.line.text.strip(),
                expected=item.expected,
                key=item.key,
            )


class _TableFindingRule(Rule):
    """Reports table findings of one kind from the shared analysis."""

    def findings(self):
        raise NotImplementedError

    def check(self):
        for item in self.findings():
            yield self.draft(
                item.message,
                self.at_line(item.line),
                related=(self.at_line(item.related),) if item.related is not None else (),
                excerpt=item.excerpt,
                expected=item.expected,
                key=item.key,
            )


class SummaryTableDisagreesWithLedger(_TableFindingRule):
    """What it does:
    Where a document prints both budget lines and a summary table, compares
    each table row whose label names a programme, a chapter or a section of the
    document with the budget lines: the row's amount and prior-year amount,
    converted from the table's unit (億円, 百万円, 千円 from its caption) to
    億円, must agree with the programme's printed amount, or with the sum of the
    chapter's or section's counted amounts, within the rounding of both sides.
    A table whose unit is not printed is not compared.

    Why is this bad?
    The summary table and the pages it summarises are two printings of the
    same budget. When one is updated and the other is not, the reader of the
    summary sees a figure the booklet does not support.

    Example:
    `地域経済循環創造事業交付金 14.5億円（元年度 10.0億円）` in the text and a
    table in 百万円 whose row 地域経済循環創造事業交付金 prints 1,550.
    """

    code = "BUD008"
    name = "summary-table-disagrees-with-ledger"
    severity = "warning"

    def findings(self):
        return self.analysis.table_ledger_findings


class SummaryTableGroupingUnclear(_TableFindingRule):
    """What it does:
    Reads which rows of a budget summary table add up to which (うち labels,
    indentation, else the arithmetic of consecutive rows) and reports, once per
    table, when the rows above a total do not add up to it in any column under
    any grouping; likewise when a table's differences or rates disagree with
    its amounts on most rows (one wrong figure breaks one row; most rows mean
    the headings were misread, after trying this year's and last year's
    columns the other way round). Those totals or columns are then left
    unchecked by BUD006 instead of being reported figure by figure.

    Why is this bad?
    A total that agrees with no grouping of the rows above it is either a
    table that lists only some of its parts (主な内訳) without saying so, or a
    table whose rows the text layer could not deliver in order. Either way its
    totals cannot be checked, and the reader should know they were not.

    Example:
    `計 171,928 166,295 5,633 3.4` under rows that add up to 9,000 in every
    column.
    """

    code = "BUD009"
    name = "summary-table-grouping-unclear"
    severity = "info"

    def findings(self):
        return [item for item in self.analysis.table_findings if item.severity == "info"]


# ------------------------------------------------------------ cross edition
class PriorAmountDiffersFromPreviousEdition(Rule):
    """What it does:
    With `checker check NEW --previous OLD`: for each programme of NEW that
    states a prior-year amount, finds the same programme in OLD (the same
    normalised name and component, else the most similar name at or above
    ``name-threshold``) and reports it when NEW's prior-year amount is not the
    amount OLD printed. Two figures printed at the same precision must print
    the same (5.0 and 5.1 differ); a figure printed at another precision may
    differ within the coarser one's rounding (3,250 and 3,250.4 agree,
    3,250 and 3,250.5 do not).
    Repeats (再掲) are skipped in both editions; a programme OLD does not
    list, or lists as 事項要求, is not compared.

    Why is this bad?
    Last year's amount printed this year should be last year's budget. A
    difference is either a typing slip or a figure that changed between the
    editions, which the reader should be told about. The default severity is
    warning, not error: a previous edition may print requested amounts
    (概算要求) where the new one prints the enacted budget, so a difference is
    not always a mistake.

    Example:
    2020 edition: `関係人口創出・拡大事業 8.1億円（元年度 5.1億円）`;
    2019 edition: `関係人口創出・拡大事業 5.0億円`.
    """

    code = "BUD007"
    needs_body = True
    name = "prior-amount-differs-from-previous-edition"
    severity = "warning"
    cross_edition = True
    options = {
        "name-threshold": Option(90.0, "similarity (0–100) at or above which a differently named programme of the previous edition is the same programme"),
    }

    def check(self):
        if self.previous is None:
            return
        old_entries = [e for e in self.previous_analysis.budget_originals() if e.amount is not None]
        by_key: dict[tuple, list[BudgetEntry]] = {}
        for entry in old_entries:
            by_key.setdefault((normalize_title(entry.name), entry.component), []).append(entry)
        for entry in self.analysis.budget_originals():
            if entry.prior_amount is None:
                continue
            old = self._find(entry, by_key, old_entries)
            if old is None:
                continue
            new_prior = printed_figure(entry.prior_amount, entry.prior_text)
            old_amount = printed_figure(old.amount, old.amount_text)
            if new_prior is None or old_amount is None:
                continue
            if same_figure(old_amount, new_prior):
                continue
            yield self.draft(
                msg("prior-year amount of 「{name}」 is {prior:,}億円, but the previous edition printed {old:,}億円",
                    name=entry.name, prior=entry.prior_amount, old=old.amount)
                if old.name == entry.name else
                msg("prior-year amount of 「{name}」 is {prior:,}億円, but the previous edition printed {old:,}億円 for 「{old_name}」",
                    name=entry.name, prior=entry.prior_amount, old=old.amount, old_name=old.name),
                self.at_line(_line_with(entry, entry.prior_text, entry_line(entry))),
                related=(self.previous.location(entry_line(old)),),
                excerpt=entry_excerpt(entry),
                expected=entry_excerpt(old),
                key=f"{normalize_title(entry.name)}:{entry.prior_amount}:{old.amount}",
            )

    def _find(self, entry: BudgetEntry, by_key: dict, old_entries: list[BudgetEntry]) -> BudgetEntry | None:
        candidates = by_key.get((normalize_title(entry.name), entry.component), [])
        if candidates:
            wanted_part_of = "prior_part_of" in entry.flags
            return next((c for c in candidates if ("part_of" in c.flags) == wanted_part_of), candidates[0])
        wanted = normalize_title(entry.name)
        best, best_score = None, 0.0
        for candidate in old_entries:
            if candidate.component != entry.component:
                continue
            score = fuzz.ratio(wanted, normalize_title(candidate.name))
            if score > best_score:
                best, best_score = candidate, score
        return best if best_score >= self.config["name-threshold"] else None


RULES = [
    ProgrammeAmountsDiffer,
    PartOfTotalMismatch,
    NewProgrammeWithPriorAmount,
    ZeroPriorAmountNotNew,
    AmountNotationDeparts,
    StatedTotalMismatch,
    PriorAmountDiffersFromPreviousEdition,
    SummaryTableDisagreesWithLedger,
    SummaryTableGroupingUnclear,
]


@hookimpl
def checker_rules() -> list[type[Rule]]:
    return RULES
