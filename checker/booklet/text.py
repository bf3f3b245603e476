"""Text normalisation shared by the parser, the rules and the diff.

Findings quote the original text; comparison uses ``normalize``: NFKC width
folding, extraction artifacts (``**`` bold marks, bullet prefixes) removed and
all white space dropped, since Japanese text has no word spaces to keep.
"""

from __future__ import annotations

import functools
import unicodedata

import regex

# Character diffs live in their own module, which needs no regex: a report that shows
# Expected / Found imports them without this module's patterns.
from checker.booklet.char_diff import char_diff, readable_char_diff  # noqa: F401 - part of this module's interface

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
