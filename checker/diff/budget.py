"""Budget pairing: every programme of either edition as a row of the budget
table, and each chapter's totals (the ledger's, per edition)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal

from checker.booklet.amounts import same_amount
from checker.booklet.model import BUDGET, CHAPTER, DOCUMENT, BudgetEntry, Node
from checker.booklet.text import normalize, normalize_title
from checker.diff.align import ALIGNED_KINDS, PROGRAMME_SAME, Alignment, Side, similarity
from checker.diff.result import (
    BUDGET_CHANGED,
    BUDGET_ENDED,
    BUDGET_NEW,
    BUDGET_UNCHANGED,
    BudgetRow,
    ChapterTotal,
    figure_missing,
)


class BudgetPairing:
    """Pairs each edition's programmes (within aligned headings, then across the
    document) into budget rows, and gives the totals per chapter from each ledger."""

    def __init__(self, alignment: Alignment) -> None:
        self.old, self.new = alignment.old, alignment.new
        self.old_to_new, self.new_to_old = alignment.old_to_new, alignment.new_to_old
        self.compare_prior_year = True
        self.entry_roles: dict[int, str | None] = {}  # id(entry) -> TOTALLED, SET_ASIDE or None, set by budget_row

    # ------------------------------------------------------------------ budget
    # Radon 19: pairing within aligned headings, then across the document, then ordering the rows; one
    # pass each.
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
        """Pair programmes (old index -> new index into ``partner``): same key, then, if ``fuzzy``, similar names."""
        old_indexes = [i for i in old_indexes if i not in partner]
        new_indexes = [j for j in new_indexes if j not in taken]
        if not old_indexes or not new_indexes:
            return
        _pair_same_keys(old_indexes, new_indexes, old_keys, new_keys, partner, taken)
        if fuzzy:
            _pair_similar_names(old_indexes, new_indexes, old_keys, new_keys, partner, taken)

    def entries_in_order(self, side: Side) -> list[tuple[BudgetEntry, Node]]:
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

    # Radon 32 counts the `x if old_entry else None` choices of a flat record: one per field of BudgetRow,
    # no control flow.
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
            and not same_amount(old_entry.amount, old_entry.amount_text, new_entry.prior_amount, new_entry.prior_text)
        )
        entry = new_entry or old_entry
        side = self.new if new_entry is not None else self.old
        heading = new_heading if new_entry is not None else old_heading
        is_repeat = "repeat" in entry.flags or id(heading) in side.repeated
        counted = not is_repeat and not any("fiscal_investment" in e.flags for e in (old_entry, new_entry) if e)
        missing = any(figure_missing(e.amount, e.flags) for e in (old_entry, new_entry) if e)
        for present in (old_entry, new_entry):
            if present is not None:
                self.entry_roles[id(present)] = (TOTALLED if not missing else SET_ASIDE) if counted else None
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
            counts_in_totals=counted and not missing,
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
            is_repeat=is_repeat,
        )

    def chapter_label(self, side: Side, heading: Node | None) -> str:
        if heading is None:
            return ""
        chapter = heading if heading.kind == CHAPTER else side.chapter_of.get(id(heading))
        return chapter.label() if chapter is not None else ""

    # ------------------------------------------------------------------ totals
    def chapter_totals(self) -> list[ChapterTotal]:
        """Comparable totals per chapter, in the new edition's chapter order, old
        chapters without a partner after them, entries outside every chapter
        last (（章外）). Call after budget_rows: which programmes are summed and
        which are set aside is a property of the pair, not of one edition (a
        programme printed as 3,250億円 in OLD and 事項要求 in NEW is left out of
        both), so the totals are summed here rather than read from each ledger."""
        old_sums = self.sums_by_chapter(self.old)
        new_sums = self.sums_by_chapter(self.new)
        totals: list[ChapterTotal] = []
        old_chapters = [c for c in self.old.document.root.children if c.kind == CHAPTER]
        new_chapters = [c for c in self.new.document.root.children if c.kind == CHAPTER]
        emitted: set[int] = set()

        def add(label: str, old_sum: _ChapterSum, new_sum: _ChapterSum, old_number=None, new_number=None) -> None:
            totals.append(
                ChapterTotal(
                    label=label,
                    old_number=old_number,
                    new_number=new_number,
                    old_total=old_sum.total,
                    new_total=new_sum.total,
                    old_count=old_sum.count,
                    new_count=new_sum.count,
                    old_set_aside=old_sum.set_aside,
                    new_set_aside=new_sum.set_aside,
                    old_set_aside_amount=old_sum.set_aside_amount,
                    new_set_aside_amount=new_sum.set_aside_amount,
                )
            )

        def add_chapters(old_chapter: Node | None, new_chapter: Node | None) -> None:
            old_sum = old_sums.pop(id(old_chapter), _ChapterSum()) if old_chapter is not None else _ChapterSum()
            new_sum = new_sums.pop(id(new_chapter), _ChapterSum()) if new_chapter is not None else _ChapterSum()
            add(
                (new_chapter or old_chapter).label(), old_sum, new_sum,
                old_chapter.number if old_chapter is not None else None,
                new_chapter.number if new_chapter is not None else None,
            )

        for new_chapter in new_chapters:
            old_chapter = self.new_to_old.get(id(new_chapter))
            if old_chapter is not None:
                emitted.add(id(old_chapter))
            add_chapters(old_chapter, new_chapter)
        for old_chapter in old_chapters:
            if id(old_chapter) not in emitted:
                add_chapters(old_chapter, None)
        old_rest = old_sums.pop(None, _ChapterSum())
        new_rest = new_sums.pop(None, _ChapterSum())
        if old_rest.count or new_rest.count or old_rest.set_aside or new_rest.set_aside:
            add("（章外）", old_rest, new_rest)
        return totals

    def sums_by_chapter(self, side: Side) -> dict[int | None, _ChapterSum]:
        sums: dict[int | None, _ChapterSum] = {}
        for entry, heading in self.entries_in_order(side):
            role = self.entry_roles.get(id(entry))
            if role is None:
                continue
            chapter = heading if heading.kind == CHAPTER else side.chapter_of.get(id(heading))
            chapter_sum = sums.setdefault(id(chapter) if chapter is not None else None, _ChapterSum())
            if role == TOTALLED:
                chapter_sum.total += entry.amount
                chapter_sum.count += 1
            else:
                chapter_sum.set_aside += 1
                if figure_missing(entry.amount, entry.flags) is None:
                    chapter_sum.set_aside_amount += entry.amount
        return sums


TOTALLED = "totalled"
SET_ASIDE = "set_aside"


@dataclass
class _ChapterSum:
    total: Decimal = Decimal(0)
    count: int = 0
    set_aside: int = 0
    set_aside_amount: Decimal = Decimal(0)


def _pair_same_keys(old_indexes, new_indexes, old_keys, new_keys, partner: dict[int, int], taken: set[int]) -> None:
    """The same programme key, in order first, then out of order."""
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


def _pair_similar_names(old_indexes, new_indexes, old_keys, new_keys, partner: dict[int, int], taken: set[int]) -> None:
    """A renamed programme: the same parent and component, a name at least PROGRAMME_SAME similar."""
    candidates = []
    for i in old_indexes:
        if i in partner:
            continue
        for j in new_indexes:
            if j in taken or old_keys[i][1:] != new_keys[j][1:]:
                continue
            score = similarity(old_keys[i][0], new_keys[j][0])
            if score >= PROGRAMME_SAME:
                candidates.append((score, i, j))
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in partner and j not in taken:
            partner[i] = j
            taken.add(j)


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


def _entry_key(entry: BudgetEntry) -> tuple[str, str, str]:
    return (normalize_title(entry.name), normalize_title(entry.parent or ""), entry.component or "")


def _same_amount(old: BudgetEntry, new: BudgetEntry) -> bool:
    if old.amount is None or new.amount is None:
        return old.amount is None and new.amount is None and normalize(old.amount_text) == normalize(new.amount_text)
    return old.amount == new.amount and ("part_of" in old.flags) == ("part_of" in new.flags)
