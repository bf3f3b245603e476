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

from rapidfuzz import fuzz

from checker.booklet.model import BUDGET, CHAPTER, DOCUMENT, ITEM, SECTION, SUBITEM, TOPIC, Location
from checker.booklet.text import normalize_title
from checker.diff.contents import ContentsChange, contents_counts
from checker.diff.regroup import MERGED, SPLIT

# Change kinds of a node, in the order reports list them.
UNCHANGED = "unchanged"
MODIFIED = "modified"
RENAMED = "renamed"
MOVED = "moved"
ADDED = "added"
REMOVED = "removed"
# SPLIT ("split") and MERGED ("merged") come from checker.diff.regroup: a
# heading split in two, or two merged into one, is one change.
CHANGE_KINDS = (UNCHANGED, MODIFIED, RENAMED, MOVED, ADDED, REMOVED, SPLIT, MERGED)

# Status of a budget programme between the editions.
BUDGET_NEW = "new"
BUDGET_ENDED = "ended"
BUDGET_CHANGED = "changed"
BUDGET_UNCHANGED = "unchanged"
BUDGET_STATUSES = (BUDGET_NEW, BUDGET_ENDED, BUDGET_CHANGED, BUDGET_UNCHANGED)
# How a programme lacks a figure of its own in an edition: it is then left out
# of both editions' comparable totals and counted on a line of its own.
ITEM_REQUEST = "item_request"  # 事項要求
PART_OF = "part_of"  # X億円の内数: a share of another programme
NO_AMOUNT = "no_amount"
WITHOUT_FIGURE_KINDS = (ITEM_REQUEST, PART_OF, NO_AMOUNT)

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
class Regrouping:
    """A split (one old heading into several new) or merge (several into one),
    with the report anchors of every heading taking part, for links both ways."""

    kind: str  # SPLIT or MERGED
    olds: tuple[NodeRef, ...]
    news: tuple[NodeRef, ...]
    old_anchors: tuple[str, ...]  # the anchor of each old heading's node in the report
    new_anchors: tuple[str, ...]

    @property
    def anchor(self) -> str:
        """The regrouping's own anchor: its first new heading's."""
        return self.new_anchors[0]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "old": [ref.to_dict() for ref in self.olds],
            "new": [ref.to_dict() for ref in self.news],
            "old_anchors": list(self.old_anchors),
            "new_anchors": list(self.new_anchors),
        }


def regrouping_detail(regrouping: Regrouping) -> str:
    """「A」 → 「B」・「C」: the headings before and after, by label."""
    return "・".join(f"「{ref.label}」" for ref in regrouping.olds) + " → " + "・".join(f"「{ref.label}」" for ref in regrouping.news)


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
    regrouping: Regrouping | None = None  # the split or merge this heading takes part in
    follows_regrouping: bool = False  # moved only because its heading was split or merged

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
            "regrouping": self.regrouping.anchor if self.regrouping else None,
            "follows_regrouping": self.follows_regrouping,
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
    counts_in_totals: bool  # summed into the comparable totals: counted, not 財投, a figure in every edition printing it
    chapter: str  # label of the chapter (new edition's, or old's for an ended programme)
    heading: str  # label of the heading the programme stands under
    old_location: Location | None
    new_location: Location | None
    old_flags: frozenset[str] = frozenset()
    new_flags: frozenset[str] = frozenset()
    implied: bool = False  # stands under a heading that is itself added or removed
    is_repeat: bool = False  # a 再掲 copy (marked, or under a 再掲 heading): not counted as a programme

    @property
    def without_figure(self) -> str | None:
        """How the programme lacks a figure of its own in an edition that prints
        it (ITEM_REQUEST, PART_OF, NO_AMOUNT; the new edition's first), or None."""
        for name, amount, flags in ((self.new_name, self.new_amount, self.new_flags), (self.old_name, self.old_amount, self.old_flags)):
            if name is not None and (kind := figure_missing(amount, flags)):
                return kind
        return None

    @property
    def set_aside(self) -> bool:
        """A counted programme left out of the comparable totals for want of a figure."""
        return not self.is_repeat and "fiscal_investment" not in (self.new_flags | self.old_flags) and self.without_figure is not None

    @property
    def magnitude(self) -> Decimal | None:
        """How much money the row moves: its change, or for a programme set
        aside the figure it has in the edition that prints one."""
        if self.change is not None:
            return abs(self.change)
        if not self.set_aside:
            return None
        sides = ((self.old_name, self.old_amount, self.old_flags), (self.new_name, self.new_amount, self.new_flags))
        figures = [abs(amount) for name, amount, flags in sides if name is not None and figure_missing(amount, flags) is None]
        return max(figures) if figures else None

    @property
    def change(self) -> Decimal | None:
        """NEW minus OLD; a new programme changes by its amount, an ended one by
        minus its amount; None when an edition gives no figure of its own."""
        if self.without_figure is not None:
            return None
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
        if self.without_figure is not None or self.old_amount is None or self.new_amount is None or self.old_amount <= 0:
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
            "is_repeat": self.is_repeat,
            "without_figure": self.without_figure,
            "set_aside": self.set_aside,
        }


