"""The contents (目次) of two editions compared entry by entry.

The body's headings are aligned elsewhere; the contents are a list of their
own, and an entry can change without its heading changing (a title printed
differently in the contents, an entry dropped, a page number). Entries are
paired by level and title, in order first, then out of order, then by a
similar title under the same parent (a retitled entry). A paired entry whose
parent entry is not the old parent's partner has moved. A page number that
changes is information, not a change of substance: reflowed pages move every
later number, so it is reported apart (``page_changed``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from checker.booklet.model import Document, Location, TocEntry
from checker.booklet.text import normalize_title
from checker.diff.pairing import pair_equal_keys

UNCHANGED, ADDED, REMOVED, RETITLED, MOVED = "unchanged", "added", "removed", "retitled", "moved"
CONTENTS_KINDS = (ADDED, REMOVED, RETITLED, MOVED)
# A title this similar to an unpaired one under the same parent is that entry
# retitled; between the same paired neighbours (the same gap) less is needed.
RETITLE_SAME = 0.6
RETITLE_SAME_GAP = 0.4
LEVELS = ("chapter", "section", "topic")


@dataclass(frozen=True)
class ContentsRef:
    level: str
    number: str | None
    title: str
    page: int | None
    parent: str  # the title of the entry it is listed under ("" for a chapter)
    location: Location

    def to_dict(self) -> dict:
        return {
            "level": self.level,
            "number": self.number,
            "title": self.title,
            "page": self.page,
            "parent": self.parent,
            "location": self.location.to_dict(),
        }


@dataclass(frozen=True)
class ContentsChange:
    """One contents entry of either edition, or a pair; ``aspects`` the kinds that apply."""

    aspects: frozenset[str]
    old: ContentsRef | None
    new: ContentsRef | None

    @property
    def status(self) -> str:
        return next((kind for kind in CONTENTS_KINDS if kind in self.aspects), UNCHANGED)

    @property
    def page_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.page != self.new.page

    @property
    def ref(self) -> ContentsRef:
        return self.new or self.old  # type: ignore[return-value]

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "aspects": sorted(self.aspects),
            "page_changed": self.page_changed,
            "old": self.old.to_dict() if self.old else None,
            "new": self.new.to_dict() if self.new else None,
        }


def _key(entry: TocEntry) -> tuple[str, str, bool]:
    return entry.level, normalize_title(entry.title), entry.is_repeat


def _parents(entries: list[TocEntry]) -> list[int | None]:
    """For each entry, the index of the entry it is listed under."""
    last: dict[str, int] = {}
    parents: list[int | None] = []
    for index, entry in enumerate(entries):
        depth = LEVELS.index(entry.level) if entry.level in LEVELS else len(LEVELS)
        parents.append(next((last[level] for level in reversed(LEVELS[:depth]) if level in last), None))
        last[entry.level] = index
        for deeper in LEVELS[depth + 1:]:
            last.pop(deeper, None)
    return parents


def _pair(olds: list[TocEntry], news: list[TocEntry]) -> dict[int, int]:
    return pair_equal_keys([_key(e) for e in olds], [_key(e) for e in news])


def _pair_retitled(olds, news, old_parents, new_parents, pairs: dict[int, int]) -> None:
    """Unpaired entries of one level under partnered parents, by title similarity."""
    taken = set(pairs.values())
    candidates = []
    for i, old in enumerate(olds):
        if i in pairs:
            continue
        before = max((pairs[k] for k in range(i) if k in pairs), default=-1)
        after = min((pairs[k] for k in range(i + 1, len(olds)) if k in pairs), default=len(news))
        for j, new in enumerate(news):
            if j in taken or new.level != old.level or new.is_repeat != old.is_repeat:
                continue
            same_parent = old_parents[i] is None and new_parents[j] is None or (
                old_parents[i] is not None and pairs.get(old_parents[i]) == new_parents[j]
            )
            if not same_parent:
                continue
            score = fuzz.ratio(normalize_title(old.title), normalize_title(new.title)) / 100.0
            if score >= (RETITLE_SAME_GAP if before < j < after else RETITLE_SAME):
                candidates.append((score, i, j))
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)


def compare_contents(old: Document, new: Document) -> tuple[ContentsChange, ...]:
    """Every contents entry of both editions, in the new edition's order, removed ones where they stood."""
    olds, news = list(old.toc), list(new.toc)
    old_parents, new_parents = _parents(olds), _parents(news)
    pairs = _pair(olds, news)
    _pair_retitled(olds, news, old_parents, new_parents, pairs)
    new_to_old = {j: i for i, j in pairs.items()}

    def ref(document: Document, entries, parents, index: int) -> ContentsRef:
        entry = entries[index]
        parent = parents[index]
        return ContentsRef(
            entry.level, entry.number, entry.title, entry.page,
            entries[parent].title if parent is not None else "",
            document.location(entry.lines[0] if entry.lines else None),
        )

    def aspects(i: int, j: int) -> frozenset[str]:
        found = set()
        if normalize_title(olds[i].title) != normalize_title(news[j].title):
            found.add(RETITLED)
        old_parent, new_parent = old_parents[i], new_parents[j]
        if (old_parent is None) != (new_parent is None) or (old_parent is not None and pairs.get(old_parent) != new_parent):
            found.add(MOVED)
        return frozenset(found)

    removed_after: dict[int | None, list[int]] = {}
    anchor: int | None = None
    for i in range(len(olds)):
        if i in pairs:
            anchor = pairs[i]
        else:
            removed_after.setdefault(anchor, []).append(i)
    changes = [ContentsChange(frozenset({REMOVED}), ref(old, olds, old_parents, i), None) for i in removed_after.pop(None, [])]
    for j in range(len(news)):
        i = new_to_old.get(j)
        if i is None:
            changes.append(ContentsChange(frozenset({ADDED}), None, ref(new, news, new_parents, j)))
        else:
            changes.append(ContentsChange(aspects(i, j), ref(old, olds, old_parents, i), ref(new, news, new_parents, j)))
        changes.extend(ContentsChange(frozenset({REMOVED}), ref(old, olds, old_parents, k), None) for k in removed_after.pop(j, []))
    return tuple(changes)


def contents_counts(changes: tuple[ContentsChange, ...]) -> dict[str, int]:
    counts = {kind: sum(1 for change in changes if kind in change.aspects) for kind in CONTENTS_KINDS}
    counts["page_changed"] = sum(1 for change in changes if change.page_changed)
    return counts
