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

import os

from checker.booklet.model import Document
from checker.diff.align import Alignment
from checker.diff.budget import BudgetPairing
from checker.diff.result import (
    ADDED,
    BUDGET_CHANGED,
    BUDGET_ENDED,
    BUDGET_NEW,
    BUDGET_STATUSES,
    BUDGET_UNCHANGED,
    CHANGE_KINDS,
    MODIFIED,
    MOVED,
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
    TextChange,
)
from checker.diff.tree import DiffTree, readable_char_diff

__all__ = [
    "ADDED", "BUDGET_CHANGED", "BUDGET_ENDED", "BUDGET_NEW", "BUDGET_STATUSES", "BUDGET_UNCHANGED", "CHANGE_KINDS",
    "MODIFIED", "MOVED", "REMOVED", "RENAMED", "UNCHANGED", "BudgetRow", "Change", "ChapterTotal", "EditionDiff",
    "MovedAway", "NodeDiff", "NodeRef", "TextChange", "diff_documents", "document_title", "is_synthetic",
    "readable_char_diff", "synthetic_label",
]

SYNTHETIC_MARKERS = ("SYNTHETIC", "合成")


def is_synthetic(document: Document) -> bool:
    """Whether an edition says it is synthetic: its first line, or its file name."""
    return synthetic_label(document) is not None


def document_title(document: Document) -> str:
    """The booklet's title: its first non-blank line that is not a synthetic label,
    with the next line when that is a parenthesised subtitle such as (総務省重点施策2020)."""
    lines = [line.text.strip() for line in document.raw.lines[:40] if line.text.strip()]
    lines = [text for text in lines if not any(marker in text.upper() for marker in SYNTHETIC_MARKERS)]
    if not lines:
        return os.path.basename(document.path)
    title = lines[0]
    if len(lines) > 1 and lines[1].startswith(("(", "（")) and len(lines[1]) <= 40:
        title += " " + lines[1]
    return title


def synthetic_label(document: Document) -> str | None:
    """The line that says an edition is synthetic, verbatim, if it says so."""
    first = next((line.text.strip() for line in document.raw.lines if line.text.strip()), "")
    if any(marker in first.upper() for marker in SYNTHETIC_MARKERS):
        return first
    if "synthetic" in os.path.basename(document.path).lower():
        return os.path.basename(document.path)
    return None


def diff_documents(old: Document, new: Document) -> EditionDiff:
    """Align two editions and classify every heading, prose unit and programme."""
    alignment = Alignment(old, new)
    alignment.align()
    root = DiffTree(alignment).build_tree()
    pairing = BudgetPairing(alignment)
    budget = pairing.budget_rows()
    totals = pairing.chapter_totals()
    return EditionDiff(
        old_path=old.path,
        new_path=new.path,
        old_title=document_title(old),
        new_title=document_title(new),
        old_synthetic=synthetic_label(old) is not None,
        new_synthetic=synthetic_label(new) is not None,
        root=root,
        budget=tuple(budget),
        totals=tuple(totals),
        prior_year_compared=pairing.compare_prior_year,
        old_synthetic_label=synthetic_label(old),
        new_synthetic_label=synthetic_label(new),
    )
