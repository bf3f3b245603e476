"""The edition diff's data model: what the renderers show.

Frozen dataclasses only: a heading pair (``NodeDiff``) with its text changes
(``TextChange``) and the headings that moved away (``MovedAway``), a row of
the budget table (``BudgetRow``), a chapter's totals (``ChapterTotal``), the
flat list of changes (``Change``), and the whole diff (``EditionDiff``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterator

from checker.booklet.model import BUDGET, CHAPTER, DOCUMENT, ITEM, SECTION, SUBITEM, TOPIC, Location

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
    numbering: tuple = ()  # NumberingChange per level printed in another style (diff/numbering.py)

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

    # Long (72 lines): one flat list from three sources (headings, prose, programmes), each a short loop
    # building Change records.
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
            **({"numbering_changes": [change.to_dict() for change in self.numbering]} if self.numbering else {}),
        }


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
