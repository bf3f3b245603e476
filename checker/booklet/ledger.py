"""Budget ledger totals: per chapter and section, current and prior year.

Entries marked part-of (の内数), repeat (再掲) or fiscal investment (財投) are
listed but not summed: a part-of amount is a share of a programme counted
elsewhere, a repeat is counted at its original, and fiscal investment is not
budget expenditure.

Totals are comparable year over year: a programme whose amount for either
year is not a figure of its own (事項要求, or a prior year printed as の内数)
is left out of both years' totals — counting it as zero in one year would show
a change that is not one (震災復興特別交付税 3,250億円 → 事項要求 is not a cut
of 3,250億円). Such programmes are counted on a line of their own
(``without_figure``), with the figures that were set aside, and の内数
mentions are counted (``part_of``) beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from checker.i18n import N_
from checker.booklet.model import BudgetEntry, Ledger


@dataclass(frozen=True)
class Total:
    scope: str  # "document", "chapter" or "section"
    key: str | None  # chapter numeral or section number
    amount: Decimal  # comparable programmes only (see the module docstring)
    prior_amount: Decimal
    entries: int  # entries summed
    new: int  # summed entries marked new
    with_prior: int  # summed entries that state a prior-year amount
    excluded: int  # entries listed but not summed (の内数, 再掲, 財投)
    ended: int = 0  # summed entries with a prior-year amount and a current amount of zero
    item_requests: int = 0  # programmes whose current amount is 事項要求
    without_figure: int = 0  # programmes left out of both years' totals: a year without a figure of its own
    set_aside_amount: Decimal = Decimal(0)  # their current figures (where printed), not in ``amount``
    set_aside_prior_amount: Decimal = Decimal(0)  # their prior-year figures, not in ``prior_amount``
    part_of: int = 0  # の内数 mentions (originals, not 再掲 copies), listed and not summed

    @property
    def change(self) -> Decimal:
        return self.amount - self.prior_amount

    def to_dict(self) -> dict:
        return {
            "scope": self.scope,
            "key": self.key,
            "amount": str(self.amount),
            "prior_amount": str(self.prior_amount),
            "change": str(self.change),
            "entries": self.entries,
            "new": self.new,
            "with_prior": self.with_prior,
            "excluded": self.excluded,
            "ended": self.ended,
            "item_requests": self.item_requests,
            "without_figure": self.without_figure,
            "set_aside_amount": str(self.set_aside_amount),
            "set_aside_prior_amount": str(self.set_aside_prior_amount),
            "part_of": self.part_of,
        }


def has_figure(entry: BudgetEntry) -> bool:
    """The current amount is a figure of the programme's own (not 事項要求, not の内数)."""
    return entry.amount is not None and "part_of" not in entry.flags


def has_prior_figure(entry: BudgetEntry) -> bool:
    """The prior year is a figure of its own, or no prior year at all (a new programme)."""
    return not entry.flags & {"prior_item_request", "prior_part_of"}


def is_comparable(entry: BudgetEntry) -> bool:
    """Summed into both years' totals: counted, with a figure of its own for both years."""
    return entry.counts_in_totals and has_figure(entry) and has_prior_figure(entry)


def _sum(values) -> Decimal:
    return sum((value for value in values if value is not None), Decimal(0))


def _total(scope: str, key: str | None, entries: list[BudgetEntry]) -> Total:
    counted = [entry for entry in entries if entry.counts_in_totals]
    summed = [entry for entry in counted if is_comparable(entry)]
    set_aside = [entry for entry in counted if not is_comparable(entry)]
    return Total(
        scope=scope,
        key=key,
        amount=_sum(entry.amount for entry in summed),
        prior_amount=_sum(entry.prior_amount for entry in summed),
        entries=len(summed),
        new=sum(1 for entry in summed if "new" in entry.flags),
        with_prior=sum(1 for entry in summed if entry.prior_amount is not None),
        excluded=len(entries) - len(counted),
        ended=sum(1 for entry in summed if entry.amount == 0 and entry.prior_amount),
        item_requests=sum(1 for entry in counted if "item_request" in entry.flags),
        without_figure=len(set_aside),
        set_aside_amount=_sum(entry.amount for entry in set_aside if has_figure(entry)),
        set_aside_prior_amount=_sum(entry.prior_amount for entry in set_aside if has_prior_figure(entry)),
        part_of=sum(1 for entry in entries if "part_of" in entry.flags and "repeat" not in entry.flags),
    )


def ledger_totals(ledger: Ledger) -> list[Total]:
    entries = ledger.entries
    totals = [_total("document", None, entries)]
    chapters: dict[str, list[BudgetEntry]] = {}
    sections: dict[str, list[BudgetEntry]] = {}
    for entry in entries:
        chapters.setdefault(entry.chapter or "?", []).append(entry)
        sections.setdefault(entry.section or "?", []).append(entry)
    totals += [_total("chapter", key, chapter_entries) for key, chapter_entries in chapters.items()]
    totals += [
        _total("section", key, section_entries)
        for key, section_entries in sorted(sections.items(), key=lambda item: int(item[0]) if item[0].isdigit() else 999)
    ]
    return totals


EXCLUSION_NOTE = N_(
    "Totals exclude entries flagged part_of (の内数), repeat (再掲) and fiscal_investment (財投), "
    "and programmes without a figure of their own in either year (事項要求, prior year の内数): "
    "those are counted as without_figure, with the figures set aside."
)


def programmes_without_figure(ledger: Ledger) -> list[BudgetEntry]:
    """Counted programmes left out of the comparable totals, in ledger order."""
    return [entry for entry in ledger.entries if entry.counts_in_totals and not is_comparable(entry)]
