"""Splits and merges: headings whose children were regrouped between editions.

After the headings of two editions are aligned, a topic split in two shows as
a heading of NEW that pairs with nothing although most of its children pair
with children of one OLD heading — which itself pairs with the other part, or
with nothing when both parts were named anew. A merge is the same seen from
the other side. Found here from the alignment alone (which node pairs with
which, and each node's parent), so the aligner stays one thing and this a
small pass after it.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.booklet.model import Node

SPLIT = "split"
MERGED = "merged"
# A heading takes part when at least this share of its child headings pair
# with children of one heading on the other side.
CHILDREN_SHARE = 0.5


@dataclass(frozen=True)
class Regroup:
    """One split (one old heading, several new) or merge (several old, one new).

    ``olds`` and ``news`` are in document order; the kept pair (an old heading
    paired with a new one), when there is one, is among them."""

    kind: str
    olds: tuple[Node, ...]
    news: tuple[Node, ...]


def _child_headings(node: Node, kinds: tuple[str, ...]) -> list[Node]:
    return [child for child in node.children if child.kind in kinds]


def _single_source(node: Node, kinds, partner_of: dict[int, Node], parent_of: dict[int, Node]) -> Node | None:
    """The one heading of the other edition most of ``node``'s children came from."""
    children = _child_headings(node, kinds)
    partners = [partner_of[id(child)] for child in children if id(child) in partner_of]
    if not partners or len(partners) < CHILDREN_SHARE * len(children):
        return None
    sources = {id(parent_of.get(id(partner))): parent_of.get(id(partner)) for partner in partners}
    if len(sources) != 1:
        return None
    source = next(iter(sources.values()))
    return source if source is not None and source.kind == node.kind else None


def _regroups(unpaired: list[Node], kinds, partner_of, other_partner_of, parent_of) -> list[tuple[Node, list[Node], Node | None]]:
    """(source, unpaired parts drawn from it, the source's own partner) for each source with parts."""
    parts: dict[int, list[Node]] = {}
    sources: dict[int, Node] = {}
    for node in unpaired:
        source = _single_source(node, kinds, partner_of, parent_of)
        if source is None:
            continue
        sources[id(source)] = source
        parts.setdefault(id(source), []).append(node)
    found = []
    for key, nodes in parts.items():
        kept = other_partner_of.get(key)
        if len(nodes) + (kept is not None) >= 2:
            found.append((sources[key], nodes, kept))
    return found


def find_regroups(
    unpaired_old: list[Node],
    unpaired_new: list[Node],
    old_to_new: dict[int, Node],
    new_to_old: dict[int, Node],
    old_parent: dict[int, Node],
    new_parent: dict[int, Node],
    kinds: tuple[str, ...],
) -> list[Regroup]:
    """Splits (an unpaired NEW heading fed by one OLD heading) and merges (the
    other way round), in the order of their first part."""
    regroups = []
    for source, parts, kept in _regroups(unpaired_new, kinds, new_to_old, old_to_new, old_parent):
        regroups.append(Regroup(SPLIT, (source,), _in_order(parts + ([kept] if kept is not None else []))))
    for target, parts, kept in _regroups(unpaired_old, kinds, old_to_new, new_to_old, new_parent):
        regroups.append(Regroup(MERGED, _in_order(parts + ([kept] if kept is not None else [])), (target,)))
    return regroups


def _in_order(nodes: list[Node]) -> tuple[Node, ...]:
    return tuple(sorted(nodes, key=lambda node: node.first_line.number if node.first_line is not None else 0))
