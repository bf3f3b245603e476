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

import difflib
import os
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterator

from rapidfuzz import fuzz

from checker.booklet.model import (
    BUDGET,
    BULLET,
    CAPTION,
    CHAPTER,
    DOCUMENT,
    ITEM,
    NOTE,
    PARAGRAPH,
    SECTION,
    SUBITEM,
    TOPIC,
    UNCLASSIFIED,
    BudgetEntry,
    Document,
    Location,
    Node,
)
from checker.booklet.text import char_diff, normalize, normalize_title, strip_repeat_marker

# Change kinds of a node, in the order reports list them.
UNCHANGED = "unchanged"
MODIFIED = "modified"
RENAMED = "renamed"
MOVED = "moved"
ADDED = "added"
REMOVED = "removed"
CHANGE_KINDS = (UNCHANGED, MODIFIED, RENAMED, MOVED, ADDED, REMOVED)

# Status of a budget programme between the editions.
BUDGET_NEW = "new"
BUDGET_ENDED = "ended"
BUDGET_CHANGED = "changed"
BUDGET_UNCHANGED = "unchanged"
BUDGET_STATUSES = (BUDGET_NEW, BUDGET_ENDED, BUDGET_CHANGED, BUDGET_UNCHANGED)

# Headings are aligned in this order, one level after the other.
ALIGNED_KINDS = (CHAPTER, SECTION, TOPIC, ITEM, SUBITEM)
PROSE_KINDS = (PARAGRAPH, BULLET, NOTE, CAPTION, UNCLASSIFIED)

# Two sibling headings are the same node when their titles are this close ...
TITLE_SAME = 0.75
# ... with at least this much of their content in common,
TITLE_SAME_CONTENT = 0.40
# or when their content is this close whatever their titles (a rename).
CONTENT_SAME = 0.70
# Between the same aligned neighbours (the same gap), a pair needs only
# this much title and shared content, or this much shared content.
GAP_TITLE = 0.50
GAP_TITLE_CONTENT = 0.30
GAP_CONTENT = 0.60
# Across the document (a move) both must agree more strongly.
MOVED_TITLE = 0.85
MOVED_TITLE_CONTENT = 0.50
MOVED_CONTENT = 0.85
MOVED_CONTENT_TITLE = 0.40
# Two prose units at the same place are one reworded unit at this similarity.
UNIT_SAME = 0.50
# A programme renamed within the same heading keeps this much of its name.
PROGRAMME_SAME = 0.80

SYNTHETIC_MARKERS = ("SYNTHETIC", "合成")
OUTSIDE_HEADINGS = "（見出しの外の本文）"


# ---------------------------------------------------------------------- results
@dataclass(frozen=True)
class NodeRef:
    """One edition's side of a node: what it was called and where it stood."""

    kind: str
    number: str | None
    title: str
    path: tuple[str, ...]  # labels of the ancestors, chapter first
    location: Location

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "number": self.number,
            "title": self.title,
            "path": list(self.path),
            "location": self.location.to_dict(),
        }


@dataclass(frozen=True)
class TextChange:
    """A prose unit (paragraph, bullet, note or caption) that differs.

    ``status`` is ``modified`` (reworded: both sides present), ``added`` or
    ``removed``. ``ops`` is the character diff of the two texts as
    ``(tag, old_part, new_part)`` with tag equal/delete/insert/replace.
    """

    status: str
    unit_kind: str
    old_text: str | None
    new_text: str | None
    old_location: Location | None
    new_location: Location | None
    ops: tuple[tuple[str, str, str], ...] = ()
    similarity: float = 0.0

    @property
    def deleted(self) -> str:
        return "".join(old for tag, old, _ in self.ops if tag in ("delete", "replace"))

    @property
    def inserted(self) -> str:
        return "".join(new for tag, _, new in self.ops if tag in ("insert", "replace"))

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "unit_kind": self.unit_kind,
            "old_text": self.old_text,
            "new_text": self.new_text,
            "old_location": self.old_location.to_dict() if self.old_location else None,
            "new_location": self.new_location.to_dict() if self.new_location else None,
            "similarity": round(self.similarity, 3),
            "ops": [list(op) for op in self.ops],
        }


@dataclass(frozen=True)
class MovedAway:
    """Where an old heading stood before it moved under another heading.

    The moved node itself is a child of its new parent; this note keeps the
    old edition's outline readable: it stands before ``children[position]``.
    """

    position: int
    old: NodeRef
    new: NodeRef
    anchor: str  # the moved node's anchor in the report

    def to_dict(self) -> dict:
        return {"position": self.position, "old": self.old.to_dict(), "new": self.new.to_dict(), "anchor": self.anchor}


@dataclass(frozen=True)
class NodeDiff:
    """One heading of either edition, or an aligned pair of headings.

    ``status`` is the node's main change kind; ``aspects`` every kind that
    applies (a heading can be moved, renamed and modified at once, and is still
    one node). ``children`` follow the new edition's order, with removed
    headings where they stood in the old one.
    """

    kind: str
    status: str
    aspects: frozenset[str]
    old: NodeRef | None
    new: NodeRef | None
    title_ops: tuple[tuple[str, str, str], ...] = ()
    text_changes: tuple[TextChange, ...] = ()
    children: tuple[NodeDiff, ...] = ()
    moved_away: tuple[MovedAway, ...] = ()  # old children now under another heading
    similarity: float = 1.0
    anchor: str = ""

    @property
    def ref(self) -> NodeRef:
        return self.new or self.old  # type: ignore[return-value]

    @property
    def changed_within(self) -> bool:
        """Whether this node or anything below it changed."""
        return self.status != UNCHANGED or bool(self.moved_away) or any(child.changed_within for child in self.children)

    def walk(self) -> Iterator[NodeDiff]:
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "status": self.status,
            "aspects": sorted(self.aspects),
            "anchor": self.anchor,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
            "similarity": round(self.similarity, 3),
            "text_changes": [change.to_dict() for change in self.text_changes],
            "children": [child.to_dict() for child in self.children],
            "moved_away": [note.to_dict() for note in self.moved_away],
        }


