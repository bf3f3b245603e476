"""Pairing two sequences by equal keys: what the heading alignment and the
contents comparison share (``checker.diff.align``, ``checker.diff.contents``).

A module of its own because ``contents`` is imported by ``result``, which
``align`` imports: neither can import the other.
"""

from __future__ import annotations

import difflib


def pair_equal_keys(old_keys: list, new_keys: list) -> dict[int, int]:
    """Old index -> new index of equal keys: first the longest runs in order
    (``difflib``), then each key left over to the first unpaired equal one (a
    reordered sibling). Headings and contents entries are paired alike."""
    pairs: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            pairs[block.a + offset] = block.b + offset
    taken = set(pairs.values())
    for old_index, key in enumerate(old_keys):
        if old_index in pairs:
            continue
        new_index = next((j for j, other in enumerate(new_keys) if j not in taken and other == key), None)
        if new_index is not None:
            pairs[old_index] = new_index
            taken.add(new_index)
    return pairs
