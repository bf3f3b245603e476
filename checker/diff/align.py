"""Pairing the two editions' headings: level by level inside aligned parents
by title (in order, then out of order) and by title and content similarity,
then the leftovers of each level across the document (a move)."""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from checker.booklet.model import (
    BUDGET,
    BULLET,
    CAPTION,
    CHAPTER,
    DOCUMENT,
    NOTE,
    PARAGRAPH,
    UNCLASSIFIED,
    BudgetEntry,
    Document,
    Node,
)
from checker.booklet.text import normalize, normalize_title
from checker.diff.result import ALIGNED_KINDS, NodeRef
from checker.diff.pairing import pair_equal_keys
from checker.diff.regroup import Regroup, find_regroups

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


@dataclass
class Side:
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
        found.update(normalize(paragraph.text) for paragraph in node.paragraphs)
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


def similarity(left: str, right: str) -> float:
    if not left and not right:
        return 1.0
    if not left or not right:
        return 0.0
    return fuzz.ratio(left, right) / 100.0


class Alignment:
    """The pairing of the two trees' headings, level by level, then across the document for moves."""

    def __init__(self, old: Document, new: Document) -> None:
        self.old = Side(old)
        self.new = Side(new)
        self.old_to_new: dict[int, Node] = {}
        self.new_to_old: dict[int, Node] = {}
        self.reordered: set[int] = set()  # ids of old nodes paired out of order with their siblings
        self.old_nodes: dict[int, Node] = {}
        self.regroups: list[Regroup] = []  # splits and merges, found at the end of align()
        self.regroup_of: dict[tuple[str, int], Regroup] = {}
        self.new_nodes: dict[int, Node] = {}

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
        self.find_regroups(unmatched_old, unmatched_new)

    def find_regroups(self, unmatched_old, unmatched_new) -> None:
        """Splits and merges among the headings left unpaired (checker.diff.regroup)."""
        self.regroups = find_regroups(
            [node for kind in ALIGNED_KINDS for node in unmatched_old[kind]],
            [node for kind in ALIGNED_KINDS for node in unmatched_new[kind]],
            self.old_to_new, self.new_to_old, self.old.parent, self.new.parent, ALIGNED_KINDS,
        )
        self.regroup_of: dict[tuple[str, int], Regroup] = {}
        for regroup in self.regroups:
            self.regroup_of.update({("old", id(node)): regroup for node in regroup.olds})
            self.regroup_of.update({("new", id(node)): regroup for node in regroup.news})

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

    def collect_unmatched(self, node: Node, side: Side, pool: dict[str, list[Node]]) -> None:
        """An unmatched heading and every heading below it may still move."""
        if node.kind in pool:
            pool[node.kind].append(node)
        for child in node.children:
            if child.kind in ALIGNED_KINDS:
                self.collect_unmatched(child, side, pool)

    def match_siblings(self, olds: list[Node], news: list[Node]) -> list[tuple[Node, Node]]:
        """Pair two lists of sibling headings of one kind: old index -> new index, three passes."""
        old_keys = [(self.old.title_key(node), node.is_repeat) for node in olds]
        new_keys = [(self.new.title_key(node), node.is_repeat) for node in news]
        # 1 and 2. Same title, in order, then out of order (reordered siblings).
        pairs = pair_equal_keys(old_keys, new_keys)
        taken = set(pairs.values())
        # 3. Similar title or similar content: a renamed (and maybe modified) node.
        for _, i, j in sorted(self._similar_candidates(olds, news, old_keys, new_keys, pairs, taken), key=lambda c: (-c[0], c[1], c[2])):
            if i not in pairs and j not in taken:
                pairs[i] = j
                taken.add(j)
        return [(olds[i], news[j]) for i, j in sorted(pairs.items())]

    # Radon 19 counts the four acceptance conditions of a pair, kept together as one readable rule.
    def _similar_candidates(self, olds, news, old_keys, new_keys, pairs: dict[int, int], taken: set[int]) -> list[tuple[float, int, int]]:
        """(score, old index, new index) of the unpaired siblings similar enough to pair.

        Between the same aligned neighbours the position vouches for the pair,
        so less similarity is needed there.
        """
        rest_old = [i for i in range(len(olds)) if i not in pairs]
        rest_new = [j for j in range(len(news)) if j not in taken]
        candidates: list[tuple[float, int, int]] = []
        if not (rest_old and rest_new):
            return candidates
        gap_of_old = _gaps(pairs, len(olds), len(news))
        for i in rest_old:
            old_signature = self.old.signature(olds[i])
            for j in rest_new:
                title = similarity(old_keys[i][0], new_keys[j][0])
                content = similarity(old_signature, self.new.signature(news[j]))
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
        return candidates

    def match_moved(self, olds: list[Node], news: list[Node]) -> list[tuple[Node, Node]]:
        olds = list({id(node): node for node in olds if id(node) not in self.old_to_new}.values())
        news = list({id(node): node for node in news if id(node) not in self.new_to_old}.values())
        candidates = []
        for i, old_node in enumerate(olds):
            old_title = self.old.title_key(old_node)
            old_signature = self.old.signature(old_node)
            for j, new_node in enumerate(news):
                title = similarity(old_title, self.new.title_key(new_node))
                if title < MOVED_CONTENT_TITLE:
                    continue
                content = similarity(old_signature, self.new.signature(new_node))
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