@dataclass(frozen=True)
class BudgetRow:
    """One programme in either edition, or in both."""

    programme: str  # the new edition's name, or the old one's for an ended programme
    old_name: str | None
    new_name: str | None
    parent: str | None
    old_amount: Decimal | None
    new_amount: Decimal | None
    new_prior_amount: Decimal | None  # the figure NEW prints for the previous year
    old_amount_text: str
    new_amount_text: str
    status: str  # new, ended, changed, unchanged
    prior_mismatch: bool  # NEW's prior-year figure disagrees with OLD's amount
    counts_in_totals: bool  # see _Side.counts_in_totals
    chapter: str  # label of the chapter (new edition's, or old's for an ended programme)
    heading: str  # label of the heading the programme stands under
    old_location: Location | None
    new_location: Location | None
    old_flags: frozenset[str] = frozenset()
    new_flags: frozenset[str] = frozenset()
    implied: bool = False  # stands under a heading that is itself added or removed

    @property
    def change(self) -> Decimal | None:
        """NEW minus OLD; a new programme changes by its amount, an ended one by minus its amount."""
        if self.old_amount is not None and self.new_amount is not None:
            return self.new_amount - self.old_amount
        if self.status == BUDGET_NEW and self.new_amount is not None:
            return self.new_amount
        if self.status == BUDGET_ENDED and self.old_amount is not None:
            return -self.old_amount
        return None

    @property
    def rate(self) -> Decimal | None:
        """The change as a fraction of OLD's amount (None without a positive OLD amount)."""
        if self.old_amount is None or self.new_amount is None or self.old_amount <= 0:
            return None
        return (self.new_amount - self.old_amount) / self.old_amount

    def to_dict(self) -> dict:
        return {
            "programme": self.programme,
            "old_name": self.old_name,
            "new_name": self.new_name,
            "parent": self.parent,
            "old_amount": _decimal(self.old_amount),
            "new_amount": _decimal(self.new_amount),
            "new_prior_amount": _decimal(self.new_prior_amount),
            "old_amount_text": self.old_amount_text,
            "new_amount_text": self.new_amount_text,
            "change": _decimal(self.change),
            "rate": None if self.rate is None else str(self.rate.quantize(Decimal("0.0001"), ROUND_HALF_UP)),
            "status": self.status,
            "prior_mismatch": self.prior_mismatch,
            "counts_in_totals": self.counts_in_totals,
            "chapter": self.chapter,
            "heading": self.heading,
            "old_location": self.old_location.to_dict() if self.old_location else None,
            "new_location": self.new_location.to_dict() if self.new_location else None,
            "old_flags": sorted(self.old_flags),
            "new_flags": sorted(self.new_flags),
            "implied": self.implied,
        }


@dataclass(frozen=True)
class ChapterTotal:
    """The budget total of one chapter in both editions (amounts in 億円)."""

    label: str
    old_number: str | None
    new_number: str | None
    old_total: Decimal
    new_total: Decimal
    old_count: int
    new_count: int

    @property
    def change(self) -> Decimal:
        return self.new_total - self.old_total

    @property
    def rate(self) -> Decimal | None:
        return None if self.old_total <= 0 else self.change / self.old_total

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "old_number": self.old_number,
            "new_number": self.new_number,
            "old_total": str(self.old_total),
            "new_total": str(self.new_total),
            "change": str(self.change),
            "rate": None if self.rate is None else str(self.rate.quantize(Decimal("0.0001"), ROUND_HALF_UP)),
            "old_count": self.old_count,
            "new_count": self.new_count,
        }