def _row_key(row: BudgetRow) -> tuple[str, str]:
    return normalize_title(row.programme), normalize_title(row.parent or "")


# A 再掲 copy is its original's when their names are this similar (0–100; the
# budget pairing's PROGRAMME_SAME for a renamed programme).
COPY_SAME_NAME = 80.0


def _similar_key(key: tuple[str, str], keys: set[tuple[str, str]]) -> bool:
    """A programme key whose name is as close to one of ``keys`` (same parent)
    as the budget pairing requires of a renamed programme."""
    return any(other[1] == key[1] and fuzz.ratio(key[0], other[0]) >= COPY_SAME_NAME for other in keys)


def figure_missing(amount: Decimal | None, flags: frozenset[str]) -> str | None:
    """ITEM_REQUEST, PART_OF or NO_AMOUNT when an edition prints no figure of the programme's own."""
    if "item_request" in flags:
        return ITEM_REQUEST
    if "part_of" in flags:
        return PART_OF
    return NO_AMOUNT if amount is None else None


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
    # Programmes left out of both totals for want of a figure in one edition
    # (事項要求, の内数, no amount), per edition, and the figures set aside with them.
    old_set_aside: int = 0
    new_set_aside: int = 0
    old_set_aside_amount: Decimal = Decimal(0)
    new_set_aside_amount: Decimal = Decimal(0)

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
            "old_set_aside": self.old_set_aside,
            "new_set_aside": self.new_set_aside,
            "old_set_aside_amount": str(self.old_set_aside_amount),
            "new_set_aside_amount": str(self.new_set_aside_amount),
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
    regroupings: tuple[Regrouping, ...] = ()
    contents: tuple[ContentsChange, ...] = ()

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
        """Headings to count: inside an added or removed heading, only that
        heading (a heading moved into or out of it still counts as moved); the
        headings that moved with a split or merge are part of it; a split or
        merge counts once, at its first heading."""
        seen: set[str] = set()

        def visit(node: NodeDiff, implied: str | None) -> Iterator[NodeDiff]:
            if node.kind != DOCUMENT and node.status != implied and not node.follows_regrouping:
                if node.regrouping is None or node.regrouping.anchor not in seen:
                    if node.regrouping is not None:
                        seen.add(node.regrouping.anchor)
                    yield node
            inner = node.status if node.status in (ADDED, REMOVED) else implied
            for child in node.children:
                yield from visit(child, inner)

        return visit(self.root, None)

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

    def moved_with(self, regrouping: Regrouping) -> list[NodeDiff]:
        """The headings that moved with a split or merge, in the new edition's order."""

        def visit(node: NodeDiff) -> Iterator[NodeDiff]:
            for child in node.children:
                if child.follows_regrouping and node.anchor in regrouping.new_anchors:
                    yield child
                yield from visit(child)

        return list(visit(self.root))

    def contents_regrouping(self, change: ContentsChange) -> Regrouping | None:
        """The split or merge a contents change belongs to (an entry added by a
        split, removed by a merge, or retitled as a part), matched by level and title."""
        if change.status == "unchanged":
            return None
        for regrouping in self.regroupings:
            refs = regrouping.olds + regrouping.news
            for side in (change.old, change.new):
                if side is not None and any(
                    ref.kind == side.level and normalize_title(ref.title) == normalize_title(side.title) for ref in refs
                ):
                    return regrouping
        return None

    def contents_counts(self) -> dict[str, int]:
        """Contents entries added, removed, retitled, moved; page numbers changed (information)."""
        return contents_counts(self.contents)

    def text_changes(self) -> list[tuple[NodeDiff, TextChange]]:
        """Every prose change with the heading it stands under (the root for text outside headings)."""
        return [(node, change) for node in self.root.walk() for change in node.text_changes]

    def text_counts(self) -> dict[str, int]:
        counts = {MODIFIED: 0, ADDED: 0, REMOVED: 0}
        for _, change in self.text_changes():
            counts[change.status] += 1
        return counts

    def counted_budget(self) -> list[BudgetRow]:
        """Budget rows counted as programmes: each programme once. A 再掲 copy is
        left out when its programme is counted at an original (the same name,
        or a name as similar as a renamed programme's, which REP002 reports); a
        copy whose original prints no budget line is counted (once) in its place."""
        originals = {_row_key(row) for row in self.budget if not row.is_repeat}
        counted, seen_copies = [], set()
        for row in self.budget:
            if row.is_repeat:
                key = _row_key(row)
                if key in originals or key in seen_copies or _similar_key(key, originals):
                    continue
                seen_copies.add(key)
            counted.append(row)
        return counted

    def budget_counts(self) -> dict[str, int]:
        """Programmes per status, each counted once, and prior-year mismatches."""
        counted = self.counted_budget()
        counts = {status: 0 for status in BUDGET_STATUSES}
        for row in counted:
            counts[row.status] += 1
        counts["prior_mismatch"] = sum(1 for row in counted if row.prior_mismatch)
        return counts

    def budget_apart_counts(self) -> dict[str, int]:
        """What the totals and counts leave apart (information, not changes):
        ``without_figure``, programmes left out of the totals for want of a
        figure; ``repeats``, 再掲 copies of programmes counted at their original."""
        counted = self.counted_budget()
        return {
            "without_figure": sum(1 for row in counted if row.set_aside),
            "repeats": len(self.budget) - len(counted),
        }

    def set_aside_rows(self) -> list[BudgetRow]:
        """Programmes left out of both editions' totals for want of a figure, in table order."""
        return [row for row in self.budget if row.set_aside]

    def largest_changes(self, limit: int = 10) -> list[BudgetRow]:
        """Counted programmes that move the most money: by absolute change, and
        programmes set aside for want of a figure by the figure they do have."""
        rows = [
            row for row in self.budget
            if (row.counts_in_totals or row.set_aside) and row.magnitude is not None and row.magnitude != 0
        ]
        rows.sort(key=lambda row: (-row.magnitude, row.programme))
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
        regroupings_listed: set[str] = set()

        def visit(node: NodeDiff, implied_status: str | None) -> None:
            if node.kind != DOCUMENT:
                old, new = node.old, node.new
                implied = node.status == implied_status or node.follows_regrouping
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
                if node.regrouping is not None:
                    if node.regrouping.anchor not in regroupings_listed:
                        regroupings_listed.add(node.regrouping.anchor)
                        result.append(Change(kind=node.regrouping.kind, detail=regrouping_detail(node.regrouping), **common))
                elif node.status in (ADDED, REMOVED):
                    result.append(Change(kind=node.status, **common))
                else:
                    if MOVED in node.aspects:
                        result.append(Change(kind=MOVED, detail=" > ".join(old.path) + " → " + " > ".join(new.path), **common))
                    if RENAMED in node.aspects:
                        result.append(Change(kind=RENAMED, **common))
            inner = node.status if node.status in (ADDED, REMOVED) else implied_status
            for child in node.children:
                visit(child, inner)

        visit(self.root, None)
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
                "budget_apart": self.budget_apart_counts(),
                "old_total": str(self.old_grand_total),
                "new_total": str(self.new_grand_total),
                "old_set_aside_total": str(sum((t.old_set_aside_amount for t in self.totals), Decimal(0))),
                "new_set_aside_total": str(sum((t.new_set_aside_amount for t in self.totals), Decimal(0))),
                "old_set_aside": sum(t.old_set_aside for t in self.totals),
                "new_set_aside": sum(t.new_set_aside for t in self.totals),
                "contents": self.contents_counts(),
            },
            "prior_year_compared": self.prior_year_compared,
            "changes": [change.to_dict() for change in self.changes()],
            "regroupings": [regrouping.to_dict() for regrouping in self.regroupings],
            "contents": {"counts": self.contents_counts(), "entries": [change.to_dict() for change in self.contents]},
            "tree": self.root.to_dict(),
            "budget": [row.to_dict() for row in self.budget],
            "totals": [total.to_dict() for total in self.totals],
            "unit": self.old_unit,
            **({"numbering_changes": [change.to_dict() for change in self.numbering]} if self.numbering else {}),
        }


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
