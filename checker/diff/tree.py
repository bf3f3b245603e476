"""The diff tree: each aligned heading pair, added or removed heading, with
its title and prose changes (character-level on aligned prose units)."""

from __future__ import annotations

import difflib
from typing import Iterator

from checker.booklet.model import DOCUMENT, Node, Paragraph
from checker.booklet.text import normalize, readable_char_diff, strip_repeat_marker
from checker.diff.align import ALIGNED_KINDS, UNIT_SAME, Alignment, Side, similarity
from checker.diff.regroup import MERGED, SPLIT, Regroup
from checker.diff.result import (
    ADDED,
    MODIFIED,
    MOVED,
    REMOVED,
    RENAMED,
    UNCHANGED,
    MovedAway,
    NodeDiff,
    NodeRef,
    Regrouping,
    TextChange,
)

OUTSIDE_HEADINGS = "（見出しの外の本文）"


class DiffTree:
    """Builds the ``NodeDiff`` tree from an alignment: pairs, additions, removals, moves, prose changes."""

    def __init__(self, alignment: Alignment) -> None:
        self.old, self.new = alignment.old, alignment.new
        self.old_to_new, self.new_to_old = alignment.old_to_new, alignment.new_to_old
        self.reordered = alignment.reordered
        self.regroups, self.regroup_of = alignment.regroups, alignment.regroup_of

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
        regrouping = self.node_regrouping(old, new)
        if regrouping is not None:
            aspects.add(regrouping.kind)
        status = next((kind for kind in (SPLIT, MERGED, MOVED, RENAMED, MODIFIED) if kind in aspects), UNCHANGED)
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
            similarity=similarity(self.old.signature(old), self.new.signature(new)),
            anchor=anchor,
            regrouping=regrouping,
            follows_regrouping=MOVED in aspects and self.follows_regrouping(old, new),
        )

    def single_diff(self, node: Node, side: Side, status: str) -> NodeDiff:
        """An added or removed heading. Its child headings that pair with a
        heading elsewhere moved: an added heading holds them as pairs, a
        removed one leaves a moved-away note where they stood."""
        anchor = self.anchor_of("new" if status == ADDED else "old", node)
        children: list[NodeDiff] = []
        moved_away: list[MovedAway] = []
        for child in node.children:
            if child.kind not in ALIGNED_KINDS:
                continue
            partner = (self.new_to_old if status == ADDED else self.old_to_new).get(id(child))
            if partner is None:
                children.append(self.single_diff(child, side, status))
            elif status == ADDED:
                children.append(self.pair_diff(partner, child))
            else:
                moved_away.append(MovedAway(len(children), self.old.ref(child), self.new.ref(partner), self.anchor_of("new", partner)))
        ref = side.ref(node)
        regrouping = self.node_regrouping(node if status == REMOVED else None, node if status == ADDED else None)
        return NodeDiff(
            kind=node.kind,
            status=regrouping.kind if regrouping else status,
            aspects=frozenset({status} | ({regrouping.kind} if regrouping else set())),
            old=ref if status == REMOVED else None,
            new=ref if status == ADDED else None,
            children=tuple(children),
            moved_away=tuple(moved_away),
            similarity=0.0,
            anchor=anchor,
            regrouping=regrouping,
        )

    # ---------------------------------------------------------- regroupings
    def regroupings(self) -> tuple[Regrouping, ...]:
        """The splits and merges with their report anchors (after build_tree)."""
        return tuple(self.regrouping(regroup) for regroup in self.regroups)

    def regrouping(self, regroup: Regroup) -> Regrouping:
        def old_anchor(node: Node) -> str:
            partner = self.old_to_new.get(id(node))
            return self.anchor_of("new", partner) if partner is not None else self.anchor_of("old", node)

        return Regrouping(
            kind=regroup.kind,
            olds=tuple(self.old.ref(node) for node in regroup.olds),
            news=tuple(self.new.ref(node) for node in regroup.news),
            old_anchors=tuple(old_anchor(node) for node in regroup.olds),
            new_anchors=tuple(self.anchor_of("new", node) for node in regroup.news),
        )

    def node_regrouping(self, old: Node | None, new: Node | None) -> Regrouping | None:
        regroup = self.regroup_of.get(("new", id(new))) if new is not None else None
        if regroup is None and old is not None:
            regroup = self.regroup_of.get(("old", id(old)))
        return self.regrouping(regroup) if regroup is not None else None

    def follows_regrouping(self, old: Node, new: Node) -> bool:
        """Moved only because its old heading was split, or its new heading merged."""
        old_parent, new_parent = self.old.parent.get(id(old)), self.new.parent.get(id(new))
        regroup = self.regroup_of.get(("old", id(old_parent)))
        return regroup is not None and regroup is self.regroup_of.get(("new", id(new_parent)))

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
    def prose_units(self, node: Node, side: Side) -> list[tuple[str, str, str, Node]]:
        """(kind, display text, comparison form, first node) of each of a heading's
        own paragraphs (``Node.paragraphs``: wrapped lines already read as one)."""
        units = []
        for paragraph in node.paragraphs:
            comparison = normalize(paragraph.text)
            if not comparison or not paragraph.nodes:
                continue
            units.append((paragraph.kind, _display_text(paragraph), comparison, paragraph.nodes[0]))
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
                score = similarity(old_unit[2], news[j][2])
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


def _display_text(paragraph: Paragraph) -> str:
    """A paragraph as a reader sees it: its text without the bullet mark and ** marks."""
    from checker.booklet.text import BOLD_MARK, BULLET_PREFIX

    return BULLET_PREFIX.sub("", BOLD_MARK.sub("", paragraph.text), count=1).strip()
