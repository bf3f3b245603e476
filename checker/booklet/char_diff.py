"""Character-level differences between two texts, for readers (Expected / Found,
the diff report). Japanese has no spaces, so characters are the unit of change."""

from __future__ import annotations


def char_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """Character-level opcodes between two texts: (tag, old_part, new_part).

    tag is "equal", "delete", "insert" or "replace". Japanese has no spaces,
    so characters are the unit of change.
    """
    from rapidfuzz.distance import Indel

    result: list[tuple[str, str, str]] = []
    for opcode in Indel.opcodes(old, new):
        tag, old_start, old_end, new_start, new_end = opcode
        result.append((tag, old[old_start:old_end], new[new_start:new_end]))
    return _merge_replacements(result)


def readable_char_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """``char_diff`` with the coincidences cleaned up, for readers.

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


def _merge_replacements(ops: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    # Indel yields delete+insert pairs; a reader wants one "replace" for them.
    merged: list[tuple[str, str, str]] = []
    for tag, old_part, new_part in ops:
        if merged and tag in ("delete", "insert") and merged[-1][0] in ("delete", "insert", "replace") and merged[-1][0] != tag:
            previous_tag, previous_old, previous_new = merged[-1]
            merged[-1] = ("replace", previous_old + old_part, previous_new + new_part)
        else:
            merged.append((tag, old_part, new_part))
    return merged