@dataclass(frozen=True)
class Change:
    """One line of the flat list of changes (what a reviewer ticks off).

    ``kind`` is added, removed, renamed, moved, reworded, amount_changed or
    amount_mismatch; ``level`` the node kind (chapter … subitem, paragraph,
    bullet, note, caption) or ``budget`` for a programme.
    """

    kind: str
    level: str
    old: str | None  # title, text or programme name in OLD
    new: str | None
    old_path: tuple[str, ...] = ()
    new_path: tuple[str, ...] = ()
    old_location: Location | None = None
    new_location: Location | None = None
    detail: str = ""
    old_value: str | None = None  # a programme's amount as printed
    new_value: str | None = None
    implied: bool = False  # inside an added or removed heading

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "level": self.level,
            "implied": self.implied,
            "old": self.old,
            "new": self.new,
            "old_value": self.old_value,
            "new_value": self.new_value,
            "old_path": list(self.old_path),
            "new_path": list(self.new_path),
            "old_location": self.old_location.to_dict() if self.old_location else None,
            "new_location": self.new_location.to_dict() if self.new_location else None,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class EditionDiff:
    """Everything the renderers show: the aligned tree, the budget table, totals."""

    old_path: str
    new_path: str
    old_title: str
    new_title: str
    old_synthetic: bool
    new_synthetic: bool
    root: NodeDiff
    budget: tuple[BudgetRow, ...]
    totals: tuple[ChapterTotal, ...]
    prior_year_compared: bool = True  # False when NEW is not the edition after OLD
    old_synthetic_label: str | None = None  # the line saying OLD is synthetic, verbatim
    new_synthetic_label: str | None = None
    old_unit: str = "億円"

    # -------------------------------------------------------------- summaries
    @property
    def is_synthetic(self) -> bool:
        return self.old_synthetic or self.new_synthetic

    def headings(self) -> Iterator[NodeDiff]:
        """Every heading node (the document root excluded), in report order."""
        for node in self.root.walk():
            if node.kind != DOCUMENT:
                yield node

    def counted_headings(self) -> Iterator[NodeDiff]:
        """Headings to count: inside an added or removed heading, only that heading."""

        def visit(node: NodeDiff) -> Iterator[NodeDiff]:
            if node.kind != DOCUMENT:
                yield node
                if node.status in (ADDED, REMOVED):
                    return
            for child in node.children:
                yield from visit(child)

        return visit(self.root)

    def heading_counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in CHANGE_KINDS}
        for node in self.counted_headings():
            counts[node.status] += 1
        return counts

    def heading_counts_by_kind(self) -> dict[str, dict[str, int]]:
        """Node kind -> change kind -> count (inside added/removed: only the top)."""
        table = {kind: {change: 0 for change in CHANGE_KINDS} for kind in ALIGNED_KINDS}
        for node in self.counted_headings():
            table.setdefault(node.kind, {change: 0 for change in CHANGE_KINDS})[node.status] += 1
        return table

    def text_changes(self) -> list[tuple[NodeDiff, TextChange]]:
        """Every prose change with the heading it stands under (the root for text outside headings)."""
        return [(node, change) for node in self.root.walk() for change in node.text_changes]

    def text_counts(self) -> dict[str, int]:
        counts = {MODIFIED: 0, ADDED: 0, REMOVED: 0}
        for _, change in self.text_changes():
            counts[change.status] += 1
        return counts

    def budget_counts(self) -> dict[str, int]:
        counts = {status: 0 for status in BUDGET_STATUSES}
        for row in self.budget:
            counts[row.status] += 1
        counts["prior_mismatch"] = sum(1 for row in self.budget if row.prior_mismatch)
        return counts

    def largest_changes(self, limit: int = 10) -> list[BudgetRow]:
        """Budget rows with the largest absolute change, counted programmes only."""
        rows = [row for row in self.budget if row.change is not None and row.change != 0 and row.counts_in_totals]
        rows.sort(key=lambda row: (-abs(row.change), row.programme))
        return rows[:limit]

    @property
    def old_grand_total(self) -> Decimal:
        return sum((total.old_total for total in self.totals), Decimal(0))

    @property
    def new_grand_total(self) -> Decimal:
        return sum((total.new_total for total in self.totals), Decimal(0))

    @property
    def has_changes(self) -> bool:
        return bool(self.changes())

    def changes(self) -> list[Change]:
        """The flat list of every change: headings, then prose, then programmes.

        Inside an added or removed heading every heading and programme is
        listed too, marked ``implied``; prose inside them is not listed.
        """
        result: list[Change] = []

        def visit(node: NodeDiff, implied: bool) -> None:
            if node.kind != DOCUMENT:
                old, new = node.old, node.new
                common = dict(
                    level=node.kind,
                    old=old.title if old else None,
                    new=new.title if new else None,
                    old_path=old.path if old else (),
                    new_path=new.path if new else (),
                    old_location=old.location if old else None,
                    new_location=new.location if new else None,
                    implied=implied,
                )
                if node.status in (ADDED, REMOVED):
                    result.append(Change(kind=node.status, **common))
                    implied = True
                else:
                    if MOVED in node.aspects:
                        result.append(Change(kind=MOVED, detail=" > ".join(old.path) + " → " + " > ".join(new.path), **common))
                    if RENAMED in node.aspects:
                        result.append(Change(kind=RENAMED, **common))
            for child in node.children:
                visit(child, implied)

        visit(self.root, False)
        for node, text in self.text_changes():
            result.append(
                Change(
                    kind="reworded" if text.status == MODIFIED else text.status,
                    level=text.unit_kind,
                    old=text.old_text,
                    new=text.new_text,
                    old_path=(node.old.path + (node.old.label,)) if node.old else (),
                    new_path=(node.new.path + (node.new.label,)) if node.new else (),
                    old_location=text.old_location,
                    new_location=text.new_location,
                )
            )
        for row in self.budget:
            common = dict(
                level=BUDGET,
                old=row.old_name,
                new=row.new_name,
                old_value=row.old_amount_text or None,
                new_value=row.new_amount_text or None,
                old_location=row.old_location,
                new_location=row.new_location,
                implied=row.implied,
            )
            if row.status == BUDGET_NEW:
                result.append(Change(kind=ADDED, **common))
            elif row.status == BUDGET_ENDED:
                result.append(Change(kind=REMOVED, **common))
            elif row.status == BUDGET_CHANGED:
                result.append(Change(kind="amount_changed", **common))
            if row.prior_mismatch:
                result.append(
                    Change(
                        kind="amount_mismatch",
                        detail=f"前年度額 {_decimal(row.new_prior_amount)}億円 ≠ 旧版 {row.old_amount_text}",
                        **common,
                    )
                )
        return result

    def to_dict(self) -> dict:
        return {
            "old": {"path": self.old_path, "title": self.old_title, "synthetic": self.old_synthetic, "synthetic_label": self.old_synthetic_label},
            "new": {"path": self.new_path, "title": self.new_title, "synthetic": self.new_synthetic, "synthetic_label": self.new_synthetic_label},
            "summary": {
                "headings": self.heading_counts(),
                "headings_by_kind": self.heading_counts_by_kind(),
                "text": self.text_counts(),
                "budget": self.budget_counts(),
                "old_total": str(self.old_grand_total),
                "new_total": str(self.new_grand_total),
            },
            "prior_year_compared": self.prior_year_compared,
            "changes": [change.to_dict() for change in self.changes()],
            "tree": self.root.to_dict(),
            "budget": [row.to_dict() for row in self.budget],
            "totals": [total.to_dict() for total in self.totals],
            "unit": self.old_unit,
        }


def readable_char_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """``checker.booklet.text.char_diff`` with the coincidences cleaned up, for readers.

    A short run of equal characters between two edits (独[創]的な… vs
    破壊的イノベーション[創]出) is a coincidence, not a kept word: when it is no
    longer than the edits on both sides, the three become one replacement (the
    rule of diff-match-patch's semantic cleanup).
    """
    ops = list(char_diff(old, new))
    changed = True
    while changed:
        changed = False
        for index in range(1, len(ops) - 1):
            tag, equal_old, _ = ops[index]
            before, after = ops[index - 1], ops[index + 1]
            if tag != "equal" or before[0] == "equal" or after[0] == "equal":
                continue
            if len(equal_old) <= min(max(len(before[1]), len(before[2])), max(len(after[1]), len(after[2]))):
                merged = ("replace", before[1] + equal_old + after[1], before[2] + equal_old + after[2])
                ops[index - 1:index + 2] = [merged]
                changed = True
                break
    return [(("delete" if not new_part else "insert" if not old_part else tag) if tag != "equal" else tag, old_part, new_part) for tag, old_part, new_part in ops]


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# ------------------------------------------------------------------ public API
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
    aligner = _Aligner(old, new)
    aligner.align()
    root = aligner.build_tree()
    budget = aligner.budget_rows()
    totals = aligner.chapter_totals()
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
        prior_year_compared=aligner.compare_prior_year,
        old_synthetic_label=synthetic_label(old),
        new_synthetic_label=synthetic_label(new),
    )


