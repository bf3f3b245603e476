"""Compare two editions of a booklet by structure, not by page.

The two trees are aligned level by level: chapters, then the sections of each
aligned chapter pair, then topics, items and sub-items. Siblings are paired by
their normalised titles (exact first, in order), then by title and content
similarity (rapidfuzz), so a renamed heading whose content is mostly the same
stays one node. Headings left over at a level are then paired across the whole
document: a pair whose parents are not aligned is a *moved* node. Pages play
no part, so text that reflows onto the next page changes nothing.

On each aligned pair the prose (paragraphs, bullets, notes, captions) is
compared in its comparison form (``checker.booklet.text.normalize``); units that differ
get a character-level diff. Budget entries are paired within aligned headings
by programme name, then across the document, and give the budget table and
the totals per chapter.

Everything here is a pure function from two ``Document`` objects to frozen
dataclasses; the renderers live in ``checker.reports``.
"""

from __future__ import annotations

from checker.booklet.model import Document
from checker.diff.align import Alignment
from checker.diff.contents import compare_contents
from checker.diff.regroup import MERGED, SPLIT
from checker.diff.budget import BudgetPairing
from checker.diff.numbering import numbering_changes
from checker.diff.result import (
    ADDED,
    BUDGET_CHANGED,
    BUDGET_ENDED,
    BUDGET_NEW,
    BUDGET_STATUSES,
    BUDGET_UNCHANGED,
    CHANGE_KINDS,
    ITEM_REQUEST,
    MODIFIED,
    MOVED,
    NO_AMOUNT,
    PART_OF,
    REMOVED,
    RENAMED,
    UNCHANGED,
    BudgetRow,
    Change,
    ChapterTotal,
    EditionDiff,
    MovedAway,
    NodeDiff,
    NodeRef,
    Regrouping,
    TextChange,
    regrouping_detail,
)
from checker.diff.tree import DiffTree, readable_char_diff

__all__ = [
    "ADDED", "BUDGET_CHANGED", "BUDGET_ENDED", "BUDGET_NEW", "BUDGET_STATUSES", "BUDGET_UNCHANGED", "CHANGE_KINDS",
    "ITEM_REQUEST", "NO_AMOUNT", "PART_OF", "SPLIT", "MERGED", "Regrouping", "regrouping_detail", "MODIFIED", "MOVED",
    "REMOVED", "RENAMED", "UNCHANGED", "BudgetRow", "Change", "ChapterTotal", "EditionDiff",
    "MovedAway", "NodeDiff", "NodeRef", "TextChange", "diff_documents", "readable_char_diff",
]


def diff_documents(old: Document, new: Document) -> EditionDiff:
    """Align two editions and classify every heading, prose unit and programme."""
    alignment = Alignment(old, new)
    alignment.align()
    tree = DiffTree(alignment)
    root = tree.build_tree()
    pairing = BudgetPairing(alignment)
    budget = pairing.budget_rows()
    totals = pairing.chapter_totals()
    return EditionDiff(
        old_path=old.path,
        new_path=new.path,
        old_title=old.title,
        new_title=new.title,
        old_synthetic=old.is_synthetic,
        new_synthetic=new.is_synthetic,
        root=root,
        budget=tuple(budget),
        totals=tuple(totals),
        prior_year_compared=pairing.compare_prior_year,
        old_synthetic_label=old.synthetic_label,
        new_synthetic_label=new.synthetic_label,
        numbering=numbering_changes(old, new),
        regroupings=tree.regroupings(),
        contents=compare_contents(old, new),
    )
