"""Views of a parsed document that several rules share, computed once.

As flake8's processor hands every plugin the same tokens and logical lines,
the engine makes one ``Analysis`` per document and hands it to every rule
(``Rule.analysis``): the units of running text, the contents matched to the
headings, the repeats paired with their originals and compared, and the
totals the document states. Each view is computed the first time a rule asks
for it (per threshold, where a rule option sets one) and kept for the others.
Rule families import these modules, never each other.
"""

from __future__ import annotations

from functools import cached_property
from typing import Callable, TypeVar

from checker.analysis.contents import DEFAULT_TITLE_THRESHOLD as TOC_TITLE_THRESHOLD
from checker.analysis.contents import TocMatch, match_toc
from checker.analysis.repeats import DEFAULT_TITLE_THRESHOLD as REPEAT_TITLE_THRESHOLD
from checker.analysis.repeats import RepeatAnalysis, analyse_repeats, compare_repeats
from checker.analysis.budget_tables import BudgetTable, find_budget_tables
from checker.analysis.stated_totals import Discrepancy, budget_block_discrepancies
from checker.analysis.table_checks import TableFinding, check_table
from checker.analysis.table_ledger import table_against_ledger
from checker.analysis.text_units import TextUnit
from checker.analysis.text_units import text_units as build_text_units
from checker.booklet.model import BudgetEntry, Document

__all__ = ["Analysis"]

DEFAULT_MAX_DIFFERENCES = 10
T = TypeVar("T")


class Analysis:
    """The shared views of one document; each is computed on first use."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._toc_matches: dict[float, list[TocMatch]] = {}
        self._repeats: dict[float, RepeatAnalysis] = {}
        self._repeat_differences: dict[tuple[float, int], object] = {}
        self._family_views: dict[tuple, object] = {}

    def shared(self, key: tuple, compute: Callable[[], T]) -> T:
        """A view one rule family computes for all its rules (the date rules' one
        scan of every unit): made by ``compute`` the first time ``key`` (the
        family's name and the options it depends on) is asked for, then kept."""
        if key not in self._family_views:
            self._family_views[key] = compute()
        return self._family_views[key]

    @cached_property
    def text_units(self) -> list[TextUnit]:
        """The units of running text, in reading order."""
        return build_text_units(self.document)

    def toc_matches(self, threshold: float = TOC_TITLE_THRESHOLD) -> list[TocMatch]:
        """Every contents entry with the heading it names."""
        if threshold not in self._toc_matches:
            self._toc_matches[threshold] = match_toc(self.document, threshold)
        return self._toc_matches[threshold]

    def repeats(self, threshold: float = REPEAT_TITLE_THRESHOLD) -> RepeatAnalysis:
        """Every 再掲 heading and budget line paired with its original."""
        if threshold not in self._repeats:
            self._repeats[threshold] = analyse_repeats(self.document, threshold)
        return self._repeats[threshold]

    def repeat_differences(self, threshold: float = REPEAT_TITLE_THRESHOLD, max_differences: int = DEFAULT_MAX_DIFFERENCES):
        """The differences between each repeat and its original (``.differences``, ``.compared_entries``)."""
        key = (threshold, max_differences)
        if key not in self._repeat_differences:
            self._repeat_differences[key] = compare_repeats(self.document, self.repeats(threshold), threshold, max_differences)
        return self._repeat_differences[key]

    def budget_originals(self) -> list[BudgetEntry]:
        """Budget entries that are not copies (not marked 再掲, not under a marked heading)."""
        repeats = self.repeats()
        return [entry for entry in self.document.ledger.entries if not repeats.entry_in_repeat(entry)]

    @cached_property
    def budget_tables(self) -> list[BudgetTable]:
        """The budget summary tables printed anywhere in the document."""
        return find_budget_tables(self.document.raw.lines)

    @cached_property
    def table_findings(self) -> list[TableFinding]:
        """Figures of the summary tables that disagree with the figures they come
        from (errors), and tables whose grouping could not be read (information)."""
        return [finding for table in self.budget_tables for finding in check_table(table)]

    @cached_property
    def table_ledger_findings(self) -> list[TableFinding]:
        """Summary-table rows whose amounts disagree with the document's own budget lines."""
        return [finding for table in self.budget_tables for finding in table_against_ledger(table, self.document)]

    @cached_property
    def stated_total_discrepancies(self) -> list[Discrepancy]:
        """Stated totals, changes and rates that disagree with their parts: the
        summary tables' wrong figures, then those of the budget blocks."""
        found = [
            Discrepancy(item.line, item.related, item.message, item.expected, item.key, item.excerpt)
            for item in self.table_findings
            if item.severity == "error"
        ]
        found.extend(budget_block_discrepancies(self.document))
        return found