# ----------------------------------------------------------------- internals
@dataclass
class _Side:
    """One edition, indexed: parents, ancestor labels and comparison forms."""

    document: Document
    parent: dict[int, Node] = field(default_factory=dict)
    path: dict[int, tuple[str, ...]] = field(default_factory=dict)
    signature_cache: dict[int, str] = field(default_factory=dict)
    title_cache: dict[int, str] = field(default_factory=dict)
    units_cache: dict[int, frozenset[str]] = field(default_factory=dict)
    block_entries: dict[int, list[BudgetEntry]] = field(default_factory=dict)
    chapter_of: dict[int, Node] = field(default_factory=dict)
    repeated: set[int] = field(default_factory=set)  # headings marked 再掲, and everything under them

    def __post_init__(self) -> None:
        for block in self.document.ledger.blocks:
            self.block_entries[id(block.node)] = block.entries
        self._index(self.document.root, (), None)

    def _index(self, node: Node, path: tuple[str, ...], chapter: Node | None) -> None:
        for child in node.children:
            self.parent[id(child)] = node
            self.path[id(child)] = path
            child_chapter = child if child.kind == CHAPTER else chapter
            if child_chapter is not None:
                self.chapter_of[id(child)] = child_chapter
            if child.kind in ALIGNED_KINDS and (child.is_repeat or id(node) in self.repeated):
                self.repeated.add(id(child))
            if child.kind in ALIGNED_KINDS:
                self._index(child, path + (child.label(),), child_chapter)
            elif child.kind == DOCUMENT:
                self._index(child, path, child_chapter)

    def headings(self, node: Node, kind: str) -> list[Node]:
        return [child for child in node.children if child.kind == kind]

    def title_key(self, node: Node) -> str:
        key = self.title_cache.get(id(node))
        if key is None:
            key = normalize_title(node.title)
            self.title_cache[id(node)] = key
        return key

    def signature(self, node: Node) -> str:
        """The comparison form of everything under a heading, amounts left out."""
        cached = self.signature_cache.get(id(node))
        if cached is not None:
            return cached
        parts: list[str] = []
        for child in node.children:
            if child.kind in ALIGNED_KINDS:
                parts.append(self.title_key(child))
                parts.append(self.signature(child))
            elif child.kind == BUDGET:
                parts.extend(normalize(entry.name) for entry in self.block_entries.get(id(child), ()))
            elif child.kind in PROSE_KINDS:
                parts.append(normalize(child.text))
        signature = "".join(parts)
        self.signature_cache[id(node)] = signature
        return signature

    def units(self, node: Node) -> frozenset[str]:
        """Comparison forms of every title, prose unit and programme under a heading."""
        cached = self.units_cache.get(id(node))
        if cached is not None:
            return cached
        found: set[str] = set()
        for child in node.children:
            if child.kind in ALIGNED_KINDS:
                found.add(self.title_key(child))
                found |= self.units(child)
            elif child.kind == BUDGET:
                found.update(normalize(entry.name) for entry in self.block_entries.get(id(child), ()))
            elif child.kind in PROSE_KINDS:
                found.add(normalize(child.text))
        found.discard("")
        units = frozenset(found)
        self.units_cache[id(node)] = units
        return units

    def counts_in_totals(self, entry: BudgetEntry, heading: Node) -> bool:
        """Summed into totals: not flagged part_of/repeat/財投, and not under a 再掲 heading.

        A programme printed again under a heading marked 再掲 carries no 再掲
        flag of its own, but it is the same money as the original.
        """
        return entry.counts_in_totals and id(heading) not in self.repeated

    def ref(self, node: Node) -> NodeRef:
        return NodeRef(
            kind=node.kind,
            number=node.number,
            title=node.title,
            path=self.path.get(id(node), ()),
            location=self.document.node_location(node),
        )


def _similarity(left: str, right: str) -> float:
    if not left and not right:
        return 1.0
    if not left or not right:
        return 0.0
    return fuzz.ratio(left, right) / 100.0


