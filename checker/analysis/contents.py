"""Contents matching: every table-of-contents entry paired with the heading it names.

A chapter is found by its numeral, a section by its number, a topic by its
title within the section the TOC lists it under (exactly after normalisation,
as one part of a page topic that joins several titles with ／, or by
similarity above a threshold). The contents and running-header rules compare
what was matched.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from rapidfuzz import fuzz

from checker.booklet.model import CHAPTER, SECTION, TOPIC, Document, Node, TocEntry
from checker.booklet.text import normalize, normalize_title

# Below this similarity (0–100) a TOC title names no heading at all.
DEFAULT_TITLE_THRESHOLD = 70.0
JOINED_TITLE_SEPARATOR = regex.compile(r"[／/]")


@dataclass(frozen=True)
class TocMatch:
    entry: TocEntry
    node: Node | None
    score: float  # 100 for an exact (normalised) match
    how: str  # "number", "exact", "part", "similar" or "none"


def _topic_keys(node: Node) -> list[str]:
    whole = normalize(node.title)
    parts = [normalize(part) for part in JOINED_TITLE_SEPARATOR.split(node.title) if part.strip()]
    return [whole] + (parts if len(parts) > 1 else [])


# Radon 17: one branch per entry level (chapter, section, topic) and the indexes they use; the topic
# matching itself is _match_topic.
def match_toc(document: Document, threshold: float = DEFAULT_TITLE_THRESHOLD) -> list[TocMatch]:
    """Match every TOC entry to its heading."""
    profile = document.profile
    chapters = {}
    sections: dict[tuple[int, int], Node] = {}
    for chapter in [document.root] + list(document.root.find(CHAPTER)):
        if chapter is not document.root:
            chapters.setdefault(profile.number_value(CHAPTER, chapter.number), chapter)
        for node in chapter.children:
            key = profile.section_key(node.number, chapter.number) if node.kind == SECTION else None
            if key is not None:
                sections.setdefault(key, node)
    topics_by_section: dict[tuple[int, int], list[Node]] = {}
    all_topics: list[Node] = []
    for key, section in sections.items():
        topics = [child for child in section.children if child.kind == TOPIC]
        topics_by_section[key] = topics
        all_topics.extend(topics)
    matches = []
    for entry in document.toc:
        if entry.level == CHAPTER:
            node = chapters.get(profile.number_value(CHAPTER, entry.number))
            matches.append(TocMatch(entry, node, 100.0 if node else 0.0, "number" if node else "none"))
        elif entry.level == SECTION:
            node = sections.get(profile.section_key(entry.number, entry.chapter_number))
            matches.append(TocMatch(entry, node, 100.0 if node else 0.0, "number" if node else "none"))
        else:
            key = profile.section_key(entry.section_number, entry.chapter_number)
            local = topics_by_section.get(key) if key is not None else None
            matches.append(_match_topic(entry, local or [], all_topics, threshold))
    return matches


def _match_topic(entry: TocEntry, local: list[Node], everywhere: list[Node], threshold: float) -> TocMatch:
    wanted = normalize(entry.title)
    wanted_bare = normalize_title(entry.title)
    for pool in (local, everywhere):
        for node in pool:
            keys = _topic_keys(node)
            if wanted == keys[0] or (wanted_bare == normalize_title(node.title) and entry.is_repeat == node.is_repeat):
                return TocMatch(entry, node, 100.0, "exact")
            if wanted in keys[1:]:
                return TocMatch(entry, node, 100.0, "part")
    best: tuple[float, Node | None] = (0.0, None)
    for pool, bar in ((local, threshold), (everywhere, max(threshold, 90.0))):
        for node in pool:
            score = max(fuzz.ratio(wanted, key) for key in _topic_keys(node))
            if score > best[0] and score >= bar:
                best = (score, node)
        if best[1] is not None:
            return TocMatch(entry, best[1], best[0], "similar")
    return TocMatch(entry, None, best[0], "none")
