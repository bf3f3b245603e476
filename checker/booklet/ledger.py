"""Budget ledger totals: per chapter and section, current and prior year.

Entries marked part-of (の内数), repeat (再掲) or fiscal investment (財投) are
listed but not summed: a part-of amount is a share of a programme counted
elsewhere, a repeat is counted at its original, and fiscal investment is not
budget expenditure. Item requests (事項要求) carry no amount.
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
    amount: Decimal
    prior_amount: Decimal
    entries: int  # entries summed
    new: int  # summed entries marked new
    with_prior: int  # summed entries that state a prior-year amount
    excluded: int  # entries listed but not summed
    ended: int = 0  # summed entries with a prior-year amount and a current amount of zero
    item_requests: int = 0  # summed entries whose current amount is 事項要求 (not in the current total)
    unpriced: int = 0  # summed entries without a current amount (事項要求, or none printed)

    @property
    def priced(self) -> int:
        """Summed entries that carry a current amount."""
        return self.entries - self.unpriced

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
        }


# Radon 19 counts the conditions of nine one-line sums; each field of Total is one line.
def _total(scope: str, key: str | None, entries: list[BudgetEntry]) -> Total:
    summed = [entry for entry in entries if entry.counts_in_totals]
    return Total(
        scope=scope,
        key=key,
        amount=sum((entry.amount or Decimal(0) for entry in summed), Decimal(0)),
        prior_amount=sum(
            (entry.prior_amount or Decimal(0) for entry in summed if "prior_part_of" not in entry.flags), Decimal(0)
        ),
        entries=len(summed),
        new=sum(1 for entry in summed if "new" in entry.flags),
        with_prior=sum(1 for entry in summed if entry.prior_amount is not None),
        excluded=len(entries) - len(summed),
        ended=sum(1 for entry in summed if entry.amount == 0 and entry.prior_amount),
        item_requests=sum(1 for entry in summed if "item_request" in entry.flags),
        unpriced=sum(1 for entry in summed if entry.amount is None),
    )


def ledger_totals(ledger: Ledger) -> list[Total]:
    """The document's total, then one per chapter (in order of appearance; key "?"
    for entries outside any chapter) and one per section."""
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
    "Totals exclude entries flagged part_of (の内数), repeat (再掲) and fiscal_investment (財投); "
    "prior-year totals also exclude prior amounts that were part-of figures."
)