class _Aligner:
    def __init__(self, old: Document, new: Document) -> None:
        self.old = _Side(old)
        self.new = _Side(new)
        self.old_to_new: dict[int, Node] = {}
        self.new_to_old: dict[int, Node] = {}
        self.reordered: set[int] = set()  # ids of old nodes paired out of order with their siblings
        self.old_nodes: dict[int, Node] = {}
        self.new_nodes: dict[int, Node] = {}
        self.entry_pairs: list[tuple[BudgetEntry | None, BudgetEntry | None]] = []

    # ---------------------------------------------------------------- matching
    def pair(self, old: Node, new: Node) -> None:
        self.old_to_new[id(old)] = new
        self.new_to_old[id(new)] = old
        self.old_nodes[id(old)] = old
        self.new_nodes[id(new)] = new

    def align(self) -> None:
        root_old, root_new = self.old.document.root, self.new.document.root
        self.pair(root_old, root_new)
        # Level by level inside aligned parents.
        level_pairs = [(root_old, root_new)]
        unmatched_old: dict[str, list[Node]] = {kind: [] for kind in ALIGNED_KINDS}
        unmatched_new: dict[str, list[Node]] = {kind: [] for kind in ALIGNED_KINDS}
        while level_pairs:
            next_pairs = []
            for old_parent, new_parent in level_pairs:
                next_pairs.extend(self.align_children(old_parent, new_parent, unmatched_old, unmatched_new))
            level_pairs = next_pairs
        # Leftovers of each level across the document, from the top level down:
        # a match there is a move, and its subtree is aligned like any pair.
        for kind in ALIGNED_KINDS:
            for old_node, new_node in self.match_moved(unmatched_old[kind], unmatched_new[kind]):
                self.pair(old_node, new_node)
                pending = [(old_node, new_node)]
                while pending:
                    following = []
                    for old_parent, new_parent in pending:
                        following.extend(self.align_children(old_parent, new_parent, unmatched_old, unmatched_new))
                    pending = following
        for kind in ALIGNED_KINDS:
            # Every unmatched heading below an unmatched one is listed too; keep
            # only those that were never paired later.
            unmatched_old[kind] = [node for node in unmatched_old[kind] if id(node) not in self.old_to_new]
            unmatched_new[kind] = [node for node in unmatched_new[kind] if id(node) not in self.new_to_old]
        self.mark_reordered()

    def align_children(self, old_parent: Node, new_parent: Node, unmatched_old, unmatched_new) -> list[tuple[Node, Node]]:
        pairs: list[tuple[Node, Node]] = []
        for kind in ALIGNED_KINDS:
            olds = self.old.headings(old_parent, kind)
            news = self.new.headings(new_parent, kind)
            if not olds and not news:
                continue
            matched = self.match_siblings(olds, news)
            matched_old = {id(o) for o, _ in matched}
            matched_new = {id(n) for _, n in matched}
            for old_node, new_node in matched:
                self.pair(old_node, new_node)
                pairs.append((old_node, new_node))
            for old_node in olds:
                if id(old_node) not in matched_old:
                    self.collect_unmatched(old_node, self.old, unmatched_old)
            for new_node in news:
                if id(new_node) not in matched_new:
                    self.collect_unmatched(new_node, self.new, unmatched_new)
        return pairs

    def collect_unmatched(self, node: Node, side: _Side, pool: dict[str, list[Node]]) -> None:
        """An unmatched heading and every heading below it may still move."""
        if node.kind in pool:
            pool[node.kind].append(node)
        for child in node.children:
            if child.kind in ALIGNED_KINDS:
                self.collect_unmatched(child, side, pool)

    def match_siblings(self, olds: list[Node], news: list[Node]) -> list[tuple[Node, Node]]:
        old_keys = [(self.old.title_key(node), node.is_repeat) for node in olds]
        new_keys = [(self.new.title_key(node), node.is_repeat) for node in news]
        pairs: dict[int, int] = {}
        # 1. Same title, in order.
        matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
        for block in matcher.get_matching_blocks():
            for offset in range(block.size):
                pairs[block.a + offset] = block.b + offset
        # 2. Same title, out of order (reordered siblings).
        taken = set(pairs.values())
        for old_index, key in enumerate(old_keys):
            if old_index in pairs:
                continue
            for new_index, other in enumerate(new_keys):
                if new_index not in taken and other == key:
                    pairs[old_index] = new_index
                    taken.add(new_index)
                    break
        # 3. Similar title or similar content: a renamed (and maybe modified)
        # node. Between the same aligned neighbours the position vouches for
        # the pair, so less similarity is needed there.
        rest_old = [i for i in range(len(olds)) if i not in pairs]
        rest_new = [j for j in range(len(news)) if j not in taken]
        if rest_old and rest_new:
            gap_of_old = _gaps(pairs, len(olds), len(news))
            candidates = []
            for i in rest_old:
                old_signature = self.old.signature(olds[i])
                for j in rest_new:
                    title = _similarity(old_keys[i][0], new_keys[j][0])
                    content = _similarity(old_signature, self.new.signature(news[j]))
                    overlap = _overlap(self.old.units(olds[i]), self.new.units(news[j]))
                    same_gap = gap_of_old.get(i) is not None and j in gap_of_old[i]
                    if (
                        (title >= TITLE_SAME and max(content, overlap) >= TITLE_SAME_CONTENT)
                        or content >= CONTENT_SAME
                        or (same_gap and title >= GAP_TITLE and overlap >= GAP_TITLE_CONTENT)
                        or (same_gap and overlap >= GAP_CONTENT)
                    ):
                        position = 1.0 - abs(i / max(len(olds), 1) - j / max(len(news), 1))
                        candidates.append((title + max(content, overlap) + (0.5 if same_gap else 0.0) + 0.1 * position, i, j))
            for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
                if i not in pairs and j not in taken:
                    pairs[i] = j
                    taken.add(j)
        return [(olds[i], news[j]) for i, j in sorted(pairs.items())]

    def match_moved(self, olds: list[Node], news: list[Node]) -> list[tuple[Node, Node]]:
        olds = list({id(node): node for node in olds if id(node) not in self.old_to_new}.values())
        news = list({id(node): node for node in news if id(node) not in self.new_to_old}.values())
        candidates = []
        for i, old_node in enumerate(olds):
            old_title = self.old.title_key(old_node)
            old_signature = self.old.signature(old_node)
            for j, new_node in enumerate(news):
                title = _similarity(old_title, self.new.title_key(new_node))
                if title < MOVED_CONTENT_TITLE:
                    continue
                content = _similarity(old_signature, self.new.signature(new_node))
                if (title >= MOVED_TITLE and content >= MOVED_TITLE_CONTENT) or (content >= MOVED_CONTENT and title >= MOVED_CONTENT_TITLE):
                    candidates.append((title + content, i, j))
        used_old: set[int] = set()
        used_new: set[int] = set()
        result = []
        for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
            result.append((olds[i], news[j]))
        return result

    def mark_reordered(self) -> None:
        """Siblings paired out of order: the ones off the longest ordered run moved."""
        for new_parent_id, new_parent in list(self.new_nodes.items()):
            old_parent = self.new_to_old.get(new_parent_id)
            if old_parent is None:
                continue
            for kind in ALIGNED_KINDS:
                news = self.new.headings(new_parent, kind)
                old_order = {id(node): index for index, node in enumerate(self.old.headings(old_parent, kind))}
                sequence = [
                    (old_order[id(self.new_to_old[id(node)])], node)
                    for node in news
                    if id(node) in self.new_to_old and id(self.new_to_old[id(node)]) in old_order
                ]
                keep = _longest_increasing([index for index, _ in sequence])
                for position, (_, node) in enumerate(sequence):
                    if position not in keep:
                        self.reordered.add(id(self.new_to_old[id(node)]))

    # ---------------------------------------------------------------- the tree
    def build_tree(self) -> NodeDiff:
        self.anchors: dict[tuple[str, int], str] = {}
        return self.pair_diff(self.old.document.root, self.new.document.root)

    def anchor_of(self, side: str, node: Node) -> str:
        """A stable id for a node of the report (a moved node's is needed before it is built)."""
        key = (side, id(node))
        if key not in self.anchors:
            self.anchors[key] = f"n{len(self.anchors) + 1}"
        return self.anchors[key]

    def pair_diff(self, old: Node, new: Node) -> NodeDiff:
        anchor = self.anchor_of("new", new)
        children, moved_away = self.merged_children(old, new)
        if old.kind == DOCUMENT:
            # Prose outside every heading (unclassified lines) is compared too;
            # the cover and the contents are not: headings carry their titles.
            text_changes = tuple(self.prose_changes(old, new))
            return NodeDiff(
                kind=DOCUMENT,
                status=MODIFIED if text_changes else UNCHANGED,
                aspects=frozenset({MODIFIED} if text_changes else ()),
                old=NodeRef(DOCUMENT, None, OUTSIDE_HEADINGS, (), self.old.document.location(None)),
                new=NodeRef(DOCUMENT, None, OUTSIDE_HEADINGS, (), self.new.document.location(None)),
                text_changes=text_changes,
                children=children,
                moved_away=moved_away,
                anchor=anchor,
            )
        aspects = set()
        old_parent, new_parent = self.old.parent.get(id(old)), self.new.parent.get(id(new))
        # Moved: under a heading that is not the old parent's partner, or out of order among siblings.
        if id(old) in self.reordered or self.old_to_new.get(id(old_parent)) is not new_parent:
            aspects.add(MOVED)
        title_ops: tuple = ()
        if self.old.title_key(old) != self.new.title_key(new):
            aspects.add(RENAMED)
            title_ops = tuple(readable_char_diff(strip_repeat_marker(old.title), strip_repeat_marker(new.title)))
        text_changes = tuple(self.prose_changes(old, new))
        if text_changes:
            aspects.add(MODIFIED)
        status = next((kind for kind in (MOVED, RENAMED, MODIFIED) if kind in aspects), UNCHANGED)
        return NodeDiff(
            kind=new.kind,
            status=status,
            aspects=frozenset(aspects),
            old=self.old.ref(old),
            new=self.new.ref(new),
            title_ops=title_ops,
            text_changes=text_changes,
            children=children,
            moved_away=moved_away,
            similarity=_similarity(self.old.signature(old), self.new.signature(new)),
            anchor=anchor,
        )

    def single_diff(self, node: Node, side: _Side, status: str) -> NodeDiff:
        anchor = self.anchor_of("new" if status == ADDED else "old", node)
        children = tuple(
            self.single_diff(child, side, status) for child in node.children if child.kind in ALIGNED_KINDS
        )
        ref = side.ref(node)
        return NodeDiff(
            kind=node.kind,
            status=status,
            aspects=frozenset({status}),
            old=ref if status == REMOVED else None,
            new=ref if status == ADDED else None,
            children=children,
            similarity=0.0,
            anchor=anchor,
        )

    def merged_children(self, old: Node, new: Node) -> tuple[tuple[NodeDiff, ...], tuple[MovedAway, ...]]:
        """New children in order, removed old children where they stood.

        Old children that moved under another heading are not children here;
        they come back as ``MovedAway`` notes at the place they left.
        """
        old_children = [child for child in old.children if child.kind in ALIGNED_KINDS]
        new_children = [child for child in new.children if child.kind in ALIGNED_KINDS]
        new_ids = {id(child) for child in new_children}
        # Removed (and moved-away) old children wait until the new child paired
        # with their preceding old sibling has been emitted.
        waiting: dict[int | None, list[Node]] = {}
        anchor: int | None = None
        for child in old_children:
            partner = self.old_to_new.get(id(child))
            if partner is None or id(partner) not in new_ids:
                waiting.setdefault(anchor, []).append(child)
            else:
                anchor = id(partner)
        children: list[NodeDiff] = []
        moved_away: list[MovedAway] = []

        def flush(key: int | None) -> None:
            for child in waiting.pop(key, []):
                partner = self.old_to_new.get(id(child))
                if partner is None:
                    children.append(self.single_diff(child, self.old, REMOVED))
                else:
                    moved_away.append(
                        MovedAway(
                            position=len(children),
                            old=self.old.ref(child),
                            new=self.new.ref(partner),
                            anchor=self.anchor_of("new", partner),
                        )
                    )

        flush(None)
        for child in new_children:
            partner = self.new_to_old.get(id(child))
            if partner is None:
                children.append(self.single_diff(child, self.new, ADDED))
            else:
                children.append(self.pair_diff(partner, child))
            flush(id(child))
        for key in list(waiting):
            flush(key)
        return tuple(children), tuple(moved_away)

    # ------------------------------------------------------------------- prose
    def prose_units(self, node: Node, side: _Side) -> list[tuple[str, str, str, Node]]:
        """(kind, display text, comparison form, node) of a heading's own prose."""
        units = []
        for child in node.children:
            if child.kind not in PROSE_KINDS:
                continue
            comparison = normalize(child.text)
            if not comparison:
                continue
            units.append((child.kind, _display_text(child), comparison, child))
        return units

    def prose_changes(self, old: Node, new: Node) -> Iterator[TextChange]:
        old_units = self.prose_units(old, self.old)
        new_units = self.prose_units(new, self.new)
        # Reflow or a different line split never counts: compare the whole first.
        if "".join(unit[2] for unit in old_units) == "".join(unit[2] for unit in new_units):
            return
        matcher = difflib.SequenceMatcher(None, [u[2] for u in old_units], [u[2] for u in new_units], autojunk=False)
        for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if tag == "equal":
                continue
            yield from self.pair_units(old_units[old_start:old_end], new_units[new_start:new_end])

    def pair_units(self, olds, news) -> Iterator[TextChange]:
        """Pair the differing units of one stretch, in order, by similarity."""
        # Monotone greedy: each old unit takes the most similar new unit at or
        # after the last one taken, if it is similar enough.
        next_new = 0
        pending_new = list(range(len(news)))
        for old_unit in olds:
            best, best_score = None, UNIT_SAME
            for j in range(next_new, len(news)):
                score = _similarity(old_unit[2], news[j][2])
                if score >= best_score:
                    best, best_score = j, score
            if best is None:
                yield self.unit_change(REMOVED, old_unit, None, 0.0)
                continue
            for j in range(next_new, best):
                yield self.unit_change(ADDED, None, news[j], 0.0)
                pending_new.remove(j)
            yield self.unit_change(MODIFIED, old_unit, news[best], best_score)
            pending_new.remove(best)
            next_new = best + 1
        for j in pending_new:
            yield self.unit_change(ADDED, None, news[j], 0.0)

    def unit_change(self, status, old_unit, new_unit, similarity) -> TextChange:
        old_text = old_unit[1] if old_unit else None
        new_text = new_unit[1] if new_unit else None
        ops = tuple(readable_char_diff(old_text, new_text)) if old_text is not None and new_text is not None else ()
        return TextChange(
            status=status,
            unit_kind=(new_unit or old_unit)[0],
            old_text=old_text,
            new_text=new_text,
            old_location=self.old.document.node_location(old_unit[3]) if old_unit else None,
            new_location=self.new.document.node_location(new_unit[3]) if new_unit else None,
            ops=ops,
            similarity=similarity,
        )

    # ------------------------------------------------------------------ budget
    def budget_rows(self) -> list[BudgetRow]:
        old_entries = self.entries_in_order(self.old)
        new_entries = self.entries_in_order(self.new)
        old_by_heading: dict[int, list[int]] = {}
        for index, (_, heading) in enumerate(old_entries):
            old_by_heading.setdefault(id(heading), []).append(index)
        new_by_heading: dict[int, list[int]] = {}
        for index, (_, heading) in enumerate(new_entries):
            new_by_heading.setdefault(id(heading), []).append(index)
        old_keys = [_entry_key(entry) for entry, _ in old_entries]
        new_keys = [_entry_key(entry) for entry, _ in new_entries]
        partner: dict[int, int] = {}  # old index -> new index
        taken: set[int] = set()
        self.compare_prior_year = True
        # Within aligned headings: same programme key in order, then similar names.
        for old_heading_id, old_indexes in old_by_heading.items():
            new_heading = self.old_to_new.get(old_heading_id)
            if new_heading is None:
                continue
            new_indexes = new_by_heading.get(id(new_heading), [])
            self.pair_entries(old_indexes, new_indexes, old_keys, new_keys, partner, taken, fuzzy=True)
        # Across the document: the same programme under headings that are not aligned.
        rest_old = [i for i in range(len(old_entries)) if i not in partner]
        rest_new = [j for j in range(len(new_entries)) if j not in taken]
        self.pair_entries(rest_old, rest_new, old_keys, new_keys, partner, taken, fuzzy=False)
        # Rows in the new edition's order, ended programmes after their old predecessor.
        ended_after: dict[int | None, list[int]] = {}
        anchor: int | None = None
        for i in range(len(old_entries)):
            if i in partner:
                anchor = partner[i]
            else:
                ended_after.setdefault(anchor, []).append(i)
        new_to_old = {j: i for i, j in partner.items()}
        self.compare_prior_year = _consecutive_editions(
            [(old_entries[i][0], new_entries[j][0]) for i, j in partner.items()]
        )
        rows = [self.budget_row(old_entries[i], None) for i in ended_after.pop(None, [])]
        for j in range(len(new_entries)):
            i = new_to_old.get(j)
            rows.append(self.budget_row(old_entries[i] if i is not None else None, new_entries[j]))
            rows.extend(self.budget_row(old_entries[k], None) for k in ended_after.pop(j, []))
        return rows

    @staticmethod
    def pair_entries(old_indexes, new_indexes, old_keys, new_keys, partner, taken, fuzzy: bool) -> None:
        old_indexes = [i for i in old_indexes if i not in partner]
        new_indexes = [j for j in new_indexes if j not in taken]
        if not old_indexes or not new_indexes:
            return
        matcher = difflib.SequenceMatcher(None, [old_keys[i] for i in old_indexes], [new_keys[j] for j in new_indexes], autojunk=False)
        for block in matcher.get_matching_blocks():
            for offset in range(block.size):
                partner[old_indexes[block.a + offset]] = new_indexes[block.b + offset]
                taken.add(new_indexes[block.b + offset])
        for i in old_indexes:  # same key out of order
            if i in partner:
                continue
            j = next((j for j in new_indexes if j not in taken and new_keys[j] == old_keys[i]), None)
            if j is not None:
                partner[i] = j
                taken.add(j)
        if not fuzzy:
            return
        candidates = []
        for i in old_indexes:
            if i in partner:
                continue
            for j in new_indexes:
                if j in taken or old_keys[i][1:] != new_keys[j][1:]:
                    continue
                score = _similarity(old_keys[i][0], new_keys[j][0])
                if score >= PROGRAMME_SAME:
                    candidates.append((score, i, j))
        for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if i not in partner and j not in taken:
                partner[i] = j
                taken.add(j)

    def entries_in_order(self, side: _Side) -> list[tuple[BudgetEntry, Node]]:
        """Every ledger entry with the heading it stands under, in reading order."""
        result: list[tuple[BudgetEntry, Node]] = []
        seen: set[int] = set()

        def visit(node: Node) -> None:
            for child in node.children:
                if child.kind == BUDGET:
                    seen.add(id(child))
                    result.extend((entry, node) for entry in side.block_entries.get(id(child), ()))
                elif child.kind in ALIGNED_KINDS or child.kind == DOCUMENT:
                    visit(child)

        visit(side.document.root)
        for block in side.document.ledger.blocks:  # blocks the tree does not reach, if any
            if id(block.node) not in seen:
                result.extend((entry, side.document.root) for entry in block.entries)
        return result

    def budget_row(self, old_item, new_item) -> BudgetRow:
        old_entry, old_heading = old_item if old_item else (None, None)
        new_entry, new_heading = new_item if new_item else (None, None)
        if old_entry is None:
            status = BUDGET_NEW
        elif new_entry is None:
            status = BUDGET_ENDED
        elif _same_amount(old_entry, new_entry):
            status = BUDGET_UNCHANGED
        else:
            status = BUDGET_CHANGED
        mismatch = (
            self.compare_prior_year
            and old_entry is not None
            and new_entry is not None
            and old_entry.amount is not None
            and new_entry.prior_amount is not None
            and old_entry.amount != new_entry.prior_amount
        )
        entry = new_entry or old_entry
        side = self.new if new_entry is not None else self.old
        heading = new_heading if new_entry is not None else old_heading
        return BudgetRow(
            programme=entry.name,
            old_name=old_entry.name if old_entry else None,
            new_name=new_entry.name if new_entry else None,
            parent=entry.parent,
            old_amount=old_entry.amount if old_entry else None,
            new_amount=new_entry.amount if new_entry else None,
            new_prior_amount=new_entry.prior_amount if new_entry else None,
            old_amount_text=old_entry.amount_text if old_entry else "",
            new_amount_text=new_entry.amount_text if new_entry else "",
            status=status,
            prior_mismatch=mismatch,
            counts_in_totals=side.counts_in_totals(entry, heading),
            chapter=self.chapter_label(side, heading),
            heading=heading.label() if heading is not None and heading.kind != DOCUMENT else "",
            old_location=self.old.document.location(old_entry.lines[0]) if old_entry and old_entry.lines else None,
            new_location=self.new.document.location(new_entry.lines[0]) if new_entry and new_entry.lines else None,
            old_flags=old_entry.flags if old_entry else frozenset(),
            new_flags=new_entry.flags if new_entry else frozenset(),
            implied=(
                (new_entry is not None and id(new_heading) not in self.new_to_old)
                or (new_entry is None and id(old_heading) not in self.old_to_new)
            ),
        )

    def chapter_label(self, side: _Side, heading: Node | None) -> str:
        if heading is None:
            return ""
        chapter = heading if heading.kind == CHAPTER else side.chapter_of.get(id(heading))
        return chapter.label() if chapter is not None else ""

    # ------------------------------------------------------------------ totals
    def chapter_totals(self) -> list[ChapterTotal]:
        old_sums = self.sums_by_chapter(self.old)
        new_sums = self.sums_by_chapter(self.new)
        totals: list[ChapterTotal] = []
        old_chapters = [c for c in self.old.document.root.children if c.kind == CHAPTER]
        new_chapters = [c for c in self.new.document.root.children if c.kind == CHAPTER]
        emitted: set[int] = set()

        def add(old_chapter: Node | None, new_chapter: Node | None) -> None:
            old_total, old_count = old_sums.pop(id(old_chapter), (Decimal(0), 0)) if old_chapter is not None else (Decimal(0), 0)
            new_total, new_count = new_sums.pop(id(new_chapter), (Decimal(0), 0)) if new_chapter is not None else (Decimal(0), 0)
            label = (new_chapter or old_chapter).label()
            totals.append(
                ChapterTotal(
                    label=label,
                    old_number=old_chapter.number if old_chapter is not None else None,
                    new_number=new_chapter.number if new_chapter is not None else None,
                    old_total=old_total,
                    new_total=new_total,
                    old_count=old_count,
                    new_count=new_count,
                )
            )

        for new_chapter in new_chapters:
            old_chapter = self.new_to_old.get(id(new_chapter))
            if old_chapter is not None:
                emitted.add(id(old_chapter))
            add(old_chapter, new_chapter)
        for old_chapter in old_chapters:
            if id(old_chapter) not in emitted:
                add(old_chapter, None)
        old_rest = old_sums.pop(None, (Decimal(0), 0))
        new_rest = new_sums.pop(None, (Decimal(0), 0))
        if old_rest[1] or new_rest[1]:
            totals.append(ChapterTotal("（章外）", None, None, old_rest[0], new_rest[0], old_rest[1], new_rest[1]))
        return totals

    def sums_by_chapter(self, side: _Side) -> dict[int | None, tuple[Decimal, int]]:
        sums: dict[int | None, tuple[Decimal, int]] = {}
        for entry, heading in self.entries_in_order(side):
            if not side.counts_in_totals(entry, heading) or entry.amount is None:
                continue
            chapter = heading if heading.kind == CHAPTER else side.chapter_of.get(id(heading))
            key = id(chapter) if chapter is not None else None
            total, count = sums.get(key, (Decimal(0), 0))
            sums[key] = (total + entry.amount, count + 1)
        return sums


