"""Text normalisation shared by the parser, the rules and the diff.

Findings quote the original text; comparison uses ``normalize``: NFKC width
folding, extraction artifacts (``**`` bold marks, bullet prefixes) removed and
all white space dropped, since Japanese text has no word spaces to keep.
"""

from __future__ import annotations

import functools
import unicodedata

import regex

REPEAT_MARKER = regex.compile(r"[(（【［\[]\s*+再掲\s*+[)）】］\]]")
BULLET_PREFIX = regex.compile(r"^\s*(?:[-－‐–—]\s*)?(?:[・･•●○◆◇■□▪]\s*)?")
BOLD_MARK = regex.compile(r"\*\*")
WHITESPACE = regex.compile(r"\s+")


def fold_width(text: str) -> str:
    """NFKC: full-width ASCII to half width, Ⅲ to III, half-width kana to full."""
    return unicodedata.normalize("NFKC", text)


@functools.lru_cache(maxsize=16384)  # pure, and asked again for the same lines by the parser and several rules
def normalize(text: str) -> str:
    """The comparison form of a text: width-folded, artifact-free, no white space."""
    text = BOLD_MARK.sub("", text)
    lines = [BULLET_PREFIX.sub("", line, count=1) for line in text.split("\n")]
    folded = fold_width("".join(lines))
    if folded.isprintable():  # then its only white space is " ": no regex needed
        return folded.replace(" ", "")
    return WHITESPACE.sub("", folded)


def has_repeat_marker(text: str) -> bool:
    return REPEAT_MARKER.search(text) is not None


def strip_repeat_marker(text: str) -> str:
    return REPEAT_MARKER.sub("", text).strip()  # the marker stands at the end of a title


@functools.lru_cache(maxsize=16384)  # pure; the heading and numbering rules ask for each title many times
def normalize_title(text: str) -> str:
    """Comparison form of a heading or programme name, 再掲 marker removed."""
    return normalize(strip_repeat_marker(text))


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


def marked_difference(old: str, new: str) -> str:
    """A one-line rendering of a character diff: [-deleted-]{+inserted+}."""
    parts = []
    for tag, old_part, new_part in char_diff(old, new):
        if tag == "equal":
            parts.append(old_part if len(old_part) <= 24 else old_part[:10] + "…" + old_part[-10:])
        else:
            if old_part:
                parts.append(f"[-{old_part}-]")
            if new_part:
                parts.append(f"{{+{new_part}+}}")
    return "".join(parts)
