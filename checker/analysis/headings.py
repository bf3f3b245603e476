"""Headings that continue one another across pages.

A continuation page repeats its item's number and title; a title nearly the
same under the same number is that item with a slip in its header (HDR003),
not a second item (NUM001). Both families ask the same question here.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from checker.booklet.model import Node
from checker.booklet.text import normalize_title

# Title similarity (0–100) from which two headings with one number are one heading.
DEFAULT_SIMILARITY = 80.0


def is_continuation_variant(earlier: Node, later: Node, threshold: float = DEFAULT_SIMILARITY) -> bool:
    """Same number, title nearly the same: a continuation header with a slip."""
    if earlier.number != later.number:
        return False
    return fuzz.ratio(normalize_title(earlier.title), normalize_title(later.title)) >= threshold