def _consecutive_editions(pairs: list[tuple[BudgetEntry, BudgetEntry]]) -> bool:
    """Whether NEW looks like the edition after OLD, so its prior-year figures are OLD's amounts.

    Diffing an edition against itself (or its own PDF) pairs every programme
    with an equal amount; then the prior-year figures refer to the year before
    OLD and comparing them with OLD's amounts would flag nearly every line.
    """
    same_amount = sum(1 for old, new in pairs if old.amount is not None and old.amount == new.amount)
    prior_agrees = sum(1 for old, new in pairs if old.amount is not None and old.amount == new.prior_amount)
    if same_amount == prior_agrees == 0:
        return True  # nothing to tell the years apart, and nothing a comparison could flag wrongly
    return prior_agrees >= same_amount


def _overlap(left: frozenset[str], right: frozenset[str]) -> float:
    """How much of the smaller set the larger one contains (0 when either is empty)."""
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def _gaps(pairs: dict[int, int], old_count: int, new_count: int) -> dict[int, set[int]]:
    """For each unpaired old index, the unpaired new indexes between the same paired neighbours.

    Only for pairs that keep their order: the old index's nearest paired
    neighbours must bound an interval of the new list.
    """
    paired_new = set(pairs.values())
    result: dict[int, set[int]] = {}
    for i in range(old_count):
        if i in pairs:
            continue
        before = max((k for k in pairs if k < i), default=None)
        after = min((k for k in pairs if k > i), default=None)
        low = pairs[before] if before is not None else -1
        high = pairs[after] if after is not None else new_count
        if low >= high:
            continue
        result[i] = {j for j in range(low + 1, high) if j not in paired_new}
    return result


def _entry_key(entry: BudgetEntry) -> tuple[str, str, str]:
    return (normalize_title(entry.name), normalize_title(entry.parent or ""), entry.component or "")


def _same_amount(old: BudgetEntry, new: BudgetEntry) -> bool:
    if old.amount is None or new.amount is None:
        return old.amount is None and new.amount is None and normalize(old.amount_text) == normalize(new.amount_text)
    return old.amount == new.amount and ("part_of" in old.flags) == ("part_of" in new.flags)


def _display_text(node: Node) -> str:
    """A prose unit as a reader sees it: lines joined, bullet marks and ** removed."""
    from checker.booklet.text import BOLD_MARK, BULLET_PREFIX

    lines = [BULLET_PREFIX.sub("", BOLD_MARK.sub("", line.text), count=1).strip() for line in node.lines]
    joined = ""
    for line in lines:
        if not line:
            continue
        # Join wrapped lines without a space, unless both sides are Latin.
        if joined and joined[-1].isascii() and joined[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            joined += " "
        joined += line
    return joined


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence of ``values``."""
    import bisect

    tails: list[int] = []
    tail_positions: list[int] = []
    previous: list[int | None] = [None] * len(values)
    for position, value in enumerate(values):
        index = bisect.bisect_left(tails, value)
        if index == len(tails):
            tails.append(value)
            tail_positions.append(position)
        else:
            tails[index] = value
            tail_positions[index] = position
        previous[position] = tail_positions[index - 1] if index > 0 else None
    result: set[int] = set()
    position = tail_positions[-1] if tail_positions else None
    while position is not None:
        result.add(position)
        position = previous[position]
    return result
